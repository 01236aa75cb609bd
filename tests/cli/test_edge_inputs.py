"""Edge inputs a new user tries: one clear line, exit 2, never a traceback; listings as JSON."""

from __future__ import annotations

import json

import pytest


def _one_line_error(result, *needles: str) -> None:
    assert result.returncode == 2, (result.stdout[-400:], result.stderr[-400:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_roi_today_far_in_the_future_is_an_input_error(cli):
    # the horizon runs past year 9999: a ValueError escaped from the month arithmetic
    r = cli("roi", "--today", "9999-12-31", "--no-plot")
    _one_line_error(r, "--today", "9999-12-31", "2000-01-01", "2100-12-31")


def test_roi_today_long_ago_is_an_input_error(cli):
    r = cli("roi", "--today", "0001-01-01", "--no-plot")
    _one_line_error(r, "--today", "2000-01-01")


def test_roi_list_presets_as_json(cli):
    r = cli("roi", "--list-presets", "--format", "json")
    assert r.returncode == 0, r.stderr
    presets = json.loads(r.stdout)
    by_name = {p["name"]: p for p in presets}
    assert by_name["seed001-medium"]["seeds"] == ["001"]
    assert by_name["seed001-medium"]["title"]
    assert by_name["seed001-medium"]["description"]


def test_roi_list_inputs_as_json(cli):
    r = cli("roi", "--list-inputs", "--format", "json", "--set", "api.output_tokens=200..600")
    assert r.returncode == 0, r.stderr
    inputs = {row["path"]: row for row in json.loads(r.stdout)}
    assert inputs["queries_per_day"]["value"] == 1000
    assert inputs["queries_per_day"]["origin"] == "default"
    assert inputs["queries_per_day"]["range"] is None
    assert inputs["api.output_tokens"]["origin"] == "--set"
    assert inputs["api.output_tokens"]["range"].startswith("triangular 200..")


def test_roi_list_presets_in_chinese_says_seed_in_chinese(cli):
    r = cli("--lang", "zh", "roi", "--list-presets")
    assert r.returncode == 0, r.stderr
    assert "[种子 001]" in r.stdout and "[seed" not in r.stdout


def test_train_seq_zero_is_refused_not_ignored(cli):
    # --seq 0 fell through `or` to the default sequence length and ran as if not given
    r = cli("train", "--seq", "0")
    _one_line_error(r, "--seq", "at least 1")


def test_train_unknown_serve_gpu_names_the_serve_gpu_flag(cli):
    r = cli("train", "--queries-per-day", "100", "--serve-gpu", "nope")
    _one_line_error(r, "--serve-gpu 'nope'", "h100_sxm")


def test_data_workers_has_an_upper_limit(cli, tmp_path):
    # each worker is a process of ~20 MiB: --workers 100000 on a big file would start 100,000
    path = tmp_path / "train.jsonl"
    path.write_text('{"prompt": "a", "completion": "b"}\n', encoding="utf-8")
    r = cli("data", str(path), "--workers", "100000")
    _one_line_error(r, "--workers", "100000", "at most 64")
    assert cli("data", str(path), "--workers", "64").returncode == 0


@pytest.mark.parametrize(
    ("args", "prog"),
    [
        (("roi", "--bogus"), "advisor roi"),
        (("data", "x.jsonl", "--bogus"), "advisor data"),
        (("rules", "list", "--format", "json"), "advisor rules list"),
    ],
)
def test_unknown_option_points_at_the_commands_own_help(cli, args, prog):
    # it said "see `advisor --help`", whose page does not list the command's options
    r = cli(*args)
    _one_line_error(r, f"{prog}: error: unrecognized arguments:", f"see `{prog} --help`")


def test_data_findings_count_is_singular_for_one(cli, tmp_path):
    good = '{"prompt": "What is 2+2?", "completion": "4"}'
    path = tmp_path / "train.jsonl"
    path.write_text(f"{good}\n{{not json\n{good}\n", encoding="utf-8")
    r = cli("data", str(path), "--plain")
    assert r.returncode == 0, r.stderr
    assert "Findings: 1 error, 1 warning\n" in r.stdout


def test_rules_check_missing_folder_names_the_folder_not_rules_flag(cli, tmp_path):
    missing = tmp_path / "nope"
    r = cli("rules", "check", str(missing))
    _one_line_error(r, f"{missing}: no such directory")
    assert "--rules" not in r.stderr
    a_file = tmp_path / "tree.yaml"
    a_file.write_text("start: x\n", encoding="utf-8")
    r = cli("rules", "check", str(a_file))
    _one_line_error(r, f"{a_file}: is a file")
    assert "--rules" not in r.stderr


@pytest.mark.parametrize("written", ["5e3", "5.0e3", "5E+3"])
def test_scenario_numbers_in_e_notation_are_numbers(cli, tmp_path, written):
    # PyYAML (YAML 1.1) reads 5e3 and 5.0e3 as strings, so the scenario said
    # "queries_per_day must be a number; got '5e3'" while --set queries_per_day=5e3 worked
    path = tmp_path / "scenario.yaml"
    path.write_text(f"queries_per_day: {written}\n", encoding="utf-8")
    r = cli("roi", "--scenario", str(path), "--no-plot", "--plain", "--today", "2026-11-23")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ROI: 5,000 queries/day")


def test_quoted_numbers_in_a_scenario_are_still_text(cli, tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_text('queries_per_day: "5e3"\n', encoding="utf-8")
    _one_line_error(cli("roi", "--scenario", str(path)), "must be a number; got '5e3'")


def test_data_in_chinese_names_the_tokenizer_in_chinese(cli, tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text('{"prompt": "What is 2+2?", "completion": "4"}\n', encoding="utf-8")
    r = cli("--lang", "zh", "data", str(path), "--plain")
    assert r.returncode == 0, r.stderr
    assert "calibrated" not in r.stdout
    assert "估算（按 o200k_base 校准）" in r.stdout
    # scripts still get the stable identifier
    r = cli("--lang", "zh", "data", str(path), "--format", "json")
    assert json.loads(r.stdout)["tokenizer"] == "estimate (calibrated on o200k_base)"
