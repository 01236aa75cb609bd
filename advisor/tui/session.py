"""The questionnaire's state: answers given so far, where the user is, and how far there is to go.

Kept free of Textual so the navigation rules (back, jump, restart, change an answer and keep the
later ones that still apply) are plain functions over `engine.walk` that tests can drive
directly. The screens only render a `Position` or a `Decision` and report what the user did.

Answers are never thrown away when the path changes: an answer to a question that drops off the
path is kept, so flipping an earlier answer back restores the route the user had, and a
question that is still on the new path is not asked again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from advisor.core.engine import (
    Answer,
    Decision,
    Pending,
    Step,
    check_answers,
    fmt,
    holds,
    normalize_answer,
    walk,
)
from advisor.core.i18n import Lang
from advisor.core.rules import Family, Outcome, Question, Rules
from advisor.errors import InputError
from advisor.tui.strings import tr

EXAMPLES_QUESTION = "training_examples"
"""The "how many good training examples?" question: the TUI can answer it from a dataset file,
and the ROI explorer prices the fine-tune with its answer."""


@dataclass(frozen=True, slots=True)
class Position:
    """The question on screen, with everything the question screen shows around it."""

    question: Question
    index: int
    """0-based place of this question on the path (the number of answers before it)."""
    trail: tuple[Step, ...]
    """The whole answered path; when revisiting, it includes this question and later ones."""
    answer: Answer | None
    """The answer already given to this question (when going back or jumping to it)."""
    followup: bool
    """True for questions asked after the tree has reached an outcome."""
    outcome: Outcome | None
    """The outcome the answers lead to so far, once the tree has reached one."""
    total: int
    """How many questions this path has at most (exact once the outcome is known)."""


@dataclass(frozen=True, slots=True)
class RoiSeed:
    """What the recommendation hands the ROI explorer (issue 3): the user's scenario so far.

    The explorer prefills its inputs from this and starts on the outcome's family (prompt, rag,
    finetune, rag_finetune, distill); everything not answered stays at the explorer's defaults.
    """

    outcome: str
    family: Family
    method: str | None
    queries_per_day: float | None
    budget_usd: float | None
    training_examples: float | None


class Session:
    """The answers and the cursor of one questionnaire run over one set of rules."""

    def __init__(self, rules: Rules, answers: Mapping[str, Any] | None = None) -> None:
        """Start a session, optionally from answers (validated; raises `InputError`)."""
        self.rules = rules
        self.answers: dict[str, Answer] = check_answers(rules, answers or {})
        self.cursor: str | None = None
        """The question being revisited, or None for the first unanswered one."""

    # --- reading ------------------------------------------------------------------------------

    def state(self) -> Decision | Pending:
        """Walk the tree with every answer given so far."""
        return walk(self.rules, self.answers)

    def decision(self) -> Decision | None:
        """The recommendation, once every question on the path is answered."""
        state = self.state()
        return state if isinstance(state, Decision) else None

    def position(self) -> Position | None:
        """The question to show, or None when the recommendation is the thing to show."""
        state = self.state()
        outcome = state.outcome
        if self.cursor is not None:
            for i, step in enumerate(state.trail):
                if step.question.id == self.cursor:
                    total = self._total(state)
                    return Position(
                        step.question, i, state.trail, step.answer, step.followup, outcome, total
                    )
            self.cursor = None  # the revisited question fell off the path
        if isinstance(state, Decision):
            return None
        index = len(state.trail)
        return Position(
            state.question,
            index,
            state.trail,
            None,
            state.followup,
            outcome,
            self._total(state),
        )

    def path_answers(self) -> dict[str, Answer]:
        """The answers on the current path, in the order they were asked (what gets saved)."""
        return {step.question.id: step.answer for step in self.state().trail}

    def roi_seed(self) -> RoiSeed | None:
        """The scenario the ROI explorer will start from, once there is a recommendation."""
        decision = self.decision()
        if decision is None:
            return None

        def number(question_id: str) -> float | None:
            value = decision.answers.get(question_id)
            return value if isinstance(value, float) else None

        return RoiSeed(
            outcome=decision.outcome.id,
            family=decision.outcome.family,
            method=decision.outcome.method,
            queries_per_day=number("queries_per_day"),
            budget_usd=number("budget_usd"),
            training_examples=number(EXAMPLES_QUESTION),
        )

    # --- changing -----------------------------------------------------------------------------

    def answer(self, value: Any) -> bool:
        """Answer the question on screen; returns whether the answer changed.

        Going forward over an unchanged answer moves to the next question on the path (so back,
        back, enter, enter retraces the same steps). A changed answer goes straight to the first
        question the new path still needs: later answers that still apply are kept, not asked
        again, and stay in the trail where the user can jump to them.
        """
        position = self.position()
        if position is None:
            raise InputError("every question is answered; go back or jump to change an answer")
        question = position.question
        normalized = normalize_answer(question, value)
        changed = self.answers.get(question.id) != normalized
        self.answers[question.id] = normalized
        if self.cursor is None or changed:
            self.cursor = None
            return changed
        trail = self.state().trail
        following = [s.question.id for s in trail[position.index + 1 :]]
        self.cursor = following[0] if following else None
        return changed

    def back(self) -> bool:
        """Revisit the previous question on the path; False when already at the first one."""
        position = self.position()
        trail = self.state().trail
        index = position.index if position is not None else len(trail)
        if index == 0:
            return False
        self.cursor = trail[index - 1].question.id
        return True

    def jump(self, question_id: str) -> bool:
        """Revisit an answered question on the current path; False if it is not on it."""
        if all(step.question.id != question_id for step in self.state().trail):
            return False
        self.cursor = question_id
        return True

    def restart(self) -> None:
        """Forget every answer and go back to the first question."""
        self.answers.clear()
        self.cursor = None

    def replace(self, answers: Mapping[str, Any]) -> None:
        """Take answers loaded from a file (validated first, so a bad file changes nothing)."""
        checked = check_answers(self.rules, answers)
        self.answers = checked
        self.cursor = None

    # --- progress -----------------------------------------------------------------------------

    def _total(self, state: Decision | Pending) -> int:
        """Questions on this path at most: the tree's, then the outcome's follow-ups.

        Exact once the tree has reached an outcome; before that, the longest route still open
        from the question waiting for an answer.
        """
        tree = [s.question.id for s in state.trail if not s.followup]
        if state.outcome is not None:
            asked = frozenset(tree)
            return len(tree) + len(_followups(self.rules, state.outcome, self.answers, asked))
        assert isinstance(state, Pending)
        return len(tree) + _longest(self.rules, state.question.id, self.answers, frozenset(tree))


def _followups(
    rules: Rules, outcome: Outcome, answers: Mapping[str, Answer], asked: frozenset[str]
) -> list[str]:
    """The follow-up questions this outcome will ask, given the answers so far."""
    return [
        f.question
        for f in rules.tree.followups
        if f.question not in asked and (f.when is None or holds(f.when, answers, outcome))
    ]


def _longest(rules: Rules, start: str, answers: Mapping[str, Answer], asked: frozenset[str]) -> int:
    """The most questions any route from `start` can still ask, follow-ups included."""

    @cache
    def walk_from(node: str, asked: frozenset[str]) -> int:
        if node in rules.outcomes:
            return len(_followups(rules, rules.outcomes[node], answers, asked))
        question = rules.questions[node]
        here = asked | {node}
        return 1 + max(walk_from(t, here) for t in question.targets() if t is not None)

    return walk_from(start, asked)


def answers_file_header(session: Session, lang: Lang) -> str:
    """The comment at the top of a saved answers file: how to replay it, and where it led."""
    decision = session.decision()
    lines = [
        "advisor answers, saved from the interactive advisor.",
        "Replay headless with: advisor decide --answers THIS_FILE",
    ]
    if decision is not None:
        lines.append(f"Outcome: {decision.outcome.id} ({decision.outcome.title(lang)})")
    else:
        lines.append("Not finished: `advisor decide` will name the next question to answer.")
    return "\n".join(lines)


def parse_number(question: Question, text: str, lang: Lang) -> tuple[float | None, str | None]:
    """Read a number answer as typed: (value, None) when valid, (None, why not) otherwise.

    `normalize_answer` decides what is valid (so the TUI accepts exactly what an answers file
    may hold, `10,000` included); the message says which rule failed, in the user's language.
    """
    if not text.strip():
        return None, tr("empty", lang)
    try:
        return float(normalize_answer(question, text)), None
    except InputError:
        pass
    from advisor.core.numbers import misplaced_commas
    from advisor.core.numbers import parse_number as read_number

    try:
        value = read_number(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        why = "commas" if misplaced_commas(text) else "not_number"
        return None, tr(why, lang, value=text.strip())
    assert question.min is not None and question.max is not None
    if question.min <= value <= question.max and question.integer:
        return None, tr("not_whole", lang, value=fmt(value))
    return None, tr("out_of_range", lang, value=fmt(value))


def allowed_text(question: Question, lang: Lang) -> str:
    """ "Allowed: 0 to 100,000,000 examples (whole number)" in the user's language."""
    assert question.min is not None and question.max is not None
    unit = f" {question.unit(lang)}" if question.unit else ""
    text = tr("range", lang, lo=fmt(question.min), hi=fmt(question.max), unit=unit)
    return text + (tr("whole", lang) if question.integer else "")


def report_markdown(rules: Rules, decision: Decision, lang: Lang) -> str:
    """The full report, exactly as `advisor decide --format markdown` prints it (with the
    reference tables its outcome lists): the recommendation screen shows this text and "save
    report" writes it, so the TUI and the CLI never disagree."""
    from advisor.report.decision import render_markdown

    return render_markdown(rules, decision, lang)
