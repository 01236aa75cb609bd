"""The ROI explorer's state without Textual: what typed inputs mean, and what gets saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.core import roi_inputs
from advisor.core.settings import all_paths
from advisor.tui.explorer import (
    EDITED,
    Explorer,
    descriptions,
    evaluate,
    normalize,
    number_text,
    seed_flags,
    start_inputs,
    value_text,
)
from advisor.tui.session import RoiSeed
from tests.tui.conftest import TODAY

SEED = RoiSeed("lora", "finetune", "lora", 2500.0, 500.0, 600.0)


def explorer(seed: RoiSeed | None = SEED, preset: str | None = None) -> Explorer:
    ex = Explorer(None, seed, TODAY)
    ex.start(start_inputs(None, seed, preset=preset))
    return ex


def price(ex: Explorer) -> None:
    assert ex.base is not None
    ex.apply(evaluate(ex.base, ex.typed, ex.last, ex.today))


def test_the_answers_become_inputs() -> None:
    assert seed_flags(None) == []
    assert seed_flags(SEED) == [
        ("queries_per_day", "2500", "your answers"),
        ("finetune.examples", "600", "your answers"),
    ]
    ex = explorer()
    assert ex.emphasised == ("finetune",)
    assert ex.start_value("queries_per_day") == "2500"
    assert ex.start_value("finetune.examples") == "600"


def test_a_preset_is_not_overlaid_with_the_answers() -> None:
    ex = explorer(preset="seed001-small")
    preset = roi_inputs.build(preset="seed001-small").scenario
    assert ex.base is not None and ex.base.scenario == preset


@pytest.mark.parametrize(
    ("typed", "read"),
    [("10,000", "10000"), ("1,234,567.5", "1234567.5"), ("api,rag", "api,rag"), ("1,5", "1,5")],
)
def test_thousands_separators_are_read_as_numbers(typed: str, read: str) -> None:
    assert normalize(typed) == read


def test_values_show_as_they_are_typed() -> None:
    assert number_text(1e6) == "1000000"
    assert number_text(0.05) == "0.05"
    assert value_text(None) == ""
    assert value_text(("api", "rag")) == "api,rag"
    assert value_text(True) == "true"


def test_a_rejected_input_is_left_out_and_the_rest_priced() -> None:
    ex = explorer()
    price(ex)
    ex.edit("queries_per_day", "-5")
    ex.edit("api.cache_hit_rate", "0.5")
    price(ex)
    assert ex.errors.keys() == {"queries_per_day"}
    assert ex.errors["queries_per_day"].startswith(f"{EDITED}: queries_per_day must be >= 0")
    assert ex.result is not None
    assert ex.result.scenario.queries_per_day == 2500
    assert ex.result.scenario.api.cache_hit_rate == 0.5


def test_a_pricing_error_is_put_on_the_input_that_caused_it() -> None:
    """An unknown model only fails when priced; later edits still apply."""
    ex = explorer()
    ex.edit("api.model", "gpt-nope")
    ex.edit("horizon_months", "24")
    ex.edit("distill.self_hosted.gpu", "h999")
    ex.edit("distill.serving", "self_hosted")
    price(ex)
    # Without its GPU, self-hosting has no serving plan: that row says so too.
    assert set(ex.errors) == {"api.model", "distill.self_hosted.gpu", "distill.serving"}
    assert "unknown model 'gpt-nope'" in ex.errors["api.model"]
    assert "unknown GPU" in ex.errors["distill.self_hosted.gpu"]
    assert ex.result is not None and ex.result.scenario.horizon_months == 24
    assert ex.result.scenario.api.model == "gpt-4.1-mini"


def test_the_same_scenario_keeps_its_result() -> None:
    ex = explorer()
    price(ex)
    first = ex.result
    ex.edit("queries_per_day", "abc")
    price(ex)
    assert ex.result is first and "queries_per_day" in ex.errors
    ex.edit("queries_per_day", None)
    price(ex)
    assert ex.result is first and not ex.errors


@pytest.mark.parametrize("preset", [None, "seed002-gpt4o-mini"])
def test_the_saved_scenario_prices_the_same_in_advisor_roi(tmp_path: Path, preset) -> None:
    ex = explorer(preset=preset)
    ex.edit("api.cache_hit_rate", "0.25")
    ex.edit("compare", "api,finetune,distill")
    ex.serving("l4")
    price(ex)
    assert ex.inputs is not None and not ex.errors
    path = tmp_path / "scenario.yaml"
    path.write_text(ex.scenario_yaml())
    again = roi_inputs.build(scenario_file=str(path))
    assert again.scenario == ex.inputs.scenario
    assert again.preset == preset
    assert "--today 2026-11-23" in path.read_text()


def test_every_input_has_a_description_for_the_search() -> None:
    about = descriptions()
    assert about["api.cache_hit_rate"].startswith("Share of the static prefix")
    assert set(about) == set(all_paths())
