"""Comparing the options: costs at the user's volume, break-evens, cheapest ranges, payback.

Each option is one-off cost + monthly cost, where the monthly cost is a `Curve` of queries/day
(`advisor.core.options` builds them). `compute` evaluates them at the user's volume and
compares them over every volume:

- monthly cost = running cost + one-off / horizon (one-off costs spread over the horizon);
- break-even = every volume where two options' monthly costs swap order, found exactly on the
  curves (closed form per linear piece, exact at steps);
- payback = months for an option's one-off extra over the baseline (`api`) to be repaid by its
  lower running cost at the user's volume.

Everything here is pure: the same inputs always give the same `RoiResult`, and nothing is read
from disk or the network. The option types are re-exported so callers need one import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from advisor.core.catalog import Availability, Catalog
from advisor.core.curve import Curve, crossings, lower_envelope
from advisor.core.options import (
    CostItem,
    OptionModel,
    ServingPlan,
    TokenRates,
    UsedFigure,
    hand_plan,
    option_models,
    token_cost,
)
from advisor.core.pricing import ModelPrices, Prices
from advisor.core.scenario import MAX_QUERIES_PER_DAY, OptionId, Scenario
from advisor.core.settings import leaf_values


class OptionResult(NamedTuple):
    """One option at the user's volume."""

    id: OptionId
    upfront_usd: float
    monthly_fixed_usd: float
    """Fixed part of the running cost on the piece of the curve the volume is on."""
    per_query_usd: float
    """Marginal cost of one more query at that volume."""
    monthly_running_usd: float
    """Fixed + per query x queries per month."""
    monthly_cost_usd: float
    """Running cost + one-off / horizon."""
    total_cost_usd: float
    """One-off + running x horizon months."""
    payback_months: float | None
    """Months for the one-off extra over the baseline to be repaid; None = never."""
    model: OptionModel


class BreakEven(NamedTuple):
    """A volume where two options' monthly costs (one-off spread) swap order."""

    a: OptionId
    b: OptionId
    queries_per_day: float
    kind: str
    """`cross` (equal cost there), `step` (a replica added flips the order), `tie`."""
    cheaper_below: OptionId
    cheaper_above: OptionId


class CheapestRange(NamedTuple):
    """A volume range where one option has the lowest monthly cost."""

    option: OptionId
    from_queries_per_day: float
    to_queries_per_day: float | None
    """None: up to the largest volume modelled."""


class Notice(NamedTuple):
    """A warning for the report: stale figure, availability date, search limit..."""

    code: str
    """`stale`, `passed`, `in_horizon`, `retrain_blocked`, `unknown_release`, `deprecated`,
    `search_limit`."""
    option: OptionId | None = None
    subject: str = ""
    """What it is about (a figure label, a model id)."""
    date: dt.date | None = None
    age_days: int | None = None
    fact: Availability | None = None


class Assumption(NamedTuple):
    """One input with its value and where that value came from."""

    path: str
    value: object
    source: str


class RoiResult(NamedTuple):
    """Everything `advisor roi` reports; reports and the TUI render it, nothing recomputes."""

    scenario: Scenario
    today: dt.date
    options: tuple[OptionResult, ...]
    break_evens: tuple[BreakEven, ...]
    cheapest: OptionId
    """Cheapest option at the user's volume."""
    cheapest_ranges: tuple[CheapestRange, ...]
    baseline: OptionId
    """The option payback is measured against."""
    notices: tuple[Notice, ...]
    figures: tuple[UsedFigure, ...]
    prices: Prices
    assumptions: tuple[Assumption, ...]
    search_max_queries_per_day: float
    serving_source: str | None = None

    def option(self, option_id: str) -> OptionResult:
        """One option's result by id (`api`, `rag`, `finetune`, `distill`)."""
        return next(o for o in self.options if o.id == option_id)

    def monthly_cost(self, option_id: str, queries_per_day: float) -> float:
        """An option's monthly cost (one-off spread) at any volume."""
        return self.option(option_id).model.monthly(queries_per_day, self.scenario.horizon_months)

    def amortised(self, option_id: str) -> Curve:
        """An option's monthly cost curve with the one-off share added: what break-evens use."""
        m = self.option(option_id).model
        return m.running.plus(m.upfront_usd / self.scenario.horizon_months)


# --- comparing --------------------------------------------------------------------------------


def compute(
    scenario: Scenario,
    catalog: Catalog,
    prices: Prices,
    *,
    today: dt.date,
    serving_plan: ServingPlan | None = None,
    origins: Mapping[str, str] | None = None,
) -> RoiResult:
    """Price every compared option at the scenario's volume and compare them over volume."""
    models = option_models(scenario, catalog, prices, serving_plan=serving_plan)
    ids = list(models)
    H = scenario.horizon_months
    q = scenario.queries_per_day
    curves = [models[i].running.plus(models[i].upfront_usd / H) for i in ids]
    upto = min(MAX_QUERIES_PER_DAY, *(c.exact_to for c in curves))

    breaks: list[BreakEven] = []
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            for c in crossings(curves[x], curves[y], upto):
                below = ids[x] if c.cheaper_below == 0 else ids[y]
                above = ids[y] if below == ids[x] else ids[x]
                breaks.append(BreakEven(ids[x], ids[y], c.queries_per_day, c.kind, below, above))
    spans = lower_envelope(curves, upto)
    ranges = tuple(
        CheapestRange(ids[sp.winner], sp.start, None if sp.end >= upto else sp.end) for sp in spans
    )
    values = [c(q) for c in curves]
    cheapest = ids[min(range(len(ids)), key=lambda k: (values[k], k))]

    baseline = "api" if "api" in models else min(ids, key=lambda i: models[i].upfront_usd)
    base_running = models[baseline].running(q)
    base_upfront = models[baseline].upfront_usd
    results = []
    for i in ids:
        m = models[i]
        fixed, slope = m.running.piece(q)
        running = m.running(q)
        results.append(
            OptionResult(
                id=i,
                upfront_usd=m.upfront_usd,
                monthly_fixed_usd=fixed,
                per_query_usd=slope / scenario.days_per_month,
                monthly_running_usd=running,
                monthly_cost_usd=running + m.upfront_usd / H,
                total_cost_usd=m.upfront_usd + running * H,
                payback_months=_payback(m.upfront_usd - base_upfront, base_running - running),
                model=m,
            )
        )
    figures: list[UsedFigure] = []
    seen: set[str] = set()
    for m in models.values():
        for f in m.figures:
            if f.label not in seen:
                seen.add(f.label)
                figures.append(f)
    notices = _notices(scenario, catalog, prices, models, figures, today, upto)
    plan_source = None
    if "distill" in models and scenario.distill.serving == "self_hosted":
        plan_source = (serving_plan or hand_plan(scenario)).source
    return RoiResult(
        scenario=scenario,
        today=today,
        options=tuple(results),
        break_evens=tuple(breaks),
        cheapest=cheapest,
        cheapest_ranges=ranges,
        baseline=baseline,
        notices=tuple(notices),
        figures=tuple(figures),
        prices=prices,
        assumptions=assumptions(scenario, prices, origins or {}),
        search_max_queries_per_day=upto,
        serving_source=plan_source,
    )


def _payback(extra_upfront: float, monthly_saving: float) -> float | None:
    """Months until `extra_upfront` is repaid by `monthly_saving`; 0 if nothing to repay."""
    if extra_upfront <= 0:
        return 0.0 if monthly_saving >= 0 else None
    if monthly_saving <= 0:
        return None
    return extra_upfront / monthly_saving


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's last day)."""
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _notices(
    s: Scenario,
    catalog: Catalog,
    prices: Prices,
    models: Mapping[OptionId, OptionModel],
    figures: Sequence[UsedFigure],
    today: dt.date,
    upto: float,
) -> list[Notice]:
    out: list[Notice] = []
    limit = s.stale_after_days
    for f in figures:
        age = f.figure.age_days(today)
        if age > limit:
            out.append(Notice("stale", subject=f.label, date=f.figure.checked, age_days=age))
    libraries: dict[str, ModelPrices] = {}
    for mp in (prices.api, prices.rag, prices.teacher):
        if mp.library:
            libraries.setdefault(mp.library, mp)
        if any("deprecated" in n for n in mp.notes):
            out.append(Notice("deprecated", subject=mp.model))
    for lib, mp in libraries.items():
        if mp.released is None:
            out.append(Notice("unknown_release", subject=lib))
        elif (today - mp.released).days > limit:
            out.append(
                Notice("stale", subject=lib, date=mp.released, age_days=(today - mp.released).days)
            )
    end = add_months(today, s.horizon_months)
    checks: list[tuple[OptionId, str, str | None]] = []
    for option, m in models.items():
        checks.append((option, m.model, m.provider))
    if "distill" in models:
        checks.append(("distill", s.distill.teacher_model, None))
    seen: set[tuple[str, str | None]] = set()
    for option, model, provider in checks:
        for fact in catalog.facts_for(model, provider):
            if (fact.id, option) in seen:
                continue
            seen.add((fact.id, option))
            if fact.date <= today:
                out.append(Notice("passed", option, model, fact.date, fact=fact))
            elif fact.date <= end:
                out.append(Notice("in_horizon", option, model, fact.date, fact=fact))
            if (
                fact.effect == "training_ends"
                and option == "finetune"
                and s.finetune.retrain_every_months
                and fact.date <= end
                and add_months(today, s.finetune.retrain_every_months) <= end
                and fact.date > today
            ):
                out.append(Notice("retrain_blocked", option, model, fact.date, fact=fact))
    if upto < MAX_QUERIES_PER_DAY:
        out.append(Notice("search_limit", subject=f"{upto:,.0f}"))
    return out


def assumptions(
    scenario: Scenario, prices: Prices, origins: Mapping[str, str]
) -> tuple[Assumption, ...]:
    """Every input with its value and origin, then every API price with its origin."""
    out = []
    for path, value in leaf_values(scenario):
        out.append(Assumption(path, value, origins.get(path, "default")))
    for key, mp in (("api", prices.api), ("rag", prices.rag), ("distill.teacher", prices.teacher)):
        for name in ("input_per_mtok", "cached_input_per_mtok", "output_per_mtok"):
            out.append(
                Assumption(f"price.{key}.{name}", getattr(mp, name), mp.origins.get(name, "?"))
            )
        out.append(
            Assumption(
                f"price.{key}.batch_input_per_mtok",
                mp.batch_input_per_mtok,
                mp.origins.get("batch", "?"),
            )
        )
    return tuple(out)


__all__ = [
    "Assumption",
    "BreakEven",
    "CheapestRange",
    "CostItem",
    "Notice",
    "OptionModel",
    "OptionResult",
    "RoiResult",
    "ServingPlan",
    "TokenRates",
    "UsedFigure",
    "compute",
    "option_models",
    "token_cost",
]
