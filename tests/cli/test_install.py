"""The installed `advisor` script finds its rules from any directory.

In CI the project is installed with `pip install '.[test]'` (not editable), so this runs the
wheel's copy: the YAML must have been shipped inside the package as `advisor/_rules`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _script() -> str:
    candidate = Path(sys.executable).parent / "advisor"
    found = str(candidate) if candidate.exists() else shutil.which("advisor")
    if not found:
        pytest.skip("the advisor console script is not installed in this environment")
    return found


def test_console_script_finds_rules_outside_the_checkout(tmp_path: Path):
    result = subprocess.run(
        [_script(), "rules", "check"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "tree.yaml, advisories.yaml, tables.yaml" in result.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import advisor, pathlib; print(pathlib.Path(advisor.__file__))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    ).stdout.strip()
    if "site-packages" in where:  # a real (wheel) install: rules must be inside the package
        assert "_rules" in result.stdout


def test_version_and_help(tmp_path: Path):
    script = _script()
    version = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("advisor ")
    helptext = subprocess.run([script, "--help"], capture_output=True, text=True, cwd=tmp_path)
    for command in ("decide", "roi", "train", "data", "rules"):
        assert command in helptext.stdout
