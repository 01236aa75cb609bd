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
        (("roi", "--queries-per-day", "1,5"), "must be a number; got '1,5'"),
        (("roi", "--draws", "2.5"), "--draws must be a whole number"),
        (("train", "--examples", "2.5"), "expected a whole number"),
        (("data", CHAT, "--max-seq-len", "2.5"), "'2.5' is not a whole number"),
    ],
)
def test_malformed_numbers_are_refused(cli, args, message):
    r = cli(*args)
    assert r.returncode == 2
    assert message in r.stderr
