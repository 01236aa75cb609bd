"""Self-hosted serving: capacity at the SLO, replicas as a step function, monthly cost."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.hardware import Hardware, load_hardware
from advisor.core.serving import (
    ServingCurve,
    ServingRules,
    fit_capacity,
    gpus_per_replica,
    load_serving_rules,
    requests_per_second,
    serving_curve,
    serving_plan,
)
from advisor.core.training import to_jsonable
from advisor.errors import InputError


@pytest.fixture(scope="module")
def hw() -> Hardware:
    return load_hardware()


@pytest.fixture(scope="module")
def rules() -> ServingRules:
    return load_serving_rules()


def plan(hw, rules, model="llama-3.1-8b", gpu="h100_sxm", **kw):
    options = {"queries_per_day": 10_000, "tokens_in": 1000, "tokens_out": 300}
    options.update(kw)
    return serving_plan(model, gpu, hardware=hw, rules=rules, **options)


def test_capacity_fit_reproduces_the_measured_workloads(hw, rules):
    """silybench: Qwen3-8B on one H100 at the SLO, five workloads, each within 10%."""
    fit = fit_capacity(rules, hw)
    assert len(fit.errors) == len(rules.reference.points) == 5
    assert all(abs(e) <= 0.10 for e in fit.errors)
    assert all(c > 0 for c in fit.coefficients)
    model = hw.models.models["qwen3-8b"]
    gpu = hw.gpus.gpus["h100_sxm"]
    rps = requests_per_second(model, gpu, 1, 1024, 128, fit)
    assert rps * 128 == pytest.approx(3018, rel=0.10)  # prefill-heavy, BF16 output tokens/s


def test_70b_on_two_h100s_is_in_line_with_tensorrt_at_the_slo_factor(hw, rules):
    """cost_model.md C: TensorRT-LLM max x 0.5-0.6 for vLLM at an SLO (70B TP2, 1k/1k)."""
    fit = fit_capacity(rules, hw)
    model = hw.models.models["llama-3.1-70b"]
    rps = requests_per_second(model, hw.gpus.gpus["h100_sxm"], 2, 1000, 1000, fit)
    assert rps * 1000 == pytest.approx(4205 * 0.58, rel=0.35)


def test_worked_example_distilled_8b_on_one_h100(hw, rules):
    """cost_model.md A.7: 1x H100 always-on at $2.69/h = $1,964 a month; 10k/day uses < 1%."""
    p = plan(hw, rules, usd_per_hour=2.69, tokens_in=1024, tokens_out=128)
    assert (p.replicas, p.gpus_per_replica, p.gpus_total) == (1, 1, 1)
    assert p.monthly_usd == pytest.approx(2.69 * 730)
    assert round(p.monthly_usd) == 1964
    assert p.queries_per_day / 86_400 / p.requests_per_s_per_replica < 0.01


def test_big_models_need_tensor_parallel_replicas(hw, rules):
    assert plan(hw, rules, "llama-3.1-70b", "h100_sxm").gpus_per_replica == 2
    # 141 GB of bf16 weights do not fit one 141 GB H200 (TensorRT's 1x H200 figure is FP8)
    assert plan(hw, rules, "llama-3.1-70b", "h200").gpus_per_replica == 2
    assert plan(hw, rules, "qwen2.5-32b", "h200").gpus_per_replica == 1
    assert plan(hw, rules, "qwen2.5-72b", "rtx_4090").gpus_per_replica == 8
    m = hw.models.models["llama-3.1-70b"]
    assert gpus_per_replica(m, hw.gpus.gpus["rtx_3090"], 1e5, 1e4, rules, hw) is None
    with pytest.raises(InputError, match="does not fit"):
        plan(hw, rules, "llama-3.1-70b", "l4", tokens_in=100_000)


def test_replicas_step_up_exactly_at_capacity():
    curve = ServingCurve(1000.0, 500.0, 1, 0, 1)
    assert curve.replicas(0) == 1
    assert curve.replicas(1000) == 1  # exactly at capacity still fits
    assert curve.replicas(1000.0001) == 2
    assert curve.replicas(3000) == 3
    assert curve.monthly_usd(2500) == 1500
    assert curve.steps(3500) == (1000.0, 2000.0, 3000.0)


def test_float_rounding_does_not_add_a_replica_at_a_step():
    cap = 702853.3920487998
    curve = ServingCurve(cap, 1.0, 1, 0, 1)
    for k in range(1, 50):
        assert curve.replicas(k * cap) == k


def test_high_availability_and_scale_to_zero(hw, rules):
    base = plan(hw, rules)
    ha = plan(hw, rules, ha=True)
    assert ha.replicas == base.replicas + 1
    assert ha.monthly_usd == pytest.approx(2 * base.monthly_usd)
    zero = plan(hw, rules, queries_per_day=0, min_replicas=0)
    assert zero.replicas == 0 and zero.monthly_usd == 0
    assert zero.usd_per_mtok is None and zero.usd_per_query is None


def test_cost_per_token_at_this_volume_and_at_capacity(hw, rules):
    p = plan(hw, rules, queries_per_day=50_000, usd_per_hour=2.0, hours_per_month=720)
    tokens = 50_000 * 30 * 1300
    assert p.usd_per_mtok == pytest.approx(p.monthly_usd / tokens * 1e6)
    at_capacity = 2.0 / (p.requests_per_s_per_replica * 1300 * 3600) * 1e6
    assert p.usd_per_mtok_at_capacity == pytest.approx(at_capacity)
    assert p.usd_per_mtok > p.usd_per_mtok_at_capacity


def test_serving_curve_is_what_the_plan_uses(hw, rules):
    curve = serving_curve(
        "llama-3.1-8b", "a100_80", tokens_in=500, tokens_out=200, hardware=hw, rules=rules
    )
    for q in (0, 1e4, 1e6, 1e7):
        p = plan(hw, rules, gpu="a100_80", queries_per_day=q, tokens_in=500, tokens_out=200)
        assert p.replicas == curve.replicas(q)
        assert p.monthly_usd == curve.monthly_usd(q)


def test_peak_to_average_shrinks_capacity_per_day(hw, rules):
    flat = plan(hw, rules, peak_to_avg=1)
    peaky = plan(hw, rules, peak_to_avg=4)
    assert flat.curve.capacity_qpd_per_replica == pytest.approx(
        4 * peaky.curve.capacity_qpd_per_replica
    )


def test_prices_come_from_the_tier_or_by_hand(hw, rules):
    assert plan(hw, rules).price.tier == "cloud"
    assert plan(hw, rules, price_tier="marketplace").price.usd_per_hour == 2.69
    with pytest.raises(InputError, match="no price in tier"):
        plan(hw, rules, gpu="h100_sxm", price_tier="seed001")


def test_plan_is_json_serialisable(hw, rules):
    data = json.loads(json.dumps(to_jsonable(plan(hw, rules))))
    assert data["curve"]["capacity_qpd_per_replica"] > 0
    assert data["price"]["source"]["checked"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"queries_per_day": -1},
        {"queries_per_day": math.nan},
        {"queries_per_day": math.inf},
        {"queries_per_day": 1e12},
        {"tokens_out": 0},
        {"tokens_in": -5},
        {"peak_to_avg": 0.5},
        {"usd_per_hour": -1},
        {"hours_per_month": 0},
    ],
)
def test_bad_serving_input_is_one_clear_error(hw, rules, kwargs):
    with pytest.raises(InputError):
        plan(hw, rules, **kwargs)


def test_unknown_model_or_gpu_suggests(hw, rules):
    with pytest.raises(InputError, match="did you mean"):
        plan(hw, rules, model="qwen2.5-7")
    with pytest.raises(InputError, match="did you mean"):
        plan(hw, rules, gpu="a10")


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0, 5e7, allow_nan=False),
    b=st.floats(0, 5e7, allow_nan=False),
    cap=st.floats(1, 1e7, allow_nan=False),
    extra=st.integers(0, 2),
)
def test_monthly_cost_never_decreases_with_volume(a, b, cap, extra):
    curve = ServingCurve(cap, 100.0, 1, extra, 1)
    low, high = sorted((a, b))
    assert curve.monthly_usd(low) <= curve.monthly_usd(high)
    n = curve.replicas(high) - extra
    assert (n - 1) * cap < high <= n * cap or (n == 1 and high <= cap)
