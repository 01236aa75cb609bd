"""Answering "how many good training examples?" from a dataset file (issue 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from advisor.core.dataset import inspect
from advisor.tui.screens.path_prompt import PathScreen
from tests.conftest import DATA
from tests.tui.conftest import settle
from tests.tui.test_navigation import SIZE, question_id, walk

DATASETS = DATA / "datasets"
TO_EXAMPLES = ["3", "2", "2"]  # tried prompting, no knowledge gap, domain expertise


async def count_from(pilot: Pilot, path: Path) -> None:
    """Press `f` on the examples question and give `path` (copied here: short names type fast)."""
    if path.exists() and path.parent != Path("."):
        shutil.copy(path, path.name)
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PathScreen)
    await pilot.press("ctrl+u", *path.name, "enter")
    await settle(pilot)


def note(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#from-file-note", Static).content)


def box(pilot: Pilot) -> str:
    return pilot.app.screen.query_one("#number-input", Input).value


@pytest.mark.parametrize("name", ["duplicates.jsonl", "invalid_json.jsonl", "chat_ok.jsonl"])
async def test_the_good_examples_of_a_file_fill_the_answer(make_app, name: str) -> None:
    """`f`, a file: its good examples (unique, within length) go in the box; enter answers."""
    good = inspect(DATASETS / name).good_examples
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, TO_EXAMPLES)
        assert question_id(app) == "training_examples"
        await count_from(pilot, DATASETS / name)
        assert box(pilot) == str(good)
        assert f"{good} good examples (usable, not duplicated, within the length limit)" in note(
            pilot
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.answers["training_examples"] == good


async def test_findings_are_summarised(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, TO_EXAMPLES)
        await count_from(pilot, DATASETS / "duplicates.jsonl")
        assert "2 exact duplicate, 2 near duplicate" in note(pilot)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.jsonl", "no such file"),
        ("empty_file.jsonl", "is empty"),
        ("notes.txt", "no usable training examples in 2 records (2 invalid JSON)"),
    ],
)
async def test_a_file_that_gives_no_count_says_why_in_one_line(make_app, name, message) -> None:
    if name == "notes.txt":  # a text file, not JSON Lines (written in the test's own folder)
        Path(name).write_text("just some notes\nnot JSON at all\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, TO_EXAMPLES)
        before = box(pilot)
        await count_from(pilot, DATASETS / name if name != "notes.txt" else Path(name))
        assert message in note(pilot)
        assert "\n" not in note(pilot)
        assert app.screen.query_one("#from-file").has_class("-error")
        assert box(pilot) == before


async def test_palette_entry_and_f_elsewhere(make_app, tmp_path: Path) -> None:
    """The palette offers it on that question; on other questions `f` is just a letter."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, TO_EXAMPLES)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"count examples")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+u", *"600", "enter", "enter")  # examples, then queries/day
        await pilot.pause()
        assert question_id(app) == "budget_usd"
        await pilot.press("ctrl+u", "f")
        await pilot.pause()
        assert not isinstance(app.screen, PathScreen)
        assert box(pilot) == "f"
