"""The estimator's rules files: schemas up to date, and a core the ROI path can import cheaply."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from advisor.commands.rules import schema_text
from advisor.core.datafiles import json_schemas
from advisor.core.paths import builtin_rules_dir

ESTIMATOR_SCHEMAS = [
    "gpus.schema.json",
    "models.schema.json",
    "training.schema.json",
    "serving.schema.json",
]


@pytest.mark.parametrize("name", ESTIMATOR_SCHEMAS)
def test_committed_schema_matches_the_types(name):
    """`advisor rules schema --write` was run after the last change to the types."""
    committed = (builtin_rules_dir() / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(json_schemas()[name]), "run `advisor rules schema --write`"


@pytest.mark.parametrize("name", ["gpus.yaml", "models.yaml", "training.yaml", "serving.yaml"])
def test_yaml_points_editors_at_its_schema(name):
    first = (builtin_rules_dir() / name).read_text(encoding="utf-8").splitlines()[0]
    stem = name.removesuffix(".yaml")
    assert first == f"# yaml-language-server: $schema=schema/{stem}.schema.json"


def test_estimator_core_imports_no_ui_and_no_pydantic():
    """The ROI model imports these on its fast path: no pydantic (cached rules), no UI."""
    code = (
        "import sys, json; "
        "import advisor.core.training, advisor.core.hardware, advisor.core.serving; "
        "print(json.dumps(sorted(m for m in ('pydantic', 'textual', 'rich', 'plotext') "
        "if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
