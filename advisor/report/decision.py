"""Rendering a decision: the recommendation, its trail, advisories and reference rows.

Text for terminals, Markdown for reports and pull requests, JSON for scripts. The TUI shows the
same pieces in its own widgets, using `answer_text` and `verdict_text` from here.
"""

from __future__ import annotations

import json
from typing import Any

from advisor.core.engine import DataVolumeMatch, Decision, Step
from advisor.core.i18n import Lang, pick
from advisor.core.numbers import format_number, group_digits
from advisor.core.rules import Question, Rules
from advisor.report.text import Style, heading, md_paragraph, table, wrap

T = {
    "recommendation": ("Recommendation", "建议"),
    "why": ("Why", "原因"),
    "trail": ("How we got here", "决策路径"),
    "question": ("Question", "问题"),
    "answer": ("Answer", "回答"),
    "because": ("Because", "原因"),
    "followup": ("(follow-up)", "（补充问题）"),
    "warnings": ("Warnings", "警告"),
    "tips": ("Tips", "提示"),
    "caveats": ("Caveats", "注意事项"),
    "next_steps": ("Next steps", "下一步"),
    "data": ("Training data for your task", "你的任务需要的训练数据"),
    "method": ("Method", "方法"),
    "training_type": ("Training type", "训练类型"),
    "cost": ("Seeds' price tag", "种子文档给出的成本"),
    "seeds": ("seeds", "种子"),
    "table": ("Table", "表"),
    "task": ("Task", "任务"),
    "min": ("Minimum", "最少"),
    "recommended": ("Recommended", "推荐"),
    "ideal": ("Ideal", "理想"),
    "you": ("You have", "你有"),
    "verdict": ("Verdict", "判断"),
    "unused": ("Answers not used on this path", "本路径未用到的回答"),
    "trainable": ("trainable", "可训练参数"),
    "memory": ("memory", "显存"),
    "use_when": ("use when", "适用"),
}

VERDICTS = {
    "below_min": ("below the minimum", "低于最少量"),
    "min": ("above the minimum, below the recommendation", "达到最少量，未到推荐量"),
    "recommended": ("at or above the recommendation", "达到推荐量"),
    "ideal": ("at or above the ideal", "达到理想量"),
}


def answer_text(question: Question, step: Step, lang: Lang) -> str:
    """The answer as the user would say it: the option label, or the number with its unit."""
    if step.label is not None and question.kind == "choice":
        return step.label(lang)
    shown = format_number(float(step.answer))
    unit = f" {question.unit(lang)}" if question.unit else ""
    # The branch's label is a range written in the rules ("100 to 10000"): group its digits
    # like the answer's, so one line does not mix 2,500 with 10000.
    suffix = f" ({group_digits(step.label(lang))})" if step.label is not None else ""
    return f"{shown}{unit}{suffix}"


def verdict_text(match: DataVolumeMatch, lang: Lang) -> str:
    return pick(VERDICTS[match.verdict], lang) if match.verdict else "-"


def _seeds(seeds: tuple[str, ...], lang: Lang) -> str:
    return f"[{pick(T['seeds'], lang)} {', '.join(seeds)}]" if seeds else ""


def _because(rules: Rules, step: Step, lang: Lang) -> str:
    """Why the answer led on; the step that reaches the outcome also names it."""
    if step.followup:
        return pick(T["followup"], lang)
    reason = step.reason(lang) if step.reason else ""
    if step.next in rules.outcomes:
        return f"→ {rules.outcomes[step.next].title(lang)}\n{reason}".rstrip()
    return reason


def render_text(
    rules: Rules, decision: Decision, lang: Lang, style: Style | None = None, cols: int = 100
) -> str:
    """The decision as a terminal report."""
    style = style or Style()
    o = decision.outcome
    out: list[str] = []
    out.append(heading(f"{pick(T['recommendation'], lang)}: {o.title(lang)}", style))
    out.extend(wrap(o.summary(lang), cols))
    if o.cost:
        out.append(f"{pick(T['cost'], lang)}: {o.cost(lang)}")
    out.append("")
    out.append(style(pick(T["why"], lang), "bold") + f" {_seeds(o.seeds, lang)}")
    out.extend(wrap(o.why(lang), cols))
    out.append("")
    out.append(style(pick(T["trail"], lang), "bold"))
    rows = []
    for i, step in enumerate(decision.trail, 1):
        q = step.question
        where = _because(rules, step, lang)
        rows.append([str(i), q.text(lang), answer_text(q, step, lang), where])
    out.append(
        table(
            ["#", pick(T["question"], lang), pick(T["answer"], lang), pick(T["because"], lang)],
            rows,
            align="><<<",
            max_width=cols,
            style=style,
        )
    )
    for level, key, color in (("warning", "warnings", "yellow"), ("tip", "tips", "cyan")):
        items = [a for a in decision.advisories if a.level == level]
        if not items:
            continue
        out.append("")
        out.append(style(pick(T[key], lang), "bold", color))
        for adv in items:
            lines = wrap(adv.text(lang), cols - 4)
            out.append(f"  {'!' if level == 'warning' else '*'} " + lines[0])
            out.extend("    " + line for line in lines[1:])
    if decision.method or decision.training_type:
        out.append("")
        if decision.method:
            m = decision.method
            out.append(
                style(pick(T["method"], lang), "bold") + f": {m.name(lang)} {_seeds(m.seeds, lang)}"
            )
            out.append(
                f"  {pick(T['trainable'], lang)}: {m.trainable(lang)}; "
                f"{pick(T['memory'], lang)}: {m.memory(lang)}"
            )
            out.extend(
                "  " + x for x in wrap(f"{pick(T['use_when'], lang)}: {m.use_when(lang)}", cols - 2)
            )
        if decision.training_type:
            t = decision.training_type
            out.append(
                style(pick(T["training_type"], lang), "bold")
                + f": {t.name(lang)} {_seeds(t.seeds, lang)}"
            )
            out.extend("  " + x for x in wrap(t.use_when(lang), cols - 2))
    if decision.data_volume:
        out.append("")
        out.append(style(pick(T["data"], lang), "bold"))
        rows = []
        for m in decision.data_volume:
            rows.append(
                [
                    f"{m.table.seed}: {m.row.label(lang)}",
                    f"{m.row.min:,}",
                    f"{m.row.recommended:,}",
                    f"{m.row.ideal:,}" if m.row.ideal is not None else "-",
                    f"{m.count:,.0f}" if m.count is not None else "-",
                    verdict_text(m, lang),
                ]
            )
        out.append(
            table(
                [
                    pick(T["table"], lang),
                    pick(T["min"], lang),
                    pick(T["recommended"], lang),
                    pick(T["ideal"], lang),
                    pick(T["you"], lang),
                    pick(T["verdict"], lang),
                ],
                rows,
                align="<>>>><",
                max_width=cols,
                style=style,
            )
        )
    for key, items in (("caveats", o.caveats), ("next_steps", o.next_steps)):
        if items:
            out.append("")
            out.append(style(pick(T[key], lang), "bold"))
            for item in items:
                lines = wrap(item(lang), cols - 4)
                out.append("  - " + lines[0])
                out.extend("    " + line for line in lines[1:])
    if decision.unused:
        out.append("")
        out.append(f"{pick(T['unused'], lang)}: {', '.join(decision.unused)}")
    from advisor.report.reference import render_reference_text

    tables = render_reference_text(rules, o, lang, style, cols)
    if tables:
        out += ["", tables]
    return "\n".join(out)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(rules: Rules, decision: Decision, lang: Lang) -> str:
    """The decision as Markdown (used by `decide --format markdown` and the TUI's report)."""
    o = decision.outcome
    out = [
        f"# {pick(T['recommendation'], lang)}: {o.title(lang)}",
        "",
        md_paragraph(o.summary(lang)),
        "",
    ]
    if o.cost:
        out += [f"**{pick(T['cost'], lang)}:** {o.cost(lang)}", ""]
    out += [
        f"## {pick(T['why'], lang)}",
        "",
        md_paragraph(f"{o.why(lang)} {_seeds(o.seeds, lang)}"),
        "",
    ]
    out += [
        f"## {pick(T['trail'], lang)}",
        "",
        f"| # | {pick(T['question'], lang)} | {pick(T['answer'], lang)} "
        f"| {pick(T['because'], lang)} |",
        "|---|---|---|---|",
    ]
    for i, step in enumerate(decision.trail, 1):
        q = step.question
        where = _because(rules, step, lang).replace("\n", ": ")
        out.append(
            f"| {i} | {_md_escape(q.text(lang))} | {_md_escape(answer_text(q, step, lang))} "
            f"| {_md_escape(where)} |"
        )
    for level, key in (("warning", "warnings"), ("tip", "tips")):
        items = [a for a in decision.advisories if a.level == level]
        if items:
            out += ["", f"## {pick(T[key], lang)}", ""]
            out += [f"- {a.text(lang)} {_seeds(a.seeds, lang)}".rstrip() for a in items]
    if decision.method:
        m = decision.method
        out += [
            "",
            f"## {pick(T['method'], lang)}: {m.name(lang)}",
            "",
            md_paragraph(
                f"{pick(T['trainable'], lang)}: {m.trainable(lang)}; {pick(T['memory'], lang)}: "
                f"{m.memory(lang)}. {m.use_when(lang)} {_seeds(m.seeds, lang)}"
            ),
        ]
    if decision.training_type:
        t = decision.training_type
        out += [
            "",
            f"**{pick(T['training_type'], lang)}:** {t.name(lang)}: {t.use_when(lang)} "
            f"{_seeds(t.seeds, lang)}",
        ]
    if decision.data_volume:
        out += [
            "",
            f"## {pick(T['data'], lang)}",
            "",
            f"| {pick(T['table'], lang)} | {pick(T['min'], lang)} | {pick(T['recommended'], lang)} "
            f"| {pick(T['ideal'], lang)} | {pick(T['you'], lang)} | {pick(T['verdict'], lang)} |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for m in decision.data_volume:
            ideal = f"{m.row.ideal:,}" if m.row.ideal is not None else "-"
            have = f"{m.count:,.0f}" if m.count is not None else "-"
            out.append(
                f"| {m.table.seed}: {m.row.label(lang)} | {m.row.min:,} | {m.row.recommended:,} "
                f"| {ideal} | {have} | {verdict_text(m, lang)} |"
            )
    for key, items in (("caveats", o.caveats), ("next_steps", o.next_steps)):
        if items:
            out += ["", f"## {pick(T[key], lang)}", ""]
            out += [f"- {item(lang)}" for item in items]
    from advisor.report.reference import render_reference_markdown

    tables = render_reference_markdown(rules, o, lang)
    if tables:
        out += ["", tables.rstrip("\n")]
    return "\n".join(out) + "\n"


def to_json(rules: Rules, decision: Decision, lang: Lang) -> dict[str, Any]:
    """A stable, script-friendly view of the decision (ids plus text in the chosen language)."""
    o = decision.outcome
    return {
        "outcome": o.id,
        "family": o.family,
        "title": o.title(lang),
        "summary": o.summary(lang),
        "why": o.why(lang),
        "seeds": list(o.seeds),
        "cost": o.cost(lang) if o.cost else None,
        "method": decision.method.id if decision.method else None,
        "training_type": decision.training_type.id if decision.training_type else None,
        "trail": [
            {
                "question": s.question.id,
                "text": s.question.text(lang),
                "answer": s.answer,
                "answer_text": answer_text(s.question, s, lang),
                "next": s.next,
                "reason": s.reason(lang) if s.reason else None,
                "seeds": list(s.seeds),
                "followup": s.followup,
            }
            for s in decision.trail
        ],
        "advisories": [
            {
                "id": a.id,
                "level": a.level,
                "text": a.text(lang),
                "seeds": list(a.seeds),
                "source": a.source,
            }
            for a in decision.advisories
        ],
        "data_volume": [
            {
                "table": m.table.id,
                "seed": m.table.seed,
                "task": m.row.task,
                "min": m.row.min,
                "recommended": m.row.recommended,
                "ideal": m.row.ideal,
                "count": m.count,
                "verdict": m.verdict,
            }
            for m in decision.data_volume
        ],
        "caveats": [c(lang) for c in o.caveats],
        "next_steps": [s(lang) for s in o.next_steps],
        "answers": decision.answers,
        "unused_answers": list(decision.unused),
        "rules": rules.source,
    }


def render_json(rules: Rules, decision: Decision, lang: Lang) -> str:
    return json.dumps(to_json(rules, decision, lang), ensure_ascii=False, indent=2)
