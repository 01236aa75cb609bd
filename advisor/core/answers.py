"""Answers files: the YAML mapping of question ids to answers that `decide` reads and the TUI
writes, so an interactive session can be replayed headless."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from advisor.core.yamlio import load_yaml
from advisor.errors import InputError, RulesError


def load_answers(path: Path) -> dict[str, Any]:
    """Read an answers file safely; any problem is one `InputError` line naming the file."""
    try:
        doc = load_yaml(path, "answers file")
    except RulesError as exc:
        raise InputError(str(exc.problems[0])) from None
    if not isinstance(doc.data, Mapping):
        raise InputError(
            f"{path}: expected a mapping of question id to answer (e.g. `tried_prompting: "
            f"not_enough`), got {type(doc.data).__name__}"
        )
    return {str(k): v for k, v in doc.data.items()}


def dump_answers(answers: Mapping[str, Any], header: str = "") -> str:
    """YAML text for an answers file (choice ids quoted so yes/no stay strings)."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for key, value in answers.items():
        if isinstance(value, float) and value == int(value):
            shown = str(int(value))
        elif isinstance(value, int | float):
            shown = repr(value)
        else:
            shown = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.append(f"{key}: {shown}")
    return "\n".join(lines) + "\n"
