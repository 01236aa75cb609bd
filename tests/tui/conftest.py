"""TUI fixtures: apps over the real or the small snapshot rules, kept off the user's files."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

SMALL_RULES = Path(__file__).resolve().parent.parent / "data" / "rules" / "tui_small"

TODAY = dt.date(2026, 11, 23)
"""The date the ROI explorer prices for in tests: staleness notices never depend on the clock."""


async def settle(pilot: Pilot, groups: Collection[str] | None = None) -> None:
    """Let the app's workers (all, or those in `groups`) finish, then the screen catch up.

    Pricing and file reading run in workers; an older one cancelled by a newer edit counts as
    finished. Never call it while a dialog waits for an answer: its worker would wait forever.
    """
    from textual.worker import WorkerCancelled

    await pilot.pause()
    while busy := [
        w for w in pilot.app.workers if not w.is_finished and (groups is None or w.group in groups)
    ]:
        for worker in busy:
            if worker.is_running:
                with contextlib.suppress(WorkerCancelled):
                    await worker.wait()
        await pilot.pause()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run every TUI test in its own directory (saves land there) with a still cursor.

    NO_COLOR (set for the CLI tests) is lifted so the snapshots show the real colours: an
    error that stops being red is a regression worth seeing.
    """
    from textual.widgets import Input

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    yield


@pytest.fixture(scope="session")
def small_rules():
    """The small rules the snapshots are built from (editing rules/ never changes them)."""
    from advisor.core.ruleload import load_rules_from

    return load_rules_from(SMALL_RULES)


@pytest.fixture
def make_app(rules) -> Callable[..., Any]:
    """Build an `AdvisorApp` (real rules unless others are given), English and dark by default,
    pricing ROI scenarios as of `TODAY`."""
    from advisor.tui.app import AdvisorApp

    def make(rules_=None, lang="en", answers=None, dirs=None) -> AdvisorApp:
        return AdvisorApp(rules_ or rules, lang, answers, dirs=dirs, today=TODAY)

    return make
