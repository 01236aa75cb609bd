"""Saving and loading from the TUI: answers and ROI scenarios as YAML, reports as Markdown.

Each flow asks for a file name, asks again before replacing an existing file, then writes
atomically with `fsio.atomic_write_text`; a problem (missing directory, unreadable file, an
answers file that does not fit the rules) is a notification, never a crash. These run inside
Textual workers so they can wait for the modal screens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from advisor.core.answers import dump_answers
from advisor.errors import AdvisorError
from advisor.fsio import atomic_write_text
from advisor.tui.screens.confirm import ConfirmScreen
from advisor.tui.screens.path_prompt import PathScreen
from advisor.tui.session import answers_file_header, report_markdown
from advisor.tui.strings import tr

if TYPE_CHECKING:
    from advisor.tui.app import AdvisorApp
    from advisor.tui.explorer import Explorer

ANSWERS_FILE = Path("advisor-answers.yaml")
REPORT_FILE = Path("advisor-report.md")
SCENARIO_FILE = Path("advisor-scenario.yaml")
ROI_REPORT_FILE = Path("advisor-roi.md")


async def write_file(app: AdvisorApp, path: Path, text: str) -> bool:
    """Write `text` to `path` atomically, asking before replacing a file; True if written."""
    exists = path.exists() and not path.is_dir()
    if exists and not await app.push_screen_wait(ConfirmScreen("confirm_overwrite", path=path)):
        return False
    try:
        # Only overwrite what the user agreed to replace: a file that appeared since is kept.
        atomic_write_text(path, text, overwrite=exists)
    except (AdvisorError, OSError) as exc:
        app.notify(str(exc), severity="error")
        return False
    app.notify(tr("saved", app.lang, path=path))
    return True


async def save_answers(app: AdvisorApp) -> None:
    """Ask for a file name and save the answers on the current path."""
    path = await app.push_screen_wait(PathScreen("save_answers_title", app.answers_path))
    if path is None:
        return
    header = answers_file_header(app.session, app.lang)
    if await write_file(app, path, dump_answers(app.session.path_answers(), header)):
        app.answers_path = path


async def load_answers(app: AdvisorApp) -> None:
    """Ask for a file name, load its answers and continue from the first unanswered question."""
    from advisor.core.answers import load_answers as read

    path = await app.push_screen_wait(PathScreen("load_answers_title", app.answers_path))
    if path is None:
        return
    try:
        answers = read(path)
        app.session.replace(answers)
    except (AdvisorError, OSError) as exc:
        app.notify(str(exc), severity="error")
        return
    app.answers_path = path
    app.notify(tr("loaded", app.lang, n=len(answers), path=path))
    app.show_current()


async def export_report(app: AdvisorApp) -> None:
    """Ask for a file name and save the full report (what the recommendation shows) as Markdown."""
    decision = app.session.decision()
    if decision is None:
        app.notify(tr("no_report", app.lang), severity="warning")
        return
    path = await app.push_screen_wait(PathScreen("export_title", REPORT_FILE))
    if path is not None:
        await write_file(app, path, report_markdown(app.session.rules, decision, app.lang))


async def save_roi_scenario(app: AdvisorApp, explorer: Explorer) -> None:
    """Ask for a file name and save the explorer's inputs for `advisor roi --scenario`."""
    if explorer.inputs is None:
        return
    default = explorer.file or SCENARIO_FILE
    path = await app.push_screen_wait(PathScreen("roi_scenario_title", default))
    if path is not None:
        await write_file(app, path, explorer.scenario_yaml())


async def ask_roi_scenario(app: AdvisorApp) -> Path | None:
    """Ask which scenario file to start the explorer from (it is read by the explorer)."""
    return await app.push_screen_wait(PathScreen("roi_open_title", SCENARIO_FILE))


async def save_roi_report(app: AdvisorApp, explorer: Explorer) -> None:
    """Ask for a file name and save the explorer's report as `advisor roi --format markdown`."""
    if explorer.result is None:
        return
    path = await app.push_screen_wait(PathScreen("roi_report_title", ROI_REPORT_FILE))
    if path is not None:
        await write_file(app, path, explorer.markdown(app.lang))
