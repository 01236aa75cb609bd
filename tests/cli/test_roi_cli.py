"""`advisor roi` as a user runs it: reports, files, bad input, and what a warm run imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

TODAY = ("--today", "2026-11-23")


def test_text_report(cli):
    r = cli("roi", "--queries-per-day", "1000", "--plain", *TODAY)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for part in (
        "ROI: 1,000 queries/day over 12 months",
        "Break-even volumes",
        "Cheapest by volume",
        "Verdict",
        "Monthly cost vs queries/day",
        "How each option is priced",
        "Sources",
    ):
        assert part in out
    assert "\x1b" not in out


def test_plain_output_is_stable_and_ignores_the_terminal_size(cli):
    args = ("roi", "--plain", *TODAY)
    first = cli(*args, env={"COLUMNS": "40", "LINES": "10"}).stdout
    second = cli(*args, env={"COLUMNS": "250", "LINES": "80"}).stdout
    assert first == second and first


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_formats(cli, fmt):
    r = cli("roi", "--format", fmt, *TODAY)
    assert r.returncode == 0, r.stderr
    if fmt == "json":
        data = json.loads(r.stdout)
        assert data["cheapest"] in {"api", "rag", "finetune", "distill"}
    elif fmt == "csv":
        assert r.stdout.startswith("id,name,model,upfront_usd")
    else:
        assert r.stdout.startswith("# ROI:")


def test_seed_preset_through_the_cli(cli):
    r = cli("roi", "--preset", "seed001-medium", "--format", "json", *TODAY)
    data = json.loads(r.stdout)
    api = next(o for o in data["options"] if o["id"] == "api")
    assert api["monthly_cost_usd"] == pytest.approx(450)
    r = cli("roi", "--preset", "seed001-medium", "--plain", "--no-plot", *TODAY)
    assert "Preset: seed001-medium" in r.stdout
    assert "Monthly cost vs" not in r.stdout


def test_chinese(cli):
    r = cli("roi", "--lang", "zh", "--plain", "--cumulative", *TODAY)
    assert r.returncode == 0, r.stderr
    assert "盈亏平衡点" in r.stdout and "累计成本" in r.stdout


def test_out_is_atomic_and_does_not_clobber(cli, tmp_path):
    target = tmp_path / "report.md"
    r = cli("roi", "--format", "markdown", "--out", str(target), *TODAY)
    assert r.returncode == 0 and target.read_text().startswith("# ROI:")
    again = cli("roi", "--out", str(target), *TODAY)
    assert again.returncode == 2
    assert (
        again.stderr.strip()
        == f"advisor: error: {target} already exists; pass --force to overwrite it"
    )
    forced = cli("roi", "--out", str(target), "--force", "--no-plot", *TODAY)
    assert forced.returncode == 0 and "ROI:" in target.read_text()
    assert list(tmp_path.iterdir()) == [target]  # no temporary files left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--queries-per-day", "-5"), "--queries-per-day: queries_per_day must be >= 0"),
        (("--queries-per-day", "nan"), "must be a finite number"),
        (("--queries-per-day", "inf"), "must be a finite number"),
        (("--queries-per-day", "5e10"), "advisor does not model beyond it"),
        (("--queries-per-day", "many"), "must be a number; got 'many'"),
        (("--horizon-months", "0"), "horizon_months must be >= 1"),
        (("--set", "api.outptu_tokens=3"), "did you mean api.output_tokens"),
        (("--set", "api.output_tokens=lots"), "api.output_tokens must be a number"),
        (("--set", "api.output_tokens"), "expected PATH=VALUE"),
        (("--model", "gpt-4.1-mni"), "did you mean gpt-4.1-mini"),
        (("--preset", "seed9"), "unknown preset 'seed9'"),
        (("--scenario", "/nonexistent.yaml"), "no such scenario file"),
        (("--today", "2026-13-01"), "expected a date as YYYY-MM-DD"),
        (("--set", "distill.serving=self_hosted"), "distill.self_hosted.replica_monthly_usd"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    r = cli("roi", *TODAY, *args)
    assert r.returncode == 2, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("advisor: error: "), r.stderr
    assert message in lines[0]
    assert "Traceback" not in r.stderr


def test_unknown_model_with_hand_prices_works(cli):
    r = cli(
        "roi",
        "--model",
        "my-own-model",
        "--set",
        "api.price.input_per_mtok=0.4",
        "--set",
        "api.price.output_per_mtok=1.6",
        "--format",
        "json",
        *TODAY,
    )
    assert r.returncode == 0, r.stderr
    prices = json.loads(r.stdout)["prices"]["api"]
    assert prices["model"] == "my-own-model" and prices["library"] is None


def test_listings(cli):
    presets = cli("roi", "--list-presets")
    assert "seed000-medical-billing [seed 000]" in presets.stdout
    inputs = cli("roi", "--list-inputs", "--set", "api.output_tokens=5")
    assert "api.output_tokens = 5  [--set]" in inputs.stdout


def test_a_warm_run_imports_no_pydantic_rich_genai_prices_or_textual(cli):
    assert cli("roi", "--queries-per-day", "1000").returncode == 0  # fills the caches
    code = (
        "import sys, io, contextlib\n"
        "from advisor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['roi', '--queries-per-day', '1000'])\n"
        "heavy = [m for m in ('pydantic', 'rich', 'genai_prices', 'textual', 'yaml',\n"
        "         'annotated_types') if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "0 []", r.stdout + r.stderr


def test_core_never_imports_ui_libraries():
    code = (
        "import sys\n"
        "import advisor.core.roi_inputs, advisor.core.roi, advisor.core.pricing\n"
        "import advisor.report.roi, advisor.report.plot\n"
        "print([m for m in ('textual', 'rich', 'plotext') if m in sys.modules])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_scenario_key_given_twice_is_an_error(cli, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("api.output_tokens: 400\napi:\n  output_tokens: 500\n", encoding="utf-8")
    r = cli("roi", "--scenario", str(f), "--no-plot")
    assert r.returncode == 2
    assert r.stderr == (
        f"advisor: error: {f}:3: api.output_tokens is given twice (also line 1); keep one of them\n"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_footnote_is_not_a_bullet(cli, lang):
    r = cli(
        "--lang", lang, "roi", "--format", "markdown", "--uncertainty", "--draws", "200", *TODAY
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("* ", "+ "))]
    assert any(line.startswith("\\* ") for line in lines)
