"""The reference tables an outcome points to (`Outcome.tables`), as Markdown.

`render_markdown` in `report.decision` covers the recommendation itself; this adds the seed
tables quoted with it (methods, costs, data volume per task, hardware), so the TUI's report and
the Markdown file it saves carry the same tables with the seed each comes from.
"""

from __future__ import annotations

from advisor.core.i18n import Lang, pick
from advisor.core.rules import DataVolumeTable, Outcome, Rules, TextTable
from advisor.report.text import Style
from advisor.report.text import table as text_table

T = {
    "reference": ("Reference tables", "参考表"),
    "seeds": ("seeds", "种子"),
    "seed": ("seed", "种子"),
    "task": ("Task", "任务"),
    "min": ("Minimum", "最少"),
    "recommended": ("Recommended", "推荐"),
    "ideal": ("Ideal", "理想"),
    "format": ("Data format", "数据格式"),
    "examples": ("Examples", "应用举例"),
}


def _tag(title: str, seeds: tuple[str, ...], lang: Lang) -> str:
    """ " [seeds 001]" after a caption, unless the caption already names its seeds."""
    if all(f"seed {s}" in title or f"种子 {s}" in title for s in seeds):
        return ""
    key = "seed" if len(seeds) == 1 else "seeds"
    return f" [{pick(T[key], lang)} {', '.join(seeds)}]"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def text_table_markdown(table: TextTable, lang: Lang) -> list[str]:
    """A quoted comparison table: caption with its seeds, then the rows."""
    out = [f"### {table.title(lang)}{_tag(table.title(lang), table.seeds, lang)}", ""]
    out.append(_row([c(lang) for c in table.columns]))
    out.append("|" + "---|" * len(table.columns))
    out.extend(_row([cell(lang) for cell in row]) for row in table.rows)
    return out


def data_volume_markdown(table: DataVolumeTable, lang: Lang) -> list[str]:
    """A seed's data-volume table: examples needed per task type."""
    out = [f"### {table.title(lang)}{_tag(table.title(lang), (table.seed,), lang)}", ""]
    headers = [pick(T[k], lang) for k in ("task", "min", "recommended", "ideal", "format")]
    out.append(_row(headers))
    out.append("|---|---:|---:|---:|---|")
    for row in table.rows:
        ideal = f"{row.ideal:,}" if row.ideal is not None else "-"
        data = row.data_format(lang) if row.data_format else "-"
        cells = [row.label(lang), f"{row.min:,}", f"{row.recommended:,}", ideal, data]
        out.append(_row(cells))
    return out


def render_reference_markdown(rules: Rules, outcome: Outcome, lang: Lang) -> str:
    """Every table the outcome lists, under one heading; empty when it lists none."""
    if not outcome.tables:
        return ""
    out = [f"## {pick(T['reference'], lang)}"]
    for table_id in outcome.tables:
        table = rules.table(table_id)
        out.append("")
        if isinstance(table, TextTable):
            out.extend(text_table_markdown(table, lang))
        elif isinstance(table, DataVolumeTable):
            out.extend(data_volume_markdown(table, lang))
    return "\n".join(out) + "\n"


def render_reference_text(
    rules: Rules, outcome: Outcome, lang: Lang, style: Style | None = None, cols: int = 100
) -> str:
    """The same tables for a terminal: boxed, wrapped to `cols`, each with its seed."""
    if not outcome.tables:
        return ""
    style = style or Style()
    out = [style(pick(T["reference"], lang), "bold")]
    for table_id in outcome.tables:
        table = rules.table(table_id)
        out.append("")
        if isinstance(table, TextTable):
            out.append(f"{table.title(lang)}{_tag(table.title(lang), table.seeds, lang)}")
            rows = [[cell(lang) for cell in row] for row in table.rows]
            out.append(
                text_table([c(lang) for c in table.columns], rows, max_width=cols, style=style)
            )
        elif isinstance(table, DataVolumeTable):
            out.append(f"{table.title(lang)}{_tag(table.title(lang), (table.seed,), lang)}")
            headers = [pick(T[k], lang) for k in ("task", "min", "recommended", "ideal", "format")]
            rows = [
                [
                    row.label(lang),
                    f"{row.min:,}",
                    f"{row.recommended:,}",
                    f"{row.ideal:,}" if row.ideal is not None else "-",
                    row.data_format(lang) if row.data_format else "-",
                ]
                for row in table.rows
            ]
            out.append(text_table(headers, rows, align="<>>><", max_width=cols, style=style))
    return "\n".join(out)
