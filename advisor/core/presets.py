"""Presets: named sets of scenario settings in `rules/presets/NAME.yaml`, e.g. a seed's example.

Loaded only when asked for (`--preset`, `--list-presets`, a scenario file naming one), so the
usual run does not pay for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from advisor.core.i18n import I18n
from advisor.core.settings import Setting, set_path
from advisor.core.validate import STRICT
from advisor.errors import InputError, Problem


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
