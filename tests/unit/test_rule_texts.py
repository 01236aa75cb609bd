"""A number answer and the range it fell in print their digits the same way (2,500; 10,000)."""

from __future__ import annotations

import re

import pytest

from advisor.core.engine import Step
from advisor.report.decision import answer_text
from advisor.report.graph import mermaid

#: A run of four or more digits with no thousands separator (not inside a longer number).
BARE = re.compile(r"(?<![\d,.])\d{4,}(?![\d,])")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_number_answer_and_its_range_share_one_format(rules, lang):
    q = next(q for q in rules.tree.questions if q.id == "training_examples")
    branch = next(b for b in q.branches if b.max == 10000)
    step = Step(q, 2500.0, branch.label, branch.next, branch.reason, branch.seeds)
    text = answer_text(q, step, lang)
    assert "2,500" in text and "10,000" in text
    assert not BARE.search(text)


def test_a_huge_number_answer_is_compact(rules):
    q = next(q for q in rules.tree.questions if q.id == "queries_per_day")
    assert answer_text(q, Step(q, 1e99, None, None, None, ()), "en").startswith("1e+99")


def test_graph_range_labels_share_the_format(rules):
    text = mermaid(rules, "en")
    assert '"100 to 10,000"' in text and '"more than 10,000"' in text
