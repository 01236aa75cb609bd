"""Every branch of seed tree A (000) and seed tree B (002), walked through the merged tree.

Each case lists the answers to the tree's questions along one seed branch and the outcome the
seed prescribes. Follow-up questions get neutral answers so the walk completes.
"""

from __future__ import annotations

import pytest

from advisor.core.engine import Decision, Pending, decide, paths, walk

FOLLOWUPS = {
    "queries_per_day": 2000,
    "budget_usd": 500,
    "task_type": "qa",
    "data_private": "no",
    "fast_iteration": "no",
}

NOT_ENOUGH = {"tried_prompting": "not_enough"}
NO_KNOWLEDGE = {**NOT_ENOUGH, "external_knowledge": "no"}

TREE_A = [
    # A: tried better prompts? no -> prompt engineering ($0)
    ("A: not tried -> prompt engineering", {"tried_prompting": "not_tried"}, "prompt_first"),
    # A: yes -> need external knowledge? yes -> RAG
    (
        "A: knowledge -> RAG",
        {**NOT_ENOUGH, "external_knowledge": "yes", "needs_style": "no"},
        "rag",
    ),
    # A: no -> need a specific style/format? yes -> fine-tune ($10-$1000)
    (
        "A: style/format -> fine-tune",
        {**NO_KNOWLEDGE, "what_needed": "style_format"},
        "finetune_style",
    ),
    # A: no -> "maybe your expectations are too high"
    (
        "A: nothing specific -> expectations",
        {**NO_KNOWLEDGE, "what_needed": "none"},
        "expectations",
    ),
]

TREE_B = [
    ("B: prompt solves it -> prompt", {"tried_prompting": "solved"}, "prompt_engineering"),
    (
        "B: external knowledge -> RAG",
        {**NOT_ENOUGH, "external_knowledge": "yes", "needs_style": "no"},
        "rag",
    ),
    (
        "B: style/format -> fine-tune",
        {**NO_KNOWLEDGE, "what_needed": "style_format"},
        "finetune_style",
    ),
    (
        "B: domain, <100 -> prompt",
        {**NO_KNOWLEDGE, "what_needed": "domain", "training_examples": 40},
        "more_data_prompt",
    ),
    (
        "B: domain, 100-10000 -> LoRA",
        {**NO_KNOWLEDGE, "what_needed": "domain", "training_examples": 2500},
        "lora",
    ),
    (
        "B: domain, >10000 -> full",
        {**NO_KNOWLEDGE, "what_needed": "domain", "training_examples": 50000},
        "full_finetune",
    ),
    (
        "B: latency/cost -> fine-tune",
        {**NO_KNOWLEDGE, "what_needed": "latency_cost", "teacher": "no"},
        "finetune_latency",
    ),
]

OTHER_SEEDS = [
    (
        "004: knowledge + voice -> RAG + fine-tune",
        {**NOT_ENOUGH, "external_knowledge": "yes", "needs_style": "yes"},
        "rag_finetune",
    ),
    (
        "000: latency/cost with a teacher -> distil",
        {**NO_KNOWLEDGE, "what_needed": "latency_cost", "teacher": "yes"},
        "distill",
    ),
]

CASES = TREE_A + TREE_B + OTHER_SEEDS


@pytest.mark.parametrize(("answers", "outcome"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_seed_branch_reaches_its_outcome(rules, answers, outcome):
    decision = decide(rules, {**answers, **FOLLOWUPS, "training_examples": 1000, **answers})
    assert decision.outcome.id == outcome
    tree_steps = [s for s in decision.trail if not s.followup]
    assert [s.question.id for s in tree_steps] == list(answers)
    for step in tree_steps:
        assert step.reason is not None and step.reason.en and step.reason.zh
        assert step.seeds, f"edge out of {step.question.id} names no seed"


@pytest.mark.parametrize(
    ("count", "outcome"),
    [
        (0, "more_data_prompt"),
        (99, "more_data_prompt"),
        (100, "lora"),
        (10000, "lora"),
        (10001, "full_finetune"),
    ],
)
def test_tree_b_data_volume_boundaries(rules, count, outcome):
    answers = {**NO_KNOWLEDGE, "what_needed": "domain", "training_examples": count, **FOLLOWUPS}
    assert decide(rules, answers).outcome.id == outcome


def test_every_outcome_is_reachable_and_every_path_completes(rules):
    seen = {}
    for answers, outcome in paths(rules):
        result = walk(rules, answers)
        assert isinstance(result, Decision)
        assert result.outcome.id == outcome
        seen[outcome] = answers
    assert set(seen) == set(rules.outcomes)


def test_outcomes_name_the_concrete_method_where_the_seeds_do(rules):
    assert rules.outcomes["lora"].method == "lora"
    assert rules.outcomes["full_finetune"].method == "full"
    assert rules.outcomes["finetune_style"].method == "lora"
    for outcome in rules.outcomes.values():
        if outcome.family in ("finetune", "rag_finetune"):
            assert outcome.method is not None and outcome.training_type is not None


def test_followups_are_asked_only_where_they_matter(rules):
    prompt = walk(rules, {"tried_prompting": "not_tried"})
    assert isinstance(prompt, Pending) and prompt.question.id == "queries_per_day"
    done = walk(rules, {"tried_prompting": "not_tried", "queries_per_day": 10})
    assert isinstance(done, Decision)  # no budget or data questions for a prompt route
    lora = walk(
        rules,
        {**NO_KNOWLEDGE, "what_needed": "domain", "training_examples": 500, "queries_per_day": 10},
    )
    assert isinstance(lora, Pending) and lora.question.id == "budget_usd" and lora.followup


def test_training_examples_asked_once_on_the_domain_path(rules):
    answers = {**NO_KNOWLEDGE, "what_needed": "domain", "training_examples": 500, **FOLLOWUPS}
    decision = decide(rules, answers)
    assert [s.question.id for s in decision.trail].count("training_examples") == 1


def test_style_path_asks_for_examples_as_a_followup(rules):
    answers = {**NO_KNOWLEDGE, "what_needed": "style_format", **FOLLOWUPS}
    pending = walk(rules, answers)
    assert isinstance(pending, Pending) and pending.question.id == "training_examples"
