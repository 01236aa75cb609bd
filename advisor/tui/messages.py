"""Messages the screens post up to the app, which owns the session and decides what to show.

Screens never change the session themselves: they say what the user did, the app applies it to
the `Session` and shows the resulting question or recommendation.
"""

from __future__ import annotations

from textual.message import Message

from advisor.core.engine import Answer


class Answered(Message):
    """The user answered the question on screen."""

    def __init__(self, question_id: str, value: Answer) -> None:
        super().__init__()
        self.question_id = question_id
        """The question answered: a fast typist can get ahead of the screen, and an answer
        meant for a question that is no longer the one asked must not land on the next."""
        self.value = value
        """An option id, or a number already checked against the question's range."""


class BackRequested(Message):
    """The user wants the previous question."""


class RestartRequested(Message):
    """The user wants to start over (the app asks for confirmation first)."""


class ChangeRequested(Message):
    """The user picked an earlier answer to change it."""

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id
        """The question to go back to."""
