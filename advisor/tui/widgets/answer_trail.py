"""The trail of answers so far: one entry per answered question, pick one to change it."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from advisor.core.engine import Step
from advisor.core.i18n import Lang
from advisor.tui.strings import tr

#: The id of the last, unselectable entry (the question on screen, or the outcome).
HERE = "trail-here"


class AnswerTrail(OptionList):
    """Answered questions in path order; the entry for the question on screen is highlighted."""

    class Picked(Message):
        """Posted when the user picks an answered question to change it."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id
            """The id of the question to go back to."""

    def show_trail(
        self,
        trail: tuple[Step, ...],
        lang: Lang,
        *,
        current: int | None,
        tail: str | None,
    ) -> None:
        """List the steps; highlight step `current`, or a last `tail` entry (where the user is).

        Args:
            trail: The answered path.
            lang: The language to show it in.
            current: Index of the step on screen when revisiting an answer.
            tail: Text of an extra, unselectable last entry (the question waiting for an answer,
                or the outcome), or None for no such entry.
        """
        options: list[Option] = []
        for n, step in enumerate(trail, 1):
            # Imported here: the first screen's trail is empty, and the report module would
            # only add its import to the time until the first question shows.
            from advisor.report.decision import answer_text

            prompt = Content.assemble(
                (f"{n} ", "bold"),
                (step.question.text(lang), "dim"),
                "\n",
                ("  → ", "bold"),
                answer_text(step.question, step, lang),
            )
            options.append(Option(prompt, id=step.question.id))
        if tail is not None:
            options.append(Option(Content.assemble(("▸ ", "bold"), tail), id=HERE))
        if not options:
            options.append(Option(tr("no_answers", lang), id=HERE))
        self.set_options(options)
        if current is not None:
            self.highlighted = current
        else:
            self.highlighted = len(options) - 1
            self.scroll_end(animate=False)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id not in (None, HERE):
            self.post_message(self.Picked(event.option.id))
