"""The band and tornado charts draw on any plotext-like `plt`: the CLI's figure and the TUI's."""

from __future__ import annotations

from typing import ClassVar

from advisor.core import uncertainty as U
from advisor.core.roi_inputs import build, compute_result
from advisor.report import plot as plot_module
from tests.unit.roi_helpers import TODAY


class Recorder:
    """A stand-in `plt` that records calls and refuses anything outside the shared API."""

    COMMON: ClassVar[set[str]] = {
        "clear_data",
        "plot",
        "bar",
        "xscale",
        "yscale",
        "xticks",
        "yticks",
        "title",
        "xlabel",
    }

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name):
        if name not in self.COMMON:
            raise AssertionError(f"used plt.{name}, which is not in the shared API")
        return lambda *a, **k: self.calls.append((name, a, k))


def _analyses():
    inputs = build(sets=["*.output_tokens=200..600", "queries_per_day=300..3000"])
    result = compute_result(inputs, today=TODAY)
    return result, U.simulate(inputs, result, draws=500), U.tornado(inputs, result)


def test_bands_are_one_extra_outline_per_varying_option():
    result, u, _ = _analyses()
    rec = Recorder()
    plot_module.draw_roi(rec, result, "en", uncertainty=u)
    plotted = [c for c in rec.calls if c[0] == "plot"]
    bands = [c for c in plotted if c[2].get("marker") == "·"]
    assert len(bands) == 4  # every option's cost depends on the output tokens
    xs, ys = bands[0][1]
    assert xs[0] == xs[-1] and ys[0] == ys[-1]  # a closed outline: P10 out, P90 back


def test_tornado_bars_rank_the_widest_swing_on_top():
    result, _, s = _analyses()
    rec = Recorder()
    plot_module.draw_tornado(rec, s, "en", queries_per_day=result.scenario.queries_per_day)
    bars = [c for c in rec.calls if c[0] == "bar"]
    assert len(bars) == 2 and all(c[2]["orientation"] == "horizontal" for c in bars)
    labels = bars[0][1][0]
    assert labels[-1] == s.rows[0].input  # plotext draws the last label at the top
    rec = Recorder()
    plot_module.draw_tornado(rec, s, "zh", queries_per_day=1000, metric="break_even")
    assert any("盈亏平衡点" in c[1][0] for c in rec.calls if c[0] == "title")


def test_both_charts_on_the_tui_widget_plot():
    from textual_plotext.plot import Plot

    result, u, s = _analyses()
    plt = Plot()
    plot_module.draw_roi(plt, result, "en", uncertainty=u)
    assert "·: P10-P90" in plt.build()
    plt = Plot()
    plot_module.draw_tornado(plt, s, "en", queries_per_day=1000)
    assert "queries_per_day" in plt.build()


def test_cli_tornado_is_fixed_size_and_plain():
    _, _, s = _analyses()
    text = plot_module.render_tornado(s, "en", queries_per_day=1000, plain=True, width=90)
    assert "\x1b" not in text and max(len(line) for line in text.splitlines()) <= 90
    assert "▒" in text and "█" in text
