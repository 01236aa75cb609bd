"""`advisor data` as a user runs it: exit codes, text and JSON output, languages, --out."""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA

FIX = DATA / "datasets"


def test_clean_file_text_report(cli):
    res = cli("data", str(FIX / "chat_ok.jsonl"), "--task", "qa", "--plain")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "chat (OpenAI messages) (detected)" in out
    assert "6 usable" in out and "6 good" in out
    assert "no problems found" in out
    assert "001: Question answering" in out and "003: Question answering" in out
    assert "Seed 000" in out and "Seed 002" in out
    assert res.stderr == ""  # no progress bar when stderr is not a terminal


def test_findings_listed_with_lines_and_strict_exit(cli):
    res = cli("data", str(FIX / "roles.jsonl"))
    assert res.returncode == 0
    assert "no assistant turn" in res.stdout
    assert "│    2 │" in res.stdout
    strict = cli("data", str(FIX / "roles.jsonl"), "--strict")
    assert strict.returncode == 1
    assert cli("data", str(FIX / "chat_ok.jsonl"), "--strict").returncode == 0


def test_json_report(cli):
    res = cli(
        "data",
        str(FIX / "overlap_train.jsonl"),
        "--validation",
        str(FIX / "overlap_valid.jsonl"),
        "--format",
        "json",
        "--task",
        "classification",
    )
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["examples"] == 3 and data["format"] == "completion"
    val = data["validation"]
    assert [(f["line"], f["kind"], f["related_line"]) for f in val["findings"]][:2] == [
        (2, "overlap", 2),
        (3, "overlap", 3),
    ]
    assert data["estimates"]["training_tokens"] == data["tokens_total"]
    assert data["verdict"]["level"] == "too_few"
    assert {v["table"] for v in data["verdict"]["volume"]} == {"data_volume_001", "data_volume_003"}


def test_chinese_output(cli):
    res = cli("--lang", "zh", "data", str(FIX / "empty_content.jsonl"))
    assert res.returncode == 0
    assert "内容为空" in res.stdout and "检查结果" in res.stdout
    data = json.loads(
        cli("data", str(FIX / "empty_content.jsonl"), "--lang", "zh", "--format", "json").stdout
    )
    assert data["findings"][0]["message"] == "messages[2]（assistant）内容为空"


def test_out_and_force(cli, tmp_path):
    out = tmp_path / "report.json"
    args = ("data", str(FIX / "chat_ok.jsonl"), "--format", "json", "--out", str(out))
    assert cli(*args).returncode == 0
    assert json.loads(out.read_text())["examples"] == 6
    again = cli(*args)
    assert again.returncode == 2 and "--force" in again.stderr
    assert cli(*args, "--force").returncode == 0


def test_stdin(cli):
    res = cli("data", "-", "--format", "json", stdin=(FIX / "completion_ok.jsonl").read_text())
    assert res.returncode == 0
    assert json.loads(res.stdout)["examples"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.jsonl",), "no such file"),
        ((str(FIX),), "is a directory"),
        ((str(FIX / "empty_file.jsonl"),), "is empty"),
        ((str(FIX / "blank_only.jsonl"),), "no records"),
        ((str(FIX / "chat_ok.jsonl"), "--task", "poetry"), "--task 'poetry' is unknown"),
        ((str(FIX / "chat_ok.jsonl"), "--max-seq-len", "0"), "must be at least 1"),
        ((str(FIX / "chat_ok.jsonl"), "--max-seq-len", "lots"), "not a whole number"),
        ((str(FIX / "chat_ok.jsonl"), "--data-format", "alpaca"), "invalid choice"),
        ((str(FIX / "chat_ok.jsonl"), "--workers", "0"), "must be at least 1"),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(cli, args, message):
    res = cli("data", *args)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_binary_file(cli, tmp_path):
    path = tmp_path / "data.jsonl.gz"
    import gzip

    path.write_bytes(gzip.compress(b'{"prompt": "a", "completion": "b"}\n'))
    res = cli("data", str(path))
    assert res.returncode == 2 and "gzip" in res.stderr and "Traceback" not in res.stderr


def test_a_large_file_reads_the_same_with_one_or_two_workers(cli, tmp_path):
    """Over the default threshold (32 MiB) `--workers 2` splits the file; the report is the
    same byte for byte, findings with their line numbers included."""
    from advisor.core import dataset as ds

    rows = []
    for i in range(260_000):
        k = i % 50_000  # every example comes back, far away: duplicates across ranges
        user = f"Question {k}: where is my order number {k * 7919}?"
        if i % 100_003 == 7:
            rows.append('{"messages": [')
        rows.append(
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": user.upper() if i % 3 else user},
                        {"role": "assistant", "content": f"It ships on day {k % 28}."},
                    ]
                }
            )
        )
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert path.stat().st_size >= ds.PARALLEL_MIN_BYTES
    assert ds._plan_workers(path, None, 2, ds.PARALLEL_MIN_BYTES) == 2
    one = cli("data", str(path), "--format", "json", "--workers", "1")
    two = cli("data", str(path), "--format", "json", "--workers", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    data = json.loads(two.stdout)
    assert data["counts"]["duplicate"] > 0 and data["counts"]["near_duplicate"] > 0
    assert data["counts"]["json"] == 3
