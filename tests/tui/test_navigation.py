"""Walking the real decision tree by key presses: seed paths, back, restart, changing answers."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown, Static

from advisor.tui.app import AdvisorApp
from advisor.tui.screens.confirm import ConfirmScreen
from advisor.tui.screens.question import QuestionScreen
from advisor.tui.screens.recommendation import RecommendationScreen

SIZE = (80, 24)


def question_id(app: AdvisorApp) -> str:
    """The id of the question on screen (fails if the screen is not a question)."""
    assert isinstance(app.screen, QuestionScreen), type(app.screen).__name__
    assert app.screen.position is not None
    return app.screen.position.question.id


def outcome_id(app: AdvisorApp) -> str:
    """The outcome on screen (fails if the screen is not the recommendation)."""
    assert isinstance(app.screen, RecommendationScreen), type(app.screen).__name__
    return app.screen.decision.outcome.id


async def number(pilot: Pilot, value: str) -> None:
    """Replace the prefilled number and submit it."""
    await pilot.press("ctrl+u", *value, "enter")


# Keys per seed path: digits pick options (1-based, in tree.yaml order), "=" accepts a
# number's default with enter, anything else is typed into a number question.
SEED_PATHS = [
    pytest.param(["1", "="], "prompt_first", id="A: not tried -> prompt first"),
    pytest.param(["2", "="], "prompt_engineering", id="B: prompt solves it"),
    pytest.param(["3", "1", "1", "="], "rag", id="A+B: knowledge -> RAG"),
    pytest.param(
        ["3", "1", "2", "=", "=", "1", "=", "1", "1"],
        "rag_finetune",
        id="004: knowledge and style -> RAG + fine-tuning",
    ),
    pytest.param(
        ["3", "2", "2", "600", "=", "=", "1", "1", "1"],
        "lora",
        id="B: domain, 600 examples -> LoRA",
    ),
    pytest.param(
        ["3", "2", "2", "50000", "=", "=", "1", "1", "1"],
        "full_finetune",
        id="B: domain, 50000 examples -> full fine-tuning",
    ),
    pytest.param(["3", "2", "2", "40", "=", "1"], "more_data_prompt", id="B: 40 examples"),
    pytest.param(
        ["3", "2", "3", "1", "=", "=", "1", "1", "1"],
        "distill",
        id="000: latency/cost, a good teacher -> distillation",
    ),
    pytest.param(["3", "2", "4", "="], "expectations", id="A: none of these"),
]


async def walk(pilot: Pilot, keys: list[str]) -> None:
    """Answer question after question with `keys` (see SEED_PATHS)."""
    for key in keys:
        if key == "=":
            await pilot.press("enter")
        elif len(key) > 1 or question_kind(pilot.app) == "number":
            await number(pilot, key)
        else:
            await pilot.press(key)
        await pilot.pause()


def question_kind(app: AdvisorApp) -> str:
    assert isinstance(app.screen, QuestionScreen) and app.screen.position is not None
    return app.screen.position.question.kind


@pytest.mark.parametrize(("keys", "expected"), SEED_PATHS)
async def test_seed_paths_reach_their_outcome(make_app, keys, expected) -> None:
    """Each seed path, typed key by key, ends on its recommendation with its trail and report."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, keys)
        assert outcome_id(app) == expected
        decision = app.screen.decision
        assert decision.trail[0].question.id == "tried_prompting"
        await pilot.pause()
        report = app.screen.query_one(Markdown).source
        assert decision.outcome.title("en") in report
        assert "How we got here" in report
        assert app.screen.sub_title == decision.outcome.title("en")


async def test_progress_and_trail_follow_the_answers(make_app) -> None:
    """The trail lists each answer; follow-ups say which recommendation they lead to."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2", "2", "600"])
        assert question_id(app) == "queries_per_day"
        screen = app.screen
        label = str(screen.query_one("#progress-label", Static).content)
        assert "Question 5 of 9 · follow-up" in label
        assert "LoRA fine-tuning" in label
        trail = screen.query_one("#trail")
        assert [o.id for o in trail.options][:4] == [
            "tried_prompting",
            "external_knowledge",
            "what_needed",
            "training_examples",
        ]


async def test_back_revisits_and_enter_retraces(make_app) -> None:
    """Esc goes back with the answer kept; enter over an unchanged answer moves on one step."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2"])
        assert question_id(app) == "what_needed"
        await pilot.press("escape", "escape")
        assert question_id(app) == "tried_prompting"
        assert app.screen.position.answer == "not_enough"
        assert app.screen.query_one("#choices").highlighted == 2
        await pilot.press("escape")  # already at the first question: stays
        assert question_id(app) == "tried_prompting"
        await pilot.press("enter")
        assert question_id(app) == "external_knowledge"
        assert app.screen.position.answer == "no"
        await pilot.press("enter")
        assert question_id(app) == "what_needed"
        assert app.screen.position.answer is None


async def test_back_from_the_recommendation(make_app) -> None:
    """Esc on the recommendation returns to the last question answered."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["1", "="])
        assert outcome_id(app) == "prompt_first"
        await pilot.press("escape")
        assert question_id(app) == "queries_per_day"
        await number(pilot, "5000")
        assert outcome_id(app) == "prompt_first"
        assert app.session.answers["queries_per_day"] == 5000


async def test_restart_asks_first(make_app) -> None:
    """Ctrl+r asks; "n" keeps the answers, "y" clears them and shows the first question."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2"])
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert question_id(app) == "what_needed"
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert question_id(app) == "tried_prompting"
        assert app.session.answers == {}


async def test_restart_from_the_recommendation(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["2", "="])
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert question_id(app) == "tried_prompting"


async def test_changing_an_early_answer_keeps_later_ones(make_app) -> None:
    """Jump from the recommendation's trail; answers still on the new path are not asked again."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk(pilot, ["3", "2", "2", "600", "=", "=", "1", "1", "1"])
        assert outcome_id(app) == "lora"
        # Show the trail (narrow terminal), pick "what does prompting fail to give you?".
        await pilot.press("a", "home", "down", "down", "enter")
        assert question_id(app) == "what_needed"
        assert app.screen.position.answer == "domain"
        await pilot.press("1")  # style/format: a new path whose follow-ups are all answered
        await pilot.pause()
        assert outcome_id(app) == "finetune_style"
        answers = app.screen.decision.answers
        assert answers["queries_per_day"] == 1000 and answers["task_type"] == "classification"
        notices = [n.message for n in app._notifications]
        assert "Kept 6 later answer(s) that still apply." in notices
        # Flip back: the domain route and its 600 examples come back without a question.
        app.change_answer("what_needed")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert outcome_id(app) == "lora"
        assert app.screen.decision.answers["training_examples"] == 600


async def test_changing_to_a_shorter_path_then_back(make_app) -> None:
    """Not tried -> prompt first keeps the volume answer; the long route is restored after."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "1", "1", "="])
        assert outcome_id(app) == "rag"
        app.change_answer("tried_prompting")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert outcome_id(app) == "prompt_first"
        app.change_answer("tried_prompting")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert outcome_id(app) == "rag"


async def test_trail_pick_on_the_question_screen(make_app) -> None:
    """Tab to the trail, pick the first answer, change it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2"])
        await pilot.press("shift+tab", "home", "enter")
        await pilot.pause()
        assert question_id(app) == "tried_prompting"
        await pilot.press("1")
        await pilot.pause()
        assert question_id(app) == "queries_per_day"


async def test_number_input_rejects_bad_values(make_app) -> None:
    """Bad numbers stay on the question with a message; a good one moves on."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2", "2"])
        assert question_id(app) == "training_examples"
        error = app.screen.query_one("#number-error", Static)
        for typed, message in [
            ("abc", "is not a number"),
            ("-5", "outside the allowed range"),
            ("12.5", "not a whole number"),
        ]:
            await number(pilot, typed)
            assert question_id(app) == "training_examples"
            assert message in str(error.content)
            assert error.display
        await pilot.press("ctrl+u", "enter")
        assert "Enter a number" in str(error.content)
        await number(pilot, "10,000")
        assert question_id(app) == "queries_per_day"
        assert app.session.answers["training_examples"] == 10000


async def test_number_prefills_the_default_and_shows_the_range(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, ["3", "2", "2"])
        screen = app.screen
        assert screen.query_one("#number-input").value == "1,000"
        assert "0 to 100,000,000 examples" in str(screen.query_one("#number-range").content)
        routes = str(screen.query_one("#option-help").content)
        assert "100 to 10,000 → LoRA fine-tuning" in routes


async def test_mouse_click_answers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choices", offset=(4, 1))
        await pilot.pause()
        assert question_id(app) == "queries_per_day"
