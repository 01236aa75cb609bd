"""The ROI explorer's uncertainty, sensitivity and value, driven by key presses.

The numbers are the core's (`tests/tui/test_explorer.py` checks they equal `advisor roi`'s);
these tests check what the user does and sees: a range typed in a row, f4 and f5, the band on
the plot, the tornado, recomputing after an edit, and the same in the saved report.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from advisor.report import uncertainty as unc
from advisor.tui.screens.roi import RoiScreen
from advisor.tui.widgets.roi_plot import RoiPlot, RoiTornado
from tests.tui.conftest import settle
from tests.tui.test_roi import WIDE, open_explorer, search_input, shown, type_into


def note(screen: RoiScreen) -> str:
    static = screen.query_one("#roi-analysis-note", Static)
    return str(static.content) if static.display else ""


async def test_a_range_is_hinted_then_simulated_with_f4(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        await type_into(pilot, screen, "api.output_tokens", "200..600")
        assert "1 input(s) are ranges" in note(screen)
        assert not screen.query_one("#roi-uncertainty").display
        assert screen.query_one(RoiPlot)._shown[2] is None  # no band yet

        await pilot.press("f4")
        await settle(pilot)
        ex = screen.explorer
        analyses = ex.current()
        assert analyses is not None and analyses.uncertainty is not None
        u = analyses.uncertainty
        assert [r.path for r in u.ranges] == ["api.output_tokens"]
        assert screen.query_one("#roi-uncertainty").display
        text = shown(screen, "#roi-uncertainty")
        assert "Uncertainty: 10,000 draws (seed 0)" in text
        assert unc.verdict_text(u, "en").split(" in ")[0] in text.replace("\n", " ")
        assert screen.query_one(RoiPlot)._shown[2] is u  # the band belongs to these numbers
        assert note(screen) == ""

        # An edit re-simulates at the new volume.
        await type_into(pilot, screen, "queries_per_day", "40000")
        again = ex.current()
        assert again is not None and again.uncertainty is not None
        assert again.uncertainty.queries_per_day == 40000
        assert "40,000 queries/day" in shown(screen, "#roi-uncertainty").replace("\n", " ")

        await pilot.press("f4")
        await settle(pilot)
        assert not screen.query_one("#roi-uncertainty").display
        assert screen.query_one(RoiPlot)._shown[2] is None


async def test_f5_ranks_what_moves_the_verdict_with_a_tornado(make_app) -> None:
    """With no range typed, the sensitivity varies the key inputs by 25%, as the CLI does."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        assert not screen.query_one(RoiTornado).display
        await pilot.press("f5")
        await settle(pilot)
        analyses = screen.explorer.current()
        assert analyses is not None and analyses.sensitivity is not None
        s = analyses.sensitivity
        assert s.default_spread == 0.25 and s.rows
        text = shown(screen, "#roi-sensitivity")
        assert "Sensitivity (one-way)" in text
        assert s.rows[0].input in text
        tornado = screen.query_one(RoiTornado)
        assert tornado.display and tornado._shown is not None and tornado._shown[0] is s
        assert screen.query_one(RoiPlot)._shown[2] is None  # f5 alone draws no band


async def test_value_inputs_show_the_value_section(make_app) -> None:
    """Accuracy and a cost per wrong answer, pinned with the input search, add value."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        assert not screen.query_one("#roi-value").display
        edits = (
            ("api.accuracy", "0.95"),
            ("distill.accuracy", "0.9"),
            ("value.error_cost_usd", "2"),
        )
        for path, text in edits:
            await search_input(pilot, path)
            await pilot.press("ctrl+u", *text, "enter")
            await settle(pilot)
        analyses = screen.explorer.current()
        assert analyses is not None and analyses.value is not None
        assert analyses.uncertainty is None and analyses.sensitivity is None
        assert screen.query_one("#roi-value").display
        assert "Value" in shown(screen, "#roi-value")


async def test_the_report_saved_from_the_explorer_has_the_simulation(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        await type_into(pilot, screen, "api.output_tokens", "200..600")
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("ctrl+u", *"roi.md", "enter")
        await settle(pilot)
        text = Path("roi.md").read_text()
        assert "Uncertainty: 10,000 draws" in text and "P(cheapest)" in text


async def test_f6_sets_draws_seed_and_spread_as_advisor_roi_takes_them(make_app) -> None:
    from advisor.core import roi_inputs, uncertainty
    from advisor.tui.screens.simulation import SimulationScreen
    from tests.tui.conftest import TODAY

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SimulationScreen)
        await pilot.press("ctrl+u", *"50", "enter")  # too few draws: said, and kept open
        await pilot.pause()
        assert app.screen is dialog and dialog.has_class("-invalid")
        assert "draws must be between 100 and 1,000,000; got 50" in str(
            dialog.query_one("#dialog-hint", Static).content
        )
        await pilot.press("ctrl+u", *"2,000", "tab", "ctrl+u", "7", "tab", "ctrl+u", *"40", "enter")
        await settle(pilot)
        assert app.screen is screen
        ex = screen.explorer
        assert ex.simulation == (2000, 7, 0.4)
        got = ex.current()
        assert got is not None and got.uncertainty is not None
        assert (got.uncertainty.draws, got.uncertainty.seed) == (2000, 7)
        inputs = roi_inputs.build()
        want = uncertainty.simulate(
            inputs, roi_inputs.compute_result(inputs, today=TODAY), draws=2000, seed=7, spread=0.4
        )
        assert [o.p_cheapest for o in got.uncertainty.options] == [
            o.p_cheapest for o in want.options
        ]
        assert "2,000 draws (seed 7)" in shown(screen, "#roi-uncertainty")
        assert "--uncertainty --draws 2000 --seed 7 --spread 40" in ex.scenario_yaml()
