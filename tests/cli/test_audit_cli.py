"""Bad input found by a new user's walk through the README: one clear line, exit 2, no traceback."""

from __future__ import annotations


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
