"""The price catalog: every figure the cost model needs that no pricing library has.

genai-prices knows list prices of API models. It does not know what fine-tuning *training*
costs, the inference prices of newer fine-tunes (ft:gpt-4.1-mini), embedding and vector-store
plans with their monthly minimums, serverless prices for small open students, or when a provider
stops offering something. Those live in `rules/catalog.yaml`, each figure `Sourced` (value, unit,
source, checked date, confidence), so reports can cite them and warn when they go stale.

GPU $/hour and serving capacity are not here on purpose: they belong to the training/serving
estimator (`rules/gpus.yaml`), which plugs into the ROI model as a serving plan.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, TypeVar

from advisor.core.bounds import Bounds
from advisor.core.i18n import I18n
from advisor.core.sourced import Source, Sourced
from advisor.core.validate import STRICT
from advisor.core.yamlio import Document
from advisor.errors import InputError, Problem

Id = Annotated[str, Bounds(min_len=1, max_len=80)]

#: The unit every price field of a given name must carry (checked by `check_catalog`).
UNITS: dict[str, str] = {
    "training_per_mtok": "usd_per_mtok",
    "input_per_mtok": "usd_per_mtok",
    "cached_input_per_mtok": "usd_per_mtok",
    "output_per_mtok": "usd_per_mtok",
    "per_mtok": "usd_per_mtok",
    "batch_per_mtok": "usd_per_mtok",
    "batch_multiplier": "share_of_list_price",
    "minimum_usd_per_month": "usd_per_month",
    "flat_usd_per_month": "usd_per_month",
    "storage_usd_per_gb_month": "usd_per_gb_month",
    "read_usd_per_million_units": "usd_per_million_read_units",
    "read_units_per_gb": "read_units_per_gb_per_query",
    "min_read_units_per_query": "read_units_per_query",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class HostedFinetune:
    """A model a provider fine-tunes and serves for you (OpenAI-style hosted fine-tuning)."""

    __pydantic_config__ = STRICT

    id: Id
    """The base model id as the provider names it, e.g. `gpt-4.1-mini`."""
    provider: Id
    """The provider, e.g. `openai`; availability facts can name it."""
    training_per_mtok: Sourced
    """Training price per 1M training tokens (tokens x epochs)."""
    input_per_mtok: Sourced
    """Inference input price of the fine-tuned model."""
    cached_input_per_mtok: Sourced
    """Inference price of cached input tokens of the fine-tuned model."""
    output_per_mtok: Sourced
    """Inference output price of the fine-tuned model."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Embedding:
    """An embedding model used to index a RAG corpus and embed each query."""

    __pydantic_config__ = STRICT

    id: Id
    """Model id, e.g. `text-embedding-3-small`."""
    per_mtok: Sourced
    """Price per 1M input tokens (queries are embedded one by one at this price)."""
    batch_per_mtok: Sourced
    """Batch price per 1M tokens (corpus embedding and re-embedding run as batch jobs)."""
    dimensions: Annotated[int, Bounds(ge=1, le=100_000)]
    """Vector length; with the metadata size it sets the index size in GB."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStore:
    """A vector store plan: monthly cost = max(minimum, flat + storage + reads)."""

    __pydantic_config__ = STRICT

    id: Id
    """Plan id used in scenarios, e.g. `pinecone-standard`."""
    name: I18n
    """Human name of the plan."""
    minimum_usd_per_month: Sourced
    """The plan's monthly minimum (usage below it is billed as the minimum)."""
    flat_usd_per_month: Sourced | None = None
    """A fixed monthly fee (e.g. a VM running pgvector)."""
    storage_usd_per_gb_month: Sourced | None = None
    """Storage price per GB-month of index."""
    read_usd_per_million_units: Sourced | None = None
    """Price per 1M read units."""
    read_units_per_gb: Sourced | None = None
    """Read units one query costs per GB of namespace."""
    min_read_units_per_query: Sourced | None = None
    """The least read units a query costs, however small the namespace."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerlessModel:
    """A small open model a host fine-tunes (LoRA) and serves per token: a distillation student."""

    __pydantic_config__ = STRICT

    id: Id
    """Student id used in scenarios, e.g. `llama-3.1-8b`."""
    name: I18n
    """Human name, with the host."""
    params_b: Annotated[float, Bounds(gt=0, le=2000)]
    """Parameters in billions (the self-hosted serving plan will need it)."""
    input_per_mtok: Sourced
    """Serverless input price per 1M tokens."""
    output_per_mtok: Sourced
    """Serverless output price per 1M tokens."""
    training_per_mtok: Sourced
    """LoRA fine-tuning price per 1M training tokens (tokens x epochs)."""


Effect = Literal["training_ends", "retired"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Availability(Source):
    """A dated fact about availability: a provider ends fine-tuning, a model is retired."""

    __pydantic_config__ = STRICT

    id: Id
    """Stable id of the fact."""
    date: dt.date
    """The day it takes effect."""
    effect: Effect
    """`training_ends`: no new training or retraining; `retired`: the model stops serving."""
    providers: tuple[Id, ...] = ()
    """Providers it applies to (every model of theirs)."""
    models: tuple[Id, ...] = ()
    """Model ids it applies to (API models, fine-tune bases, teachers)."""
    text: I18n
    """What happens, in a sentence a reader can act on."""

    def __post_init__(self) -> None:
        if not self.providers and not self.models:
            raise ValueError(f"availability fact {self.id!r} needs `providers` or `models`")


@dataclass(frozen=True, slots=True, kw_only=True)
class LibraryRelease:
    """When a version of a pricing library was released: the date its bundled prices date from."""

    __pydantic_config__ = STRICT

    package: Id
    """The PyPI name, e.g. `genai-prices`."""
    version: Id
    """The version, e.g. `0.2.3`."""
    released: dt.date
    """Release date on PyPI (its price data is at least this old)."""
    source: Annotated[str, Bounds(min_len=3)]
    """Where the date was read."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """`rules/catalog.yaml`: sourced prices and availability facts no library carries."""

    __pydantic_config__ = STRICT

    batch_multiplier: Sourced
    """Batch price as a share of list price when genai-prices has no batch price for a model."""
    library_releases: tuple[LibraryRelease, ...]
    """Release dates of pricing-library versions (their data has no date of its own)."""
    finetune_bases: tuple[HostedFinetune, ...]
    """Hosted fine-tuning: training prices and fine-tuned inference prices."""
    embeddings: tuple[Embedding, ...]
    """Embedding models for RAG."""
    vector_stores: tuple[VectorStore, ...]
    """Vector store plans for RAG."""
    serverless: tuple[ServerlessModel, ...]
    """Serverless small open models: distillation students."""
    availability: tuple[Availability, ...] = ()
    """Dated availability facts; reports warn when the horizon passes them."""

    def finetune_base(self, model_id: str) -> HostedFinetune:
        """A hosted fine-tune base by id; an unknown id is an InputError with close matches."""
        return _find(self.finetune_bases, model_id, "finetune.base", "hosted fine-tune base")

    def embedding(self, model_id: str) -> Embedding:
        """An embedding model by id."""
        return _find(self.embeddings, model_id, "rag.embedding", "embedding model")

    def vector_store(self, plan_id: str) -> VectorStore:
        """A vector store plan by id."""
        return _find(self.vector_stores, plan_id, "rag.vector_store", "vector store plan")

    def student(self, model_id: str) -> ServerlessModel:
        """A serverless student by id."""
        return _find(self.serverless, model_id, "distill.student", "serverless student")

    def release_date(self, package: str, version: str) -> dt.date | None:
        """When a pricing library version came out (its prices are at least that old)."""
        for rel in self.library_releases:
            if rel.package == package and rel.version == version:
                return rel.released
        return None

    def facts_for(self, model_id: str, provider: str | None = None) -> list[Availability]:
        """Availability facts naming this model (or, when given, its provider)."""
        return [
            f
            for f in self.availability
            if model_id in f.models or (provider is not None and provider in f.providers)
        ]


T = TypeVar("T")


def _find(items: tuple[Any, ...], wanted: str, path: str, what: str) -> Any:
    for item in items:
        if item.id == wanted:
            return item
    import difflib

    ids = [item.id for item in items]
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise InputError(
        f"{path}: unknown {what} {wanted!r}; {hint}known: {', '.join(ids)} "
        "(add one to catalog.yaml in your --rules folder)"
    )


def check_catalog(catalog: Catalog, doc: Document) -> list[Problem]:
    """Checks beyond the schema: unique ids, finite figures, the right unit on every price."""
    problems: list[Problem] = []
    for section in ("finetune_bases", "embeddings", "vector_stores", "serverless", "availability"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(catalog, section)):
            if item.id in seen:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of((section, index, "id")),
                        item.id,
                        f"{section}: duplicate id {item.id!r}; ids must be unique",
                    )
                )
            seen.add(item.id)
            problems.extend(_check_figures(item, (section, index), doc))
    problems.extend(_check_figures(catalog, (), doc, top=True))
    return problems


def _check_figures(
    item: Any, loc: tuple[Any, ...], doc: Document, top: bool = False
) -> list[Problem]:
    out: list[Problem] = []
    for f in fields(item):
        value = getattr(item, f.name)
        if not isinstance(value, Sourced):
            continue
        where = (*loc, f.name)
        node = getattr(item, "id", None) if not top else None
        if not math.isfinite(value.value) or value.value < 0:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of((*where, "value")),
                    node,
                    f"{f.name}: value must be a finite number >= 0 (got {value.value})",
                )
            )
        expected = UNITS.get(f.name)
        if expected and value.unit != expected:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of((*where, "unit")),
                    node,
                    f"{f.name}: unit must be {expected!r} (got {value.unit!r})",
                )
            )
    return out
