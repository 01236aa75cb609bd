"""Random bytes and random JSON never crash the inspector; bad lines are findings, not fatal."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from advisor.core.dataset import KINDS, inspect
from advisor.errors import InputError

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "conversations",
                    "role",
                    "content",
                    "from",
                    "value",
                    "instruction",
                    "input",
                    "output",
                    "prompt",
                    "completion",
                    "system",
                    "history",
                    "text",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)

roles = st.sampled_from(["system", "user", "assistant", "tool", "human", "gpt", "bot", None])
messages = st.lists(
    st.fixed_dictionaries(
        {"role": roles, "content": st.text(max_size=30) | st.none() | st.integers()}
    ),
    max_size=5,
)
records = st.one_of(
    json_values,
    st.fixed_dictionaries({"messages": messages}),
    st.fixed_dictionaries({"conversations": messages}),
    st.fixed_dictionaries(
        {
            "instruction": st.text(max_size=20),
            "input": st.text(max_size=10),
            "output": st.text(max_size=20),
        }
    ),
    st.fixed_dictionaries({"prompt": st.text(max_size=20), "completion": st.text(max_size=20)}),
)


def _check(report) -> None:
    json.dumps(dataclasses.asdict(report), ensure_ascii=False)
    assert report.good_examples <= report.examples <= report.records
    assert sum(report.formats.values()) == report.examples
    for f in report.findings:
        assert f.kind in KINDS and f.line >= 1 and f.message.en and f.message.zh
    assert report.tokens.total == report.tokens_total
    assert sum(c for _, _, c in report.tokens.histogram) == report.examples


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "random.jsonl"
    path.write_bytes(data)
    try:
        report = inspect(path, dedup_slots=64, max_listed=3)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    _check(report)


@SETTINGS
@given(st.lists(records, min_size=1, max_size=12), st.lists(st.integers(0, 11), max_size=3))
# Found by this test: a role that is a list (unhashable) crashed the fast path.
@example(rows=[{"messages": [{"role": ["user"], "content": "hi"}]}], broken=[])
def test_random_json_lines_are_reported_not_fatal(tmp_path_factory, rows, broken):
    lines = [json.dumps(r, ensure_ascii=bool(i % 2)) for i, r in enumerate(rows)]
    for i in broken:
        if i < len(lines):
            # a bad line (starting with "{": a file whose first lines are broken arrays would
            # be read as one JSON array, which is a different test)
            lines[i] = "{" + lines[i][: len(lines[i]) // 2] + "}{"
    path = tmp_path_factory.mktemp("fuzz") / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if len(lines) == 1 and lines[0].startswith("["):
        return  # one line holding an array is read as a JSON array file (see above)
    report = inspect(path, dedup_slots=64, max_listed=50)
    _check(report)
    assert report.records == len(lines)
    bad = {i + 1 for i in broken if i < len(lines)}
    json_lines = {f.line for f in report.findings if f.kind == "json"}
    assert json_lines == bad
    # every line without an error-level finding is an example
    errors = {f.line for f in report.findings if f.severity == "error"}
    assert report.examples == len(lines) - len(errors)


@SETTINGS
@given(st.lists(records, min_size=0, max_size=10))
def test_random_json_arrays_match_jsonl(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("fuzz")
    array, jsonl = folder / "a.json", folder / "a.jsonl"
    array.write_text(json.dumps(rows), encoding="utf-8")
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    try:
        a = inspect(array, dedup_slots=64)
    except InputError:
        assert not rows  # [] has no records
        return
    if len(rows) == 1 and isinstance(rows[0], list):
        return  # a one-line JSONL file holding an array is read as that array: ambiguous
    b = inspect(jsonl, dedup_slots=64)
    _check(a)
    assert (a.records, a.examples, a.good_examples, a.tokens_total, a.counts) == (
        b.records,
        b.examples,
        b.good_examples,
        b.tokens_total,
        b.counts,
    )
