"""How much memory, time and money fine-tuning an open model takes, on every GPU in the table.

The seeds give training hours as fixed tables (seed 001: 7B on a 4090 takes 8 h; seed 002:
Llama-3-8B LoRA takes 2-4 h on an A100). This module answers the same question for the user's
model, data and GPU, from first principles calibrated on measured runs:

- Memory is the sum of weights, gradients and optimizer states (bytes per parameter by method
  and precision recipe) plus activations, which are derived from the model's shape: the bytes
  each layer keeps for the backward pass per token (what PyTorch, transformers and peft really
  save), the logits and loss at the start of the backward pass, and what checkpointing keeps.
  The peak is the larger of the start of the backward pass (all activations and the logits
  alive) and its end (all gradients allocated, one layer's activations alive); both cannot
  happen at once, which is why a full fine-tune's peak is its states plus gradients.
- Time is training tokens x FLOPs per token (6N full, 4N LoRA, plus the attention term) /
  (GPUs x peak dense bf16 x utilisation). The utilisation is not a guess: it is the mean MFU
  the measured H100 runs of the same family reached (`rules/training.yaml`).
- Cost is GPU-hours x $/GPU-hour from `rules/gpus.yaml` (any price tier, or a price by hand).

Every figure the user does not give comes from the rules files with its source; overrides for
utilisation, hours and price reproduce the seeds' own arithmetic exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal

from advisor.core.hardware import (
    GIB,
    Gpu,
    Hardware,
    ModelShape,
    PriceChoice,
    find_gpu,
    gpu_price,
    load_hardware,
)
from advisor.core.i18n import I18n
from advisor.core.numbers import format_number
from advisor.core.training_rules import (
    METHODS,
    Family,
    MeasuredRun,
    Method,
    RecipeId,
    TrainingRules,
    load_training_rules,
)
from advisor.errors import InputError, Problem, RulesError

# --- the job ----------------------------------------------------------------------------------

#: Bounds beyond which an input is a typo, not a plan.
LIMITS: dict[str, tuple[float, float]] = {
    "examples": (1, 1e9),
    "tokens_per_example": (1e-9, 1e6),
    "epochs": (0.01, 1000),
    "seq_len": (1, 1_048_576),
    "batch": (1, 65_536),
    "lora_rank": (1, 65_536),
    "prompt_tokens": (1, 10_000),
    "runs": (1, 1000),
    "params": (1e6, 1e13),
    "gpus": (1, 100_000),
    "mfu": (0.01, 1.0),
    "hours": (1e-9, 1e6),
    "usd_per_hour": (0, 10_000),
    "overhead_hours": (0, 1000),
}

FLAGS = {
    "examples": "--examples",
    "tokens_per_example": "--tokens-per-example",
    "epochs": "--epochs",
    "seq_len": "--seq",
    "batch": "--batch",
    "lora_rank": "--lora-rank",
    "prompt_tokens": "--prompt-tokens",
    "runs": "--runs",
    "params": "--params",
    "gpus": "--gpus",
    "mfu": "--mfu",
    "hours": "--hours",
    "usd_per_hour": "--usd-per-hour",
    "overhead_hours": "--overhead-hours",
}


def check_value(name: str, value: float, *, integer: bool = False) -> None:
    """Raise `InputError` unless `value` is a finite number within `LIMITS[name]`.

    Messages name the command-line flag, since that is where most values come from.
    """
    low, high = LIMITS[name]
    flag = FLAGS.get(name, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{flag} must be a number; got {value!r}")
    if not math.isfinite(value):
        raise InputError(f"{flag} must be a finite number; got {value}")
    if integer and value != int(value):
        raise InputError(f"{flag} must be a whole number; got {format_number(value)}")
    if value < low or value > high:
        lower = "more than 0" if 0 < low < 1e-6 else f"at least {format_number(low)}"
        raise InputError(
            f"{flag} must be {lower} and at most {format_number(high)}; got {format_number(value)}"
        )


def next_power_of_two(tokens: float, floor: int = 256) -> int:
    """The sequence length a job of `tokens`-long examples is usually padded or packed to."""
    return max(floor, 1 << max(0, math.ceil(math.log2(max(tokens, 1)))))


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingJob:
    """What the user wants trained: model, method, data and step shape (per GPU)."""

    model: ModelShape
    model_id: str | None = None
    """The model's id in `models.yaml` (None for a shape given by parameter count)."""
    method: Method = "lora"
    lora_rank: int = 16
    prompt_tokens: int = 20
    """Virtual tokens prompt tuning trains (and adds to every sequence)."""
    recipe: RecipeId = "mixed"
    """Optimizer precision for full fine-tuning: `mixed` 16 B/param, `bf16` 8, `adam8bit` 10."""
    examples: int
    tokens_per_example: float
    epochs: float = 3.0
    seq_len: int
    """Tokens per sequence in a step (attention context and activation size)."""
    batch: int = 4
    """Sequences per GPU per step (micro-batch)."""
    grad_ckpt: bool = True
    packing: bool = True
    """True: count real tokens (packed or length-grouped batches). False: every example is
    padded to `seq_len`, as providers bill without packing."""
    runs: int = 1
    """Training runs (hyper-parameter search typically takes 2-5)."""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"--method {self.method!r}: unknown; allowed: {', '.join(METHODS)}")
        if self.recipe not in ("mixed", "bf16", "adam8bit"):
            raise InputError(f"--recipe {self.recipe!r}: unknown; allowed: mixed, bf16, adam8bit")
        for name in ("examples", "seq_len", "batch", "lora_rank", "prompt_tokens", "runs"):
            check_value(name, getattr(self, name), integer=True)
        for name in ("tokens_per_example", "epochs"):
            check_value(name, getattr(self, name))
        if self.method in ("lora", "qlora") and self.lora_rank > self.model.hidden:
            raise InputError(
                f"--lora-rank {self.lora_rank} is larger than the model's hidden size "
                f"({self.model.hidden}); a LoRA rank is usually 8-256"
            )

    @property
    def trainable_params(self) -> int:
        if self.method == "full":
            return self.model.params
        if self.method == "prompt_tuning":
            return self.prompt_tokens * self.model.hidden
        return self.model.lora_params(self.lora_rank)

    @property
    def step_seq(self) -> int:
        """Tokens per sequence the GPU processes (prompt tuning prepends its virtual tokens)."""
        return self.seq_len + (self.prompt_tokens if self.method == "prompt_tuning" else 0)

    @property
    def tokens_per_epoch(self) -> float:
        per_example = self.seq_len if not self.packing else self.tokens_per_example
        if self.method == "prompt_tuning":
            per_example += self.prompt_tokens
        return self.examples * per_example

    @property
    def training_tokens(self) -> float:
        """Tokens processed over all epochs (of one run)."""
        return self.tokens_per_epoch * self.epochs


def job_from_dataset(
    model: ModelShape,
    examples: int,
    mean_tokens: float,
    *,
    max_tokens: float | None = None,
    model_id: str | None = None,
    **options: Any,
) -> TrainingJob:
    """A job sized from a dataset's statistics (the hook for `advisor data`'s inspector).

    `max_tokens` (the longest example) sets the sequence length when `seq_len` is not given:
    the next power of two, so no example is truncated.
    """
    check_value("tokens_per_example", mean_tokens)
    if max_tokens is not None:
        check_value("tokens_per_example", max_tokens)
    seq = options.pop("seq_len", None)
    if seq is None:
        seq = next_power_of_two(max_tokens or mean_tokens)
    return TrainingJob(
        model=model,
        model_id=model_id,
        examples=examples,
        tokens_per_example=mean_tokens,
        seq_len=seq,
        **options,
    )


# --- FLOPs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlopsPerToken:
    """FLOPs per training token: what the job needs, and what the GPU actually executes."""

    useful: float
    """k x (2N + attention): k = 3 full (6N), 2 frozen-base methods (4N). MFU counts these."""
    recompute: float
    """The extra forward pass checkpointing recomputes (0 without checkpointing)."""

    @property
    def hardware(self) -> float:
        """FLOPs the GPU executes per token (HFU counts these)."""
        return self.useful + self.recompute


def flops_per_token(model: ModelShape, method: Method, seq: int, grad_ckpt: bool) -> FlopsPerToken:
    """FLOPs per token, in the convention of the measured runs' `mfu` field.

    Forward = 2N + 4·L·seq·q_dim (the matmuls, and attention scores and values over the full
    context). Backward = 2x forward for the activation gradients, plus 2x forward for the weight
    gradients when the base weights are trained. Adapter FLOPs (<1%) are left out, as in the
    calibration. Checkpointing recomputes one forward pass.
    """
    forward = 2 * model.params + 4 * model.layers * seq * model.q_dim
    k = 3 if method == "full" else 2
    return FlopsPerToken(useful=k * forward, recompute=forward if grad_ckpt else 0.0)


# --- memory -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemoryBreakdown:
    """Memory per GPU for one step, in GiB, and what decides the peak."""

    gpus: int
    """GPUs the weights, gradients and optimizer states are sharded over (FSDP / ZeRO-3)."""
    batch: int
    weights: float
    adapters: float
    gradients: float
    optimizer: float
    activations: float
    """Kept across layers for the backward pass (with checkpointing, just each layer's input)."""
    logits: float
    """Logits, loss and their gradients at the start of the backward pass."""
    layer: float
    """One layer's activations, alive at the end of the backward pass."""
    gathered: float
    """Full weights of the layers being gathered when sharded over several GPUs."""
    backward_start: float
    """Total at the start of the backward pass."""
    backward_end: float
    """Total at the end of the backward pass."""

    @property
    def peak(self) -> float:
        return max(self.backward_start, self.backward_end)

    @property
    def phase(self) -> Literal["backward_start", "backward_end"]:
        return "backward_start" if self.backward_start >= self.backward_end else "backward_end"


@dataclass(frozen=True, slots=True)
class _MemoryTerms:
    """Bytes for one job, split into what shards, what scales with the batch, and the rest."""

    weights: float
    adapters: float
    gradients: float
    optimizer: float
    stored_per_seq: float
    logits_per_seq: float
    layer_per_seq: float
    head_grad: float
    gathered: float


def _memory_terms(job: TrainingJob, rules: TrainingRules) -> _MemoryTerms:
    m = job.model
    mem = rules.memory
    method = job.method
    trainable = job.trainable_params
    adapter = mem.adapter_bytes
    if method == "full":
        recipe = rules.recipes[job.recipe]
        weights = recipe.weights * m.params
        gradients = recipe.gradients * m.params
        optimizer = recipe.optimizer * m.params
        adapters = 0.0
        layer_weight_bytes = recipe.weights
    else:
        if method == "qlora":
            other = m.params - m.linear_params
            weights = mem.qlora_bits.value / 8 * m.linear_params + 2 * other
            layer_weight_bytes = mem.qlora_bits.value / 8
        else:
            weights = 2.0 * m.params
            layer_weight_bytes = 2.0
        adapters = adapter.weights * trainable
        gradients = adapter.gradients * trainable
        optimizer = adapter.optimizer * trainable
    coef = mem.per_layer[method]
    rank = job.lora_rank if method in ("lora", "qlora") else 0
    per_token_layer = (
        coef.hidden * m.hidden
        + coef.kv * m.kv_dim
        + coef.intermediate * m.intermediate
        + coef.rank * rank
    )
    per_token_kept = mem.checkpoint_hidden * m.hidden if job.grad_ckpt else per_token_layer
    seq = job.step_seq
    head = mem.head_hidden * m.hidden + mem.logits_vocab * m.vocab
    # Training the output layer allocates its gradient while the logits are still alive.
    head_grad = 2.0 * m.vocab * m.hidden if method == "full" else 0.0
    return _MemoryTerms(
        weights=weights,
        adapters=adapters,
        gradients=gradients,
        optimizer=optimizer,
        stored_per_seq=m.layers * per_token_kept * seq,
        logits_per_seq=head * seq,
        layer_per_seq=per_token_layer * seq,
        head_grad=head_grad,
        gathered=mem.fsdp_gathered_layers * m.layer_linear_params * layer_weight_bytes,
    )


def memory_breakdown(
    job: TrainingJob, rules: TrainingRules, gpus: int = 1, batch: int | None = None
) -> MemoryBreakdown:
    """Memory per GPU for `job` at `batch` sequences per GPU, sharded over `gpus` GPUs.

    At the end of the backward pass one layer's activations are alive: recomputed with
    checkpointing, or the first layer's, the last still kept, without it.
    """
    t = _memory_terms(job, rules)
    b = job.batch if batch is None else batch
    n = gpus
    static = (t.weights + t.adapters + t.optimizer) / n
    gathered = t.gathered if n > 1 else 0.0
    start = static + b * (t.stored_per_seq + t.logits_per_seq) + t.head_grad + gathered
    end = static + t.gradients / n + b * t.layer_per_seq + gathered
    return MemoryBreakdown(
        gpus=n,
        batch=b,
        weights=t.weights / n / GIB,
        adapters=t.adapters / n / GIB,
        gradients=t.gradients / n / GIB,
        optimizer=t.optimizer / n / GIB,
        activations=b * t.stored_per_seq / GIB,
        logits=(b * t.logits_per_seq + t.head_grad) / GIB,
        layer=b * t.layer_per_seq / GIB,
        gathered=gathered / GIB,
        backward_start=start / GIB,
        backward_end=end / GIB,
    )


def max_batch(job: TrainingJob, rules: TrainingRules, usable_gib: float, gpus: int = 1) -> int:
    """The largest per-GPU batch that fits in `usable_gib` (0 if not even one sequence fits).

    Memory is linear in the batch, so this is a division, not a search.
    """
    zero = memory_breakdown(job, rules, gpus, batch=0)
    one = memory_breakdown(job, rules, gpus, batch=1)
    best = math.inf
    for at_zero, at_one in (
        (zero.backward_start, one.backward_start),
        (zero.backward_end, one.backward_end),
    ):
        slope = at_one - at_zero
        room = usable_gib - at_zero
        if room < 0:
            return 0
        if slope > 0:
            best = min(best, room / slope)
    return int(min(best, LIMITS["batch"][1]))


#: GPU counts tried when one GPU is not enough: powers of two within a node, then whole nodes.
GPU_COUNTS: tuple[int, ...] = (1, 2, 4, 8, *range(16, 1025, 8))


def min_gpus(job: TrainingJob, rules: TrainingRules, usable_gib: float) -> int | None:
    """The fewest GPUs (1, 2, 4, 8, then whole 8-GPU nodes) that hold the job, sharded."""
    for n in GPU_COUNTS:
        if memory_breakdown(job, rules, n).peak <= usable_gib:
            return n
    return None


# --- utilisation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunCheck:
    """One measured run next to what the estimator predicts for it."""

    model: str
    method: str
    batch: int
    seq: int
    grad_ckpt: bool
    measured_tokens_per_s: float | None
    predicted_tokens_per_s: float
    measured_mfu: float | None
    """MFU recomputed from the measured tokens/s with our FLOPs convention."""
    measured_peak_gib: float | None
    predicted_peak_gib: float
    out_of_memory: bool
    predicted_fits: bool

    @property
    def speed_error(self) -> float | None:
        """Predicted / measured - 1 (None for runs that did not fit)."""
        if self.measured_tokens_per_s is None:
            return None
        return self.predicted_tokens_per_s / self.measured_tokens_per_s - 1


@dataclass(frozen=True, slots=True)
class Utilisation:
    """The MFU an estimate uses and where it comes from."""

    mfu: float
    basis: Literal["calibrated", "override"]
    family: Family
    """Whose measured runs it comes from (full or LoRA)."""
    runs: int
    """How many measured runs were averaged."""
    factor: float = 1.0
    """Applied on top (QLoRA vs LoRA); 1 otherwise."""
    gpu: str = ""
    """The GPU the runs were measured on."""


def _family(method: Method, rules: TrainingRules) -> Family:
    if method == "full":
        return "full"
    if method == "prompt_tuning":
        return rules.speed.prompt_tuning_family
    return "lora"


def _run_job(run: MeasuredRun, rules: TrainingRules, hw: Hardware) -> TrainingJob:
    model = hw.models.models.get(run.model)
    if model is None:
        raise RulesError(
            [Problem("training.yaml", None, "calibration", f"unknown model {run.model!r}")]
        )
    return TrainingJob(
        model=model,
        model_id=run.model,
        method=run.method,
        recipe=run.recipe,
        lora_rank=run.lora_rank,
        examples=1,
        tokens_per_example=run.seq,
        seq_len=run.seq,
        batch=run.batch,
        grad_ckpt=run.grad_ckpt,
    )


def measured_mfu(run: MeasuredRun, rules: TrainingRules, hw: Hardware) -> float | None:
    """The MFU of a measured run: its tokens/s x useful FLOPs per token / the GPU's peak."""
    if run.tokens_per_s is None:
        return None
    job = _run_job(run, rules, hw)
    gpu = hw.gpus.gpus[rules.calibration.gpu]
    flops = flops_per_token(job.model, job.method, job.step_seq, job.grad_ckpt)
    return run.tokens_per_s * flops.useful / (gpu.bf16_tflops.value * 1e12)


def utilisation(
    method: Method, overrides: Overrides, rules: TrainingRules, hw: Hardware
) -> Utilisation:
    """`--mfu` when given, else the utilisation calibrated on the measured runs."""
    if overrides.mfu is not None:
        return Utilisation(overrides.mfu, "override", _family(method, rules), 0)
    return calibrated_utilisation(method, rules, hw)


def calibrated_utilisation(
    method: Method, rules: TrainingRules, hw: Hardware, *, exclude: MeasuredRun | None = None
) -> Utilisation:
    """The default MFU for `method`: the mean over the measured runs of its family.

    MFU (useful FLOPs, recompute not counted) is what the measurements show to be stable: the
    full runs reached 0.37 without and 0.38 with checkpointing, the LoRA runs 0.21 and 0.20,
    so checkpointing's recompute cost no useful throughput at these sizes. `exclude` leaves a
    run out (for leave-one-out checks).
    """
    family = _family(method, rules)
    values = [
        mfu
        for run in rules.calibration.runs
        if run.method == family
        and run is not exclude
        and (mfu := measured_mfu(run, rules, hw)) is not None
    ]
    if not values:
        raise RulesError(
            [Problem("training.yaml", None, "calibration", f"no measured {family} runs")]
        )
    factor = rules.speed.qlora_vs_lora.value if method == "qlora" else 1.0
    mean = sum(values) / len(values)
    gpu_name = hw.gpus.gpus[rules.calibration.gpu].name
    return Utilisation(mean * factor, "calibrated", family, len(values), factor, gpu_name)


def calibration_checks(
    rules: TrainingRules, hw: Hardware, *, leave_one_out: bool = False
) -> tuple[RunCheck, ...]:
    """Every measured run against the estimator (the evidence shown with `--calibration`)."""
    cal = rules.calibration
    gpu = hw.gpus.gpus[cal.gpu]
    usable = hw.gpus.usable_gib(gpu)
    out = []
    for run in cal.runs:
        job = _run_job(run, rules, hw)
        util = calibrated_utilisation(job.method, rules, hw, exclude=run if leave_one_out else None)
        flops = flops_per_token(job.model, job.method, job.step_seq, job.grad_ckpt)
        predicted = gpu.bf16_tflops.value * 1e12 * util.mfu / flops.useful
        mem = memory_breakdown(job, rules)
        out.append(
            RunCheck(
                model=run.model,
                method=run.method,
                batch=run.batch,
                seq=run.seq,
                grad_ckpt=run.grad_ckpt,
                measured_tokens_per_s=run.tokens_per_s,
                predicted_tokens_per_s=predicted,
                measured_mfu=measured_mfu(run, rules, hw),
                measured_peak_gib=run.peak_mem_gib,
                predicted_peak_gib=mem.peak,
                out_of_memory=run.out_of_memory,
                predicted_fits=mem.peak <= usable,
            )
        )
    return tuple(out)


# --- per-GPU estimates ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GpuOption:
    """The job on one GPU type: does it fit, on how many, how long, at what cost."""

    gpu: str
    """GPU id."""
    name: str
    vram_gib: float
    usable_gib: float
    max_batch_one: int
    """Largest per-GPU batch that fits on a single GPU (0: none)."""
    min_gpus: int | None
    """Fewest GPUs that hold the job at the requested batch (None: more than 1,024)."""
    gpus: int
    """GPUs the time and cost are for (the user's count, else `min_gpus`)."""
    fits: bool
    """Whether the job fits on `gpus` GPUs."""
    memory: MemoryBreakdown
    """Per GPU, at `gpus` GPUs."""
    tokens_per_s: float
    """All GPUs together."""
    compute_hours: float
    hours: float
    """Wall-clock hours of one run, overhead included (or the `hours` override)."""
    gpu_hours: float
    """GPU-hours of all runs."""
    price: PriceChoice | None
    cost_usd: float | None
    """Cost of all runs (None when the chosen price tier has no price for this GPU)."""


@dataclass(frozen=True, slots=True)
class Overrides:
    """Figures the user set by hand instead of the estimator's."""

    mfu: float | None = None
    hours: float | None = None
    """Wall-clock hours of one run (replaces the estimate, overhead included)."""
    usd_per_hour: float | None = None
    price_tier: str | None = None
    overhead_hours: float | None = None

    def __post_init__(self) -> None:
        for name in ("mfu", "hours", "usd_per_hour", "overhead_hours"):
            value = getattr(self, name)
            if value is not None:
                check_value(name, value)


def gpu_option(
    job: TrainingJob,
    gpu_id: str,
    gpu: Gpu,
    *,
    hw: Hardware,
    rules: TrainingRules,
    util: Utilisation,
    overrides: Overrides,
    gpus: int | None = None,
) -> GpuOption:
    """The job on `gpu` (on `gpus` of them, or on as few as hold it)."""
    usable = hw.gpus.usable_gib(gpu)
    needed = min_gpus(job, rules, usable)
    count = gpus or needed or 1
    mem = memory_breakdown(job, rules, count)
    flops = flops_per_token(job.model, job.method, job.step_seq, job.grad_ckpt)
    tokens_per_s = count * gpu.bf16_tflops.value * 1e12 * util.mfu / flops.useful
    compute_hours = job.training_tokens / tokens_per_s / 3600
    overhead = (
        overrides.overhead_hours
        if overrides.overhead_hours is not None
        else rules.speed.overhead_hours.value
    )
    hours = overrides.hours if overrides.hours is not None else compute_hours + overhead
    gpu_hours = hours * count * job.runs
    price = gpu_price(hw.gpus, gpu, overrides.price_tier, overrides.usd_per_hour)
    return GpuOption(
        gpu=gpu_id,
        name=gpu.name,
        vram_gib=gpu.vram.value,
        usable_gib=usable,
        max_batch_one=max_batch(job, rules, usable),
        min_gpus=needed,
        gpus=count,
        fits=mem.peak <= usable,
        memory=mem,
        tokens_per_s=tokens_per_s,
        compute_hours=compute_hours,
        hours=hours,
        gpu_hours=gpu_hours,
        price=price,
        cost_usd=gpu_hours * price.usd_per_hour if price else None,
    )


# --- seeds side by side -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeedComparison:
    """A seed's training figure next to the estimate for the same job on the same hardware."""

    seed: str
    label: str
    """Model (and method) as the seed names it."""
    model: str
    """The model the estimate used (name)."""
    method: Method
    gpu: str
    gpu_name: str
    seed_gpus: int | None
    seed_hours: tuple[float, float]
    seed_usd: tuple[float, float] | None
    """The seed's own cost (its hours x its price x its GPU count)."""
    examples: tuple[int, int] | None
    """The seed's data volume, when it states one (the estimate then uses it)."""
    estimate: tuple[GpuOption, GpuOption]
    """The estimate at the low and high end of the seed's volume (same option twice when the
    seed states no volume and the user's job is used)."""
    usd_per_hour: float | None
    """The seed's own GPU price used for the estimate's cost."""
    note: I18n | None = None


def _seed_price(hw: Hardware, gpu: Gpu, tier: str) -> float | None:
    figure = gpu.prices.get(tier)
    return figure.value if figure else None


def compare_seeds(
    job: TrainingJob,
    *,
    hw: Hardware,
    rules: TrainingRules,
    overrides: Overrides,
) -> tuple[SeedComparison, ...]:
    """Seed 001's hours table and seed 002's open-model table next to the estimate.

    Seed 001 states no data volume, so its rows are compared with the user's job on a model of
    the seed's size. Seed 002 states one (e.g. 1,000-5,000 examples), so its rows use the
    seed's model, method, GPUs and volume with the user's tokens per example, epochs and step
    shape. Both are priced at the seed's own $/GPU-hour, so only the hours differ.
    """
    out: list[SeedComparison] = []
    util_cache: dict[Method, Utilisation] = {}

    def util(method: Method) -> Utilisation:
        if method not in util_cache:
            util_cache[method] = utilisation(method, overrides, rules, hw)
        return util_cache[method]

    plain = replace(overrides, hours=None, usd_per_hour=None, price_tier=None)
    s1 = rules.seed_001
    for row in s1.rows:
        gpu = hw.gpus.gpus[row.gpu]
        model = hw.model(params=row.params_b * 1e9)
        seed_job = _retarget(job, model, None, job.method)
        price = _seed_price(hw, gpu, s1.price_tier)
        option = gpu_option(
            seed_job,
            row.gpu,
            gpu,
            hw=hw,
            rules=rules,
            util=util(job.method),
            overrides=replace(plain, usd_per_hour=price),
            gpus=row.gpus,
        )
        seed_usd = row.hours * price * (row.gpus or 1) if price is not None else None
        out.append(
            SeedComparison(
                seed=s1.seed,
                label=f"{row.params_b:g}B",
                model=model.name,
                method=job.method,
                gpu=row.gpu,
                gpu_name=gpu.name,
                seed_gpus=row.gpus,
                seed_hours=(row.hours, row.hours),
                seed_usd=(seed_usd, seed_usd) if seed_usd is not None else None,
                examples=None,
                estimate=(option, option),
                usd_per_hour=price,
                note=row.note,
            )
        )
    s2 = rules.seed_002
    for row2 in s2.rows:
        gpu = hw.gpus.gpus[row2.gpu]
        model = hw.models.models[row2.model]
        price = _seed_price(hw, gpu, s2.price_tier)
        options = []
        for examples in row2.examples:
            seed_job = replace(_retarget(job, model, row2.model, row2.method), examples=examples)
            options.append(
                gpu_option(
                    seed_job,
                    row2.gpu,
                    gpu,
                    hw=hw,
                    rules=rules,
                    util=util(row2.method),
                    overrides=replace(plain, usd_per_hour=price),
                    gpus=row2.gpus,
                )
            )
        out.append(
            SeedComparison(
                seed=s2.seed,
                label=row2.label,
                model=model.name,
                method=row2.method,
                gpu=row2.gpu,
                gpu_name=gpu.name,
                seed_gpus=row2.gpus,
                seed_hours=row2.hours,
                seed_usd=row2.usd,
                examples=row2.examples,
                estimate=(options[0], options[1]),
                usd_per_hour=price,
            )
        )
    return tuple(out)


def _retarget(
    job: TrainingJob, model: ModelShape, model_id: str | None, method: Method
) -> TrainingJob:
    rank = min(job.lora_rank, model.hidden)
    return replace(job, model=model, model_id=model_id, method=method, lora_rank=rank)


# --- the estimate -----------------------------------------------------------------------------

Caveat = tuple[str, dict[str, Any]]
"""A warning code for the report and its parameters (the report words it in each language)."""


@dataclass(frozen=True, slots=True)
class TrainingEstimate:
    """Everything `advisor train` reports; JSON-serialisable through `to_jsonable`."""

    job: TrainingJob
    trainable_params: int
    training_tokens: float
    """Tokens processed in one run (all epochs)."""
    flops: FlopsPerToken
    total_flops: float
    """Useful FLOPs of one run."""
    utilisation: Utilisation
    memory: MemoryBreakdown
    """On one GPU (no sharding), at the requested batch."""
    options: tuple[GpuOption, ...]
    """The job on every GPU in the table."""
    chosen: GpuOption | None
    """The user's GPU, else the cheapest option that fits."""
    overrides: Overrides
    gpu_given: bool = False
    """Whether `chosen` is the user's GPU (else the cheapest that fits)."""
    seeds: tuple[SeedComparison, ...] = ()
    warnings: tuple[Caveat, ...] = field(default=())


def estimate_training(
    job: TrainingJob,
    *,
    gpu: str | None = None,
    gpus: int | None = None,
    overrides: Overrides | None = None,
    hardware: Hardware | None = None,
    rules: TrainingRules | None = None,
    seeds: bool = True,
) -> TrainingEstimate:
    """Estimate memory, time and cost of `job` on every GPU, and on the user's GPU if given.

    `gpus` is the user's GPU count (for `gpu`); other GPU types use the fewest that fit. With
    `overrides.hours` and `overrides.usd_per_hour` (or a price tier) the cost on `gpu` is
    exactly their product x GPUs x runs, which is how the seeds' own arithmetic is reproduced;
    hours and a hand-set price apply to `gpu` only (they need it), a price tier to every GPU.
    """
    hw = hardware or load_hardware()
    rules = rules or load_training_rules()
    overrides = overrides or Overrides()
    if gpus is not None:
        check_value("gpus", gpus, integer=True)
    if overrides.price_tier is not None and overrides.price_tier not in hw.gpus.tiers:
        raise InputError(
            f"--price-tier {overrides.price_tier!r}: unknown tier "
            f"(known: {', '.join(hw.gpus.tiers)})"
        )
    util = utilisation(job.method, overrides, rules, hw)
    chosen_id = find_gpu(hw.gpus, gpu)[0] if gpu is not None else None
    if chosen_id is None and (overrides.hours is not None or overrides.usd_per_hour is not None):
        raise InputError("--hours and --usd-per-hour describe your GPU; give it with --gpu")
    # Hours and a hand-set price describe the user's own GPU; other GPUs keep the estimate.
    elsewhere = replace(overrides, hours=None, usd_per_hour=None)
    options = tuple(
        gpu_option(
            job,
            gid,
            g,
            hw=hw,
            rules=rules,
            util=util,
            overrides=overrides if gid == chosen_id else elsewhere,
            gpus=gpus if gid == chosen_id else None,
        )
        for gid, g in hw.gpus.gpus.items()
    )
    if chosen_id is not None:
        chosen = next(o for o in options if o.gpu == chosen_id)
    else:
        priced = [o for o in options if o.fits and o.cost_usd is not None]
        chosen = min(priced, key=lambda o: (o.cost_usd, o.hours)) if priced else None
    flops = flops_per_token(job.model, job.method, job.step_seq, job.grad_ckpt)
    warnings = _warnings(job, chosen, util, rules, hw)
    return TrainingEstimate(
        job=job,
        trainable_params=job.trainable_params,
        training_tokens=job.training_tokens,
        flops=flops,
        total_flops=flops.useful * job.training_tokens,
        utilisation=util,
        memory=memory_breakdown(job, rules),
        options=options,
        chosen=chosen,
        overrides=overrides,
        gpu_given=chosen_id is not None,
        seeds=compare_seeds(job, hw=hw, rules=rules, overrides=overrides) if seeds else (),
        warnings=warnings,
    )


def _warnings(
    job: TrainingJob,
    chosen: GpuOption | None,
    util: Utilisation,
    rules: TrainingRules,
    hw: Hardware,
) -> tuple[Caveat, ...]:
    out: list[Caveat] = []
    if chosen is None:
        out.append(("nothing_fits", {}))
    elif not chosen.fits:
        at_batch_1 = min_gpus(replace(job, batch=1), rules, chosen.usable_gib)
        out.append(
            (
                "does_not_fit",
                {
                    "gpu": chosen.name,
                    "gpus": chosen.gpus,
                    "peak": chosen.memory.peak,
                    "usable": chosen.usable_gib,
                    "min_gpus": chosen.min_gpus,
                    "max_batch": max_batch(job, rules, chosen.usable_gib, chosen.gpus),
                    "min_gpus_batch1": at_batch_1,
                },
            )
        )
    if job.packing and job.tokens_per_example > job.seq_len:
        out.append(("truncated", {"tokens": job.tokens_per_example, "seq": job.seq_len}))
    if job.model_id is None:
        out.append(("generic_shape", {"note": job.model.source.note or ""}))
    if util.basis == "calibrated":
        if job.method == "prompt_tuning":
            out.append(("prompt_tuning_speed", {}))
        if job.method == "qlora":
            out.append(("qlora_speed", {"ratio": rules.speed.qlora_vs_lora.value}))
        if chosen is not None and chosen.gpu != rules.calibration.gpu:
            out.append(("other_gpu", {"gpu": chosen.name, "measured": util.gpu}))
    if chosen is not None and chosen.gpus > 1:
        out.append(("linear_scaling", {"gpus": chosen.gpus}))
    if job.batch * job.step_seq < 4096 and util.basis == "calibrated":
        out.append(("small_batch", {"tokens": job.batch * job.step_seq}))
    return tuple(out)


# --- JSON -------------------------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples, dates and properties worth keeping, as plain JSON values.

    Properties that are part of a result (a memory peak, a FLOPs total) are included next to
    the fields, so scripts need not recompute them.
    """
    import datetime as dt

    if is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
        for name in _JSON_PROPERTIES.get(type(value).__name__, ()):
            out[name] = to_jsonable(getattr(value, name))
        return out
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


_JSON_PROPERTIES: dict[str, tuple[str, ...]] = {
    "MemoryBreakdown": ("peak", "phase"),
    "FlopsPerToken": ("hardware",),
    "RunCheck": ("speed_error",),
    "ModelShape": ("shape_params",),
    "TrainingJob": ("trainable_params", "training_tokens"),
}
