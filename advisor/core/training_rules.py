"""`rules/training.yaml`: what the training estimator is calibrated on and assumes.

The measured runs that set the default utilisation and check the memory model, bytes per
parameter by precision recipe, how activations scale with a model's shape, what the runs do not
cover (QLoRA speed, prompt tuning, fixed overhead per run), the default job, and the seeds'
own training tables. Plain frozen dataclasses, validated by pydantic only when the YAML is
parsed (then cached), like every rules file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

import annotated_types as at

from advisor.core.hardware import Key, PosInt
from advisor.core.i18n import I18n
from advisor.core.paths import RulesDirs
from advisor.core.sourced import Source, Sourced
from advisor.core.validate import STRICT
from advisor.core.yamlio import Document
from advisor.errors import Problem

Method = Literal["full", "lora", "qlora", "prompt_tuning"]
METHODS: tuple[Method, ...] = ("full", "lora", "qlora", "prompt_tuning")
RecipeId = Literal["mixed", "bf16", "adam8bit"]
Family = Literal["full", "lora"]

NonNeg = Annotated[float, at.Ge(0)]
Positive = Annotated[float, at.Gt(0)]


# --- rules/training.yaml ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasuredRun:
    """One measured fine-tuning configuration (a line of the reference jsonl)."""

    __pydantic_config__ = STRICT

    model: Key
    """Model id in `models.yaml` whose published shape was measured."""
    method: Literal["full", "lora"]
    """`full`: all parameters trained; `lora`: rank `lora_rank` on q/k/v/o/gate/up/down."""
    recipe: RecipeId = "bf16"
    """Optimizer precision of a full run (the measured runs kept AdamW states in bf16)."""
    lora_rank: PosInt = 16
    """LoRA rank of a `lora` run."""
    batch: PosInt
    """Sequences per step."""
    seq: PosInt
    """Tokens per sequence."""
    grad_ckpt: bool
    """Activation checkpointing on or off."""
    tokens_per_s: Positive | None = None
    """Measured training tokens per second; absent when the run did not fit."""
    mfu: Positive | None = None
    """The MFU the measurement reported (a cross-check of our FLOPs convention)."""
    peak_mem_gib: Positive | None = None
    """`torch.cuda.max_memory_allocated` in GiB."""
    out_of_memory: bool = False
    """True when the configuration ran out of memory."""

    def __post_init__(self) -> None:
        if self.out_of_memory == (self.tokens_per_s is not None):
            raise ValueError("a run has either tokens_per_s (it ran) or out_of_memory: true")


@dataclass(frozen=True, slots=True, kw_only=True)
class Calibration:
    """The measured runs that set the default utilisation and check the memory model."""

    __pydantic_config__ = STRICT

    gpu: Key
    """GPU id (in `gpus.yaml`) the runs were measured on."""
    gpu_total_gib: Positive
    """Memory torch reported as available on that GPU (what "out of memory" was against)."""
    source: Source
    """The measurement file and when it was measured."""
    setup: str
    """Software and settings of the runs (framework versions, attention kernel, optimizer)."""
    runs: Annotated[tuple[MeasuredRun, ...], at.MinLen(1)]
    """The runs, fitting and out-of-memory alike."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipe:
    """Bytes per trained parameter for one optimizer precision recipe (full fine-tuning)."""

    __pydantic_config__ = STRICT

    label: I18n
    weights: NonNeg
    """Bytes per parameter for the weights the forward pass uses."""
    gradients: NonNeg
    """Bytes per parameter for gradients."""
    optimizer: NonNeg
    """Bytes per parameter for optimizer states (incl. an fp32 master copy if any)."""
    source: Source

    @property
    def total(self) -> float:
        return self.weights + self.gradients + self.optimizer


@dataclass(frozen=True, slots=True, kw_only=True)
class LayerBytes:
    """Bytes one layer keeps for the backward pass, per token, as multiples of its widths."""

    __pydantic_config__ = STRICT

    hidden: NonNeg
    """Bytes per element of the hidden size (d)."""
    kv: NonNeg
    """Bytes per element of the key/value width (kv_heads x head_dim)."""
    intermediate: NonNeg
    """Bytes per element of the MLP's intermediate size."""
    rank: NonNeg = 0
    """Bytes per LoRA rank (the adapters' low-rank activations)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AdapterBytes:
    """Bytes per trainable adapter parameter."""

    __pydantic_config__ = STRICT

    weights: NonNeg
    gradients: NonNeg
    optimizer: NonNeg
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoryModel:
    """How activations and adapter states scale with the model's shape."""

    __pydantic_config__ = STRICT

    source: Source
    per_layer: dict[Method, LayerBytes]
    """Saved activations per token per layer, by method."""
    checkpoint_hidden: NonNeg
    """With checkpointing, bytes per token per layer kept (the layer's input, bf16)."""
    logits_vocab: NonNeg
    """Bytes per token per vocabulary entry alive at the start of the backward pass (bf16
    logits, their fp32 copy's log-softmax, and the gradients of both)."""
    head_hidden: NonNeg
    """Bytes per token per hidden element for the final norm."""
    adapter_bytes: AdapterBytes
    """Bytes per trainable adapter (LoRA, prompt) parameter: fp32 weights, grads and Adam."""
    qlora_bits: Sourced
    """Bits per quantised weight with NF4 and double quantisation (unit `bits`)."""
    fsdp_gathered_layers: NonNeg
    """Layers of full weights gathered at once when sharded (current plus prefetched)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeedModel:
    """What the measured runs do not cover, each with its source."""

    __pydantic_config__ = STRICT

    qlora_vs_lora: Sourced
    """QLoRA throughput relative to 16-bit LoRA (unit `ratio`)."""
    prompt_tuning_family: Family = "lora"
    """Whose measured utilisation prompt tuning uses (frozen base, activation gradients)."""
    overhead_hours: Sourced
    """Fixed wall-clock per run for setup, evaluation and checkpoints (unit `hours`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class JobDefaults:
    """The job `advisor train` estimates when the user gives no data (seed 002's example)."""

    __pydantic_config__ = STRICT

    model: Key
    method: Method = "lora"
    lora_rank: PosInt = 16
    prompt_tokens: PosInt = 20
    """Virtual tokens trained by prompt tuning."""
    recipe: RecipeId = "mixed"
    examples: PosInt
    tokens_per_example: Positive
    epochs: Positive
    batch: PosInt
    """Sequences per GPU per step."""
    grad_ckpt: bool = True
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Seed001Row:
    """Seed 001's training hours for one model size on one GPU."""

    __pydantic_config__ = STRICT

    params_b: Positive
    """Model size in billions of parameters (the seed's 7B / 13B / 70B)."""
    gpu: Key
    gpus: PosInt | None = None
    """GPU count when the seed gives one (None: the seed says "multi-GPU" or nothing)."""
    hours: Positive
    note: I18n | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Seed001Table:
    """Seed 001's `CostCalculator.TRAINING_TIME` (hours by model size and GPU)."""

    __pydantic_config__ = STRICT

    seed: Literal["001"]
    title: I18n
    price_tier: Key
    """The price tier holding the seed's own GPU prices."""
    note: I18n
    rows: Annotated[tuple[Seed001Row, ...], at.MinLen(1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Seed002Row:
    """One row of seed 002's open-model fine-tuning table."""

    __pydantic_config__ = STRICT

    label: str
    """As the seed writes it, e.g. `Llama-3-8B + LoRA`."""
    model: Key
    """Closest model id in `models.yaml`."""
    method: Method
    gpu: Key
    gpus: PosInt
    hours: tuple[Positive, Positive]
    usd: tuple[Positive, Positive]
    examples: tuple[PosInt, PosInt]

    def __post_init__(self) -> None:
        for name in ("hours", "usd", "examples"):
            low, high = getattr(self, name)
            if low > high:
                raise ValueError(f"{name}: the range must be [low, high]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Seed002Table:
    """Seed 002's `FinetuneCostEstimator.OPEN_SOURCE_COST`."""

    __pydantic_config__ = STRICT

    seed: Literal["002"]
    title: I18n
    price_tier: Key
    note: I18n
    rows: Annotated[tuple[Seed002Row, ...], at.MinLen(1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingRules:
    """`rules/training.yaml`: calibration, memory and speed model, defaults, seed tables."""

    __pydantic_config__ = STRICT

    calibration: Calibration
    recipes: dict[RecipeId, Recipe]
    memory: MemoryModel
    speed: SpeedModel
    defaults: JobDefaults
    seed_001: Seed001Table
    seed_002: Seed002Table


def check_training(value: TrainingRules, doc: Document) -> list[Problem]:
    """Units and completeness the schema cannot express."""
    problems: list[Problem] = []

    def bad(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.path, doc.line_of(loc), None, message))

    for method in METHODS:
        if method not in value.memory.per_layer:
            bad(("memory", "per_layer"), f"missing activation bytes for method {method!r}")
    for recipe in ("mixed", "bf16", "adam8bit"):
        if recipe not in value.recipes:
            bad(("recipes",), f"missing recipe {recipe!r}")
    for loc, figure, unit in (
        (("memory", "qlora_bits"), value.memory.qlora_bits, "bits"),
        (("speed", "qlora_vs_lora"), value.speed.qlora_vs_lora, "ratio"),
        (("speed", "overhead_hours"), value.speed.overhead_hours, "hours"),
    ):
        if figure.unit != unit:
            bad(loc, f"unit must be {unit!r}, not {figure.unit!r}")
        if not (math.isfinite(figure.value) and figure.value >= 0):
            bad(loc, "must be a non-negative number")
    families = {run.method for run in value.calibration.runs if run.tokens_per_s}
    for family in ("full", "lora"):
        if family not in families:
            bad(("calibration", "runs"), f"needs at least one measured {family!r} run that fit")
    return problems


def load_training_rules(dirs: RulesDirs | None = None) -> TrainingRules:
    """`training.yaml` from the rules folders (validated once, then cached)."""
    from advisor.core.datafiles import load_data

    return load_data(dirs, "training.yaml")
