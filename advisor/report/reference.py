"""The reference tables an outcome points to (`Outcome.tables`), as Markdown.

`render_markdown` in `report.decision` covers the recommendation itself; this adds the seed
tables quoted with it (methods, costs, data volume per task, hardware), so the TUI's report and
the Markdown file it saves carry the same tables with the seed each comes from.
"""

from __future__ import annotations

from advisor.core.i18n import Lang, pick
from advisor.core.rules import DataVolumeTable, Outcome, Rules, TextTable

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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def text_table_markdown(table: TextTable, lang: Lang) -> list[str]:
    """A quoted comparison table: caption with its seeds, then the rows."""
    seeds = f"[{pick(T['seeds'], lang)} {', '.join(table.seeds)}]"
    out = [f"### {table.title(lang)} {seeds}", ""]
    out.append(_row([c(lang) for c in table.columns]))
    out.append("|" + "---|" * len(table.columns))
    out.extend(_row([cell(lang) for cell in row]) for row in table.rows)
    return out


def data_volume_markdown(table: DataVolumeTable, lang: Lang) -> list[str]:
    """A seed's data-volume table: examples needed per task type."""
    out = [f"### {table.title(lang)} [{pick(T['seed'], lang)} {table.seed}]", ""]
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
