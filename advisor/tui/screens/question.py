"""The questionnaire: one question at a time, with its help, the trail so far and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from advisor.core.engine import fmt
from advisor.core.i18n import Lang
from advisor.core.rules import Question, Rules
from advisor.tui.lang import app_lang, follow_lang
from advisor.tui.messages import Answered, BackRequested, ChangeRequested, RestartRequested
from advisor.tui.session import EXAMPLES_QUESTION, Position
from advisor.tui.strings import tr
from advisor.tui.widgets.answer_trail import AnswerTrail
from advisor.tui.widgets.choice_list import ChoiceList
from advisor.tui.widgets.number_field import NumberField
from advisor.tui.widgets.progress_line import ProgressLine

if TYPE_CHECKING:
    from advisor.tui.widgets.examples_file import ExamplesFromFile


class QuestionScreen(Screen[None]):
    """Shows the `Position` the app gives it; posts what the user answered or asked for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "restart", "Restart"),
        # A priority binding the number box lets through on the examples question (see
        # `NumberField.leave_keys`); on any other question `check_action` turns it off.
        Binding("f", "examples_from_file", "From file", priority=True),
    ]

    def __init__(self, rules: Rules) -> None:
        super().__init__()
        self.rules = rules
        """The rules being walked (for the titles of where each answer leads)."""
        self.position: Position | None = None
        """What to show: the question, its place on the path and the answers so far."""
        self._offered = False
        """Whether the question on screen offers "from a file" (the footer shows f then)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Vertical(id="trail-slot")
            with VerticalScroll(id="main", can_focus=False):
                yield Static(id="progress-label", markup=False)
                yield ProgressLine(id="progress")
                yield Static(id="question-text", markup=False)
                yield ChoiceList(id="choices")
                yield NumberField(id="number")
                yield Static(id="hint", markup=False)
                yield Static(id="option-help", markup=False)
                yield Static(id="question-help", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        follow_lang(self, self.relabel)
        # The trail is mounted once the first frame (with the question) is on screen: it is
        # empty at the start, and building it first would delay the first question.
        self.call_after_refresh(self._mount_trail)

    async def _mount_trail(self) -> None:
        await self.query_one("#trail-slot").mount(AnswerTrail(id="trail"))
        self._show_trail(app_lang(self))

    def _show_trail(self, lang: Lang) -> None:
        pos = self.position
        trails = self.query(AnswerTrail)
        if pos is None or not trails:
            return
        revisiting = pos.answer is not None
        tail = None if revisiting else pos.question.text(lang)
        current = pos.index if revisiting else None
        trails.first().show_trail(pos.trail, lang, current=current, tail=tail)

    def show(self, position: Position) -> None:
        """Show another question (or the same one again, e.g. after loading answers)."""
        self.position = position
        if self.is_mounted:
            self.relabel(app_lang(self))

    def relabel(self, lang: Lang) -> None:
        """Render the whole screen from `position` in `lang`."""
        pos = self.position
        if pos is None:
            return
        question = pos.question
        self._progress(pos, lang)
        self.query_one("#question-text", Static).update(question.text(lang))
        self.query_one("#question-help", Static).update(question.help(lang))
        self._show_trail(lang)
        revisiting = pos.answer is not None
        choices, number = self.query_one(ChoiceList), self.query_one(NumberField)
        is_choice = question.kind == "choice"
        choices.display, number.display = is_choice, not is_choice
        if is_choice:
            choices.show_question(question, lang, str(pos.answer) if revisiting else None)
            self._option_help(question, choices.highlighted, lang)
            hint = tr("choice_hint", lang, n=min(len(question.options), 9))
            choices.focus()
        else:
            current = float(pos.answer) if pos.answer is not None else None
            number.show_question(question, lang, current)
            self._routes(question, pos, lang)
            hint = tr("number_hint", lang)
            number.query_one(Input).focus()
        self.query_one("#hint", Static).update(hint)
        self._from_file(question, lang)

    def _from_file(self, question: Question, lang: Lang) -> None:
        """Offer to count the examples in a file, on the examples question only.

        The widget is imported and mounted the first time that question shows: most sessions
        never reach it, and the first question should not wait for it.
        """
        offered = question.id == EXAMPLES_QUESTION and question.kind == "number"
        widget = self._file_widget()
        if widget is None:
            if not offered:
                return
            from advisor.tui.widgets.examples_file import ExamplesFromFile

            widget = ExamplesFromFile(question.id, id="from-file")
            self.query_one("#main").mount(widget, after="#number")
        elif widget.question_id != question.id or not offered:
            widget.clear()
        widget.question_id = question.id
        widget.display = offered
        if widget.is_mounted:
            widget.relabel(lang)
        self.query_one(NumberField).leave_keys(*(["f"] if offered else []))
        if offered != self._offered:
            # Only on a change: rebuilding the footer before the first frame would delay it.
            self._offered = offered
            self.refresh_bindings()

    def _file_widget(self) -> ExamplesFromFile | None:
        found = self.query("#from-file")
        return cast("ExamplesFromFile", found.first()) if found else None

    def _text(self, selector: str, text: str) -> None:
        """Show `text` in a Static, hiding it (and its margins) when there is none."""
        static = self.query_one(selector, Static)
        static.update(text)
        static.display = bool(text)

    def _progress(self, pos: Position, lang: Lang) -> None:
        key = "followup_n" if pos.followup else "question_n"
        label = tr(key, lang, n=pos.index + 1, total=pos.total)
        if pos.answer is not None:
            label += " " + tr("revisit", lang)
        if pos.outcome is not None:
            label += f"\n→ {tr('outcome', lang)}: {pos.outcome.title(lang)}"
        self.query_one("#progress-label", Static).update(label)
        bar = self.query_one(ProgressLine)
        bar.done, bar.total = pos.index, max(pos.total, 1)
        self.sub_title = pos.outcome.title(lang) if pos.outcome is not None else ""

    def _option_help(self, question: Question, index: int | None, lang: Lang) -> None:
        option = question.options[index] if index is not None else None
        text = option.help(lang) if option is not None and option.help else ""
        self._text("#option-help", text)

    def _routes(self, question: Question, pos: Position, lang: Lang) -> None:
        """Under a routing number question, where each range of answers leads."""
        if pos.followup or not question.branches:
            self._text("#option-help", "")
            return
        rules = self.rules
        lines = [tr("routes", lang)]
        low = question.min
        for branch in question.branches:
            span = f"{fmt(low or 0)}-{fmt(branch.max)}" if branch.max is not None else ""
            span = span or f"> {fmt(low or 0)}"
            label = branch.label(lang) if branch.label else span
            lines.append(f"  {label} → {rules.title_of(branch.next)(lang)}")
            low = (branch.max or 0) + (1 if question.integer else 0)
        self._text("#option-help", "\n".join(lines))

    @on(ChoiceList.Browsed)
    def _browsed(self, event: ChoiceList.Browsed) -> None:
        if self.position is None or self.position.question.id != event.question_id:
            return  # the highlight of a list that has since shown another question
        question = self.position.question
        ids = [o.id for o in question.options]
        if event.option_id in ids:
            self._option_help(question, ids.index(event.option_id), app_lang(self))

    @on(ChoiceList.Chosen)
    def _chosen(self, event: ChoiceList.Chosen) -> None:
        self.post_message(Answered(event.question_id, event.option_id))

    @on(NumberField.Answered)
    def _number(self, event: NumberField.Answered) -> None:
        self.post_message(Answered(event.question_id, event.value))

    def on_examples_from_file_counted(self, event: ExamplesFromFile.Counted) -> None:
        """A dataset file gave a count: put it in the box if its question is still on screen."""
        if self.position is not None and self.position.question.id == event.question_id:
            self.query_one(NumberField).fill(event.count)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "From file" only while the examples question is on screen."""
        if action == "examples_from_file":
            return self.offers_file()
        return True

    def offers_file(self) -> bool:
        """Whether the question on screen can be answered from a dataset file."""
        pos = self.position
        return (
            pos is not None
            and pos.question.id == EXAMPLES_QUESTION
            and bool(self.query("#from-file"))
        )

    def action_examples_from_file(self) -> None:
        """Pick a dataset file and count its good examples."""
        widget = self._file_widget()
        if widget is not None and self.offers_file():
            widget.pick()

    @on(AnswerTrail.Picked)
    def _picked(self, event: AnswerTrail.Picked) -> None:
        self.post_message(ChangeRequested(event.question_id))

    def action_back(self) -> None:
        """Go to the previous question."""
        self.post_message(BackRequested())

    def action_restart(self) -> None:
        """Start over (after confirmation)."""
        self.post_message(RestartRequested())
