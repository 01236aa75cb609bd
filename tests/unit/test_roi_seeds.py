"""The seeds' worked numbers come out exactly when the model is configured like them."""

from __future__ import annotations

import pytest

from advisor.core.roi_inputs import build
from tests.unit.roi_helpers import preset_result


@pytest.mark.parametrize(
    ("preset", "api", "saving_pct"),
    [
        ("seed001-small", 45.0, -11.1),
        ("seed001-medium", 450.0, 88.9),
        ("seed001-large", 4500.0, 98.9),
    ],
)
def test_seed001_api_vs_self_hosting(preset, api, saving_pct):
    # CostCalculator: requests/day x 500 tokens x 30 days x $0.03/1K vs a flat $50/month.
    r = preset_result(preset)
    assert r.option("api").monthly_cost_usd == pytest.approx(api, rel=1e-12)
    assert r.option("api").per_query_usd == pytest.approx(500 * 0.03 / 1000, rel=1e-12)
    assert r.option("distill").monthly_cost_usd == pytest.approx(50.0, rel=1e-12)
    saving = api - 50.0
    assert round(saving / api * 100, 1) == saving_pct
    [be] = r.break_evens
    assert be.queries_per_day == pytest.approx(50 / (0.015 * 30), rel=1e-12)  # 111.1/day
    assert (be.cheaper_below, be.cheaper_above) == ("api", "distill")


def test_seed001_month_is_30_days_and_visible():
    r = preset_result("seed001-medium", "days_per_month=30.4")
    assert r.option("api").monthly_cost_usd == pytest.approx(1000 * 30.4 * 0.015)


def test_seed002_training_estimate():
    # FinetuneCostEstimator: 1,000 examples x 500 tokens x 3 epochs x $3.00/M = $4.50.
    inputs = build(None, preset="seed002-gpt4o-mini")
    from advisor.core.roi import option_models
    from tests.unit.roi_helpers import PRICES

    ft = option_models(inputs.scenario, inputs.catalog, PRICES)["finetune"]
    assert ft.upfront_usd == pytest.approx(4.50, rel=1e-12)
    [training] = [i for i in ft.items if i.key == "training"]
    assert "1,000 ex x 500 tok x 3 ep x $3/M" in training.formula.en
    # and its inference at the seed's own prices: $0.30 in / $1.20 out per 1M
    s = inputs.scenario.finetune
    per_query = ((s.system_tokens + s.input_tokens) * 0.30 + s.output_tokens * 1.20) / 1e6
    assert ft.running(1000) == pytest.approx(per_query * 1000 * 30)


def test_seed000_cost_table_ordering():
    # Per 1M input tokens: GPT-5 prompt-only 1.25 > fine-tuned 4.1-mini 0.80 > RAG on
    # 4.1-mini 0.40 > distilled 0.10; up front: $0 < $5 < $50-500 < $100-1000.
    r = preset_result("seed000-medical-billing")
    per_query = {o.id: o.per_query_usd for o in r.options}
    assert per_query["api"] > per_query["finetune"] > per_query["rag"] > per_query["distill"]
    assert per_query["api"] == pytest.approx(1000 * 1.25 / 1e6)
    assert per_query["finetune"] == pytest.approx(1000 * 0.80 / 1e6)
    assert per_query["distill"] == pytest.approx(1000 * 0.10 / 1e6)
    upfront = {o.id: o.upfront_usd for o in r.options}
    assert upfront["api"] == 0
    assert upfront["rag"] == pytest.approx(5.0)
    assert upfront["finetune"] == pytest.approx(50.0)
    assert upfront["distill"] == pytest.approx(100.0)
    assert upfront["api"] < upfront["rag"] < upfront["finetune"] < upfront["distill"]


def test_seed000_rule_of_thumb_falls_inside_its_own_range():
    # "worth it when > 1000 queries/day": fine-tuning pays off (12 months, one-off spread)
    # above 50/12 / (0.00045 x 30) = 308.6/day at $50 up front, 3,086/day at $500.
    low = preset_result("seed000-medical-billing")
    high = preset_result("seed000-medical-billing", "finetune.labelling_usd=485")

    def api_vs_finetune(r):
        [be] = [b for b in r.break_evens if {b.a, b.b} == {"api", "finetune"}]
        assert (be.cheaper_below, be.cheaper_above) == ("api", "finetune")
        return be.queries_per_day

    assert api_vs_finetune(low) == pytest.approx(50 / 12 / (0.00045 * 30), rel=1e-9)
    assert api_vs_finetune(high) == pytest.approx(500 / 12 / (0.00045 * 30), rel=1e-9)
    assert api_vs_finetune(low) < 1000 < api_vs_finetune(high)


def test_default_scenario_matches_the_reference_worked_example():
    # cost_model.md §A.7 at 10k queries/day and 30.4-day months: few-shot gpt-4.1-mini
    # $0.00168/query = $511/month; fine-tune $0.00144/query = $438 + $67.5 per run;
    # teacher generation 20k x (1,000 in + 400 out) on gpt-4.1 batch = $52.
    from tests.unit.roi_helpers import result

    r = result("queries_per_day=10000", "days_per_month=30.4")
    assert r.option("api").per_query_usd == pytest.approx(0.00168)
    assert r.option("api").monthly_running_usd == pytest.approx(510.72)
    assert r.option("finetune").per_query_usd == pytest.approx(0.00144)
    items = {i.key: i.usd for i in r.option("finetune").model.items}
    assert items["training"] == pytest.approx(67.5)
    gen = {i.key: i.usd for i in r.option("distill").model.items}["generation"]
    assert gen == pytest.approx(52.0)
