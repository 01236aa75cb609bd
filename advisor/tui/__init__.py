"""The interactive advisor: a Textual app over the same core and renderers as the CLI.

Nothing here is imported by a headless command; `advisor.cli` imports `advisor.tui.app` only when
`advisor` runs without a command. `session` and `strings` are plain Python (no Textual), so the
questionnaire's logic can be tested without starting an app.
"""
