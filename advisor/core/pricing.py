"""API model prices from genai-prices, without paying its import on every run.

Importing genai-prices costs 0.25-0.35 s, several times the whole `advisor roi` budget. So the
prices it resolves are kept in a small JSON file under the advisor cache directory, together with
the list of every model id it knows (for "did you mean" on a typo). The file is keyed by the
identity of the installed package's data module (`genai_prices/data.py`: path, size, mtime),
found with `importlib.util.find_spec`, which locates the package without importing it. Upgrading
genai-prices therefore misses the cache once; a warm run reads one small JSON file.

Conditional prices (a price change scheduled for a date) are resolved for "today", which is
stored with the entries: on another day they are resolved again. The library's updater
(`UpdatePrices`) is never started: advisor never touches the network.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from advisor.core.catalog import Catalog
from advisor.core.scenario import Scenario, TokenPrices
from advisor.errors import InputError

PACKAGE = "genai-prices"
_FORMAT = 1  # bump when the cached entry layout changes


class ModelPrices(NamedTuple):
    """Resolved $ per 1M token prices of one API model, each with where it came from."""

    model: str
    """The name asked for."""
    input_per_mtok: float
    cached_input_per_mtok: float
    output_per_mtok: float
    batch_input_per_mtok: float
    batch_cached_input_per_mtok: float
    batch_output_per_mtok: float
    origins: Mapping[str, str]
    """Field name -> where it came from (`genai-prices 0.2.3 openai/gpt-4.1-mini`, `--set ...`)."""
    library: str | None = None
    """`genai-prices 0.2.3` when any price came from the library."""
    released: dt.date | None = None
    """The library version's release date: its prices are at least this old."""
    resolved_id: str | None = None
    """`provider/model` as the library resolved it."""
    notes: tuple[str, ...] = ()
    """Price comments and caveats (tiered prices, deprecation, missing batch rate)."""
    cached_is_input: bool = False
    """No cached price was known, so cached input is charged at the input price."""
    library_batch: tuple[float, float | None, float | None] | None = None
    """The library's own batch prices (input, cached, output) when they were used; None when
    batch prices are list prices x a multiplier. With `cached_is_input` this lets the
    uncertainty analysis re-derive every rate from ranged hand prices (`batch_rates`)."""


class Prices(NamedTuple):
    """Every API model price the scenario needs."""

    api: ModelPrices
    rag: ModelPrices
    teacher: ModelPrices


# --- the library cache ------------------------------------------------------------------------


def _data_identity() -> tuple[str, str] | None:
    """(cache key, data file path) of the installed genai-prices, without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("genai_prices")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    data = Path(spec.origin).parent / "data.py"
    try:
        st = data.stat()
    except OSError:
        return None
    raw = f"{_FORMAT}|{data}|{st.st_size}|{st.st_mtime_ns}"
    from advisor.core.cache import sha256

    return sha256(raw.encode()).hexdigest()[:24], str(data)


class PriceBook:
    """Library lookups, remembered in a JSON file next to the rules cache."""

    def __init__(self, today: dt.date, directory: Path | None = None) -> None:
        from advisor.core.cache import cache_dir

        self.today = today
        identity = _data_identity()
        self.available = identity is not None
        self._dir = directory if directory is not None else cache_dir()
        self._path = (
            self._dir / f"genai-prices-{identity[0]}.json"
            if (identity and self._dir is not None)
            else None
        )
        self._data: dict[str, Any] = self._read()
        self._dirty = False

    def _read(self) -> dict[str, Any]:
        empty: dict[str, Any] = {"version": None, "ids": None, "day": None, "models": {}}
        if self._path is None:
            return empty
        try:
            with open(self._path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return empty
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return empty
        if data.get("day") != self.today.isoformat():
            data["models"] = {}  # conditional prices may differ on another day
        return data

    def save(self) -> None:
        """Write the cache if a lookup added to it (atomically; failures are ignored)."""
        if not self._dirty or self._path is None:
            return
        import tempfile

        self._data["format"] = _FORMAT
        self._data["day"] = self.today.isoformat()
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle)
            os.replace(tmp, self._path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)  # type: ignore[possibly-undefined]
        self._dirty = False

    @property
    def version(self) -> str | None:
        """The installed genai-prices version (read once, then cached)."""
        if self._data.get("version") is None and self.available:
            self._fill_meta()
        return self._data.get("version")

    def model_ids(self) -> list[str]:
        """Every model id genai-prices knows, for close matches on a typo."""
        if self._data.get("ids") is None and self.available:
            self._fill_meta()
        return list(self._data.get("ids") or [])

    def lookup(self, name: str) -> dict[str, Any] | None:
        """The library's prices for `name`, or None if it does not know the model."""
        models = self._data.setdefault("models", {})
        if name not in models:
            if not self.available:
                return None
            models[name] = _resolve(name, self.today)
            self._dirty = True
            if self._data.get("ids") is None:
                self._fill_meta()
        entry = models[name]
        return None if entry.get("unknown") else entry

    def _fill_meta(self) -> None:
        import genai_prices
        from genai_prices.data_snapshot import get_snapshot

        snapshot = get_snapshot()
        ids = sorted({m.id for p in snapshot.providers for m in p.models})
        self._data["ids"] = ids
        self._data["version"] = getattr(genai_prices, "__version__", None)
        self._dirty = True


def _decimal(value: Any) -> float | None:
    """A library price as float; tiered prices give their base tier."""
    if value is None:
        return None
    base = getattr(value, "base", value)
    return float(base)


def _resolve(name: str, today: dt.date) -> dict[str, Any]:
    """Look `name` up in genai-prices (imports it: only on a cache miss)."""
    from genai_prices.data_snapshot import get_snapshot

    snapshot = get_snapshot()
    attempts: list[tuple[str, str | None]] = [(name, None)]
    if "/" in name:
        provider, _, model = name.partition("/")
        attempts.append((model, provider))
    found = None
    for model_ref, provider_id in attempts:
        try:
            found = snapshot.find_provider_model(model_ref, None, provider_id, None)
            break
        except LookupError:
            continue
    if found is None:
        return {"unknown": True}
    provider, model = found
    when = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    listed = model.get_prices(when)
    notes = []
    if model.price_comments:
        notes.append(str(model.price_comments))
    if any(hasattr(getattr(listed, k, None), "tiers") for k in ("input_mtok", "output_mtok")):
        notes.append("tiered (long-context) prices: the base tier is used")
    if getattr(model, "deprecated", False):
        notes.append("genai-prices marks this model as deprecated")
    has_batch = any(
        v.when.get("processing") == "batch" and (v.constraint is None or v.constraint.active(when))
        for v in (model.price_variants or ())
    )
    entry: dict[str, Any] = {
        "id": f"{provider.id}/{model.id}",
        "input": _decimal(listed.input_mtok),
        "cached": _decimal(listed.cache_read_mtok),
        "output": _decimal(listed.output_mtok),
        "notes": notes,
    }
    if has_batch:
        batch = model.get_prices(when, {"processing": "batch"})
        entry["batch_input"] = _decimal(batch.input_mtok)
        entry["batch_cached"] = _decimal(batch.cache_read_mtok)
        entry["batch_output"] = _decimal(batch.output_mtok)
    return entry


# --- resolving a scenario's prices ------------------------------------------------------------


def resolve_model(
    name: str,
    override: TokenPrices,
    catalog: Catalog,
    book: PriceBook | None,
    *,
    path: str,
    fallback: TokenPrices | None = None,
    origins: Mapping[str, str] | None = None,
) -> ModelPrices:
    """Prices of one model: hand prices first, then genai-prices, then the catalog's batch rule.

    `path` (e.g. `api.price`) is where hand prices go; it is used in origins and in the error
    for an unknown model. `fallback` holds hand prices inherited from another option (RAG on the
    API model uses `api.price`).
    """
    origins = origins or {}

    def hand(field_name: str) -> tuple[float | None, str]:
        value = getattr(override, field_name)
        where = f"{path}.{field_name}"
        if value is None and fallback is not None:
            value = getattr(fallback, field_name)
            where = f"api.price.{field_name}"
        return value, origins.get(where, where)

    h_in, o_in = hand("input_per_mtok")
    h_out, o_out = hand("output_per_mtok")
    h_cached, o_cached = hand("cached_input_per_mtok")
    h_batch, o_batch = hand("batch_multiplier")

    entry = None
    library = None
    released = None
    if h_in is None or h_out is None:
        if book is None or not book.available:
            raise InputError(
                f"no price for model {name!r}: genai-prices is not installed; give prices by "
                f"hand with --set {path}.input_per_mtok=... --set {path}.output_per_mtok=..."
            )
        entry = book.lookup(name)
        if entry is None:
            raise _unknown_model(name, book, path)
        library = f"{PACKAGE} {book.version or '?'}"
        released = catalog.release_date(PACKAGE, book.version or "")
    lib = f"{library} {entry['id']}" if entry else ""
    notes: list[str] = list(entry.get("notes", [])) if entry else []
    origin: dict[str, str] = {}

    def pick(hand_value: float | None, hand_origin: str, key: str, label: str) -> float | None:
        if hand_value is not None:
            origin[label] = hand_origin
            return float(hand_value)
        if entry is not None and entry.get(key) is not None:
            origin[label] = lib
            return float(entry[key])
        return None

    inp = pick(h_in, o_in, "input", "input_per_mtok")
    out = pick(h_out, o_out, "output", "output_per_mtok")
    if inp is None or out is None:
        missing = "input" if inp is None else "output"
        raise InputError(
            f"genai-prices has no {missing} price for {name!r}; give it with "
            f"--set {path}.{missing}_per_mtok=..."
        )
    cached = pick(h_cached, o_cached, "cached", "cached_input_per_mtok")
    cached_is_input = cached is None
    if cached is None:
        cached = inp
        origin["cached_input_per_mtok"] = "no cached price known: charged at the input price"
    library_batch = None
    if h_batch is not None:
        origin["batch"] = f"{o_batch} x list price"
    elif entry is not None and entry.get("batch_input") is not None and h_in is None:
        library_batch = (
            float(entry["batch_input"]),
            None if entry.get("batch_cached") is None else float(entry["batch_cached"]),
            None if entry.get("batch_output") is None else float(entry["batch_output"]),
        )
        origin["batch"] = lib
    else:
        m = catalog.batch_multiplier.value
        origin["batch"] = f"catalog batch_multiplier ({m:g} x list price)"
    b_in, b_cached, b_out = batch_rates(
        inp,
        cached,
        out,
        None if h_batch is None else float(h_batch),
        library_batch,
        catalog.batch_multiplier.value,
    )
    return ModelPrices(
        model=name,
        input_per_mtok=inp,
        cached_input_per_mtok=cached,
        output_per_mtok=out,
        batch_input_per_mtok=b_in,
        batch_cached_input_per_mtok=b_cached,
        batch_output_per_mtok=b_out,
        origins=origin,
        library=library,
        released=released,
        resolved_id=entry["id"] if entry else None,
        notes=tuple(notes),
        cached_is_input=cached_is_input,
        library_batch=library_batch,
    )


def batch_rates(
    inp: Any,
    cached: Any,
    out: Any,
    hand_multiplier: Any,
    library_batch: tuple[float, float | None, float | None] | None,
    catalog_multiplier: float,
) -> tuple[Any, Any, Any]:
    """Batch (input, cached, output) prices: a hand multiplier x list prices, else the library's
    batch prices (a missing one falls back to the list price), else the catalog's multiplier.

    Plain arithmetic and `is None` tests only, so the uncertainty analysis can pass columns of
    drawn prices and get exactly what `resolve_model` gives for each draw.
    """
    if hand_multiplier is not None:
        m = hand_multiplier
        return inp * m, cached * m, out * m
    if library_batch is not None:
        b_in, b_cached, b_out = library_batch
        return b_in, cached if b_cached is None else b_cached, out if b_out is None else b_out
    m = catalog_multiplier
    return inp * m, cached * m, out * m


def _unknown_model(name: str, book: PriceBook, path: str) -> InputError:
    import difflib

    ids = book.model_ids()
    close = difflib.get_close_matches(name, ids, n=4, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return InputError(
        f"unknown model {name!r} ({PACKAGE} {book.version or '?'}); {hint}or give its prices "
        f"by hand: --set {path}.input_per_mtok=0.4 --set {path}.output_per_mtok=1.6 "
        "($ per 1M tokens)"
    )


def resolve_prices(
    scenario: Scenario,
    catalog: Catalog,
    *,
    today: dt.date,
    origins: Mapping[str, str] | None = None,
    book: PriceBook | None = None,
) -> Prices:
    """Resolve every API model the scenario prices (only those of compared options)."""
    own_book = book is None
    book = book or PriceBook(today)
    try:
        api = resolve_model(
            scenario.api.model,
            scenario.api.price,
            catalog,
            book,
            path="api.price",
            origins=origins,
        )
        if scenario.rag.model is None:
            rag = resolve_model(
                scenario.api.model,
                scenario.rag.price,
                catalog,
                book,
                path="rag.price",
                fallback=scenario.api.price,
                origins=origins,
            )
        elif "rag" in scenario.compare:
            rag = resolve_model(
                scenario.rag.model,
                scenario.rag.price,
                catalog,
                book,
                path="rag.price",
                origins=origins,
            )
        else:
            rag = api
        if "distill" in scenario.compare:
            teacher = resolve_model(
                scenario.distill.teacher_model,
                scenario.distill.teacher_price,
                catalog,
                book,
                path="distill.teacher_price",
                origins=origins,
            )
        else:
            teacher = api
    finally:
        if own_book:
            book.save()
    return Prices(api=api, rag=rag, teacher=teacher)
