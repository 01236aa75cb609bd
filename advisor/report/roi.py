"""Rendering an ROI result: text for terminals, Markdown, JSON and CSV.

The text report is hand-drawn with `report.text` (no rich: `advisor roi` has a start-up budget
smaller than rich's import) at a fixed width, so `--plain` output is byte-stable wherever it
runs. The TUI shows the same pieces: `option_name`, `verdict`, `notice_text`, `breakdown_lines`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from advisor.core.i18n import Lang, pick
from advisor.core.roi import CostItem, Notice, OptionResult, RoiResult, UsedFigure
from advisor.report.text import (
    STABLE_WIDTH,
    Style,
    heading,
    indent,
    md_paragraph,
    money,
    number,
    table,
    wrap,
)

if TYPE_CHECKING:  # the analyses are imported only when a report has them
    from advisor.core.uncertainty import Sensitivity, UncertaintyResult, ValueResult

WIDTH = STABLE_WIDTH

NAMES = {
    "api": ("Prompt engineering", "提示工程"),
    "rag": ("RAG", "RAG 检索增强"),
    "finetune": ("Hosted fine-tune", "托管微调"),
    "distill": ("Distillation", "蒸馏"),
}

ITEMS = {
    "tokens": ("tokens", "token 费用"),
    "query_embedding": ("query embedding", "查询向量化"),
    "vector_store": ("vector store", "向量数据库"),
    "reembedding": ("re-embedding churn", "增量重新向量化"),
    "corpus_embedding": ("corpus embedding", "语料向量化"),
    "training": ("training", "训练"),
    "retraining": ("retraining", "重新训练"),
    "generation": ("teacher data generation", "教师模型生成数据"),
    "serving": ("self-hosted serving", "自托管推理"),
    "engineering": ("engineering", "工程"),
    "labelling": ("labelling", "标注"),
    "maintenance": ("maintenance", "维护"),
}

KINDS = {
    "oneoff": ("one-off", "一次性"),
    "monthly": ("per month", "每月"),
    "per_query": ("per query", "每次查询"),
}

T = {
    "title": (
        "ROI: {q} queries/day over {hm} (a month = {d} days)",
        "ROI：每日 {q} 次查询，{h} 个月（每月按 {d} 天计）",
    ),
    "preset": ("Preset", "预设"),
    "prices": ("Prices as of {today}", "价格截至 {today}"),
    "option": ("Option", "方案"),
    "oneoff": ("One-off", "一次性"),
    "fixed": ("Fixed per month", "每月固定"),
    "per_query": ("Per query", "每次查询"),
    "monthly": ("Monthly*", "每月*"),
    "total": ("{h}-month total", "{h} 个月合计"),
    "payback": ("Payback", "回本"),
    "baseline": ("baseline", "基准"),
    "cheapest_mark": (" (cheapest)", "（最便宜）"),
    "never": ("never", "不回本"),
    "now": ("at once", "立即"),
    "months": ("{m} months", "{m} 个月"),
    "footnote": (
        "* monthly = fixed + per query x {qm} queries/month + one-off / {hm}. "
        "Payback: months for the one-off extra over {base} to be repaid by lower running cost.",
        "* 每月 = 固定 + 每次查询 x 每月 {qm} 次 + 一次性成本 / {h} 个月。"
        "回本：相对 {base} 多出的一次性成本被更低的运行成本收回所需的月数。",
    ),
    "break_even": (
        "Break-even volumes (monthly cost with one-off spread over {hm})",
        "盈亏平衡点（一次性成本分摊到 {h} 个月后的每月成本）",
    ),
    "be_line": (
        "{a} / {b}: {q}/day; below it {below} is cheaper, above it {above}",
        "{a} / {b}：每日 {q} 次；低于此 {below} 更便宜，高于此 {above} 更便宜",
    ),
    "be_step": (" (a step: a replica is added there)", "（阶跃：此处增加一个副本）"),
    "be_tie": (" (equal cost from here)", "（从此处起成本相同）"),
    "be_none": (
        "{a} / {b}: no break-even up to {max}/day; {winner} is cheaper at every volume",
        "{a} / {b}：每日 {max} 次以内没有盈亏平衡点；{winner} 在任何查询量下都更便宜",
    ),
    "cheapest_by": ("Cheapest by volume", "各查询量区间最便宜的方案"),
    "range": ("{lo} to {hi}/day", "每日 {lo} 至 {hi} 次"),
    "range_open": ("{lo}/day and above", "每日 {lo} 次及以上"),
    "verdict": ("Verdict", "结论"),
    "how": ("How each option is priced", "各方案的计价方式"),
    "warnings": ("Warnings", "警告"),
    "sources": (
        "Sources (figures used, with the date each was checked; stale after {n} days)",
        "来源（所用数据及核对日期；超过 {n} 天视为过期）",
    ),
    "changed": ("Inputs changed from the defaults", "与默认值不同的输入"),
    "api_prices": ("API prices", "API 价格"),
    "assumptions": (
        "Assumptions (every input, its value and source)",
        "假设（所有输入、取值与来源）",
    ),
    "path": ("Input", "输入"),
    "value": ("Value", "取值"),
    "source": ("Source", "来源"),
    "figure": ("Figure", "数据"),
    "checked": ("Checked", "核对日期"),
    "conf": ("Conf.", "可信度"),
    "plot": ("Plot", "图"),
    "cumulative": ("Cumulative cost", "累计成本"),
    "price_line": (
        "{label}: {model} in ${i} / cached ${c} / out ${o} per M tok; batch in ${bi} / out ${bo} "
        "[{origins}]",
        "{label}：{model} 输入 ${i} / 缓存输入 ${c} / 输出 ${o}（每百万 token）；批量输入 ${bi} / "
        "批量输出 ${bo} [{origins}]",
    ),
    "teacher": ("distill teacher", "distill 教师模型"),
    "option_short": ("{id} ({name})", "{id}（{name}）"),
    "option_head": ("{id} ({name}, {model})", "{id}（{name}，{model}）"),
    "item": ("{label} ({kind}) {amount} = {formula}", "{label}（{kind}）{amount} = {formula}"),
    "range_line": ("{span}: {id} ({name})", "{span}：{id}（{name}）"),
    "colon": ("{x}:", "{x}："),
    "serving_plan": ("self-hosted serving plan: {src}", "自托管推理方案：{src}"),
    "month_note": (
        "A month is {d} days (the seeds' convention; set days_per_month=30.4 for the calendar "
        "average).",
        "每月按 {d} 天计（种子文档的约定；设置 days_per_month=30.4 可改用日历平均值）。",
    ),
}

NOTICES = {
    "stale": (
        "{subject}: checked {date}, {age} days ago (limit {limit}); verify it at its source.",
        "{subject}：核对于 {date}，已过 {age} 天（上限 {limit} 天）；请到来源处重新核对。",
    ),
    "passed": (
        "{date} (already in effect), {option} on {subject}: {text}",
        "{date}（已生效），{option}（{subject}）：{text}",
    ),
    "in_horizon": (
        "{date} (within your {h}-month horizon), {option} on {subject}: {text}",
        "{date}（在你的 {h} 个月周期内），{option}（{subject}）：{text}",
    ),
    "retrain_blocked": (
        "{option} retrains every {n} months, but training on {subject} ends on {date}: the "
        "retraining cost assumed after that date cannot be spent there.",
        "{option} 每 {n} 个月重新训练一次，但 {subject} 的训练将于 {date} 停止："
        "此后假设的重新训练无法在该平台进行。",
    ),
    "unknown_release": (
        "{subject}: its release date is not in catalog.yaml (library_releases), so the age of "
        "its prices is not checked.",
        "{subject}：catalog.yaml（library_releases）中没有它的发布日期，无法检查其价格的时效。",
    ),
    "deprecated": (
        "genai-prices marks {subject} as deprecated.",
        "genai-prices 将 {subject} 标记为已弃用。",
    ),
    "search_limit": (
        "Self-hosted replicas are expanded up to {subject} queries/day; break-evens are exact "
        "up to there.",
        "自托管副本按阶梯展开到每日 {subject} 次查询；在此范围内盈亏平衡点是精确的。",
    ),
}


# --- pieces shared with the TUI ---------------------------------------------------------------


def months_text(n: int) -> str:
    """`1 month`, `12 months` (the English templates; Chinese needs no plural)."""
    return f"{n} month" if n == 1 else f"{n} months"


def _hz(months: int) -> dict[str, Any]:
    """The horizon for templates: `{h}` (a number) and `{hm}` (`1 month`, `12 months`)."""
    return {"h": months, "hm": months_text(months)}


def option_name(option_id: str, lang: Lang) -> str:
    """A human name of the option, e.g. `Hosted fine-tune`."""
    return pick(NAMES[option_id], lang)


def usd(value: float) -> str:
    """Dollars: cents below $1,000 ($0.20, $50.40), whole dollars above, 3 digits below 1 cent."""
    if value == 0:
        return "$0"
    if abs(value) < 0.01:
        return per_query(value)
    if abs(value) < 1:
        return f"{'-' if value < 0 else ''}${abs(value):.2f}"
    return money(value)


def per_query(value: float) -> str:
    """A per-query price: three significant digits, never in exponent notation."""
    if value == 0:
        return "$0"
    if value >= 1:
        return usd(value)
    import math

    decimals = min(12, 2 - math.floor(math.log10(value)))
    text = f"{value:.{decimals}f}".rstrip("0")
    if len(text.partition(".")[2]) < 2:  # cents keep two digits: $0.20, not $0.2
        text = f"{value:.2f}"
    return f"${text}"


def qpd(value: float) -> str:
    """A volume in queries/day: whole numbers from 1,000, one decimal below (111.1)."""
    if value >= 1000:
        return number(round(value))
    return f"{value:,.1f}".removesuffix(".0")


def payback_text(o: OptionResult, result: RoiResult, lang: Lang) -> str:
    """Payback in words: baseline, never, at once, or months."""
    if o.id == result.baseline:
        return pick(T["baseline"], lang)
    if o.payback_months is None:
        return pick(T["never"], lang)
    if o.payback_months == 0:
        return pick(T["now"], lang)
    return pick(T["months"], lang).format(m=f"{o.payback_months:,.1f}")


def notice_text(n: Notice, result: RoiResult, lang: Lang) -> str:
    """One warning as a sentence."""
    option = (
        pick(T["option_short"], lang).format(id=n.option, name=option_name(n.option, lang))
        if n.option
        else ""
    )
    text = n.fact.text(lang) if n.fact else ""
    n_months = result.scenario.finetune.retrain_every_months
    return pick(NOTICES[n.code], lang).format(
        subject=n.subject,
        date=n.date.isoformat() if n.date else "",
        age=n.age_days,
        limit=result.scenario.stale_after_days,
        option=option,
        text=text,
        h=result.scenario.horizon_months,
        hm=months_text(result.scenario.horizon_months),
        n=n_months,
    )


def item_line(item: CostItem, lang: Lang) -> str:
    """One cost line: what, how often, how much, and the formula with its inputs."""
    amount = per_query(item.usd) if item.kind == "per_query" else usd(item.usd)
    return pick(T["item"], lang).format(
        label=pick(ITEMS[item.key], lang),
        kind=pick(KINDS[item.kind], lang),
        amount=amount,
        formula=item.formula(lang),
    )


def breakdown_lines(o: OptionResult, lang: Lang) -> list[str]:
    """The option's cost lines: amount and the formula that gave it."""
    return [item_line(i, lang) for i in o.model.items if not _zero_input(i)]


def _zero_input(item: CostItem) -> bool:
    """People costs left at 0 are summarised on one line instead of three."""
    return item.key in ("engineering", "labelling", "maintenance") and item.usd == 0


def _people_line(o: OptionResult, lang: Lang) -> str | None:
    zero = [pick(ITEMS[i.key], lang) for i in o.model.items if _zero_input(i)]
    if not zero:
        return None
    joined = ", ".join(zero) if lang == "en" else "、".join(zero)
    return (
        f"{joined}: $0 (inputs, set e.g. --set {o.id}.engineering_usd=...)"
        if lang == "en"
        else f"{joined}：$0（输入项，例如 --set {o.id}.engineering_usd=...）"
    )


def verdict(result: RoiResult, lang: Lang) -> str:
    """The result in one paragraph of plain words."""
    s = result.scenario
    q = s.queries_per_day
    best = result.option(result.cheapest)
    others = sorted(
        (o for o in result.options if o.id != best.id), key=lambda o: o.monthly_cost_usd
    )
    en: list[str] = []
    zh: list[str] = []
    en.append(
        f"At {qpd(q)} queries/day over {months_text(s.horizon_months)}, "
        f"{option_name(best.id, 'en')} ({best.id}) is the cheapest option: "
        f"{usd(best.monthly_cost_usd)}/month with one-off costs spread over the horizon, "
        f"{usd(best.total_cost_usd)} in total."
    )
    zh.append(
        f"在每日 {qpd(q)} 次查询、{s.horizon_months} 个月的周期下，{option_name(best.id, 'zh')}"
        f"（{best.id}）最便宜：一次性成本分摊后每月 {usd(best.monthly_cost_usd)}，"
        f"合计 {usd(best.total_cost_usd)}。"
    )
    if others:
        nxt = others[0]
        diff = nxt.monthly_cost_usd - best.monthly_cost_usd
        en.append(f"Next is {nxt.id} at {usd(nxt.monthly_cost_usd)}/month ({usd(diff)} more).")
        zh.append(f"其次是 {nxt.id}，每月 {usd(nxt.monthly_cost_usd)}（多 {usd(diff)}）。")
    ranges = result.cheapest_ranges
    here = next(
        (
            i
            for i, r in enumerate(ranges)
            if r.from_queries_per_day <= q
            and (r.to_queries_per_day is None or q <= r.to_queries_per_day)
        ),
        None,
    )
    if here is not None:
        r = ranges[here]
        if here + 1 < len(ranges) and r.to_queries_per_day is not None:
            nxt_r = ranges[here + 1]
            en.append(
                f"Above {qpd(r.to_queries_per_day)}/day, {nxt_r.option} becomes the cheapest."
            )
            zh.append(f"每日超过 {qpd(r.to_queries_per_day)} 次后，{nxt_r.option} 变为最便宜。")
        if here > 0:
            prev = ranges[here - 1]
            en.append(f"Below {qpd(r.from_queries_per_day)}/day, {prev.option} would be cheaper.")
            zh.append(f"每日低于 {qpd(r.from_queries_per_day)} 次时，{prev.option} 更便宜。")
        if len(ranges) == 1:
            en.append(
                f"It stays the cheapest at every volume up to "
                f"{qpd(result.search_max_queries_per_day)}/day."
            )
            zh.append(
                f"在每日 {qpd(result.search_max_queries_per_day)} 次以内的任何查询量下它都最便宜。"
            )
    if best.id != result.baseline and best.payback_months:
        base = result.option(result.baseline)
        extra = best.upfront_usd - base.upfront_usd
        en.append(
            f"Its {usd(extra)} of one-off cost over {result.baseline} pays back in "
            f"{best.payback_months:,.1f} months at this volume."
        )
        zh.append(
            f"它比 {result.baseline} 多出的一次性成本 {usd(extra)} 在此查询量下 "
            f"{best.payback_months:,.1f} 个月回本。"
        )
    winners = {r.option for r in ranges}
    if "rag" in (o.id for o in result.options) and "rag" not in winners:
        en.append(
            "RAG is never the cheapest here: it adds retrieved tokens and a vector store, so "
            "choose it for knowledge the model lacks, not to save money."
        )
        zh.append(
            "RAG 在这里从不是最便宜的：它增加了检索 token 和向量数据库，"
            "应为补充知识而选，而非为省钱。"
        )
    people = [
        i.usd
        for o in result.options
        for i in o.model.items
        if i.key in ("engineering", "labelling", "maintenance")
    ]
    if best.id in ("finetune", "distill") and not any(people):
        en.append(
            f"Engineering and labelling are $0 in every option until you set them (e.g. --set "
            f"{best.id}.engineering_usd=...); for fine-tuning and distillation they usually "
            "outweigh the compute."
        )
        zh.append(
            "所有方案的工程和标注成本在你设置之前都是 $0"
            f"（例如 --set {best.id}.engineering_usd=...）；"
            "对微调和蒸馏来说，它们通常比算力成本更高。"
        )
    if any(n.option == best.id and n.code in ("passed", "in_horizon") for n in result.notices):
        en.append(f"Read the availability warnings below before choosing {best.id}.")
        zh.append(f"选择 {best.id} 之前请先阅读下方的可用性警告。")
    return " ".join(en) if lang == "en" else "".join(zh)


def break_even_lines(result: RoiResult, lang: Lang) -> list[str]:
    """One line per break-even, then the pairs that never cross."""
    out: list[str] = []
    crossed: set[tuple[str, str]] = set()
    for b in result.break_evens:
        crossed.add((b.a, b.b))
        line = pick(T["be_line"], lang).format(
            a=b.a, b=b.b, q=qpd(b.queries_per_day), below=b.cheaper_below, above=b.cheaper_above
        )
        if b.kind == "step":
            line += pick(T["be_step"], lang)
        elif b.kind == "tie":
            line += pick(T["be_tie"], lang)
        out.append(line)
    ids = [o.id for o in result.options]
    q_max = result.search_max_queries_per_day
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            a, b = ids[x], ids[y]
            if (a, b) in crossed:
                continue
            winner = a if result.monthly_cost(a, q_max) <= result.monthly_cost(b, q_max) else b
            out.append(pick(T["be_none"], lang).format(a=a, b=b, max=qpd(q_max), winner=winner))
    return out


def range_lines(result: RoiResult, lang: Lang) -> list[str]:
    """The volume ranges where each option is the cheapest."""
    out = []
    for r in result.cheapest_ranges:
        if r.to_queries_per_day is None:
            span = pick(T["range_open"], lang).format(lo=qpd(r.from_queries_per_day))
        else:
            span = pick(T["range"], lang).format(
                lo=qpd(r.from_queries_per_day), hi=qpd(r.to_queries_per_day)
            )
        out.append(
            pick(T["range_line"], lang).format(
                span=span, id=r.option, name=option_name(r.option, lang)
            )
        )
    return out


def source_groups(result: RoiResult) -> list[tuple[UsedFigure, list[UsedFigure]]]:
    """Figures grouped by (source, checked, confidence), in first-use order."""
    groups: dict[tuple[str, str, str], list[UsedFigure]] = {}
    for f in result.figures:
        key = (f.figure.source, f.figure.checked.isoformat(), f.figure.confidence)
        groups.setdefault(key, []).append(f)
    return [(items[0], items) for items in groups.values()]


UNITS = {
    "usd_per_mtok": ("${v}/M tok", "${v}/百万 token"),
    "usd_per_month": ("${v}/month", "${v}/月"),
    "share_of_list_price": ("{v} x list price", "标价的 {v} 倍"),
    "usd_per_gb_month": ("${v}/GB-month", "${v}/GB/月"),
    "usd_per_million_read_units": ("${v}/M read units", "${v}/百万读取单位"),
    "read_units_per_gb_per_query": ("{v} read units/GB/query", "每次查询每 GB {v} 读取单位"),
    "read_units_per_query": ("{v} read units/query", "每次查询 {v} 读取单位"),
}


def _figure_value(f: UsedFigure, lang: Lang = "en") -> str:
    unit = f.figure.unit
    template = pick(UNITS[unit], lang) if unit in UNITS else "{v} " + unit
    return template.format(v=f"{f.figure.value:g}")


def price_lines(result: RoiResult, lang: Lang) -> list[str]:
    """Which API prices were used and where each came from."""
    out = []
    seen: set[str] = set()
    pairs = [("api", result.prices.api)]
    ids = {o.id for o in result.options}
    if "rag" in ids:
        pairs.append(("rag", result.prices.rag))
    if "distill" in ids:
        pairs.append(("distill teacher", result.prices.teacher))
    for label, mp in pairs:
        key = f"{mp.model}|{mp.input_per_mtok}|{mp.output_per_mtok}|{mp.cached_input_per_mtok}"
        if key in seen:
            continue
        seen.add(key)
        origins = sorted(set(mp.origins.values()))
        released = (
            (f" (released {mp.released})" if lang == "en" else f"（发布于 {mp.released}）")
            if mp.released
            else ""
        )
        out.append(
            pick(T["price_line"], lang).format(
                label=pick(T["teacher"], lang) if label == "distill teacher" else label,
                model=mp.model,
                i=f"{mp.input_per_mtok:g}",
                c=f"{mp.cached_input_per_mtok:g}",
                o=f"{mp.output_per_mtok:g}",
                bi=f"{mp.batch_input_per_mtok:g}",
                bo=f"{mp.batch_output_per_mtok:g}",
                origins="; ".join(origins),
            )
            + released
        )
    return out


def changed_inputs(result: RoiResult) -> list[tuple[str, Any, str]]:
    """Scenario inputs that differ from the defaults (prices are listed with the sources)."""
    return [
        (a.path, a.value, a.source)
        for a in result.assumptions
        if a.source != "default" and not a.path.startswith("price.")
    ]


def _value(v: Any) -> str:
    if isinstance(v, tuple):
        return ",".join(str(x) for x in v)
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


# --- text -------------------------------------------------------------------------------------


def render_text(
    result: RoiResult,
    lang: Lang,
    style: Style | None = None,
    *,
    plot: str | None = None,
    cumulative: str | None = None,
    preset: tuple[str, str, str] | None = None,
    tornado: str | None = None,
    hint: str | None = None,
    value: ValueResult | None = None,
    uncertainty: UncertaintyResult | None = None,
    sensitivity: Sensitivity | None = None,
    width: int = WIDTH,
) -> str:
    """The full terminal report, `width` columns wide (100, the stable width, by default).

    `value`, `uncertainty` and `sensitivity` add their sections after the verdict (the
    sensitivity after the plot, with the `tornado` chart); `hint` is a note for ranges the
    run did not use.
    """
    style = style or Style()
    s = result.scenario
    q = s.queries_per_day
    out: list[str] = []
    title = pick(T["title"], lang).format(
        q=qpd(q), **_hz(s.horizon_months), d=f"{s.days_per_month:g}"
    )
    out.append(heading(title, style))
    if preset:
        name, title, description = preset
        out.extend(
            wrap(pick(T["colon"], lang).format(x=pick(T["preset"], lang)) + f" {name}", width)
        )
        out.extend(indent(title, width))
        out.extend(indent(description, width))
    out.extend(wrap(pick(T["month_note"], lang).format(d=f"{s.days_per_month:g}"), width))
    out.append("")
    headers = [
        pick(T["option"], lang),
        pick(T["oneoff"], lang),
        pick(T["fixed"], lang),
        pick(T["per_query"], lang),
        pick(T["monthly"], lang),
        pick(T["total"], lang).format(**_hz(s.horizon_months)),
        pick(T["payback"], lang),
    ]
    rows = []
    for o in result.options:
        mark = pick(T["cheapest_mark"], lang) if o.id == result.cheapest else ""
        rows.append(
            [
                # The long name only where there is room; the id is what --set and JSON use.
                f"{o.id}{mark}\n{option_name(o.id, lang)}" if width >= 90 else f"{o.id}{mark}",
                usd(o.upfront_usd),
                usd(o.monthly_fixed_usd),
                per_query(o.per_query_usd),
                style(usd(o.monthly_cost_usd), "bold") if mark else usd(o.monthly_cost_usd),
                usd(o.total_cost_usd),
                payback_text(o, result, lang),
            ]
        )
    out.append(table(headers, rows, align="<>>>>>>", max_width=width, style=style))
    qm = q * s.days_per_month
    foot = pick(T["footnote"], lang).format(
        qm=qpd(qm), **_hz(s.horizon_months), base=result.baseline
    )
    out.extend(wrap(foot, width))
    out.append("")
    out.append(
        style(
            pick(T["break_even"], lang).format(**_hz(s.horizon_months)),
            "bold",
        )
    )
    for line in break_even_lines(result, lang):
        out.extend(indent(line, width))
    out.append("")
    out.append(style(pick(T["cheapest_by"], lang), "bold"))
    for line in range_lines(result, lang):
        out.extend(indent(line, width))
    out.append("")
    out.append(style(pick(T["verdict"], lang), "bold"))
    out.extend(indent(verdict(result, lang), width))
    if hint:
        out.extend(indent(hint, width))
    if value is not None or uncertainty is not None or sensitivity is not None:
        from advisor.report import uncertainty as unc

        if value is not None:
            out.append("")
            out.extend(unc.text_lines(unc.value_blocks(value, result, lang), style, width))
        if uncertainty is not None:
            out.append("")
            out.extend(
                unc.text_lines(unc.uncertainty_blocks(uncertainty, result, lang), style, width)
            )
    if plot:
        out.append("")
        out.append(plot)
    if cumulative:
        out.append("")
        out.append(cumulative)
    if sensitivity is not None:
        out.append("")
        out.extend(unc.text_lines(unc.sensitivity_blocks(sensitivity, result, lang), style, width))
        if tornado:
            out.append("")
            out.append(tornado)
    out.append("")
    out.append(style(pick(T["how"], lang), "bold"))
    for o in result.options:
        head = pick(T["option_head"], lang).format(
            id=style(o.id, "bold"), name=option_name(o.id, lang), model=o.model.model
        )
        out.append(f"  {head}")
        for line in breakdown_lines(o, lang):
            out.extend(indent(line, width, 4, 6))
        people = _people_line(o, lang)
        if people:
            out.extend(indent(people, width, 4, 6))
    if result.serving_source:
        out.extend(indent(pick(T["serving_plan"], lang).format(src=result.serving_source), width))
    if result.notices:
        out.append("")
        out.append(style(pick(T["warnings"], lang), "bold", "yellow"))
        for n in result.notices:
            out.extend(indent("! " + notice_text(n, result, lang), width, 2, 4))
    out.append("")
    out.append(style(pick(T["sources"], lang).format(n=s.stale_after_days), "bold"))
    prices_head = pick(T["prices"], lang).format(today=result.today)
    out.extend(indent(pick(T["colon"], lang).format(x=prices_head), width))
    for line in price_lines(result, lang):
        out.extend(indent("- " + line, width, 4, 6))
    for first, items in source_groups(result):
        f = first.figure
        head = f"- [{f.confidence} {f.checked}] {f.source}"
        out.extend(indent(head, width, 2, 4))
        values = "; ".join(f"{x.label} = {_figure_value(x, lang)}" for x in items)
        out.extend(indent(values, width, 4, 4))
        if f.note:
            out.extend(indent(f"({f.note})", width, 4, 4))
    changed = changed_inputs(result)
    if changed:
        out.append("")
        out.append(style(pick(T["changed"], lang), "bold"))
        for path, value, source in changed:
            out.extend(indent(f"{path} = {_value(value)}  [{source}]", width, 2, 4))
    return "\n".join(out)


# --- markdown ---------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(
    result: RoiResult,
    lang: Lang,
    *,
    preset: tuple[str, str, str] | None = None,
    value: ValueResult | None = None,
    uncertainty: UncertaintyResult | None = None,
    sensitivity: Sensitivity | None = None,
) -> str:
    """The report as Markdown (also what the TUI saves)."""
    s = result.scenario
    q = s.queries_per_day
    title = pick(T["title"], lang).format(
        q=qpd(q), **_hz(s.horizon_months), d=f"{s.days_per_month:g}"
    )
    out = [f"# {title}", ""]
    if preset:
        name, title, description = preset
        out += [
            f"**{pick(T['preset'], lang)}:** `{name}`: {title}",
            "",
            md_paragraph(description),
            "",
        ]
    out += [md_paragraph(pick(T["month_note"], lang).format(d=f"{s.days_per_month:g}")), ""]
    heads = [
        pick(T["option"], lang),
        pick(T["oneoff"], lang),
        pick(T["fixed"], lang),
        pick(T["per_query"], lang),
        pick(T["monthly"], lang),
        pick(T["total"], lang).format(**_hz(s.horizon_months)),
        pick(T["payback"], lang),
    ]
    out.append("| " + " | ".join(heads) + " |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for o in result.options:
        name = f"`{o.id}` {option_name(o.id, lang)}"
        if o.id == result.cheapest:
            name = f"**{name}**"
        out.append(
            f"| {name} | {usd(o.upfront_usd)} | {usd(o.monthly_fixed_usd)} | "
            f"{per_query(o.per_query_usd)} | {usd(o.monthly_cost_usd)} | "
            f"{usd(o.total_cost_usd)} | {payback_text(o, result, lang)} |"
        )
    qm = q * s.days_per_month
    out += [
        "",
        md_paragraph(
            pick(T["footnote"], lang).format(
                qm=qpd(qm), **_hz(s.horizon_months), base=result.baseline
            )
        ),
        "",
    ]
    out += [f"## {pick(T['verdict'], lang)}", "", md_paragraph(verdict(result, lang)), ""]
    out += [
        f"## {pick(T['break_even'], lang).format(**_hz(s.horizon_months))}",
        "",
    ]
    out += [f"- {line}" for line in break_even_lines(result, lang)]
    out += ["", f"## {pick(T['cheapest_by'], lang)}", ""]
    out += [f"- {line}" for line in range_lines(result, lang)]
    if value is not None or uncertainty is not None or sensitivity is not None:
        from advisor.report import uncertainty as unc

        out.append("")
        if value is not None:
            out += unc.markdown_lines(unc.value_blocks(value, result, lang))
        if uncertainty is not None:
            out += unc.markdown_lines(unc.uncertainty_blocks(uncertainty, result, lang))
        if sensitivity is not None:
            out += unc.markdown_lines(unc.sensitivity_blocks(sensitivity, result, lang))
        out.pop()  # the blank line the next section adds
    out += ["", f"## {pick(T['how'], lang)}", ""]
    for o in result.options:
        head = pick(T["option_head"], lang).format(
            id=f"`{o.id}`", name=option_name(o.id, lang), model=o.model.model
        )
        out.append(f"### {head}")
        out.append("")
        out += [f"- {_md(line)}" for line in breakdown_lines(o, lang)]
        people = _people_line(o, lang)
        if people:
            out.append(f"- {people}")
        out.append("")
    if result.notices:
        out += [f"## {pick(T['warnings'], lang)}", ""]
        out += [f"- {notice_text(n, result, lang)}" for n in result.notices]
        out.append("")
    out += [f"## {pick(T['sources'], lang).format(n=s.stale_after_days)}", ""]
    out.append(
        md_paragraph(
            pick(T["colon"], lang).format(x=pick(T["prices"], lang).format(today=result.today))
        )
    )
    out.append("")
    out += [f"- {_md(line)}" for line in price_lines(result, lang)]
    out.append("")
    out.append(
        f"| {pick(T['figure'], lang)} | {pick(T['value'], lang)} | {pick(T['source'], lang)} "
        f"| {pick(T['checked'], lang)} | {pick(T['conf'], lang)} |"
    )
    out.append("|---|---:|---|---|---|")
    for f in result.figures:
        out.append(
            f"| `{f.label}` | {_figure_value(f, lang)} | {_md(f.figure.source)} "
            f"| {f.figure.checked} | {f.figure.confidence} |"
        )
    out += ["", f"## {pick(T['assumptions'], lang)}", ""]
    out.append(
        f"| {pick(T['path'], lang)} | {pick(T['value'], lang)} | {pick(T['source'], lang)} |"
    )
    out.append("|---|---:|---|")
    for a in result.assumptions:
        out.append(f"| `{a.path}` | {_md(_value(a.value))} | {_md(a.source)} |")
    return "\n".join(out) + "\n"


# --- json and csv -----------------------------------------------------------------------------


def _num(x: float | None) -> float | None:
    """JSON has no inf/NaN; the model never produces them, but a report must stay valid."""
    if x is None or x != x or x in (float("inf"), float("-inf")):
        return None
    return x


def to_json(
    result: RoiResult,
    lang: Lang,
    *,
    value: ValueResult | None = None,
    uncertainty: UncertaintyResult | None = None,
    sensitivity: Sensitivity | None = None,
) -> dict[str, Any]:
    """The stable, script-facing view of the result (field names are an interface).

    `value`, `uncertainty` and `sensitivity` keys appear only when those were computed.
    """
    data = _to_json(result, lang)
    if value is not None or uncertainty is not None or sensitivity is not None:
        from advisor.report import uncertainty as unc

        if value is not None:
            data["value"] = unc.value_json(value)
        if uncertainty is not None:
            data["uncertainty"] = unc.uncertainty_json(uncertainty)
            data["uncertainty"]["verdict"] = unc.verdict_text(uncertainty, lang)
        if sensitivity is not None:
            data["sensitivity"] = unc.sensitivity_json(sensitivity)
    return data


def _to_json(result: RoiResult, lang: Lang) -> dict[str, Any]:
    s = result.scenario
    return {
        "queries_per_day": s.queries_per_day,
        "horizon_months": s.horizon_months,
        "days_per_month": s.days_per_month,
        "today": result.today.isoformat(),
        "cheapest": result.cheapest,
        "baseline": result.baseline,
        "options": [
            {
                "id": o.id,
                "name": option_name(o.id, lang),
                "model": o.model.model,
                "upfront_usd": _num(o.upfront_usd),
                "monthly_fixed_usd": _num(o.monthly_fixed_usd),
                "per_query_usd": _num(o.per_query_usd),
                "monthly_running_usd": _num(o.monthly_running_usd),
                "monthly_cost_usd": _num(o.monthly_cost_usd),
                "total_cost_usd": _num(o.total_cost_usd),
                "payback_months": _num(o.payback_months),
                "items": [
                    {
                        "key": i.key,
                        "kind": i.kind,
                        "usd": _num(i.usd),
                        "formula": i.formula(lang),
                    }
                    for i in o.model.items
                ],
            }
            for o in result.options
        ],
        "break_even": [
            {
                "a": b.a,
                "b": b.b,
                "queries_per_day": _num(b.queries_per_day),
                "kind": b.kind,
                "cheaper_below": b.cheaper_below,
                "cheaper_above": b.cheaper_above,
            }
            for b in result.break_evens
        ],
        "cheapest_ranges": [
            {
                "option": r.option,
                "from_queries_per_day": _num(r.from_queries_per_day),
                "to_queries_per_day": _num(r.to_queries_per_day),
            }
            for r in result.cheapest_ranges
        ],
        "search_max_queries_per_day": _num(result.search_max_queries_per_day),
        "verdict": verdict(result, lang),
        "warnings": [
            {
                "code": n.code,
                "option": n.option,
                "subject": n.subject,
                "date": n.date.isoformat() if n.date else None,
                "text": notice_text(n, result, lang),
            }
            for n in result.notices
        ],
        "sources": [
            {
                "label": f.label,
                "value": f.figure.value,
                "unit": f.figure.unit,
                "source": f.figure.source,
                "checked": f.figure.checked.isoformat(),
                "confidence": f.figure.confidence,
                "age_days": f.figure.age_days(result.today),
                "stale": f.figure.age_days(result.today) > s.stale_after_days,
            }
            for f in result.figures
        ],
        "prices": {
            key: {
                "model": mp.model,
                "resolved": mp.resolved_id,
                "input_per_mtok": mp.input_per_mtok,
                "cached_input_per_mtok": mp.cached_input_per_mtok,
                "output_per_mtok": mp.output_per_mtok,
                "batch_input_per_mtok": mp.batch_input_per_mtok,
                "batch_cached_input_per_mtok": mp.batch_cached_input_per_mtok,
                "batch_output_per_mtok": mp.batch_output_per_mtok,
                "origins": dict(mp.origins),
                "library": mp.library,
                "released": mp.released.isoformat() if mp.released else None,
                "notes": list(mp.notes),
            }
            for key, mp in (
                ("api", result.prices.api),
                ("rag", result.prices.rag),
                ("teacher", result.prices.teacher),
            )
        },
        "assumptions": [
            {"path": a.path, "value": _jsonable(a.value), "source": a.source}
            for a in result.assumptions
        ],
    }


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, float):
        return _num(v)
    return v


def render_json(result: RoiResult, lang: Lang, **sections: Any) -> str:
    """`to_json` as text; strict JSON (no NaN or Infinity)."""
    data = to_json(result, lang, **sections)
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)


CSV_COLUMNS = (
    "id",
    "name",
    "model",
    "upfront_usd",
    "monthly_fixed_usd",
    "per_query_usd",
    "monthly_cost_usd",
    "total_cost_usd",
    "payback_months",
    "cheapest",
)


#: Extra columns with `--uncertainty` (empty cell: never / not applicable).
CSV_UNCERTAINTY = (
    "p_cheapest",
    "monthly_cost_p10",
    "monthly_cost_p50",
    "monthly_cost_p90",
    "payback_p10",
    "payback_p50",
    "payback_p90",
)
#: Extra columns when accuracies or answer values are given.
CSV_VALUE = ("accuracy", "cost_per_success_usd")


def render_csv(
    result: RoiResult,
    lang: Lang,
    *,
    value: ValueResult | None = None,
    uncertainty: UncertaintyResult | None = None,
    sensitivity: Sensitivity | None = None,
) -> str:
    """One row per option at the user's volume (full precision, for spreadsheets).

    The simulation and the value analysis add columns; the one-way sensitivity is not a
    per-option table, so it is only in the JSON and text reports.
    """
    import csv
    import io

    del sensitivity

    def num(x: float | None) -> str:
        return "" if x is None or x != x or x in (float("inf"), float("-inf")) else repr(x)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    head = list(CSV_COLUMNS)
    if uncertainty is not None:
        head += CSV_UNCERTAINTY
    if value is not None:
        head += CSV_VALUE
    w.writerow(head)
    for o in result.options:
        row = [
            o.id,
            option_name(o.id, lang),
            o.model.model,
            repr(o.upfront_usd),
            repr(o.monthly_fixed_usd),
            repr(o.per_query_usd),
            repr(o.monthly_cost_usd),
            repr(o.total_cost_usd),
            "" if o.payback_months is None else repr(o.payback_months),
            "1" if o.id == result.cheapest else "0",
        ]
        if uncertainty is not None:
            u = uncertainty.option(o.id)
            pb = u.payback
            row += [repr(u.p_cheapest), *(num(x) for x in u.monthly_cost)]
            row += ["", "", ""] if pb is None else [num(x) for x in pb]
        if value is not None:
            v = next(x for x in value.options if x.id == o.id)
            row += [num(v.accuracy), num(v.cost_per_success_usd)]
        w.writerow(row)
    return buf.getvalue()
