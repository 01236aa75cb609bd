"""The dataset inspector on fixture files: every format, every defect, with its line number."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import subprocess
import sys

import pytest

from advisor.core import dataset as ds
from advisor.core import tokenest
from advisor.core.dataset import inspect, judge, summary_for_estimates
from advisor.errors import InputError
from tests.conftest import DATA

FIX = DATA / "datasets"


def run(name: str, **kw):
    kw.setdefault("dedup_slots", 1024)
    return inspect(FIX / name, **kw)


def found(report) -> list[tuple[int, str]]:
    return [(f.line, f.kind) for f in report.findings]


@pytest.mark.parametrize(
    ("name", "fmt", "examples"),
    [
        ("chat_ok.jsonl", "chat", 6),
        ("conversations_ok.jsonl", "conversations", 3),
        ("instruction_ok.jsonl", "instruction", 4),
        ("completion_ok.jsonl", "completion", 3),
    ],
)
def test_clean_files_of_each_format(name, fmt, examples):
    report = run(name)
    assert report.format == fmt
    assert not report.format_given
    assert report.examples == report.good_examples == report.records == examples
    assert report.findings == ()
    assert report.counts == {}
    assert report.tokens_total == report.tokens.total > 0
    assert report.tokens.min <= report.tokens.p50 <= report.tokens.p90 <= report.tokens.max
    assert sum(c for _, _, c in report.tokens.histogram) == examples
    json.dumps(dataclasses.asdict(report), ensure_ascii=False)


def test_chat_system_prompt_share():
    report = run("chat_ok.jsonl")
    sp = report.system_prompt
    assert sp.examples_with_system == 4
    top = sp.top[0]
    assert (top.first_line, top.examples, top.exact) == (1, 3, True)
    assert top.preview == "You are a medical billing code assistant."
    assert top.tokens == tokenest.estimate_tokens(top.preview)
    assert sp.tokens == 3 * top.tokens + sp.top[1].tokens
    assert 0 < sp.share_of_tokens < 1


def test_conversations_top_level_system_and_sharegpt_roles():
    report = run("conversations_ok.jsonl")
    assert report.system_prompt.examples_with_system == 1
    assert report.system_prompt.top[0].first_line == 3


def test_json_array_lines_are_where_each_element_starts():
    report = run("array_ok.json")
    assert report.records == report.examples == 3
    assert report.formats == {"chat": 1, "completion": 1, "instruction": 1}
    assert found(report) == [(8, "mixed_format"), (9, "mixed_format")]


def test_json_array_broken_mid_way_reports_and_stops():
    report = run("array_broken.json")
    assert found(report) == [(4, "json")]
    assert report.examples == 2
    assert not report.complete


def test_invalid_json_lines_are_reported_not_fatal():
    report = run("invalid_json.jsonl")
    assert found(report) == [
        (2, "json"),
        (3, "json"),
        (4, "json"),
        (5, "json"),
        (6, "mixed_format"),
    ]
    messages = {f.line: f.message.en for f in report.findings}
    assert "column 54" in messages[2]
    assert "Extra data" in messages[4]
    assert report.examples == 2  # line 1, and line 6 despite its leading spaces


def test_a_bad_byte_is_a_finding_on_its_line():
    report = run("not_utf8_line.jsonl")
    assert found(report) == [(3, "encoding")]
    assert report.examples == 3
    assert report.findings[0].severity == "error"


def test_wrong_or_missing_fields():
    report = run("wrong_fields.jsonl")
    assert found(report) == [(n, "fields") for n in range(2, 13)]
    assert report.examples == 1
    messages = {f.line: f.message.en for f in report.findings}
    assert "must be a list" in messages[2]
    assert "no `content`" in messages[4]
    assert "unknown role 'bot'" in messages[5]
    assert "not int" in messages[6]
    assert "not a JSON object but list" in messages[7]
    assert "keys: text" in messages[8]
    assert "DPO" in messages[9]
    assert "missing `output`" in messages[10]
    assert "not list" in messages[11]
    assert "no `role`" in messages[12]
    assert all(f.message.zh for f in report.findings)


def test_empty_content():
    report = run("empty_content.jsonl")
    assert found(report) == [(2, "empty"), (3, "empty"), (4, "empty"), (5, "empty")]
    assert report.examples == 1


def test_roles_out_of_order_and_no_assistant_turn():
    report = run("roles.jsonl")
    assert found(report) == [
        (2, "no_answer"),
        (3, "role_order"),
        (4, "role_order"),
        (5, "role_order"),
        (6, "role_order"),
        (7, "role_order"),
        (7, "mixed_format"),
    ]
    # out of order is a warning: the example still counts; no assistant turn does not
    assert report.examples == 6
    assert {f.kind: f.severity for f in report.findings}["no_answer"] == "error"


def test_mixed_formats_are_the_minority_records():
    report = run("mixed.jsonl")
    assert report.format == "chat"
    assert found(report) == [(3, "mixed_format"), (5, "mixed_format")]
    assert report.examples == 6


def test_forced_format_makes_other_formats_errors():
    report = run("mixed.jsonl", fmt="chat")
    assert report.format_given and report.format == "chat"
    assert found(report) == [(3, "fields"), (5, "fields")]
    assert report.examples == 4


def test_too_long_for_the_sequence_length():
    report = run("too_long.jsonl", max_seq_len=1000)
    assert [x for x in found(report) if x[1] == "too_long"] == [(2, "too_long"), (3, "too_long")]
    assert report.good_examples == 1
    assert report.tokens.max > 1000
    assert run("too_long.jsonl").counts.get("too_long") is None


def test_exact_and_near_duplicates():
    report = run("duplicates.jsonl")
    dups = [(f.line, f.kind, f.related_line) for f in report.findings if "duplicate" in f.kind]
    assert dups == [
        (3, "duplicate", 1),  # same content, different key order and spacing
        (4, "near_duplicate", 1),  # case and punctuation only
        (6, "duplicate", 5),  # \u escapes vs UTF-8: the same text
        (7, "near_duplicate", 5),  # a space and an ASCII question mark
    ]
    # line 8: same texts as line 2 in instruction format: near, not exact (roles differ)?
    # no: instruction texts include an empty input, so it is a different text; only mixed
    assert (8, "mixed_format") in found(report)
    assert report.examples == 8
    assert report.good_examples == 4


def test_validation_overlap_points_at_training_lines():
    report = run("overlap_train.jsonl", validation=FIX / "overlap_valid.jsonl")
    assert report.findings == ()
    val = report.validation
    assert val is not None
    assert [(f.line, f.kind, f.related_line) for f in val.findings] == [
        (2, "overlap", 2),
        (3, "overlap", 3),
        (4, "duplicate", 1),
        (5, "fields", None),
    ]
    assert "the same as training line 2" in val.findings[0].message.en
    assert "nearly the same as training line 3" in val.findings[1].message.en
    assert all(f.file.endswith("overlap_valid.jsonl") for f in val.findings)
    assert report.all_counts() == {"fields": 1, "duplicate": 1, "overlap": 2}
    est = summary_for_estimates(report)
    assert (est.examples, est.validation_examples) == (3, 4)
    assert est.validation_tokens == val.tokens_total


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "no records"),
        (gzip.compress(b'{"prompt": "a", "completion": "b"}\n', mtime=0), "gzip"),
        (b"PK\x03\x04rest", "zip archive"),
        ('{"prompt": "a"}\n'.encode("utf-16"), "UTF-16"),
        (b'{"prompt": "\x00"}', "not a text file"),
        ('{"prompt": "中文"}\n'.encode("gbk"), "not UTF-8 (line 1"),
    ],
)
def test_unusable_files_are_input_errors(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)):
        inspect(path, dedup_slots=64)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        inspect(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        inspect(tmp_path)


def test_bad_options():
    with pytest.raises(InputError, match="unknown dataset format"):
        inspect(FIX / "chat_ok.jsonl", fmt="alpaca")
    with pytest.raises(InputError, match="positive"):
        inspect(FIX / "chat_ok.jsonl", max_seq_len=0)
    with pytest.raises(InputError, match="power of two"):
        inspect(FIX / "chat_ok.jsonl", dedup_slots=1000)


def test_utf8_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"prompt": "a", "completion": "b"}\r\n{"prompt": "c", "completion": "d"}\r\n'
    )
    report = inspect(path, dedup_slots=64)
    assert report.examples == 2 and report.findings == ()


def test_findings_are_capped_per_kind_but_all_counted(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("not json\n" * 50 + '{"prompt": "a"}\n' * 30, encoding="utf-8")
    report = inspect(path, max_listed=5, dedup_slots=64)
    assert report.counts == {"json": 50, "fields": 30}
    assert [f.line for f in report.findings] == [1, 2, 3, 4, 5, 51, 52, 53, 54, 55]


def test_an_over_long_line_is_skipped_not_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "MAX_RECORD_BYTES", 64)
    path = tmp_path / "long.jsonl"
    big = json.dumps({"prompt": "x" * 500, "completion": "y"})
    path.write_text(
        f'{{"prompt": "a", "completion": "b"}}\n{big}\n{{"prompt": "c", "completion": "d"}}\n'
    )
    report = inspect(path, dedup_slots=64)
    assert found(report) == [(2, "json")]
    assert "larger than" in report.findings[0].message.en
    assert report.examples == 2


def test_json_array_read_in_tiny_chunks_gives_the_same_report(tmp_path, monkeypatch):
    rows = [
        {"prompt": f"question {i} " + "字" * (i % 7), "completion": f"answer {i * 1234567}"}
        for i in range(40)
    ]
    path = tmp_path / "array.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    whole = inspect(path, dedup_slots=256)
    monkeypatch.setattr(ds, "_CHUNK", 7)
    chunked = inspect(path, dedup_slots=256)
    assert dataclasses.replace(chunked) == whole
    assert whole.examples == 40 and whole.complete


def test_dedup_index_is_bounded_and_says_so(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(json.dumps({"prompt": f"p{i}", "completion": "c"}) + "\n" for i in range(100))
        + json.dumps({"prompt": "p0", "completion": "c"})
        + "\n"
        + json.dumps({"prompt": "p99", "completion": "c"})
        + "\n"
    )
    report = inspect(path, dedup_slots=64)
    assert report.dedup == ds.DedupInfo(slots=64, indexed=44, complete=False)
    # early examples are still found; those past the cap are not
    assert found(report) == [(101, "duplicate")]


def test_histogram_percentiles_past_the_exact_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "EXACT_PERCENTILES", 10)
    path = tmp_path / "sizes.jsonl"
    path.write_text(
        "".join(
            json.dumps({"prompt": "word " * (i * 5), "completion": "x"}) + "\n"
            for i in range(1, 200)
        )
    )
    approx = inspect(path, dedup_slots=1024).tokens
    monkeypatch.setattr(ds, "EXACT_PERCENTILES", 1 << 17)
    exact = inspect(path, dedup_slots=1024).tokens
    assert exact.exact_percentiles and not approx.exact_percentiles
    for q in ("p50", "p90", "p99"):
        assert getattr(exact, q) <= getattr(approx, q) <= getattr(exact, q) * 1.045
    assert (approx.total, approx.min, approx.max) == (exact.total, exact.min, exact.max)
    assert approx.histogram == exact.histogram


def test_record_tokens_match_the_estimator():
    """The hot loop's inline estimate is tokenest's, summed over the texts."""
    report = run("completion_ok.jsonl")
    rows = [json.loads(line) for line in (FIX / "completion_ok.jsonl").open(encoding="utf-8")]
    expected = [
        round(sum(tokenest.from_counts(*tokenest.features(r[k])) for k in ("prompt", "completion")))
        for r in rows
    ]
    assert report.tokens_total == sum(expected)
    assert report.tokens.max == max(expected)


def test_stdin(monkeypatch):
    import io

    data = (FIX / "chat_ok.jsonl").read_bytes()
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))
    monkeypatch.setattr(sys, "stdin", fake)
    report = inspect("-", dedup_slots=64)
    assert report.examples == 6 and report.path == "-"


def test_progress_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "_CHUNK", 256)
    calls = []
    report = inspect(FIX / "chat_ok.jsonl", progress=lambda d, t: calls.append((d, t)))
    size = (FIX / "chat_ok.jsonl").stat().st_size
    assert calls and calls[-1] == (size, size)
    assert report.examples == 6


# --- the verdict ------------------------------------------------------------------------------


def test_verdict_uses_the_rules_tables_and_count_advisories(rules):
    report = run("chat_ok.jsonl")
    verdict = judge(report, rules, "qa")
    assert verdict.count == 6
    assert verdict.level == "too_few"
    assert {v.table: v.verdict for v in verdict.volume} == {
        "data_volume_001": "below_min",
        "data_volume_003": "below_min",
    }
    mins = {v.table: v.min for v in verdict.volume}
    tables = {t.id: t for t in rules.tables.data_volume}
    assert mins["data_volume_001"] == next(
        r.min for r in tables["data_volume_001"].rows if r.task == "qa"
    )
    assert {a.id for a in verdict.advice} >= {"under_10_examples", "under_50_examples"}
    assert verdict.route is not None and "002" in verdict.route.en


def test_verdict_without_task_and_unknown_task(rules):
    report = run("chat_ok.jsonl")
    verdict = judge(report, rules)
    assert verdict.volume == () and "qa" in verdict.tasks
    with pytest.raises(InputError, match="unknown task 'poetry'"):
        judge(report, rules, "poetry")


def test_verdict_levels_follow_the_count(rules):
    def fake(count: int):
        return dataclasses.replace(run("completion_ok.jsonl"), good_examples=count)

    assert judge(fake(0), rules).level == "none"
    assert judge(fake(30), rules).level == "too_few"  # seed 002: fewer than 50
    assert judge(fake(200), rules).level == "below_min"  # under every table's minimum
    assert judge(fake(200), rules, "other").level == "below_min"
    assert judge(fake(3000), rules, "classification").level == "ok"
    checks = judge(fake(3000), rules, "code").volume
    assert {v.verdict for v in checks} == {"min"}
    assert judge(fake(60000), rules, "dialogue").volume[0].verdict == "ideal"


def test_core_imports_no_ui_library():
    code = (
        "import sys, advisor.core.dataset, advisor.report.dataset; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'plotext')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
