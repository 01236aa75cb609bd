"""The glossary from `tables.yaml`: terms on the left, the highlighted one explained."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from advisor.core.i18n import Lang
from advisor.core.rules import GlossaryEntry
from advisor.tui.lang import app_lang, follow_lang
from advisor.tui.strings import tr


class GlossaryScreen(ModalScreen[None]):
    """Browse the terms a newcomer meets: prompt engineering, RAG, SFT, LoRA, QLoRA, DPO..."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f2,q", "dismiss", "Close")]

    def __init__(self, entries: tuple[GlossaryEntry, ...]) -> None:
        super().__init__()
        self.entries = entries
        """The glossary, in the order tables.yaml gives it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary", classes="panel"):
            yield Static(id="glossary-title", markup=False)
            with Horizontal():
                yield OptionList(id="terms")
                yield Static(id="definition", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        follow_lang(self, self.relabel)
        self.query_one("#terms").focus()

    def relabel(self, lang: Lang) -> None:
        """Render the terms, the title and the highlighted definition in `lang`."""
        title = f"{tr('glossary_title', lang)} · {tr('glossary_hint', lang)}"
        self.query_one("#glossary-title", Static).update(title)
        terms = self.query_one("#terms", OptionList)
        keep = terms.highlighted or 0
        terms.set_options(Option(Content(e.term(lang)), id=e.id) for e in self.entries)
        terms.highlighted = keep if self.entries else None
        self._define(keep, lang)

    def _define(self, index: int | None, lang: Lang) -> None:
        text = ""
        if index is not None and 0 <= index < len(self.entries):
            entry = self.entries[index]
            text = f"{entry.term(lang)}\n\n{entry.definition(lang)}"
            if entry.seeds:
                text += "\n\n" + tr("seeds", lang, seeds=", ".join(entry.seeds))
        self.query_one("#definition", Static).update(text)

    @on(OptionList.OptionHighlighted, "#terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._define(event.option_index, app_lang(self))
