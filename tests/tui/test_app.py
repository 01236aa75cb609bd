"""App-wide behaviour: language and theme at run time, help, glossary, palette, small terminals."""

from __future__ import annotations

import argparse
import subprocess
import sys

from textual.widgets import Markdown, Static

from advisor.tui.app import MIN_SIZE, AdvisorApp
from advisor.tui.screens.glossary import GlossaryScreen
from advisor.tui.screens.help import HelpScreen
from advisor.tui.screens.path_prompt import PathScreen
from advisor.tui.screens.too_small import TooSmallScreen
from tests.tui.test_navigation import SIZE, outcome_id, question_id, walk


def footer_labels(app: AdvisorApp) -> set[str]:
    """The descriptions of the bindings the footer shows on the current screen."""
    return {b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show}


async def test_language_switch_rerenders_everything(make_app) -> None:
    """Ctrl+l turns the question, the trail, the footer and the report Chinese, and back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.lang == "zh"
        text = str(app.screen.query_one("#question-text", Static).content)
        assert text == app.session.rules.questions["external_knowledge"].text.zh
        assert {"返回", "重新开始", "English"} <= footer_labels(app)
        trail = app.screen.query_one("#trail")
        assert "认真试过了" in str(trail.get_option_at_index(0).prompt)
        await walk(pilot, ["1", "1", "="])
        assert outcome_id(app) == "rag"
        await pilot.pause()
        title = app.session.rules.outcomes["rag"].title
        assert app.screen.query_one(Markdown).source.startswith(f"# 建议: {title.zh}")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen.query_one(Markdown).source.startswith(f"# Recommendation: {title.en}")
        assert "中文" in footer_labels(app)


async def test_starts_in_the_language_asked_for(make_app) -> None:
    app = make_app(lang="zh")
    async with app.run_test(size=SIZE):
        assert "你尝试过" in str(app.screen.query_one("#question-text", Static).content)


async def test_theme_toggle(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"


async def test_help_and_glossary_open_and_close(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+s" in app.screen.query_one(Markdown).source
        await pilot.press("escape", "f2")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        definition = app.screen.query_one("#definition", Static)
        await pilot.press("down", "down")
        assert "Retrieving relevant documents" in str(definition.content)
        await pilot.press("escape")
        assert question_id(app) == "tried_prompting"


async def test_glossary_covers_the_terms_the_issue_names(rules) -> None:
    terms = {e.id for e in rules.tables.glossary}
    assert {"prompt_engineering", "rag", "sft", "lora", "qlora", "dpo", "rlhf"} <= terms
    assert "distillation" in terms


async def test_command_palette_runs_actions(make_app) -> None:
    """The palette lists the main actions and a "change answer" entry per step."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2"])
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"save answers")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"change answer: have you tried")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(app) == "tried_prompting"
        assert app.screen.position.answer == "not_enough"


async def test_too_small_says_so_and_recovers(make_app) -> None:
    """Below the minimum size a notice covers the app and keys do nothing; then it comes back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.resize_terminal(MIN_SIZE[0] - 1, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 60 x 18" in str(app.screen.query_one(Static).content)
        await pilot.press("1", "ctrl+s", "f1")
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert question_id(app) == "external_knowledge"
        assert app.session.answers == {"tried_prompting": "not_enough"}


async def test_starting_too_small(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_loaded_answers_open_on_the_recommendation(make_app) -> None:
    app = make_app(answers={"tried_prompting": "solved", "queries_per_day": 10})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert outcome_id(app) == "prompt_engineering"
        await pilot.press("escape")
        assert question_id(app) == "queries_per_day"


def test_run_honours_rules_and_lang(monkeypatch, small_rules) -> None:
    """`advisor --rules DIR --lang zh` builds the app from DIR, in Chinese."""
    from tests.tui.conftest import SMALL_RULES

    seen = {}

    def fake_run(self) -> None:
        seen["app"] = self

    monkeypatch.setattr(AdvisorApp, "run", fake_run)
    from advisor.tui.app import run

    assert run(argparse.Namespace(rules=str(SMALL_RULES), lang="zh")) == 0
    assert seen["app"].lang == "zh"
    assert seen["app"].session.rules.tree.start == "tried"


def test_headless_modules_do_not_import_textual() -> None:
    """The session logic and the CLI's parser stay free of Textual (only `advisor` loads it)."""
    code = (
        "import sys, advisor.cli, advisor.tui.session, advisor.tui.strings; "
        "advisor.cli.build_parser(); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_run_with_a_missing_rules_folder_is_one_clear_error() -> None:
    """A bad --rules stops before the TUI starts, as one `advisor: error:` line."""
    import pytest

    from advisor.errors import InputError
    from advisor.tui.app import run

    with pytest.raises(InputError, match="no such directory"):
        run(argparse.Namespace(rules="/no/such/rules", lang=None))
