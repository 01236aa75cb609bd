"""Regenerate the TUI screenshots in docs/ (SVG, exported by Textual itself).

    python docs/screenshots.py

Drives the app over the built-in rules with key presses, the same way the Pilot tests do, and
saves what a terminal of that size would show. Run it after a visible change to the TUI.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))
os.environ.setdefault("ADVISOR_CACHE_DIR", tempfile.mkdtemp(prefix="advisor-shots-"))


async def shoot(
    name: str, keys: list[str], size: tuple[int, int], scroll: tuple[str, int] | None = None
) -> None:
    """Press `keys` in a fresh app of `size` and save the screen as docs/`name`.

    `scroll` scrolls a container (selector, lines) before the picture is taken.
    """
    from textual.widgets import Input

    from advisor.core.ruleload import load_rules
    from advisor.tui.app import AdvisorApp

    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]  # a still cursor
    app = AdvisorApp(load_rules(), "en")
    async with app.run_test(size=size) as pilot:
        for key in keys:
            await pilot.press(key)
            if key in ("r", "f4", "f5", "enter"):  # the explorer prices in workers: wait
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
        if scroll is not None:
            app.screen.query_one(scroll[0]).scroll_to(y=scroll[1], animate=False)
        await pilot.pause(0.3)
        app.save_screenshot(name, str(DOCS))
    print(f"wrote docs/{name}")


async def main() -> None:
    await shoot("tui-question.svg", ["3", "2", "2", "ctrl+u", *"2500"], (100, 30))
    lora = ["3", "2", "2", "ctrl+u", *"2500", "enter", "ctrl+u", *"3000", "enter"]
    lora += ["enter", "2", "1", "1"]
    await shoot("tui-recommendation.svg", lora, (120, 36))
    await shoot("tui-roi.svg", [*lora, "r"], (120, 42), scroll=("#roi-results", 2))
    ranged = [*lora, "r", *["down"] * 5, "ctrl+u", *"200..600", "enter", "f4"]
    await shoot("tui-roi-uncertainty.svg", ranged, (120, 42))


if __name__ == "__main__":
    asyncio.run(main())
