"""Save and load in the TUI: answers `advisor decide` replays, the report, no clobbering."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from advisor.tui.screens.confirm import ConfirmScreen
from advisor.tui.screens.path_prompt import PathScreen
from advisor.tui.screens.recommendation import RecommendationScreen
from tests.tui.test_navigation import SIZE, outcome_id, question_id, walk

LORA = ["3", "2", "2", "600", "=", "=", "1", "1", "1"]


async def give_path(pilot: Pilot, path: Path) -> None:
    """Type `path` into the file dialog and confirm it."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, PathScreen)
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_saved_answers_replay_headless(make_app, tmp_path, cli) -> None:
    """Save in the TUI, `advisor decide --answers` the file: the same outcome."""
    target = tmp_path / "answers.yaml"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, LORA)
        assert outcome_id(app) == "lora"
        await pilot.press("ctrl+s")
        await give_path(pilot, target)
        await app.workers.wait_for_complete()
    text = target.read_text()
    assert text.startswith("# advisor answers")
    assert "training_examples: 600" in text
    result = cli("decide", "--answers", str(target), "--format", "json")
    assert result.returncode == 0, result.stderr
    decided = json.loads(result.stdout)
    assert decided["outcome"] == "lora"
    assert decided["answers"] == app.session.decision().answers


async def test_save_then_load_round_trip(make_app, tmp_path) -> None:
    """Answers saved by one session open in another on the same recommendation."""
    target = tmp_path / "round.yaml"
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "1", "2", "=", "=", "1", "=", "1", "1"])
        await pilot.press("ctrl+s")
        await give_path(pilot, target)
        await first.workers.wait_for_complete()
        expected = first.session.decision().answers
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await give_path(pilot, target)
        await second.workers.wait_for_complete()
        await pilot.pause()
        assert outcome_id(second) == "rag_finetune"
        assert second.session.decision().answers == expected


async def test_saving_a_partial_walk_and_loading_it_continues(make_app, tmp_path) -> None:
    target = tmp_path / "partial.yaml"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2"])
        await pilot.press("ctrl+s")
        await give_path(pilot, target)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert question_id(app) == "tried_prompting"
        await pilot.press("ctrl+o")
        await give_path(pilot, target)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert question_id(app) == "what_needed"


async def test_overwrite_needs_confirmation(make_app, tmp_path) -> None:
    """An existing file is replaced only after "yes"; "no" leaves it as it was."""
    target = tmp_path / "keep.yaml"
    target.write_text("precious\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["1", "="])
        await pilot.press("ctrl+s")
        await give_path(pilot, target)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert target.read_text() == "precious\n"
        await pilot.press("ctrl+s")
        await give_path(pilot, target)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        assert "tried_prompting" in target.read_text()
        assert not list(tmp_path.glob(".keep.yaml.*"))  # no temporary file left behind


async def test_export_report_as_markdown(make_app, tmp_path) -> None:
    """Ctrl+e on the recommendation writes the report the screen shows."""
    target = tmp_path / "report.md"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, LORA)
        await pilot.press("ctrl+e")
        await give_path(pilot, target)
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, RecommendationScreen)
        from textual.widgets import Markdown

        shown = app.screen.query_one(Markdown).source
    text = target.read_text()
    assert text.startswith("# Recommendation: LoRA fine-tuning")
    assert "## Reference tables" in text
    assert text == shown


async def test_load_errors_are_notifications(make_app, tmp_path) -> None:
    """A missing file or answers that do not fit the rules change nothing and say why."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("tried_prompting: maybe\n")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("1")
        for path in (tmp_path / "missing.yaml", bad, tmp_path):
            await pilot.press("ctrl+o")
            await give_path(pilot, path)
            await app.workers.wait_for_complete()
        messages = [n.message for n in app._notifications]
        assert any("maybe" in m and "not_tried" in m for m in messages)
        assert question_id(app) == "queries_per_day"
        assert app.session.answers == {"tried_prompting": "not_tried"}


async def test_cancelling_the_file_dialog_does_nothing(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        assert question_id(app) == "tried_prompting"
    assert not list(tmp_path.iterdir())
