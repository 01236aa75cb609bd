"""The option cost models over many draws at once: columns of numbers, no numpy.

`advisor.core.options` prices one scenario and writes the formula behind every line. The
uncertainty analysis needs the same numbers for 10,000 scenarios within a few tens of
milliseconds, and numpy's import alone costs more than a whole `advisor roi` run. So this module
repeats the *arithmetic* of `options.option_models` and `roi.compute` on `Col`s, lists of
per-draw values with element-wise operators, while every input that is not ranged stays a plain
float (an operation on two floats costs nothing). Each expression keeps the operand order of
`options.py`, so a draw whose inputs equal the point scenario gives bit-for-bit the point
result; `tests/unit/test_kernel.py` checks that on random scenarios, and fails if either side
changes alone.

A drawn option is one-off cost plus a running cost that is, in every draw, one line, two lines
joined at a kink (a vector store's monthly minimum) or a line plus whole replicas (steps).
"""

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise, repeat
from operator import add as _add
from operator import mul as _mul
from operator import sub as _sub
from operator import truediv as _div
from typing import Any, NamedTuple

from advisor.core.catalog import Catalog
from advisor.core.curve import STEP_LIMIT, Curve
from advisor.core.options import ServingPlan, TokenRates, hand_plan
from advisor.core.options import token_cost as _token_cost
from advisor.core.pricing import ModelPrices, Prices, batch_rates
from advisor.core.scenario import MAX_QUERIES_PER_DAY, OptionId, Scenario
from advisor.core.settings import get_path

# --- columns ----------------------------------------------------------------------------------


class Col:
    """Per-draw values with element-wise arithmetic: what a numpy array would be, minus the import.

    Operators return new `Col`s; a plain number broadcasts. Each element is computed with the
    same Python float operation as the scalar code, so results match it exactly.
    """

    __slots__ = ("v",)

    def __init__(self, v: list[Any]) -> None:
        self.v = v

    def __len__(self) -> int:
        return len(self.v)

    def __repr__(self) -> str:
        return f"Col({self.v[:4]}{'...' if len(self.v) > 4 else ''})"

    # map() over operator functions is about a third faster than a comprehension over zip().
    # Adding 0 and multiplying or dividing by 1 return the column itself: x + 0 == x and
    # x * 1 == x for every float (-0.0 becomes 0.0, which compares equal), so skipping them
    # changes no result and saves a pass over the draws.
    def __add__(self, o: Any) -> "Col":
        if type(o) is Col:
            return Col(list(map(_add, self.v, o.v)))
        return self if o == 0 else Col([a + o for a in self.v])

    def __radd__(self, o: Any) -> "Col":
        return self if o == 0 else Col([o + a for a in self.v])

    def __sub__(self, o: Any) -> "Col":
        if type(o) is Col:
            return Col(list(map(_sub, self.v, o.v)))
        return self if o == 0 else Col([a - o for a in self.v])

    def __rsub__(self, o: Any) -> "Col":
        return Col([o - a for a in self.v])

    def __mul__(self, o: Any) -> "Col":
        if type(o) is Col:
            return Col(list(map(_mul, self.v, o.v)))
        return self if o == 1 else Col([a * o for a in self.v])

    def __rmul__(self, o: Any) -> "Col":
        return self if o == 1 else Col([o * a for a in self.v])

    def __truediv__(self, o: Any) -> "Col":
        if type(o) is Col:
            return Col(list(map(_div, self.v, o.v)))
        return self if o == 1 else Col([a / o for a in self.v])

    def __rtruediv__(self, o: Any) -> "Col":
        return Col([o / a for a in self.v])

    def __neg__(self) -> "Col":
        return Col([-a for a in self.v])


Num = Any
"""A float or a `Col` of floats."""


def it(x: Num, n: int) -> Iterable[Any]:
    """Iterate a column, or repeat a plain number `n` times."""
    return x.v if type(x) is Col else repeat(x, n)


def full(x: Num, n: int) -> list[Any]:
    """A column as a list of `n` values."""
    return x.v if type(x) is Col else [x] * n


def any_col(*xs: Any) -> bool:
    """True when any argument varies between draws."""
    return any(type(x) is Col for x in xs)


_FUSED: dict[tuple[str, tuple[bool, ...]], Callable[..., list[Any]]] = {}
_CODE: dict[str, Any] = {}


def fuse(expr: str, **values: Num) -> Num:
    """Evaluate `expr` (Python, over the names given) for every draw in one pass.

    A chain of column operations makes one list per operation; this compiles the whole
    expression into one comprehension (cached by which names vary), with the plain numbers
    bound as locals. Python evaluates it per draw with the same operations in the same order
    as the scalar code, so the results are identical, at about half the cost.
    """
    used = _names_in(expr)
    values = {k: v for k, v in values.items() if k in used}  # zip only what the draws need
    names = tuple(values)
    varying = tuple(type(values[k]) is Col for k in names)
    key = (expr, varying)
    if not any(varying):
        code = _CODE.get(expr)
        if code is None:
            code = _CODE[expr] = compile(expr, "<advisor.core.kernel>", "eval")
        return eval(code, {"inf": math.inf}, dict(values))
    fn = _FUSED.get(key)
    if fn is None:
        cols = [k for k, c in zip(names, varying, strict=True) if c]
        plain = [k for k, c in zip(names, varying, strict=True) if not c]
        source = (
            f"def _fused({', '.join([*plain, *(f'_{k}' for k in cols)])}):\n"
            f"    return [{expr} for {', '.join(cols)},"
            f" in zip({', '.join(f'_{k}' for k in cols)})]\n"
        )
        space: dict[str, Any] = {"inf": math.inf}
        exec(compile(source, "<advisor.core.kernel>", "exec"), space)
        fn = _FUSED[key] = space["_fused"]
    args = [values[k] for k, c in zip(names, varying, strict=True) if not c]
    args += [values[k].v for k, c in zip(names, varying, strict=True) if c]
    return Col(fn(*args))


@functools.cache
def _names_in(expr: str) -> frozenset[str]:
    """The identifiers an expression mentions."""
    import re

    return frozenset(re.findall(r"[A-Za-z_]\w*", expr))


def _max(a: Num, b: Num) -> Num:
    """`max(a, b)` element-wise, returning `a` on ties exactly as the builtin does."""
    if not any_col(a, b):
        return max(a, b)
    n = len(a if type(a) is Col else b)
    return Col([y if y > x else x for x, y in zip(it(a, n), it(b, n), strict=True)])


def token_cost(
    static: Num,
    dynamic: Num,
    output: Num,
    hit: Num,
    batch: Num,
    p: TokenRates,
    scale: Num = None,
) -> Num:
    """`options.token_cost` (times `scale` when given, as the callers multiply by days).

    With `batch == 0`, `(1 - 0) * listed + 0 * batched` is exactly `listed` for finite costs,
    so the batch half is skipped; and when anything varies, the whole expression is one pass
    over the draws with the scalar code's operations in the scalar code's order, instead of
    a pass per operation. Either way each draw gets exactly the scalar result.
    """
    if type(batch) is Col or batch != 0:
        cost = _token_cost(static, dynamic, output, hit, batch, p)
        return cost if scale is None else cost * scale
    k = hit * p.cached + (1 - hit) * p.input
    parts = {"s": static, "k": k, "d": dynamic, "a": p.input, "o": output, "b": p.output}
    if scale is None:
        return fuse("((s * k + d * a) + o * b) / 1e6", **parts)
    return fuse("(((s * k + d * a) + o * b) / 1e6) * z", **parts, z=scale)


# --- a drawn option ---------------------------------------------------------------------------


class Steps(NamedTuple):
    """Whole replicas: `unit * clamp(ceil(q / cap), first, count)` per month (per draw)."""

    unit: Num
    cap: Num
    first: Num
    count: Num


class Drawn(NamedTuple):
    """One option's cost in every draw (fields are floats or `Col`s)."""

    upfront: Num
    uh: Num
    """One-off cost / horizon: what the amortised curve adds."""
    a0: Num
    """Running cost line from 0 (before the kink, if any): intercept and slope."""
    b0: Num
    kink: Num | None = None
    """Where the second line takes over (a Col may hold inf: no kink in that draw)."""
    a1: Num = 0.0
    b1: Num = 0.0
    steps: Steps | None = None
    """Replicas on top of the first line (self-hosted serving)."""
    A0: Num = 0.0
    """`a0 + uh`: the amortised curve's first intercept (`RoiResult.amortised`), kept once."""
    A1: Num = 0.0
    """`a1 + uh` when there is a kink."""


def _amortise(m: Drawn) -> Drawn:
    """Fill `A0`/`A1`, as `Curve.plus(upfront / horizon)` adds the one-off share."""
    if m.steps is not None:
        return m
    return m._replace(A0=m.a0 + m.uh, A1=m.a1 + m.uh if m.kink is not None else 0.0)


def at_least(floor: Num, intercept: Num, slope: Num) -> tuple[Num, Num, Num | None, Num, Num]:
    """`Curve.at_least` per draw: (a0, b0, kink, a1, b1); kink None/inf when it is one line."""
    if not any_col(floor, intercept, slope):
        c = Curve.at_least(floor, intercept, slope)
        if len(c.starts) == 1:
            return c.intercepts[0], c.slopes[0], None, 0.0, 0.0
        return c.intercepts[0], c.slopes[0], c.starts[1], c.intercepts[1], c.slopes[1]
    n = len(next(x for x in (floor, intercept, slope) if type(x) is Col))
    a0: list[float] = []
    b0: list[float] = []
    kink: list[float] = []
    a1: list[float] = []
    b1: list[float] = []
    inf = math.inf
    for f, i, s in zip(it(floor, n), it(intercept, n), it(slope, n), strict=True):
        if i >= f or s <= 0:
            a0.append(float(max(f, i)))
            b0.append(float(0.0 if i < f else s))
            kink.append(inf)
            a1.append(0.0)
            b1.append(0.0)
            continue
        k = (f - i) / s
        if not math.isfinite(k):
            a0.append(float(f))
            b0.append(0.0)
            kink.append(inf)
        else:
            a0.append(float(f))
            b0.append(0.0)
            kink.append(k)
        a1.append(float(i))
        b1.append(float(s))
    return Col(a0), Col(b0), Col(kink), Col(a1), Col(b1)


# --- inputs -----------------------------------------------------------------------------------


class Values:
    """Input values by path: a `Col` for a ranged input, else the point scenario's value."""

    __slots__ = ("cols", "scenario")

    def __init__(self, scenario: Scenario, cols: dict[str, Col]) -> None:
        self.scenario = scenario
        self.cols = cols

    def __call__(self, path: str) -> Any:
        c = self.cols.get(path)
        return c if c is not None else get_path(self.scenario, path)

    def ranged(self, path: str) -> bool:
        return path in self.cols


def _rates(v: Values, mp: ModelPrices, paths: Sequence[str], catalog: Catalog) -> TokenRates:
    """A model's token rates with any ranged hand price drawn (mirrors `resolve_model`).

    `paths` are where its hand prices are, in fallback order (RAG on the API model falls back
    to `api.price`). Unranged prices come from the point resolution.
    """

    def hand(name: str) -> tuple[bool, Any]:
        for p in paths:
            if v.ranged(f"{p}.{name}"):
                return True, v(f"{p}.{name}")
            if get_path(v.scenario, f"{p}.{name}") is not None:
                return False, get_path(v.scenario, f"{p}.{name}")
        return False, None

    drawn = [hand(n) for n in ("input_per_mtok", "cached_input_per_mtok", "output_per_mtok")]
    m_ranged, m_hand = hand("batch_multiplier")
    if not m_ranged and not any(d for d, _ in drawn):
        return TokenRates(
            mp.input_per_mtok,
            mp.cached_input_per_mtok,
            mp.output_per_mtok,
            mp.batch_input_per_mtok,
            mp.batch_cached_input_per_mtok,
            mp.batch_output_per_mtok,
        )
    (ri, hi), (rc, hc), (ro, ho) = drawn
    inp = hi if ri else mp.input_per_mtok
    out = ho if ro else mp.output_per_mtok
    cached = hc if rc else inp if mp.cached_is_input else mp.cached_input_per_mtok
    m = None if m_hand is None else (m_hand if m_ranged else float(m_hand))
    b_in, b_cached, b_out = batch_rates(
        inp, cached, out, m, mp.library_batch, catalog.batch_multiplier.value
    )
    return TokenRates(inp, cached, out, b_in, b_cached, b_out)


def _trained(
    v: Values, path: str, training: Any, inp: Any, out: Any, cached: Any, catalog: Catalog
) -> tuple[Num, TokenRates]:
    """Mirror of `options._trained`: hand prices first, else the catalog figure."""

    def use(name: str, fig: Any) -> Any:
        hand = v(f"{path}.{name}")
        if hand is not None:
            return hand if type(hand) is Col else float(hand)
        return None if fig is None else fig.value

    train = use("training_per_mtok", training)
    i = use("input_per_mtok", inp)
    o = use("output_per_mtok", out)
    c = use("cached_input_per_mtok", cached)
    c = i if c is None else c
    m = v(f"{path}.batch_multiplier")
    if m is None:
        m = catalog.batch_multiplier.value
    return train, TokenRates(i, c, o, i * m, c * m, o * m)


# --- the options ------------------------------------------------------------------------------


def _api(v: Values, p: TokenRates, uh: Callable[[Num], Num]) -> Drawn:
    out = v("api.output_tokens") + v("api.reasoning_tokens")
    per_month = token_cost(
        v("api.system_tokens"),
        v("api.input_tokens"),
        out,
        v("api.cache_hit_rate"),
        v("api.batch_share"),
        p,
        v("days_per_month"),
    )
    upfront = v("api.engineering_usd") + v("api.labelling_usd")
    return Drawn(upfront, uh(upfront), v("api.maintenance_usd_per_month"), per_month)


def _rag(v: Values, catalog: Catalog, p: TokenRates, uh: Callable[[Num], Num]) -> Drawn:
    s = v.scenario
    D = v("days_per_month")
    emb = catalog.embedding(s.rag.embedding)
    store = catalog.vector_store(s.rag.vector_store)
    chunk_tokens = v("rag.chunk_tokens")
    retrieved = v("rag.chunks_per_query") * chunk_tokens
    out = v("rag.output_tokens") + v("rag.reasoning_tokens")
    input_tokens = v("rag.input_tokens")
    dynamic = input_tokens + retrieved
    tokens = token_cost(
        v("rag.system_tokens"),
        dynamic,
        out,
        v("rag.cache_hit_rate"),
        v("rag.batch_share"),
        p,
    )
    corpus_tokens = v("rag.corpus_tokens")
    vectors = corpus_tokens / chunk_tokens
    index_gb = vectors * (emb.dimensions * 4 + v("rag.metadata_bytes_per_chunk")) / 1e9

    def fig(name: str) -> float:
        value = getattr(store, name)
        return 0.0 if value is None else value.value

    minimum = fig("minimum_usd_per_month")
    flat = fig("flat_usd_per_month")
    storage_price = fig("storage_usd_per_gb_month")
    storage = index_gb * storage_price
    read_price = fig("read_usd_per_million_units")
    ru: Num = 0.0
    if read_price:
        ru = _max(fig("min_read_units_per_query"), index_gb * fig("read_units_per_gb"))
    read_cost = ru * read_price / 1e6
    sa0, sb0, kink, sa1, sb1 = at_least(minimum, flat + storage, read_cost * D)
    churn = v("rag.churn_per_month") * corpus_tokens * emb.batch_per_mtok.value / 1e6
    corpus = corpus_tokens * emb.batch_per_mtok.value / 1e6
    la = v("rag.maintenance_usd_per_month") + churn
    # (tokens + query embedding) x days; the embedding is input x $/M / 1e6, as in options.py.
    lb = fuse("(t + i * e / 1e6) * D", t=tokens, i=input_tokens, e=emb.per_mtok.value, D=D)
    upfront = corpus + v("rag.engineering_usd") + v("rag.labelling_usd")
    if kink is None:
        return Drawn(upfront, uh(upfront), la + sa0, lb + sb0)
    return Drawn(upfront, uh(upfront), la + sa0, lb + sb0, kink, la + sa1, lb + sb1)


def _finetune(v: Values, catalog: Catalog, uh: Callable[[Num], Num]) -> Drawn:
    s = v.scenario
    base = catalog.finetune_base(s.finetune.base)
    train_price, p = _trained(
        v,
        "finetune.price",
        base.training_per_mtok,
        base.input_per_mtok,
        base.output_per_mtok,
        base.cached_input_per_mtok,
        catalog,
    )
    one_run = (
        v("finetune.examples")
        * v("finetune.tokens_per_example")
        * v("finetune.epochs")
        * train_price
        / 1e6
    )
    every = v("finetune.retrain_every_months")
    per_month = token_cost(
        v("finetune.system_tokens"),
        v("finetune.input_tokens"),
        v("finetune.output_tokens"),
        v("finetune.cache_hit_rate"),
        v("finetune.batch_share"),
        p,
        v("days_per_month"),
    )
    upfront = one_run * v("finetune.runs") + v("finetune.engineering_usd")
    upfront = upfront + v("finetune.labelling_usd")
    # maintenance + one run / every N months (0 = never), as options.py adds them.
    fixed = fuse(
        "m + (o / e if e else 0.0)", m=v("finetune.maintenance_usd_per_month"), o=one_run, e=every
    )
    return Drawn(upfront, uh(upfront), fixed, per_month)


def _distill(
    v: Values,
    catalog: Catalog,
    teacher: TokenRates,
    plan: ServingPlan | None,
    uh: Callable[[Num], Num],
) -> Drawn:
    s = v.scenario
    d = s.distill
    D = v("days_per_month")
    student = catalog.student(d.student)
    batch = 1.0 if d.teacher_batch else 0.0
    per_example = token_cost(
        v("distill.teacher_input_tokens"), 0, v("distill.teacher_output_tokens"), 0, batch, teacher
    )
    examples = v("distill.examples")
    generation = fuse("x / a * p", x=examples, a=v("distill.acceptance_rate"), p=per_example)
    train_price, sp = _trained(
        v,
        "distill.student_price",
        student.training_per_mtok,
        student.input_per_mtok,
        student.output_per_mtok,
        None,
        catalog,
    )
    one_run = (
        examples * v("distill.train_tokens_per_example") * v("distill.epochs") * train_price / 1e6
    )
    # maintenance + (regenerated share x generation + one run) / every N months (0 = never).
    fixed = fuse(
        "m + ((r * g + o) / e if e else 0.0)",
        m=v("distill.maintenance_usd_per_month"),
        r=v("distill.regenerate_share"),
        g=generation,
        o=one_run,
        e=v("distill.retrain_every_months"),
    )
    upfront = fuse(
        "((g + o * k) + x) + y",
        g=generation,
        o=one_run,
        k=v("distill.runs"),
        x=v("distill.engineering_usd"),
        y=v("distill.labelling_usd"),
    )
    if d.serving == "serverless":
        per_month = token_cost(
            v("distill.system_tokens"),
            v("distill.input_tokens"),
            v("distill.output_tokens"),
            0,
            0,
            sp,
            D,
        )
        return Drawn(upfront, uh(upfront), fixed, per_month)
    if plan is not None:
        unit, cap, min_units, pq = (
            plan.replica_monthly_usd,
            plan.queries_per_day_per_replica,
            plan.min_replicas,
            plan.per_query_usd,
        )
    else:
        hp = hand_plan(s)  # raises the usual error when the plan is missing
        if hp.gpus_per_replica:
            # Sized by the serving estimator: the GPU price and the peak-to-average factor may
            # be drawn; the rest of the plan (GPUs per replica, requests/s at the latency
            # target) is the point scenario's, as the expressions below are serving.py's.
            price = v("distill.self_hosted.usd_per_gpu_hour")
            p2a = v("distill.self_hosted.peak_to_avg")
            unit = fuse(
                "g * p * h",
                g=hp.gpus_per_replica,
                p=hp.usd_per_gpu_hour if price is None else price,
                h=hp.hours_per_month,
            )
            cap = fuse(
                "r * 86_400 / a", r=hp.requests_per_s, a=hp.peak_to_avg if p2a is None else p2a
            )
        else:
            unit = v("distill.self_hosted.replica_monthly_usd")
            cap = v("distill.self_hosted.queries_per_day_per_replica")
        min_units, pq = v("distill.self_hosted.min_replicas"), hp.per_query_usd
        if hp.extra_replicas:
            fixed = fixed + fuse("e * u", e=hp.extra_replicas, u=unit)
    steps = _steps(unit, cap, min_units, MAX_QUERIES_PER_DAY)
    return Drawn(upfront, uh(upfront), fixed, pq * D, steps=steps)


def _steps(unit: Num, cap: Num, min_units: Num, limit: float) -> Steps:
    """`Curve.steps` per draw: the first replica count and how far the expansion goes."""
    if not any_col(cap, min_units):
        first = max(1, min_units)
        count = min(math.ceil(limit / cap), STEP_LIMIT)
        return Steps(unit, cap, first, max(first, count))
    n = len(next(x for x in (cap, min_units) if type(x) is Col))
    firsts = [max(1, m) for m in it(min_units, n)]
    counts = [
        max(f, min(math.ceil(limit / c), STEP_LIMIT))
        for f, c in zip(firsts, it(cap, n), strict=True)
    ]
    return Steps(unit, cap, Col(firsts), Col(counts))


def exact_to(steps: Steps | None, n: int) -> Num:
    """Per draw, the volume up to which a step curve is complete (`Curve.exact_to`)."""
    if steps is None:
        return math.inf

    def one(cap: float, count: int) -> float:
        needed = math.ceil(MAX_QUERIES_PER_DAY / cap)
        return math.inf if needed <= STEP_LIMIT else count * cap

    if not any_col(steps.cap, steps.count):
        return one(steps.cap, steps.count)
    return Col([one(c, k) for c, k in zip(it(steps.cap, n), it(steps.count, n), strict=True)])


def models(
    v: Values,
    catalog: Catalog,
    prices: Prices,
    serving_plan: ServingPlan | None = None,
) -> dict[OptionId, Drawn]:
    """Every compared option, drawn: the columns `roi.compute` would build, draw by draw."""
    s = v.scenario
    H = v("horizon_months")

    def uh(upfront: Num) -> Num:
        return upfront / H

    out: dict[OptionId, Drawn] = {}
    for option in s.compare:
        if option == "api":
            out["api"] = _api(v, _rates(v, prices.api, ["api.price"], catalog), uh)
        elif option == "rag":
            paths = ["rag.price", "api.price"] if s.rag.model is None else ["rag.price"]
            out["rag"] = _rag(v, catalog, _rates(v, prices.rag, paths, catalog), uh)
        elif option == "finetune":
            out["finetune"] = _finetune(v, catalog, uh)
        else:
            teacher = _rates(v, prices.teacher, ["distill.teacher_price"], catalog)
            out["distill"] = _distill(v, catalog, teacher, serving_plan, uh)
    return {k: _amortise(m) for k, m in out.items()}


# --- evaluating -------------------------------------------------------------------------------


def _k_at(q: float, cap: float, first: int, count: int) -> int:
    """Replicas at volume `q` exactly as `Curve.steps` pieces count them: (k-1)cap < q <= k cap."""
    if q <= first * cap:
        return first
    k = math.ceil(q / cap)
    while k > first and (k - 1) * cap >= q:
        k -= 1
    while k < count and k * cap < q:
        k += 1
    return min(max(k, first), count)


def _k_after(q: float, cap: float, first: int, count: int) -> int:
    """Replicas just above `q` (`Curve.piece_after`): the largest k with (k-1)cap <= q."""
    k = max(first, math.floor(q / cap) + 1)
    while k > first and (k - 1) * cap > q:
        k -= 1
    while k < count and k * cap <= q:
        k += 1
    return min(k, count)


def amortised_at(m: Drawn, q: Num, n: int) -> Num:
    """Monthly cost with the one-off spread (`RoiResult.amortised(id)(q)`) in every draw."""
    if m.steps is None and m.kink is None:
        return m.A0 + m.b0 * q
    qs, a0, b0, uh = it(q, n), it(m.a0, n), it(m.b0, n), it(m.uh, n)
    if m.steps is None:
        A0, A1, kinks, b1 = it(m.A0, n), it(m.A1, n), it(m.kink, n), it(m.b1, n)
        return Col(
            [
                x0 + y0 * x if x <= k else x1 + y1 * x
                for x, x0, y0, k, x1, y1 in zip(qs, A0, b0, kinks, A1, b1, strict=True)
            ]
        )
    st = m.steps
    units, caps, firsts, counts = it(st.unit, n), it(st.cap, n), it(st.first, n), it(st.count, n)
    return Col(
        [
            ((x0 + un * _k_at(x, c, f, k)) + u) + y0 * x
            for x, x0, y0, u, un, c, f, k in zip(
                qs, a0, b0, uh, units, caps, firsts, counts, strict=True
            )
        ]
    )


def at_volume(m: Drawn, q: Num, n: int) -> tuple[Num, Num]:
    """(amortised, running) monthly cost in every draw: `A0 + b0 q` and `a0 + b0 q` (the
    second line beyond a kink: piece 0 covers volumes up to and including the kink)."""
    if m.steps is None and m.kink is None:
        return fuse("A + b * q", A=m.A0, b=m.b0, q=q), fuse("a + b * q", a=m.a0, b=m.b0, q=q)
    if m.steps is None:
        lines = {"q": q, "k": m.kink, "b": m.b0, "c": m.b1}
        return (
            fuse("A + b * q if q <= k else B + c * q", A=m.A0, B=m.A1, **lines),
            fuse("a + b * q if q <= k else d + c * q", a=m.a0, d=m.a1, **lines),
        )
    return amortised_at(m, q, n), running_at(m, q, n)


def running_at(m: Drawn, q: Num, n: int) -> Num:
    """Monthly running cost (no one-off share) in every draw: `OptionModel.running(q)`."""
    if m.steps is None and m.kink is None:
        return m.a0 + m.b0 * q
    qs, a0, b0 = it(q, n), it(m.a0, n), it(m.b0, n)
    if m.steps is None:
        kinks, a1, b1 = it(m.kink, n), it(m.a1, n), it(m.b1, n)
        return Col(
            [
                x0 + y0 * x if x <= k else x1 + y1 * x
                for x, x0, y0, k, x1, y1 in zip(qs, a0, b0, kinks, a1, b1, strict=True)
            ]
        )
    st = m.steps
    units, caps, firsts, counts = it(st.unit, n), it(st.cap, n), it(st.first, n), it(st.count, n)
    return Col(
        [
            (x0 + un * _k_at(x, c, f, k)) + y0 * x
            for x, x0, y0, un, c, f, k in zip(qs, a0, b0, units, caps, firsts, counts, strict=True)
        ]
    )


# --- break-evens ------------------------------------------------------------------------------

#: Differences below this share of the costs count as a tie (as `curve.crossings` counts them).
TIE = 1e-12


def first_cheaper(lo: Drawn, hi: Drawn, x_is_lo: bool, upto: Num, n: int) -> list[float]:
    """Per draw, the lowest volume in (0, upto] where `hi` is strictly cheaper than `lo`.

    0 when `hi` is cheaper already at the smallest volumes, inf when it never is up to `upto`.
    For the pair's point estimate this is the volume of its first break-even (the one
    `roi.compute` lists first, with `lo` cheaper below), computed with the same closed form on
    the same pieces: root = -(A_x - A_y) / (B_x - B_y), x the option listed first in
    `scenario.compare` (`x_is_lo` says which one that is).
    """
    if lo.steps is not None or hi.steps is not None:
        return _first_cheaper_steps(lo, hi, x_is_lo, upto, n)
    if lo.kink is None and hi.kink is None:
        return _from_zero(lo.A0, lo.b0, hi.A0, hi.b0, upto, n)
    # One of them has a kink: the first line up to the kink, then the second beyond it.
    k = lo.kink if lo.kink is not None else hi.kink
    kinks = full(k, n)
    limit = Col([min(a, b) for a, b in zip(kinks, it(upto, n), strict=True)])
    first = _from_zero(lo.A0, lo.b0, hi.A0, hi.b0, limit, n)
    inf = math.inf

    def beyond(m: Drawn) -> tuple[Num, Num]:
        return (m.A0, m.b0) if m.kink is None else (m.A1, m.b1)

    la, lb = beyond(lo)
    ha, hb = beyond(hi)
    # Beyond the kink only draws where `hi` grows more slowly can still cross: elsewhere the
    # gap, not negative at the kink, only widens.
    rows = zip(first, kinks, it(upto, n), it(hb, n), it(lb, n), strict=True)
    todo = [i for i, (qv, kv, u, d, b) in enumerate(rows) if qv == inf and kv < u and d - b < 0]
    if not todo:
        return first
    sub = [full(x, n) for x in (la, lb, ha, hb, upto)]
    rest = _first_cheaper_lines(
        Col([sub[0][i] for i in todo]),
        Col([sub[1][i] for i in todo]),
        Col([sub[2][i] for i in todo]),
        Col([sub[3][i] for i in todo]),
        Col([kinks[i] for i in todo]),
        Col([sub[4][i] for i in todo]),
        len(todo),
    )
    for i, qv in zip(todo, rest, strict=True):
        first[i] = qv
    return first


def _from_zero(la: Num, lb: Num, ha: Num, hb: Num, end: Num, n: int) -> list[float]:
    """`_first_cheaper_lines` from volume 0: the common case, kept to a few operations a draw.

    At 0 the gap is `ha - la`; the root -(A_x - A_y) / (B_x - B_y) equals -gap / (hb - lb) in
    either order of x and y (IEEE subtraction and division are exactly antisymmetric).
    """
    # One pass, no call per draw: hi cheaper from 0 (beyond the tie tolerance), or the root if
    # it lies before `end`, or never.
    out = fuse(
        "0.0 if (g := c - a) < 0 and -g > tie * (abs(a) + abs(c)) "
        "else ((0.0 if (r := -g / d) <= 0.0 else r if r < e else inf) if (d := hb - lb) < 0 "
        "else inf)",
        a=la,
        c=ha,
        lb=lb,
        hb=hb,
        e=end,
        tie=TIE,
    )
    return out.v if type(out) is Col else [out] * n


def _first_cheaper_lines(
    la: Num, lb: Num, ha: Num, hb: Num, start: Num, end: Num, n: int
) -> list[float]:
    """`first_cheaper` for two lines on (start, end]: `la + lb q` (cheaper below) and `ha + hb q`.

    inf where the second is not cheaper anywhere on the interval; a root exactly at `end` is
    left to the next interval, as `crossings` leaves a root on a piece boundary to the boundary.
    """
    inf = math.inf
    tie = TIE
    out: list[float] = []
    append = out.append
    rows = zip(it(la, n), it(lb, n), it(ha, n), it(hb, n), it(start, n), it(end, n), strict=True)
    for a, b, c, d, s, e in rows:
        lo_s = a + b * s
        hi_s = c + d * s
        g = hi_s - lo_s  # hi - lo just after the start
        if g < 0 and -g > tie * (abs(lo_s) + abs(hi_s)):
            append(s)
        elif d - b < 0:
            r = (a - c) / (d - b)  # the closed-form root, as -gap / slope difference at 0
            append(s if r <= s else r if r < e else inf)
        else:
            append(inf)
    return out


def _first_cheaper_steps(lo: Drawn, hi: Drawn, x_is_lo: bool, upto: Num, n: int) -> list[float]:
    """`first_cheaper` when replicas make a curve a step function: per draw, in closed form.

    Between kinks each cost is a line plus `unit` per replica, so on replica interval k the gap
    is linear and its ends move by the same amount per replica: the first interval where it
    turns negative is solved for, then checked exactly around it. No step is walked.
    """
    rows_lo, rows_hi = _rows(lo, n), _rows(hi, n)
    return [
        _one_steps(a, b, x_is_lo, u) for a, b, u in zip(rows_lo, rows_hi, it(upto, n), strict=True)
    ]


class _Row(NamedTuple):
    """One draw of a `Drawn`: running pieces, one-off share and replicas."""

    starts: tuple[float, ...]
    a: tuple[float, ...]
    b: tuple[float, ...]
    uh: float
    steps: tuple[float, float, int, int] | None


def _rows(m: Drawn, n: int) -> list[_Row]:
    a0, b0, uh, a1, b1 = (list(it(x, n)) for x in (m.a0, m.b0, m.uh, m.a1, m.b1))
    kink = list(it(m.kink, n))
    st: list[Any] = [None] * n
    if m.steps is not None:
        x = m.steps
        st = list(zip(it(x.unit, n), it(x.cap, n), it(x.first, n), it(x.count, n), strict=True))
    rows = []
    for i in range(n):
        k = kink[i]
        if k is None or k == math.inf:
            rows.append(_Row((0.0,), (a0[i],), (b0[i],), uh[i], st[i]))
        else:
            rows.append(_Row((0.0, k), (a0[i], a1[i]), (b0[i], b1[i]), uh[i], st[i]))
    return rows


def _line(r: _Row, q: float, k: int) -> tuple[float, float]:
    """Amortised intercept and slope of `r` just above `q`, with `k` replicas if it has any."""
    i = 0
    while i + 1 < len(r.starts) and r.starts[i + 1] <= q:
        i += 1
    a = r.a[i]
    if r.steps is not None:
        a = a + r.steps[0] * k
    return a + r.uh, r.b[i]


def _one_steps(lo: _Row, hi: _Row, x_is_lo: bool, upto: float) -> float:
    """One draw of `_first_cheaper_steps`."""
    owner = lo if lo.steps is not None else hi
    assert owner.steps is not None
    unit, cap, first, count = owner.steps
    per_replica = unit if owner is hi else -unit  # how the gap hi - lo moves per replica
    cuts = sorted({0.0, upto, *(x for x in lo.starts + hi.starts if 0 < x < upto)})
    for s, e in pairwise(cuts):
        k_s, k_e = _k_after(s, cap, first, count), _k_at(e, cap, first, count)

        def test(k: int, s: float = s, e: float = e, k_s: int = k_s, k_e: int = k_e) -> float:
            q0 = s if k == k_s else (k - 1) * cap  # replica interval k: ((k-1) cap, k cap]
            q1 = e if k == k_e else k * cap
            la, lb = _line(lo, s, k)
            ha, hb = _line(hi, s, k)
            return _first_cheaper_lines(la, lb, ha, hb, q0, q1, 1)[0]

        found = test(k_s)
        if found < math.inf or k_e <= k_s:
            if found < math.inf:
                return found
            continue
        la, lb = _line(lo, s, k_s)
        ha, hb = _line(hi, s, k_s)
        slope = hb - lb
        lam = per_replica + slope * cap  # change of the gap at either end per replica
        tries = [k_s + 1]
        if lam < 0:
            right = (ha + hb * (k_s * cap)) - (la + lb * (k_s * cap))
            j = min(right, right - slope * cap) / -lam
            kc = k_s + math.floor(j) + 1 if math.isfinite(j) else k_e
            tries = [kc - 2, kc - 1, kc, kc + 1]
        for k in sorted({min(max(t, k_s + 1), k_e) for t in tries} | {k_e}):
            found = test(k)
            if found < math.inf:
                return found
    return math.inf
