"""What the ROI explorer shows for a priced scenario: table, verdict, plot, break-evens, warnings.

Every sentence and number comes from `advisor.report.roi` (the pieces `advisor roi` prints),
so the screen says exactly what the saved report says. The table is the report's table with
as many of its columns as the width allows, most useful first: monthly cost and total always,
then one-off, per query, payback, fixed per month and the option's name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from advisor.core.i18n import Lang, pick
from advisor.report import roi as report
from advisor.report.text import wrap
from advisor.tui.widgets.roi_plot import RoiPlot, RoiTornado

if TYPE_CHECKING:
    from advisor.core.analyses import Analyses
    from advisor.core.roi import OptionResult, RoiResult


class Column(NamedTuple):
    """One column of the cost table: its header, its cells and how it is aligned."""

    header: Callable[[RoiResult, Lang], str]
    cell: Callable[[OptionResult, RoiResult, Lang], str]
    justify: str = "right"


def _h(key: str) -> Callable[[RoiResult, Lang], str]:
    return lambda r, lang: pick(report.T[key], lang).format(h=r.scenario.horizon_months)


COLUMNS: dict[str, Column] = {
    "option": Column(_h("option"), lambda o, r, lang: o.id, "left"),
    "name": Column(lambda r, lang: "", lambda o, r, lang: report.option_name(o.id, lang), "left"),
    "oneoff": Column(_h("oneoff"), lambda o, r, lang: report.usd(o.upfront_usd)),
    "fixed": Column(_h("fixed"), lambda o, r, lang: report.usd(o.monthly_fixed_usd)),
    "per_query": Column(_h("per_query"), lambda o, r, lang: report.per_query(o.per_query_usd)),
    "monthly": Column(_h("monthly"), lambda o, r, lang: report.usd(o.monthly_cost_usd)),
    "total": Column(_h("total"), lambda o, r, lang: report.usd(o.total_cost_usd)),
    "payback": Column(_h("payback"), lambda o, r, lang: report.payback_text(o, r, lang)),
}
"""The report's columns, in the report's order."""

PRIORITY = ("option", "monthly", "total", "oneoff", "per_query", "payback", "fixed", "name")
"""Which columns stay when the table must be narrower than all of them."""


def cost_table(
    result: RoiResult, lang: Lang, emphasised: Sequence[str], width: int
) -> tuple[Table, list[str]]:
    """The cost table with the columns that fit in `width` cells; returns the columns shown.

    The cheapest option is bold and marked "(cheapest)" as in the report, or with a check mark
    when the words would cost the monthly or total column.
    """
    for mark in (pick(report.T["cheapest_mark"], lang), " ✓"):
        cells = _cells(result, lang, emphasised, mark)
        keys = _fit(cells, width)
        if "total" in keys:
            break
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    for key in keys:
        table.add_column(cells[key][0], justify=COLUMNS[key].justify, no_wrap=True)  # type: ignore[arg-type]
    for i, o in enumerate(result.options):
        style = "bold" if o.id == result.cheapest else None
        table.add_row(*(cells[k][i + 1] for k in keys), style=style)
    return table, keys


def _cells(
    result: RoiResult, lang: Lang, emphasised: Sequence[str], mark: str
) -> dict[str, list[str]]:
    """Every column's header and cells; recommended options starred, the cheapest marked."""
    cells: dict[str, list[str]] = {}
    for key, column in COLUMNS.items():
        values = [column.cell(o, result, lang) for o in result.options]
        if key == "option":
            values = [
                ("★ " if o.id in emphasised else "  ")
                + v
                + (mark if o.id == result.cheapest else "")
                for o, v in zip(result.options, values, strict=True)
            ]
        cells[key] = [column.header(result, lang), *values]
    return cells


def _fit(cells: dict[str, list[str]], width: int) -> list[str]:
    """The columns that fit, most useful first, shown in the report's order."""
    shown: list[str] = []
    used = -1  # the first column has no separator before it
    for key in PRIORITY:
        # a space of padding either side, and the column separator
        need = max(cell_len(c) for c in cells[key]) + 3
        if shown and used + need > width:
            continue
        shown.append(key)
        used += need
    return [k for k in COLUMNS if k in shown]


def _section(title: str, lines: Sequence[str]) -> Content:
    """A bold heading over indented lines."""
    body = "\n".join(f"  {line}" for line in lines)
    return Content.assemble((title, "bold"), "\n", body)


class RoiResults(VerticalScroll, can_focus=True):
    """The priced scenario, rendered from the `RoiResult` the screen gives it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last: tuple[RoiResult, Lang, tuple[str, ...]] | None = None
        self._analyses: Analyses | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="roi-context", markup=False)
        yield Static(id="roi-problem", markup=False)
        yield Static(id="roi-table")
        yield Static(id="roi-footnote", markup=False)
        yield Static(id="roi-verdict")
        yield Static(id="roi-analysis-note", markup=False)
        yield Static(id="roi-value", classes="roi-analysis")
        yield Static(id="roi-uncertainty", classes="roi-analysis")
        yield RoiPlot(id="roi-plot")
        yield Static(id="roi-sensitivity", classes="roi-analysis")
        yield RoiTornado(id="roi-tornado")
        yield Static(id="roi-break-evens")
        yield Static(id="roi-ranges")
        yield Static(id="roi-notices")

    def show_context(self, context: str, problem: str | None) -> None:
        """The line saying where the scenario comes from, and a problem if it cannot be priced."""
        self.query_one("#roi-context", Static).update(context)
        note = self.query_one("#roi-problem", Static)
        note.update(problem or "")
        note.display = bool(problem)

    def show(
        self,
        result: RoiResult,
        lang: Lang,
        emphasised: Sequence[str],
        analyses: Analyses | None = None,
    ) -> None:
        """Render `result` in `lang`, starring the options the recommendation points at.

        `analyses` (value, uncertainty, sensitivity) must be `result`'s own: None hides them
        (the screen says they are being computed), so a band never belongs to other numbers.
        """
        self._last = (result, lang, tuple(emphasised))
        self._analyses = analyses
        s = result.scenario
        hz = {"h": s.horizon_months, "hm": report.months_text(s.horizon_months)}
        self._table()
        footnote = pick(report.T["footnote"], lang).format(
            qm=report.qpd(s.queries_per_day * s.days_per_month), base=result.baseline, **hz
        )
        self.query_one("#roi-footnote", Static).update(footnote)
        verdict = Content.assemble(
            (pick(report.T["verdict"], lang), "bold"), "\n", report.verdict(result, lang)
        )
        self.query_one("#roi-verdict", Static).update(verdict)
        u = analyses.uncertainty if analyses is not None else None
        self.query_one(RoiPlot).show(result, lang, u)
        self._fit_analyses()
        heading = pick(report.T["break_even"], lang).format(**hz)
        self.query_one("#roi-break-evens", Static).update(
            _section(heading, report.break_even_lines(result, lang))
        )
        ranges = report.range_lines(result, lang)
        self.query_one("#roi-ranges", Static).update(
            _section(pick(report.T["cheapest_by"], lang), ranges)
        )
        notices = self.query_one("#roi-notices", Static)
        lines = ["! " + report.notice_text(n, result, lang) for n in result.notices]
        notices.update(_section(pick(report.T["warnings"], lang), lines) if lines else "")
        notices.display = bool(lines)

    def _table(self) -> None:
        if self._last is None:
            return
        result, lang, emphasised = self._last
        found = self.query("#roi-table")
        if not found:
            return  # resized while being removed
        static = found.first(Static)
        width = static.content_region.width or self.size.width or 200
        table, _ = cost_table(result, lang, emphasised, width)
        static.update(table)

    def note(self, text: str | None) -> None:
        """A line under the verdict: analyses being computed, or a hint about ranges."""
        static = self.query_one("#roi-analysis-note", Static)
        static.update(text or "")
        static.display = bool(text)

    def _fit_analyses(self) -> None:
        """Render value, uncertainty and sensitivity as the report's tables, at this width."""
        if self._last is None or not self.query("#roi-value"):
            return  # resized while being removed
        from advisor.report import uncertainty as unc

        result, lang, _ = self._last
        a = self._analyses
        # The sections may be hidden (no width of their own yet): the scroll's content width,
        # which leaves out its padding and scrollbar, is theirs.
        width = max(40, self.scrollable_content_region.width or 100)
        sections = (
            ("#roi-value", a and a.value, unc.value_blocks),
            ("#roi-uncertainty", a and a.uncertainty, unc.uncertainty_blocks),
            ("#roi-sensitivity", a and a.sensitivity, unc.sensitivity_blocks),
        )
        for selector, data, blocks in sections:
            static = self.query_one(selector, Static)
            static.display = data is not None
            if data is not None:
                title, *rest = blocks(data, result, lang)  # type: ignore[operator]
                head = "\n".join(wrap(title[1], width))
                body = "\n".join(unc.text_lines(rest, width=width))
                static.update(Content.assemble((head, "bold"), "\n", body))
        tornado = self.query_one(RoiTornado)
        sens = a.sensitivity if a is not None else None
        tornado.display = bool(sens is not None and sens.rows)
        if sens is not None and sens.rows:
            tornado.show(sens, lang, result.scenario.queries_per_day)

    def reveal(self, which: str) -> None:
        """Scroll the section the user just switched on into view."""
        found = self.query(f"#roi-{which}")
        if found:
            self.scroll_to_widget(found.first(), top=True)

    def on_resize(self, event: Resize) -> None:
        """Fit the table's columns and the analyses' tables to the new width."""
        self.call_after_refresh(self._table)
        self.call_after_refresh(self._fit_analyses)
