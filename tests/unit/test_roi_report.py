"""Rendering: text, markdown, JSON, CSV in both languages, and the plot on any plotext `plt`."""

from __future__ import annotations

import csv
import io
import json
from typing import ClassVar

import pytest

from advisor.report import plot as plot_module
from advisor.report import roi as render
from advisor.report.text import width
from tests.unit.roi_helpers import result


@pytest.mark.parametrize(
    "table",
    [
        render.NAMES,
        render.ITEMS,
        render.KINDS,
        render.T,
        render.NOTICES,
        render.UNITS,
        plot_module.T,
    ],
)
def test_every_interface_string_has_both_languages(table):
    for key, (en, zh) in table.items():
        assert en.strip() and zh.strip() and en != zh, key


def test_json_carries_the_interface_fields():
    r = result("api.engineering_usd=1000")
    data = json.loads(render.render_json(r, "en"))
    assert {"options", "break_even", "cheapest", "assumptions"} <= set(data)
    for o in data["options"]:
        assert {
            "id",
            "upfront_usd",
            "monthly_fixed_usd",
            "per_query_usd",
            "monthly_cost_usd",
            "total_cost_usd",
        } <= set(o)
    assert [o["id"] for o in data["options"]] == ["api", "rag", "finetune", "distill"]
    assert all({"a", "b", "queries_per_day"} <= set(b) for b in data["break_even"])
    paths = {a["path"]: a for a in data["assumptions"]}
    assert paths["api.engineering_usd"]["value"] == 1000
    assert {"path", "value", "source"} == set(paths["rag.model"])
    assert data["sources"] and all(s["checked"] for s in data["sources"])


def test_csv_has_one_row_per_option():
    rows = list(csv.DictReader(io.StringIO(render.render_csv(result(), "en"))))
    assert [r["id"] for r in rows] == ["api", "rag", "finetune", "distill"]
    assert sum(r["cheapest"] == "1" for r in rows) == 1
    assert float(rows[0]["per_query_usd"]) == pytest.approx(0.00168)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_report_fits_100_columns(lang):
    text = render.render_text(result(), lang)
    assert max(width(line) for line in text.splitlines()) <= 100
    assert "\x1b" not in text


def test_text_report_shows_sources_formulas_and_warnings():
    text = render.render_text(result(), "en")
    assert "2,500 static tok x $0.4/M" in text
    assert "[H 2026-07-24] https://openai.com/api/pricing/ fine-tuning table" in text
    assert "2027-01-06 (within your 12-month horizon)" in text
    assert "A month is 30 days" in text


def test_chinese_report():
    text = render.render_text(result(), "zh")
    for phrase in ("盈亏平衡点", "结论", "来源", "警告", "每月按 30 天计"):
        assert phrase in text
    md = render.render_markdown(result(), "zh")
    assert md.startswith("# ROI：每日 1,000 次查询")


def test_markdown_report():
    md = render.render_markdown(result(), "en")
    assert "| `api` Prompt engineering |" in md
    assert "## Assumptions" in md and "| `api.output_tokens` | 300 | default |" in md


def test_verdict_names_the_cheapest_and_the_next_switch():
    r = result("queries_per_day=100")
    v = render.verdict(r, "en")
    assert v.startswith("At 100 queries/day over 12 months, Prompt engineering (api) is")
    assert "Above 354.9/day, distill becomes the cheapest." in v


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "$0"), (0.00168, "$0.00168"), (0.0000123, "$0.0000123"), (0.2, "$0.20"), (50.4, "$50.40")],
)
def test_money_formats(value, text):
    assert render.usd(value) == text


class Recorder:
    """A stand-in `plt` that records calls: draw_roi may only use the API both front ends have."""

    COMMON: ClassVar[set[str]] = {
        "clear_data",
        "plot",
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
            raise AssertionError(f"draw_roi used plt.{name}, which is not in the shared API")
        return lambda *a, **k: self.calls.append((name, a, k))


def test_draw_roi_uses_only_the_shared_plotext_api():
    rec = Recorder()
    r = result()
    plot_module.draw_roi(rec, r, "en")
    plotted = [c for c in rec.calls if c[0] == "plot"]
    labels = [c[2].get("label") for c in plotted]
    assert labels[:4] == ["api", "rag", "finetune", "distill"]
    xs = plotted[0][1][0]
    assert min(xs) <= 1000 <= max(xs)
    rec2 = Recorder()
    plot_module.draw_cumulative(rec2, r, "en")


def test_draw_roi_on_the_tui_widget_plot():
    from textual_plotext.plot import Plot

    plt = Plot()
    plot_module.draw_roi(plt, result(), "zh", color=True)
    assert "每月成本" in plt.build()


def test_cli_plot_is_fixed_size_and_plain():
    text = plot_module.render_plot(result(), "en", plain=True, width=90, height=20)
    lines = text.splitlines()
    assert "\x1b" not in text and max(len(line) for line in lines) <= 90
    assert any("┃" in line for line in lines) and "aa api" in text


def test_log_ticks():
    assert plot_module.log_ticks(3, 4000) == [10, 100, 1000]
    assert plot_module.log_ticks(3, 40) == [5, 10, 20]
