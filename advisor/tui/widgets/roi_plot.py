"""The ROI plot: `advisor roi`'s own `draw_roi`, drawn on textual-plotext's widget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual_plotext import PlotextPlot

from advisor.core.i18n import Lang
from advisor.report.plot import TORNADO_ROWS, draw_roi, draw_tornado

if TYPE_CHECKING:
    from advisor.core.roi import RoiResult
    from advisor.core.uncertainty import Sensitivity, UncertaintyResult


class RoiPlot(PlotextPlot):
    """Monthly cost of every option against queries/day, redrawn for each new result.

    The CLI prints the same drawing (`report.plot.render_plot`), so the screen and the report
    never disagree; the widget only sizes it and follows the app's theme.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[RoiResult, Lang, UncertaintyResult | None] | None = None

    def show(self, result: RoiResult, lang: Lang, uncertainty: UncertaintyResult | None) -> None:
        """Draw `result` (its curves, the break-evens and the user's volume) in `lang`, with
        each option's P10..P90 band when there is a simulation of it."""
        self._shown = (result, lang, uncertainty)
        self.refresh()

    def render(self) -> RenderableType:
        """Draw afresh, then let the widget size and build the figure.

        plotext's `build()` log-scales the figure's data in place, so a figure built twice (a
        resize, a theme change) would be logged twice; drawing before every build keeps each
        frame right. Drawing costs a few milliseconds.
        """
        if self._shown is not None:
            self.plt.clear_figure()
            result, lang, uncertainty = self._shown
            draw_roi(self.plt, result, lang, color=True, uncertainty=uncertainty)
        return _cropped(super().render(), self.size.width)


def _cropped(text: RenderableType, width: int) -> RenderableType:
    """plotext pads a Chinese title by characters, not cells, so its line comes out wider than
    the plot: crop it rather than let it wrap and push the plot down."""
    if not isinstance(text, Text):
        return text
    lines = text.split("\n", allow_blank=True)
    for line in lines:
        line.truncate(width, overflow="crop")
    return Text("\n").join(lines)


class RoiTornado(PlotextPlot):
    """The one-way sensitivity as `advisor roi --sensitivity` draws it: ranked swings of the
    cheapest option's lead, low end and high end of each input."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Sensitivity, Lang, float] | None = None

    def show(self, sensitivity: Sensitivity, lang: Lang, queries_per_day: float) -> None:
        """Draw `sensitivity` in `lang`; its height follows the number of inputs ranked."""
        self._shown = (sensitivity, lang, queries_per_day)
        self.styles.height = max(10, 2 * min(len(sensitivity.rows), TORNADO_ROWS) + 6)
        self.refresh()

    def render(self) -> RenderableType:
        """Draw afresh before each build (see `RoiPlot.render`)."""
        if self._shown is not None:
            sensitivity, lang, q = self._shown
            self.plt.clear_figure()
            draw_tornado(self.plt, sensitivity, lang, queries_per_day=q, color=True)
        return _cropped(super().render(), self.size.width)
