"""Hundreds of random key presses and resizes on every screen never crash the app.

Keys are posted in bursts (like a fast typist or a paste) with a pause after each burst, so a
few hundred of them take a second, and the random generator is seeded so a failure replays.
Quitting keys and the command palette (whose "Quit" entry a random enter may pick) are left out.
"""

from __future__ import annotations

import random

import pytest
from textual import events
from textual.pilot import Pilot

from advisor.tui.app import AdvisorApp
from advisor.tui.screens.roi import RoiScreen
from tests.tui.conftest import settle
from tests.tui.test_navigation import SIZE, walk

NAMED = [
    "up", "down", "left", "right", "enter", "escape", "tab", "shift+tab", "home", "end",
    "pageup", "pagedown", "backspace", "delete", "ctrl+r", "ctrl+l", "ctrl+t", "ctrl+s",
    "ctrl+o", "ctrl+e", "ctrl+u", "ctrl+c", "ctrl+f", "f1", "f2", "f3", "f4", "f5", "f6",
]  # fmt: skip
CHARS = "0123456789abcynqr" + ".,- "
CHAR_KEYS = {".": "full_stop", ",": "comma", "-": "minus", " ": "space"}
PRICING = ("roi-start", "roi-price", "roi-analyse")
"""The explorer's worker groups (file dialogs have their own, which may wait for input)."""
SIZES = [(80, 24), (100, 30), (59, 17), (60, 18), (40, 10), (120, 40), (80, 18)]


def post_key(app: AdvisorApp, rng: random.Random) -> None:
    """Post one random key event, as the terminal driver would."""
    if rng.random() < 0.5:
        key = rng.choice(NAMED)
        app.post_message(events.Key(key, None))
    else:
        char = rng.choice(CHARS)
        app.post_message(events.Key(CHAR_KEYS.get(char, char), char))


async def fuzz(pilot: Pilot, rng: random.Random, presses: int) -> None:
    """Random keys in bursts of 25, with a random resize now and then."""
    app = pilot.app
    for i in range(presses):
        if rng.random() < 0.04:
            await pilot.resize_terminal(*rng.choice(SIZES))
        else:
            post_key(app, rng)
        if i % 25 == 24:
            await pilot.pause()
    await pilot.resize_terminal(*SIZE)
    await pilot.pause()


async def on_choice(pilot: Pilot) -> None:
    pass


async def on_number(pilot: Pilot) -> None:
    await walk(pilot, ["3", "2", "2"])


async def on_recommendation(pilot: Pilot) -> None:
    await walk(pilot, ["3", "2", "2", "600", "=", "=", "1", "1", "1"])


async def on_help(pilot: Pilot) -> None:
    await pilot.press("f1")


async def on_glossary(pilot: Pilot) -> None:
    await pilot.press("f2")


async def on_confirm(pilot: Pilot) -> None:
    await walk(pilot, ["3"])
    await pilot.press("ctrl+r")


async def on_file_dialog(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")


async def on_too_small(pilot: Pilot) -> None:
    await pilot.resize_terminal(40, 10)


async def on_explorer(pilot: Pilot) -> None:
    await walk(pilot, ["3", "2", "2", "600", "=", "=", "1", "1", "1"])
    await pilot.press("r")
    await priced(pilot)


async def on_explorer_without_answers(pilot: Pilot) -> None:
    await pilot.press("f3")
    await priced(pilot)


async def on_simulation_dialog(pilot: Pilot) -> None:
    await pilot.press("f3")
    await priced(pilot)
    await pilot.press("f4", "f6")


async def on_examples_from_file(pilot: Pilot) -> None:
    await walk(pilot, ["3", "2", "2"])
    await pilot.press("f")


async def priced(pilot: Pilot) -> None:
    await settle(pilot, PRICING)


STARTS = [
    on_choice,
    on_number,
    on_recommendation,
    on_help,
    on_glossary,
    on_confirm,
    on_file_dialog,
    on_too_small,
    on_explorer,
    on_explorer_without_answers,
    on_examples_from_file,
    on_simulation_dialog,
]


@pytest.mark.parametrize("start", STARTS, ids=[s.__name__ for s in STARTS])
async def test_random_keys_and_resizes_never_crash(make_app, start) -> None:
    app = make_app()
    rng = random.Random(f"advisor-{start.__name__}")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.pause()
        await fuzz(pilot, rng, presses=200)
        # If the app stopped, say why (the exception it died of, if any).
        assert app.is_running, f"the app stopped: {getattr(app, '_exception', None)!r}"
        assert app.screen_stack  # something is still on screen
        # The session is still consistent with what is shown.
        position = app.session.position()
        assert position is not None or app.session.decision() is not None
        # Whatever was typed into an open explorer, it still holds a priced scenario.
        # (Only pricing is awaited: a file dialog may still be waiting for a name.)
        if any(isinstance(s, RoiScreen) for s in app.screen_stack):
            await settle(pilot, PRICING)
            assert app.explorer is not None and app.explorer.result is not None
