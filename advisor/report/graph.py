"""The decision tree as a Mermaid flowchart and as a plain listing.

The seeds draw their trees in Mermaid (`graph TD`), so `advisor rules graph` does too: paste it
into any Markdown viewer that renders Mermaid to see the merged tree.
"""

from __future__ import annotations

from advisor.core.engine import fmt
from advisor.core.i18n import Lang, pick
from advisor.core.numbers import format_number, group_digits
from advisor.core.rules import Rules
from advisor.report.text import table

_FAMILY_STYLE = {
    "prompt": "fill:#e1ffe1",
    "rag": "fill:#e1f5ff",
    "finetune": "fill:#fff4e1",
    "rag_finetune": "fill:#f3e5f5",
    "distill": "fill:#e8f5e9",
    "none": "fill:#ffe1e1",
}


def _label(text: str) -> str:
    """Mermaid-safe label text: quotes and brackets would end the node shape early."""
    return text.replace('"', "#quot;").replace("\n", " ")


def mermaid(rules: Rules, lang: Lang) -> str:
    """The tree (and its follow-up questions) as `graph TD`."""
    lines = ["graph TD"]
    for q in rules.tree.questions:
        if _on_tree(rules, q.id):
            lines.append(f'    {q.id}{{"{_label(q.text(lang))}"}}')
    for o in rules.tree.outcomes:
        cost = f"<br/>{_label(o.cost(lang))}" if o.cost else ""
        lines.append(f'    {o.id}["{_label(o.title(lang))}{cost}"]')
    for q in rules.tree.questions:
        if q.kind == "choice":
            for option in q.options:
                if option.next:
                    lines.append(f'    {q.id} -->|"{_label(option.label(lang))}"| {option.next}')
        elif q.branches:
            for branch in q.branches:
                label = (
                    group_digits(branch.label(lang))
                    if branch.label
                    else _range_label(q.min, branch.max)
                )
                lines.append(f'    {q.id} -->|"{_label(label)}"| {branch.next}')
        elif q.next:
            lines.append(f"    {q.id} --> {q.next}")
    if rules.tree.followups:
        title = pick(("then, as needed", "随后按需询问"), lang)
        lines.append(f'    subgraph followups["{title}"]')
        lines.append("        direction LR")
        for f in rules.tree.followups:
            if not _on_tree(rules, f.question):
                text = _label(rules.questions[f.question].text(lang))
                lines.append(f'        {f.question}["{text}"]')
        lines.append("    end")
    for o in rules.tree.outcomes:
        lines.append(f"    style {o.id} {_FAMILY_STYLE[o.family]}")
    return "\n".join(lines) + "\n"


def _on_tree(rules: Rules, question_id: str) -> bool:
    for q in rules.tree.questions:
        if question_id in q.targets():
            return True
    return question_id == rules.tree.start


def _range_label(lo: float | None, hi: float | None) -> str:
    if hi is not None:
        return f"<= {format_number(hi)}"
    return f"> {format_number(lo)}" if lo is not None else "else"


def listing(rules: Rules, lang: Lang) -> str:
    """Question ids with their options (and targets), then outcome ids: for writing answer files."""
    rows = []
    for q in rules.tree.questions:
        if q.kind == "choice":
            opts = "\n".join(f"{o.id}" + (f" -> {o.next}" if o.next else "") for o in q.options)
        else:
            whole = pick((" whole", "整"), lang) if q.integer else ""
            opts = f"{fmt(q.min)}..{fmt(q.max)}{whole}"
            if q.branches:
                opts += "\n" + "\n".join(
                    (f"<= {fmt(b.max)}" if b.max is not None else "else") + f" -> {b.next}"
                    for b in q.branches
                )
            elif q.next:
                opts += f"\n-> {q.next}"
        followup = any(f.question == q.id for f in rules.tree.followups)
        kind = q.kind + (pick((" (follow-up)", "（补充）"), lang) if followup else "")
        rows.append([q.id, kind, q.text(lang), opts])
    out = [
        pick(("Questions (start: ", "问题（起点："), lang)
        + rules.tree.start
        + pick((")", "）"), lang),
        table(
            [
                pick(x, lang)
                for x in (
                    ("id", "id"),
                    ("kind", "类型"),
                    ("question", "问题"),
                    ("answers", "可选回答"),
                )
            ],
            rows,
            max_width=110,
            shrink=(2,),
        ),
        "",
        pick(("Outcomes", "结论"), lang),
        table(
            [
                pick(x, lang)
                for x in (("id", "id"), ("family", "类别"), ("title", "标题"), ("seeds", "种子"))
            ],
            [[o.id, o.family, o.title(lang), ", ".join(o.seeds)] for o in rules.tree.outcomes],
            max_width=110,
        ),
    ]
    return "\n".join(out)
