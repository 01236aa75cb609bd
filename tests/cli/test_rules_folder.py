"""`--rules DIR` pointing at a folder with no rules files says so (a warning, not an error)."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, ROOT


def _commands(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("tried_prompting: not_enough\n")
    dataset = DATA / "datasets" / "chat_ok.jsonl"
    return {
        "roi": ("roi", "--no-plot", "--today", "2025-06-01"),
        "decide": ("decide", "--answers", str(answers)),
        "train": ("train", "--no-seeds"),
        "data": ("data", str(dataset)),
        "rules list": ("rules", "list"),
        "rules graph": ("rules", "graph"),
    }


NAMES = ["roi", "decide", "train", "data", "rules list", "rules graph"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("contents", ["empty", "unrelated"])
def test_a_folder_without_rules_files_warns_once(cli, tmp_path, name, contents):
    folder = tmp_path / "myrules"
    folder.mkdir()
    if contents == "unrelated":
        (folder / "notes.txt").write_text("prices to check\n")
        (folder / "other.yaml").write_text("a: 1\n")
    args = _commands(tmp_path)[name]
    r = cli(*args, "--rules", str(folder))
    assert r.returncode in (0, 2), r.stderr  # decide exits 2: its answers are incomplete
    warnings = [line for line in r.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, r.stderr
    assert f"--rules {folder}: no rules files" in warnings[0]
    assert "tree.yaml" in warnings[0] and "catalog.yaml" in warnings[0]
    assert "presets/*.yaml" in warnings[0]


def test_roi_with_an_empty_rules_folder_still_exits_0(cli, tmp_path):
    r = cli("roi", "--no-plot", "--today", "2025-06-01", "--rules", str(tmp_path))
    assert r.returncode == 0
    assert r.stderr.startswith("advisor: warning: --rules ")
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("name", NAMES)
def test_a_folder_with_a_rules_file_does_not_warn(cli, tmp_path, name):
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "catalog.yaml").write_text((ROOT / "rules" / "catalog.yaml").read_text())
    args = _commands(tmp_path)[name]
    r = cli(*args, "--rules", str(folder))
    assert "warning" not in r.stderr, r.stderr
