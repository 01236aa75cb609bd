"""Run-time language switching: every screen re-renders its text when `AdvisorApp.lang` changes.

Screens call `follow_lang(self, self.relabel)` when mounted; the footer labels of their key
bindings are translated here from `strings.ACTIONS`, so the footer switches language too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.dom import DOMNode

from advisor.core.i18n import Lang, pick
from advisor.tui.strings import ACTIONS


def localize_bindings(node: DOMNode, lang: Lang) -> None:
    """Give `node`'s key bindings footer labels in `lang`.

    Textual keeps a per-instance copy of the bindings (`_bindings`) and has no public way to
    change a binding's description, which is what the footer shows (textual#1410); replacing the
    `Binding` objects in that copy is the smallest way to a footer that switches language.
    """
    key_to_bindings = node._bindings.key_to_bindings
    for key, bindings in key_to_bindings.items():
        key_to_bindings[key] = [
            replace(b, description=pick(ACTIONS[name], lang))
            if (name := b.action.rpartition(".")[2]) in ACTIONS
            else b
            for b in bindings
        ]


def follow_lang(node: DOMNode, relabel: Callable[[Lang], None]) -> None:
    """Call `relabel(lang)` now and whenever the app's language changes; translate the footer."""

    def changed(lang: Lang) -> None:
        localize_bindings(node, lang)
        relabel(lang)
        node.refresh_bindings()

    first = app_lang(node)
    localize_bindings(node, first)
    relabel(first)
    if first != "en":
        # Bindings are written with English labels, so an English start needs no refresh
        # (which would rebuild the footer before the first frame).
        node.refresh_bindings()
    node.watch(node.app, "lang", changed, init=False)


def follow_lang_in_dialog(screen: DOMNode, relabel: Callable[[Lang], None]) -> bool:
    """`follow_lang` for a dialog, unless a key queued before it mounted already dismissed it
    (then its widgets are gone and there is nothing to label): False then."""
    if not screen.query("#dialog-text"):
        return False
    follow_lang(screen, relabel)
    return True


def app_lang(node: DOMNode) -> Lang:
    """The language the app currently speaks (English outside an `AdvisorApp`, e.g. in tests)."""
    lang = getattr(node.app, "lang", "en")
    return "zh" if lang == "zh" else "en"
