"""format_number: one way to print a number in every message."""

from __future__ import annotations

import pytest

from advisor.core.numbers import (
    comma_hint,
    format_number,
    group_digits,
    misplaced_commas,
    parse_number,
    parse_whole,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1_048_576, "1,048,576"),
        (2e6, "2,000,000"),
        (1048576.0, "1,048,576"),
        (0, "0"),
        (-5000, "-5,000"),
        (0.25, "0.25"),
        (1234.5, "1,234.5"),
        (1e99, "1e+99"),
        (-1e99, "-1e+99"),
        (1e15, "1e+15"),
        (999_999_999_999_999, "999,999,999,999,999"),
        (1e-7, "1e-07"),
        (float("inf"), "inf"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("text", "grouped"),
    [
        ("100 to 10000", "100 to 10,000"),
        ("more than 10000", "more than 10,000"),
        ("100-10000 条", "100-10,000 条"),
        ("100-10000条", "100-10,000条"),
        ("10000 and 2000000.", "10,000 and 2,000,000."),
        ("already 10,000", "already 10,000"),
        ("1.5000", "1.5000"),
        ("x10000 and 1000x", "x10000 and 1000x"),
        ("fewer than 100", "fewer than 100"),
    ],
)
def test_group_digits(text, grouped):
    assert group_digits(text) == grouped


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1000", 1000),
        ("1,000", 1000),
        ("1_000", 1000),
        ("1e3", 1000),
        (" 2.5 ", 2.5),
        ("-1,234.5", -1234.5),
        ("12,345,678", 12345678),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1,5", "1,0000", "1,,000", ",100", "abc", "", "1e3,000"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5000", 5000),
        ("5,000", 5000),
        ("5_000", 5000),
        ("5e3", 5000),
        ("1.5e3", 1500),
        ("9,223,372,036,854,775,807", 2**63 - 1),  # exact, not through a float
    ],
)
def test_parse_whole(text, value):
    result = parse_whole(text)
    assert result == value and isinstance(result, int)


@pytest.mark.parametrize("text", ["2.5", "1e-3", "inf", "nan", "1,5"])
def test_parse_whole_refuses(text):
    with pytest.raises(ValueError):
        parse_whole(text)


@pytest.mark.parametrize(
    "text", ["1,5", "15,00", "1,,000", "1,0000", " -1,5 ", "1,5e3", "1,000.5,3"]
)
def test_misplaced_commas_are_named(text):
    assert misplaced_commas(text)
    assert comma_hint(text) == "; commas must group thousands, as in 1,500"


@pytest.mark.parametrize("text", ["1,000", "1500", "1.5", "1,000x", "a,b", ",", "", "abc"])
def test_other_refusals_get_no_comma_hint(text):
    assert not misplaced_commas(text)
    assert comma_hint(text) == ""
