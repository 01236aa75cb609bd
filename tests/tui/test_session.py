"""The questionnaire's rules without Textual: navigation, progress, number parsing, ROI seed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.engine import normalize_answer, paths
from advisor.errors import InputError
from advisor.tui.session import (
    Session,
    allowed_text,
    answers_file_header,
    parse_number,
    report_markdown,
)


def answer_all(session: Session, answers: dict) -> None:
    """Answer whatever the session asks, from `answers`, until it has a recommendation."""
    while (position := session.position()) is not None:
        session.answer(answers[position.question.id])


def test_every_path_of_the_tree_is_reachable_one_question_at_a_time(rules) -> None:
    """Asking one question at a time reaches the outcome `paths` promises, for every route."""
    for answers, outcome in paths(rules):
        session = Session(rules)
        answer_all(session, answers)
        decision = session.decision()
        assert decision is not None and decision.outcome.id == outcome


def test_progress_counts_up_to_an_exact_total(rules) -> None:
    session = Session(rules)
    first = session.position()
    assert (first.index, first.total) == (0, 10)  # the longest route: latency -> fine-tune
    for value in ("not_enough", "no", "domain", 600):
        session.answer(value)
    followup = session.position()
    assert followup.followup and followup.outcome.id == "lora"
    assert (followup.index, followup.total) == (4, 9)


def test_back_at_the_start_and_jump_off_the_path(rules) -> None:
    session = Session(rules)
    assert not session.back()
    session.answer("not_tried")
    assert not session.jump("teacher")
    assert session.jump("tried_prompting")
    assert session.position().answer == "not_tried"


def test_answer_when_finished_is_an_error(rules) -> None:
    session = Session(rules, {"tried_prompting": "solved", "queries_per_day": 5})
    with pytest.raises(InputError):
        session.answer("x")


def test_bad_loaded_answers_change_nothing(rules) -> None:
    session = Session(rules, {"tried_prompting": "not_tried"})
    with pytest.raises(InputError):
        session.replace({"tried_prompting": "perhaps"})
    assert session.answers == {"tried_prompting": "not_tried"}


def test_path_answers_are_in_asking_order_and_skip_off_path_ones(rules) -> None:
    session = Session(rules)
    for value in ("not_enough", "no", "domain", 600):
        session.answer(value)
    session.jump("tried_prompting")
    session.answer("not_tried")
    assert list(session.path_answers()) == ["tried_prompting"]
    assert session.answers["training_examples"] == 600  # kept for when the path comes back


@given(text=st.text(max_size=12))
@settings(max_examples=200, deadline=None)
def test_parse_number_accepts_exactly_what_decide_accepts(rules, text) -> None:
    """Whatever is typed, the TUI agrees with the engine, and a refusal always says why."""
    question = rules.questions["training_examples"]
    value, problem = parse_number(question, text, "en")
    assert (value is None) != (problem is None)
    try:
        expected = normalize_answer(question, text)
    except InputError:
        expected = None
    assert value == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a number."),
        ("ten", "'ten' is not a number."),
        ("inf", "'inf' is not a number."),
        ("-1", "-1 is outside the allowed range."),
        ("0.5", "0.5 is not a whole number."),
        ("1,5", "'1,5' is not a number: commas must group thousands, as in 1,500."),
    ],
)
def test_parse_number_messages(rules, typed, message) -> None:
    assert parse_number(rules.questions["training_examples"], typed, "en") == (None, message)


def test_allowed_text_in_both_languages(rules) -> None:
    question = rules.questions["training_examples"]
    assert allowed_text(question, "en") == "Allowed: 0 to 100,000,000 examples (whole number)"
    assert allowed_text(question, "zh") == "允许范围：0 到 100,000,000 条（整数）"


def test_roi_seed_carries_the_scenario(rules) -> None:
    """What the ROI explorer will be handed: the outcome's family and the volumes answered."""
    session = Session(rules)
    assert session.roi_seed() is None
    answers = {"tried_prompting": "not_enough", "external_knowledge": "no"}
    answers |= {"what_needed": "domain", "training_examples": 600, "queries_per_day": 3000}
    answers |= {"budget_usd": 800, "task_type": "qa", "data_private": "no"}
    session.replace(answers | {"fast_iteration": "no"})
    seed = session.roi_seed()
    assert (seed.outcome, seed.family, seed.method) == ("lora", "finetune", "lora")
    assert (seed.queries_per_day, seed.budget_usd, seed.training_examples) == (3000, 800, 600)


def test_report_adds_the_reference_tables(rules) -> None:
    session = Session(rules, {"tried_prompting": "not_enough", "external_knowledge": "yes"})
    session.replace(session.answers | {"needs_style": "no", "queries_per_day": 10})
    text = report_markdown(rules, session.decision(), "en")
    assert "## Reference tables" in text
    assert "[seeds 004]" in text
    header = answers_file_header(session, "en")
    assert "advisor decide --answers" in header and "Outcome: rag" in header
