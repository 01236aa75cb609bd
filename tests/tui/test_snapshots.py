"""SVG snapshots of each screen, built from tests/data/rules/tui_small (not the shipped rules).

Behaviour is asserted by the Pilot tests; these catch layout and styling regressions. After an
intended change, look at `snapshot_report.html`, then run `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from advisor.core.paths import RulesDirs
from tests.tui.conftest import SMALL_RULES, settle

SIZE = (80, 24)
LORA = ["2", "2", "enter", "enter"]  # tried, no knowledge gap, 500 examples, 1000 queries/day


@pytest.fixture
def small_app(make_app, small_rules):
    """A fresh app over the small rules (and their ROI scenario), in English or Chinese."""
    dirs = RulesDirs(SMALL_RULES)
    return lambda lang="en": make_app(small_rules, lang, dirs=dirs)


async def priced(pilot: Pilot) -> None:
    """Wait until the explorer has priced (the first pricing loads rules in a thread)."""
    await settle(pilot)


class TestQuestions:
    def test_first_question(self, snap_compare, small_app) -> None:
        """A choice question: numbered options, the option's help, the question's help."""
        assert snap_compare(small_app(), terminal_size=SIZE)

    def test_number_question_rejects_text(self, snap_compare, small_app) -> None:
        """A number question after "abc" + enter: red input, the range, the reason."""
        keys = ["2", "2", "ctrl+u", "a", "b", "c", "enter"]
        assert snap_compare(small_app(), press=keys, terminal_size=SIZE)

    def test_follow_up_names_the_recommendation(self, snap_compare, small_app) -> None:
        """A follow-up: the trail so far, progress, and where the answers lead."""
        assert snap_compare(small_app(), press=["2", "2", "enter"], terminal_size=SIZE)


class TestRecommendation:
    def test_recommendation(self, snap_compare, small_app) -> None:
        """The outcome, its summary and cost, then the report (80x24 hides the trail)."""
        assert snap_compare(small_app(), press=LORA, terminal_size=SIZE)

    def test_recommendation_in_chinese_wide(self, snap_compare, small_app) -> None:
        """Chinese at 120 columns: the trail sits beside the report."""

        async def scroll_to_the_trail(pilot: Pilot) -> None:
            await pilot.press(*LORA)
            await pilot.pause()
            pilot.app.screen.query_one("#report-scroll").scroll_to(y=12, animate=False)

        app = small_app("zh")
        assert snap_compare(app, run_before=scroll_to_the_trail, terminal_size=(120, 32))


class TestRoiExplorer:
    def test_explorer(self, snap_compare, small_app) -> None:
        """`r` on the recommendation: the answers' inputs, the starred option, table, verdict."""

        async def open_it(pilot: Pilot) -> None:
            await pilot.press(*LORA, "r")
            await priced(pilot)

        assert snap_compare(small_app(), run_before=open_it, terminal_size=SIZE)

    def test_explorer_in_chinese_wide_with_a_rejected_input(self, snap_compare, small_app) -> None:
        """120 columns: every column, the plot; an input the core rejects, with its message."""

        async def reject_a_value(pilot: Pilot) -> None:
            await pilot.press(*LORA, "r")
            await priced(pilot)
            await pilot.press("down", "ctrl+u", *"0", "enter")  # horizon: 0 months
            await priced(pilot)
            pilot.app.screen.query_one("#roi-results").scroll_to(y=3, animate=False)

        app = small_app("zh")
        assert snap_compare(app, run_before=reject_a_value, terminal_size=(120, 36))


class TestDialogs:
    def test_help(self, snap_compare, small_app) -> None:
        assert snap_compare(small_app(), press=["f1"], terminal_size=SIZE)

    def test_glossary(self, snap_compare, small_app) -> None:
        assert snap_compare(small_app(), press=["f2", "down"], terminal_size=SIZE)

    def test_too_small(self, snap_compare, small_app) -> None:
        assert snap_compare(small_app(), terminal_size=(50, 14))
