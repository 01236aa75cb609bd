"""A one-line progress bar: questions answered out of the most this path can ask."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class ProgressLine(Widget):
    """`done` of `total` as a thin bar across the widget's width.

    Textual's `ProgressBar` brings percentage and ETA widgets and a clock this does not need;
    one rendered line keeps the first screen quick to build.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"progress-line--done", "progress-line--todo"}

    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        & > .progress-line--done { color: $primary; }
        & > .progress-line--todo { color: $panel-lighten-2; }
    }
    """

    done: reactive[int] = reactive(0)
    """Questions answered so far."""
    total: reactive[int] = reactive(1)
    """Questions on the path at most."""

    def render(self) -> Content:
        width = self.size.width
        filled = round(width * min(self.done, self.total) / max(self.total, 1))
        return Content.assemble(
            ("━" * filled, self.get_visual_style("progress-line--done")),
            ("━" * (width - filled), self.get_visual_style("progress-line--todo")),
        )
