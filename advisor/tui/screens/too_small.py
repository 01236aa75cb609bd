"""Shown instead of the app while the terminal is smaller than the layout needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from advisor.core.i18n import Lang
from advisor.tui.lang import app_lang, follow_lang
from advisor.tui.strings import tr


class TooSmallScreen(Screen[None]):
    """Says how big the terminal must be; the app removes it once it is big enough."""

    def __init__(self, min_size: tuple[int, int]) -> None:
        super().__init__()
        self.min_size = min_size

    def compose(self) -> ComposeResult:
        yield Static(id="too-small", markup=False)

    def on_mount(self) -> None:
        follow_lang(self, self.relabel)

    def on_resize(self, event: Resize) -> None:
        self.relabel(app_lang(self))

    def relabel(self, lang: Lang) -> None:
        """Render the message for the current size in `lang`."""
        width, height = self.app.size
        text = tr("too_small", lang, w=self.min_size[0], h=self.min_size[1], cw=width, ch=height)
        self.query_one("#too-small", Static).update(text)
