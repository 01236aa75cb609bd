"""Rendering uncertainty, sensitivity and value: text, Markdown and JSON pieces.

The ROI report (`report.roi`) calls these when `advisor roi` runs with `--uncertainty`,
`--sensitivity` or value inputs; the TUI can show the same lines (`uncertainty_lines`,
`sensitivity_lines`, `value_lines`). Hand-drawn tables at the ROI report's fixed width, so
`--plain` output is byte-stable.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.core.i18n import Lang, pick
from advisor.core.ranges import Range
from advisor.core.roi import RoiResult
from advisor.core.uncertainty import (
    Quantiles,
    Sensitivity,
    SensitivityRow,
    UncertaintyResult,
    ValueResult,
)
from advisor.report.roi import WIDTH, _num, option_name, per_query, qpd, usd
from advisor.report.text import Style, indent, md_paragraph, table, wrap

T = {
    "mc_head": (
        "Uncertainty: {n} draws (seed {seed}); each draw is one full scenario",
        "不确定性：{n} 次抽样（种子 {seed}）；每次抽样是一个完整情景",
    ),
    "defaults": (
        "No input has a range, so the key inputs of cost_model.md §E.7 vary by ±{pct}% "
        "(triangular, around their values; each line below moves together across the options). "
        "Give your own: --set PATH=LOW..HIGH (see --help).",
        "没有输入给出区间，因此 cost_model.md §E.7 的关键输入在其取值上下 ±{pct}% 内变化"
        "（三角分布；下面每一行在各方案间同步变化）。"
        "可自行给出：--set PATH=LOW..HIGH（见 --help）。",
    ),
    "ranges": ("Ranges", "区间"),
    "tri": ("triangular {lo}..{b}..{hi}", "三角分布 {lo}..{b}..{hi}"),
    "uni": ("uniform {lo}..{hi}", "均匀分布 {lo}..{hi}"),
    "logn": ("lognormal P10 {lo}, P90 {hi}", "对数正态 P10 {lo}，P90 {hi}"),
    "default_origin": ("default {x}", "默认 {x}"),
    "relative": (
        "triangular, each input ±{pct} around its value",
        "三角分布，每个输入在其取值上下 ±{pct}",
    ),
    "group": (" (x{k})", "（x{k}）"),
    "groups_note": (
        "xN: N inputs that move together (one draw for all of them).",
        "xN：N 个同步变化的输入（每次抽样取同一分位）。",
    ),
    "unused": (
        "Not used by any compared option: {paths}",
        "没有被任何参与比较的方案使用：{paths}",
    ),
    "option": ("Option", "方案"),
    "p_cheapest": ("P(cheapest)", "最便宜概率"),
    "monthly": ("Monthly* P10 / P50 / P90", "每月* P10 / P50 / P90"),
    "payback": ("Payback P10 / P50 / P90", "回本 P10 / P50 / P90"),
    "best_value": ("P(best value)", "价值最优概率"),
    "best_value_note": (
        "P(best value): share of draws in which the option has the lowest cost + errors - value.",
        "价值最优概率：该方案的“成本 + 错误 - 价值”在多少比例的抽样中最低。",
    ),
    "baseline": ("baseline", "基准"),
    "at_volume": (
        "* at each draw's volume, one-off cost spread over the horizon; quantiles of the first "
        "{m} draws (the plot's band: the first {b}). Probabilities, payback and break-evens use "
        "all {n} draws, which give every probability to within ±{err} percentage points (95%).",
        "* 按每次抽样的查询量计算，一次性成本分摊到周期内；取前 {m} 次抽样的分位数（图中的区间："
        "前 {b} 次）。概率、回本和盈亏平衡点使用全部 {n} 次抽样，每个概率的误差在 ±{err} "
        "个百分点以内（95%）。",
    ),
    "volume": (
        "Volume P10 / P50 / P90: {q} queries/day",
        "查询量 P10 / P50 / P90：每日 {q} 次",
    ),
    "be_head": (
        "Break-even volumes over the draws: where the second option becomes cheaper",
        "各次抽样的盈亏平衡点：第二个方案开始更便宜的查询量",
    ),
    "pair": ("Pair", "方案对"),
    "point": ("Point", "点估计"),
    "be_q": ("P10 / P50 / P90 (per day)", "P10 / P50 / P90（每日）"),
    "from0": ("From 0", "从 0 起"),
    "never_col": ("Never", "从不"),
    "be_note": (
        "From 0: the second option is already cheaper at the smallest volumes in that share of "
        "draws; never: it is not cheaper at any volume up to {max}/day.",
        "从 0 起：在该比例的抽样中，第二个方案在最小查询量时就已更便宜；从不：在每日 {max} 次以内"
        "都不更便宜。",
    ),
    "mc_verdict": (
        "{name} ({id}) is the cheapest at {q} queries/day in {p} of draws.",
        "{name}（{id}）在每日 {q} 次查询时最便宜的概率为 {p}。",
    ),
    "mc_verdict_ranged": (
        "{name} ({id}) is the cheapest in {p} of draws, each at its own volume.",
        "{name}（{id}）在 {p} 的抽样中最便宜（每次抽样按其自身的查询量）。",
    ),
    "mc_verdict_others": (" Otherwise: {rest}.", "其余：{rest}。"),
    "never": ("never", "从不"),
    "at_once": ("at once", "立即"),
    "months": ("{a} / {b} / {c} months", "{a} / {b} / {c} 个月"),
    "sens_head": (
        "Sensitivity (one-way): each input alone at its low and high end, all else at its value",
        "敏感性（单因素）：每个输入单独取其低端和高端，其余保持原值",
    ),
    "sens_defaults": (
        "No input has a range: the key inputs move by ±{pct}% (a lognormal range uses P10 and "
        "P90).",
        "没有输入给出区间：关键输入上下变动 ±{pct}%（对数正态区间取 P10 和 P90）。",
    ),
    "sens_ranges": (
        "Each ranged input at its low and high value (a lognormal range at P10 and P90).",
        "每个有区间的输入取其低值和高值（对数正态区间取 P10 和 P90）。",
    ),
    "lead_head": (
        "What moves the verdict: {c}'s lead over the next option at {q}/day ({lead}/month now)",
        "影响结论的因素：每日 {q} 次时 {c} 相对次优方案的领先（目前每月 {lead}）",
    ),
    "input": ("Input", "输入"),
    "low_high": ("Low .. high", "低 .. 高"),
    "lead_lh": ("Lead at low / high", "低端 / 高端时的领先"),
    "swing": ("Swing", "摆幅"),
    "cheapest_lh": ("Cheapest at low / high", "低端 / 高端时最便宜"),
    "flip": ("FLIPS", "结论改变"),
    "be_sens_head": (
        "What moves the break-even {a} -> {b} ({q} now)",
        "影响盈亏平衡点 {a} -> {b} 的因素（目前 {q}）",
    ),
    "be_lh": ("At low / high", "低端 / 高端时"),
    "per_day": ("{q}/day", "每日 {q} 次"),
    "never_day": ("never", "从不"),
    "value_head": (
        "Value: cost per successful task (a wrong answer costs {w}, a right one is worth {v})",
        "价值：每次成功任务的成本（一次错误回答损失 {w}，一次正确回答价值 {v}）",
    ),
    "accuracy": ("Accuracy", "准确率"),
    "per_q": ("Per query*", "每次查询*"),
    "per_success": ("Per success", "每次成功"),
    "errors": ("Errors/month", "错误成本/月"),
    "adjusted": ("Cost + errors - value/month", "成本 + 错误 - 价值/月"),
    "value_note": (
        "* monthly cost (one-off spread) / queries per month. Per success = per query / "
        "accuracy (cost_model.md §E.1).",
        "* 每月成本（一次性成本分摊）/ 每月查询数。"
        "每次成功 = 每次查询 / 准确率（cost_model.md §E.1）。",
    ),
    "openai": (
        "Break-even accuracy: a cheaper option pays while its accuracy stays above the other's "
        "minus savings per query / (error cost + success value). OpenAI's accuracy guide frames "
        "it as cost of error / (cost of error + savings): the same number when the other option "
        "is always right and the error cost includes the savings a wrong answer forfeits.",
        "盈亏平衡准确率：较便宜的方案在其准确率高于“另一方案的准确率 - 每次查询节省 / (错误成本 + "
        "正确价值)”时才划算。OpenAI 的准确率指南把它表述为 错误成本 / (错误成本 + 节省)："
        "当另一方案总是正确、且错误成本包含错误回答所损失的节省时，两者相同。",
    ),
    "thr_cheaper": (
        "{c} saves {s} per query against {x}: it keeps paying while its accuracy is above {a} "
        "({x}: {ax}).",
        "{c} 相对 {x} 每次查询节省 {s}：只要其准确率高于 {a}（{x}：{ax}）就划算。",
    ),
    "thr_pricier": (
        "{x} pays for its extra {s} per query only above {a} accuracy ({c}: {ac}).",
        "{x} 每次查询多花 {s}，只有准确率高于 {a} 才值得（{c}：{ac}）。",
    ),
    "thr_cheaper_any": (
        "{c} saves {s} per query against {x}: it pays at any accuracy ({x}: {ax}).",
        "{c} 相对 {x} 每次查询节省 {s}：任何准确率下都划算（{x}：{ax}）。",
    ),
    "thr_pricier_none": (
        "{x} cannot pay for its extra {s} per query at any accuracy ({c}: {ac}).",
        "{x} 每次查询多花 {s}，任何准确率都无法弥补（{c}：{ac}）。",
    ),
    "pays_yes": (" With the accuracies given, {c} pays.", "按给定的准确率，{c} 划算。"),
    "pays_no": (
        " With the accuracies given, {c}'s extra errors cost more than it saves: {x} is better.",
        "按给定的准确率，{c} 多出的错误成本超过节省：{x} 更好。",
    ),
    "best": (
        "Lowest cost counting errors and value: {name} ({id}).",
        "计入错误成本和价值后最低：{name}（{id}）。",
    ),
    "need_worth": (
        "Set value.error_cost_usd (what a wrong answer costs) or value.success_value_usd to get "
        "break-even accuracies.",
        "设置 value.error_cost_usd（一次错误回答的成本）或 value.success_value_usd，即可得到盈亏"
        "平衡准确率。",
    ),
    "need_acc": (
        "Give each option's accuracy on your task (e.g. --set api.accuracy=0.92) to count errors.",
        "给出各方案在你的任务上的准确率（例如 --set api.accuracy=0.92）以计入错误成本。",
    ),
    "unknown": ("-", "-"),
    "ranges_hint": (
        "{k} input(s) have ranges; add --uncertainty (Monte Carlo) or --sensitivity (tornado) "
        "to use them. The numbers above use each range's base value.",
        "{k} 个输入给出了区间；加上 --uncertainty（蒙特卡洛）或 --sensitivity（龙卷风图）即可使用。"
        "上面的数字使用各区间的基准值。",
    ),
}


def _pct(p: float) -> str:
    """A probability as a percentage with one decimal (100.0%, 0.3%)."""
    return f"{p * 100:.1f}%"


def _vol(q: float, lang: Lang) -> str:
    """A break-even volume, or `never`."""
    if q == math.inf:
        return pick(T["never"], lang)
    return qpd(q)


def _months(q: Quantiles, lang: Lang) -> str:
    def one(x: float) -> str:
        if x == math.inf:
            return pick(T["never"], lang)
        return f"{x:,.1f}"

    if q.p10 == q.p50 == q.p90 == math.inf:
        return pick(T["never"], lang)
    return pick(T["months"], lang).format(a=one(q.p10), b=one(q.p50), c=one(q.p90))


def _money3(q: Quantiles) -> str:
    return f"{usd(q.p10)} / {usd(q.p50)} / {usd(q.p90)}"


def _value(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) >= 1 else f"{x:.4g}"


def sampling_error(draws: int) -> float:
    """Half-width of a 95% interval of any probability, in percentage points: 2 x max SE."""
    return 100 * 2 * math.sqrt(0.25 / draws)


# --- sections as blocks: one structure, rendered as text or Markdown ---------------------------

Block = tuple[Any, ...]
"""("title", text) | ("para", text) | ("note", text) | ("sub", text) |
("table", headers, rows, align, shrink)."""


def range_rows(u: UncertaintyResult, lang: Lang) -> list[list[str]]:
    """One row per range group: input, distribution(s), origin."""
    groups: dict[str, list[Any]] = {}
    for r in u.ranges:
        groups.setdefault(r.group, []).append(r)
    rows = []
    for name, rs in groups.items():
        label = name
        if len(rs) > 1:
            label += pick(T["group"], lang).format(k=len(rs))
        texts = {r.text for r in rs}
        if len(texts) == 1 and rs[0].text.startswith(("+-", "±")) and len(rs) > 1:
            pct = rs[0].text.lstrip("+-±")
            described = [pick(T["relative"], lang).format(pct=pct)]
        else:
            described = sorted({describe(r, lang) for r in rs})
            if len(described) > 2:
                described = [*described[:2], "…"]
        origin = rs[0].origin
        if origin.startswith("default "):
            origin = pick(T["default_origin"], lang).format(x=origin.split(" ", 1)[1])
        rows.append([label, "; ".join(described), origin.replace("+-", "±")])
    return rows


def describe(r: Range, lang: Lang) -> str:
    """`triangular 200..300..600`, `uniform 0.2..0.6`, `lognormal P10 200, P90 600`."""
    n = _value
    if r.dist == "triangular":
        return pick(T["tri"], lang).format(lo=n(r.low), b=n(r.base), hi=n(r.high))
    if r.dist == "uniform":
        return pick(T["uni"], lang).format(lo=n(r.low), hi=n(r.high))
    return pick(T["logn"], lang).format(lo=n(r.low), hi=n(r.high))


def uncertainty_blocks(u: UncertaintyResult, result: RoiResult, lang: Lang) -> list[Block]:
    """The Monte Carlo section."""
    out: list[Block] = [("title", pick(T["mc_head"], lang).format(n=f"{u.draws:,}", seed=u.seed))]
    if u.default_spread is not None:
        out.append(("para", pick(T["defaults"], lang).format(pct=f"{u.default_spread * 100:g}")))
    rows = range_rows(u, lang)
    if rows:
        out.append(
            ("table", [pick(T["input"], lang), pick(T["ranges"], lang), ""], rows, "<<<", (1, 2))
        )
    if any("(x" in r[0] or "（x" in r[0] for r in rows):
        out.append(("para", pick(T["groups_note"], lang)))
    if u.unused:
        out.append(("para", pick(T["unused"], lang).format(paths=", ".join(u.unused))))
    if u.volume is not None:
        v = u.volume
        q = f"{qpd(v.p10)} / {qpd(v.p50)} / {qpd(v.p90)}"
        out.append(("para", pick(T["volume"], lang).format(q=q)))
    out.append(("para", verdict_text(u, lang)))
    has_value = any(o.p_best_value is not None for o in u.options)
    headers = [
        pick(T["option"], lang),
        pick(T["p_cheapest"], lang),
        pick(T["monthly"], lang),
        pick(T["payback"], lang),
    ]
    if has_value:
        headers.append(pick(T["best_value"], lang))
    body = []
    for o in u.options:
        row = [
            f"{o.id}\n{option_name(o.id, lang)}",
            _pct(o.p_cheapest),
            _money3(o.monthly_cost),
            pick(T["baseline"], lang) if o.payback is None else _months(o.payback, lang),
        ]
        if has_value:
            row.append(_pct(o.p_best_value or 0.0))
        body.append(row)
    out.append(("table", headers, body, "<>>>" + (">" if has_value else ""), None))
    err = sampling_error(u.draws)
    from advisor.core.uncertainty import BAND_DRAWS, MONTHLY_DRAWS

    note = pick(T["at_volume"], lang).format(
        n=f"{u.draws:,}",
        err=f"{err:.1f}",
        m=f"{min(u.draws, MONTHLY_DRAWS):,}",
        b=f"{min(u.draws, BAND_DRAWS):,}",
    )
    out.append(("note", note))
    if has_value:
        out.append(("note", pick(T["best_value_note"], lang)))
    if u.break_evens:
        out.append(("sub", pick(T["be_head"], lang)))
        be_rows = [
            [
                f"{b.below} -> {b.above}",
                _vol(b.point, lang),
                " / ".join(_vol(x, lang) for x in b.quantiles),
                _pct(b.p_from_zero),
                _pct(b.p_never),
            ]
            for b in u.break_evens
        ]
        be_heads = [
            pick(T["pair"], lang),
            pick(T["point"], lang),
            pick(T["be_q"], lang),
            pick(T["from0"], lang),
            pick(T["never_col"], lang),
        ]
        out.append(("table", be_heads, be_rows, "<>>>>", None))
        note = pick(T["be_note"], lang).format(max=qpd(result.search_max_queries_per_day))
        out.append(("note", note))
    return out


def verdict_text(u: UncertaintyResult, lang: Lang) -> str:
    """The simulation's verdict in one sentence: who is cheapest how often."""
    best = max(u.options, key=lambda o: o.p_cheapest)
    key = "mc_verdict" if u.volume is None else "mc_verdict_ranged"
    text = pick(T[key], lang).format(
        name=option_name(best.id, lang),
        id=best.id,
        q=qpd(u.queries_per_day),
        p=_pct(best.p_cheapest),
    )
    rest = [o for o in u.options if o.id != best.id and o.p_cheapest > 0]
    if rest:
        joined = ", ".join(f"{o.id} {_pct(o.p_cheapest)}" for o in rest)
        text += pick(T["mc_verdict_others"], lang).format(rest=joined)
    return text


def _row_input(r: SensitivityRow, lang: Lang) -> str:
    if len(r.paths) > 1:
        return r.input + pick(T["group"], lang).format(k=len(r.paths))
    return r.input


def sensitivity_blocks(s: Sensitivity, result: RoiResult, lang: Lang) -> list[Block]:
    """The tornado tables: what moves the verdict, what moves the main break-even."""
    out: list[Block] = [("title", pick(T["sens_head"], lang))]
    if s.default_spread is not None:
        out.append(
            ("para", pick(T["sens_defaults"], lang).format(pct=f"{s.default_spread * 100:g}"))
        )
    else:
        out.append(("para", pick(T["sens_ranges"], lang)))
    q = qpd(result.scenario.queries_per_day)
    out.append(("sub", pick(T["lead_head"], lang).format(c=s.cheapest, q=q, lead=usd(s.lead))))
    rows = []
    for r in s.rows:
        if r.cheapest_low == r.cheapest_high:
            cheapest = r.cheapest_low
        else:
            cheapest = f"{r.cheapest_low} / {r.cheapest_high}"
        if r.flips:
            cheapest += " " + pick(T["flip"], lang)
        rows.append(
            [
                _row_input(r, lang),
                f"{_value(r.low)} .. {_value(r.high)}",
                f"{usd(r.lead_low)} / {usd(r.lead_high)}",
                usd(r.lead_swing),
                cheapest,
            ]
        )
    heads = [
        pick(T["input"], lang),
        pick(T["low_high"], lang),
        pick(T["lead_lh"], lang),
        pick(T["swing"], lang),
        pick(T["cheapest_lh"], lang),
    ]
    out.append(("table", heads, rows, "<>>><", (4,)))
    lo, hi = s.pair
    if lo != hi:
        out.append(
            ("sub", pick(T["be_sens_head"], lang).format(a=lo, b=hi, q=_day(s.break_even, lang)))
        )
        be_rows = [
            [
                _row_input(r, lang),
                f"{_value(r.low)} .. {_value(r.high)}",
                f"{_vol(r.break_even_low, lang)} / {_vol(r.break_even_high, lang)}",
                "∞" if r.break_even_swing == math.inf else qpd(r.break_even_swing),
            ]
            for r in s.by_break_even
        ]
        be_heads = [
            pick(T["input"], lang),
            pick(T["low_high"], lang),
            pick(T["be_lh"], lang),
            pick(T["swing"], lang),
        ]
        out.append(("table", be_heads, be_rows, "<>>>", (0,)))
    return out


def _day(q: float, lang: Lang) -> str:
    if q == math.inf:
        return pick(T["never_day"], lang)
    return pick(T["per_day"], lang).format(q=qpd(q))


def _acc(a: float | None, lang: Lang) -> str:
    return pick(T["unknown"], lang) if a is None else f"{a * 100:.1f}%"


def _needs(a: float) -> str:
    return f"{a * 100:.2f}%"


def value_blocks(v: ValueResult, result: RoiResult, lang: Lang) -> list[Block]:
    """Cost per success and break-even accuracies."""
    title = pick(T["value_head"], lang).format(w=usd(v.error_cost_usd), v=usd(v.success_value_usd))
    out: list[Block] = [("title", title)]
    rows = []
    for o in v.options:
        rows.append(
            [
                f"{o.id}\n{option_name(o.id, lang)}",
                _acc(o.accuracy, lang),
                per_query(o.cost_per_query_usd) if math.isfinite(o.cost_per_query_usd) else "-",
                "-" if o.cost_per_success_usd is None else per_query(o.cost_per_success_usd),
                "-" if o.error_cost_per_month_usd is None else usd(o.error_cost_per_month_usd),
                "-" if o.adjusted_monthly_usd is None else usd(o.adjusted_monthly_usd),
            ]
        )
    heads = [
        pick(T["option"], lang),
        pick(T["accuracy"], lang),
        pick(T["per_q"], lang),
        pick(T["per_success"], lang),
        pick(T["errors"], lang),
        pick(T["adjusted"], lang),
    ]
    out.append(("table", heads, rows, "<>>>>>", None))
    out.append(("note", pick(T["value_note"], lang)))
    worth = v.error_cost_usd + v.success_value_usd
    if all(o.accuracy is None for o in v.options):
        out.append(("para", pick(T["need_acc"], lang)))
        return out
    if worth <= 0:
        out.append(("para", pick(T["need_worth"], lang)))
        return out
    out.append(("para", pick(T["openai"], lang)))
    acc = {o.id: o.accuracy for o in v.options}
    for t in v.thresholds:
        parts = []
        saving = per_query(abs(t.savings_per_query_usd))
        fields = {
            "c": t.cheaper,
            "x": t.pricier,
            "s": saving,
            "ax": _acc(acc[t.pricier], lang),
            "ac": _acc(acc[t.cheaper], lang),
        }
        if t.cheaper_needs is not None:
            key = "thr_cheaper" if t.cheaper_needs > 0 else "thr_cheaper_any"
            parts.append(pick(T[key], lang).format(a=_needs(t.cheaper_needs), **fields))
        if t.pricier_needs is not None:
            key = "thr_pricier" if t.pricier_needs <= 1 else "thr_pricier_none"
            parts.append(pick(T[key], lang).format(a=_needs(t.pricier_needs), **fields))
        line = (" " if lang == "en" else "").join(parts)
        if t.pays is True:
            line += pick(T["pays_yes"], lang).format(c=t.cheaper)
        elif t.pays is False:
            line += pick(T["pays_no"], lang).format(c=t.cheaper, x=t.pricier)
        if line:
            out.append(("item", line))
    if v.best is not None:
        out.append(
            ("para", pick(T["best"], lang).format(name=option_name(v.best, lang), id=v.best))
        )
    return out


def ranges_hint(k: int, lang: Lang) -> str:
    """One line for a plain run whose inputs have ranges it does not use."""
    return pick(T["ranges_hint"], lang).format(k=k)


# --- rendering blocks -----------------------------------------------------------------------------


def text_lines(blocks: list[Block], style: Style | None = None, width: int = WIDTH) -> list[str]:
    """Blocks as the text report's lines, `width` columns wide (stable 100 by default)."""
    style = style or Style()
    out: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind == "title":
            out.append(style(b[1], "bold"))
        elif kind == "sub":
            out.append("")
            out.extend(wrap(b[1], width))
        elif kind == "para":
            out.extend(indent(b[1], width))
        elif kind == "item":
            out.extend(indent("- " + b[1], width, 2, 4))
        elif kind == "note":
            out.extend(wrap(b[1], width))
        else:
            _, heads, rows, align, shrink = b
            out.append(table(heads, rows, align=align, max_width=width, style=style, shrink=shrink))
    return out


def _md(text: str) -> str:
    """A table cell: pipes and the `*` of wildcard paths escaped, one line."""
    return text.replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def markdown_lines(blocks: list[Block]) -> list[str]:
    """Blocks as Markdown: `##` title, `###` subheadings, pipe tables."""
    out: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind == "title":
            out += [f"## {b[1]}", ""]
        elif kind == "sub":
            out += [f"### {b[1]}", ""]
        elif kind == "item":
            out += [f"- {b[1]}", ""]
        elif kind in ("para", "note"):
            text = b[1]
            out += [md_paragraph(text), ""]
        else:
            _, heads, rows, align, _shrink = b
            out.append("| " + " | ".join(_md(h) or " " for h in heads) + " |")
            out.append("|" + "|".join("---:" if a == ">" else "---" for a in align) + "|")
            out += ["| " + " | ".join(_md(str(c)) for c in row) + " |" for row in rows]
            out.append("")
    return out


# --- json ---------------------------------------------------------------------------------------


def _q(q: Quantiles | None) -> dict[str, float | None] | None:
    if q is None:
        return None
    return {"p10": _num(q.p10), "p50": _num(q.p50), "p90": _num(q.p90)}


def uncertainty_json(u: UncertaintyResult) -> dict[str, Any]:
    """The simulation for scripts; null volumes and months mean never."""
    return {
        "draws": u.draws,
        "seed": u.seed,
        "default_spread": u.default_spread,
        "ranges": [
            {
                "path": r.path,
                "dist": r.dist,
                "low": r.low,
                "base": r.base,
                "high": r.high,
                "low_is": "p10" if r.dist == "lognormal" else "min",
                "group": r.group,
                "origin": r.origin,
                "text": r.text,
            }
            for r in u.ranges
        ],
        "unused": list(u.unused),
        "volume": _q(u.volume),
        "options": [
            {
                "id": o.id,
                "p_cheapest": o.p_cheapest,
                "monthly_cost_usd": _q(o.monthly_cost),
                "payback_months": _q(o.payback),
                "p_payback_never": o.p_payback_never,
                "p_best_value": o.p_best_value,
            }
            for o in u.options
        ],
        "break_even": [
            {
                "below": b.below,
                "above": b.above,
                "point": _num(b.point),
                "queries_per_day": _q(b.quantiles),
                "p_from_zero": b.p_from_zero,
                "p_never": b.p_never,
            }
            for b in u.break_evens
        ],
        "probability_error_pp_95": sampling_error(u.draws),
    }


def sensitivity_json(s: Sensitivity) -> dict[str, Any]:
    """The tornado for scripts (rows ranked by lead swing; null break-evens mean never)."""
    return {
        "cheapest": s.cheapest,
        "runner_up": s.runner_up,
        "lead_usd_per_month": s.lead,
        "break_even_pair": list(s.pair),
        "break_even": _num(s.break_even),
        "default_spread": s.default_spread,
        "rows": [
            {
                "input": r.input,
                "paths": list(r.paths),
                "low": r.low,
                "high": r.high,
                "lead_low": r.lead_low,
                "lead_high": r.lead_high,
                "lead_swing": r.lead_swing,
                "cheapest_low": r.cheapest_low,
                "cheapest_high": r.cheapest_high,
                "flips": r.flips,
                "break_even_low": _num(r.break_even_low),
                "break_even_high": _num(r.break_even_high),
                "break_even_swing": _num(r.break_even_swing),
            }
            for r in s.rows
        ],
    }


def value_json(v: ValueResult) -> dict[str, Any]:
    """Cost per success and break-even accuracies for scripts."""
    return {
        "error_cost_usd": v.error_cost_usd,
        "success_value_usd": v.success_value_usd,
        "best": v.best,
        "options": [
            {
                "id": o.id,
                "accuracy": o.accuracy,
                "cost_per_query_usd": _num(o.cost_per_query_usd),
                "cost_per_success_usd": _num(o.cost_per_success_usd),
                "error_cost_per_month_usd": _num(o.error_cost_per_month_usd),
                "adjusted_monthly_usd": _num(o.adjusted_monthly_usd),
            }
            for o in v.options
        ],
        "break_even_accuracy": [
            {
                "cheaper": t.cheaper,
                "pricier": t.pricier,
                "savings_per_query_usd": t.savings_per_query_usd,
                "cheaper_needs": _num(t.cheaper_needs),
                "pricier_needs": _num(t.pricier_needs),
                "pays": t.pays,
            }
            for t in v.thresholds
        ],
    }
