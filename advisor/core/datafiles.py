"""Every kind of YAML file in a rules folder: how to load it, check it, and describe its schema.

One registry serves three jobs: loading (validated, cached), `advisor rules check` (which files
exist in a folder and whether they are valid) and the JSON schemas under `rules/schema/` (one
per kind, referenced from each YAML file so editors complete and check it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from advisor.core.paths import RulesDirs
from advisor.core.yamlio import Document
from advisor.errors import Problem, RulesError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DataFileKind:
    """One kind of rules file."""

    pattern: str
    """Path (or glob) relative to a rules folder, e.g. `catalog.yaml` or `presets/*.yaml`."""
    type: str
    """`module:Class` the file validates against."""
    schema: str
    """The JSON schema's file name under `rules/schema/`."""
    check: str | None = None
    """`module:function(value, doc) -> list[Problem]`: checks beyond the schema (references...)."""

    def resolve_type(self) -> Any:
        return _resolve(self.type)


#: The registry. Decision rules (tree, advisories, tables) are checked together as a graph.
KINDS: list[DataFileKind] = [
    DataFileKind("tree.yaml", "advisor.core.rules:TreeFile", "tree.schema.json"),
    DataFileKind("advisories.yaml", "advisor.core.rules:AdvisoriesFile", "advisories.schema.json"),
    DataFileKind("tables.yaml", "advisor.core.rules:TablesFile", "tables.schema.json"),
    DataFileKind(
        "gpus.yaml",
        "advisor.core.hardware:GpuFile",
        "gpus.schema.json",
        "advisor.core.hardware:check_gpus",
    ),
    DataFileKind(
        "models.yaml",
        "advisor.core.hardware:ModelsFile",
        "models.schema.json",
        "advisor.core.hardware:check_models",
    ),
    DataFileKind(
        "training.yaml",
        "advisor.core.training_rules:TrainingRules",
        "training.schema.json",
        "advisor.core.training_rules:check_training",
    ),
    DataFileKind(
        "serving.yaml",
        "advisor.core.serving:ServingRules",
        "serving.schema.json",
        "advisor.core.serving:check_serving",
    ),
    DataFileKind(
        "catalog.yaml",
        "advisor.core.catalog:Catalog",
        "catalog.schema.json",
        check="advisor.core.catalog:check_catalog",
    ),
    DataFileKind(
        "scenario.yaml",
        "advisor.core.scenario:Scenario",
        "scenario.schema.json",
        check="advisor.core.settings:check_scenario_defaults",
    ),
    DataFileKind(
        "presets/*.yaml",
        "advisor.core.presets:Preset",
        "preset.schema.json",
        check="advisor.core.presets:check_preset",
    ),
]

DECISION_FILES = ("tree.yaml", "advisories.yaml", "tables.yaml")


def _resolve(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def kind_for(relative: str) -> DataFileKind:
    from fnmatch import fnmatch

    for kind in KINDS:
        if fnmatch(relative, kind.pattern):
            return kind
    raise KeyError(relative)


def parse_file(path: Path, kind: DataFileKind) -> Any:
    """Parse, validate and run the kind's extra checks on one file (never cached)."""
    from advisor.core.validate import validate
    from advisor.core.yamlio import load_yaml

    doc: Document = load_yaml(path, "rules file")
    value = validate(kind.resolve_type(), doc)
    if kind.check:
        problems: list[Problem] = _resolve(kind.check)(value, doc)
        if problems:
            raise RulesError(problems)
    return value


def load_data(dirs: RulesDirs | None, relative: str, *, use_cache: bool = True) -> Any:
    """Load one data file (the user's copy if they have one, else the built-in one), cached."""
    dirs = dirs or RulesDirs()
    path = dirs.find(relative)
    kind = kind_for(relative)
    if not use_cache:
        return parse_file(path, kind)
    from advisor.core.cache import cached

    return cached("data-" + relative.replace("/", "_"), [path], lambda: parse_file(path, kind))


def load_all(dirs: RulesDirs | None, pattern: str, *, use_cache: bool = True) -> dict[str, Any]:
    """Load every file of a glob kind (e.g. `presets/*.yaml`); user files shadow built-in ones."""
    dirs = dirs or RulesDirs()
    found: dict[str, Path] = {}
    for base in (dirs.builtin, dirs.user):
        if base is None:
            continue
        for path in sorted(base.glob(pattern)):
            found[path.stem] = path
    kind = kind_for(pattern)
    out: dict[str, Any] = {}
    for stem, path in sorted(found.items()):
        if use_cache:
            from advisor.core.cache import cached

            out[stem] = cached(
                "data-" + pattern.replace("/", "_").replace("*", "all"),
                [path],
                lambda path=path: parse_file(path, kind),  # type: ignore[misc]
            )
        else:
            out[stem] = parse_file(path, kind)
    return out


def check_folder(folder: Path) -> tuple[list[str], list[Problem]]:
    """Validate every known file present in `folder`; return (files checked, problems)."""
    from advisor.core.ruleload import load_rules_from

    checked: list[str] = []
    problems: list[Problem] = []
    if (folder / "tree.yaml").exists():
        checked.extend(name for name in DECISION_FILES if (folder / name).exists())
        try:
            load_rules_from(folder)
        except RulesError as exc:
            problems.extend(exc.problems)
    else:
        for name in DECISION_FILES[1:]:
            if (folder / name).exists():
                problems.append(
                    Problem(
                        str(folder / name),
                        None,
                        None,
                        "advisories and tables refer to a tree; add tree.yaml to this folder",
                    )
                )
    for kind in KINDS:
        if kind.pattern in DECISION_FILES:
            continue
        for path in sorted(folder.glob(kind.pattern)):
            checked.append(str(path.relative_to(folder)))
            try:
                parse_file(path, kind)
            except RulesError as exc:
                problems.extend(exc.problems)
    return checked, problems


def rules_files_in(folder: Path) -> list[str]:
    """The files in `folder` that advisor reads as rules (relative names), whether valid or not."""
    found: list[str] = []
    for kind in KINDS:
        found.extend(str(path.relative_to(folder)) for path in sorted(folder.glob(kind.pattern)))
    return found


def rules_file_names() -> list[str]:
    """Every file name (or glob) a rules folder may hold, in the registry's order."""
    return [kind.pattern for kind in KINDS]


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON schema of every kind, by schema file name."""
    from advisor.core.validate import adapter

    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        schema = adapter(kind.resolve_type()).json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = kind.schema
        out[kind.schema] = schema
    return out


def loader(relative: str) -> Callable[[RulesDirs | None], Any]:
    """A `load_data` bound to one file, for modules that only ever need that file."""
    return lambda dirs=None: load_data(dirs, relative)
