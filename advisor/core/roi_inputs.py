"""From rules, preset, scenario file and flags to a priced `RoiResult`: what front doors call.

The CLI and the TUI both go through here, so a scenario means the same in both and every value
carries its origin (`default`, `preset seed001-medium`, `--set`, `file.yaml:12`) into the
report's assumptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from advisor.core.catalog import Catalog
from advisor.core.paths import RulesDirs
from advisor.core.presets import Preset, preset_settings, presets_of
from advisor.core.roi import RoiResult, ServingPlan, compute
from advisor.core.scenario import Scenario
from advisor.core.settings import (
    Setting,
    apply,
    check_scenario,
    describe_settings,
    load_scenario_file,
)
from advisor.errors import InputError

if TYPE_CHECKING:  # ranges are imported only when a setting is one
    from advisor.core.ranges import Range


class RoiInputs(NamedTuple):
    """A scenario ready to price, with the catalog and where every non-default value came from."""

    scenario: Scenario
    catalog: Catalog
    origins: Mapping[str, str]
    preset: str | None = None
    presets: Mapping[str, Preset] = MappingProxyType({})
    ranges: tuple[Range, ...] = ()
    """Inputs given as ranges (`--set api.output_tokens=200..600`); the scenario holds each
    one's base value, so the point result is unchanged. See `advisor.core.ranges`."""


TODAY_RANGE = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
"""Dates `--today` accepts: prices are dated this century, and the horizon (up to 120 months)
must stay within the calendar."""


def parse_today(text: str | None) -> dt.date:
    """`--today YYYY-MM-DD`, or the real date."""
    if not text:
        return dt.date.today()
    low, high = TODAY_RANGE
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--today {text!r}: expected a date as YYYY-MM-DD") from None
    if not low <= day <= high:
        raise InputError(f"--today {text!r}: must be between {low} and {high}")
    return day


def parse_set(text: str) -> Setting:
    """One `--set PATH=VALUE`."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise InputError(f"--set {text!r}: expected PATH=VALUE, e.g. api.output_tokens=400")
    return Setting(path.strip(), value.strip(), "--set", text=True)


def build(
    dirs: RulesDirs | None = None,
    *,
    preset: str | None = None,
    scenario_file: str | None = None,
    flags: Sequence[tuple[str, str, str]] = (),
    sets: Sequence[str] = (),
) -> RoiInputs:
    """Defaults, then preset, then file, then flags, then `--set`; checked once at the end."""
    from advisor.core.datafiles import load_data

    dirs = dirs or RulesDirs()
    catalog: Catalog = load_data(dirs, "catalog.yaml")
    scenario: Scenario = load_data(dirs, "scenario.yaml")
    file_settings = load_scenario_file(scenario_file) if scenario_file else []
    file_preset = next((s for s in file_settings if s.path == "preset"), None)
    file_settings = [s for s in file_settings if s.path != "preset"]
    settings: list[Setting] = []
    presets: Mapping[str, Preset] = {}
    chosen = preset
    if chosen is None and file_preset is not None:
        if not isinstance(file_preset.value, str):
            raise InputError(f"{file_preset.origin}: preset must be a preset name")
        chosen = file_preset.value
    if chosen is not None:
        presets = presets_of(dirs)
        origin = "--preset" if preset is not None else file_preset.origin  # type: ignore[union-attr]
        settings += preset_settings(presets, chosen, origin)
    settings += file_settings
    settings += [Setting(path, value, origin, text=True) for path, value, origin in flags]
    settings += [parse_set(text) for text in sets]
    ranges: tuple[Range, ...] = ()
    if any(may_be_range(s) for s in settings):
        scenario, settings, ranges = _apply_with_ranges(scenario, settings)
    else:
        scenario = apply(scenario, settings)
    origins = describe_settings(settings)
    check_scenario(scenario, origins)
    return RoiInputs(scenario, catalog, origins, chosen, presets, ranges)


def may_be_range(setting: Setting) -> bool:
    """Cheap test, so that a run without ranges never imports `advisor.core.ranges`."""
    value, path = setting.value, setting.path
    if "*" in path or "?" in path or "[" in path or isinstance(value, Mapping):
        return True
    if not isinstance(value, str):
        return False
    v = value.strip()
    return ".." in v or v.endswith("%") or v.startswith(("+-", "±")) or ":" in v


def _apply_with_ranges(
    scenario: Scenario, settings: Sequence[Setting]
) -> tuple[Scenario, list[Setting], tuple[Range, ...]]:
    """Apply settings in order, where any may be a range or a wildcard path."""
    from advisor.core import ranges as rng

    found: dict[str, Range] = {}
    applied: list[Setting] = []
    for s in settings:
        scenario, done = rng.apply(scenario, s, found)
        applied.extend(done)
    return scenario, applied, tuple(found.values())


def compute_result(
    inputs: RoiInputs,
    *,
    today: dt.date,
    serving_plan: ServingPlan | None = None,
    scenario: Scenario | None = None,
) -> RoiResult:
    """Resolve API prices (cached) and compute. Pass `scenario` to price an edited copy."""
    from advisor.core.pricing import resolve_prices

    s = scenario or inputs.scenario
    prices = resolve_prices(s, inputs.catalog, today=today, origins=inputs.origins)
    return compute(
        s, inputs.catalog, prices, today=today, serving_plan=serving_plan, origins=inputs.origins
    )
