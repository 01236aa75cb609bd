"""The interactive advisor: `advisor` with no command opens it.

The app owns the `Session` (answers and cursor) and applies what the screens report (answered,
back, change, restart); screens only render what they are given. Everything not needed for the
first question (recommendation, help, glossary, file dialogs, palette entries) is imported when
first used, so the first question appears about as fast as a bare Textual app's first frame; the
ROI explorer (and the cost model, pricing and plotting behind it) loads when it first opens.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.types import CSSPathType

from advisor.core.i18n import Lang
from advisor.core.rules import Rules
from advisor.errors import InputError
from advisor.tui import messages
from advisor.tui.lang import localize_bindings
from advisor.tui.screens.question import QuestionScreen
from advisor.tui.session import Session
from advisor.tui.strings import tr

if TYPE_CHECKING:
    from advisor.core.paths import RulesDirs
    from advisor.tui.explorer import Explorer
    from advisor.tui.screens.recommendation import RecommendationScreen

MIN_SIZE = (60, 18)
"""The smallest terminal (columns, rows) the layout works in; below it the app says so."""

THEMES = ("textual-dark", "textual-light")
"""The two themes ctrl+t flips between (the palette's "Change theme" offers them all)."""


def _advisor_commands() -> Any:
    from advisor.tui.commands import AdvisorCommands

    return AdvisorCommands


class AdvisorApp(App[None]):
    """Questions, then the recommendation; save, load and export around them."""

    CSS_PATH: ClassVar[CSSPathType | None] = "advisor.tcss"
    TITLE = "advisor"
    COMMANDS = App.COMMANDS | {_advisor_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f2", "glossary", "Glossary", show=False),
        Binding("ctrl+s", "save_answers", "Save"),
        Binding("ctrl+o", "load_answers", "Open", show=False),
        Binding("ctrl+l", "toggle_lang", "中文"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("f3", "roi", "ROI", show=False),
    ]

    lang: reactive[Lang] = reactive[Lang]("en")
    """The language everything is shown in; every screen re-renders when it changes."""

    def __init__(
        self,
        rules: Rules,
        lang: Lang = "en",
        answers: dict[str, Any] | None = None,
        *,
        dirs: RulesDirs | None = None,
        today: dt.date | None = None,
    ):
        super().__init__()
        self.dirs = dirs
        """The rules folders (`--rules`): the ROI explorer's scenario, catalog and presets."""
        self.today = today
        """The date the ROI explorer prices for; None is the real date (tests pin it)."""
        self.explorer: Explorer | None = None
        """The ROI explorer's scenario, kept while the answers it started from stay the same."""
        self.session = Session(rules, answers)
        """The answers so far and the question on screen."""
        self.set_reactive(AdvisorApp.lang, lang)
        self.answers_path = Path("advisor-answers.yaml")
        """Where answers were last saved or loaded (offered again next time)."""
        self.questions = QuestionScreen(rules)
        """The questionnaire: the app's default screen, always at the bottom of the stack."""
        self.recommendation: RecommendationScreen | None = None
        """The recommendation, while it is shown on top of the questions."""

    def get_default_screen(self) -> Screen[Any]:
        # The questions are the first screen itself, not pushed over a blank one: one screen
        # less to build before the first question shows.
        return self.questions

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.show_current()
        self._check_size(self.size.width, self.size.height)

    def watch_lang(self, lang: Lang) -> None:
        localize_bindings(self, lang)
        self.refresh_bindings()

    def show_current(self) -> None:
        """Show what the session is at: its next question, or the recommendation."""
        position = self.session.position()
        if position is not None:
            if self.recommendation is not None:
                while self.screen is not self.questions:
                    self.pop_screen()
                self.recommendation = None
                self._check_size(self.size.width, self.size.height)
            self.questions.show(position)
            return
        decision = self.session.decision()
        assert decision is not None
        if self.recommendation is not None:
            self.recommendation.show(decision)
            return
        # Imported on first use: the Markdown widget it needs costs 50 ms of start-up.
        from advisor.tui.screens.recommendation import RecommendationScreen

        self.recommendation = RecommendationScreen(self.session.rules, decision)
        self.push_screen(self.recommendation)

    def change_answer(self, question_id: str) -> None:
        """Go back to an answered question so the user can change it."""
        if self.session.jump(question_id):
            self.show_current()

    @on(messages.Answered)
    def _answered(self, message: messages.Answered) -> None:
        position = self.session.position()
        if position is None or position.question.id != message.question_id:
            return  # typed ahead of the screen: that question is no longer the one asked
        try:
            changed = self.session.answer(message.value)
        except InputError:
            self.bell()  # the widgets only send valid answers; never let one crash the app
            return
        if changed and position.answer is not None:
            kept = len(self.session.state().trail) - position.index - 1
            if kept > 0:
                self.notify(tr("kept", self.lang, n=kept), timeout=3)
        self.show_current()

    @on(messages.BackRequested)
    def _back(self) -> None:
        if self.session.back():
            self.show_current()
        else:
            self.notify(tr("at_start", self.lang), timeout=2)

    @on(messages.ChangeRequested)
    def _change(self, message: messages.ChangeRequested) -> None:
        self.change_answer(message.question_id)

    @on(messages.RestartRequested)
    def action_restart(self) -> None:
        """Start over, after confirmation."""
        self._restart()

    @work(exclusive=True, group="dialog")
    async def _restart(self) -> None:
        from advisor.tui.screens.confirm import ConfirmScreen

        if self.session.answers and await self.push_screen_wait(ConfirmScreen("confirm_restart")):
            self.session.restart()
            self.show_current()

    def action_back(self) -> None:
        """Back to the previous question (from the command palette)."""
        self.post_message(messages.BackRequested())

    def action_toggle_lang(self) -> None:
        """Switch between English and Chinese."""
        self.lang = "zh" if self.lang == "en" else "en"

    def action_toggle_theme(self) -> None:
        """Flip between the dark and the light theme."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def action_help(self) -> None:
        """Show the keys and how advisor works."""
        from advisor.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_glossary(self) -> None:
        """Show the glossary."""
        from advisor.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(self.session.rules.tables.glossary))

    def action_roi(self) -> None:
        """Open the ROI explorer, prefilled from the answers (or the defaults before them)."""
        from advisor.tui.explorer import Explorer
        from advisor.tui.screens.roi import RoiScreen

        seed = self.session.roi_seed()
        if self.explorer is None or self.explorer.seed != seed:
            title = self.session.rules.outcomes[seed.outcome].title if seed else None
            today = self.today or dt.date.today()
            self.explorer = Explorer(self.dirs, seed, today, outcome_title=title)
        self.push_screen(RoiScreen(self.explorer))

    @work(exclusive=True, group="dialog")
    async def action_save_answers(self) -> None:
        """Save the answers as YAML for `advisor decide --answers`."""
        from advisor.tui import files

        await files.save_answers(self)

    @work(exclusive=True, group="dialog")
    async def action_load_answers(self) -> None:
        """Load answers from YAML and continue from there."""
        from advisor.tui import files

        await files.load_answers(self)

    @work(exclusive=True, group="dialog")
    async def action_export_report(self) -> None:
        """Save the report as Markdown."""
        from advisor.tui import files

        await files.export_report(self)

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Cover the app with a "too small" message below `MIN_SIZE`, remove it above."""
        from advisor.tui.screens.too_small import TooSmallScreen

        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        covered = isinstance(self.screen, TooSmallScreen)
        if small and not covered:
            self.push_screen(TooSmallScreen(MIN_SIZE))
        elif covered and not small:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the terminal is too small, only quitting works."""
        from advisor.tui.screens.too_small import TooSmallScreen

        if isinstance(self.screen, TooSmallScreen):
            return action in ("quit", "help_quit")
        if action == "roi":
            # From the questions or the recommendation; not over a dialog or itself.
            return self.screen is self.questions or self.screen is self.recommendation
        return True


def run(args: argparse.Namespace) -> int:
    """`advisor` with no command: load the rules, run the app, return the exit code."""
    from advisor.core.i18n import resolve_lang
    from advisor.core.paths import RulesDirs
    from advisor.core.ruleload import load_rules

    dirs = RulesDirs.from_arg(getattr(args, "rules", None))
    rules = load_rules(dirs)
    AdvisorApp(rules, resolve_lang(getattr(args, "lang", None)), dirs=dirs).run()
    return 0
