"""The committed JSON schemas match the models, and every YAML file points at its schema."""

from __future__ import annotations

import json

from advisor.commands.rules import schema_text
from advisor.core.datafiles import KINDS, json_schemas
from advisor.core.paths import builtin_rules_dir


def test_committed_schemas_are_fresh():
    folder = builtin_rules_dir() / "schema"
    for name, schema in json_schemas().items():
        committed = (folder / name).read_text(encoding="utf-8")
        assert committed == schema_text(schema), (
            f"rules/schema/{name} is stale; run `advisor rules schema --write`"
        )


def test_every_rules_file_references_its_schema():
    root = builtin_rules_dir()
    for kind in KINDS:
        for path in root.glob(kind.pattern):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={_relative(path, root)}{kind.schema}"


def _relative(path, root) -> str:
    depth = len(path.relative_to(root).parts) - 1
    return "../" * depth + "schema/"


def test_schemas_describe_fields_from_docstrings():
    tree = json.loads((builtin_rules_dir() / "schema" / "tree.schema.json").read_text())
    question = tree["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert "choice" in question["properties"]["kind"]["description"]
