"""Answer "how many good training examples?" from the user's dataset file instead of a guess.

The file is read by the dataset inspector (`advisor data`), in a worker thread so a large file
never freezes the screen; the count offered is `good_examples` (usable, not duplicated, within
the length limit: the number the seeds' guidance is about), and the note says so, with the
file's findings in one line. The widget only fills in a number: the user still presses enter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from advisor.core.i18n import Lang, pick
from advisor.errors import AdvisorError
from advisor.tui.lang import app_lang
from advisor.tui.strings import tr

if TYPE_CHECKING:
    from advisor.core.dataset import DatasetReport

DEFAULT_FILE = Path("train.jsonl")


class ExamplesFromFile(Vertical):
    """A "count them in a file" button and a one-line note on what the file gave."""

    class Counted(Message):
        """Posted when a file gave a count for the examples question."""

        def __init__(self, question_id: str, count: int) -> None:
            super().__init__()
            self.question_id = question_id
            """The question the count answers (the screen may have moved on since)."""
            self.count = count
            """Good examples in the file."""

    def __init__(self, question_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question_id = question_id
        """The examples question this widget answers; set by the screen."""
        self.path = DEFAULT_FILE
        """The file asked for last (offered again)."""
        self._note: Callable[[Lang], str] | None = None

    def compose(self) -> ComposeResult:
        yield Button(id="from-file-button", compact=True)
        yield Static(id="from-file-note", markup=False)

    def on_mount(self) -> None:
        self.relabel(app_lang(self))

    def relabel(self, lang: Lang) -> None:
        """Render the button and the note in `lang`."""
        self.query_one(Button).label = tr("from_file", lang)
        note = self.query_one("#from-file-note", Static)
        note.update(self._note(lang) if self._note is not None else "")
        note.display = self._note is not None

    def clear(self) -> None:
        """Forget the last note (another question is on screen)."""
        self._show(None)

    def _show(self, note: Callable[[Lang], str] | None, error: bool = False) -> None:
        self._note = note
        self.set_class(error, "-error")
        self.relabel(app_lang(self))

    @on(Button.Pressed, "#from-file-button")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.pick()

    @work(exclusive=True, group="dataset-dialog")
    async def pick(self) -> None:
        """Ask for a file, then count its examples in a thread."""
        from advisor.tui.screens.path_prompt import PathScreen

        path = await self.app.push_screen_wait(PathScreen("dataset_title", self.path))
        if path is None:
            return
        self.path = path
        self._reading(path.name, "")
        self._inspect(path, self.question_id)

    def _reading(self, name: str, pct: str) -> None:
        self._show(lambda lang: tr("dataset_reading", lang, file=name, pct=pct))

    @work(thread=True, exclusive=True, group="dataset")
    def _inspect(self, path: Path, question_id: str) -> None:
        """Run the inspector (it streams the file: constant memory) and report back."""
        from advisor.core.dataset import inspect

        worker = get_current_worker()
        shown = [-1]

        def progress(done: int, total: int) -> None:
            pct = done * 100 // total if total else -1
            if pct != shown[0] and not worker.is_cancelled:
                shown[0] = pct
                self.app.call_from_thread(self._reading, path.name, f"{pct}%" if pct >= 0 else "")

        try:
            report = inspect(path, progress=progress)
        except (AdvisorError, OSError) as exc:
            if not worker.is_cancelled:
                message = str(exc)
                self.app.call_from_thread(self._show, lambda lang: message, True)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted, report, question_id)

    def _counted(self, report: DatasetReport, question_id: str) -> None:
        """Say what the file gave and, if it has usable examples, offer the count."""
        from advisor.core.dataset import summary_for_estimates

        name = Path(report.path).name
        counts = {k: n for k, n in report.all_counts().items() if n}
        if report.examples == 0:
            self._show(
                lambda lang: tr(
                    "dataset_none",
                    lang,
                    file=name,
                    records=f"{report.records:,}",
                    findings=findings_text(counts, lang),
                ),
                error=True,
            )
            return
        good = summary_for_estimates(report).good_examples

        def note(lang: Lang) -> str:
            text = tr(
                "dataset_counted",
                lang,
                file=name,
                good=f"{good:,}",
                s="" if good == 1 else "s",
                examples=f"{report.examples:,}",
                records=f"{report.records:,}",
            )
            found = tr("dataset_findings", lang, findings=findings_text(counts, lang))
            return f"{text}\n{found if counts else tr('dataset_clean', lang)}"

        self._show(note)
        self.post_message(self.Counted(question_id, good))


def findings_text(counts: dict[str, int], lang: Lang) -> str:
    """`2 exact duplicate, 4 invalid JSON`: each kind of finding with its count."""
    from advisor.core.dataset import KINDS

    sep = ", " if lang == "en" else "，"
    return sep.join(f"{n:,} {pick(KINDS[k][1], lang)}" for k, n in counts.items())
