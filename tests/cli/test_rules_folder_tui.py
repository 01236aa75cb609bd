"""`advisor --rules DIR` (the TUI) warns about a folder with no rules files, as the commands do.

Through `advisor.cli.main` in this process, without starting a real TUI: either the terminal
check fails (the tests' stdin/stdout are not terminals), or it passes and the app's `run` is a
stand-in, so Textual is never imported.
"""

from __future__ import annotations

import sys
import types

import pytest

from advisor import cli
from tests.conftest import ROOT


@pytest.fixture
def fake_app(monkeypatch):
    """A terminal, and a stand-in for `advisor.tui.app` that records the runs."""
    runs: list[object] = []
    module = types.ModuleType("advisor.tui.app")
    module.run = lambda args: runs.append(args.rules) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "advisor.tui.app", module)
    monkeypatch.setattr(cli, "_has_terminal", lambda: True)
    return runs


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "warning" in line]


def test_the_tui_warns_once_about_an_empty_rules_folder(fake_app, tmp_path, capsys):
    assert cli.main(["--rules", str(tmp_path)]) == 0
    assert fake_app == [str(tmp_path)]
    warnings = _warnings(capsys.readouterr().err)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"advisor: warning: --rules {tmp_path}: no rules files")
    assert "tree.yaml" in warnings[0] and "catalog.yaml" in warnings[0]


def test_the_tui_warning_comes_before_the_terminal_error(tmp_path, capsys):
    assert cli.main(["--rules", str(tmp_path), "--lang", "en"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"advisor: warning: --rules {tmp_path}: no rules files")
    assert "needs a terminal" in lines[1]


def test_the_tui_does_not_warn_about_a_folder_with_rules(fake_app, tmp_path, capsys):
    (tmp_path / "catalog.yaml").write_text((ROOT / "rules" / "catalog.yaml").read_text())
    assert cli.main([f"--rules={tmp_path}"]) == 0
    assert fake_app == [str(tmp_path)]
    assert capsys.readouterr().err == ""


def test_the_tui_without_rules_does_not_warn(fake_app, capsys):
    assert cli.main([]) == 0
    assert fake_app == [None]
    assert capsys.readouterr().err == ""
