"""GPUs and model shapes: the two tables every training and serving estimate starts from.

`rules/gpus.yaml` holds each GPU's memory, dense bf16 throughput, memory bandwidth and hourly
prices by tier (marketplace, cloud, hyperscaler, and the seeds' own figures), each a `Sourced`
figure with its date. `rules/models.yaml` holds the published shapes of open models (layers,
hidden size, heads, vocabulary...), from which parameter counts, activation sizes, FLOPs and KV
cache sizes are derived, so an estimate is a function of the shape rather than of a size label.

Both are plain frozen dataclasses (validated by pydantic only when the YAML is parsed, then
cached), so the ROI model can price self-hosting without importing pydantic.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Annotated, Any

import annotated_types as at

from advisor.core.i18n import I18n
from advisor.core.paths import RulesDirs
from advisor.core.sourced import Source, Sourced
from advisor.core.validate import STRICT
from advisor.core.yamlio import Document
from advisor.errors import InputError, Problem

PosInt = Annotated[int, at.Gt(0)]
Key = Annotated[str, at.MinLen(1), at.MaxLen(64)]

GIB = 1024**3
"""Bytes in a GiB: memory is reported in GiB, the unit `torch.cuda.max_memory_allocated` uses."""

#: The unit each GPU figure must carry, so a price in $/month can't pass for $/hour.
GPU_UNITS = {
    "vram": "gib",
    "bf16_tflops": "tflops",
    "memory_bandwidth": "tb_per_s",
    "price": "usd_per_hour",
}


# --- GPUs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceTier:
    """A family of prices (e.g. marketplace rentals) that can be compared across GPUs."""

    __pydantic_config__ = STRICT

    label: I18n
    """Short name shown in reports."""
    description: I18n
    """What this tier means and who sells at it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Gpu:
    """One GPU model: what it holds, how fast it computes and streams memory, what it costs."""

    __pydantic_config__ = STRICT

    name: Annotated[str, at.MinLen(1)]
    """Display name, e.g. `H100 SXM 80GB`."""
    aliases: tuple[str, ...] = ()
    """Other names users type (`h100`, `4090`...), matched case-insensitively."""
    vram: Sourced
    """Memory on the card, in GiB (`unit: gib`)."""
    bf16_tflops: Sourced
    """Dense bf16 tensor throughput without sparsity, in TFLOP/s; GeForce cards with FP32
    accumulation (what bf16 training uses)."""
    memory_bandwidth: Sourced
    """Memory bandwidth in TB/s; bounds decoding speed when serving."""
    prices: dict[Key, Sourced]
    """On-demand $ per GPU-hour by price tier (keys are tier ids from `tiers`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GpuFile:
    """`rules/gpus.yaml`: price tiers, the memory headroom rule, and the GPUs."""

    __pydantic_config__ = STRICT

    tiers: dict[Key, PriceTier]
    """Price tiers, referenced by each GPU's `prices`."""
    default_tiers: Annotated[tuple[Key, ...], at.MinLen(1)]
    """When no tier is asked for, the first of these a GPU has a price in is used."""
    usable_vram_fraction: Sourced
    """Share of a card's memory a training or serving process can plan to fill (unit
    `fraction`); the rest goes to the CUDA context, allocator fragmentation and buffers."""
    gpus: dict[Key, Gpu]
    """GPUs by id (the id is what `--gpu` takes)."""

    def usable_gib(self, gpu: Gpu) -> float:
        """Memory one process can plan to fill on `gpu`, in GiB."""
        return gpu.vram.value * self.usable_vram_fraction.value


def check_gpus(value: GpuFile, doc: Document) -> list[Problem]:
    """Units, tier references and sane ranges beyond what the schema can say."""
    problems: list[Problem] = []

    def bad(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.path, doc.line_of(loc), None, message))

    for tier in value.default_tiers:
        if tier not in value.tiers:
            bad(("default_tiers",), f"unknown tier {tier!r}; tiers: {', '.join(value.tiers)}")
    frac = value.usable_vram_fraction
    if frac.unit != "fraction" or not 0 < frac.value <= 1:
        bad(("usable_vram_fraction",), "must be a fraction in (0, 1] with unit `fraction`")
    for gid, gpu in value.gpus.items():
        for key in ("vram", "bf16_tflops", "memory_bandwidth"):
            figure: Sourced = getattr(gpu, key)
            if figure.unit != GPU_UNITS[key]:
                bad(("gpus", gid, key), f"unit must be {GPU_UNITS[key]!r}, not {figure.unit!r}")
            if not (math.isfinite(figure.value) and figure.value > 0):
                bad(("gpus", gid, key), "must be a positive number")
        if not gpu.prices:
            bad(("gpus", gid, "prices"), "give at least one price tier")
        for tier, price in gpu.prices.items():
            if tier not in value.tiers:
                bad(
                    ("gpus", gid, "prices", tier),
                    f"unknown price tier {tier!r}; tiers: {', '.join(value.tiers)}",
                )
            if price.unit != "usd_per_hour":
                bad(("gpus", gid, "prices", tier), "unit must be 'usd_per_hour'")
            if not (math.isfinite(price.value) and price.value > 0):
                bad(("gpus", gid, "prices", tier), "must be a positive price")
    problems.extend(_alias_clashes(value.gpus, "gpus", doc))
    return problems


# --- model shapes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelShape:
    """A decoder-only transformer's published shape (Llama, Qwen and Mistral style).

    Attention may use grouped-query heads; the MLP is gated (SwiGLU: gate, up, down).
    """

    __pydantic_config__ = STRICT

    name: Annotated[str, at.MinLen(1)]
    """Display name, e.g. `Llama 3.1 8B`."""
    aliases: tuple[str, ...] = ()
    """Other names users type, matched case-insensitively (`llama-3-8b`, `8b`...)."""
    layers: PosInt
    """`num_hidden_layers`."""
    hidden: PosInt
    """`hidden_size` (d)."""
    intermediate: PosInt
    """`intermediate_size` of the gated MLP."""
    heads: PosInt
    """`num_attention_heads`."""
    kv_heads: PosInt
    """`num_key_value_heads` (fewer than `heads` with grouped-query attention)."""
    head_dim: PosInt | None = None
    """`head_dim` when the config gives one; otherwise hidden / heads."""
    vocab: PosInt
    """`vocab_size`."""
    tied_embeddings: bool
    """`tie_word_embeddings`: the output layer shares the embedding matrix."""
    qkv_bias: bool = False
    """Whether q/k/v projections have biases (Qwen2.5)."""
    qk_norm: bool = False
    """Whether q and k have per-head RMSNorm weights (Qwen3)."""
    params: PosInt
    """The published parameter count; checked against the count the shape implies."""
    source: Source
    """Where the shape was read (the model's `config.json`) and when."""

    @property
    def dim_head(self) -> int:
        return self.head_dim or self.hidden // self.heads

    @property
    def q_dim(self) -> int:
        """Width of the attention's query (and output) projection."""
        return self.heads * self.dim_head

    @property
    def kv_dim(self) -> int:
        """Width of the key (and value) projection."""
        return self.kv_heads * self.dim_head

    @property
    def embedding_params(self) -> int:
        """Input embedding plus, when untied, the output layer."""
        return self.vocab * self.hidden * (1 if self.tied_embeddings else 2)

    @property
    def layer_linear_params(self) -> int:
        """Weights of one layer's seven linear projections (q, k, v, o, gate, up, down)."""
        d, ff = self.hidden, self.intermediate
        attention = 2 * d * self.q_dim + 2 * d * self.kv_dim
        return attention + 3 * d * ff

    @property
    def linear_params(self) -> int:
        """All projection weights: the part QLoRA quantises to 4 bits."""
        return self.layers * self.layer_linear_params

    @property
    def shape_params(self) -> int:
        """The parameter count implied by the shape (weights, biases, norms, embeddings)."""
        per_layer = self.layer_linear_params + 2 * self.hidden
        if self.qkv_bias:
            per_layer += self.q_dim + 2 * self.kv_dim
        if self.qk_norm:
            per_layer += 2 * self.dim_head
        return self.layers * per_layer + self.embedding_params + self.hidden

    @property
    def kv_bytes_per_token(self) -> int:
        """KV cache per token of context in bf16: keys and values of every layer."""
        return 2 * self.layers * self.kv_dim * 2

    def lora_params(self, rank: int) -> int:
        """Trainable parameters of rank-`rank` LoRA on all seven projections of every layer.

        Each adapter is A (in x r) plus B (r x out); the measured runs used exactly these
        targets (q/k/v/o/gate/up/down), and this matches their `trainable` counts.
        """
        d, ff = self.hidden, self.intermediate
        per_layer = (d + self.q_dim) * 2 + (d + self.kv_dim) * 2 + (d + ff) * 3
        return rank * self.layers * per_layer


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelsFile:
    """`rules/models.yaml`: open models by id."""

    __pydantic_config__ = STRICT

    models: dict[Key, ModelShape]
    """Model shapes by id (the id is what `--model` takes)."""


#: How far the published count may differ from the shape's count before `rules check` objects.
PARAMS_TOLERANCE = 0.005


def check_models(value: ModelsFile, doc: Document) -> list[Problem]:
    """Every shape must add up to its published parameter count (a typo in a shape shows)."""
    problems: list[Problem] = []
    for mid, model in value.models.items():
        implied = model.shape_params
        if abs(implied - model.params) > PARAMS_TOLERANCE * model.params:
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(("models", mid, "params")),
                    mid,
                    f"the shape implies {implied:,} parameters but params says "
                    f"{model.params:,}; check layers/hidden/intermediate/heads/vocab",
                )
            )
        if model.heads % model.kv_heads:
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(("models", mid, "kv_heads")),
                    mid,
                    "heads must be a multiple of kv_heads",
                )
            )
    problems.extend(_alias_clashes(value.models, "models", doc))
    return problems


def _alias_clashes(items: dict[str, Any], where: str, doc: Document) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for key, item in items.items():
        for name in (key, *item.aliases):
            norm = _norm(name)
            if norm in seen and seen[norm] != key:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of((where, key)),
                        key,
                        f"name {name!r} is also used by {seen[norm]!r}; names must be unique",
                    )
                )
            seen.setdefault(norm, key)
    return problems


# --- lookups ----------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch == ".")


def _lookup(name: str, items: dict[str, Any], what: str, flag: str) -> str:
    """The id `name` refers to (id or alias, any case, ignoring `-`, `_` and spaces)."""
    wanted = _norm(name)
    names: dict[str, str] = {}
    for key, item in items.items():
        for candidate in (key, *item.aliases):
            names.setdefault(_norm(candidate), key)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.5)
    suggestions = list(dict.fromkeys(names[c] for c in close))
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise InputError(f"{flag} {name!r}: unknown {what}{hint} (known: {', '.join(items)})")


def find_gpu(gpus: GpuFile, name: str, flag: str = "--gpu") -> tuple[str, Gpu]:
    """The GPU called `name` (id or alias), or an `InputError` naming close matches."""
    key = _lookup(name, gpus.gpus, "GPU", flag)
    return key, gpus.gpus[key]


def find_model(models: ModelsFile, name: str, flag: str = "--model") -> tuple[str, ModelShape]:
    """The model called `name` (id or alias), or an `InputError` naming close matches."""
    key = _lookup(name, models.models, "model", flag)
    return key, models.models[key]


@dataclass(frozen=True, slots=True)
class PriceChoice:
    """The hourly price used for one GPU, the tier it came from, and whether the user set it."""

    tier: str | None
    """Tier id, or None for a price given by hand."""
    usd_per_hour: float
    source: Sourced | None
    """The catalogue figure (None for a price given by hand)."""


def gpu_price(
    gpus: GpuFile, gpu: Gpu, tier: str | None = None, usd_per_hour: float | None = None
) -> PriceChoice | None:
    """The $/GPU-hour for `gpu`: a hand-set price, the asked tier, or the default tiers in order.

    Returns None when the asked tier has no price for this GPU, so a table can show "n/a"
    instead of silently using another tier's price.
    """
    if usd_per_hour is not None:
        return PriceChoice(None, usd_per_hour, None)
    if tier is not None:
        if tier not in gpus.tiers:
            raise InputError(
                f"--price-tier {tier!r}: unknown tier (known: {', '.join(gpus.tiers)})"
            )
        figure = gpu.prices.get(tier)
        return PriceChoice(tier, figure.value, figure) if figure else None
    for name in gpus.default_tiers:
        if name in gpu.prices:
            return PriceChoice(name, gpu.prices[name].value, gpu.prices[name])
    name, figure = next(iter(gpu.prices.items()))
    return PriceChoice(name, figure.value, figure)


# --- models given by parameter count ----------------------------------------------------------


def generic_model(params: float, models: ModelsFile) -> ModelShape:
    """A shape for a model known only by its parameter count.

    Takes the published shape nearest in size, keeps its depth, vocabulary and proportions
    (MLP and KV widths relative to hidden) and solves for the hidden size that gives `params`.
    Activations and attention cost depend on the shape, so this is better than any fixed
    bytes-per-parameter rule, but it is an assumption and says so in its source note.
    """
    if not models.models:
        raise InputError("no model shapes are defined; add models to models.yaml")
    template = min(models.models.values(), key=lambda m: abs(math.log(m.params / params)))
    t = template
    ff_ratio = t.intermediate / t.hidden
    q_ratio = t.q_dim / t.hidden
    kv_ratio = t.kv_dim / t.hidden
    # params(d) = L * d^2 * (2q + 2kv + 3ff) + d * (V * emb + 2L + 1): solve the quadratic.
    a = t.layers * (2 * q_ratio + 2 * kv_ratio + 3 * ff_ratio)
    b = t.vocab * (1 if t.tied_embeddings else 2) + 2 * t.layers + 1
    hidden_f = (-b + math.sqrt(b * b + 4 * a * params)) / (2 * a)
    # Keep the template's head counts (grouping stays valid) and scale the head width.
    head_dim = max(1, round(hidden_f * q_ratio / t.heads))
    hidden = max(1, round(hidden_f))
    note = (
        f"shape of {t.name} scaled to {params / 1e9:.3g}B parameters (hidden {hidden}); "
        "an assumption, not a published config"
    )
    return ModelShape(
        name=f"{params / 1e9:.3g}B parameters (shape scaled from {t.name})",
        layers=t.layers,
        hidden=hidden,
        intermediate=max(1, round(hidden_f * ff_ratio)),
        heads=t.heads,
        kv_heads=t.kv_heads,
        head_dim=head_dim,
        vocab=t.vocab,
        tied_embeddings=t.tied_embeddings,
        params=max(1, round(params)),
        source=Source(source=t.source.source, checked=t.source.checked, confidence="L", note=note),
    )


# --- both tables, loaded together -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hardware:
    """The GPU table and the model shapes, as one argument for the estimators."""

    gpus: GpuFile
    models: ModelsFile
    files: tuple[str, ...] = field(default=())
    """Where the tables were read from (for reports)."""

    def model(self, name: str | None = None, params: float | None = None) -> ModelShape:
        """A model by name, or a generic shape for a parameter count."""
        if name is not None:
            return find_model(self.models, name)[1]
        if params is None:
            raise InputError("give a model (--model NAME) or a parameter count (--params 7e9)")
        return generic_model(params, self.models)

    def gpu(self, name: str) -> Gpu:
        return find_gpu(self.gpus, name)[1]

    def gpu_id(self, gpu: Gpu) -> str:
        for key, candidate in self.gpus.gpus.items():
            if candidate is gpu or candidate == gpu:
                return key
        return gpu.name


def load_hardware(dirs: RulesDirs | None = None) -> Hardware:
    """`gpus.yaml` and `models.yaml` from the rules folders (validated once, then cached)."""
    from advisor.core.datafiles import load_data

    dirs = dirs or RulesDirs()
    return Hardware(
        load_data(dirs, "gpus.yaml"),
        load_data(dirs, "models.yaml"),
        (str(dirs.find("gpus.yaml")), str(dirs.find("models.yaml"))),
    )
