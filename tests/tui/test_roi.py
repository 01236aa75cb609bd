"""The ROI explorer, driven by key presses: it prices what `advisor roi` prices, live.

Every expectation is computed with the core (`roi_inputs.build` + `compute_result`) for the same
inputs and the same pinned date, so these tests check the wiring, not the cost model.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from advisor.core import roi_inputs
from advisor.core.roi import RoiResult
from advisor.report import roi as report
from advisor.tui.app import AdvisorApp
from advisor.tui.screens.confirm import ConfirmScreen
from advisor.tui.screens.path_prompt import PathScreen
from advisor.tui.screens.roi import RoiScreen
from advisor.tui.screens.too_small import TooSmallScreen
from advisor.tui.widgets.roi_inputs import InputRow, row_id
from tests.conftest import run_cli
from tests.tui.conftest import TODAY, settle
from tests.tui.test_navigation import SIZE, outcome_id, walk

# Domain expertise, 600 examples, 2,500 queries/day, default budget, then the follow-ups.
LORA = ["3", "2", "2", "600", "2500", "=", "1", "1", "1"]
WIDE = (130, 40)


async def open_explorer(pilot: Pilot, keys: list[str] | None = None) -> RoiScreen:
    """Answer `keys` (a recommendation, then `r`), or open the explorer at once with f3."""
    if keys:
        await walk(pilot, keys)
        assert outcome_id(pilot.app) == "lora"
        await pilot.press("r")
    else:
        await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RoiScreen)
    assert screen.explorer.result is not None
    return screen


def expected(*flags: tuple[str, str], preset: str | None = None) -> RoiResult:
    """What `advisor roi` computes for these inputs on the tests' date."""
    inputs = roi_inputs.build(preset=preset, flags=[(p, v, "test") for p, v in flags])
    return roi_inputs.compute_result(inputs, today=TODAY)


def same_numbers(a: RoiResult, b: RoiResult) -> None:
    """Costs, cheapest option and break-evens agree."""
    assert [o.id for o in a.options] == [o.id for o in b.options]
    for x, y in zip(a.options, b.options, strict=True):
        assert x.monthly_cost_usd == pytest.approx(y.monthly_cost_usd, rel=1e-12)
        assert x.upfront_usd == pytest.approx(y.upfront_usd, rel=1e-12)
    assert a.cheapest == b.cheapest
    assert [round(x.queries_per_day, 6) for x in a.break_evens] == [
        round(x.queries_per_day, 6) for x in b.break_evens
    ]


def shown(screen: RoiScreen, selector: str) -> str:
    """The plain text a Static shows (a Rich table is rendered to text)."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str) or hasattr(content, "plain"):
        return str(content)
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


async def type_into(pilot: Pilot, screen: RoiScreen, path: str, text: str) -> None:
    """Replace the value of the input `path` and let it price."""
    row = screen.query_one(f"#{row_id(path)}", InputRow)
    row.query_one(Input).focus()
    await pilot.press("ctrl+u", *text)
    await settle(pilot)


async def search_input(pilot: Pilot, path: str) -> None:
    """ctrl+f, type `path`, enter: the input gets a row and the focus."""
    await pilot.press("ctrl+f")
    await pilot.pause()
    await pilot.press(*path)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def test_opens_from_the_recommendation_with_the_answers(make_app) -> None:
    """`r` on the recommendation: the answers' volume and examples, the finetune option starred,
    and the table and verdict of `advisor roi` for the same inputs."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot, LORA)
        result = screen.explorer.result
        assert result is not None
        want = expected(("queries_per_day", "2500"), ("finetune.examples", "600"))
        same_numbers(result, want)
        table = shown(screen, "#roi-table")
        for o in want.options:
            assert report.usd(o.monthly_cost_usd) in table
        assert "★ finetune" in table
        assert shown(screen, "#roi-verdict").endswith(report.verdict(want, "en"))
        lines = report.break_even_lines(want, "en")
        assert all(line in shown(screen, "#roi-break-evens") for line in lines)
        assert "LoRA fine-tuning" in shown(screen, "#roi-context")
        queries = screen.query_one(f"#{row_id('queries_per_day')}", InputRow).query_one(Input)
        assert queries.value == "2500"
        await pilot.press("escape")
        assert outcome_id(app) == "lora"


async def test_editing_inputs_reprices_everything(make_app) -> None:
    """Volume changes the costs and the verdict; the cache hit rate moves the break-evens."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        before = screen.explorer.result
        assert before is not None
        await type_into(pilot, screen, "queries_per_day", "50,000")
        after = screen.explorer.result
        assert after is not None and after.scenario.queries_per_day == 50000
        same_numbers(after, expected(("queries_per_day", "50000")))
        assert after.cheapest != before.cheapest or after.options != before.options
        assert shown(screen, "#roi-verdict").endswith(report.verdict(after, "en"))
        assert "50,000 queries/day" in shown(screen, "#roi-verdict")

        await type_into(pilot, screen, "api.cache_hit_rate", "0.9")
        cached = screen.explorer.result
        assert cached is not None
        want = expected(("queries_per_day", "50000"), ("api.cache_hit_rate", "0.9"))
        same_numbers(cached, want)
        assert report.break_even_lines(cached, "en") != report.break_even_lines(after, "en")
        assert report.break_even_lines(want, "en")[0] in shown(screen, "#roi-break-evens")


async def test_an_invalid_value_is_explained_and_the_last_result_kept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_explorer(pilot)
        good = screen.explorer.result
        await type_into(pilot, screen, "queries_per_day", "-5")
        row = screen.query_one(f"#{row_id('queries_per_day')}", InputRow)
        assert row.has_class("-invalid")
        assert "queries_per_day must be >= 0" in str(row.query_one(".roi-error", Static).content)
        assert screen.explorer.result is good
        assert "marked in red" in shown(screen, "#roi-problem")

        await type_into(pilot, screen, "api.model", "gpt-nope")
        model = screen.query_one(f"#{row_id('api.model')}", InputRow)
        assert "unknown model 'gpt-nope'" in str(model.query_one(".roi-error", Static).content)
        assert screen.explorer.result is not None
        assert screen.explorer.result.scenario.api.model == "gpt-4.1-mini"

        await type_into(pilot, screen, "queries_per_day", "3000")
        assert not row.has_class("-invalid") and model.has_class("-invalid")
        same_numbers(screen.explorer.result, expected(("queries_per_day", "3000")))


async def test_presets_and_reset(make_app) -> None:
    """A preset (from the palette) replaces the scenario; ctrl+r goes back to the answers."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot, LORA)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"preset seed001-small")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.explorer.preset == "seed001-small"
        same_numbers(screen.explorer.result, expected(preset="seed001-small"))
        assert screen.query_one("#roi-preset", Select).value == "seed001-small"
        assert "seed001-small" in shown(screen, "#roi-context")
        assert screen.query_one(f"#{row_id('queries_per_day')}", InputRow).query_one(
            Input
        ).value == report.number(expected(preset="seed001-small").scenario.queries_per_day)

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.explorer.preset is None
        same_numbers(
            screen.explorer.result,
            expected(("queries_per_day", "2500"), ("finetune.examples", "600")),
        )


async def test_any_input_can_be_searched_and_edited(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot)
        await search_input(pilot, "api.price.input_per_mtok")
        assert isinstance(app.screen, RoiScreen)
        pinned = screen.query_one(f"#{row_id('api.price.input_per_mtok')}", InputRow)
        assert app.focused is pinned.query_one(Input)
        await pilot.press(*"0.4", "enter")
        await settle(pilot)
        result = screen.explorer.result
        assert result is not None and result.prices.api.input_per_mtok == 0.4
        same_numbers(result, expected(("api.price.input_per_mtok", "0.4")))


async def test_save_report_and_scenario_round_trip(make_app) -> None:
    """ctrl+e saves `advisor roi`'s Markdown; ctrl+s saves a scenario the CLI prices the same."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_explorer(pilot, LORA)
        await type_into(pilot, screen, "api.cache_hit_rate", "0.5")
        await type_into(pilot, screen, "distill.examples", "8000")
        serving = screen.query_one("#roi-serving", Select)
        serving.focus()
        await pilot.press("enter")  # open the list: serverless, then each GPU
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        result = screen.explorer.result
        assert result is not None and result.scenario.distill.serving == "self_hosted"

        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        await pilot.press("enter")  # the offered name: advisor-roi.md
        await settle(pilot)
        markdown = Path("advisor-roi.md").read_text()
        assert markdown == report.render_markdown(result, "en")

        await save_as(pilot, "scenario.yaml")
        await save_as(pilot, "scenario.yaml", wait=False)  # again: asks first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RoiScreen)

    saved = Path("scenario.yaml").read_text()
    assert "queries_per_day: 2500" in saved and "cache_hit_rate: 0.5" in saved
    run = run_cli("roi", "--scenario", "scenario.yaml", "--format", "json", "--today", str(TODAY))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["cheapest"] == result.cheapest
    for got, want in zip(data["options"], result.options, strict=True):
        assert got["id"] == want.id
        assert got["monthly_cost_usd"] == pytest.approx(want.monthly_cost_usd, rel=1e-12)
        assert got["total_cost_usd"] == pytest.approx(want.total_cost_usd, rel=1e-12)
    volumes = [b["queries_per_day"] for b in data["break_even"]]
    assert volumes == pytest.approx([b.queries_per_day for b in result.break_evens], rel=1e-12)


async def save_as(pilot: Pilot, name: str, wait: bool = True) -> None:
    """ctrl+s in the explorer, then a file name (`wait=False` when a question will follow)."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PathScreen)
    await pilot.press("ctrl+u", *name, "enter")
    await (settle(pilot) if wait else pilot.pause())


async def test_language_theme_and_small_terminals(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_explorer(pilot)
        result = screen.explorer.result
        assert result is not None
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert shown(screen, "#roi-verdict").endswith(report.verdict(result, "zh"))
        label = screen.query_one(f"#{row_id('queries_per_day')}", InputRow)
        assert str(label.query_one(".roi-label", Static).content) == "每日查询"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-light"
        # 80 columns: the table keeps the monthly and total columns.
        assert "每月*" in shown(screen, "#roi-table")
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert app.screen is screen


async def test_edits_survive_leaving_and_coming_back(make_app) -> None:
    app: AdvisorApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_explorer(pilot)
        await type_into(pilot, screen, "horizon_months", "24")
        await pilot.press("escape", "f3")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, RoiScreen) and again is not screen
        row = again.query_one(f"#{row_id('horizon_months')}", InputRow)
        assert row.query_one(Input).value == "24"
        assert again.explorer.result is not None
        assert again.explorer.result.scenario.horizon_months == 24
