"""Shared builders for the ROI tests: hand prices (no genai-prices), the default scenario."""

from __future__ import annotations

import datetime as dt

from advisor.core.datafiles import load_data
from advisor.core.pricing import ModelPrices, Prices
from advisor.core.roi import RoiResult, compute
from advisor.core.roi_inputs import build, compute_result
from advisor.core.scenario import Scenario
from advisor.core.settings import Setting, apply

TODAY = dt.date(2026, 11, 23)


def model_prices(
    name: str, inp: float, cached: float, out: float, batch: float = 0.5
) -> ModelPrices:
    """Prices as if given by hand, so tests never depend on genai-prices' data."""
    return ModelPrices(
        model=name,
        input_per_mtok=inp,
        cached_input_per_mtok=cached,
        output_per_mtok=out,
        batch_input_per_mtok=inp * batch,
        batch_cached_input_per_mtok=cached * batch,
        batch_output_per_mtok=out * batch,
        origins={"input_per_mtok": "test"},
    )


#: gpt-4.1-mini and gpt-4.1 list prices (cost_model.md §D), as genai-prices 0.2.3 has them.
PRICES = Prices(
    api=model_prices("gpt-4.1-mini", 0.40, 0.10, 1.60),
    rag=model_prices("gpt-4.1-mini", 0.40, 0.10, 1.60),
    teacher=model_prices("gpt-4.1", 2.00, 0.50, 8.00),
)


def catalog():
    return load_data(None, "catalog.yaml")


def scenario(*sets: str) -> Scenario:
    """The default scenario with `path=value` settings applied."""
    base = load_data(None, "scenario.yaml")
    settings = []
    for text in sets:
        path, _, value = text.partition("=")
        settings.append(Setting(path, value, "test", text=True))
    return apply(base, settings)


def result(*sets: str, prices: Prices = PRICES, today: dt.date = TODAY, **kw) -> RoiResult:
    return compute(scenario(*sets), catalog(), prices, today=today, **kw)


def preset_result(name: str, *sets: str, today: dt.date = TODAY) -> RoiResult:
    """A preset priced the way the CLI prices it (hand prices where the preset gives them)."""
    inputs = build(None, preset=name, sets=list(sets))
    return compute_result(inputs, today=today)
