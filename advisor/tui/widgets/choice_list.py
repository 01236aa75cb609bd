"""The options of a choice question: a keyboard-first list (arrows, digits 1-9, enter, mouse)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from advisor.core.i18n import Lang
from advisor.core.rules import Question
from advisor.tui.strings import tr


class ChoiceList(OptionList):
    """Numbered options; a digit picks its option at once, like the arrows then enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n - 1})", f"Pick {n}", show=False) for n in range(1, 10)
    ]

    question_id = ""
    """The question whose options are listed."""

    class Chosen(Message):
        """Posted when the user picks an option (enter, a digit or a click)."""

        def __init__(self, question_id: str, option_id: str) -> None:
            super().__init__()
            self.question_id = question_id
            """The question the option belongs to (options of two questions share ids)."""
            self.option_id = option_id
            """The id of the option, as an answers file would give it."""

    class Browsed(Message):
        """Posted when the highlight moves, so the screen can show that option's help."""

        def __init__(self, question_id: str, option_id: str) -> None:
            super().__init__()
            self.question_id = question_id
            """The question the option belongs to."""
            self.option_id = option_id
            """The id of the highlighted option."""

    def show_question(self, question: Question, lang: Lang, current: str | None) -> None:
        """List `question`'s options in `lang`, marking and highlighting the current answer."""
        self.question_id = question.id
        options = []
        for n, option in enumerate(question.options, 1):
            number = f"{n} " if n <= 9 else "  "
            mark = f"  ✓ {tr('current', lang)}" if option.id == current else ""
            prompt = Content.assemble((number, "bold"), option.label(lang), (mark, "italic"))
            options.append(Option(prompt, id=option.id))
        self.set_options(options)
        ids = [o.id for o in question.options]
        self.highlighted = ids.index(current) if current in ids else 0

    def action_pick(self, index: int) -> None:
        """Choose the option with this 0-based index (the digit keys)."""
        if 0 <= index < self.option_count:
            self.highlighted = index
            self.action_select()

    def _listed(self, event: OptionList.OptionMessage) -> bool:
        """Whether the event's option is still listed (a queued event may predate a new list)."""
        index = event.option_index
        return index < self.option_count and self.get_option_at_index(index) is event.option

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and self._listed(event):
            self.post_message(self.Chosen(self.question_id, event.option.id))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and self._listed(event):
            self.post_message(self.Browsed(self.question_id, event.option.id))
