"""The ROI plot: monthly cost of each option against queries/day, drawn on any plotext `plt`.

`draw_roi` uses only calls that exist both on the `plotext` module (the CLI) and on
textual-plotext's `PlotextPlot.plt` (the TUI): `clear_data`, `plot`, `xscale`, `yscale`,
`xticks`, `yticks`, `title`, `xlabel`, `ylabel`. The caller sets the size and theme. Nothing is
computed here that the report does not also print: the curves are `RoiResult.amortised`, the
marked volumes are the result's cheapest-range boundaries and the user's volume.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from advisor.core.i18n import Lang, pick
from advisor.core.roi import RoiResult
from advisor.report.roi import months_text

if TYPE_CHECKING:  # the uncertainty module is imported only when a band or tornado is drawn
    from advisor.core.uncertainty import Sensitivity, UncertaintyResult


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
    "band_title": (
        "Monthly cost vs queries/day (one-off over {hm}; log; ·: P10-P90)",
        "每月成本与每日查询量（一次性成本分摊到 {h} 个月；对数坐标；·：P10-P90）",
    ),
    "tornado": (
        "What moves {c}'s lead at {q}/day (now {lead}/month)",
        "每日 {q} 次时影响 {c} 领先幅度的因素（目前每月 {lead}）",
    ),
    "tornado_x": (
        "change of the lead, $/month   {lo} input at its low end   {hi} at its high end",
        "领先幅度的变化（每月美元）   {lo} 输入取低端   {hi} 取高端",
    ),
    "tornado_be": (
        "What moves the break-even {a} -> {b} (now {q}/day)",
        "影响盈亏平衡点 {a} -> {b} 的因素（目前每日 {q} 次）",
    ),
    "tornado_be_x": (
        "change of the break-even, queries/day (never: clipped)   {lo} low end   {hi} high end",
        "盈亏平衡点的变化（每日查询量；从不：截断）   {lo} 低端   {hi} 高端",
    ),
    "low": ("low", "低端"),
    "high": ("high", "高端"),
}

#: Points of a cost band across the plot (each a quantile over the band's draws).
BAND_POINTS = 11
#: Rows of a tornado chart (the inputs that move the result most).
TORNADO_ROWS = 10


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
    plt: Any,
    result: RoiResult,
    lang: Lang = "en",
    *,
    color: bool = True,
    markers: bool = False,
    uncertainty: UncertaintyResult | None = None,
) -> None:
    """Draw the monthly cost curves on `plt` (plotext module or `PlotextPlot.plt`).

    `color=False` leaves colours to the theme; `markers=True` draws each option with its own
    letter so the lines can be told apart without colour (the `--plain` report). With an
    `uncertainty` result each option whose cost varies gets a band: its P10 and P90 over the
    draws, drawn as dotted lines in the option's colour.
    """
    plt.clear_data()
    lo, hi = x_range(result)
    xs = _xs(result, lo, hi)
    curves = {o.id: result.amortised(o.id) for o in result.options}
    ys_all: list[float] = []
    if uncertainty is not None:
        bxs = [lo * (hi / lo) ** (k / (BAND_POINTS - 1)) for k in range(BAND_POINTS)]
        for o in result.options:
            if not _varies(uncertainty, o.id):
                continue
            low, high = uncertainty.band(o.id, bxs)
            ys_all.extend(low + high)
            kw: dict[str, Any] = {"marker": "·"}
            if color:
                kw["color"] = COLORS[o.id]
            # One closed outline per option (P10 out, P90 back): half the series to draw.
            plt.plot([*bxs, *bxs[::-1], bxs[0]], [*low, *high[::-1], low[0]], **kw)
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
    key = "title" if uncertainty is None else "band_title"
    plt.title(pick(T[key], lang).format(h=h, hm=months_text(h)))
    plt.xlabel(pick(T["x"], lang).format(q=f"{q:,.0f}"))


def _varies(u: UncertaintyResult, option_id: str) -> bool:
    """Does the option's cost curve differ between draws? (No band for a fixed curve.)"""
    from advisor.core.kernel import any_col
    from advisor.core.uncertainty import drawn_fields

    assert u.curves is not None
    return any_col(*drawn_fields(u.curves[option_id]))  # type: ignore[index]


def draw_tornado(
    plt: Any,
    sensitivity: Sensitivity,
    lang: Lang = "en",
    *,
    queries_per_day: float,
    color: bool = True,
    markers: bool = False,
    metric: str = "lead",
    rows: int = TORNADO_ROWS,
) -> None:
    """A tornado chart of one-way sensitivity on `plt` (plotext module or `PlotextPlot.plt`).

    `metric="lead"`: how far each input, alone at its low and its high end, moves the cheapest
    option's lead over the next one at the user's volume ($/month; a bar past -lead means the
    verdict flips). `metric="break_even"`: how far it moves the main break-even (queries/day;
    an end where the break-even disappears is clipped to the widest finite bar). Inputs are
    ranked by swing, the largest at the top. Uses `clear_data`, `bar`, `title`, `xlabel`.
    """
    plt.clear_data()
    s = sensitivity
    if metric == "lead":
        chosen = list(s.rows[:rows])
        base = s.lead
        lows = [r.lead_low - base for r in chosen]
        highs = [r.lead_high - base for r in chosen]
    else:
        chosen = list(s.by_break_even[:rows])
        base = s.break_even
        lows = [r.break_even_low - base for r in chosen]
        highs = [r.break_even_high - base for r in chosen]
        finite = [abs(x) for x in lows + highs if math.isfinite(x)]
        cap = max(finite, default=1.0) * 1.2 or 1.0
        lows = [_clip(x, cap) for x in lows]
        highs = [_clip(x, cap) for x in highs]
    labels = [_short(r.input) for r in chosen][::-1]  # plotext draws the first bar lowest
    lows, highs = lows[::-1], highs[::-1]
    # Two shades tell the ends apart without colour; `markers` is accepted for symmetry.
    lo_mark, hi_mark = "▒", "█"
    del markers
    lo_kw: dict[str, Any] = {"orientation": "horizontal", "label": pick(T["low"], lang)}
    hi_kw: dict[str, Any] = {"orientation": "horizontal", "label": pick(T["high"], lang)}
    lo_kw["marker"], hi_kw["marker"] = lo_mark, hi_mark
    if color:
        lo_kw["color"], hi_kw["color"] = "blue", "orange"
    if labels:
        plt.bar(labels, lows, **lo_kw)
        plt.bar(labels, highs, **hi_kw)
    q = f"{queries_per_day:,.0f}"
    if metric == "lead":
        plt.title(pick(T["tornado"], lang).format(c=s.cheapest, q=q, lead=f"${s.lead:,.2f}"))
        plt.xlabel(pick(T["tornado_x"], lang).format(lo=lo_mark, hi=hi_mark))
    else:
        a, b = s.pair
        be = "never" if not math.isfinite(s.break_even) else f"{s.break_even:,.0f}"
        plt.title(pick(T["tornado_be"], lang).format(a=a, b=b, q=be))
        plt.xlabel(pick(T["tornado_be_x"], lang).format(lo=lo_mark, hi=hi_mark))


def _clip(x: float, cap: float) -> float:
    if x != x:
        return 0.0
    return max(-cap, min(cap, x))


def _short(label: str, width: int = 26) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


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
    uncertainty: UncertaintyResult | None = None,
) -> str:
    """The plot as text for the CLI, at a fixed size (never the terminal's)."""
    plt = _figure(width, height)
    if cumulative:
        draw_cumulative(plt, result, lang, color=not plain, markers=plain)
    else:
        draw_roi(plt, result, lang, color=not plain, markers=plain, uncertainty=uncertainty)
    return _built(plt, plain)


def render_tornado(
    sensitivity: Sensitivity,
    lang: Lang = "en",
    *,
    queries_per_day: float,
    plain: bool = True,
    width: int = 100,
    metric: str = "lead",
) -> str:
    """The tornado chart as text for the CLI (height grows with the number of inputs)."""
    rows = min(len(sensitivity.rows), TORNADO_ROWS)
    plt = _figure(width, max(10, 3 * rows + 6))
    draw_tornado(
        plt,
        sensitivity,
        lang,
        queries_per_day=queries_per_day,
        color=not plain,
        markers=plain,
        metric=metric,
    )
    return _built(plt, plain)


def _figure(width: int, height: int) -> Any:
    plt = new_figure()
    # Without this, plotext shrinks the plot to the terminal: output would depend on it.
    plt._limit_size(False, False)
    plt.plotsize(width, height)
    plt.theme("clear")
    return plt


def _built(plt: Any, plain: bool) -> str:
    import re

    text = plt.build()
    if plain:
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return "\n".join(line.rstrip() for line in text.splitlines())
