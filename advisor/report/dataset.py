"""Rendering a dataset report: a terminal summary with its findings and verdict, or JSON.

The text report leads with what a user decides on (how many good examples, how many tokens,
what is wrong and on which line), then the verdict against the seeds. JSON carries the same
facts with stable ids (`kind`, `level`, `verdict`) for scripts, plus `estimates`: the numbers
`advisor roi --dataset` and the training estimator take from a file.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from advisor.core.dataset import (
    FORMAT_NAMES,
    KINDS,
    DatasetReport,
    Verdict,
    summary_for_estimates,
)
from advisor.core.i18n import Lang, pick
from advisor.report.decision import VERDICTS
from advisor.report.text import Style, heading, indent, number, pad, table, width, wrap

T = {
    "title": ("Dataset", "数据集"),
    "validation": ("Validation set", "验证集"),
    "format": ("Format", "格式"),
    "detected": ("detected", "自动识别"),
    "given": ("as given", "按指定"),
    "mixed": ("mixed", "混杂"),
    "records": ("Records", "记录"),
    "blank": ("blank lines skipped", "跳过空行"),
    "examples": ("Examples", "样本"),
    "usable": ("usable", "可用"),
    "good": ("good", "优质"),
    "good_why": ("not duplicated", "不重复"),
    "within": ("within {n} tokens", "不超过 {n} 个 token"),
    "tokens": ("Tokens", "Token"),
    "in_all": ("in all", "合计"),
    "per_example": ("per example", "每条样本"),
    "mean": ("mean", "平均"),
    "median": ("median", "中位数"),
    "approx": ("percentiles within 4.4%", "百分位误差 4.4% 以内"),
    "system": ("System prompt", "系统提示"),
    "no_system": ("none", "无"),
    "in_examples": (
        "in {n} examples ({p}), {t} of all tokens",
        "出现在 {n} 条样本中（{p}），占全部 token 的 {t}",
    ),
    "most_repeated": (
        'most repeated: line {line}, {n} examples ({p}), ~{t} tokens each: "{text}"',
        "重复最多：第 {line} 行，{n} 条样本（{p}），每次约 {t} 个 token：“{text}”",
    ),
    "system_tip": (
        "Every copy is trained on; a fine-tuned model usually needs a shorter prompt "
        "(seed 002: after fine-tuning the prompt is shorter, so responses are faster).",
        "每一份副本都会参与训练；微调后的模型通常只需要更短的提示"
        "（种子 002：微调后 Prompt 更短，响应更快）。",
    ),
    "findings": ("Findings", "检查结果"),
    "none_found": ("no problems found", "未发现问题"),
    "errors": ("errors", "个错误"),
    "warnings": ("warnings", "个警告"),
    "errors_one": ("error", "个错误"),
    "warnings_one": ("warning", "个警告"),
    "line": ("Line", "行"),
    "file": ("File", "文件"),
    "kind": ("Kind", "类型"),
    "problem": ("Problem", "问题"),
    "count": ("Count", "数量"),
    "level": ("Level", "级别"),
    "error": ("error", "错误"),
    "warning": ("warning", "警告"),
    "more": (
        "showing the first {n} of each kind; {m} more not listed (--max-listed, --format json)",
        "每类只列出前 {n} 条；另有 {m} 条未列出（--max-listed、--format json）",
    ),
    "dedup_partial": (
        "duplicate check covered the first {n} distinct examples only (index full)",
        "重复检查只覆盖了前 {n} 条不同样本（索引已满）",
    ),
    "incomplete": (
        "the file could not be read to the end (see the JSON finding)",
        "文件未能读到末尾（见 JSON 错误）",
    ),
    "verdict": ("Verdict", "结论"),
    "judged": ("judged on {n} good examples", "按 {n} 条优质样本判断"),
    "for_task": ("task: {t}", "任务：{t}"),
    "table": ("Seed table", "种子数据表"),
    "min": ("Minimum", "最少"),
    "recommended": ("Recommended", "推荐"),
    "ideal": ("Ideal", "理想"),
    "you": ("You have", "你有"),
    "where": ("Verdict", "判断"),
    "no_task": (
        "Pass --task ({tasks}) to compare with the data volume tables of seeds 001 and 003.",
        "加上 --task（{tasks}）即可与种子 001 和 003 的数据量表对比。",
    ),
    "route": ("Decision tree", "决策树"),
    "smallest": (
        "Fewer than {n}, the smallest minimum of any task in the tables of seeds 001 and 003.",
        "少于 {n} 条，即种子 001 和 003 数据量表中所有任务的最低要求。",
    ),
    "tokenizer": ("tokenizer", "分词"),
    "estimated_tokenizer": (
        "estimate (calibrated on o200k_base)",
        "估算（按 o200k_base 校准）",
    ),
}

LEVELS = {
    "none": ("no good examples: nothing to train on yet", "没有优质样本：还没有可训练的数据"),
    "too_few": ("too few examples to fine-tune well", "样本太少，微调效果难以保证"),
    "below_min": ("below the seeds' minimum", "低于种子文档给出的最少数据量"),
    "ok": ("enough examples by the seeds' guidance", "按种子文档的建议，数据量足够"),
}


def _pct(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _summary(report: DatasetReport, lang: Lang, style: Style, title: str, cols: int) -> list[str]:
    out = [heading(f"{title}: {report.path}", style)]
    names = ("format", "records", "examples", "tokens", "system")
    label = max(width(pick(T[n], lang)) for n in names) + 2

    def row(name: str, text: str) -> None:
        lines = wrap(text, cols - label - 1)
        out.append(pad(pick(T[name], lang), label) + lines[0])
        out.extend(" " * label + rest for rest in lines[1:])

    if report.format is not None:
        how = pick(T["given" if report.format_given else "detected"], lang)
        fmt = f"{pick(FORMAT_NAMES[report.format], lang)} ({how})"
        if len(report.formats) > 1:
            parts = ", ".join(f"{k} {number(v)}" for k, v in report.formats.items())
            fmt += f"; {pick(T['mixed'], lang)}: {parts}"
        row("format", fmt)
    records = number(report.records)
    if report.blank_lines:
        records += f" ({pick(T['blank'], lang)}: {number(report.blank_lines)})"
    row("records", records)
    why = pick(T["good_why"], lang)
    if report.max_seq_len:
        why += ", " + pick(T["within"], lang).format(n=number(report.max_seq_len))
    row(
        "examples",
        f"{number(report.examples)} {pick(T['usable'], lang)} · "
        f"{style(number(report.good_examples), 'bold')} {pick(T['good'], lang)} ({why})",
    )
    t = report.tokens
    if report.examples:
        row(
            "tokens",
            f"~{number(t.total)} {pick(T['in_all'], lang)} "
            f"({pick(T['tokenizer'], lang)}: {_tokenizer_name(report.tokenizer, lang)})",
        )
        approx = "" if t.exact_percentiles else f" ({pick(T['approx'], lang)})"
        out.append(
            " "
            * label
            + f"{pick(T['per_example'], lang)}: {pick(T['mean'], lang)} {t.mean:,.0f} · "
            f"{pick(T['median'], lang)} {number(t.p50)} · p90 {number(t.p90)} · "
            f"p99 {number(t.p99)} · max {number(t.max)}{approx}"
        )
        peak = max(c for _, _, c in t.histogram)
        for lo, hi, c in t.histogram:
            bar = "█" * max(1, round(24 * c / peak))
            span = "0" if not hi else number(lo) if lo == hi else f"{number(lo)}-{number(hi)}"
            out.append(" " * label + f"{span:>13} {bar} {number(c)}")
    sp = report.system_prompt
    if sp.examples_with_system:
        row(
            "system",
            pick(T["in_examples"], lang).format(
                n=number(sp.examples_with_system),
                p=_pct(sp.examples_with_system, report.examples),
                t=f"{sp.share_of_tokens:.1%}",
            ),
        )
        top = sp.top[0]
        repeated = pick(T["most_repeated"], lang).format(
            line=top.first_line,
            n=number(top.examples),
            p=_pct(top.examples, report.examples),
            t=number(top.tokens),
            text=top.preview,
        )
        out.extend(indent(repeated, cols, label))
        if top.examples > 1 and top.examples >= 0.5 * report.examples:
            out.extend(indent(pick(T["system_tip"], lang), cols, label))
    elif report.examples:
        row("system", pick(T["no_system"], lang))
    if not report.dedup.complete:
        out.append(
            style(
                "! " + pick(T["dedup_partial"], lang).format(n=number(report.dedup.indexed)),
                "yellow",
            )
        )
    if not report.complete:
        out.append(style("! " + pick(T["incomplete"], lang), "yellow"))
    return out


def _findings(report: DatasetReport, lang: Lang, style: Style, cols: int) -> list[str]:
    counts = report.all_counts()
    errors = sum(n for k, n in counts.items() if KINDS[k][0] == "error")
    warnings = sum(n for k, n in counts.items() if KINDS[k][0] == "warning")
    title = style(pick(T["findings"], lang), "bold")
    if not counts:
        return [f"{title}: {style(pick(T['none_found'], lang), 'green')}"]
    errors_word = pick(T["errors_one" if errors == 1 else "errors"], lang)
    warnings_word = pick(T["warnings_one" if warnings == 1 else "warnings"], lang)
    out = [
        f"{title}: {style(f'{errors:,}', 'red' if errors else 'green')} {errors_word}, "
        f"{style(f'{warnings:,}', 'yellow' if warnings else 'green')} {warnings_word}"
    ]
    rows = []
    for kind in KINDS:
        if counts.get(kind):
            level = KINDS[kind][0]
            rows.append(
                [
                    pick(KINDS[kind][1], lang),
                    style(pick(T[level], lang), "red" if level == "error" else "yellow"),
                    number(counts[kind]),
                ]
            )
    out.append(
        table(
            [pick(T["kind"], lang), pick(T["level"], lang), pick(T["count"], lang)],
            rows,
            align="<<>",
            style=style,
        )
    )
    listed = list(report.findings)
    if report.validation is not None:
        listed += list(report.validation.findings)
    with_file = report.validation is not None
    rows = []
    for f in listed:
        cells = [number(f.line), pick(KINDS[f.kind][1], lang), f.message(lang)]
        if with_file:
            cells.insert(0, f.file)
        rows.append(cells)
    headers = [pick(T["line"], lang), pick(T["kind"], lang), pick(T["problem"], lang)]
    if with_file:
        headers.insert(0, pick(T["file"], lang))
    out.append(
        table(headers, rows, align=("<" if with_file else "") + "><<", max_width=cols, style=style)
    )
    hidden = sum(counts.values()) - len(listed)
    if hidden:
        out.append(pick(T["more"], lang).format(n=report.max_listed, m=f"{hidden:,}"))
    return out


def _verdict(verdict: Verdict, lang: Lang, style: Style, cols: int) -> list[str]:
    color = {"none": "red", "too_few": "red", "below_min": "yellow", "ok": "green"}[verdict.level]
    head = f"{pick(T['verdict'], lang)}: {pick(LEVELS[verdict.level], lang)}"
    out = [style(head, "bold", color)]
    sub = pick(T["judged"], lang).format(n=number(verdict.count))
    if verdict.task_label is not None:
        sub += "; " + pick(T["for_task"], lang).format(t=verdict.task_label(lang))
    out.append(sub)
    if verdict.volume:
        rows = [
            [
                f"{v.seed}: {v.label(lang)}",
                number(v.min),
                number(v.recommended),
                number(v.ideal) if v.ideal is not None else "-",
                number(verdict.count),
                pick(VERDICTS[v.verdict], lang),
            ]
            for v in verdict.volume
        ]
        out.append(
            table(
                [
                    pick(T["table"], lang),
                    pick(T["min"], lang),
                    pick(T["recommended"], lang),
                    pick(T["ideal"], lang),
                    pick(T["you"], lang),
                    pick(T["where"], lang),
                ],
                rows,
                align="<>>>><",
                max_width=cols,
                style=style,
            )
        )
    else:
        if verdict.level == "below_min" and verdict.smallest_min is not None:
            out.extend(wrap(pick(T["smallest"], lang).format(n=number(verdict.smallest_min)), cols))
        if verdict.task is None:
            tasks = ", ".join(verdict.tasks)
            out.extend(wrap(pick(T["no_task"], lang).format(tasks=tasks), cols))
    for a in verdict.advice:
        mark = "!" if a.level == "warning" else "*"
        lines = wrap(a.text(lang), cols - 4)
        out.append(f"  {mark} " + lines[0])
        out.extend("    " + line for line in lines[1:])
    if verdict.route is not None:
        lines = wrap(f"{pick(T['route'], lang)}: {verdict.route(lang)}", cols - 4)
        out.append("  → " + lines[0])
        out.extend("    " + line for line in lines[1:])
    return out


def render_text(
    report: DatasetReport,
    verdict: Verdict,
    lang: Lang,
    style: Style | None = None,
    cols: int = 100,
) -> str:
    """The report as a terminal page: summary, findings, verdict, then the validation file."""
    style = style or Style()
    out = _summary(report, lang, style, pick(T["title"], lang), cols)
    if report.validation is not None:
        out.append("")
        out.extend(_summary(report.validation, lang, style, pick(T["validation"], lang), cols))
    out.append("")
    out.extend(_findings(report, lang, style, cols))
    out.append("")
    out.extend(_verdict(verdict, lang, style, cols))
    return "\n".join(out)


def _file_json(report: DatasetReport, lang: Lang) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data.pop("validation", None)
    data["findings"] = [
        {
            "kind": f.kind,
            "severity": f.severity,
            "file": f.file,
            "line": f.line,
            "related_line": f.related_line,
            "message": f.message(lang),
        }
        for f in report.findings
    ]
    data["tokens"]["histogram"] = [
        {"min": lo, "max": hi, "examples": c} for lo, hi, c in report.tokens.histogram
    ]
    data["errors"] = report.errors
    data["warnings"] = report.warnings
    return data


def to_json(report: DatasetReport, verdict: Verdict, lang: Lang) -> dict[str, Any]:
    """A stable, script-friendly view: ids plus text in the chosen language."""
    data = _file_json(report, lang)
    data["validation"] = (
        _file_json(report.validation, lang) if report.validation is not None else None
    )
    data["estimates"] = dataclasses.asdict(summary_for_estimates(report))
    data["verdict"] = {
        "level": verdict.level,
        "text": pick(LEVELS[verdict.level], lang),
        "count": verdict.count,
        "task": verdict.task,
        "volume": [
            {
                "table": v.table,
                "seed": v.seed,
                "task": v.task,
                "min": v.min,
                "recommended": v.recommended,
                "ideal": v.ideal,
                "verdict": v.verdict,
            }
            for v in verdict.volume
        ],
        "advisories": [
            {"id": a.id, "level": a.level, "seeds": list(a.seeds), "text": a.text(lang)}
            for a in verdict.advice
        ],
        "route": verdict.route(lang) if verdict.route is not None else None,
    }
    return data


def render_json(report: DatasetReport, verdict: Verdict, lang: Lang) -> str:
    return json.dumps(to_json(report, verdict, lang), ensure_ascii=False, indent=2)


def _tokenizer_name(tokenizer: str, lang: Lang) -> str:
    """The tokenizer as the reader's language says it (JSON keeps the identifier)."""
    from advisor.core.tokenest import TOKENIZER

    return pick(T["estimated_tokenizer"], lang) if tokenizer == TOKENIZER else tokenizer
