"""The decision rules as data: questions, outcomes, advisories and reference tables.

The seeds draw their decision trees in Mermaid; here the merged tree is YAML validated by these
types (unknown keys rejected, both languages required), then checked as a graph: every reference
resolves, ids are unique, there are no cycles, every node is reachable and every path ends in an
outcome. Conditions are small structured data (all/any/none of answer tests), never code.

Types are frozen stdlib dataclasses so a validated bundle can be cached and reloaded without
pydantic; `advisor.core.validate` does the validating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

import annotated_types as at

from advisor.core.i18n import I18n
from advisor.core.numbers import format_number
from advisor.core.validate import STRICT

_ID = re.compile(r"^[a-z][a-z0-9_]*$")

Id = Annotated[str, at.MinLen(1), at.MaxLen(64)]
SeedId = Literal["000", "001", "002", "003", "004"]
Family = Literal["prompt", "rag", "finetune", "rag_finetune", "distill", "none"]
Level = Literal["warning", "tip"]


def _check_id(value: str, what: str) -> None:
    if not _ID.match(value):
        raise ValueError(
            f"{what} {value!r} must start with a lowercase letter and use only a-z, 0-9 and _"
        )


# --- conditions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllOf:
    """Holds when every condition in the list holds."""

    __pydantic_config__ = STRICT

    all: Annotated[tuple[Condition, ...], at.MinLen(1)]
    """Conditions that must all hold."""


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Holds when at least one condition in the list holds."""

    __pydantic_config__ = STRICT

    any: Annotated[tuple[Condition, ...], at.MinLen(1)]
    """Conditions of which at least one must hold."""


@dataclass(frozen=True, slots=True)
class NoneOf:
    """Holds when no condition in the list holds (this is how `not` is written)."""

    __pydantic_config__ = STRICT

    none: Annotated[tuple[Condition, ...], at.MinLen(1)]
    """Conditions none of which may hold."""


@dataclass(frozen=True, slots=True)
class AnswerTest:
    """A test on one answer: equality or membership for choices, comparisons for numbers.

    An unanswered question makes the test false (so `none: [...]` of it is true).
    """

    __pydantic_config__ = STRICT

    answer: Id
    """The id of the question whose answer is tested."""
    equals: str | None = None
    """The answer is this option id (choice questions)."""
    one_of: tuple[str, ...] | None = None
    """The answer is one of these option ids (choice questions)."""
    lt: float | None = None
    """The answer is less than this (number questions)."""
    le: float | None = None
    """The answer is at most this (number questions)."""
    gt: float | None = None
    """The answer is greater than this (number questions)."""
    ge: float | None = None
    """The answer is at least this (number questions)."""

    def __post_init__(self) -> None:
        if all(v is None for v in (self.equals, self.one_of, self.lt, self.le, self.gt, self.ge)):
            raise ValueError(
                f"test on answer {self.answer!r} needs one of equals, one_of, lt, le, gt, ge"
            )
        if (self.equals is not None or self.one_of is not None) and any(
            v is not None for v in (self.lt, self.le, self.gt, self.ge)
        ):
            raise ValueError(
                f"test on answer {self.answer!r} mixes a choice test (equals/one_of) with a "
                "numeric comparison; split it into two tests under `all`"
            )

    @property
    def numeric(self) -> bool:
        return self.equals is None and self.one_of is None


@dataclass(frozen=True, slots=True)
class Answered:
    """Holds when the question has been answered (on the path or as a follow-up)."""

    __pydantic_config__ = STRICT

    answered: Id
    """The id of the question."""


@dataclass(frozen=True, slots=True)
class OutcomeIs:
    """Holds when the walk ended in one of these outcomes."""

    __pydantic_config__ = STRICT

    outcome: Annotated[tuple[Id, ...], at.MinLen(1)]
    """Outcome ids."""


@dataclass(frozen=True, slots=True)
class FamilyIs:
    """Holds when the outcome belongs to one of these families (prompt, rag, finetune...)."""

    __pydantic_config__ = STRICT

    family: Annotated[tuple[Family, ...], at.MinLen(1)]
    """Outcome families."""


Condition = AllOf | AnyOf | NoneOf | AnswerTest | Answered | OutcomeIs | FamilyIs


# --- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a choice question, and where it leads."""

    __pydantic_config__ = STRICT

    id: Id
    """The value an answers file gives for this option."""
    label: I18n
    """What the user reads."""
    help: I18n | None = None
    """A longer explanation of when to pick this option."""
    next: Id | None = None
    """The question or outcome this answer leads to (omit only for follow-up questions)."""
    reason: I18n | None = None
    """Why this answer leads there; shown in the trail of the recommendation."""
    seeds: tuple[SeedId, ...] = ()
    """The seed documents this edge comes from."""

    def __post_init__(self) -> None:
        _check_id(self.id, "option id")


@dataclass(frozen=True, slots=True)
class Branch:
    """A range of a number question's answers and where it leads.

    Branches are listed in increasing order of `max` (inclusive); the last one has no `max`
    and takes everything above the previous one.
    """

    __pydantic_config__ = STRICT

    next: Id
    """The question or outcome this range leads to."""
    reason: I18n
    """Why answers in this range lead there."""
    max: float | None = None
    """The largest answer in this range (inclusive); omit on the last branch."""
    label: I18n | None = None
    """A short name for the range, e.g. "100-10,000 examples"; generated if omitted."""
    seeds: tuple[SeedId, ...] = ()
    """The seed documents this edge comes from."""


@dataclass(frozen=True, slots=True)
class Question:
    """A question: `choice` (pick an option) or `number` (a value within a range)."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique among questions and outcomes; the key in an answers file."""
    kind: Literal["choice", "number"]
    """`choice`: pick one of `options`; `number`: give a value between `min` and `max`."""
    text: I18n
    """The question as asked."""
    help: I18n
    """What the question means and how to answer it."""
    options: tuple[Option, ...] = ()
    """Choice questions: the possible answers, in display order."""
    unit: I18n | None = None
    """Number questions: the unit of the answer (examples, queries/day, USD)."""
    min: float | None = None
    """Number questions: the smallest allowed answer."""
    max: float | None = None
    """Number questions: the largest allowed answer."""
    integer: bool = False
    """Number questions: only whole numbers are allowed."""
    default: float | None = None
    """Number questions: the value offered before the user types one."""
    branches: tuple[Branch, ...] = ()
    """Number questions that route: ranges of answers and where each leads."""
    next: Id | None = None
    """Number questions that do not route: where every answer leads."""
    seeds: tuple[SeedId, ...] = ()
    """The seed documents this question comes from."""

    def __post_init__(self) -> None:
        _check_id(self.id, "question id")
        if self.kind == "choice":
            if len(self.options) < 2:
                raise ValueError(f"choice question {self.id!r} needs at least 2 options")
            extra = [
                name
                for name in ("unit", "min", "max", "default", "next")
                if getattr(self, name) is not None
            ]
            if self.branches:
                extra.append("branches")
            if self.integer:
                extra.append("integer")
            if extra:
                raise ValueError(
                    f"choice question {self.id!r} cannot have {', '.join(extra)} "
                    "(those are for number questions; give each option its own `next`)"
                )
            return
        if self.options:
            raise ValueError(f"number question {self.id!r} cannot have options; use `branches`")
        if self.min is None or self.max is None or self.min > self.max:
            raise ValueError(f"number question {self.id!r} needs `min` <= `max`")
        if self.branches and self.next is not None:
            raise ValueError(
                f"number question {self.id!r} has both `branches` and `next`; keep one"
            )
        if self.default is not None and not self.min <= self.default <= self.max:
            raise ValueError(
                f"default {format_number(self.default)} of {self.id!r} is outside "
                f"[{format_number(self.min)}, {format_number(self.max)}]"
            )
        if self.branches:
            bounds = [b.max for b in self.branches]
            if bounds[-1] is not None:
                raise ValueError(
                    f"the last branch of {self.id!r} must have no `max`, so that every answer "
                    "up to the question's max has somewhere to go"
                )
            if any(b is None for b in bounds[:-1]):
                raise ValueError(f"only the last branch of {self.id!r} may omit `max`")
            inner = [b for b in bounds[:-1] if b is not None]
            if inner != sorted(inner) or len(set(inner)) != len(inner):
                raise ValueError(f"branches of {self.id!r} must be in increasing order of `max`")
            if inner and not (self.min <= inner[0] and inner[-1] < self.max):
                raise ValueError(
                    f"branch bounds of {self.id!r} must lie within "
                    f"[{format_number(self.min)}, {format_number(self.max)})"
                )

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def targets(self) -> list[str | None]:
        """Every edge out of this question (None where an option has no `next`)."""
        if self.kind == "choice":
            return [o.next for o in self.options]
        if self.branches:
            return [b.next for b in self.branches]
        return [self.next]

    def branch_for(self, value: float) -> Branch:
        for branch in self.branches:
            if branch.max is None or value <= branch.max:
                return branch
        raise AssertionError("validated branches always end with an open one")


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a walk ends: a recommendation, with its reasons and what to do next."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique among questions and outcomes."""
    family: Family
    """Which delivery option this recommends; links it to the cost model's options."""
    title: I18n
    """The recommendation in a few words."""
    summary: I18n
    """One or two sentences: what to do."""
    why: I18n
    """Why, in the seeds' terms."""
    seeds: Annotated[tuple[SeedId, ...], at.MinLen(1)]
    """The seed documents this recommendation comes from."""
    cost: I18n | None = None
    """The seeds' rough price tag for this route (e.g. "$10-$1000 one-off")."""
    caveats: tuple[I18n, ...] = ()
    """What can go wrong with this route."""
    next_steps: tuple[I18n, ...] = ()
    """Concrete things to do now."""
    method: Id | None = None
    """The fine-tuning method (a row of `methods` in tables.yaml): full, lora, qlora..."""
    training_type: Id | None = None
    """The training type (a row of `training_types`): sft, dpo..."""
    tables: tuple[Id, ...] = ()
    """Reference tables (ids in tables.yaml) to show with this outcome."""

    def __post_init__(self) -> None:
        _check_id(self.id, "outcome id")


@dataclass(frozen=True, slots=True)
class Followup:
    """A question asked after the tree has reached an outcome, when `when` holds.

    Follow-ups do not route; they collect what the advisories and the cost model need (volume,
    budget, examples) only from the users for whom it matters.
    """

    __pydantic_config__ = STRICT

    question: Id
    """The question to ask (its `next`/`branches` are ignored when asked as a follow-up)."""
    when: Condition | None = None
    """Ask only when this holds; always ask when omitted."""


@dataclass(frozen=True, slots=True)
class TreeFile:
    """`tree.yaml`: the merged decision tree of seeds 000 (tree A) and 002 (tree B)."""

    __pydantic_config__ = STRICT

    start: Id
    """The first question."""
    questions: Annotated[tuple[Question, ...], at.MinLen(1)]
    """Every question, in any order."""
    outcomes: Annotated[tuple[Outcome, ...], at.MinLen(1)]
    """Every outcome, in any order."""
    followups: tuple[Followup, ...] = ()
    """Questions asked after an outcome is reached, in order."""


# --- advisories -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Advisory:
    """A warning or a tip shown with a decision when its condition holds."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique among advisories."""
    level: Level
    """`warning`: this may make the recommendation wrong for you; `tip`: worth knowing."""
    when: Condition
    """When to show it."""
    text: I18n
    """What it says."""
    seeds: tuple[SeedId, ...] = ()
    """The seed documents it comes from."""
    source: str | None = None
    """An outside source, when it does not come from the seeds."""

    def __post_init__(self) -> None:
        _check_id(self.id, "advisory id")
        if not self.seeds and not self.source:
            raise ValueError(f"advisory {self.id!r} needs `seeds` or a `source`")


@dataclass(frozen=True, slots=True)
class AdvisoriesFile:
    """`advisories.yaml`: warnings and tips with the conditions that trigger them."""

    __pydantic_config__ = STRICT

    advisories: tuple[Advisory, ...]
    """Every advisory, in display order."""


# --- reference tables -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DataVolumeRow:
    """How many training examples one kind of task needs, according to one seed."""

    __pydantic_config__ = STRICT

    task: Id
    """An option id of the task-type question."""
    label: I18n
    """The task type as the seed names it."""
    min: Annotated[int, at.Ge(0)]
    """Fewest examples the seed considers workable."""
    recommended: Annotated[int, at.Ge(0)]
    """What the seed recommends."""
    ideal: Annotated[int, at.Ge(0)] | None = None
    """What the seed calls ideal (seed 003 only)."""
    data_format: I18n | None = None
    """The shape of one example (seed 001)."""
    examples: I18n | None = None
    """Typical applications (seed 001)."""

    def __post_init__(self) -> None:
        if self.recommended < self.min or (
            self.ideal is not None and self.ideal < self.recommended
        ):
            raise ValueError(f"row {self.task!r}: expected min <= recommended <= ideal")

    def verdict(self, count: float) -> str:
        """Where `count` examples fall: `below_min`, `min`, `recommended` or `ideal`."""
        if count < self.min:
            return "below_min"
        if count < self.recommended:
            return "min"
        if self.ideal is None or count < self.ideal:
            return "recommended"
        return "ideal"


@dataclass(frozen=True, slots=True)
class DataVolumeTable:
    """A seed's table of training-data volume per task type."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique among tables."""
    seed: SeedId
    """The seed the table comes from."""
    title: I18n
    """The table's caption."""
    task_question: Id
    """The choice question whose answer selects the row."""
    count_question: Id
    """The number question (training examples) compared against the row."""
    rows: Annotated[tuple[DataVolumeRow, ...], at.MinLen(1)]
    """One row per task type."""


@dataclass(frozen=True, slots=True)
class MethodRow:
    """A fine-tuning method: what it trains and what it costs in memory and quality."""

    __pydantic_config__ = STRICT

    id: Id
    """full, lora, qlora, prompt_tuning..."""
    name: I18n
    """Its name."""
    trainable: I18n
    """Share of parameters trained."""
    memory: I18n
    """GPU memory it needs."""
    speed: I18n
    """Training speed."""
    quality: I18n
    """Result quality."""
    use_when: I18n
    """When to choose it."""
    seeds: Annotated[tuple[SeedId, ...], at.MinLen(1)]
    """Where this comes from."""


@dataclass(frozen=True, slots=True)
class TrainingTypeRow:
    """A kind of training (SFT, instruction tuning, RLHF, DPO, continual learning)."""

    __pydantic_config__ = STRICT

    id: Id
    """sft, instruction, rlhf, dpo, continual..."""
    name: I18n
    """Its name."""
    data: I18n
    """The data it needs."""
    difficulty: I18n
    """How hard it is to run."""
    effect: I18n
    """What it achieves."""
    use_when: I18n
    """When to choose it."""
    seeds: Annotated[tuple[SeedId, ...], at.MinLen(1)]
    """Where this comes from."""


@dataclass(frozen=True, slots=True)
class TextTable:
    """A small comparison table quoted from a seed (rows of cells, both languages)."""

    __pydantic_config__ = STRICT

    id: Id
    """Unique among tables."""
    title: I18n
    """Its caption."""
    seeds: Annotated[tuple[SeedId, ...], at.MinLen(1)]
    """Where it comes from."""
    columns: Annotated[tuple[I18n, ...], at.MinLen(1)]
    """Column headers."""
    rows: Annotated[tuple[tuple[I18n, ...], ...], at.MinLen(1)]
    """Rows; each has one cell per column."""

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.id!r} row {i} has {len(row)} cells for "
                    f"{len(self.columns)} columns"
                )


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A term and what it means."""

    __pydantic_config__ = STRICT

    id: Id
    """A stable key (e.g. lora)."""
    term: I18n
    """The term as written in each language."""
    definition: I18n
    """What it means, in a sentence or two."""
    seeds: tuple[SeedId, ...] = ()
    """Where it is explained."""


@dataclass(frozen=True, slots=True)
class TablesFile:
    """`tables.yaml`: reference tables and the glossary."""

    __pydantic_config__ = STRICT

    data_volume: tuple[DataVolumeTable, ...] = ()
    """Training-data volume per task type (seeds 001 and 003 disagree; both are kept)."""
    methods: tuple[MethodRow, ...] = ()
    """Fine-tuning methods: full, LoRA, QLoRA, prompt tuning."""
    training_types: tuple[TrainingTypeRow, ...] = ()
    """Training types: SFT, instruction tuning, RLHF, DPO, continual learning."""
    tables: tuple[TextTable, ...] = ()
    """Other comparison tables quoted from the seeds."""
    glossary: tuple[GlossaryEntry, ...] = ()
    """Terms a newcomer meets: prompt engineering, RAG, SFT, LoRA..."""


# --- the loaded bundle ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rules:
    """The decision rules, validated and cross-checked, with lookups by id."""

    tree: TreeFile
    advisories: tuple[Advisory, ...]
    tables: TablesFile
    source: str
    """The folder the rules were loaded from (shown in reports)."""
    questions: dict[str, Question] = field(init=False, repr=False, compare=False)
    outcomes: dict[str, Outcome] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", {q.id: q for q in self.tree.questions})
        object.__setattr__(self, "outcomes", {o.id: o for o in self.tree.outcomes})

    def title_of(self, node_id: str) -> I18n:
        """The question text or outcome title of a node."""
        if node_id in self.questions:
            return self.questions[node_id].text
        return self.outcomes[node_id].title

    def method(self, method_id: str | None) -> MethodRow | None:
        return next((m for m in self.tables.methods if m.id == method_id), None)

    def training_type(self, type_id: str | None) -> TrainingTypeRow | None:
        return next((t for t in self.tables.training_types if t.id == type_id), None)

    def table(self, table_id: str) -> TextTable | DataVolumeTable | None:
        for table in (*self.tables.tables, *self.tables.data_volume):
            if table.id == table_id:
                return table
        return None
