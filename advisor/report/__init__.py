"""Renderers: turn core results into text, Markdown, JSON and plots.

Shared by the CLI and the TUI. Nothing here computes a number; it only formats what the core
returns, so both front doors always agree.
"""
