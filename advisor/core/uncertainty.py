"""How sure is the answer, what moves it, and is the cheaper option good enough?

Three questions on top of a priced `RoiResult` (cost_model.md §E.7 and §E.1):

- `simulate`: Monte Carlo over the ranged inputs. One draw is one full scenario (every ranged
  input drawn, everything else at its point value), priced exactly with the same piecewise-
  linear cost curves as the point result: the probability that each option is the cheapest at
  your volume, and P10/P50/P90 of its monthly cost, of every break-even volume and of payback.
- `tornado`: one-way sensitivity. Each ranged input (or group) alone at its low and its high
  end, everything else at the point value: how far it moves the cheapest option's lead at your
  volume (and whether it flips the verdict) and the main break-even, ranked by swing.
- `value`: with each option's task accuracy and what a wrong (or right) answer is worth, the
  cost per successful task and the accuracy at which a cheaper option stops paying.

When the user gives no ranges, both analyses vary the key inputs of §E.7 by a default +-25%
(triangular) and say so (`UncertaintyResult.default_spread`).

Everything is pure and reproducible: the same inputs, draws and seed give the same result.
Sampling uses the standard library's Mersenne Twister seeded per group (`f"{seed}:{group}"`),
so adding a range does not change the draws of the others. No numpy: `advisor.core.kernel`
prices all draws at once with columns of floats, which costs less than numpy's import.
"""

import math
from collections.abc import Sequence
from itertools import repeat, starmap
from typing import NamedTuple

from advisor.core import kernel as K
from advisor.core.analyses import DRAWS, SPREAD
from advisor.core.options import ServingPlan
from advisor.core.ranges import Range
from advisor.core.roi import RoiResult
from advisor.core.roi_inputs import RoiInputs
from advisor.core.scenario import OPTION_IDS, OptionId, Scenario
from advisor.core.settings import Setting, get_path

#: Draws by default: P(cheapest) to within +-1 percentage point (2 standard errors at p = 0.5).
DEFAULT_DRAWS = DRAWS
#: The default one-way swing when no input has a range: +-25% (triangular in the simulation).
DEFAULT_SPREAD = SPREAD

#: The key inputs of cost_model.md §E.7 (volume, tokens in and out, cache hits, GPU price and
#: throughput, engineering, labelling, retraining, teacher acceptance rate) as groups of
#: wildcard paths. The paths of one group move together: tokens in are the prompt and the
#: user's text of every option (prompts come out longer or shorter than planned together),
#: tokens out the answer (the same length whatever option writes it). Paths at 0 or empty, and
#: those of options not compared, are left out.
KEY_INPUTS: tuple[tuple[str, ...], ...] = (
    ("queries_per_day",),
    ("*.system_tokens", "*.input_tokens"),
    ("*.output_tokens",),
    ("*.cache_hit_rate",),
    ("distill.self_hosted.replica_monthly_usd",),
    ("distill.self_hosted.queries_per_day_per_replica",),
    ("distill.self_hosted.usd_per_gpu_hour",),
    ("distill.self_hosted.peak_to_avg",),
    ("*.engineering_usd",),
    ("*.labelling_usd",),
    ("*.retrain_every_months",),
    ("distill.acceptance_rate",),
)


class Quantiles(NamedTuple):
    """P10, P50 and P90 of a quantity over the draws (0 and inf are allowed values)."""

    p10: float
    p50: float
    p90: float


class OptionSpread(NamedTuple):
    """One option over the draws, at each draw's volume."""

    id: OptionId
    p_cheapest: float
    """Share of draws in which it has the lowest monthly cost (one-off spread)."""
    monthly_cost: Quantiles
    """Monthly cost with the one-off cost spread over the horizon (USD): the amortised curve
    `RoiResult.amortised(id)` at each draw's volume, over the first `MONTHLY_DRAWS` draws."""
    payback: Quantiles | None
    """Months to repay its one-off extra over the baseline (0 at once, inf never); None for
    the baseline itself."""
    p_payback_never: float
    """Share of draws in which it never pays back."""
    p_best_value: float | None = None
    """Share of draws in which it has the lowest cost including errors (`value`); None when
    not every compared option has an accuracy."""


class BreakEvenSpread(NamedTuple):
    """The volume above which `above` becomes cheaper than `below`, over the draws."""

    below: OptionId
    """Cheaper at low volume in the point estimate (for a pair that never crosses there: the
    option that is cheaper at every volume)."""
    above: OptionId
    point: float
    """The point estimate (inf: `above` never gets cheaper up to the search limit)."""
    quantiles: Quantiles
    """Of the lowest volume at which `above` is cheaper, per draw: 0 when it is cheaper already
    at the smallest volumes, inf when it never is up to the search limit."""
    p_from_zero: float
    """Share of draws where `above` is cheaper already at the smallest volumes."""
    p_never: float
    """Share of draws where `above` never gets cheaper."""


class UncertaintyResult(NamedTuple):
    """What `simulate` found, with what it needs to draw cost bands."""

    draws: int
    seed: int
    ranges: tuple[Range, ...]
    """The ranges drawn (the user's, or the default ones)."""
    default_spread: float | None
    """Set when no input had a range and the §E.7 key inputs varied by +-this share."""
    queries_per_day: float
    """The point volume."""
    volume: Quantiles | None
    """Quantiles of the volume when it is ranged."""
    options: tuple[OptionSpread, ...]
    break_evens: tuple[BreakEvenSpread, ...]
    unused: tuple[str, ...] = ()
    """Ranged paths that no compared option uses (a range on a RAG input when RAG is not
    compared, a self-hosted plan with serverless serving)."""
    curves: dict[OptionId, K.Drawn] | None = None
    """Every draw's cost model (for `band`); not part of the reports."""

    def option(self, option_id: str) -> OptionSpread:
        """One option's spread by id."""
        return next(o for o in self.options if o.id == option_id)

    def band(
        self, option_id: str, volumes: Sequence[float], lo: float = 0.1, hi: float = 0.9
    ) -> tuple[list[float], list[float]]:
        """P10 and P90 (by default) of the option's monthly cost (one-off spread) at each volume.

        The band of a plot: each value is a quantile over the first `BAND_DRAWS` draws (their
        order is random, so they are a random subsample), which is plenty for a terminal plot.
        """
        assert self.curves is not None
        m = _head(self.curves[option_id], BAND_DRAWS)
        n = min(self.draws, BAND_DRAWS)
        low: list[float] = []
        high: list[float] = []
        for q in volumes:
            values = K.full(K.amortised_at(m, q, n), n)
            if len(set(values[:2])) == 1 and len(set(values)) == 1:
                low.append(values[0])
                high.append(values[0])
                continue
            values = sorted(values)
            low.append(_rank(values, lo))
            high.append(_rank(values, hi))
        return low, high


#: Draws used for a plot's cost bands.
BAND_DRAWS = 400
#: Draws summarised by the monthly-cost quantiles: descriptive, so a sort of 2,000 draws
#: rather than 10,000 per option (every probability, break-even and payback uses all draws).
MONTHLY_DRAWS = 2000


def _head(m: K.Drawn, n: int) -> K.Drawn:
    """`m` over its first `n` draws (every field, the amortised intercepts included)."""

    def cut(x: K.Num | None) -> K.Num | None:
        return K.Col(x.v[:n]) if type(x) is K.Col else x

    steps = None if m.steps is None else K.Steps(*(cut(x) for x in m.steps))
    return m._replace(**{f: cut(getattr(m, f)) for f in m._fields if f != "steps"}, steps=steps)


# --- statistics -------------------------------------------------------------------------------


def _rank(ordered: Sequence[float], p: float) -> float:
    """The nearest-rank quantile: the smallest value with at least `p` of the draws at or below.

    No interpolation, so a quantity that is 0 or inf in some draws keeps those values, and a
    constant quantity gives exactly its value.
    """
    n = len(ordered)
    return ordered[min(n - 1, max(0, math.ceil(p * n) - 1))]


def quantiles(values: K.Num, n: int) -> Quantiles:
    """P10/P50/P90 of a column (a plain number: that number)."""
    if type(values) is not K.Col:
        return Quantiles(values, values, values)
    return _quantiles(values.v)


def _quantiles(values: list[float]) -> Quantiles:
    """Nearest-rank P10/P50/P90 (0 and inf sort to the ends, so they need no special case)."""
    ordered = sorted(values)
    return Quantiles(_rank(ordered, 0.1), _rank(ordered, 0.5), _rank(ordered, 0.9))


# --- which inputs vary ------------------------------------------------------------------------


def _used(path: str, scenario: Scenario, serving_plan: ServingPlan | None) -> bool:
    """Does any compared option read `path`? (A range elsewhere changes nothing.)"""
    head = path.split(".", 1)[0]
    if head not in OPTION_IDS:
        return True  # volume, horizon, days per month, value
    if head not in scenario.compare:
        # RAG on the API model uses the API's hand prices.
        return (
            path.startswith("api.price.")
            and "rag" in scenario.compare
            and scenario.rag.model is None
        )
    if path.startswith("distill.self_hosted."):
        if scenario.distill.serving != "self_hosted" or serving_plan is not None:
            return False
        sh = scenario.distill.self_hosted
        by_hand = sh.replica_monthly_usd is not None and sh.queries_per_day_per_replica is not None
        if path.endswith((".usd_per_gpu_hour", ".peak_to_avg")):
            return not by_hand and sh.gpu is not None  # the serving estimator's inputs
        if path.endswith((".replica_monthly_usd", ".queries_per_day_per_replica")):
            return by_hand
        return True
    return True


def default_ranges(
    scenario: Scenario, spread: float = DEFAULT_SPREAD, *, volume: bool = True
) -> tuple[Range, ...]:
    """+-`spread` (triangular) on the §E.7 key inputs that have a nonzero value.

    `volume=False` leaves the volume out: the simulation answers "at your volume" unless the
    user gives the volume a range; the one-way sensitivity includes it.
    """
    from advisor.core.ranges import expand, numeric_kind, parse

    if not 0 < spread < 1:
        from advisor.errors import InputError

        raise InputError(f"--spread must be above 0 and below 100 (percent); got {spread * 100:g}")
    found: list[Range] = []
    text = f"+-{spread * 100:g}%"
    origin = f"default {text}"
    for patterns in KEY_INPUTS:
        if patterns == ("queries_per_day",) and not volume:
            continue
        group = ", ".join(patterns)
        for pattern in patterns:
            for p in expand(pattern, origin, scenario) if "*" in pattern else [pattern]:
                if not get_path(scenario, p) or not _used(p, scenario, None):
                    continue
                if numeric_kind(p) is None:
                    continue
                r = parse(scenario, Setting(p, text, origin), group)
                if r is not None and r.low < r.high:
                    found.append(r)
    return tuple(found)


def _columns(ranges: Sequence[Range], n: int, seed: int) -> dict[str, K.Col]:
    """Each ranged path's draws; one uniform stream per group, seeded by (seed, group).

    A degenerate range (low = high) gets no column: the scenario already holds its value.
    """
    import random

    streams: dict[str, list[float]] = {}
    cols: dict[str, K.Col] = {}
    cache: dict[tuple[object, ...], K.Col] = {}
    copies: dict[tuple[object, ...], set[float]] = {}
    for r in ranges:
        if _scalable(r):
            copies.setdefault(_unit_key(r), set()).add(r.base)
    for r in ranges:
        us = streams.get(r.group)
        if us is None:
            draw = random.Random(f"{seed}:{r.group}").random
            us = streams[r.group] = list(starmap(draw, repeat((), n)))  # C-speed loop
        if r.low == r.high:
            continue  # a degenerate range is its value: priced as a plain number, exactly
        key = (r.group, r.dist, r.low, r.base, r.high, r.integer, r.floor, r.ceiling)
        col = cache.get(key)
        if col is None:
            scaled = _scalable(r) and len(copies[_unit_key(r)]) >= 3
            col = cache[key] = _scaled(r, us, cache) if scaled else K.Col(r.sample(us))
        cols[r.path] = col
    return cols


def _scalable(r: Range) -> bool:
    return r.dist == "triangular" and not r.integer and r.base > 0 and r.low >= r.floor


def _unit_key(r: Range) -> tuple[object, ...]:
    return ("unit", r.group, r.low / r.base, r.high / r.base)


def _scaled(r: Range, us: list[float], cache: dict[tuple[object, ...], K.Col]) -> K.Col:
    """Draws of a range that is a scaled copy of others in its group (+-25% of different
    values): one inversion of the unit distribution, then a multiplication per copy, which
    is cheaper than inverting each copy once there are three or more."""
    key = _unit_key(r)
    f = cache.get(key)
    if f is None:
        low, high = key[2], key[3]
        assert isinstance(low, float) and isinstance(high, float)
        f = cache[key] = K.Col(r._replace(low=low, base=1.0, high=high).sample(us))
    b = r.base
    return K.Col([b * x for x in f.v])


# --- the simulation ---------------------------------------------------------------------------


def simulate(
    inputs: RoiInputs,
    result: RoiResult,
    ranges: Sequence[Range] | None = None,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    serving_plan: ServingPlan | None = None,
    pairs: Sequence[tuple[OptionId, OptionId]] | None = None,
) -> UncertaintyResult:
    """Monte Carlo over the ranged inputs of `result`'s scenario.

    `ranges` defaults to `inputs.ranges`; when there are none, the §E.7 key inputs vary by
    +-`spread`. `result` is the point estimate (`roi_inputs.compute_result`), whose prices are
    reused: a ranged hand price is redrawn, library prices stay as resolved. Pass the same
    `serving_plan` as for the point result. `pairs` chooses the break-evens (default
    `report_pairs`: every break-even of the point estimate, the verdict's own and the cheapest
    option against the runner-up; `pair_orientations(result)` gives every pair).
    """
    from advisor.errors import InputError

    if not 1 <= draws <= 1_000_000:
        raise InputError(f"--draws must be between 1 and 1,000,000; got {draws:,}")
    scenario = result.scenario
    chosen, defaulted = _chosen(scenario, inputs, ranges, spread, serving_plan, volume=False)
    used = tuple(r for r in chosen if _used(r.path, scenario, serving_plan))
    unused = tuple(r.path for r in chosen if r not in used)
    n = draws
    values = K.Values(scenario, _columns(used, n, seed))
    models = K.models(values, inputs.catalog, result.prices, serving_plan)
    ids = list(models)
    q = values("queries_per_day")

    # Each option's amortised and running cost at each draw's volume, as expressions: a line
    # is evaluated inline where it is used (one pass for the cheapest, one per payback, no
    # list per option); a kinked or stepped curve is evaluated into columns first.
    names: dict[str, K.Num] = {"q": q, "inf": math.inf}
    cost: dict[OptionId, str] = {}
    run: dict[OptionId, str] = {}
    for k, i in enumerate(ids):
        m = models[i]
        if m.steps is None and m.kink is None:
            names.update({f"A{k}": m.A0, f"a{k}": m.a0, f"b{k}": m.b0})
            cost[i], run[i] = f"(A{k} + b{k} * q)", f"(a{k} + b{k} * q)"
        else:
            names[f"c{k}"], names[f"r{k}"] = K.at_volume(m, q, n)
            cost[i], run[i] = f"c{k}", f"r{k}"
        names[f"u{k}"] = m.upfront

    # Cheapest: the amortised curves, ties to the option listed first (as roi.compute).
    winners = K.fuse(_argmin_expr([cost[i] for i in ids]), **names)
    counts = (
        [winners.v.count(k) for k in range(len(ids))]
        if type(winners) is K.Col
        else [n * (winners == k) for k in range(len(ids))]
    )

    # Payback against the point estimate's baseline, at each draw's volume (roi._payback).
    base = result.baseline
    b = ids.index(base)
    paybacks: dict[OptionId, Quantiles | None] = {}
    never: dict[OptionId, float] = {}
    for k, i in enumerate(ids):
        if i == base:
            paybacks[i], never[i] = None, 0.0
            continue
        expr = (
            f"((s := {run[base]} - {run[i]}), (e := u{k} - u{b})) and "
            "((0.0 if s >= 0 else inf) if e <= 0 else (inf if s <= 0 else e / s))"
        )
        col = K.fuse(expr, **names)
        paybacks[i] = quantiles(col, n)
        never[i] = col.v.count(math.inf) / n if type(col) is K.Col else float(col == math.inf)

    head = {k: K.Col(v.v[:MONTHLY_DRAWS]) if type(v) is K.Col else v for k, v in names.items()}
    best_value = None
    if all(values(f"{i}.accuracy") is not None for i in ids):
        costs = {i: K.fuse(cost[i], **names) for i in ids}
        best_value = _best_value(values, scenario, ids, costs, q, n)
    options = tuple(
        OptionSpread(
            id=i,
            p_cheapest=counts[k] / n,
            monthly_cost=quantiles(K.fuse(cost[i], **head), n),
            payback=paybacks[i],
            p_payback_never=never[i],
            p_best_value=None if best_value is None else best_value[k],
        )
        for k, i in enumerate(ids)
    )
    upto = _upto(models, n)
    wanted = report_pairs(result) if pairs is None else pairs
    oriented = [p for p in pair_orientations(result) if p in wanted or p[::-1] in wanted]
    breaks = tuple(_break_even(models, ids, pair, upto, n, result) for pair in oriented)
    return UncertaintyResult(
        draws=n,
        seed=seed,
        ranges=tuple(chosen),
        default_spread=spread if defaulted else None,
        queries_per_day=scenario.queries_per_day,
        volume=_volume(used) if type(q) is K.Col else None,
        options=options,
        break_evens=breaks,
        unused=unused,
        curves=models,
    )


def _volume(ranges: Sequence[Range]) -> Quantiles | None:
    """The volume's P10/P50/P90, from its range (no sort of the draws needed)."""
    r = next((r for r in ranges if r.path == "queries_per_day"), None)
    if r is None:
        return None
    return Quantiles(r.quantile(0.1), r.quantile(0.5), r.quantile(0.9))


def _chosen(
    scenario: Scenario,
    inputs: RoiInputs,
    ranges: Sequence[Range] | None,
    spread: float,
    serving_plan: ServingPlan | None,
    volume: bool = True,
) -> tuple[tuple[Range, ...], bool]:
    given = tuple(inputs.ranges if ranges is None else ranges)
    if given:
        return given, False
    defaults = default_ranges(scenario, spread, volume=volume)
    return tuple(r for r in defaults if _used(r.path, scenario, serving_plan)), True


def _argmin_expr(costs: Sequence[str]) -> str:
    """An expression for the index of the smallest of `costs`, ties to the first.

    Every cost is evaluated once (the leading tuple of assignments); then option j wins when
    it is at most every later one, which also makes it below every earlier one.
    """
    k = len(costs)
    assign = ", ".join(f"(x{j} := {c})" for j, c in enumerate(costs))
    chain = "".join(
        f"{j} if {' and '.join(f'x{j} <= x{m}' for m in range(j + 1, k))} else "
        for j in range(k - 1)
    )
    return f"({assign},) and ({chain}{k - 1})"


def _argmin(columns: Sequence[K.Num], n: int) -> list[int]:
    """Per draw, the index of the smallest value; ties go to the first (as `roi.compute`)."""
    if not any(type(c) is K.Col for c in columns):
        values = list(columns)
        best = min(range(len(values)), key=lambda k: (values[k], k))
        return [best] * n
    cols = [K.full(c, n) for c in columns]
    # Chained comparisons for the usual 2 to 4 options: about three times faster than
    # `row.index(min(row))`; `<=` keeps ties with the option listed first.
    if len(cols) == 4:
        return [
            0 if a <= b and a <= c and a <= d else 1 if b <= c and b <= d else 2 if c <= d else 3
            for a, b, c, d in zip(*cols, strict=True)
        ]
    if len(cols) == 3:
        return [
            0 if a <= b and a <= c else 1 if b <= c else 2 for a, b, c in zip(*cols, strict=True)
        ]
    if len(cols) == 2:
        return [0 if a <= b else 1 for a, b in zip(*cols, strict=True)]
    return [row.index(min(row)) for row in zip(*cols, strict=True)]


def _upto(models: dict[OptionId, K.Drawn], n: int) -> K.Num:
    """Per draw, the largest volume searched (`RoiResult.search_max_queries_per_day`)."""
    from advisor.core.scenario import MAX_QUERIES_PER_DAY

    limits = [K.exact_to(m.steps, n) for m in models.values()]
    cols = [x for x in limits if type(x) is K.Col]
    scalar = min([MAX_QUERIES_PER_DAY, *(x for x in limits if type(x) is not K.Col)])
    if not cols:
        return scalar
    return K.Col([min(scalar, *row) for row in zip(*(c.v for c in cols), strict=True)])


def report_pairs(result: RoiResult) -> list[tuple[OptionId, OptionId]]:
    """The break-evens worth simulating: every break-even of the point estimate, the one that
    decides the verdict (`main_pair`) and the cheapest option against the runner-up.

    Pairs that never cross and hold neither the cheapest option nor its closest rival decide
    nothing, and each pair costs a pass over every draw; `pair_orientations` lists them all.
    """
    out: list[tuple[OptionId, OptionId]] = []
    candidates = [(b.a, b.b) for b in result.break_evens]
    candidates += [main_pair(result), (result.cheapest, _runner_up(result))]
    for pair in candidates:
        if pair[0] != pair[1] and pair not in out and pair[::-1] not in out:
            out.append(pair)
    return out


def pair_orientations(result: RoiResult) -> list[tuple[OptionId, OptionId]]:
    """Every pair of compared options as (cheaper below, the other), from the point result.

    A pair that crosses is oriented by its first break-even; one that never crosses puts first
    the option that is cheaper at every volume (at the user's volume if they tie).
    """
    ids = [o.id for o in result.options]
    out = []
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            a, b = ids[x], ids[y]
            first = next((be for be in result.break_evens if (be.a, be.b) == (a, b)), None)
            if first is not None:
                out.append((first.cheaper_below, first.cheaper_above))
                continue
            q = max(result.scenario.queries_per_day, 1.0)
            cheaper = a if result.monthly_cost(a, q) <= result.monthly_cost(b, q) else b
            out.append((cheaper, b if cheaper == a else a))
    return out


def _q_pair(
    models: dict[OptionId, K.Drawn],
    ids: list[OptionId],
    pair: tuple[OptionId, OptionId],
    upto: K.Num,
    n: int,
) -> list[float]:
    lo, hi = pair
    return K.first_cheaper(models[lo], models[hi], ids.index(lo) < ids.index(hi), upto, n)


def _break_even(
    models: dict[OptionId, K.Drawn],
    ids: list[OptionId],
    pair: tuple[OptionId, OptionId],
    upto: K.Num,
    n: int,
    result: RoiResult,
) -> BreakEvenSpread:
    lo, hi = pair
    point = _point_q(result, pair)
    if not K.any_col(*drawn_fields(models[lo]), *drawn_fields(models[hi]), upto):
        q = _q_pair(models, ids, pair, upto, 1)[0]
        return BreakEvenSpread(
            lo, hi, point, Quantiles(q, q, q), float(q == 0), float(q == math.inf)
        )
    qs = _q_pair(models, ids, pair, upto, n)
    return BreakEvenSpread(
        below=lo,
        above=hi,
        point=point,
        quantiles=_quantiles(qs),
        p_from_zero=qs.count(0.0) / n,
        p_never=qs.count(math.inf) / n,
    )


def drawn_fields(m: K.Drawn) -> list[K.Num]:
    """The fields that make an option's cost curve (a `Col` in any: it varies by draw)."""
    out = [m.uh, m.a0, m.b0, m.kink, m.a1, m.b1]
    if m.steps is not None:
        out.extend(m.steps)
    return out


def _point_q(result: RoiResult, pair: tuple[OptionId, OptionId]) -> float:
    """The point estimate of the pair's statistic: its first break-even with `below` cheaper
    below, else 0 (the other is cheaper from the start) or inf."""
    lo, hi = pair
    for b in result.break_evens:
        if {b.a, b.b} == {lo, hi}:
            return b.queries_per_day if b.cheaper_below == lo else 0.0
    return math.inf


# --- value --------------------------------------------------------------------------------------


def _best_value(
    v: K.Values,
    scenario: Scenario,
    ids: list[OptionId],
    costs: dict[OptionId, K.Num],
    q: K.Num,
    n: int,
) -> list[float] | None:
    """Share of draws in which each option has the lowest cost counting errors, or None."""
    accs = [v(f"{i}.accuracy") for i in ids]
    if any(a is None for a in accs):
        return None
    worth = v("value.error_cost_usd") + v("value.success_value_usd")
    per_month = q * v("days_per_month")
    adjusted = [costs[i] + per_month * (1 - a) * worth for i, a in zip(ids, accs, strict=True)]
    winners = _argmin(adjusted, n)
    return [winners.count(k) / n for k in range(len(ids))]


class OptionValue(NamedTuple):
    """One option's cost per successful task at the user's volume."""

    id: OptionId
    accuracy: float | None
    cost_per_query_usd: float
    """Monthly cost (one-off spread) / queries per month."""
    cost_per_success_usd: float | None
    """Cost per query / accuracy: what one right answer costs (cost_model.md §E.1)."""
    error_cost_per_month_usd: float | None
    """Queries per month x (1 - accuracy) x what a wrong answer costs."""
    adjusted_monthly_usd: float | None
    """Monthly cost + errors' cost - right answers' value: what `best` minimises."""


class Threshold(NamedTuple):
    """The break-even accuracy between a cheaper option and a pricier one."""

    cheaper: OptionId
    pricier: OptionId
    savings_per_query_usd: float
    """How much less the cheaper option costs per query (one-off spread, at your volume)."""
    cheaper_needs: float | None
    """The cheaper option keeps paying while its accuracy is above this (needs the pricier
    option's accuracy): accuracy(pricier) - savings / (error cost + success value)."""
    pricier_needs: float | None
    """The pricier option pays for itself only above this accuracy (needs the cheaper one's):
    accuracy(cheaper) + savings / (error cost + success value)."""
    pays: bool | None
    """With both accuracies: does the cheaper option pay (True), or do its extra errors cost
    more than it saves (False)?"""


class ValueResult(NamedTuple):
    """What answers are worth: cost per success and break-even accuracies (issue 6)."""

    error_cost_usd: float
    success_value_usd: float
    options: tuple[OptionValue, ...]
    best: OptionId | None
    """Lowest cost counting errors, when every compared option has an accuracy."""
    thresholds: tuple[Threshold, ...]
    """The cheapest option (by cost) against each other option."""


def value(result: RoiResult) -> ValueResult | None:
    """Cost per successful task and break-even accuracies, or None when no option has an
    accuracy and no error cost or success value is set.

    A wrong answer costs `error_cost_usd` and a right one is worth `success_value_usd`, so
    switching one answer from right to wrong loses their sum, W. A cheaper option that saves s
    per query against an option with accuracy a pays while its own accuracy stays above
    a - s / W. When the pricier option is always right and W counts the savings lost on a wrong
    answer, this is OpenAI's break-even accuracy, cost of error / (cost of error + savings).
    """
    s = result.scenario
    accs = {o.id: get_path(s, f"{o.id}.accuracy") for o in result.options}
    worth = s.value.error_cost_usd + s.value.success_value_usd
    if all(a is None for a in accs.values()) and not worth:
        return None
    per_month = s.queries_per_day * s.days_per_month
    rows = []
    for o in result.options:
        a = accs[o.id]
        cpq = o.monthly_cost_usd / per_month if per_month > 0 else math.inf
        errors = None if a is None else per_month * (1 - a) * s.value.error_cost_usd
        adjusted = None
        if a is not None:
            adjusted = o.monthly_cost_usd + per_month * (1 - a) * s.value.error_cost_usd
            adjusted -= per_month * a * s.value.success_value_usd
        rows.append(
            OptionValue(
                o.id,
                a,
                cpq,
                None if a is None or a == 0 or per_month <= 0 else cpq / a,
                errors,
                adjusted,
            )
        )
    best = None
    adjusted_all = [r.adjusted_monthly_usd for r in rows]
    if all(x is not None for x in adjusted_all):
        best = rows[min(range(len(rows)), key=lambda k: (adjusted_all[k], k))].id
    thresholds = []
    cheap = result.cheapest
    c_row = next(r for r in rows if r.id == cheap)
    for r in rows:
        if r.id == cheap or per_month <= 0:
            continue
        saving = r.cost_per_query_usd - c_row.cost_per_query_usd
        cheaper_needs = pricier_needs = pays = None
        if worth > 0:
            if r.accuracy is not None:
                cheaper_needs = r.accuracy - saving / worth
            if c_row.accuracy is not None:
                pricier_needs = c_row.accuracy + saving / worth
            if r.accuracy is not None and c_row.accuracy is not None:
                pays = (r.accuracy - c_row.accuracy) * worth <= saving
        thresholds.append(Threshold(cheap, r.id, saving, cheaper_needs, pricier_needs, pays))
    return ValueResult(
        s.value.error_cost_usd, s.value.success_value_usd, tuple(rows), best, tuple(thresholds)
    )


# --- one-way sensitivity ----------------------------------------------------------------------


class SensitivityRow(NamedTuple):
    """One input (or group) alone at its low and high end."""

    input: str
    """The path, or the wildcard of a group (`*.output_tokens`)."""
    paths: tuple[str, ...]
    low: float
    """The value at the low end (of the first path of a group)."""
    high: float
    lead_low: float
    """The point-cheapest option's lead over the best other option at your volume, $/month
    (negative: another option is cheaper)."""
    lead_high: float
    cheapest_low: OptionId
    cheapest_high: OptionId
    break_even_low: float
    """The main break-even at the low end (0: at any volume, inf: never)."""
    break_even_high: float

    @property
    def lead_swing(self) -> float:
        """How much the input moves the lead, $/month."""
        return abs(self.lead_high - self.lead_low)

    @property
    def break_even_swing(self) -> float:
        """How much it moves the main break-even, queries/day (inf when one end never)."""
        if self.break_even_low == self.break_even_high:
            return 0.0
        return abs(self.break_even_high - self.break_even_low)

    @property
    def flips(self) -> bool:
        """Does either end change which option is cheapest?"""
        return self.cheapest_low != self.cheapest_high or self.lead_low < 0 or self.lead_high < 0


class Sensitivity(NamedTuple):
    """One-way sensitivity of the verdict and of the main break-even."""

    cheapest: OptionId
    runner_up: OptionId
    lead: float
    """The point estimate's lead of `cheapest` over `runner_up`, $/month."""
    pair: tuple[OptionId, OptionId]
    """The main break-even: (cheaper below, cheaper above), the change of cheapest option
    nearest your volume (or the cheapest against the runner-up when it never changes)."""
    break_even: float
    rows: tuple[SensitivityRow, ...]
    """Ranked by how much they move the lead (largest first)."""
    default_spread: float | None
    """Set when no input had a range and the key inputs moved by +-this share."""

    @property
    def by_break_even(self) -> tuple[SensitivityRow, ...]:
        """The rows ranked by how much they move the main break-even."""
        return tuple(sorted(self.rows, key=lambda r: -r.break_even_swing))


def main_pair(result: RoiResult) -> tuple[OptionId, OptionId]:
    """The break-even that decides the verdict: where the cheapest option changes nearest the
    user's volume, as (cheaper below, cheaper above)."""
    q = result.scenario.queries_per_day
    ranges = result.cheapest_ranges
    here = next(
        (
            k
            for k, r in enumerate(ranges)
            if r.from_queries_per_day <= q
            and (r.to_queries_per_day is None or q <= r.to_queries_per_day)
        ),
        0,
    )
    candidates = []
    if here > 0:
        candidates.append((ranges[here].from_queries_per_day, ranges[here - 1].option, "below"))
    if here + 1 < len(ranges):
        edge = ranges[here].to_queries_per_day
        assert edge is not None
        candidates.append((edge, ranges[here + 1].option, "above"))
    cheapest = result.cheapest
    if not candidates:
        return cheapest, _runner_up(result)
    qq = max(q, 1e-9)
    edge, other, side = min(candidates, key=lambda c: abs(math.log(max(c[0], 1e-9) / qq)))
    return (other, cheapest) if side == "below" else (cheapest, other)


def _runner_up(result: RoiResult) -> OptionId:
    others = [o for o in result.options if o.id != result.cheapest]
    return min(others, key=lambda o: o.monthly_cost_usd).id if others else result.cheapest


def tornado(
    inputs: RoiInputs,
    result: RoiResult,
    ranges: Sequence[Range] | None = None,
    *,
    spread: float = DEFAULT_SPREAD,
    serving_plan: ServingPlan | None = None,
) -> Sensitivity:
    """One-way sensitivity: each ranged input (a group together) at its ends, the rest fixed.

    The ends are a range's low and high (P10 and P90 for a lognormal); without ranges, the
    §E.7 key inputs at +-`spread`. Every end is priced exactly, all in one pass of the kernel.
    """
    scenario = result.scenario
    chosen, defaulted = _chosen(scenario, inputs, ranges, spread, serving_plan)
    chosen = tuple(r for r in chosen if _used(r.path, scenario, serving_plan))
    groups: dict[str, list[Range]] = {}
    for r in chosen:
        groups.setdefault(r.group, []).append(r)
    names = list(groups)
    n = 2 * len(names)
    cheapest = result.cheapest
    runner = _runner_up(result)
    pair = main_pair(result)
    point_q = _point_q(result, pair)
    ids = [o.id for o in result.options]
    q0 = scenario.queries_per_day
    lead0 = result.amortised(runner)(q0) - result.amortised(cheapest)(q0)
    if not names:
        return Sensitivity(cheapest, runner, lead0, pair, point_q, (), None)
    cols: dict[str, K.Col] = {}
    for g, name in enumerate(names):
        for r in groups[name]:
            col = cols.setdefault(r.path, K.Col([get_path(scenario, r.path)] * n))
            lo, hi = r.ends()
            col.v[2 * g], col.v[2 * g + 1] = lo, hi
    values = K.Values(scenario, cols)
    models = K.models(values, inputs.catalog, result.prices, serving_plan)
    q = values("queries_per_day")
    costs = [K.full(K.amortised_at(models[i], q, n), n) for i in ids]
    c_idx = ids.index(cheapest)
    winners = _argmin([K.Col(c) for c in costs], n)
    leads = [
        min(costs[k][d] for k in range(len(ids)) if k != c_idx) - costs[c_idx][d]
        if len(ids) > 1
        else 0.0
        for d in range(n)
    ]
    qs = _q_pair(models, ids, pair, _upto(models, n), n)
    rows = []
    for g, name in enumerate(names):
        first = groups[name][0]
        lo, hi = first.ends()
        rows.append(
            SensitivityRow(
                input=name,
                paths=tuple(r.path for r in groups[name]),
                low=lo,
                high=hi,
                lead_low=leads[2 * g],
                lead_high=leads[2 * g + 1],
                cheapest_low=ids[winners[2 * g]],
                cheapest_high=ids[winners[2 * g + 1]],
                break_even_low=qs[2 * g],
                break_even_high=qs[2 * g + 1],
            )
        )
    rows.sort(key=lambda r: -r.lead_swing)
    return Sensitivity(
        cheapest,
        runner,
        lead0,
        pair,
        point_q,
        tuple(rows),
        spread if defaulted else None,
    )
