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


# --- ranges and the analyses ---------------------------------------------------------------------


def test_a_typed_range_prices_its_base_and_is_kept_for_the_simulation() -> None:
    """`200..600` is read as `--set` reads it: the point result is the one at the peak."""
    ex = explorer()
    ex.edit("api.output_tokens", "200..300..600")
    price(ex)
    assert not ex.errors and ex.inputs is not None
    want = roi_inputs.build(
        flags=[("queries_per_day", "2500", "t"), ("finetune.examples", "600", "t")],
        sets=["api.output_tokens=200..300..600"],
    )
    assert ex.inputs.scenario == want.scenario
    assert ex.ranged() == ("api.output_tokens",)
    (r,) = ex.inputs.ranges
    assert (r.low, r.base, r.high, r.dist) == (200, 300, 600, "triangular")
    ex.edit("api.output_tokens", "450")  # a plain value drops the range
    price(ex)
    assert ex.ranged() == () and ex.inputs.scenario.api.output_tokens == 450


def test_a_bad_range_is_reported_on_its_input() -> None:
    ex = explorer()
    ex.edit("api.output_tokens", "600..200")
    ex.edit("queries_per_day", "4000")
    price(ex)
    assert "api.output_tokens" in ex.errors and "queries_per_day" not in ex.errors
    assert ex.inputs is not None and ex.inputs.scenario.queries_per_day == 4000
    assert ex.ranged() == ()


def test_a_started_range_shows_as_text_and_an_edit_replaces_it(tmp_path: Path) -> None:
    file = tmp_path / "s.yaml"
    file.write_text("api:\n  output_tokens: uniform:200..600\nqueries_per_day: 3000\n")
    ex = Explorer(None, None, TODAY)
    ex.start(start_inputs(None, None, scenario_file=file), file)
    assert ex.start_value("api.output_tokens") == "uniform:200..600"
    price(ex)
    assert ex.ranged() == ("api.output_tokens",)
    base = ex.base.scenario.api.output_tokens  # the range's base: the default, inside 200..600
    ex.edit("api.output_tokens", "+-10%")
    price(ex)
    (r,) = ex.inputs.ranges
    assert r.dist == "triangular" and (r.low, r.high) == pytest.approx((base * 0.9, base * 1.1))


def test_analyses_are_wanted_only_when_switched_on_or_given_value_inputs() -> None:
    ex = explorer()
    price(ex)
    assert ex.wanted() is None and not ex.pending() and ex.shown() is None
    ex.uncertainty = True
    want = ex.wanted()
    assert want is not None and want.uncertainty and not want.sensitivity
    assert ex.pending()
    ex.uncertainty = False
    ex.edit("api.accuracy", "0.9")
    ex.edit("value.error_cost_usd", "2")
    price(ex)
    want = ex.wanted()
    assert want is not None and want.value and not want.uncertainty


def test_the_explorer_simulates_exactly_what_advisor_roi_does() -> None:
    """Same inputs, same seed, same draws: the same probabilities and break-even quantiles."""
    from advisor.core import uncertainty
    from advisor.tui.explorer import analyse

    ex = explorer()
    ex.edit("api.output_tokens", "200..600")
    ex.edit("queries_per_day", "1000..4000")
    price(ex)
    ex.uncertainty = ex.sensitivity = True
    want = ex.wanted()
    assert want is not None
    got = analyse(want)
    assert ex.take(want, got) and ex.current() is got and not ex.pending()
    inputs = roi_inputs.build(
        flags=[("queries_per_day", "2500", "t"), ("finetune.examples", "600", "t")],
        sets=["api.output_tokens=200..600", "queries_per_day=1000..4000"],
    )
    result = roi_inputs.compute_result(inputs, today=TODAY)
    cli = uncertainty.simulate(inputs, result)
    assert got.uncertainty is not None and got.sensitivity is not None
    assert [o.p_cheapest for o in got.uncertainty.options] == [o.p_cheapest for o in cli.options]
    assert [b.quantiles for b in got.uncertainty.break_evens] == [
        b.quantiles for b in cli.break_evens
    ]
    assert [r.input for r in got.sensitivity.rows] == [
        r.input for r in uncertainty.tornado(inputs, result).rows
    ]


def test_analyses_for_an_older_scenario_are_not_taken() -> None:
    from advisor.tui.explorer import analyse

    ex = explorer()
    price(ex)
    ex.uncertainty = True
    old = ex.wanted()
    assert old is not None
    ex.edit("queries_per_day", "9000")
    price(ex)
    assert not ex.take(old, analyse(old))
    assert ex.pending() and ex.current() is None
    # Nor is it run, when it only starts after being replaced (it waited for a running one).
    assert ex.analyse_latest(old) is None
    now = ex.wanted()
    assert now is not None
    got = ex.analyse_latest(now)
    assert got is not None and got.uncertainty is not None and ex.take(now, got)


def test_stale_analyses_stay_on_screen_only_for_what_is_still_switched_on() -> None:
    from advisor.tui.explorer import analyse

    ex = explorer()
    price(ex)
    ex.uncertainty = ex.sensitivity = True
    want = ex.wanted()
    assert want is not None and ex.take(want, analyse(want))
    ex.sensitivity = False
    shown = ex.shown()
    assert shown is not None and shown.uncertainty is not None and shown.sensitivity is None


def test_a_saved_range_replays_in_advisor_roi_with_the_same_simulation(tmp_path: Path) -> None:
    """The saved YAML keeps the range (its base included), and says which flags to replay."""
    from advisor.core import uncertainty
    from advisor.tui.explorer import analyse

    ex = explorer()
    ex.edit("api.output_tokens", "+-40%")
    ex.edit("finetune.epochs", "uniform:1..5")
    price(ex)
    ex.uncertainty = True
    want = ex.wanted()
    assert want is not None and ex.take(want, analyse(want))
    path = tmp_path / "scenario.yaml"
    path.write_text(ex.scenario_yaml())
    assert "--uncertainty" in path.read_text()
    again = roi_inputs.build(scenario_file=str(path))
    assert again.scenario == ex.inputs.scenario
    assert {r.path: (r.dist, r.low, r.base, r.high) for r in again.ranges} == {
        r.path: (r.dist, r.low, r.base, r.high) for r in ex.inputs.ranges
    }
    result = roi_inputs.compute_result(again, today=TODAY)
    replayed = uncertainty.simulate(again, result)
    shown = ex.current()
    assert shown is not None and shown.uncertainty is not None
    assert [o.p_cheapest for o in replayed.options] == [
        o.p_cheapest for o in shown.uncertainty.options
    ]
    assert "Uncertainty: 10,000 draws" in ex.markdown("en")
