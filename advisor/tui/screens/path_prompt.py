"""Asks for a file name in a modal: `PathScreen(...)` dismisses with a `Path` or None."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from advisor.core.i18n import Lang
from advisor.tui.lang import follow_lang_in_dialog
from advisor.tui.strings import tr


class PathScreen(ModalScreen[Path | None]):
    """A file name, prefilled; relative names are taken from the current directory."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(self, title_key: str, default: Path) -> None:
        """Ask with the title `strings.T[title_key]`, offering `default`."""
        super().__init__()
        self.title_key, self.default = title_key, default
        self.lang: Lang = "en"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-text", markup=False)
            yield Input(str(self.default), id="path-input")
            yield Static(id="dialog-hint", markup=False)

    def on_mount(self) -> None:
        follow_lang_in_dialog(self, self.relabel)

    def relabel(self, lang: Lang) -> None:
        """Render the title and hint in `lang`."""
        self.query_one("#dialog-text", Static).update(tr(self.title_key, lang))
        self.query_one("#dialog-hint", Static).update(tr("path_hint", lang))
        self.lang = lang

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not self.is_active:
            return  # a second enter queued behind the first: already dismissed
        if not text:
            self.query_one("#dialog-hint", Static).update(tr("need_path", self.lang))
            return
        self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        """Close without a file name."""
        if self.is_active:
            self.dismiss(None)
