"""Self-hosted serving: how many GPUs a query volume needs, and what it costs per month.

The ROI model's self-hosted options (a fine-tuned or distilled open model on rented GPUs) are
priced here. Capacity is taken at a latency SLO, not at batch 1 (cost_model.md C): the time a
GPU spends per request is modelled as

    t = c_lin · 2N·(t_in + t_out) / peak          every token through the weights (compute)
      + c_kv  · kv_bytes · t_out · (t_in + t_out/2) / bandwidth      decoding re-reads the cache
      + c_att · 2·L·q_dim · t_in² / peak           prefill attention (long prompts hit the TTFT)

with the three coefficients fitted (least squares on relative error) to measured vLLM capacity
at an SLO for one model on one GPU (`rules/serving.yaml`). The terms scale with the model's
shape and the GPU's peak FLOP/s and bandwidth, so the fit carries over to other models and GPUs
as an estimate; the report says so.

Replicas are a step function of volume: `ServingCurve` gives the monthly cost at any
queries/day and the exact volumes where a replica is added, so break-evens against linear
options can be computed exactly on each step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

import annotated_types as at

from advisor.core.hardware import (
    GIB,
    Gpu,
    Hardware,
    Key,
    ModelShape,
    PosInt,
    PriceChoice,
    find_gpu,
    gpu_price,
    load_hardware,
)
from advisor.core.i18n import I18n
from advisor.core.numbers import format_number
from advisor.core.paths import RulesDirs
from advisor.core.sourced import Source, Sourced
from advisor.core.validate import STRICT
from advisor.core.yamlio import Document
from advisor.errors import InputError, Problem, RulesError

Positive = Annotated[float, at.Gt(0)]


class ModelTooLarge(InputError):
    """The model's weights (and minimum KV cache) do not fit a replica of this GPU type."""


# --- rules/serving.yaml -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CapacityPoint:
    """Measured output tokens/s of one workload at the SLO."""

    __pydantic_config__ = STRICT

    label: Key
    """Workload name (chat, prefill-heavy...)."""
    tokens_in: PosInt
    tokens_out: PosInt
    output_tokens_per_s: Positive


@dataclass(frozen=True, slots=True, kw_only=True)
class ServingReference:
    """Capacity measured at a latency SLO: what the model is fitted to."""

    __pydantic_config__ = STRICT

    model: Key
    """Model id in `models.yaml`."""
    gpu: Key
    """GPU id in `gpus.yaml`."""
    gpus: PosInt = 1
    engine: str
    """Serving engine and precision, e.g. `vLLM 0.30.0, BF16`."""
    slo: I18n
    """The latency objective the capacity was measured at."""
    source: Source
    points: Annotated[tuple[CapacityPoint, ...], at.MinLen(3)]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServingRules:
    """`rules/serving.yaml`: the SLO capacity measurements and the serving defaults."""

    __pydantic_config__ = STRICT

    reference: ServingReference
    peak_to_avg: Sourced
    """Peak-hour traffic over the daily average (unit `ratio`)."""
    hours_per_month: Sourced
    """Hours an always-on GPU is billed per month (unit `hours`)."""
    min_concurrency: Sourced
    """Concurrent sequences whose KV cache must fit next to the weights (unit `sequences`)."""
    tokens_in: Sourced
    """Default input tokens per query (unit `tokens`)."""
    tokens_out: Sourced
    """Default output tokens per query (unit `tokens`)."""
    max_gpus_per_replica: PosInt = 8
    """Largest tensor-parallel group considered (one node)."""


def check_serving(value: ServingRules, doc: Document) -> list[Problem]:
    """Units, and a fit that makes physical sense (no negative costs)."""
    problems: list[Problem] = []
    for key, unit in (
        ("peak_to_avg", "ratio"),
        ("hours_per_month", "hours"),
        ("min_concurrency", "sequences"),
        ("tokens_in", "tokens"),
        ("tokens_out", "tokens"),
    ):
        figure: Sourced = getattr(value, key)
        if figure.unit != unit:
            problems.append(Problem(doc.path, doc.line_of((key,)), None, f"unit must be {unit!r}"))
    if value.peak_to_avg.value < 1:
        problems.append(
            Problem(doc.path, doc.line_of(("peak_to_avg",)), None, "must be at least 1")
        )
    return problems


def load_serving_rules(dirs: RulesDirs | None = None) -> ServingRules:
    """`serving.yaml` from the rules folders (validated once, then cached)."""
    from advisor.core.datafiles import load_data

    return load_data(dirs, "serving.yaml")


# --- the capacity model -----------------------------------------------------------------------


def _features(model: ModelShape, gpu: Gpu, gpus: int, t_in: float, t_out: float) -> list[float]:
    """Seconds per request of each term at 100% efficiency, on a `gpus`-way replica."""
    peak = gpu.bf16_tflops.value * 1e12 * gpus
    bandwidth = gpu.memory_bandwidth.value * 1e12 * gpus
    return [
        2 * model.params * (t_in + t_out) / peak,
        model.kv_bytes_per_token * t_out * (t_in + t_out / 2) / bandwidth,
        2 * model.layers * model.q_dim * t_in * t_in / peak,
    ]


@dataclass(frozen=True, slots=True)
class CapacityFit:
    """The fitted coefficients (1 / efficiency of each term) and how well they fit."""

    linear: float
    kv: float
    attention: float
    errors: tuple[float, ...]
    """Predicted / measured - 1 for each reference point, in order."""

    @property
    def coefficients(self) -> tuple[float, float, float]:
        return (self.linear, self.kv, self.attention)


def fit_capacity(rules: ServingRules, hw: Hardware) -> CapacityFit:
    """Least squares on relative error over the reference points (a 3x3 solve, no numpy)."""
    ref = rules.reference
    model = _reference_part(hw.models.models, ref.model, "model")
    gpu = _reference_part(hw.gpus.gpus, ref.gpu, "gpu")
    rows, targets = [], []
    for p in ref.points:
        seconds = p.tokens_out / p.output_tokens_per_s
        feats = _features(model, gpu, ref.gpus, p.tokens_in, p.tokens_out)
        rows.append([f / seconds for f in feats])
        targets.append(1.0)
    coef = _least_squares(rows, targets)
    if any(c <= 0 for c in coef):
        raise RulesError(
            [Problem("serving.yaml", None, "reference", "the capacity fit has a term <= 0")]
        )
    errors = []
    for p in ref.points:
        feats = _features(model, gpu, ref.gpus, p.tokens_in, p.tokens_out)
        predicted = p.tokens_out / sum(c * f for c, f in zip(coef, feats, strict=True))
        errors.append(predicted / p.output_tokens_per_s - 1)
    return CapacityFit(coef[0], coef[1], coef[2], tuple(errors))


def _reference_part(items: dict[str, Any], key: str, what: str) -> Any:
    if key not in items:
        raise RulesError([Problem("serving.yaml", None, "reference", f"unknown {what} {key!r}")])
    return items[key]


def _least_squares(rows: list[list[float]], targets: list[float]) -> list[float]:
    n = len(rows[0])
    ata = [[sum(r[i] * r[j] for r in rows) for j in range(n)] for i in range(n)]
    atb = [sum(r[i] * t for r, t in zip(rows, targets, strict=True)) for i in range(n)]
    for col in range(n):  # Gaussian elimination with partial pivoting
        pivot = max(range(col, n), key=lambda r: abs(ata[r][col]))
        ata[col], ata[pivot] = ata[pivot], ata[col]
        atb[col], atb[pivot] = atb[pivot], atb[col]
        for r in range(col + 1, n):
            k = ata[r][col] / ata[col][col]
            for c in range(col, n):
                ata[r][c] -= k * ata[col][c]
            atb[r] -= k * atb[col]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (atb[r] - sum(ata[r][c] * x[c] for c in range(r + 1, n))) / ata[r][r]
    return x


def requests_per_second(
    model: ModelShape, gpu: Gpu, gpus: int, tokens_in: float, tokens_out: float, fit: CapacityFit
) -> float:
    """Requests per second one replica of `gpus` GPUs sustains within the SLO."""
    feats = _features(model, gpu, gpus, tokens_in, tokens_out)
    return 1.0 / sum(c * f for c, f in zip(fit.coefficients, feats, strict=True))


def gpus_per_replica(
    model: ModelShape,
    gpu: Gpu,
    tokens_in: float,
    tokens_out: float,
    rules: ServingRules,
    hw: Hardware,
) -> int | None:
    """Fewest GPUs (1, 2, 4, 8) holding bf16 weights plus the KV cache of the minimum
    concurrency; None when not even `max_gpus_per_replica` do."""
    usable = hw.gpus.usable_gib(gpu) * GIB
    need = 2 * model.params + rules.min_concurrency.value * model.kv_bytes_per_token * (
        tokens_in + tokens_out
    )
    g = 1
    while g <= rules.max_gpus_per_replica:
        if need <= g * usable:
            return g
        g *= 2
    return None


# --- the step function ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServingCurve:
    """Monthly cost of an always-on deployment as a function of queries/day.

    replicas(q) = max(min_replicas, ceil(q / capacity_qpd_per_replica)) + extra_replicas.
    A volume exactly at k x capacity still fits in k replicas; the cost jumps just above it.
    """

    capacity_qpd_per_replica: float
    """Queries/day one replica serves with the peak hour inside the SLO."""
    monthly_usd_per_replica: float
    min_replicas: int
    extra_replicas: int
    """Spare replicas for high availability (N+1)."""
    gpus_per_replica: int

    def replicas(self, queries_per_day: float) -> int:
        """Replicas needed at `queries_per_day` (spares included)."""
        if queries_per_day < 0 or not math.isfinite(queries_per_day):
            raise InputError(f"queries per day must be a finite number >= 0; got {queries_per_day}")
        cap = self.capacity_qpd_per_replica
        needed = math.ceil(queries_per_day / cap)
        if needed > 0 and (needed - 1) * cap >= queries_per_day:
            needed -= 1  # float rounding put an exact step one replica too high
        return max(self.min_replicas, needed) + self.extra_replicas

    def monthly_usd(self, queries_per_day: float) -> float:
        """Monthly cost at `queries_per_day`."""
        return self.replicas(queries_per_day) * self.monthly_usd_per_replica

    def steps(self, up_to_qpd: float) -> tuple[float, ...]:
        """Volumes (queries/day) below `up_to_qpd` where one more replica is needed.

        The cost is constant on (step_k, step_k+1]; the first interval starts at 0.
        """
        out: list[float] = []
        k = max(self.min_replicas, 1)
        while k * self.capacity_qpd_per_replica < up_to_qpd and len(out) < 100_000:
            out.append(k * self.capacity_qpd_per_replica)
            k += 1
        return tuple(out)


@dataclass(frozen=True, slots=True)
class ServingPlan:
    """GPUs and money to serve a volume with one model on one GPU type."""

    model: str
    model_id: str | None
    gpu: str
    gpu_name: str
    queries_per_day: float
    tokens_in: float
    tokens_out: float
    peak_to_avg: float
    gpus_per_replica: int
    replicas: int
    """Replicas needed at this volume, spares included."""
    gpus_total: int
    requests_per_s_per_replica: float
    """Capacity of one replica at the SLO."""
    peak_requests_per_s: float
    utilisation_at_peak: float
    """Peak load over the capacity of the serving (non-spare) replicas."""
    price: PriceChoice
    hours_per_month: float
    monthly_usd: float
    usd_per_query: float | None
    """None at zero volume."""
    usd_per_mtok: float | None
    """Per 1M tokens (input + output) at this volume; None at zero volume."""
    usd_per_mtok_at_capacity: float
    """Per 1M tokens if every replica ran at its SLO capacity around the clock."""
    curve: ServingCurve
    fit: CapacityFit


def serving_plan(
    model: str | ModelShape,
    gpu: str | Gpu,
    *,
    queries_per_day: float,
    tokens_in: float,
    tokens_out: float,
    peak_to_avg: float | None = None,
    ha: bool = False,
    min_replicas: int = 1,
    usd_per_hour: float | None = None,
    price_tier: str | None = None,
    hours_per_month: float | None = None,
    hardware: Hardware | None = None,
    rules: ServingRules | None = None,
) -> ServingPlan:
    """Replicas, GPUs and monthly cost to serve `queries_per_day` at the SLO.

    `model` and `gpu` are ids or names from the rules (or shapes/GPUs themselves). Defaults for
    `peak_to_avg` and `hours_per_month` come from `serving.yaml`; the GPU price from the price
    tier (default: the first of `default_tiers` the GPU has) or `usd_per_hour`. `ha` adds one
    spare replica (N+1). `min_replicas` is the always-on floor (0 models scale-to-zero).
    """
    hw = hardware or load_hardware()
    rules = rules or load_serving_rules()
    shape, model_id = _resolve_model(model, hw)
    gpu_id, gpu_obj = find_gpu(hw.gpus, gpu) if isinstance(gpu, str) else (hw.gpu_id(gpu), gpu)
    p2a = rules.peak_to_avg.value if peak_to_avg is None else peak_to_avg
    hpm = rules.hours_per_month.value if hours_per_month is None else hours_per_month
    _check("--queries-per-day", queries_per_day, 0, 1e10)
    _check("--tokens-in", tokens_in, 0, 1e6)
    _check("--tokens-out", tokens_out, 1, 1e6)
    _check("--peak-to-avg", p2a, 1, 1000)
    _check("--hours-per-month", hpm, 1, 744)
    _check("--min-replicas", min_replicas, 0, 10_000)
    if usd_per_hour is not None:
        _check("--usd-per-hour", usd_per_hour, 0, 10_000)
    price = gpu_price(hw.gpus, gpu_obj, price_tier, usd_per_hour)
    if price is None:
        raise InputError(
            f"{gpu_obj.name} has no price in tier {price_tier!r}; "
            f"its tiers: {', '.join(gpu_obj.prices)} (or give --usd-per-hour)"
        )
    g = gpus_per_replica(shape, gpu_obj, tokens_in, tokens_out, rules, hw)
    if g is None:
        raise ModelTooLarge(
            f"{shape.name} does not fit on {rules.max_gpus_per_replica} x {gpu_obj.name} "
            "(bf16 weights plus KV cache); choose a GPU with more memory"
        )
    fit = fit_capacity(rules, hw)
    rps = requests_per_second(shape, gpu_obj, g, tokens_in, tokens_out, fit)
    capacity_qpd = rps * 86_400 / p2a
    per_replica = g * price.usd_per_hour * hpm
    curve = ServingCurve(capacity_qpd, per_replica, int(min_replicas), 1 if ha else 0, g)
    replicas = curve.replicas(queries_per_day)
    monthly = curve.monthly_usd(queries_per_day)
    days = hpm / 24
    tokens_month = queries_per_day * days * (tokens_in + tokens_out)
    serving = replicas - curve.extra_replicas
    peak_rps = queries_per_day / 86_400 * p2a
    return ServingPlan(
        model=shape.name,
        model_id=model_id,
        gpu=gpu_id,
        gpu_name=gpu_obj.name,
        queries_per_day=queries_per_day,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        peak_to_avg=p2a,
        gpus_per_replica=g,
        replicas=replicas,
        gpus_total=replicas * g,
        requests_per_s_per_replica=rps,
        peak_requests_per_s=peak_rps,
        utilisation_at_peak=peak_rps / (serving * rps) if serving else 0.0,
        price=price,
        hours_per_month=hpm,
        monthly_usd=monthly,
        usd_per_query=monthly / (queries_per_day * days) if queries_per_day else None,
        usd_per_mtok=monthly / tokens_month * 1e6 if tokens_month else None,
        usd_per_mtok_at_capacity=(
            g * price.usd_per_hour / (rps * (tokens_in + tokens_out) * 3600) * 1e6
        ),
        curve=curve,
        fit=fit,
    )


def serving_curve(model: str | ModelShape, gpu: str | Gpu, **kwargs: Any) -> ServingCurve:
    """Just the step function (cost vs queries/day) for the ROI model's break-even search.

    Takes the same arguments as `serving_plan` except `queries_per_day`.
    """
    return serving_plan(model, gpu, queries_per_day=0.0, **kwargs).curve


def _resolve_model(model: str | ModelShape, hw: Hardware) -> tuple[ModelShape, str | None]:
    if isinstance(model, ModelShape):
        for key, candidate in hw.models.models.items():
            if candidate == model:
                return model, key
        return model, None
    from advisor.core.hardware import find_model

    key, shape = find_model(hw.models, model)
    return shape, key


def _check(flag: str, value: float, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{flag} must be a number; got {value!r}")
    if not math.isfinite(value) or value < low or value > high:
        raise InputError(
            f"{flag} must be a finite number from {format_number(low)} to "
            f"{format_number(high)}; got {format_number(value)}"
        )
