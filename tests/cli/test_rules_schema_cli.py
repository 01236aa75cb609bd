"""`advisor rules schema` refuses `--rules` and `--lang` in one line instead of ignoring them."""

from __future__ import annotations

import json

import pytest

from advisor.core.paths import builtin_rules_dir


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("rules", "schema", "--rules", "{dir}"), "--rules"),
        (("rules", "schema", "--rules={dir}"), "--rules"),
        (("rules", "schema", "--lang", "zh"), "--lang"),
        (("--lang", "en", "rules", "schema"), "--lang"),
        (("--rules", "{dir}", "rules", "schema", "--lang", "zh"), "--rules or --lang"),
        (("rules", "schema", "--write", "--rules", "{dir}"), "--rules"),
    ],
)
def test_schema_refuses_rules_and_lang(cli, tmp_path, args, named):
    schema_dir = builtin_rules_dir() / "schema"
    before = {p.name: p.stat().st_mtime_ns for p in schema_dir.iterdir()}
    r = cli(*(a.format(dir=tmp_path) for a in args))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr == (
        f"advisor: error: rules schema takes no {named}: the schemas are the same for every "
        "rules folder and language\n"
    )
    assert {p.name: p.stat().st_mtime_ns for p in schema_dir.iterdir()} == before
    assert list(tmp_path.iterdir()) == []


def test_schema_alone_still_prints_the_schemas(cli):
    r = cli("rules", "schema")
    assert r.returncode == 0, r.stderr
    assert "tree.schema.json" in json.loads(r.stdout)


def test_schema_help_says_why(cli):
    r = cli("rules", "schema", "--help")
    assert r.returncode == 0
    assert "same for every rules folder and" in r.stdout
