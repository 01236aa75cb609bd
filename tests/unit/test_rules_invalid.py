"""Every kind of broken rules file gives a clear problem naming file, line and node.

Each fixture in tests/data/rules/invalid/ breaks one thing. Its header says which file of a
rules folder it plays (`# role:`), what the message must say (`# expect:`), and optionally the
line and node id it must point at. The other files come from tests/data/rules/valid/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.core.ruleload import load_rules_from
from advisor.errors import RulesError

HERE = Path(__file__).resolve().parent.parent / "data" / "rules"
FIXTURES = sorted((HERE / "invalid").glob("*.yaml"))


def _header(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        out[key] = value
    return out


def test_there_is_a_fixture_per_failure_kind():
    assert len(FIXTURES) >= 25


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_invalid_rules_are_reported_precisely(fixture: Path, tmp_path: Path):
    head = _header(fixture)
    role = head.get("role", "tree")
    shutil.copy(HERE / "valid" / "tree.yaml", tmp_path / "tree.yaml")
    shutil.copy(fixture, tmp_path / f"{role}.yaml")
    with pytest.raises(RulesError) as info:
        load_rules_from(tmp_path)
    problems = info.value.problems
    matching = [p for p in problems if head["expect"] in p.message]
    assert matching, f"no problem says {head['expect']!r}: {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == str(tmp_path / f"{role}.yaml")
    if "expect-line" in head:
        assert problem.line == int(head["expect-line"]), str(problem)
    if "expect-node" in head:
        assert problem.node == head["expect-node"], str(problem)


def test_the_valid_base_is_valid(tmp_path: Path):
    rules = load_rules_from(HERE / "valid")
    assert set(rules.outcomes) == {"prompt", "tune"}


def test_all_problems_are_collected_not_just_the_first(tmp_path: Path):
    text = (HERE / "valid" / "tree.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "next: prompt\n        reason: {en: Try", "next: nowhere\n        reason: {en: Try"
    )
    text = text.replace("      - next: tune\n", "      - next: elsewhere\n")
    (tmp_path / "tree.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules_from(tmp_path)
    messages = " ".join(p.message for p in info.value.problems)
    assert "'nowhere'" in messages and "'elsewhere'" in messages


def test_problem_text_has_file_line_node_and_fix(tmp_path: Path):
    shutil.copy(HERE / "invalid" / "unknown_reference.yaml", tmp_path / "tree.yaml")
    with pytest.raises(RulesError) as info:
        load_rules_from(tmp_path)
    text = str(info.value.problems[0])
    assert text.startswith(f"{tmp_path / 'tree.yaml'}:14: [tried] ")
    assert "must name a question or an outcome" in text
