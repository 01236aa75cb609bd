"""The simulation's settings (draws, seed, spread) in a modal, checked as `advisor roi` checks
`--draws`, `--seed` and `--spread`: `SimulationScreen(explorer)` dismisses with True once they
are taken, None when closed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from advisor.core.i18n import Lang
from advisor.errors import InputError
from advisor.tui.explorer import Explorer
from advisor.tui.lang import follow_lang_in_dialog
from advisor.tui.strings import tr

FIELDS = ("draws", "seed", "spread")


class SimulationScreen(ModalScreen[bool | None]):
    """Three inputs prefilled with the explorer's settings; enter takes them, esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(self, explorer: Explorer) -> None:
        super().__init__()
        self.explorer = explorer
        self.lang: Lang = "en"

    def compose(self) -> ComposeResult:
        values = {name: text for name, text, _ in self.explorer.settings_text()}
        with Vertical(id="dialog"):
            yield Static(id="dialog-text", markup=False)
            for name in FIELDS:
                with Horizontal(classes="sim-row"):
                    yield Static(classes="sim-label", id=f"sim-label-{name}", markup=False)
                    yield Input(values[name], id=f"sim-{name}", compact=True)
            yield Static(id="dialog-hint", markup=False)

    def on_mount(self) -> None:
        follow_lang_in_dialog(self, self.relabel)

    def relabel(self, lang: Lang) -> None:
        """Render the title, the labels and the hint in `lang`."""
        self.lang = lang
        self.query_one("#dialog-text", Static).update(tr("sim_title", lang))
        for name in FIELDS:
            self.query_one(f"#sim-label-{name}", Static).update(tr(f"sim_{name}", lang))
        self.query_one("#dialog-hint", Static).update(tr("sim_hint", lang))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.is_active:
            return  # a second enter queued behind the first: already dismissed
        texts = [self.query_one(f"#sim-{name}", Input).value for name in FIELDS]
        try:
            self.explorer.set_settings(*texts)
        except InputError as exc:
            self.query_one("#dialog-hint", Static).update(str(exc))
            self.set_class(True, "-invalid")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close, keeping the settings as they were."""
        if self.is_active:
            self.dismiss(None)
