"""Every numeric option takes the same forms: 1000, 1,000, 1_000 and 1e3 (when whole)."""

from __future__ import annotations

import pytest

from tests.conftest import DATA

CHAT = str(DATA / "datasets" / "chat_ok.jsonl")
FORMS = ["1,000", "1_000", "1e3"]

OPTIONS = [
    ("roi", "--queries-per-day", "--no-plot", "--today", "2026-01-01"),
    ("roi", "--draws", "--sensitivity", "--no-plot", "--today", "2026-01-01"),
    ("roi", "--seed", "--no-plot", "--today", "2026-01-01"),
    ("train", "--examples", "--no-seeds"),
    ("train", "--seq", "--no-seeds"),
    ("train", "--queries-per-day", "--no-seeds"),
    ("data", "--max-seq-len", CHAT),
    ("data", "--max-listed", CHAT),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: f"{o[0]} {o[1]}")
def test_numeric_options_take_every_form(cli, option, form):
    command, flag, *rest = option
    r = cli(command, flag, form, *rest)
    assert r.returncode == 0, r.stderr


def test_roi_set_takes_thousands_separators(cli):
    r = cli("roi", "--set", "api.output_tokens=1,000", "--list-inputs")
    assert r.returncode == 0, r.stderr
    assert "api.output_tokens = 1000  [--set]" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("roi", "--queries-per-day", "1,5"),
            "must be a number; got '1,5'; commas must group thousands, as in 1,500",
        ),
        (("roi", "--draws", "2.5"), "--draws must be a whole number"),
        (("train", "--examples", "2.5"), "expected a whole number"),
        (("data", CHAT, "--max-seq-len", "2.5"), "'2.5' is not a whole number"),
    ],
)
def test_malformed_numbers_are_refused(cli, args, message):
    r = cli(*args)
    assert r.returncode == 2
    assert message in r.stderr


HINT = "commas must group thousands, as in 1,500"


@pytest.mark.parametrize(
    "option",
    [
        *OPTIONS,
        ("roi", "--horizon-months", "--no-plot"),
        ("roi", "--spread", "--no-plot"),
        ("train", "--epochs", "--no-seeds"),
        ("train", "--params", "--no-seeds"),
        ("train", "--tokens-in", "--queries-per-day", "1000", "--no-seeds"),
    ],
    ids=lambda o: f"{o[0]} {o[1]}",
)
def test_a_misplaced_comma_is_explained_in_one_line(cli, option):
    command, flag, *rest = option
    r = cli(command, flag, "1,5", *rest)
    assert r.returncode == 2, r.stdout
    assert r.stderr.count("\n") == 1, r.stderr
    assert "'1,5'" in r.stderr and HINT in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("roi", "--set", "api.output_tokens=1,5", "--list-inputs"),
        ("roi", "--set", "api.output_tokens=1,5..2,000", "--list-inputs"),
        ("train", "--params", "1,5B", "--no-seeds"),
        ("roi", "--spread", "1,5%", "--no-plot"),
    ],
)
def test_a_misplaced_comma_in_other_forms_is_explained(cli, args):
    r = cli(*args)
    assert r.returncode == 2, r.stdout
    assert r.stderr.count("\n") == 1, r.stderr
    assert HINT in r.stderr


def test_an_answer_with_a_misplaced_comma_is_explained(cli, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("queries_per_day: '1,5'\n")
    r = cli("decide", "--answers", str(answers))
    assert r.returncode == 2
    assert f"answer '1,5' to 'queries_per_day' is not a number ({HINT}); allowed:" in r.stderr


@pytest.mark.parametrize("value", ["1,000x", "a,b"])
def test_well_placed_or_irrelevant_commas_get_no_hint(cli, value):
    r = cli("roi", "--queries-per-day", value, "--no-plot")
    assert r.returncode == 2
    assert "commas" not in r.stderr
