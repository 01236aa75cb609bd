"""The distilled student served on your own GPUs, sized by the serving estimator (issue 4).

The ROI model's step cost for self-hosting comes from the same `serving_plan` that
`advisor train --queries-per-day` prints, so the two commands always agree.
"""

from __future__ import annotations

import math

import pytest

from advisor.core.options import hand_plan
from advisor.core.serving import serving_plan
from advisor.errors import InputError
from tests.unit.roi_helpers import result, scenario

SELF = ("distill.serving=self_hosted", "distill.self_hosted.gpu=h100")


def test_plan_matches_the_serving_estimator():
    s = scenario(*SELF)
    plan = hand_plan(s)
    d = s.distill
    direct = serving_plan(
        d.student,
        "h100",
        queries_per_day=0.0,
        tokens_in=d.system_tokens + d.input_tokens,
        tokens_out=d.output_tokens,
    )
    assert plan.replica_monthly_usd == pytest.approx(direct.curve.monthly_usd_per_replica)
    assert plan.queries_per_day_per_replica == pytest.approx(direct.curve.capacity_qpd_per_replica)
    assert "serving estimator" in plan.source and plan.figures


def test_monthly_cost_steps_at_each_replica():
    plan = hand_plan(scenario(*SELF))
    cap, unit = plan.queries_per_day_per_replica, plan.replica_monthly_usd
    r = result(*SELF, "queries_per_day=1000")
    for k in (1, 2, 3):
        # Just above k replicas' capacity one more replica is paid for; the per-query part of
        # the cost adds almost nothing over that sliver of volume.
        jump = r.monthly_cost("distill", k * cap * (1 + 1e-12)) - r.monthly_cost("distill", k * cap)
        assert jump == pytest.approx(unit, rel=1e-6)
        flat = r.monthly_cost("distill", (k - 0.5) * cap) - r.monthly_cost(
            "distill", (k - 0.9) * cap
        )
        assert flat == pytest.approx(0, abs=1e-6 * unit)


def test_high_availability_adds_a_spare_replica():
    one = hand_plan(scenario(*SELF))
    ha = hand_plan(scenario(*SELF, "distill.self_hosted.high_availability=true"))
    assert ha.extra_replicas == 1
    assert ha.curve(1e9)(0) == pytest.approx(2 * one.replica_monthly_usd)
    assert ha.replicas(0) == 2


def test_break_evens_against_self_hosting_are_exact():
    r = result(*SELF, "queries_per_day=50000")
    pairs = [b for b in r.break_evens if "distill" in (b.a, b.b) and b.queries_per_day]
    assert pairs
    for b in pairs:
        q = b.queries_per_day
        assert math.isclose(r.monthly_cost(b.a, q), r.monthly_cost(b.b, q), rel_tol=1e-9)


def test_hand_numbers_win_over_the_estimator():
    plan = hand_plan(
        scenario(
            *SELF,
            "distill.self_hosted.replica_monthly_usd=50",
            "distill.self_hosted.queries_per_day_per_replica=1e9",
        )
    )
    assert plan.replica_monthly_usd == 50 and plan.source.startswith("by hand")


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (("distill.serving=self_hosted",), "set distill.self_hosted.gpu"),
        (
            (*SELF[:1], "distill.self_hosted.gpu=h999"),
            "distill.self_hosted.gpu 'h999': unknown GPU",
        ),
        ((*SELF, "distill.self_hosted.model=gpt-9"), "distill.self_hosted.model 'gpt-9'"),
    ],
)
def test_bad_self_hosting_inputs_are_clear(sets, message):
    with pytest.raises(InputError) as info:
        hand_plan(scenario(*sets))
    assert message in str(info.value)


def test_uncertainty_prices_an_estimator_plan_like_the_point_model():
    """The Monte Carlo kernel uses the estimator's plan: degenerate ranges give the point."""
    from advisor.core import uncertainty
    from advisor.core.roi_inputs import build, compute_result
    from tests.unit.roi_helpers import TODAY

    sets = [*SELF, "distill.self_hosted.high_availability=true", "queries_per_day=2e6"]
    inputs = build(None, sets=sets)
    point = compute_result(inputs, today=TODAY)
    degenerate = build(None, sets=[*sets, "distill.self_hosted.peak_to_avg=2..2..2"])
    u = uncertainty.simulate(degenerate, point, draws=200, seed=1)
    distill = next(o for o in u.options if o.id == "distill")
    expected = point.monthly_cost("distill", 2e6)
    assert distill.monthly_cost.p10 == pytest.approx(expected, rel=1e-12)
    assert distill.monthly_cost.p90 == pytest.approx(expected, rel=1e-12)


def test_a_ranged_gpu_price_moves_the_self_hosted_cost():
    from advisor.core import uncertainty
    from advisor.core.roi_inputs import build, compute_result
    from tests.unit.roi_helpers import TODAY

    sets = [*SELF, "queries_per_day=2e6", "distill.self_hosted.usd_per_gpu_hour=2..6"]
    inputs = build(None, sets=sets)
    point = compute_result(inputs, today=TODAY)
    u = uncertainty.simulate(inputs, point, draws=400, seed=3)
    distill = next(o for o in u.options if o.id == "distill")
    assert distill.monthly_cost.p10 < point.monthly_cost("distill", 2e6) < distill.monthly_cost.p90
