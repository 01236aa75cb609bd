"""Text layout: CJK widths, wrapping rules, tables that fit."""

from __future__ import annotations

import pytest

from advisor.report.text import Style, md_paragraph, report_width, table, width, wrap


def test_wide_characters_count_twice():
    assert width("微调") == 4 and width("LoRA 微调") == 9
    assert width("\x1b[1mbold\x1b[0m") == 4


def test_wrap_never_exceeds_the_width_and_keeps_punctuation_off_line_starts():
    text = "决策树 B（种子 002）：领域专业知识、100-10000 条数据 → LoRA 微调。" * 3
    for cols in (10, 17, 23, 40):
        lines = wrap(text, cols)
        assert all(width(line) <= cols for line in lines)
        assert not any(line[:1] in "，。、；：？！）" for line in lines)


def test_wrap_breaks_a_word_longer_than_the_line():
    lines = wrap("see /a/very/long/path/that/does/not/fit.jsonl now", 12)
    assert all(width(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == "see/a/very/long/path/that/does/not/fit.jsonlnow"


def test_table_fits_its_width_without_breaking_numbers():
    rows = [["distill (cheapest)", "$90.64", "$0.000162", "2.5 months"]] * 3
    text = table(["Option", "One-off", "Per query", "Payback"], rows, max_width=48)
    assert all(width(line) <= 48 for line in text.splitlines())
    assert "$0.000162" in text


def test_plain_reports_have_a_stable_width():
    assert report_width(Style(color=False)) == 100


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("* monthly = fixed + ...", "\\* monthly = fixed + ..."),
        ("- a", "\\- a"),
        ("+ b", "\\+ b"),
        ("# h", "\\# h"),
        ("### h", "\\### h"),
        ("> q", "\\> q"),
        ("1. one", "1\\. one"),
        ("12) x", "12\\) x"),
        ("  * indented", "  \\* indented"),
        ("* 每月 = 固定", "\\* 每月 = 固定"),
    ],
)
def test_md_paragraph_escapes_block_markers(text, escaped):
    assert md_paragraph(text) == escaped


@pytest.mark.parametrize(
    "text", ["#tag", "1.5 GB", "354.9/day", "-5 dollars", "*emphasis*", "a * b", "    * code", ""]
)
def test_md_paragraph_leaves_ordinary_text_alone(text):
    assert md_paragraph(text) == text


def test_md_paragraph_is_one_line():
    assert md_paragraph("a\nb") == "a b"
