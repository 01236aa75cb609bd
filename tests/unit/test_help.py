"""Every option explains itself, and a limited one states its limits."""

from __future__ import annotations

import argparse

import pytest

from advisor.cli import build_parser
from advisor.core.numbers import format_number
from advisor.core.training import FLAGS, LIMITS


def _parsers():
    """(name, parser) for the top level, every command and every `rules` action."""
    top = build_parser()
    out = [("advisor", top)]
    todo = [("advisor", top)]
    while todo:
        name, parser = todo.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    out.append((f"{name} {sub_name}", sub))
                    todo.append((f"{name} {sub_name}", sub))
    return out


def _help_of(command: str, flag: str) -> str:
    parser = dict(_parsers())[command]
    action = next(a for a in parser._actions if flag in a.option_strings)
    return action.help or ""


@pytest.mark.parametrize("name_parser", _parsers(), ids=lambda np: np[0])
def test_every_option_has_help(name_parser):
    name, parser = name_parser
    missing = [
        "/".join(a.option_strings) or a.dest
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction)
        and (not a.help or a.help == argparse.SUPPRESS)
    ]
    assert missing == [], f"{name}: options without help"


@pytest.mark.parametrize(
    ("command", "flag", "limits"),
    [
        ("advisor roi", "--queries-per-day", "0 to 1,000,000,000"),
        ("advisor roi", "--horizon-months", "1 to 120"),
        ("advisor roi", "--days-per-month", "28 to 31"),
        ("advisor roi", "--draws", "100 to 1,000,000"),
        ("advisor roi", "--seed", "0 to 2**63-1"),
        ("advisor roi", "--spread", "above 0 and below 100"),
        ("advisor train", "--params", "1M to 10T"),
        ("advisor train", "--epochs", "0.01 to 1,000"),
        ("advisor train", "--mfu", "0.01 to 1"),
        ("advisor train", "--queries-per-day", "0 to 10,000,000,000"),
        ("advisor train", "--tokens-in", "0 to 1,000,000"),
        ("advisor train", "--tokens-out", "1 to 1,000,000"),
        ("advisor train", "--peak-to-avg", "1 to 1,000"),
        ("advisor data", "--max-seq-len", "at least 1"),
        ("advisor data", "--max-listed", "at least 0"),
        ("advisor data", "--workers", "1 to 64"),
        ("advisor rules check", "--rules", "DIR"),
        ("advisor rules check", "--lang", "language"),
    ],
)
def test_limited_options_state_their_limits(command, flag, limits):
    assert limits in _help_of(command, flag)


@pytest.mark.parametrize("name", sorted(set(LIMITS) - {"params"}))
def test_train_help_matches_the_limits_it_checks(name):
    low, high = LIMITS[name]
    text = _help_of("advisor train", FLAGS[name])
    lower = "above 0" if 0 < low < 1e-6 else f"{format_number(low)} to"
    assert lower in text and format_number(high) in text, text
