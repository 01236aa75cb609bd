"""A number question's answer box: prefilled with the default, checked as the user types."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from advisor.core.engine import fmt
from advisor.core.i18n import Lang
from advisor.core.rules import Question
from advisor.tui.session import allowed_text, parse_number


class _AnswerValidator(Validator):
    """Marks the input invalid (red) with the same rule `advisor decide` applies."""

    def __init__(self, field: NumberField) -> None:
        super().__init__()
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        if self.field.question is None:
            return self.success()
        _, problem = parse_number(self.field.question, value, self.field.lang)
        return self.success() if problem is None else self.failure(problem)


class _NumberInput(Input):
    """The answer box. Keys in `left_to_screen` are not typed: the screen's bindings get them.

    Textual drops every binding for a printable key while an `Input` has focus (whatever its
    priority), so a one-letter action on a number question needs the box to let that letter go.
    """

    left_to_screen: frozenset[str] = frozenset()

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key not in self.left_to_screen and super().check_consume_key(key, character)


class NumberField(Vertical):
    """An input with the allowed range under it and, when the text is not valid, why."""

    class Answered(Message):
        """Posted when the user submits a valid number."""

        def __init__(self, question_id: str, value: float) -> None:
            super().__init__()
            self.question_id = question_id
            """The question answered."""
            self.value = value
            """The answer, already checked against the question's range."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        """The question being answered; set by the screen before showing the field."""
        self.lang: Lang = "en"
        """The language of the range and error messages."""

    def compose(self) -> ComposeResult:
        yield _NumberInput(
            id="number-input",
            validators=[_AnswerValidator(self)],
            validate_on=["changed", "submitted"],
        )
        yield Static(id="number-range", markup=False)
        yield Static(id="number-error", markup=False)

    def show_question(self, question: Question, lang: Lang, current: float | None) -> None:
        """Prefill with the current answer (or the default) and show the allowed range."""
        self.question, self.lang = question, lang
        value = current if current is not None else question.default
        entry = self.query_one("#number-input", Input)
        entry.value = fmt(value) if value is not None else ""
        entry.placeholder = fmt(question.min) if question.min is not None else ""
        entry.cursor_position = len(entry.value)
        self.query_one("#number-range", Static).update(allowed_text(question, lang))
        self._show_problem(None)

    def leave_keys(self, *keys: str) -> None:
        """Let `keys` reach the screen's bindings instead of being typed (e.g. `f`)."""
        self.query_one(_NumberInput).left_to_screen = frozenset(keys)

    def fill(self, value: float) -> None:
        """Put `value` in the box (e.g. counted from a file) for the user to confirm with enter."""
        entry = self.query_one("#number-input", Input)
        entry.value = fmt(value)
        entry.cursor_position = len(entry.value)
        self._show_problem(None)
        entry.focus()

    def relabel(self, lang: Lang) -> None:
        """Re-render the range and any error message in `lang`, keeping what was typed."""
        if self.question is None:
            return
        self.lang = lang
        self.query_one("#number-range", Static).update(allowed_text(self.question, lang))
        entry = self.query_one("#number-input", Input)
        if self.has_class("-problem"):
            self._show_problem(parse_number(self.question, entry.value, lang)[1])

    def _show_problem(self, problem: str | None) -> None:
        self.query_one("#number-error", Static).update(problem or "")
        self.set_class(problem is not None, "-problem")

    @on(Input.Changed, "#number-input")
    def _changed(self, event: Input.Changed) -> None:
        if self.question is not None and self.has_class("-problem"):
            self._show_problem(parse_number(self.question, event.value, self.lang)[1])

    @on(Input.Submitted, "#number-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.question is None:
            return
        value, problem = parse_number(self.question, event.value, self.lang)
        self._show_problem(problem)
        if value is not None:
            self.post_message(self.Answered(self.question.id, value))
        else:
            self.app.bell()
