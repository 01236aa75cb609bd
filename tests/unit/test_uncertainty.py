"""Monte Carlo, one-way sensitivity and value: exact where they must be, right within sampling
error where they are random.

Tolerances for random quantities come from the binomial standard error of the n draws, never
a magic number: a share p of n independent draws has standard error sqrt(p (1 - p) / n), and
every check allows 4 of them (a false alarm about once in 16,000 runs; the seed is fixed, so
in practice never).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core import uncertainty as U
from advisor.core.roi_inputs import build, compute_result
from tests.unit.roi_helpers import TODAY

HAND = [
    "api.price.input_per_mtok=0.4",
    "api.price.cached_input_per_mtok=0.1",
    "api.price.output_per_mtok=1.6",
    "distill.teacher_price.input_per_mtok=2",
    "distill.teacher_price.output_per_mtok=8",
]


def _run(*sets: str, preset: str | None = None):
    inputs = build(preset=preset, sets=[*HAND, *sets] if preset is None else list(sets))
    return inputs, compute_result(inputs, today=TODAY)


def _z(p: float, n: int, k: float = 4.0) -> float:
    """k binomial standard errors of a share p over n draws."""
    return k * math.sqrt(max(p * (1 - p), 1 / n) / n)


# --- exactness ----------------------------------------------------------------------------------

DEGENERATE = [
    "queries_per_day=1000..1000",
    "api.output_tokens=300..300..300",
    "*.input_tokens=500..500",
    "api.price.input_per_mtok=0.4..0.4",
    "distill.acceptance_rate=uniform:1..1",
    "finetune.epochs=3..3",
]


def _assert_point(u, result):
    q = result.scenario.queries_per_day
    for o in u.options:
        assert o.p_cheapest == (1.0 if o.id == result.cheapest else 0.0)
        value = result.amortised(o.id)(q)
        assert o.monthly_cost == (value, value, value)
        point = result.option(o.id).payback_months
        if o.id == result.baseline:
            assert o.payback is None
        else:
            want = math.inf if point is None else point
            assert o.payback == (want, want, want)
    for b in u.break_evens:
        assert b.quantiles == (b.point, b.point, b.point)
        first = next((x for x in result.break_evens if {x.a, x.b} == {b.below, b.above}), None)
        if first is not None:
            assert b.point == first.queries_per_day


@pytest.mark.parametrize("preset", [None, "seed000-medical-billing", "seed001-medium"])
def test_degenerate_ranges_give_exactly_the_point_estimate(preset):
    inputs, result = _run(*DEGENERATE, preset=preset)
    assert len(inputs.ranges) >= len(DEGENERATE)
    u = U.simulate(inputs, result, draws=500, seed=3)
    assert u.default_spread is None
    _assert_point(u, result)
    s = U.tornado(inputs, result)
    for r in s.rows:
        assert r.lead_low == r.lead_high == s.lead
        assert r.break_even_low == r.break_even_high == s.break_even


def test_every_pair_can_be_simulated():
    inputs, result = _run(*DEGENERATE)
    u = U.simulate(inputs, result, draws=200, pairs=U.pair_orientations(result))
    assert len(u.break_evens) == 6
    _assert_point(u, result)


# --- reproducibility and coherence ----------------------------------------------------------------


def test_a_fixed_seed_gives_identical_results_and_another_seed_does_not():
    inputs, result = _run("api.output_tokens=200..600", "queries_per_day=lognormal:300..3000")
    a = U.simulate(inputs, result, draws=2000, seed=7)
    b = U.simulate(inputs, result, draws=2000, seed=7)
    c = U.simulate(inputs, result, draws=2000, seed=8)
    assert a._replace(curves=None) == b._replace(curves=None)
    assert a.options != c.options


def test_adding_a_range_leaves_the_others_draws_alone():
    """Each group has its own seeded stream, so its draws do not depend on the others."""
    inputs, _result = _run("api.output_tokens=200..600")
    one = U._columns(inputs.ranges, 100, 5)
    inputs2, _ = _run("api.output_tokens=200..600", "api.input_tokens=100..900")
    two = U._columns(inputs2.ranges, 100, 5)
    assert one["api.output_tokens"].v == two["api.output_tokens"].v


RANGED = st.lists(
    st.sampled_from(
        [
            "queries_per_day=100..5000",
            "queries_per_day=lognormal:200..20000",
            "*.output_tokens=100..900",
            "api.system_tokens=uniform:500..6000",
            "finetune.retrain_every_months=0..12",
            "distill.acceptance_rate=0.2..1",
            "rag.chunks_per_query=0..10",
            "finetune.price.training_per_mtok=2..25",
            "api.price.output_per_mtok=lognormal:0.5..4",
            "horizon_months=3..36",
            "days_per_month=28..31",
        ]
    ),
    min_size=1,
    max_size=4,
    unique=True,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RANGED, st.integers(0, 2**32))
def test_probabilities_sum_to_one_and_quantiles_are_ordered(sets, seed):
    inputs, result = _run(*sets)
    u = U.simulate(inputs, result, draws=300, seed=seed)
    assert math.fsum(o.p_cheapest for o in u.options) == pytest.approx(1.0, abs=1e-12)
    assert all(0 <= o.p_cheapest <= 1 for o in u.options)
    for o in u.options:
        assert o.monthly_cost.p10 <= o.monthly_cost.p50 <= o.monthly_cost.p90
        if o.payback is not None:
            assert o.payback.p10 <= o.payback.p50 <= o.payback.p90
    for b in u.break_evens:
        assert b.quantiles.p10 <= b.quantiles.p50 <= b.quantiles.p90
        assert 0 <= b.p_from_zero + b.p_never <= 1


# --- against closed forms -------------------------------------------------------------------------


def test_uniform_volume_across_one_break_even_matches_its_closed_form():
    """Volume ~ U(L, H) around the api/distill break-even q*: P(distill cheapest) = (H-q*)/(H-L)."""
    low, high, n = 100.0, 1000.0, 20_000
    inputs, result = _run(f"queries_per_day=uniform:{low:g}..{high:g}")
    (edge,) = [r.from_queries_per_day for r in result.cheapest_ranges if r.option == "distill"]
    assert [r.option for r in result.cheapest_ranges] == ["api", "distill"] and low < edge < high
    u = U.simulate(inputs, result, draws=n, seed=11)
    p = (high - edge) / (high - low)
    assert u.option("distill").p_cheapest == pytest.approx(p, abs=_z(p, n))
    assert u.option("api").p_cheapest == pytest.approx(1 - p, abs=_z(p, n))


def test_break_even_quantiles_match_the_inputs_quantiles():
    """The api/distill break-even falls as api's output grows: its P10 is the break-even at the
    output's P90, and so on. Checked by rank: the reported quantile must sit within 4 binomial
    standard errors of its nominal share of the input's distribution."""
    n = 10_000
    inputs, result = _run("api.output_tokens=uniform:200..600")
    u = U.simulate(inputs, result, draws=n, seed=5)
    (b,) = [x for x in u.break_evens if (x.below, x.above) == ("api", "distill")]

    def break_even_at(tokens: float) -> float:
        _, r = _run(f"api.output_tokens={tokens!r}")
        (be,) = [x for x in r.break_evens if {x.a, x.b} == {"api", "distill"}]
        return be.queries_per_day

    for p, got in zip((0.1, 0.5, 0.9), b.quantiles, strict=True):
        lo_tokens = 200 + 400 * (1 - p - _z(p, n))
        hi_tokens = 200 + 400 * (1 - p + _z(p, n))
        assert break_even_at(hi_tokens) <= got <= break_even_at(lo_tokens), p


def test_triangular_draws_follow_their_distribution():
    n = 20_000
    inputs, _ = _run("api.output_tokens=200..250..600")
    (r,) = inputs.ranges
    xs = U._columns(inputs.ranges, n, 1)["api.output_tokens"].v
    for x in (220.0, 250.0, 400.0, 550.0):
        p = r.cdf(x)
        assert sum(1 for v in xs if v <= x) / n == pytest.approx(p, abs=_z(p, n))


# --- defaults and what is simulated -----------------------------------------------------------


def test_without_ranges_the_key_inputs_vary_by_the_spread_and_it_says_so():
    inputs, result = _run()
    u = U.simulate(inputs, result, draws=500)
    assert u.default_spread == 0.25
    paths = {r.path for r in u.ranges}
    assert "api.output_tokens" in paths and "distill.output_tokens" in paths
    assert "queries_per_day" not in paths  # the simulation answers at your volume
    assert all(r.origin == "default +-25%" for r in u.ranges)
    assert "queries_per_day" in {r.input for r in U.tornado(inputs, result).rows}


def test_ranges_no_compared_option_uses_are_listed_not_drawn():
    inputs, result = _run("compare=api,finetune", "rag.chunks_per_query=1..9")
    u = U.simulate(inputs, result, draws=200)
    assert u.unused == ("rag.chunks_per_query",)


def test_bands_bracket_the_point_curve():
    inputs, result = _run("*.output_tokens=100..900", "api.system_tokens=1000..5000")
    u = U.simulate(inputs, result, draws=2000)
    volumes = [10.0, 1000.0, 1e5]
    low, high = u.band("api", volumes)
    for q, lo, hi in zip(volumes, low, high, strict=True):
        assert lo <= result.monthly_cost("api", q) <= hi


def test_every_options_band_brackets_its_point_curve_fixed_costs_included():
    """rag, finetune and distill have fixed monthly costs (A0): the band must carry them."""
    inputs, result = _run()
    u = U.simulate(inputs, result, draws=2000)  # no ranges: the key inputs vary by 25%
    volumes = [10.0, 1000.0, 1e5]
    for o in result.options:
        low, high = u.band(o.id, volumes)
        for q, lo, hi in zip(volumes, low, high, strict=True):
            assert lo <= result.monthly_cost(o.id, q) <= hi, (o.id, q, lo, hi)


# --- sensitivity --------------------------------------------------------------------------------


def test_tornado_ranks_by_swing_and_flags_a_flip():
    inputs, result = _run("queries_per_day=100..1000", "api.input_tokens=400..600")
    s = U.tornado(inputs, result)
    assert s.cheapest == "distill" and s.pair == ("api", "distill")
    assert [r.input for r in s.rows] == ["queries_per_day", "api.input_tokens"]
    volume = s.rows[0]
    assert volume.flips and volume.cheapest_low == "api" and volume.lead_low < 0
    assert volume.break_even_low == volume.break_even_high == s.break_even
    tokens = s.rows[1]
    assert tokens.break_even_low > s.break_even > tokens.break_even_high  # dearer api, earlier
    assert s.by_break_even[0].input == "api.input_tokens"


# --- value --------------------------------------------------------------------------------------


def test_value_is_none_without_value_inputs():
    assert U.value(_run()[1]) is None


def test_cost_per_success_and_break_even_accuracy():
    _, result = _run("api.accuracy=0.95", "distill.accuracy=0.9", "value.error_cost_usd=0.01")
    v = U.value(result)
    assert v is not None
    q = result.scenario.queries_per_day * result.scenario.days_per_month
    by = {o.id: o for o in v.options}
    api, distill = by["api"], by["distill"]
    assert api.cost_per_query_usd == pytest.approx(result.option("api").monthly_cost_usd / q)
    assert api.cost_per_success_usd == pytest.approx(api.cost_per_query_usd / 0.95)
    assert distill.error_cost_per_month_usd == pytest.approx(q * 0.1 * 0.01)
    (t,) = [t for t in v.thresholds if t.pricier == "api"]
    saving = api.cost_per_query_usd - distill.cost_per_query_usd
    assert t.cheaper == "distill" and t.savings_per_query_usd == pytest.approx(saving)
    assert t.cheaper_needs == pytest.approx(0.95 - saving / 0.01)
    assert t.pricier_needs == pytest.approx(0.9 + saving / 0.01)
    assert t.pays == (saving >= 0.05 * 0.01)
    assert v.best is None  # rag and finetune have no accuracy


def test_best_counting_errors_needs_every_accuracy():
    sets = ["api.accuracy=0.99", "rag.accuracy=0.99", "finetune.accuracy=0.97"]
    sets += ["distill.accuracy=0.9", "value.error_cost_usd=0.05"]
    _, result = _run(*sets)
    v = U.value(result)
    assert v is not None
    best = min(v.options, key=lambda o: o.adjusted_monthly_usd or math.inf)
    assert v.best == best.id == "api"  # distill's extra errors cost more than it saves
    (t,) = [t for t in v.thresholds if t.pricier == "api"]
    assert t.pays is False


def test_break_even_accuracy_is_openais_when_the_alternative_is_always_right():
    """OpenAI: break-even accuracy = cost of error / (cost of error + savings). Here a wrong
    answer costs W = OpenAI's cost of error + the savings it forfeits; the pricier option is
    always right: a_c* = 1 - s / W = E / (E + s)."""
    _, result = _run("api.accuracy=1", "value.error_cost_usd=1")
    v = U.value(result)
    assert v is not None
    (t,) = [t for t in v.thresholds if t.pricier == "api"]
    s = t.savings_per_query_usd
    openai_error_cost = 1 - s  # W = E + s
    assert t.cheaper_needs == pytest.approx(openai_error_cost / (openai_error_cost + s))


def test_value_only_needs_the_reference_accuracy():
    _, result = _run("api.accuracy=0.9", "value.success_value_usd=0.5")
    v = U.value(result)
    assert v is not None and v.best is None  # not every option has an accuracy
    (t,) = [t for t in v.thresholds if t.pricier == "api"]
    assert t.cheaper_needs is not None and t.pricier_needs is None and t.pays is None
