"""The ROI scenario: every input of the cost comparison, in one object settable by dotted path.

Defaults live in `rules/scenario.yaml`, named presets in `rules/presets/*.yaml` (each a list of
`path: value` settings, optionally extending another preset), a user's own file with
`--scenario FILE.yaml`, and single values with `--set api.output_tokens=400`. All of them go
through `set_path`, so a typo gets the same answer everywhere: one line naming the path and the
closest real ones. Keeping inputs addressable by path is also what lets the uncertainty analysis
turn any input into a range.

The types are frozen stdlib dataclasses: pydantic validates the defaults file (and generates its
schema), while `set_path` checks values against the same `Annotated` constraints by hand, so a
warm `advisor roi` run never imports pydantic.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NamedTuple

from advisor.core.bounds import Bounds
from advisor.core.i18n import I18n
from advisor.core.validate import STRICT
from advisor.errors import InputError, Problem

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Preset:
    """`rules/presets/NAME.yaml`: a named set of scenario settings, e.g. a seed's worked example."""

    __pydantic_config__ = STRICT

    title: I18n
    """One line shown in `advisor roi --list-presets`."""
    description: I18n
    """What the preset reproduces and the numbers it should give."""
    seeds: tuple[Literal["000", "001", "002", "003", "004"], ...] = ()
    """The seed documents it comes from."""
    extends: str | None = None
    """Another preset applied first."""
    settings: dict[str, str | int | float | bool | list[str] | None]
    """`dotted.path: value` pairs applied over the defaults (same paths as `--set`)."""


# --- paths ------------------------------------------------------------------------------------


class Setting(NamedTuple):
    """One `path = value` from the command line, a preset or a scenario file."""

    path: str
    value: Any
    """A string from the command line (parsed by the field's type) or a YAML value."""
    origin: str
    """Where it came from, for error messages and the assumptions list (e.g. `--set`)."""
    text: bool = False
    """True when `value` is command-line text to parse, False for a typed YAML value."""


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """(bare type, annotated_types constraints), also inside `X | None`."""
    meta: list[Any] = []
    while typing.get_origin(tp) is Annotated:
        args = typing.get_args(tp)
        tp, meta = args[0], [*meta, *args[1:]]
    return tp, meta


def _optional(tp: Any) -> tuple[Any, list[Any], bool]:
    tp, meta = _unwrap(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) == 1 and len(members) < len(typing.get_args(tp)):
            inner, inner_meta = _unwrap(members[0])
            return inner, [*meta, *inner_meta], True
    return tp, meta, False


def leaf_paths(cls: type = Scenario, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every settable dotted path under `cls` with its annotated type, in declaration order."""
    for f in dataclasses.fields(cls):
        tp = _hints(cls)[f.name]
        bare, _, _ = _optional(tp)
        path = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(bare):
            yield from leaf_paths(bare, path + ".")  # type: ignore[arg-type]
        else:
            yield path, tp


@functools.cache
def all_paths() -> tuple[str, ...]:
    """Every path `--set` accepts."""
    return tuple(p for p, _ in leaf_paths())


def leaf_values(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) of a scenario, walking the instance (no type hints needed: fast)."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            yield from leaf_values(value, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", value


def get_path(obj: Any, path: str) -> Any:
    """The value at `path` (e.g. `api.price.input_per_mtok`)."""
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def set_path(scenario: Scenario, setting: Setting) -> Scenario:
    """A copy of `scenario` with one value changed, parsed and checked against its field type."""
    parts = setting.path.strip().split(".")
    return _set(scenario, parts, setting, 0)


def _set(obj: Any, parts: list[str], setting: Setting, depth: int) -> Any:
    cls = type(obj)
    name = parts[depth]
    hints = _hints(cls)
    if name not in hints:
        raise _unknown_path(setting)
    tp = hints[name]
    bare, _, _ = _optional(tp)
    if dataclasses.is_dataclass(bare):
        if depth == len(parts) - 1:
            inner = ", ".join(p for p in all_paths() if p.startswith(".".join(parts) + "."))
            raise InputError(
                f"{setting.origin}: {setting.path} is a group of inputs; set one of: {inner}"
            )
        child = getattr(obj, name)
        return dataclasses.replace(obj, **{name: _set(child, parts, setting, depth + 1)})
    if depth != len(parts) - 1:
        raise _unknown_path(setting)
    value = coerce(tp, setting)
    return dataclasses.replace(obj, **{name: value})


def _unknown_path(setting: Setting) -> InputError:
    import difflib

    paths = all_paths()
    close = difflib.get_close_matches(setting.path, paths, n=4, cutoff=0.6)
    if not close:
        # Match on the last part too: `--set output_tokens=3` means one of the *.output_tokens.
        leaf = setting.path.rsplit(".", 1)[-1]
        close = [p for p in paths if p.rsplit(".", 1)[-1] == leaf][:4]
    hint = f"did you mean {', '.join(close)}?" if close else "see `advisor roi --list-inputs`"
    return InputError(f"{setting.origin}: unknown input {setting.path!r}; {hint}")


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_NONE = {"none", "null", "~", ""}


def coerce(tp: Any, setting: Setting) -> Any:
    """Parse/check `setting.value` as type `tp` (with its constraints) or raise a one-line error."""
    bare, meta, optional = _optional(tp)
    raw = setting.value
    if optional and (raw is None or (setting.text and str(raw).strip().lower() in _NONE)):
        return None
    where = f"{setting.origin}: {setting.path}"
    if bare is bool:
        if isinstance(raw, bool):
            return raw
        if setting.text and str(raw).strip().lower() in _TRUE | _FALSE:
            return str(raw).strip().lower() in _TRUE
        raise InputError(f"{where} must be true or false; got {raw!r}")
    if bare in (int, float):
        return _number(bare, meta, raw, setting, where)
    if bare is str:
        if not isinstance(raw, str) or not raw.strip():
            raise InputError(f"{where} must be a non-empty name; got {raw!r}")
        return raw.strip()
    origin = typing.get_origin(bare)
    if origin is Literal:
        choices = typing.get_args(bare)
        if raw not in choices:
            raise InputError(f"{where} must be one of {', '.join(choices)}; got {raw!r}")
        return raw
    if origin is tuple:
        item_tp = typing.get_args(bare)[0]
        items = [x.strip() for x in raw.split(",") if x.strip()] if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple) or not items:
            raise InputError(f"{where} must be a comma-separated list; got {raw!r}")
        out = tuple(coerce(item_tp, setting._replace(value=x)) for x in items)
        if len(set(out)) != len(out):
            raise InputError(f"{where} lists an item twice; got {raw!r}")
        return out
    raise TypeError(f"unsupported scenario field type {tp!r}")  # pragma: no cover - a code bug


def _number(kind: type, meta: list[Any], raw: Any, setting: Setting, where: str) -> float | int:
    what = "a whole number" if kind is int else "a number"
    value: float
    if isinstance(raw, bool) or raw is None:
        raise InputError(f"{where} must be {what}; got {raw!r}")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and setting.text:
        try:
            value = float(raw.strip().replace("_", ""))
        except ValueError:
            raise InputError(f"{where} must be {what}; got {raw!r}") from None
    else:
        raise InputError(f"{where} must be {what}; got {raw!r}")
    if not math.isfinite(value):
        raise InputError(f"{where} must be a finite number; got {raw!r}")
    if kind is int and value != int(value):
        raise InputError(f"{where} must be a whole number; got {raw!r}")
    for c in meta:
        if isinstance(c, Bounds) and c.violated(value):
            why = ""
            if setting.path.strip() == "queries_per_day":
                why = " (1e9/day is ~11,600 queries per second; advisor does not model beyond it)"
            raise InputError(f"{where} must be {c.describe()}; got {raw!r}{why}")
    return int(value) if kind is int else value


def flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested YAML (`api: {output_tokens: 400}`) as dotted paths (`api.output_tokens`)."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, path + ".")
        else:
            yield path, value


def apply(scenario: Scenario, settings: Iterable[Setting]) -> Scenario:
    """Apply settings in order (later ones win)."""
    for setting in settings:
        scenario = set_path(scenario, setting)
    return scenario


def check_scenario(scenario: Scenario, origins: Mapping[str, str] | None = None) -> None:
    """Checks across fields, run once all settings are in (one may need another set first)."""
    origins = origins or {}

    def fail(path: str, message: str) -> None:
        origin = origins.get(path)
        raise InputError(f"{origin + ': ' if origin else ''}{path}: {message}")

    if len(set(scenario.compare)) != len(scenario.compare):
        fail("compare", "lists an option twice")


# --- loading ----------------------------------------------------------------------------------


def load_scenario_file(path: Any) -> list[Setting]:
    """A user's `--scenario FILE.yaml`: nested or dotted keys, any subset of the inputs.

    `preset: NAME` inside the file is returned as a setting with path `preset`; the caller
    applies the preset first.
    """
    from pathlib import Path

    from advisor.core.yamlio import load_yaml
    from advisor.errors import RulesError

    try:
        doc = load_yaml(Path(path), "scenario file")
    except RulesError as exc:
        raise InputError(str(exc)) from None
    if not isinstance(doc.data, dict):
        raise InputError(f"{path}: expected a mapping of inputs (e.g. `queries_per_day: 1000`)")
    out = []
    for key, value in flatten(doc.data):
        line = doc.line_of(tuple(key.split(".")))
        where = f"{path}:{line}" if line else str(path)
        out.append(Setting(key, value, where))
    return out


def presets_of(dirs: Any) -> dict[str, Preset]:
    """Every preset, by name (file stem), validated and cached."""
    from advisor.core.datafiles import load_all

    return load_all(dirs, "presets/*.yaml")


def preset_settings(presets: Mapping[str, Preset], name: str, origin: str = "") -> list[Setting]:
    """The settings of preset `name`, its `extends` chain first."""
    chain: list[str] = []
    current: str | None = name
    while current is not None:
        if current not in presets:
            import difflib

            close = difflib.get_close_matches(current, list(presets), n=3, cutoff=0.4)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise InputError(
                f"{origin or 'preset'}: unknown preset {current!r}; {hint}"
                f"known: {', '.join(sorted(presets))}"
            )
        if current in chain:
            raise InputError(f"preset {name!r}: `extends` loops through {current!r}")
        chain.append(current)
        current = presets[current].extends
    out: list[Setting] = []
    for preset_name in reversed(chain):
        for path, value in presets[preset_name].settings.items():
            out.append(Setting(path, value, f"preset {preset_name}"))
    return out


def check_scenario_defaults(scenario: Scenario, doc: Any) -> list[Problem]:
    """`rules check` for scenario.yaml: the cross-field rules."""
    try:
        check_scenario(scenario)
    except InputError as exc:
        return [Problem(doc.path, None, None, str(exc))]
    return []


def check_preset(preset: Preset, doc: Any) -> list[Problem]:
    """`rules check` for a preset: every path exists and every value fits its type."""
    from pathlib import Path

    from advisor.core.datafiles import kind_for, parse_file

    folder = Path(doc.path).parent.parent
    candidates = [folder / "scenario.yaml"]
    from advisor.core.paths import builtin_rules_dir

    candidates.append(builtin_rules_dir() / "scenario.yaml")
    base_file = next((c for c in candidates if c.exists()), None)
    if base_file is None:
        return [Problem(doc.path, None, None, "no scenario.yaml next to the presets folder")]
    base = parse_file(base_file, kind_for("scenario.yaml"))
    problems = []
    for path, value in preset.settings.items():
        try:
            base = set_path(base, Setting(path, value, "preset"))
        except InputError as exc:
            line = doc.line_of(("settings", path))
            problems.append(Problem(doc.path, line, None, str(exc).removeprefix("preset: ")))
    return problems


def describe_settings(settings: Sequence[Setting]) -> dict[str, str]:
    """path -> origin of the last setting that touched it."""
    return {s.path.strip(): s.origin for s in settings}
