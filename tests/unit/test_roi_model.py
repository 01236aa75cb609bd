"""The cost model: formulas, plan minimums, steps, payback, notices, assumptions."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.options import ServingPlan, TokenRates, option_models, token_cost
from advisor.core.roi import compute
from advisor.core.scenario import OPTION_IDS
from tests.unit.roi_helpers import PRICES, TODAY, catalog, result, scenario


def test_token_cost_with_cache_and_batch():
    p = TokenRates(input=0.4, cached=0.1, output=1.6, b_input=0.2, b_cached=0.1, b_output=0.8)
    # 2,500-token prefix, 80% cached; 500 dynamic; 300 out; half the queries in batch
    listed = (2500 * (0.8 * 0.1 + 0.2 * 0.4) + 500 * 0.4 + 300 * 1.6) / 1e6
    batched = (2500 * (0.8 * 0.1 + 0.2 * 0.2) + 500 * 0.2 + 300 * 0.8) / 1e6
    assert token_cost(2500, 500, 300, 0.8, 0.5, p) == pytest.approx((listed + batched) / 2)
    assert token_cost(0, 0, 0, 0, 0, p) == 0


def test_reasoning_tokens_bill_as_output():
    a = result("api.reasoning_tokens=1000").option("api").per_query_usd
    b = result().option("api").per_query_usd
    assert a - b == pytest.approx(1000 * 1.6 / 1e6)


def test_rag_vector_store_minimum_is_a_kink_at_the_right_volume():
    r = result()
    rag = r.option("rag").model
    # 20M tokens / 400 = 50,000 chunks x (1536 x 4 + 1,000) B = 0.3572 GB
    gb = 50_000 * (1536 * 4 + 1000) / 1e9
    read = max(0.25, gb) * 16 / 1e6  # $ per query in read units
    kink = (50 - gb * 0.33) / (read * 30)  # queries/day where usage passes the $50 minimum
    assert kink in [pytest.approx(s) for s in rag.running.starts]
    _, slope = rag.running.piece(kink / 2)
    _, slope2 = rag.running.piece(kink * 2)
    assert slope2 - slope == pytest.approx(read * 30)
    assert r.option("rag").upfront_usd == pytest.approx(20e6 * 0.01 / 1e6)


def test_finetune_retraining_is_amortised_monthly():
    r = result("finetune.retrain_every_months=3")
    ft = {i.key: i.usd for i in r.option("finetune").model.items}
    assert ft["retraining"] == pytest.approx(67.5 / 3)
    assert result("finetune.retrain_every_months=0").option("finetune").model.running(0) == 0


def test_distill_generation_respects_acceptance_and_batch():
    gen = {
        i.key: i.usd for i in result("distill.acceptance_rate=0.5").option("distill").model.items
    }
    assert gen["generation"] == pytest.approx(104.0)
    gen = {
        i.key: i.usd for i in result("distill.teacher_batch=false").option("distill").model.items
    }
    assert gen["generation"] == pytest.approx(20_000 * (1000 * 2 + 400 * 8) / 1e6)


def test_self_hosted_serving_by_hand_is_a_step_function():
    r = result(
        "distill.serving=self_hosted",
        "distill.self_hosted.replica_monthly_usd=1964",
        "distill.self_hosted.queries_per_day_per_replica=100000",
        "queries_per_day=150000",
    )
    d = r.option("distill")
    assert d.monthly_fixed_usd == pytest.approx(2 * 1964 + 38.64 / 6 + 0.25 * 52 / 6)
    curve = d.model.running
    assert curve(100_000) + 1964 == pytest.approx(curve.after(100_000))


def test_a_serving_plan_plugs_in_and_its_step_is_an_exact_break_even():
    # The seam for the GPU serving estimator: a ServingPlan given to compute().
    plan = ServingPlan(
        replica_monthly_usd=600,
        queries_per_day_per_replica=20_000,
        source="test plan: 1 x GPU at $0.82/h x 730 h",
    )
    r = result("distill.serving=self_hosted", "distill.retrain_every_months=0", serving_plan=plan)
    assert r.serving_source == plan.source
    steps = [b for b in r.break_evens if b.kind == "step"]
    for b in steps:
        q = b.queries_per_day
        assert q % 20_000 == 0
        a, c = r.amortised(b.a), r.amortised(b.b)
        below_a_cheaper = a(q) < c(q)
        above_a_cheaper = a.after(q) < c.after(q)
        assert below_a_cheaper != above_a_cheaper
    assert steps, "a replica step should swap distill and api somewhere"


def test_missing_self_hosted_plan_is_a_clear_error():
    from advisor.errors import InputError

    with pytest.raises(InputError, match=r"distill\.self_hosted\.replica_monthly_usd"):
        result("distill.serving=self_hosted")
    # not an error when distill is not compared
    assert result("distill.serving=self_hosted", "compare=api,rag").cheapest == "api"


def test_payback_against_the_api_baseline():
    r = result()
    d, api = r.option("distill"), r.option("api")
    expected = d.upfront_usd / (api.monthly_running_usd - d.monthly_running_usd)
    assert d.payback_months == pytest.approx(expected)
    assert api.payback_months == 0
    assert r.option("rag").payback_months is None  # dearer every month: never


def test_payback_without_api_uses_the_cheapest_one_off():
    r = result("compare=finetune,distill")
    assert r.baseline == "finetune"


def test_zero_volume_works():
    r = result("queries_per_day=0")
    for o in r.options:
        assert math.isfinite(o.monthly_cost_usd) and o.monthly_cost_usd >= 0
    assert r.cheapest in OPTION_IDS
    assert r.option("api").monthly_running_usd == 0


def test_notices_stale_figures_and_availability():
    r = result(today=dt.date(2026, 11, 23))
    codes = {(n.code, n.subject) for n in r.notices}
    assert ("passed", "gpt-4.1-mini") in codes  # closed to new orgs on 2026-05-07
    assert ("in_horizon", "gpt-4.1-mini") in codes  # everyone on 2027-01-06
    assert ("retrain_blocked", "gpt-4.1-mini") in codes
    assert not any(n.code == "stale" for n in r.notices)
    later = result(today=dt.date(2027, 9, 1))
    stale = {n.subject for n in later.notices if n.code == "stale"}
    assert "finetune_bases[gpt-4.1-mini].training_per_mtok" in stale
    assert not any(n.code == "in_horizon" for n in later.notices)


def test_stale_limit_is_an_input():
    r = result("stale_after_days=30")
    assert any(n.code == "stale" for n in r.notices)


def test_retired_models_are_flagged():
    r = result("finetune.base=gpt-4.1-nano")
    assert any(n.code == "passed" and n.fact.effect == "retired" for n in r.notices)


def test_assumptions_list_every_input_with_its_origin():
    r = compute(
        scenario("api.output_tokens=400"),
        catalog(),
        PRICES,
        today=TODAY,
        origins={"api.output_tokens": "--set"},
    )
    paths = {a.path: a for a in r.assumptions}
    assert paths["api.output_tokens"].value == 400 and paths["api.output_tokens"].source == "--set"
    assert paths["rag.vector_store"].source == "default"
    assert "price.api.input_per_mtok" in paths


def test_only_compared_options_are_priced():
    r = result("compare=api,finetune")
    assert [o.id for o in r.options] == ["api", "finetune"]
    assert {b.a for b in r.break_evens} | {b.b for b in r.break_evens} <= {"api", "finetune"}


def test_results_are_pure():
    assert result() == result()


# --- properties over the real options ---------------------------------------------------------


@st.composite
def scenarios(draw):
    sets = [
        f"queries_per_day={draw(st.floats(0, 1e6))}",
        f"api.system_tokens={draw(st.integers(0, 20_000))}",
        f"api.output_tokens={draw(st.integers(0, 4000))}",
        f"api.cache_hit_rate={draw(st.floats(0, 1))}",
        f"api.batch_share={draw(st.floats(0, 1))}",
        f"rag.corpus_tokens={draw(st.floats(0, 1e10))}",
        f"finetune.examples={draw(st.integers(0, 100_000))}",
        f"finetune.retrain_every_months={draw(st.integers(0, 24))}",
        f"distill.examples={draw(st.integers(0, 100_000))}",
        f"horizon_months={draw(st.integers(1, 60))}",
    ]
    if draw(st.booleans()):
        sets += [
            "distill.serving=self_hosted",
            f"distill.self_hosted.replica_monthly_usd={draw(st.floats(0, 1e4))}",
            f"distill.self_hosted.queries_per_day_per_replica={draw(st.floats(2e4, 1e7))}",
        ]
    return sets


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_options_never_get_cheaper_with_volume_and_break_evens_hold(sets):
    r = result(*sets)
    for o in r.options:
        assert o.model.running.is_nondecreasing()
        assert o.model.running(0) <= o.model.running(1e6) + 1e-9
    for b in r.break_evens:
        if b.kind != "cross":
            continue
        va = r.monthly_cost(b.a, b.queries_per_day)
        vb = r.monthly_cost(b.b, b.queries_per_day)
        assert abs(va - vb) <= 1e-9 * max(va, vb, 1e-12)


def test_option_models_are_there_for_others_to_evaluate():
    models = option_models(scenario(), catalog(), PRICES)
    assert list(models) == list(OPTION_IDS)
    assert models["api"].monthly(1000, 12) == pytest.approx(0.00168 * 30_000)
