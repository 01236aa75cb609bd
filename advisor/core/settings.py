"""Setting scenario inputs by dotted path: the command line, scenario files, presets.

`--set api.output_tokens=400`, a `--scenario FILE.yaml` (nested or dotted keys, any subset) and
the presets all become `Setting`s applied with `set_path`, so a typo gets the same answer
everywhere: one line naming the path and the closest real ones. Values are parsed by the
field's type and checked against its `Bounds` here, by hand, so that no run needs pydantic for
its inputs. Keeping every input addressable by path is also what lets the uncertainty analysis
turn any of them into a range.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal, NamedTuple

from advisor.core.bounds import Bounds
from advisor.core.numbers import comma_hint, parse_number
from advisor.core.scenario import Scenario
from advisor.errors import InputError, Problem


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
            value = parse_number(raw)
        except ValueError:
            raise InputError(f"{where} must be {what}; got {raw!r}{comma_hint(raw)}") from None
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


#: Keys of a range given as a mapping (`output_tokens: {low: 200, high: 600}`): such a mapping is
#: one value (a range, see `advisor.core.ranges`), not a group of inputs to walk into.
RANGE_KEY_NAMES = ("dist", "low", "base", "high", "p10", "p90", "mean", "sd", "group")
RANGE_KEYS = frozenset(RANGE_KEY_NAMES)


def flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested YAML (`api: {output_tokens: 400}`) as dotted paths (`api.output_tokens`).

    A mapping made only of range keys (`{low: 200, high: 600}`) is kept whole as the value.
    """
    for keys, value in _flatten_keys(data):
        yield prefix + ".".join(keys), value


def _flatten_keys(data: Mapping[str, Any], keys: tuple[str, ...] = ()) -> Iterator[tuple[Any, Any]]:
    """`flatten`, keeping each leaf's YAML keys as they were written (to find its line).

    A mapping under a group of inputs (`api`) is walked into; one under a single input
    (`api.output_tokens`) is its value, a range, whatever its keys (a misspelt range key is
    then reported as such, not as an unknown input). Under a path that is neither (a typo, a
    wildcard), a mapping made only of range keys is a range.
    """
    for key, value in data.items():
        here = (*keys, str(key))
        if isinstance(value, Mapping):
            shape = _shape(here)
            if shape == "group" or (shape is None and not (value and set(value) <= RANGE_KEYS)):
                yield from _flatten_keys(value, here)
                continue
        yield here, value


@functools.cache
def _shapes() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """Every input's path and every group's path, split into parts."""
    leaves = frozenset(tuple(p.split(".")) for p in all_paths())
    groups = frozenset(leaf[:i] for leaf in leaves for i in range(1, len(leaf)))
    return leaves, groups


def _shape(keys: tuple[str, ...]) -> Literal["leaf", "group"] | None:
    """Whether YAML keys (dotted or not, maybe wildcards) name inputs, groups, or neither/both."""
    from fnmatch import fnmatchcase

    parts = tuple(part.strip() for part in ".".join(keys).split("."))
    leaves, groups = _shapes()

    def matches(known: frozenset[tuple[str, ...]]) -> bool:
        return any(len(path) == len(parts) and all(map(fnmatchcase, path, parts)) for path in known)

    leaf, group = matches(leaves), matches(groups)
    if leaf != group:
        return "leaf" if leaf else "group"
    return None


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


# --- files -----------------------------------------------------------------------------------


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
    seen: dict[str, int | None] = {}
    for keys, value in _flatten_keys(doc.data):
        key = ".".join(keys)
        line = doc.line_of(keys)
        where = f"{path}:{line}" if line else str(path)
        # `api.output_tokens: 400` and `api: {output_tokens: 500}` name the same input: which
        # one was meant is anyone's guess, so neither silently wins.
        same = ".".join(part.strip() for part in key.split("."))
        if same in seen:
            first = f"line {seen[same]}" if seen[same] else "elsewhere in the file"
            raise InputError(f"{where}: {same} is given twice (also {first}); keep one of them")
        seen[same] = line
        out.append(Setting(key, value, where))
    return out


def check_scenario_defaults(scenario: Scenario, doc: Any) -> list[Problem]:
    """`rules check` for scenario.yaml: the cross-field rules."""
    try:
        check_scenario(scenario)
    except InputError as exc:
        return [Problem(doc.path, None, None, str(exc))]
    return []


def describe_settings(settings: Sequence[Setting]) -> dict[str, str]:
    """path -> origin of the last setting that touched it."""
    return {s.path.strip(): s.origin for s in settings}
