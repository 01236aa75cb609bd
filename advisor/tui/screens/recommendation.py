"""The recommendation: the outcome, why, the trail with each step's reason, advisories, tables.

The body is the same Markdown `advisor decide --format markdown` prints (plus the outcome's
reference tables), shown in a `Markdown` widget, so the screen, the saved report and the CLI
never disagree. The trail on the left stays pickable: choose an answer to change it.

`r` opens the ROI explorer (`screens/roi.py`, through `AdvisorApp.action_roi`), prefilled from
`Session.roi_seed()`: the outcome and its family, queries per day, budget and training examples.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from advisor.core.engine import Decision
from advisor.core.i18n import Lang
from advisor.core.rules import Rules
from advisor.tui.lang import app_lang, follow_lang
from advisor.tui.messages import BackRequested, ChangeRequested, RestartRequested
from advisor.tui.session import report_markdown
from advisor.tui.widgets.answer_trail import AnswerTrail


class RecommendationScreen(Screen[None]):
    """Shows a `Decision` and its report; posts back, restart and change requests up."""

    # Below 110 columns the report needs the trail's width (Markdown tables collapse their
    # narrowest column when squeezed), so the trail hides until `a` shows it.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "restart", "Restart", show=False),
        Binding("ctrl+e", "app.export_report", "Report"),
        Binding("a", "toggle_trail", "Answers"),
        Binding("r", "app.roi", "ROI"),
    ]

    def __init__(self, rules: Rules, decision: Decision) -> None:
        super().__init__()
        self.rules = rules
        """The rules the decision was made with (the report quotes their tables)."""
        self.decision = decision
        """The finished walk being shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield AnswerTrail(id="trail")
            with VerticalScroll(id="report-scroll"):
                yield Markdown(id="report")
        yield Footer()

    def on_mount(self) -> None:
        follow_lang(self, self.relabel)
        self.query_one("#report-scroll").focus()

    def show(self, decision: Decision) -> None:
        """Show another decision (after an answer changed on the way back here)."""
        self.decision = decision
        if self.is_mounted:
            self.relabel(app_lang(self))

    def relabel(self, lang: Lang) -> None:
        """Render the report and the trail in `lang`."""
        outcome = self.decision.outcome
        self.sub_title = outcome.title(lang)
        trail = self.query_one(AnswerTrail)
        trail.show_trail(self.decision.trail, lang, current=None, tail="★ " + outcome.title(lang))
        self.query_one(Markdown).update(report_markdown(self.rules, self.decision, lang))

    @on(AnswerTrail.Picked)
    def _picked(self, event: AnswerTrail.Picked) -> None:
        self.post_message(ChangeRequested(event.question_id))

    def action_toggle_trail(self) -> None:
        """Show or hide the trail of answers (to pick one and change it)."""
        shown = self.query_one(AnswerTrail)
        self.toggle_class("-show-trail")
        if self.has_class("-show-trail") or self.has_class("-wide"):
            shown.focus()
        else:
            self.query_one("#report-scroll").focus()

    def action_back(self) -> None:
        """Back to the last question answered."""
        self.post_message(BackRequested())

    def action_restart(self) -> None:
        """Start over (after confirmation)."""
        self.post_message(RestartRequested())
