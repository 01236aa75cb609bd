"""Safe YAML loading that remembers where every value came from.

Rules, answers and scenario files are untrusted input. They are parsed with PyYAML's *safe*
loader only (a `!!python/object` tag is an error, never an object), duplicate keys are errors
(PyYAML would silently keep the last one), and every mapping key and list item is mapped to its
line so validation errors can say `file:line`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import Problem, RulesError

Loc = tuple[str | int, ...]


@dataclass(slots=True)
class Document:
    """Parsed YAML plus the line (1-based) of every key and list item, by path from the root."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest known prefix of `loc` (pydantic locations may run deeper)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


_LOADER: type | None = None


def _loader_class() -> type:
    """The safe loader, reading `5e3` and `1.5e3` as numbers (as YAML 1.2 and JSON do).

    PyYAML follows YAML 1.1, whose floats need a dot and a signed exponent, so `5e3` would be
    the string "5e3" and a scenario's `queries_per_day: 5e3` an error. Quoted "5e3" stays text.
    """
    global _LOADER
    if _LOADER is None:
        import re

        import yaml

        # The C loader is several times faster; both are the *safe* loader.
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        loader = type("AdvisorLoader", (base,), {})
        loader.add_implicit_resolver(  # type: ignore[attr-defined]
            "tag:yaml.org,2002:float",
            re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
            list("-+0123456789"),
        )
        _LOADER = loader
    return _LOADER


def _problem(path: str, line: int | None, message: str) -> RulesError:
    return RulesError([Problem(path, line, None, message)])


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file, turning every OS-level failure into one clear line."""
    if path.is_dir():
        raise _problem(str(path), None, f"is a directory; expected a YAML {what}")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _problem(str(path), None, f"no such {what}") from None
    except UnicodeDecodeError as exc:
        raise _problem(str(path), None, f"is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise _problem(str(path), None, f"cannot be read: {exc.strerror}") from None


def load_yaml(path: Path, what: str = "file") -> Document:
    """Load one YAML document from `path` safely, with its line map."""
    return parse_yaml(read_text(path, what), str(path))


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text safely; `name` is used in error messages."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _problem(name, None, "is empty; expected a YAML mapping")
        # Index before constructing: the constructor flattens merge keys (`<<: *anchor`) into
        # the node in place, after which a key overriding a merged one looks like a duplicate.
        lines: dict[Loc, int] = {}
        problems: list[Problem] = []
        _index(node, (), lines, problems, name)
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        tag = ""
        if exc.problem and "tag" in exc.problem:
            tag = exc.problem.split("tag", 1)[1].strip(" '")
        raise _problem(
            name,
            line,
            f"YAML tag {tag!r} is not allowed; advisor reads plain data only (maps, lists, "
            "strings, numbers, booleans)",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise _problem(name, line, f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors (e.g. control characters)
        raise _problem(name, None, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    doc = Document(name, data, lines)
    if problems:
        raise RulesError(problems)
    return doc


def _index(node: Any, loc: Loc, lines: dict[Loc, int], problems: list[Problem], name: str) -> None:
    import yaml

    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key == "<<":  # merge key: values are indexed from their anchors
                continue
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(
                        name,
                        line,
                        None,
                        f"duplicate key {key!r} (first at line {seen[key]}); keep only one",
                    )
                )
                continue
            seen[key] = line
            lines[(*loc, key)] = line
            _index(value_node, (*loc, key), lines, problems, name)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            _index(item, (*loc, index), lines, problems, name)
