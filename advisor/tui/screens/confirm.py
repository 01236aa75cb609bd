"""A yes/no question in a modal: `ConfirmScreen(...)` dismisses with True or False."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from advisor.core.i18n import Lang
from advisor.tui.lang import follow_lang_in_dialog
from advisor.tui.strings import tr


class ConfirmScreen(ModalScreen[bool]):
    """Asks before anything is lost: overwriting a file, clearing the answers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes"),
        Binding("n,escape", "cancel", "No"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, key: str, **fields: object) -> None:
        """Ask the question `strings.T[key]`, filled with `fields`."""
        super().__init__()
        self.key, self.fields = key, fields

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-text", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(id="yes", variant="warning")
                yield Button(id="no", variant="primary")

    def on_mount(self) -> None:
        if follow_lang_in_dialog(self, self.relabel):
            self.query_one("#no", Button).focus()

    def relabel(self, lang: Lang) -> None:
        """Render the question and the buttons in `lang`."""
        self.query_one("#dialog-text", Static).update(tr(self.key, lang, **self.fields))
        self.query_one("#yes", Button).label = tr("yes", lang)
        self.query_one("#no", Button).label = tr("no", lang)

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        """Answer yes."""
        if self.is_active:  # a second click or key queued behind the first is ignored
            self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        """Answer no."""
        if self.is_active:
            self.dismiss(False)
