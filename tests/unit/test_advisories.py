"""Advisories fire on the seeds' conditions: volume, budget, data, privacy, iteration."""

from __future__ import annotations

import pytest

from advisor.core.engine import decide

LORA = {
    "tried_prompting": "not_enough",
    "external_knowledge": "no",
    "what_needed": "domain",
    "task_type": "qa",
    "data_private": "no",
    "fast_iteration": "no",
}


def fired(rules, **answers):
    return {a.id for a in decide(rules, {**LORA, **answers}).advisories}


@pytest.mark.parametrize(
    ("qpd", "budget", "low_volume", "low_budget", "met"),
    [
        (999, 500, True, False, False),
        (1000, 500, False, False, True),
        (5000, 99, False, True, False),
        (5000, 100, False, False, True),
    ],
)
def test_seed_000_worth_it_rule(rules, qpd, budget, low_volume, low_budget, met):
    ids = fired(rules, queries_per_day=qpd, budget_usd=budget, training_examples=2000)
    assert ("ft_low_volume" in ids) is low_volume
    assert ("ft_low_budget" in ids) is low_budget
    assert ("ft_thresholds_met" in ids) is met


def test_few_examples_warnings(rules):
    base = {"queries_per_day": 5000, "budget_usd": 500, "what_needed": "style_format"}
    assert {"under_50_examples", "under_10_examples"} <= fired(rules, training_examples=5, **base)
    ids = fired(rules, training_examples=30, **base)
    assert "under_50_examples" in ids and "under_10_examples" not in ids
    assert "under_50_examples" not in fired(rules, training_examples=50, **base)


def test_should_not_finetune_scenarios(rules):
    base = {"queries_per_day": 5000, "budget_usd": 500, "training_examples": 2000}
    assert "private_data" in fired(rules, **{**base, "data_private": "yes"})
    assert "fast_iteration" in fired(rules, **{**base, "fast_iteration": "yes"})
    assert not {"private_data", "fast_iteration"} & fired(rules, **base)


def test_data_volume_rows_from_both_seeds(rules):
    decision = decide(
        rules, {**LORA, "queries_per_day": 5000, "budget_usd": 500, "training_examples": 3000}
    )
    by_seed = {m.table.seed: m for m in decision.data_volume}
    assert set(by_seed) == {"001", "003"}
    assert by_seed["001"].row.min == 1000 and by_seed["001"].row.recommended == 5000
    assert by_seed["003"].row.ideal == 10000
    assert by_seed["001"].verdict == "min"


def test_data_volume_row_only_where_the_seed_has_the_task(rules):
    decision = decide(
        rules,
        {
            **LORA,
            "task_type": "dialogue",
            "queries_per_day": 5000,
            "budget_usd": 500,
            "training_examples": 60000,
        },
    )
    assert [m.table.seed for m in decision.data_volume] == ["003"]
    assert decision.data_volume[0].verdict == "ideal"


def test_knowledge_misconception_tip_on_rag(rules):
    decision = decide(
        rules,
        {
            "tried_prompting": "not_enough",
            "external_knowledge": "yes",
            "needs_style": "no",
            "queries_per_day": 100,
        },
    )
    ids = {a.id for a in decision.advisories}
    assert {"misconception_knowledge", "dont_finetune_early"} <= ids
    assert not any(a.id.startswith("ft_") for a in decision.advisories)
