"""`advisor roi --uncertainty / --sensitivity` and value inputs, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

TODAY = ("--today", "2026-11-23")
FAST = ("--draws", "2000")


def test_uncertainty_text_report_and_band_plot(cli):
    r = cli("roi", "--plain", "--uncertainty", *FAST, *TODAY)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for part in (
        "Uncertainty: 2,000 draws (seed 0)",
        "No input has a range, so the key inputs of cost_model.md §E.7 vary by ±25%",
        "*.output_tokens (x4)",
        "P(cheapest)",
        "Payback P10 / P50 / P90",
        "Break-even volumes over the draws",
        "api -> distill",
        "·: P10-P90)",
    ):
        assert part in out, part
    assert "\x1b" not in out


def test_plain_uncertainty_output_is_byte_stable(cli):
    args = ("roi", "--plain", "--uncertainty", "--sensitivity", *FAST, *TODAY)
    first = cli(*args, env={"COLUMNS": "40"}).stdout
    second = cli(*args, env={"COLUMNS": "200"}).stdout
    assert first == second and "Sensitivity (one-way)" in first


def test_the_seed_decides_the_draws(cli):
    args = ("roi", "--format", "json", "--uncertainty", *FAST, *TODAY)
    args += ("--set", "queries_per_day=100..1000")
    a = json.loads(cli(*args, "--seed", "1").stdout)["uncertainty"]
    b = json.loads(cli(*args, "--seed", "1").stdout)["uncertainty"]
    c = json.loads(cli(*args, "--seed", "2").stdout)["uncertainty"]
    assert a == b and a["options"] != c["options"]
    assert sum(o["p_cheapest"] for o in a["options"]) == pytest.approx(1)


def test_json_sections(cli):
    r = cli(
        "roi",
        "--format",
        "json",
        "--uncertainty",
        "--sensitivity",
        *FAST,
        "--set",
        "api.accuracy=0.95",
        "--set",
        "distill.accuracy=0.9",
        "--set",
        "value.error_cost_usd=0.01",
        *TODAY,
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    u, s, v = data["uncertainty"], data["sensitivity"], data["value"]
    assert u["draws"] == 2000 and u["default_spread"] == 0.25
    be = next(b for b in u["break_even"] if (b["below"], b["above"]) == ("api", "distill"))
    assert set(be["queries_per_day"]) == {"p10", "p50", "p90"}
    assert s["break_even_pair"] == ["api", "distill"] and s["rows"]
    assert v["break_even_accuracy"][0]["cheaper"] == "distill"


def test_markdown_and_csv(cli):
    md = cli("roi", "--format", "markdown", "--uncertainty", "--sensitivity", *FAST, *TODAY)
    assert md.returncode == 0, md.stderr
    assert "## Uncertainty: 2,000 draws" in md.stdout and "| Option | P(cheapest) |" in md.stdout
    assert "### What moves the verdict" in md.stdout
    csv = cli("roi", "--format", "csv", "--uncertainty", *FAST, *TODAY)
    head = csv.stdout.splitlines()[0]
    assert head.endswith(
        "p_cheapest,monthly_cost_p10,monthly_cost_p50,monthly_cost_p90,"
        "payback_p10,payback_p50,payback_p90"
    )


def test_chinese(cli):
    r = cli("roi", "--lang", "zh", "--plain", "--uncertainty", "--sensitivity", *FAST, *TODAY)
    assert r.returncode == 0, r.stderr
    assert "不确定性" in r.stdout and "敏感性" in r.stdout and "三角分布" in r.stdout


def test_value_section_needs_no_flag(cli):
    r = cli("roi", "--plain", "--no-plot", "--set", "distill.accuracy=0.9", *TODAY)
    assert "Value: cost per successful task" in r.stdout
    assert "value.error_cost_usd" in r.stdout  # says what to set for break-even accuracies


def test_ranges_without_the_flags_leave_a_hint(cli):
    r = cli("roi", "--plain", "--no-plot", "--set", "api.output_tokens=200..600", *TODAY)
    assert r.returncode == 0 and "1 input(s) have ranges; add --uncertainty" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--uncertainty", "--draws", "5"), "--draws must be between 100 and 1,000,000"),
        (("--uncertainty", "--draws", "many"), "--draws must be a whole number"),
        (("--uncertainty", "--seed", "-1"), "--seed must be between 0"),
        (("--sensitivity", "--spread", "0"), "--spread must be above 0 and below 100"),
        (("--sensitivity", "--spread", "nan"), "--spread must be above 0 and below 100"),
        (("--set", "api.output_tokens=600..200"), "low 600 is above high 200"),
        (("--set", "api.output_tokens=nan..600"), "must be a finite number"),
        (("--set", "api.outptu_tokens=1..2"), "did you mean api.output_tokens"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    r = cli("roi", *TODAY, *args)
    assert r.returncode == 2, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("advisor: error: "), r.stderr
    assert message in lines[0]


def test_a_plain_run_imports_none_of_the_uncertainty_modules(cli):
    assert cli("roi").returncode == 0  # fills the caches
    code = (
        "import sys, io, contextlib\n"
        "from advisor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['roi', '--queries-per-day', '1000'])\n"
        "mods = ('advisor.core.ranges', 'advisor.core.kernel', 'advisor.core.uncertainty',\n"
        "        'advisor.report.uncertainty', 'random', 'statistics')\n"
        "print(rc, [m for m in mods if m in sys.modules])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "0 []", r.stdout + r.stderr
