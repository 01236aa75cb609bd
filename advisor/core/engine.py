"""Walking the decision tree: answers in, a recommendation with its reasons out.

Pure functions over `Rules`: the same walk backs `advisor decide`, the TUI and the tests. A walk
either reaches an outcome and its follow-ups are all answered (`Decision`), or it stops at the
first question that still needs an answer (`Pending`), which is how the TUI asks one question at
a time and how `decide` says what is missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.core.i18n import I18n
from advisor.core.numbers import COMMAS, format_number, misplaced_commas, parse_number
from advisor.core.rules import (
    Advisory,
    AllOf,
    Answered,
    AnyOf,
    Condition,
    DataVolumeRow,
    DataVolumeTable,
    FamilyIs,
    MethodRow,
    NoneOf,
    Outcome,
    OutcomeIs,
    Question,
    Rules,
    TrainingTypeRow,
)
from advisor.errors import InputError

Answer = str | float


@dataclass(frozen=True, slots=True)
class Step:
    """One question on the way, the answer given, and why it led where it did."""

    question: Question
    answer: Answer
    label: I18n | None
    """The chosen option's label (choice questions)."""
    next: str | None
    """The node the answer led to (None for follow-ups, which do not route)."""
    reason: I18n | None
    seeds: tuple[str, ...]
    followup: bool = False


@dataclass(frozen=True, slots=True)
class DataVolumeMatch:
    """A data-volume table row for the user's task type, and where their count falls in it."""

    table: DataVolumeTable
    row: DataVolumeRow
    count: float | None
    verdict: str | None
    """`below_min`, `min`, `recommended` or `ideal`; None when the count is unknown."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A finished walk: the outcome, the trail, the advisories that fire, the matching tables."""

    outcome: Outcome
    trail: tuple[Step, ...]
    advisories: tuple[Advisory, ...]
    data_volume: tuple[DataVolumeMatch, ...]
    method: MethodRow | None
    training_type: TrainingTypeRow | None
    answers: dict[str, Answer]
    """Every valid answer given, normalised (choice ids as strings, numbers as floats)."""
    unused: tuple[str, ...]
    """Answered questions that were not on this path (kept, but they did not count)."""


@dataclass(frozen=True, slots=True)
class Pending:
    """A walk that stopped at a question still needing an answer."""

    question: Question
    trail: tuple[Step, ...]
    followup: bool
    outcome: Outcome | None
    """The outcome already reached, when the missing answer is a follow-up."""


def normalize_answer(question: Question, value: Any) -> Answer:
    """Check one answer against its question; return it normalised or raise `InputError`."""
    if question.kind == "choice":
        if isinstance(value, bool):  # YAML reads an unquoted yes/no as a boolean
            value = "yes" if value else "no"
        valid = [o.id for o in question.options]
        if isinstance(value, str) and value in valid:
            return value
        raise InputError(
            f"answer {value!r} to {question.id!r} is not an option; allowed: {', '.join(valid)}"
        )
    number = _as_number(value)
    lo, hi = question.min, question.max
    assert lo is not None and hi is not None  # validated for number questions
    bounds = allowed_range(question)
    if number is None:
        why = f" ({COMMAS})" if misplaced_commas(value) else ""
        raise InputError(
            f"answer {value!r} to {question.id!r} is not a number{why}; allowed: {bounds}"
        )
    if not lo <= number <= hi:
        raise InputError(
            f"answer {fmt(number)} to {question.id!r} is out of range; allowed: {bounds}"
        )
    if question.integer and number != int(number):
        raise InputError(f"answer {fmt(number)} to {question.id!r} must be {bounds}")
    return float(number)


def fmt(value: float) -> str:
    """A number as people write it: 100,000,000 rather than 1e+08 (and 1e+99, not 100 digits)."""
    return format_number(value)


def allowed_range(question: Question) -> str:
    """ "a whole number from 0 to 100,000,000": the allowed answers of a number question."""
    assert question.min is not None and question.max is not None
    whole = " whole" if question.integer else ""
    return f"a{whole} number from {fmt(question.min)} to {fmt(question.max)}"


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = parse_number(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def check_answers(rules: Rules, answers: Mapping[str, Any]) -> dict[str, Answer]:
    """Validate every answer (unknown question ids included) and normalise them."""
    if not isinstance(answers, Mapping):
        raise InputError("answers must be a mapping of question id to answer")
    out: dict[str, Answer] = {}
    for key, value in answers.items():
        question = rules.questions.get(str(key))
        if question is None:
            known = ", ".join(sorted(rules.questions))
            raise InputError(f"unknown question id {key!r}; known ids: {known}")
        out[question.id] = normalize_answer(question, value)
    return out


def walk(rules: Rules, answers: Mapping[str, Any]) -> Decision | Pending:
    """Follow the answers from the start question to an outcome, then through its follow-ups."""
    given = check_answers(rules, answers)
    trail: list[Step] = []
    node = rules.tree.start
    while node in rules.questions:
        question = rules.questions[node]
        if question.id not in given:
            return Pending(question, tuple(trail), followup=False, outcome=None)
        step = _route(question, given[question.id])
        trail.append(step)
        assert step.next is not None
        node = step.next
    outcome = rules.outcomes[node]
    for followup in rules.tree.followups:
        question = rules.questions[followup.question]
        if any(s.question.id == question.id for s in trail):
            continue
        if followup.when is not None and not holds(followup.when, given, outcome):
            continue
        if question.id not in given:
            return Pending(question, tuple(trail), followup=True, outcome=outcome)
        trail.append(_followup_step(question, given[question.id]))
    on_path = {s.question.id for s in trail}
    return Decision(
        outcome=outcome,
        trail=tuple(trail),
        advisories=tuple(a for a in rules.advisories if holds(a.when, given, outcome)),
        data_volume=tuple(data_volume(rules, given)),
        method=rules.method(outcome.method),
        training_type=rules.training_type(outcome.training_type),
        answers={k: v for k, v in given.items() if k in on_path},
        unused=tuple(k for k in given if k not in on_path),
    )


def decide(rules: Rules, answers: Mapping[str, Any]) -> Decision:
    """Like `walk`, but a missing answer is an `InputError` naming the question and its choices."""
    result = walk(rules, answers)
    if isinstance(result, Pending):
        raise InputError(missing_message(result.question))
    return result


def missing_message(question: Question) -> str:
    """ "No answer for X; it asks ...; allowed: ..." in one line."""
    if question.kind == "choice":
        allowed = ", ".join(o.id for o in question.options)
    else:
        allowed = allowed_range(question)
    return f"no answer for question {question.id!r} ({question.text.en}); allowed: {allowed}"


def _route(question: Question, answer: Answer) -> Step:
    if question.kind == "choice":
        option = question.option(str(answer))
        assert option is not None
        return Step(question, answer, option.label, option.next, option.reason, option.seeds)
    if question.branches:
        branch = question.branch_for(float(answer))
        return Step(question, answer, branch.label, branch.next, branch.reason, branch.seeds)
    return Step(question, answer, None, question.next, None, question.seeds)


def _followup_step(question: Question, answer: Answer) -> Step:
    label = question.option(str(answer)).label if question.kind == "choice" else None  # type: ignore[union-attr]
    return Step(question, answer, label, None, None, question.seeds, followup=True)


def holds(cond: Condition, answers: Mapping[str, Answer], outcome: Outcome | None) -> bool:
    """Evaluate a condition; tests on unanswered questions are false."""
    if isinstance(cond, AllOf):
        return all(holds(c, answers, outcome) for c in cond.all)
    if isinstance(cond, AnyOf):
        return any(holds(c, answers, outcome) for c in cond.any)
    if isinstance(cond, NoneOf):
        return not any(holds(c, answers, outcome) for c in cond.none)
    if isinstance(cond, Answered):
        return cond.answered in answers
    if isinstance(cond, OutcomeIs):
        return outcome is not None and outcome.id in cond.outcome
    if isinstance(cond, FamilyIs):
        return outcome is not None and outcome.family in cond.family
    value = answers.get(cond.answer)
    if value is None:
        return False
    if cond.equals is not None:
        return value == cond.equals
    if cond.one_of is not None:
        return value in cond.one_of
    if isinstance(value, str):
        return False
    return all(
        check
        for check in (
            cond.lt is None or value < cond.lt,
            cond.le is None or value <= cond.le,
            cond.gt is None or value > cond.gt,
            cond.ge is None or value >= cond.ge,
        )
    )


def data_volume(rules: Rules, answers: Mapping[str, Answer]) -> Iterator[DataVolumeMatch]:
    """The row of each data-volume table for the answered task, and the count's verdict."""
    for table in rules.tables.data_volume:
        task = answers.get(table.task_question)
        row = next((r for r in table.rows if r.task == task), None)
        if row is None:
            continue
        count = answers.get(table.count_question)
        verdict = row.verdict(count) if isinstance(count, float) else None
        yield DataVolumeMatch(table, row, count if isinstance(count, float) else None, verdict)


def sample_answer(question: Question, branch_index: int) -> float:
    """A number answer that falls in the given branch (used to enumerate every path)."""
    assert question.min is not None and question.max is not None
    lower = question.min if branch_index == 0 else question.branches[branch_index - 1].max
    upper = question.branches[branch_index].max
    assert lower is not None
    if upper is None:
        upper = question.max
    if branch_index == 0:
        value = lower
    else:
        value = math.floor(lower) + 1 if question.integer else (lower + upper) / 2
    return float(min(value, upper))


def paths(rules: Rules) -> Iterator[tuple[dict[str, Answer], str]]:
    """Every route through the tree as (answers, outcome id), one per edge choice.

    Follow-ups are answered with their first option or their default (or minimum), so each
    yielded answer set is complete.
    """

    def extend(node: str, answers: dict[str, Answer]) -> Iterator[tuple[dict[str, Answer], str]]:
        if node in rules.outcomes:
            yield answers, node
            return
        question = rules.questions[node]
        if question.kind == "choice":
            for option in question.options:
                assert option.next is not None
                yield from extend(option.next, {**answers, question.id: option.id})
        elif question.branches:
            for i, branch in enumerate(question.branches):
                yield from extend(branch.next, {**answers, question.id: sample_answer(question, i)})
        else:
            assert question.next is not None and question.min is not None
            default = question.default if question.default is not None else question.min
            yield from extend(question.next, {**answers, question.id: float(default)})

    for answers, outcome in extend(rules.tree.start, {}):
        full = dict(answers)
        while True:
            result = walk(rules, full)
            if isinstance(result, Decision):
                break
            q = result.question
            if q.kind == "choice":
                full[q.id] = q.options[0].id
            else:
                assert q.min is not None
                full[q.id] = float(q.default if q.default is not None else q.min)
        yield full, outcome
