"""`--dataset FILE` feeds a real training file's size into `advisor roi` and `advisor train`."""

from __future__ import annotations

import json

from tests.conftest import DATA

CHAT = DATA / "datasets" / "chat_ok.jsonl"


def _numbers(cli):
    data = json.loads(cli("data", str(CHAT), "--format", "json").stdout)
    return data


def test_roi_takes_examples_and_tokens_from_the_file(cli):
    result = cli("roi", "--dataset", str(CHAT), "--format", "json")
    assert result.returncode == 0, result.stderr
    inputs = {a["path"]: a for a in json.loads(result.stdout)["assumptions"]}
    report = _numbers(cli)
    assert inputs["finetune.examples"]["value"] == report["examples"]
    assert inputs["finetune.examples"]["source"].startswith(f"--dataset {CHAT}")
    assert inputs["finetune.tokens_per_example"]["value"] == round(
        report["tokens_per_example_mean"]
    )


def test_set_still_wins_over_the_dataset(cli):
    result = cli(
        "roi", "--dataset", str(CHAT), "--set", "finetune.examples=777", "--format", "json"
    )
    inputs = {a["path"]: a for a in json.loads(result.stdout)["assumptions"]}
    assert inputs["finetune.examples"]["value"] == 777


def test_train_takes_examples_tokens_and_length_from_the_file(cli):
    result = cli("train", "--dataset", str(CHAT), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    report = _numbers(cli)
    assert data["job"]["examples"] == report["examples"]
    assert data["job"]["tokens_per_example"] == report["tokens_per_example_mean"]
    assert data["job"]["seq_len"] >= report["tokens"]["max"]
    text = cli("train", "--dataset", str(CHAT), "--plain").stdout
    assert f"come from {CHAT}" in text


def test_unusable_dataset_is_one_line_exit_2(cli, tmp_path):
    for path in (DATA / "datasets" / "empty_file.jsonl", tmp_path / "missing.jsonl"):
        for command in ("roi", "train"):
            result = cli(command, "--dataset", str(path))
            assert result.returncode == 2, (command, path, result.stdout)
            assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_roi_self_hosted_flag(cli):
    result = cli("roi", "--self-hosted", "h100", "--queries-per-day", "50000", "--format", "json")
    assert result.returncode == 0, result.stderr
    inputs = {a["path"]: a for a in json.loads(result.stdout)["assumptions"]}
    assert inputs["distill.serving"]["value"] == "self_hosted"
    bad = cli("roi", "--self-hosted", "h999")
    assert bad.returncode == 2 and "unknown GPU" in bad.stderr
