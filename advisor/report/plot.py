"""The ROI plot: monthly cost of each option against queries/day, drawn on any plotext `plt`.

`draw_roi` uses only calls that exist both on the `plotext` module (the CLI) and on
textual-plotext's `PlotextPlot.plt` (the TUI): `clear_data`, `plot`, `xscale`, `yscale`,
`xticks`, `yticks`, `title`, `xlabel`, `ylabel`. The caller sets the size and theme. Nothing is
computed here that the report does not also print: the curves are `RoiResult.amortised`, the
marked volumes are the result's cheapest-range boundaries and the user's volume.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.core.i18n import Lang, pick
from advisor.core.roi import RoiResult


def months_text(n: int) -> str:
    """`1 month`, `12 months`."""
    return f"{n} month" if n == 1 else f"{n} months"


#: Line colours (plotext names) and, for colourless output, a marker character per option.
COLORS = {"api": "blue", "rag": "magenta", "finetune": "orange", "distill": "green"}
MARKERS = {"api": "a", "rag": "r", "finetune": "f", "distill": "d"}

T = {
    "title": (
        "Monthly cost vs queries/day (one-off spread over {hm}; log scales)",
        "每月成本与每日查询量（一次性成本分摊到 {h} 个月；对数坐标）",
    ),
    "x": (
        "queries/day   ┃ your volume {q}   ┊ where the cheapest option changes",
        "每日查询量   ┃ 你的查询量 {q}   ┊ 最便宜方案切换处",
    ),
    "cum_title": (
        "Cumulative cost over {hm} at {q} queries/day",
        "每日 {q} 次查询时 {h} 个月的累计成本",
    ),
    "cum_x": ("months", "月"),
}


def _decade_label(v: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if v >= size:
            n = v / size
            return f"{n:g}{suffix}"
    return f"{v:g}"


def _money_label(v: float) -> str:
    return "$" + _decade_label(v)


def log_ticks(lo: float, hi: float) -> list[float]:
    """Round values (1, 2, 5 x 10^k) inside [lo, hi]; only the powers of ten if many fit."""
    if lo <= 0 or hi <= lo:
        return [lo] if lo > 0 else []
    k_lo, k_hi = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    nice = [m * 10.0**k for k in range(k_lo, k_hi + 1) for m in (1, 2, 5)]
    inside = [t for t in nice if lo <= t <= hi]
    decades = [t for t in inside if round(math.log10(t), 9).is_integer()]
    return decades if len(decades) >= 3 else inside


def x_range(result: RoiResult) -> tuple[float, float]:
    """Volumes to show: two decades around the user's volume and every change of cheapest."""
    q = result.scenario.queries_per_day
    marks = [r.from_queries_per_day for r in result.cheapest_ranges if r.from_queries_per_day > 0]
    lo_candidates = [q / 100 if q > 0 else 1.0, *(m / 10 for m in marks)]
    hi_candidates = [max(q, 1.0) * 100, *(m * 10 for m in marks)]
    lo = max(1.0, min(lo_candidates))
    hi = min(result.search_max_queries_per_day, max(hi_candidates))
    lo = 10 ** math.floor(math.log10(lo))
    hi = 10 ** math.ceil(math.log10(max(hi, lo * 10)))
    return float(lo), float(hi)


def _xs(result: RoiResult, lo: float, hi: float, n: int = 81) -> list[float]:
    """Log-spaced volumes, plus the exact kinks and steps of every curve inside the range."""
    step = (math.log10(hi) - math.log10(lo)) / (n - 1)
    xs = {lo * 10 ** (k * step) for k in range(n)}
    for o in result.options:
        for s in o.model.running.starts[1:]:
            if lo < s < hi:
                xs.update((s, s * (1 + 1e-9)))
    return sorted(xs)


def draw_roi(
    plt: Any, result: RoiResult, lang: Lang = "en", *, color: bool = True, markers: bool = False
) -> None:
    """Draw the monthly cost curves on `plt` (plotext module or `PlotextPlot.plt`).

    `color=False` leaves colours to the theme; `markers=True` draws each option with its own
    letter so the lines can be told apart without colour (the `--plain` report).
    """
    plt.clear_data()
    lo, hi = x_range(result)
    xs = _xs(result, lo, hi)
    curves = {o.id: result.amortised(o.id) for o in result.options}
    ys_all: list[float] = []
    for o in result.options:
        ys = [curves[o.id](x) for x in xs]
        ys_all.extend(ys)
        kwargs: dict[str, Any] = {"label": o.id}
        if color:
            kwargs["color"] = COLORS[o.id]
        kwargs["marker"] = MARKERS[o.id] if markers else "braille"
        plt.plot(xs, ys, **kwargs)
    positive = [y for y in ys_all if y > 0]
    log_y = bool(positive) and len(positive) == len(ys_all)
    y_lo = min(ys_all) if ys_all else 0.0
    y_hi = max(ys_all) if ys_all else 1.0
    marks = [
        r.from_queries_per_day
        for r in result.cheapest_ranges
        if lo < r.from_queries_per_day < hi and r.from_queries_per_day > 0
    ]
    for m in marks:
        plt.plot([m, m], [y_lo, y_hi], marker="┊", **({"color": "gray"} if color else {}))
    q = result.scenario.queries_per_day
    if lo <= q <= hi:
        plt.plot([q, q], [y_lo, y_hi], marker="┃", **({"color": "red"} if color else {}))
    plt.xscale("log")
    decades = [10.0**k for k in range(round(math.log10(lo)), round(math.log10(hi)) + 1)]
    plt.xticks(decades, [_decade_label(d) for d in decades])
    if log_y:
        plt.yscale("log")
        ticks = log_ticks(y_lo, y_hi)
        plt.yticks(ticks, [_money_label(t) for t in ticks])
    else:
        plt.yscale("linear")
    h = result.scenario.horizon_months
    plt.title(pick(T["title"], lang).format(h=h, hm=months_text(h)))
    plt.xlabel(pick(T["x"], lang).format(q=f"{q:,.0f}"))


def draw_cumulative(
    plt: Any, result: RoiResult, lang: Lang = "en", *, color: bool = True, markers: bool = False
) -> None:
    """Cumulative cost (one-off + running x months) at the user's volume, month 0 to horizon."""
    plt.clear_data()
    h = result.scenario.horizon_months
    months = list(range(h + 1))
    for o in result.options:
        ys = [o.upfront_usd + o.monthly_running_usd * m for m in months]
        kwargs: dict[str, Any] = {"label": o.id}
        if color:
            kwargs["color"] = COLORS[o.id]
        kwargs["marker"] = MARKERS[o.id] if markers else "braille"
        plt.plot(months, ys, **kwargs)
    plt.xscale("linear")
    plt.yscale("linear")
    q = result.scenario.queries_per_day
    plt.title(pick(T["cum_title"], lang).format(h=h, hm=months_text(h), q=f"{q:,.0f}"))
    plt.xlabel(pick(T["cum_x"], lang))


def new_figure() -> Any:
    """A fresh plotext figure: the class textual-plotext's `PlotextPlot.plt` is built on.

    `import plotext` also builds a global figure and its command-line helpers (`_core`,
    `_global`: ~6 ms, a tenth of `advisor roi`'s start-up budget) that drawing one figure does
    not use. So when plotext is not imported yet, only its figure module (and the docstring
    table that module attaches) is loaded, under a temporary package entry; afterwards every
    `plotext*` entry is dropped from `sys.modules` again. The figure keeps working (its
    functions hold their modules), and a later `import plotext` anywhere in the process gets
    a fresh, complete package. Any surprise falls back to the plain import.
    """
    import sys

    if "plotext" not in sys.modules:
        try:
            return _isolated_figure()
        except Exception:  # pragma: no cover - a plotext laid out differently: import it all
            _forget_plotext()
    from plotext._figure import _figure_class

    return _figure_class()


def _isolated_figure() -> Any:
    import importlib
    import importlib.util
    import sys
    import types

    spec = importlib.util.find_spec("plotext")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("plotext is not installed")
    stub = types.ModuleType("plotext")
    stub.__path__ = list(spec.submodule_search_locations)
    sys.modules["plotext"] = stub
    try:
        importlib.import_module("plotext._doc")  # the docstrings _figure attaches as it loads
        return importlib.import_module("plotext._figure")._figure_class()
    finally:
        _forget_plotext()


def _forget_plotext() -> None:
    import sys

    for name in [m for m in sys.modules if m == "plotext" or m.startswith("plotext.")]:
        del sys.modules[name]


def render_plot(
    result: RoiResult,
    lang: Lang = "en",
    *,
    plain: bool = True,
    width: int = 100,
    height: int = 24,
    cumulative: bool = False,
) -> str:
    """The plot as text for the CLI, at a fixed size (never the terminal's)."""
    import re

    plt = new_figure()
    # Without this, plotext shrinks the plot to the terminal: output would depend on it.
    plt._limit_size(False, False)
    plt.plotsize(width, height)
    plt.theme("clear")
    if cumulative:
        draw_cumulative(plt, result, lang, color=not plain, markers=plain)
    else:
        draw_roi(plt, result, lang, color=not plain, markers=plain)
    text = plt.build()
    if plain:
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return "\n".join(line.rstrip() for line in text.splitlines())
