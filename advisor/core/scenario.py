"""The ROI scenario: every input of the cost comparison, as frozen dataclasses.

Defaults live in `rules/scenario.yaml`; presets, a user's `--scenario FILE.yaml` and `--set
path=value` change them by dotted path (`advisor.core.settings`). Only *guesses about the
user's system* live here (volumes, tokens, shares, people costs, hand prices); sourced facts
are in the catalog and API list prices come from genai-prices.

pydantic validates the defaults file and generates its schema from these types; the
`Annotated` bounds are also what `settings.set_path` checks by hand, so a warm `advisor roi`
never imports pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from advisor.core.bounds import Bounds
from advisor.core.validate import STRICT

#: The largest volume we model: 1e9 queries/day is ~11,600 queries per second, every second.
#: Beyond it the inputs are almost certainly a typo (or a different kind of system).
MAX_QUERIES_PER_DAY = 1e9

OptionId = Literal["api", "rag", "finetune", "distill"]
OPTION_IDS: tuple[OptionId, ...] = ("api", "rag", "finetune", "distill")

Usd = Annotated[float, Bounds(ge=0, le=1e12)]
PerMtok = Annotated[float, Bounds(ge=0, le=100_000)]
Tokens = Annotated[float, Bounds(ge=0, le=10_000_000)]
Share = Annotated[float, Bounds(ge=0, le=1)]
Count = Annotated[int, Bounds(ge=0, le=100_000_000)]
Months = Annotated[int, Bounds(ge=0, le=120)]
ModelName = Annotated[str, Bounds(min_len=1, max_len=200)]


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenPrices:
    """Prices given by hand; a field left empty comes from genai-prices or the catalog."""

    __pydantic_config__ = STRICT

    input_per_mtok: PerMtok | None = None
    """Input price, $ per 1M tokens."""
    cached_input_per_mtok: PerMtok | None = None
    """Cached input price, $ per 1M tokens (defaults to the input price when not known)."""
    output_per_mtok: PerMtok | None = None
    """Output price (reasoning tokens bill as output), $ per 1M tokens."""
    batch_multiplier: Share | None = None
    """Batch price as a share of list price (0.5 = half price)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainedPrices(TokenPrices):
    """Hand prices for a model that is also trained: adds the training price."""

    __pydantic_config__ = STRICT

    training_per_mtok: PerMtok | None = None
    """Training price, $ per 1M training tokens (tokens x epochs)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class People:
    """One-off and running people costs of an option: default 0, always shown."""

    __pydantic_config__ = STRICT

    engineering_usd: Usd
    """One-off engineering (prompt/eval work, pipelines, integration)."""
    labelling_usd: Usd
    """One-off labelling and evaluation-set cost."""
    maintenance_usd_per_month: Usd
    """Running upkeep: on-call, prompt re-tuning, ops time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiInputs(People):
    """Prompt engineering on an API model: long prompt with few-shot examples."""

    __pydantic_config__ = STRICT

    model: ModelName
    """Any model genai-prices knows (`gpt-4.1-mini`, `claude-sonnet-4-5`...)."""
    price: TokenPrices
    """Prices by hand (override genai-prices, or price a model it does not know)."""
    system_tokens: Tokens
    """Static prefix per query: system prompt + few-shot examples (cacheable)."""
    input_tokens: Tokens
    """Dynamic input per query (the user's text)."""
    output_tokens: Tokens
    """Output tokens per query."""
    reasoning_tokens: Tokens
    """Hidden reasoning tokens per query (billed as output)."""
    cache_hit_rate: Share
    """Share of the static prefix served from the prompt cache."""
    batch_share: Share
    """Share of queries sent through the batch API (offline work)."""
    accuracy: Share | None = None
    """Share of queries this option gets right on your task (your eval set); empty = unknown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RagInputs(People):
    """The API model plus retrieval: retrieved context, embeddings and a vector store."""

    __pydantic_config__ = STRICT

    model: ModelName | None
    """Model answering with the retrieved context; empty = the same as `api.model`."""
    price: TokenPrices
    """Prices by hand for that model (empty fields: `api.price` when the model is shared)."""
    system_tokens: Tokens
    """Static instructions per query (cacheable)."""
    input_tokens: Tokens
    """The user's text per query (also what is embedded to search)."""
    chunks_per_query: Annotated[int, Bounds(ge=0, le=1000)]
    """Retrieved chunks put into each prompt."""
    chunk_tokens: Annotated[float, Bounds(gt=0, le=1_000_000)]
    """Tokens per chunk (the corpus is split into chunks this size)."""
    output_tokens: Tokens
    """Output tokens per query."""
    reasoning_tokens: Tokens
    """Hidden reasoning tokens per query (billed as output)."""
    cache_hit_rate: Share
    """Share of the static instructions served from the cache (retrieved text is not)."""
    batch_share: Share
    """Share of queries sent through the batch API."""
    embedding: ModelName
    """Embedding model (catalog id)."""
    corpus_tokens: Annotated[float, Bounds(ge=0, le=1e13)]
    """Tokens in the corpus, embedded once up front."""
    churn_per_month: Share
    """Share of the corpus re-embedded every month (updates)."""
    vector_store: ModelName
    """Vector store plan (catalog id)."""
    metadata_bytes_per_chunk: Annotated[float, Bounds(ge=0, le=1e7)]
    """Metadata stored with each vector (with the vector size it sets the index size)."""
    accuracy: Share | None = None
    """Share of queries this option gets right on your task (your eval set); empty = unknown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FinetuneInputs(People):
    """A hosted fine-tune of a (smaller) model with a shorter prompt."""

    __pydantic_config__ = STRICT

    base: ModelName
    """Base model (catalog id under `finetune_bases`)."""
    price: TrainedPrices
    """Prices by hand (override the catalog)."""
    examples: Count
    """Training examples."""
    tokens_per_example: Tokens
    """Tokens per training example."""
    epochs: Annotated[int, Bounds(ge=1, le=100)]
    """Passes over the training set."""
    runs: Annotated[int, Bounds(ge=1, le=100)]
    """Training runs to get a good model (hyper-parameter search, data fixes): typically 2-5."""
    retrain_every_months: Months
    """Retrain (one run) every N months; 0 = never. Amortised monthly."""
    system_tokens: Tokens
    """Short static prompt per query (cacheable)."""
    input_tokens: Tokens
    """The user's text per query."""
    output_tokens: Tokens
    """Output tokens per query."""
    cache_hit_rate: Share
    """Share of the static prompt served from the cache."""
    batch_share: Share
    """Share of queries sent through the batch API."""
    accuracy: Share | None = None
    """Share of queries this option gets right on your task (your eval set); empty = unknown."""


ServingKind = Literal["serverless", "self_hosted"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SelfHosted:
    """A self-hosted serving plan given by hand: replicas of a fixed monthly cost.

    The training/serving estimator will compute this from a GPU, a model and an SLO; until
    then (or to reproduce a seed) give the two numbers directly.
    """

    __pydantic_config__ = STRICT

    replica_monthly_usd: Usd | None = None
    """Monthly cost of one replica (GPUs x $/hour x hours)."""
    queries_per_day_per_replica: Annotated[float, Bounds(gt=0, le=1e12)] | None = None
    """Queries/day one replica serves within the latency target (after peak-to-average)."""
    min_replicas: Annotated[int, Bounds(ge=1, le=10_000)] = 1
    """Replicas kept even at zero volume (1 = always on, 2 = with a standby; at least 1)."""
    gpu: str | None = None
    """A GPU from gpus.yaml (e.g. `h100`, `l4`): size the replicas with the serving estimator
    (capacity at the latency target, GPUs per replica, $/hour) instead of giving the two
    numbers above by hand."""
    model: str | None = None
    """The student's shape in models.yaml for the estimator (default: `distill.student`)."""
    price_tier: str | None = None
    """GPU price tier for the estimator (marketplace, cloud, hyperscaler...; default: cloud)."""
    usd_per_gpu_hour: Usd | None = None
    """A GPU price by hand for the estimator, overriding the tier."""
    peak_to_avg: Annotated[float, Bounds(ge=1, le=100)] | None = None
    """Peak-hour traffic over the daily average (default from serving.yaml)."""
    high_availability: bool = False
    """Keep one spare replica (N+1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DistillInputs(People):
    """A teacher generates examples; a small open student is fine-tuned and served cheaply."""

    __pydantic_config__ = STRICT

    teacher_model: ModelName
    """Teacher model (genai-prices name)."""
    teacher_price: TokenPrices
    """Teacher prices by hand."""
    teacher_batch: bool
    """Generate through the batch API (offline, usually half price)."""
    examples: Count
    """Accepted examples wanted."""
    acceptance_rate: Annotated[float, Bounds(gt=0, le=1)]
    """Share of generated examples that pass filtering (generate examples / rate)."""
    teacher_input_tokens: Tokens
    """Prompt tokens per generated example."""
    teacher_output_tokens: Tokens
    """Output (and reasoning) tokens per generated example."""
    student: ModelName
    """Student model (catalog id under `serverless`)."""
    student_price: TrainedPrices
    """Student prices by hand (serverless serving and LoRA training)."""
    train_tokens_per_example: Tokens
    """Tokens per training example for the student."""
    epochs: Annotated[int, Bounds(ge=1, le=100)]
    """Passes over the generated set."""
    runs: Annotated[int, Bounds(ge=1, le=100)]
    """Student training runs."""
    retrain_every_months: Months
    """Regenerate part of the data and retrain every N months; 0 = never."""
    regenerate_share: Share
    """Share of the examples regenerated by the teacher at each retraining."""
    system_tokens: Tokens
    """Static prompt per query for the student."""
    input_tokens: Tokens
    """The user's text per query."""
    output_tokens: Tokens
    """Output tokens per query."""
    serving: ServingKind
    """`serverless` (per-token price) or `self_hosted` (replicas of fixed cost, a step function)."""
    self_hosted: SelfHosted
    """The self-hosted plan, used when `serving` is `self_hosted`."""
    accuracy: Share | None = None
    """Share of queries this option gets right on your task (your eval set); empty = unknown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueInputs:
    """What answers are worth: turns cost per query into cost per successful task.

    With each option's `accuracy`, a wrong answer's cost and a right answer's value say when a
    cheaper but less accurate option stops paying (OpenAI's accuracy guide frames the break-even
    as cost of error / (cost of error + savings)). Both default to 0: cost only.
    """

    __pydantic_config__ = STRICT

    error_cost_usd: Usd = 0.0
    """What one wrong answer costs you: review, escalation, a refund, a lost customer."""
    success_value_usd: Usd = 0.0
    """What one right answer is worth to you (revenue, time saved); 0 = count only errors."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """Everything the ROI comparison depends on (`rules/scenario.yaml` holds the defaults)."""

    __pydantic_config__ = STRICT

    queries_per_day: Annotated[float, Bounds(ge=0, le=MAX_QUERIES_PER_DAY)]
    """Your volume, queries per day (at most 1e9)."""
    horizon_months: Annotated[int, Bounds(ge=1, le=120)]
    """Months over which one-off costs are spread and totals are summed."""
    days_per_month: Annotated[float, Bounds(ge=28, le=31)]
    """Days in a billing month: 30 as in the seeds; 30.4 is the calendar average."""
    stale_after_days: Annotated[int, Bounds(ge=1, le=3650)]
    """Warn when a sourced figure was checked longer ago than this."""
    compare: Annotated[tuple[OptionId, ...], Bounds(min_len=1)]
    """Options to compare (`api`, `rag`, `finetune`, `distill`)."""
    api: ApiInputs
    """Prompt engineering on an API model."""
    rag: RagInputs
    """Retrieval-augmented generation."""
    finetune: FinetuneInputs
    """Hosted fine-tuning."""
    distill: DistillInputs
    """Distillation into a small open student."""
    value: ValueInputs = ValueInputs()
    """What a right and a wrong answer are worth (with each option's `accuracy`)."""
