"""The column kernel repeats the arithmetic of `options.option_models` and `curve.crossings`.

If either side changes alone these fail: the Monte Carlo would then price draws differently
from the point report. Equality is exact (==), not approximate: the kernel keeps the operand
order of the scalar code, so a draw equal to the point scenario gives the point result.
"""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core import kernel as K
from advisor.core.curve import crossings
from advisor.core.datafiles import load_data
from advisor.core.options import option_models
from advisor.core.pricing import resolve_prices
from advisor.core.roi import compute
from advisor.core.scenario import MAX_QUERIES_PER_DAY
from advisor.core.settings import Setting, apply

TODAY = dt.date(2026, 11, 23)

#: Hand prices for every API model, so no test needs genai-prices.
HAND = (
    "api.price.input_per_mtok=0.4",
    "api.price.output_per_mtok=1.6",
    "distill.teacher_price.input_per_mtok=2",
    "distill.teacher_price.output_per_mtok=8",
)


def _scenario(values: dict[str, object]):
    base = load_data(None, "scenario.yaml")
    sets = [Setting(*h.split("=", 1), "test", text=True) for h in HAND]
    sets += [Setting(p, v, "test") for p, v in values.items()]
    return apply(base, sets)


def _f(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


SCENARIOS = st.fixed_dictionaries(
    {
        "queries_per_day": _f(0, 1e7),
        "horizon_months": st.integers(1, 60),
        "days_per_month": _f(28, 31),
        "api.system_tokens": _f(0, 10_000),
        "api.input_tokens": _f(0, 5_000),
        "api.output_tokens": _f(0, 3_000),
        "api.reasoning_tokens": _f(0, 2_000),
        "api.cache_hit_rate": _f(0, 1),
        "api.batch_share": _f(0, 1),
        "api.engineering_usd": _f(0, 1e5),
        "api.maintenance_usd_per_month": _f(0, 1e4),
        "api.price.cached_input_per_mtok": st.none() | _f(0, 1),
        "api.price.batch_multiplier": st.none() | _f(0.1, 1),
        "rag.chunks_per_query": st.integers(0, 20),
        "rag.chunk_tokens": _f(50, 2_000),
        "rag.corpus_tokens": _f(0, 1e10),
        "rag.churn_per_month": _f(0, 1),
        "rag.cache_hit_rate": _f(0, 1),
        "rag.labelling_usd": _f(0, 1e4),
        "finetune.examples": st.integers(0, 100_000),
        "finetune.epochs": st.integers(1, 10),
        "finetune.runs": st.integers(1, 5),
        "finetune.retrain_every_months": st.integers(0, 24),
        "finetune.batch_share": _f(0, 1),
        "finetune.price.training_per_mtok": st.none() | _f(0.1, 50),
        "distill.examples": st.integers(0, 100_000),
        "distill.acceptance_rate": _f(0.05, 1),
        "distill.retrain_every_months": st.integers(0, 24),
        "distill.regenerate_share": _f(0, 1),
        "distill.teacher_batch": st.booleans(),
        "distill.serving": st.sampled_from(["serverless", "self_hosted"]),
        "distill.self_hosted.replica_monthly_usd": _f(1, 1e5),
        "distill.self_hosted.queries_per_day_per_replica": _f(1e5, 1e9),
        "distill.self_hosted.min_replicas": st.integers(1, 4),
    }
)


def _priced(values):
    s = _scenario(values)
    catalog = load_data(None, "catalog.yaml")
    prices = resolve_prices(s, catalog, today=TODAY)
    return s, catalog, prices


def _column(scenario, n):
    """Every numeric input as a column of `n` equal values: the column code path."""
    from advisor.core.ranges import numeric_kind
    from advisor.core.settings import all_paths, get_path

    cols = {}
    for p in all_paths():
        v = get_path(scenario, p)
        if numeric_kind(p) is not None and v is not None and not isinstance(v, bool):
            cols[p] = K.Col([v] * n)
    return cols


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCENARIOS)
def test_kernel_prices_each_option_as_option_models_does(values):
    s, catalog, prices = _priced(values)
    want = option_models(s, catalog, prices)
    for cols in ({}, _column(s, 3)):
        drawn = K.models(K.Values(s, cols), catalog, prices)
        n = 3 if cols else 1
        for option, m in want.items():
            d = drawn[option]
            assert K.full(d.upfront, n) == [m.upfront_usd] * n
            curve = m.running.plus(m.upfront_usd / s.horizon_months)
            for q in (0.0, s.queries_per_day, 1.0, 1e3, 1e6, 5e8):
                assert K.full(K.amortised_at(d, q, n), n) == [curve(q)] * n, (option, q)
                assert K.full(K.running_at(d, q, n), n) == [m.running(q)] * n, (option, q)
                both = K.at_volume(d, q, n)
                assert [K.full(x, n) for x in both] == [[curve(q)] * n, [m.running(q)] * n]


def _point_first(result, lo, hi):
    """The point report's first break-even of (lo, hi) where hi becomes cheaper."""
    for b in result.break_evens:
        if {b.a, b.b} == {lo, hi}:
            return b.queries_per_day if b.cheaper_below == lo else 0.0
    return math.inf


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCENARIOS)
def test_first_cheaper_is_the_point_reports_first_break_even(values):
    s, catalog, prices = _priced(values)
    result = compute(s, catalog, prices, today=TODAY)
    ids = [o.id for o in result.options]
    for cols in ({}, _column(s, 2)):
        n = 2 if cols else 1
        drawn = K.models(K.Values(s, cols), catalog, prices)
        upto = result.search_max_queries_per_day
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = ids[x], ids[y]
                first = next((be for be in result.break_evens if (be.a, be.b) == (a, b)), None)
                lo = first.cheaper_below if first else a
                hi = b if lo == a else a
                got = K.first_cheaper(drawn[lo], drawn[hi], lo == a, upto, n)
                want = _point_first(result, lo, hi)
                if first is None:
                    # No break-even: hi is cheaper from 0 or never (a tie within 1e-12 counts
                    # as equal, as crossings() counts it).
                    cheaper_hi = result.amortised(hi)(upto / 2) < result.amortised(lo)(upto / 2)
                    want = 0.0 if cheaper_hi else math.inf
                assert got == [want] * n, (lo, hi, got, want, result.break_evens)


def test_steps_break_even_in_closed_form_matches_crossings():
    """Replicas that zigzag around a line: the first switch is found without walking steps."""
    values = {
        "compare": ("api", "distill"),
        "distill.serving": "self_hosted",
        "distill.self_hosted.replica_monthly_usd": 2000.0,
        "distill.self_hosted.queries_per_day_per_replica": 40_000.0,
        "distill.examples": 0,
        "distill.retrain_every_months": 0,
    }
    s, catalog, prices = _priced(values)
    result = compute(s, catalog, prices, today=TODAY)
    kinds = {b.kind for b in result.break_evens}
    assert "step" in kinds  # the scenario does zigzag, so the test means something
    drawn = K.models(K.Values(s, {}), catalog, prices)
    got = K.first_cheaper(drawn["api"], drawn["distill"], True, MAX_QUERIES_PER_DAY, 1)
    assert got == [_point_first(result, "api", "distill")]
    curves = [result.amortised(i) for i in ("api", "distill")]
    assert got[0] == crossings(*curves, MAX_QUERIES_PER_DAY)[0].queries_per_day


def test_columns_broadcast_and_skip_identities():
    c = K.Col([1.0, 2.0])
    assert (c + 0) is c and (c * 1) is c and (c / 1) is c and (0 + c) is c
    assert (c * 2).v == [2.0, 4.0] and (3 - c).v == [2.0, 1.0] and (1 / c).v == [1.0, 0.5]
    assert (c + c).v == [2.0, 4.0] and (-c).v == [-1.0, -2.0]
    assert K.full(5.0, 3) == [5.0, 5.0, 5.0]
