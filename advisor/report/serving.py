"""Rendering serving plans: the replicas, GPUs and monthly cost on every GPU, and the basis.

Shown by `advisor train --queries-per-day`; the ROI report can reuse `render_text` for its
self-hosted options.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.core.hardware import Hardware
from advisor.core.i18n import Lang, pick
from advisor.core.serving import ServingPlan, ServingRules
from advisor.core.training import to_jsonable
from advisor.report.text import Style, table, wrap
from advisor.report.training import T, conf_text, tier_label, usd, usd_small

S: dict[str, tuple[str, str]] = {
    "serving": ("Serving {model}", "部署 {model}"),
    "serving_line": (
        "{qpd} queries/day x ({tin} in + {tout} out) tokens, peak {p2a:g}x the average "
        "({peak:.2f} requests/s at peak){ha}",
        "每天 {qpd} 次请求 x（输入 {tin} + 输出 {tout}）token，峰值为平均的 {p2a:g} 倍"
        "（峰值 {peak:.2f} 请求/秒）{ha}",
    ),
    "ha": (", one spare replica (N+1)", "，另加一个备用副本（N+1）"),
    "serving_basis": (
        "Capacity at the SLO ({slo}) fitted to {n} measured workloads of {model} on {gpu} "
        "({engine}; {source}, {date}); fit within {err:.0%}. Other models and GPUs are scaled "
        "by FLOPs, KV-cache bytes and bandwidth: an estimate.",
        "SLO（{slo}）下的容量按 {model} 在 {gpu} 上实测的 {n} 种负载拟合（{engine}；{source}，"
        "{date}），拟合误差不超过 {err:.0%}。其他模型和 GPU 按 FLOPs、KV 缓存字节数和带宽"
        "换算：是估算。",
    ),
    "replicas": ("replicas x GPUs", "副本 x 卡数"),
    "capacity": ("q/day per replica", "每副本 次/天"),
    "load": ("peak load", "峰值负载"),
    "monthly": ("$/month", "$/月"),
    "per_mtok": ("$/1M tok", "$/百万 token"),
    "serving_legend": (
        "q/day per replica: queries per day one replica serves with the peak hour inside the SLO. "
        "$/1M tok: input + output tokens at your volume.",
        "每副本 次/天：峰值时段仍满足 SLO 时单个副本每天可服务的请求数。"
        "$/百万 token：按你的用量计算的输入加输出 token 成本。",
    ),
    "serving_headline": (
        "{replicas} replica(s) of {g} x {gpu} ({total} GPUs) at {price}/GPU-h ({tier}) x {hpm:g} "
        "h/month = {monthly}/month; {per_mtok} per 1M tokens at this volume ({full} at full "
        "capacity)",
        "{replicas} 个副本，每个 {g} 张 {gpu}（共 {total} 张卡），{price}/卡时（{tier}）"
        "x 每月 {hpm:g} 小时 = 每月 {monthly}；当前用量下每百万 token {per_mtok}（满载时 {full}）",
    ),
    "steps": (
        "Replicas are a step function of volume: one more for every {cap} queries/day.",
        "副本数随用量阶梯增长：每天每多 {cap} 次请求增加一个副本。",
    ),
}


def render_text(
    plans: Sequence[ServingPlan],
    chosen: ServingPlan | None,
    hw: Hardware,
    rules: ServingRules | None,
    lang: Lang,
    style: Style | None = None,
    cols: int = 100,
) -> str:
    """The serving plan on every GPU, the chosen one spelled out, and its basis."""
    style = style or Style()
    first = chosen or plans[0]
    out = [style(pick(S["serving"], lang).format(model=first.model), "bold")]
    out.extend(
        wrap(
            pick(S["serving_line"], lang).format(
                qpd=f"{first.queries_per_day:,.0f}",
                tin=f"{first.tokens_in:,.0f}",
                tout=f"{first.tokens_out:,.0f}",
                p2a=first.peak_to_avg,
                peak=first.peak_requests_per_s,
                ha=pick(S["ha"], lang) if first.curve.extra_replicas else "",
            ),
            cols,
        )
    )
    if rules is not None:
        ref = rules.reference
        out.extend(
            wrap(
                pick(S["serving_basis"], lang).format(
                    slo=ref.slo(lang),
                    n=len(ref.points),
                    model=hw.models.models[ref.model].name,
                    gpu=hw.gpus.gpus[ref.gpu].name,
                    engine=ref.engine,
                    source=ref.source.source.split(" ")[0],
                    date=ref.source.checked.isoformat(),
                    err=max(abs(e) for e in first.fit.errors),
                ),
                cols,
            )
        )
    rows = []
    for p in plans:
        mark = "* " if chosen is not None and p.gpu == chosen.gpu else ""
        rows.append(
            [
                mark + p.gpu_name,
                f"{p.replicas} x {p.gpus_per_replica}",
                f"{p.curve.capacity_qpd_per_replica:,.0f}",
                share(p.utilisation_at_peak),
                usd(p.price.usd_per_hour),
                tier_label(p.price, hw, lang),
                usd(p.monthly_usd),
                usd_small(p.usd_per_mtok) if p.usd_per_mtok is not None else "-",
            ]
        )
    out.append(
        table(
            [
                pick(T["gpu"], lang),
                pick(S["replicas"], lang),
                pick(S["capacity"], lang),
                pick(S["load"], lang),
                pick(T["price"], lang),
                pick(T["tier"], lang),
                pick(S["monthly"], lang),
                pick(S["per_mtok"], lang),
            ],
            rows,
            align="<>>>><>>",
            max_width=cols,
            style=style,
        )
    )
    out.extend(wrap(pick(S["serving_legend"], lang), cols))
    if chosen is not None:
        out.append("")
        out.extend(
            wrap(
                "* "
                + pick(S["serving_headline"], lang).format(
                    replicas=chosen.replicas,
                    g=chosen.gpus_per_replica,
                    gpu=chosen.gpu_name,
                    total=chosen.gpus_total,
                    price=usd(chosen.price.usd_per_hour),
                    tier=tier_label(chosen.price, hw, lang),
                    hpm=chosen.hours_per_month,
                    monthly=style(usd(chosen.monthly_usd), "bold"),
                    per_mtok=usd_small(chosen.usd_per_mtok) if chosen.usd_per_mtok else "-",
                    full=usd_small(chosen.usd_per_mtok_at_capacity),
                ),
                cols,
            )
        )
        cap = chosen.curve.capacity_qpd_per_replica
        out.extend(wrap(pick(S["steps"], lang).format(cap=f"{cap:,.0f}"), cols))
        src = chosen.price.source
        if src is not None:
            out.extend(
                wrap(
                    pick(T["src_price"], lang).format(
                        gpu=chosen.gpu_name,
                        price=usd(src.value),
                        tier=tier_label(chosen.price, hw, lang),
                        source=src.source,
                        date=src.checked.isoformat(),
                        conf=conf_text(src.confidence, lang),
                    ),
                    cols,
                )
            )
    return "\n".join(out)


def share(value: float) -> str:
    """A load as a percentage; a small but non-zero load is "<1%", not "0%"."""
    return "<1%" if 0 < value < 0.005 else f"{value:.0%}"


def to_json(plans: Sequence[ServingPlan], chosen: ServingPlan | None) -> dict[str, Any]:
    """Every plan with all its numbers, and which one the report spells out."""
    return {
        "plans": [to_jsonable(p) for p in plans],
        "chosen": chosen.gpu if chosen else None,
    }
