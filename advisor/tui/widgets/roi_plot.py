"""The ROI plot: `advisor roi`'s own `draw_roi`, drawn on textual-plotext's widget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual_plotext import PlotextPlot

from advisor.core.i18n import Lang
from advisor.report.plot import draw_roi

if TYPE_CHECKING:
    from advisor.core.roi import RoiResult


class RoiPlot(PlotextPlot):
    """Monthly cost of every option against queries/day, redrawn for each new result.

    The CLI prints the same drawing (`report.plot.render_plot`), so the screen and the report
    never disagree; the widget only sizes it and follows the app's theme.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[RoiResult, Lang] | None = None

    def show(self, result: RoiResult, lang: Lang) -> None:
        """Draw `result` (its curves, the break-evens and the user's volume) in `lang`."""
        self._shown = (result, lang)
        self.refresh()

    def render(self) -> RenderableType:
        """Draw afresh, then let the widget size and build the figure.

        plotext's `build()` log-scales the figure's data in place, so a figure built twice (a
        resize, a theme change) would be logged twice; drawing before every build keeps each
        frame right. Drawing costs a few milliseconds.
        """
        if self._shown is not None:
            self.plt.clear_figure()
            draw_roi(self.plt, *self._shown, color=True)
        text = super().render()
        if not isinstance(text, Text):
            return text
        # plotext pads a Chinese title by characters, not cells, so its line comes out wider
        # than the plot: crop it rather than let it wrap and push the plot down.
        lines = text.split("\n", allow_blank=True)
        for line in lines:
            line.truncate(self.size.width, overflow="crop")
        return Text("\n").join(lines)
