"""The simulation's settings, read the same for `advisor roi` flags and the TUI's dialog."""

from __future__ import annotations

import pytest

from advisor.core.analyses import DRAWS, SPREAD, parse_options
from advisor.errors import InputError


def test_the_forms_a_user_types() -> None:
    assert parse_options("10,000", "0", "25") == (10_000, 0, 0.25)
    assert parse_options("2e3", "7", "12.5%") == (2000, 7, 0.125)
    assert parse_options(str(DRAWS), "0", str(SPREAD * 100)) == (DRAWS, 0, SPREAD)


@pytest.mark.parametrize(
    ("draws", "seed", "spread", "message"),
    [
        ("50", "0", "25", "--draws must be between 100 and 1,000,000; got 50"),
        ("many", "0", "25", "--draws must be a whole number; got 'many'"),
        ("1000", "-1", "25", "--seed must be between 0 and"),
        ("1000", "0", "100", "--spread must be above 0 and below 100 (percent); got '100'"),
        ("1000", "0", "wide", "--spread must be a percentage, e.g. 25; got 'wide'"),
        ("1000", "0", "nan", "--spread must be above 0 and below 100"),
    ],
)
def test_bad_settings_say_what_is_allowed(draws: str, seed: str, spread: str, message: str) -> None:
    with pytest.raises(InputError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_options(draws, seed, spread, prefix="--")
