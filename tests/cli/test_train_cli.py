"""`advisor train` as a user runs it: reports, JSON, the seeds' arithmetic, bad input."""

from __future__ import annotations

import json

import pytest


def test_help_explains_and_gives_examples(cli):
    result = cli("train", "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    assert "advisor train --model qwen2.5-7b --method qlora" in result.stdout
    assert "--queries-per-day" in result.stdout


def flat(text: str) -> str:
    """The report with its line breaks undone (wrapped sentences are searched whole)."""
    return " ".join(text.split())


def test_default_report_says_it_is_an_estimate_and_from_what(cli):
    result = cli("train", "--plain")
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 100 for line in result.stdout.splitlines())
    out = flat(result.stdout)
    assert out.startswith("Training estimate: Llama 3.1 8B")
    assert "Estimate, not a measurement." in out
    assert "measured LoRA runs on one H100 SXM 80GB" in out
    assert "gpu_training_throughput_h100.jsonl" in out
    for section in ("Memory on one GPU", "By GPU", "Seeds side by side", "Sources"):
        assert section in out
    assert "Seed 002: open-model fine-tuning cost" in out
    assert "Llama-3-8B + LoRA" in out and "$4.00-$8.00" in out


def test_seed_001_arithmetic_on_the_command_line(cli):
    result = cli(
        "train", "--params", "7e9", "--gpu", "4090", "--hours", "8", "--price-tier", "seed001"
    )
    assert result.returncode == 0, result.stderr
    assert "8.00 GPU-h x $0.60/GPU-h (seed 001) = $4.80" in flat(result.stdout)
    data = json.loads(
        cli(
            "train",
            "--params",
            "7B",
            "--gpu",
            "rtx_4090",
            "--hours",
            "8",
            "--usd-per-hour",
            "0.6",
            "--format",
            "json",
        ).stdout
    )
    assert data["chosen"]["cost_usd"] == 4.8


def test_json_has_the_estimate_the_calibration_and_the_seeds(cli):
    result = cli("train", "--model", "qwen2.5-7b", "--method", "qlora", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "training_estimate"
    assert data["job"]["method"] == "qlora"
    assert len(data["options"]) == 8
    assert len(data["calibration"]) == 6
    assert all(
        abs(c["speed_error"]) <= 0.25 for c in data["calibration"] if c["speed_error"] is not None
    )
    assert {s["seed"] for s in data["seeds"]} == {"001", "002"}
    assert data["basis"][0].startswith("Estimate, not a measurement.")
    assert any(w["code"] == "qlora_speed" for w in data["warnings"])


def test_calibration_table_and_chinese(cli):
    result = cli("train", "--calibration", "--no-seeds", "--lang", "zh", "--plain")
    assert result.returncode == 0, result.stderr
    assert "这是估算，不是实测。" in result.stdout
    assert "llama-3.1-8b lora 16x512" in result.stdout
    assert "显存不足" in result.stdout
    assert "medium" not in result.stdout


def test_serving_section_with_a_volume(cli):
    result = cli(
        "train",
        "--queries-per-day",
        "20000",
        "--tokens-in",
        "800",
        "--tokens-out",
        "200",
        "--serve-gpu",
        "h100",
        "--no-seeds",
        "--plain",
    )
    assert result.returncode == 0, result.stderr
    assert "Serving Llama 3.1 8B" in result.stdout
    assert "* 1 replica(s) of 1 x H100 SXM 80GB" in flat(result.stdout)
    assert "step function" in flat(result.stdout)
    data = json.loads(cli("train", "--queries-per-day", "5e6", "--ha", "--format", "json").stdout)
    chosen = next(p for p in data["serving"]["plans"] if p["gpu"] == data["serving"]["chosen"])
    assert chosen["replicas"] >= 2
    assert (chosen["tokens_in"], chosen["tokens_out"]) == (600, 300)  # serving.yaml defaults


def test_list_and_out_file(cli, tmp_path):
    listing = cli("train", "--list")
    assert listing.returncode == 0
    assert "llama-3.1-70b" in listing.stdout and "rtx_3090" in listing.stdout
    target = tmp_path / "estimate.txt"
    first = cli("train", "--out", str(target))
    assert first.returncode == 0 and target.read_text(encoding="utf-8").startswith("Training")
    again = cli("train", "--out", str(target))
    assert again.returncode == 2
    assert cli("train", "--out", str(target), "--force").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "llama-3.1-8"], "did you mean llama-3.1-8b"),
        (["--model", "gpt-4o"], "unknown model"),
        (["--gpu", "h1000"], "did you mean"),
        (["--examples", "0"], "--examples must be at least 1"),
        (["--examples", "-100"], "--examples must be at least 1"),
        (["--examples", "abc"], "expected a number"),
        (["--tokens-per-example", "nan"], "finite"),
        (["--tokens-per-example", "inf"], "finite"),
        (["--epochs", "0"], "--epochs"),
        (["--params", "1e15"], "--params must be"),
        (["--params=-7e9"], "--params must be"),
        (["--batch", "1e9"], "--batch must be"),
        (["--seq", "2.5"], "whole number"),
        (["--mfu", "1.5"], "--mfu"),
        (["--usd-per-hour", "-1"], "--usd-per-hour"),
        (["--hours", "0"], "--hours"),
        (["--price-tier", "free"], "--price-tier"),
        (["--gpus", "2"], "--gpus needs --gpu"),
        (["--hours", "8"], "give it with --gpu"),
        (["--tokens-in", "500"], "give --queries-per-day"),
        (["--queries-per-day", "-5"], "--queries-per-day"),
        (
            [
                "--queries-per-day",
                "1000",
                "--serve-gpu",
                "l4",
                "--model",
                "llama-3.1-70b",
                "--tokens-in",
                "100000",
            ],
            "does not fit",
        ),
        (["--model", "llama-3.1-8b", "--params", "7e9"], "not allowed with"),
        (["--method", "dpo"], "invalid choice"),
        (["--rules", "/nonexistent"], "no such directory"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    result = cli("train", *args)
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_job_that_does_not_fit_the_users_gpu_says_what_would(cli):
    result = cli(
        "train",
        "--model",
        "llama-3.1-70b",
        "--method",
        "full",
        "--gpu",
        "4090",
        "--gpus",
        "1",
        "--no-seeds",
        "--plain",
    )
    assert result.returncode == 0, result.stderr
    assert "Does not fit:" in flat(result.stdout)
    assert "It needs" in flat(result.stdout)


def test_limits_are_printed_with_thousands_separators(cli):
    r = cli("train", "--seq", "2000000")
    assert r.returncode == 2
    assert "at most 1,048,576; got 2,000,000" in r.stderr
    assert "e+" not in r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--epochs", "1e-9"], "--epochs must be at least 0.01 and at most 1,000; got 1e-09"),
        (["--epochs", "0.005"], "--epochs must be at least 0.01 and at most 1,000; got 0.005"),
        (["--mfu", "0.0000001"], "--mfu must be at least 0.01 and at most 1; got 1e-07"),
        (["--mfu", "0.009"], "--mfu must be at least 0.01 and at most 1; got 0.009"),
    ],
)
def test_epochs_and_mfu_have_sensible_lower_limits(cli, args, message):
    r = cli("train", "--no-seeds", *args)
    assert r.returncode == 2, r.stdout
    assert r.stderr == f"advisor: error: {message}\n"


def test_epochs_and_mfu_at_their_lower_limits_run(cli):
    r = cli("train", "--no-seeds", "--epochs", "0.01", "--mfu", "0.01", "--format", "json")
    assert r.returncode == 0, r.stderr


def test_list_headers_are_translated(cli):
    r = cli("--lang", "zh", "train", "--list")
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[1]
    assert "名称" in header and "参数量" in header and "别名" in header
    assert not {"name", "params", "aliases"} & set(header.replace("│", " ").split())
    gpu_header = next(line for line in r.stdout.splitlines() if "--gpu" in line)
    assert "名称" in gpu_header and "name" not in gpu_header
