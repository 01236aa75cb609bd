"""Strict validation of loaded YAML into the core's frozen dataclasses, with readable errors.

The core's data types are plain frozen dataclasses, so a cached rules bundle can be loaded
without importing pydantic (it costs more than the whole `advisor roi` budget). pydantic does the
validating here, through `TypeAdapter`, and its errors are rewritten into `Problem`s that name
the file, the line, the enclosing node id and, for unknown keys, the keys that are allowed.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

from advisor.core.yamlio import Document, Loc
from advisor.errors import Problem, RulesError

T = TypeVar("T")

#: Config every core dataclass carries: unknown keys are errors, docstrings become descriptions.
STRICT: dict[str, Any] = {"extra": "forbid", "use_attribute_docstrings": True}


@functools.cache
def adapter(tp: Any) -> Any:
    """A cached `TypeAdapter`: building one costs milliseconds, validating with it microseconds."""
    from pydantic import TypeAdapter

    return TypeAdapter(tp)


def validate(tp: type[T], doc: Document) -> T:
    """Validate `doc.data` as `tp`; raise `RulesError` listing every problem with file and line."""
    from pydantic import ValidationError

    try:
        return adapter(tp).validate_python(doc.data)
    except ValidationError as exc:
        raise RulesError(problems_from(exc, tp, doc)) from None


def problems_from(exc: Any, tp: Any, doc: Document) -> list[Problem]:
    """Turn a pydantic `ValidationError` into deduplicated, human-worded problems."""
    errors = _pick_union_members(exc.errors(include_url=False), doc.data)
    out: list[Problem] = []
    seen: set[tuple[int | None, str]] = set()
    for err in errors:
        data_loc, tags = _split_loc(err["loc"], doc.data, err["type"])
        message = _message(err, tp, data_loc, tags)
        where = _describe(data_loc)
        text = f"{where}: {message}" if where else message
        line = doc.line_of(data_loc)
        if (line, text) in seen:
            continue
        seen.add((line, text))
        out.append(Problem(doc.path, line, _node_id(doc.data, data_loc), text))
    return out


def _split_loc(loc: Loc, data: Any, kind: str) -> tuple[Loc, list[str]]:
    """Separate real data keys from the union-member tags pydantic puts into locations."""
    keys: list[str | int] = []
    tags: list[str] = []
    node = data
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            keys.append(part)
            node = node[part]
        elif i == last and kind not in ("union_tag_invalid",):
            keys.append(part)  # a missing or unexpected key: report it by name
            node = None
        elif isinstance(part, str):
            tags.append(part)
        else:
            keys.append(part)
            node = None
    return tuple(keys), tags


def _pick_union_members(errors: list[dict[str, Any]], data: Any) -> list[dict[str, Any]]:
    """When a value matched no member of a union, keep only the closest member's errors.

    pydantic reports every member's failures; listing all of them buries the one that matters.
    The closest member is the one with the fewest errors (ties: the first declared).
    """
    groups: dict[Loc, dict[str, list[dict[str, Any]]]] = {}
    plain: list[dict[str, Any]] = []
    for err in errors:
        loc = err["loc"]
        split = None
        node = data
        for i, part in enumerate(loc[:-1]):
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            ):
                node = node[part]
            elif isinstance(part, str):
                split = i
                break
            else:
                break
        if split is None:
            plain.append(err)
        else:
            groups.setdefault(loc[:split], {}).setdefault(str(loc[split]), []).append(err)
    for members in groups.values():
        best = min(members.values(), key=len)
        plain.extend(best)
    return plain


def _describe(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _node_id(data: Any, loc: Loc) -> str | None:
    """The `id` of the innermost mapping on the path that has one (a question, an outcome...)."""
    found = None
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = node["id"]
    return found


def _message(err: dict[str, Any], tp: Any, loc: Loc, tags: list[str]) -> str:
    kind = err["type"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        allowed = _allowed_keys(tp, loc[:-1], tags)
        hint = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
        return f"unknown key {loc[-1]!r}{hint}"
    if kind in ("missing", "missing_argument"):
        return f"missing required key {loc[-1]!r}" if loc else "missing required value"
    if kind == "value_error":
        return (
            str(err["ctx"]["error"]) if "ctx" in err else err["msg"].removeprefix("Value error, ")
        )
    if kind == "assertion_error":
        return err["msg"].removeprefix("Assertion failed, ")
    msg = err["msg"]
    got = err.get("input")
    if kind.endswith("_type") or kind.startswith("dataclass"):
        return f"{msg} (got {_short(got)})"
    return msg


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _allowed_keys(tp: Any, loc: Loc, tags: list[str]) -> list[str]:
    target = _type_at(tp, loc, list(tags))
    if target is not None and dataclasses.is_dataclass(target):
        return [f.name for f in dataclasses.fields(target)]
    return []


def _strip(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _members(tp: Any) -> list[Any]:
    tp = _strip(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [_strip(a) for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


def _type_at(tp: Any, loc: Loc, tags: list[str]) -> Any:
    """Follow `loc` through dataclass fields, sequences, mappings and unions to a type."""
    current = _resolve_union(tp, tags)
    for part in loc:
        current = _strip(current)
        origin = typing.get_origin(current)
        if dataclasses.is_dataclass(current) and isinstance(current, type):
            hints = typing.get_type_hints(current, include_extras=True)
            if part not in hints:
                return None
            current = hints[part]
        elif origin in (list, tuple, set, frozenset) and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
        current = _resolve_union(current, tags)
    return _strip(current)


def _resolve_union(tp: Any, tags: list[str]) -> Any:
    members = _members(tp)
    if len(members) == 1:
        return members[0]
    for member in members:
        name = getattr(member, "__name__", None)
        if tags and name == tags[0]:
            tags.pop(0)
            return member
    dataclass_members = [m for m in members if dataclasses.is_dataclass(m)]
    return dataclass_members[0] if len(dataclass_members) == 1 else tp
