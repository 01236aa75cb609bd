"""Safe YAML: tags refused, duplicates caught, lines remembered."""

from __future__ import annotations

import pytest

from advisor.core.yamlio import parse_yaml
from advisor.errors import RulesError


def test_lines_are_recorded_for_keys_and_items():
    doc = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n", "t.yaml")
    assert doc.lines[("a",)] == 1
    assert doc.lines[("b", 1)] == 4
    assert doc.lines[("b", 1, "y")] == 4
    assert doc.line_of(("b", 1, "y", "deeper")) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object:os.system {}\n", "is not allowed"),
        ("a: !!python/name:os.system ''\n", "is not allowed"),
        ("a: [\n", "YAML syntax error"),
        ("", "is empty"),
        ("# only a comment\n", "is empty"),
        ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)"),
    ],
)
def test_bad_yaml_is_one_clear_problem(text, message):
    with pytest.raises(RulesError) as info:
        parse_yaml(text, "bad.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("bad.yaml")


def test_anchors_and_aliases_are_plain_data():
    doc = parse_yaml("a: &x {en: hi}\nb: *x\n", "t.yaml")
    assert doc.data["b"] == {"en": "hi"}


def test_merge_keys_may_override_merged_values():
    doc = parse_yaml("a: &x {v: 1, u: usd}\nb: {<<: *x, v: 2}\n", "t.yaml")
    assert doc.data["b"] == {"v": 2, "u": "usd"}
    assert doc.lines[("b", "v")] == 2


def test_duplicates_next_to_a_merge_are_still_caught():
    with pytest.raises(RulesError, match="duplicate key 'v'"):
        parse_yaml("a: &x {v: 1}\nb: {<<: *x, v: 2, v: 3}\n", "t.yaml")
