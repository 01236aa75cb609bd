"""A negative number given to a numeric option reaches the option's own range check.

argparse takes `-7B`, `-1e3` or `-5,000` for an option name unless told otherwise, and then
says "expected one argument", which hides what was actually wrong.
"""

from __future__ import annotations

import pytest

from advisor.cli import NEGATIVE_NUMBER
from tests.conftest import DATA

CHAT = str(DATA / "datasets" / "chat_ok.jsonl")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("train", "--params", "-7B"), "--params must be at least"),
        (("train", "--examples", "-5,000"), "--examples must be at least 1"),
        (("train", "--seq", "-1e3"), "--seq must be at least 1"),
        (("train", "--mfu", "-.5"), "--mfu must be at least 0.01"),
        (("train", "--queries-per-day", "-1k"), "--queries-per-day must be"),
        (("roi", "--spread", "-25%"), "--spread must be above 0"),
        (("roi", "--queries-per-day", "-1_000"), "--queries-per-day"),
        (("data", CHAT, "--max-seq-len", "-1k"), "--max-seq-len"),
    ],
)
def test_negative_values_get_the_options_range_error(cli, args, message):
    r = cli(*args)
    assert r.returncode == 2
    assert message in r.stderr
    assert "expected one argument" not in r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("text", ["-7", "-0.5", "-.5", "-1e3", "-5,000", "-1_000", "-7B", "-25%"])
def test_negative_number_pattern_takes_numbers(text):
    assert NEGATIVE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["-h", "--help", "-x", "--params", "-", "-B", "-e3"])
def test_negative_number_pattern_leaves_options_alone(text):
    assert not NEGATIVE_NUMBER.match(text)
