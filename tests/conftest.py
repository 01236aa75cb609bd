"""Keep the developer's machine out of the tests: a private cache, English, no colour."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Set at import time so every test (and every subprocess it starts) sees the same isolated,
# per-session cache instead of ~/.cache/advisor.
_CACHE = tempfile.mkdtemp(prefix="advisor-test-cache-")
os.environ["ADVISOR_CACHE_DIR"] = _CACHE
os.environ["ADVISOR_LANG"] = "en"
os.environ["NO_COLOR"] = "1"
os.environ.pop("LC_ALL", None)


@pytest.fixture(scope="session")
def rules():
    """The built-in decision rules, validated once per session."""
    from advisor.core.ruleload import load_rules

    return load_rules(use_cache=False)


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m advisor ...` as a user would, capturing output."""
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli
