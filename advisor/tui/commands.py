"""Command palette entries (ctrl+p): the main actions, and "change answer" for each step.

Loaded only when the palette first opens (see `AdvisorApp.COMMANDS`), so it costs nothing at
start-up. Titles follow the app's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from advisor.core.i18n import pick
from advisor.report.decision import answer_text
from advisor.tui.strings import COMMANDS, tr

if TYPE_CHECKING:
    from advisor.tui.app import AdvisorApp

Entry = tuple[str, str, Callable[[], object]]


class AdvisorCommands(Provider):
    """The app's actions, in the current language, plus one entry per answered question."""

    def _entries(self) -> Iterator[Entry]:
        app: AdvisorApp = self.app  # type: ignore[assignment]
        lang = app.lang
        actions = ["save_answers", "load_answers", "toggle_lang", "toggle_theme", "help"]
        actions += ["glossary", "back", "restart"]
        if app.session.decision() is not None:
            actions.append("export_report")
        if app.check_action("roi", ()):
            actions.append("roi")
        if getattr(self.screen, "offers_file", lambda: False)():
            actions.append("screen.examples_from_file")
        for action in actions:
            title, help_text = COMMANDS[action.removeprefix("screen.")]
            yield pick(title, lang), pick(help_text, lang), partial(app.run_action, action)
        for step in app.session.state().trail:
            question = step.question
            yield (
                tr("change_answer", lang, q=question.text(lang)),
                tr("change_answer_help", lang, a=answer_text(question, step, lang)),
                partial(app.change_answer, question.id),
            )

    async def discover(self) -> Hits:
        """Everything, for an empty palette."""
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy matches of `query` against the titles."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class RoiCommands(AdvisorCommands):
    """The ROI explorer's own actions and one "start from preset" entry per preset."""

    def _entries(self) -> Iterator[Entry]:
        from advisor.tui.screens.roi import RoiScreen

        screen = self.screen
        if not isinstance(screen, RoiScreen):
            return
        lang = screen.app.lang  # type: ignore[attr-defined]
        for action in ("find_input", "reset_scenario", "save_scenario", "open_scenario"):
            title, help_text = COMMANDS[action]
            yield pick(title, lang), pick(help_text, lang), partial(screen.run_action, action)
        actions = ("export_roi", "toggle_uncertainty", "toggle_sensitivity", "simulation_settings")
        for action in actions:
            title, help_text = COMMANDS[action]
            yield pick(title, lang), pick(help_text, lang), partial(screen.run_action, action)
        for name, preset in screen.explorer.presets.items():
            yield (
                tr("roi_preset_entry", lang, name=name),
                preset.title(lang),
                partial(screen.choose_preset, name),
            )
