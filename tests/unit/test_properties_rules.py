"""Property tests: random answers and random small rules never raise anything but our errors."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core.engine import Decision, Pending, walk
from advisor.core.ruleload import load_rules_from
from advisor.core.yamlio import parse_yaml
from advisor.errors import AdvisorError, InputError, RulesError

QUESTION_IDS = [
    "tried_prompting",
    "external_knowledge",
    "needs_style",
    "what_needed",
    "training_examples",
    "teacher",
    "queries_per_day",
    "budget_usd",
    "task_type",
    "data_private",
    "fast_iteration",
]
OPTION_IDS = [
    "not_tried",
    "solved",
    "not_enough",
    "yes",
    "no",
    "domain",
    "style_format",
    "latency_cost",
    "none",
    "qa",
    "code",
    "other",
]

values = st.one_of(
    st.sampled_from(OPTION_IDS),
    st.text(max_size=8),
    st.integers(min_value=-10, max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
answer_sets = st.dictionaries(
    st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=6)), values, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(answer_sets)
def test_random_answers_give_a_result_or_one_input_error(rules, answers):
    try:
        result = walk(rules, answers)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(result, Decision | Pending)
    if isinstance(result, Decision):
        for value in result.answers.values():
            assert isinstance(value, str) or math.isfinite(value)


ids = st.sampled_from(["a", "b", "c", "d", "o1", "o2", "zz", "Bad Id"])
text = st.fixed_dictionaries(
    {"en": st.sampled_from(["x", ""])}, optional={"zh": st.sampled_from(["文", ""])}
)
option = st.fixed_dictionaries(
    {"id": st.sampled_from(["yes", "no", "m", "Bad"]), "label": text},
    optional={"next": ids, "reason": text, "nxt": ids},
)
question = st.fixed_dictionaries(
    {"id": ids, "kind": st.sampled_from(["choice", "number", "other"]), "text": text, "help": text},
    optional={
        "options": st.lists(option, max_size=3),
        "min": st.integers(-5, 5),
        "max": st.one_of(st.integers(-5, 100), st.just("many")),
        "branches": st.lists(
            st.fixed_dictionaries(
                {"next": ids, "reason": text}, optional={"max": st.integers(-5, 100)}
            ),
            max_size=3,
        ),
        "next": ids,
    },
)
outcome = st.fixed_dictionaries(
    {
        "id": ids,
        "family": st.sampled_from(["prompt", "finetune", "nope"]),
        "title": text,
        "summary": text,
        "why": text,
        "seeds": st.lists(st.sampled_from(["000", "009"]), max_size=2),
    },
)
trees = st.fixed_dictionaries(
    {
        "start": ids,
        "questions": st.lists(question, max_size=4),
        "outcomes": st.lists(outcome, max_size=3),
    },
    optional={"followups": st.lists(st.fixed_dictionaries({"question": ids}), max_size=2)},
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(trees)
def test_random_trees_load_or_raise_rules_error(tmp_path_factory, tree):
    folder: Path = tmp_path_factory.mktemp("tree")
    (folder / "tree.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    try:
        rules = load_rules_from(folder)
    except RulesError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file.endswith("tree.yaml") and problem.message
        return
    # A tree that loads must be walkable along every choice.
    from advisor.core.engine import paths

    for answers, outcome in paths(rules):
        assert walk(rules, answers).outcome.id == outcome  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_as_yaml_never_crash(raw):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    with contextlib.suppress(AdvisorError):
        parse_yaml(text, "random.yaml")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- []{}!&*\n'\"#|>%@`")), max_size=60))
def test_random_yaml_like_text_never_crashes(text):
    with contextlib.suppress(AdvisorError):
        parse_yaml(text, "random.yaml")
