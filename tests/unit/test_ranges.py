"""Ranges on scenario inputs: the forms, the base rule, the errors, and sampling."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.ranges import Range, looks_like_range
from advisor.core.roi_inputs import build
from advisor.errors import InputError


def _one(*sets: str) -> Range:
    inputs = build(sets=list(sets))
    assert len(inputs.ranges) == 1, inputs.ranges
    return inputs.ranges[0]


def test_low_high_peaks_at_the_current_value_and_keeps_the_point_scenario():
    r = _one("api.output_tokens=200..600")
    assert (r.dist, r.low, r.base, r.high) == ("triangular", 200, 300, 600)
    assert build(sets=["api.output_tokens=200..600"]).scenario == build().scenario


def test_low_high_outside_the_current_value_peaks_at_the_midpoint():
    r = _one("api.output_tokens=400..600")
    assert r.base == 500
    assert build(sets=["api.output_tokens=400..600"]).scenario.api.output_tokens == 500


def test_the_other_forms():
    r = _one("api.output_tokens=200..250..600")
    assert (r.low, r.base, r.high) == (200, 250, 600)
    r = _one("api.output_tokens=uniform:200..600")
    assert (r.dist, r.low, r.high, r.base) == ("uniform", 200, 600, 300)
    r = _one("api.output_tokens=+-20%")
    assert (r.low, r.base, r.high) == (240, 300, 360)
    r = _one("distill.acceptance_rate=+-20%")  # clipped to the share's limit
    assert (r.low, r.base, r.high) == (0.8, 1.0, 1.0)
    r = _one("api.output_tokens=lognormal:200..600")
    assert (r.dist, r.low, r.high) == ("lognormal", 200, 600)
    assert r.base == 300  # the current value lies inside P10..P90
    assert r.quantile(0.1) == pytest.approx(200) and r.quantile(0.9) == pytest.approx(600)


def test_lognormal_from_mean_and_sd():
    r = _one("queries_per_day=lognormal:mean=1000,sd=300")
    mean = math.exp(r.mu + r.sigma**2 / 2)
    sd = mean * math.sqrt(math.exp(r.sigma**2) - 1)
    assert mean == pytest.approx(1000) and sd == pytest.approx(300)


def test_whole_number_inputs_round_their_draws():
    r = _one("finetune.epochs=2..3..5")
    xs = r.sample([random.Random(1).random() for _ in range(200)])
    assert set(xs) <= {2, 3, 4, 5} and all(isinstance(x, int) for x in xs)


def test_a_wildcard_sets_every_matching_input_in_one_group():
    inputs = build(sets=["*.output_tokens=200..600"])
    paths = sorted(r.path for r in inputs.ranges)
    assert paths == [
        "api.output_tokens",
        "distill.output_tokens",
        "finetune.output_tokens",
        "rag.output_tokens",
    ]
    assert {r.group for r in inputs.ranges} == {"*.output_tokens"}
    point = build(sets=["*.output_tokens=400"]).scenario
    assert point.rag.output_tokens == point.distill.output_tokens == 400


def test_a_later_plain_value_drops_the_range_and_a_later_range_replaces_it():
    assert build(sets=["api.output_tokens=200..600", "api.output_tokens=400"]).ranges == ()
    r = _one("api.output_tokens=200..600", "api.output_tokens=uniform:100..200")
    assert (r.dist, r.low, r.high) == ("uniform", 100, 200)


def test_ranges_in_a_scenario_file(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(
        "api:\n"
        "  output_tokens: {low: 200, high: 600}\n"
        "  input_tokens: 300..700\n"
        "  system_tokens: {dist: lognormal, p10: 1000, p90: 4000, group: prompt}\n"
        "rag:\n"
        "  system_tokens: {dist: uniform, low: 100, high: 900, group: prompt}\n",
        encoding="utf-8",
    )
    inputs = build(scenario_file=str(f))
    by = {r.path: r for r in inputs.ranges}
    assert by["api.output_tokens"].dist == "triangular"
    assert by["api.input_tokens"].low == 300
    assert by["api.system_tokens"].group == by["rag.system_tokens"].group == "prompt"
    assert by["api.output_tokens"].origin.endswith("s.yaml:2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("api.output_tokens=600..200", "low 600 is above high 200"),
        ("api.output_tokens=200..700..600", "base 700 is outside 200..600"),
        ("api.output_tokens=nan..600", "must be a finite number"),
        ("api.output_tokens=200..inf", "must be a finite number"),
        ("api.output_tokens=-5..600", "low -5 must be >= 0"),
        ("api.cache_hit_rate=0.5..1.5", "high 1.5 must be >= 0 and <= 1"),
        ("finetune.epochs=1.5..3", "must be a whole number"),
        ("api.outptu_tokens=200..600", "did you mean api.output_tokens"),
        ("api.output_tokens=foo:1..2", "unknown distribution 'foo'"),
        ("api.output_tokens=1..2..3..4", "not a range"),
        ("api.output_tokens=lognormal:0..5", "P10 must be above 0"),
        ("api.output_tokens=lognormal:5..5", "must be below P90"),
        ("api.output_tokens=lognormal:mean=5", "needs P10..P90"),
        ("*.nothing=1..2", "no input matches '*.nothing'"),
        ("api.price.input_per_mtok=+-10%", "has no value to vary"),
        ("distill.acceptance_rate=+-200%", "use a smaller PCT"),
        ("api=1..2", "api is a group of inputs"),
    ],
)
def test_bad_ranges_are_one_line_input_errors(text, message):
    with pytest.raises(InputError) as err:
        build(sets=[text])
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_mapping_on_a_text_input_is_an_error(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("api:\n  model: {low: 1, high: 2}\n", encoding="utf-8")
    with pytest.raises(InputError, match="ranges are for numeric inputs"):
        build(scenario_file=str(f))


ALLOWED = "allowed: dist, low, base, high, p10, p90, mean, sd, group"


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "api: {output_tokens: {low: 200, high: 600, extra: 1}}\n",
            f"s.yaml:1: api.output_tokens={{low: 200, high: 600, extra: 1}}: "
            f"unknown range key 'extra'; {ALLOWED}",
        ),
        ("api.output_tokens: {low: 200, hgh: 600}\n", f"unknown range key 'hgh'; {ALLOWED}"),
        (
            "api:\n  output_tokens: {lo: 200, hi: 600}\n",
            f"s.yaml:2: api.output_tokens={{lo: 200, hi: 600}}: "
            f"unknown range keys 'lo', 'hi'; {ALLOWED}",
        ),
        ("'*.output_tokens': {low: 200, high: 600, x: 1}\n", "unknown range key 'x'"),
        ("api: {output_tokens: {}}\n", "a triangular range needs low and high"),
    ],
)
def test_a_misspelt_range_key_is_named(tmp_path, yaml, message):
    f = tmp_path / "s.yaml"
    f.write_text(yaml, encoding="utf-8")
    with pytest.raises(InputError) as err:
        build(scenario_file=str(f))
    assert message in str(err.value) and "\n" not in str(err.value)
    assert "unknown input" not in str(err.value)


def test_a_group_holding_only_a_key_named_like_a_range_key_is_walked_into(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("finetune: {base: gpt-4.1-mini}\n", encoding="utf-8")
    assert build(scenario_file=str(f)).scenario.finetune.base == "gpt-4.1-mini"


def test_only_range_shaped_values_are_ranges():
    assert looks_like_range("200..600") and looks_like_range("+-20%")
    assert looks_like_range("uniform:1..2") and looks_like_range({"low": 1})
    assert not looks_like_range("400") and not looks_like_range("gpt-4.1-mini")
    assert not looks_like_range(400) and not looks_like_range("openai:gpt")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["triangular", "uniform", "lognormal"]),
    st.floats(1, 1000),
    st.floats(0.01, 1),
    st.floats(1.01, 10),
    st.floats(0.001, 0.999),
)
def test_quantile_inverts_the_cdf(dist, low, peak, ratio, p):
    high = low * ratio
    base = low + peak * (high - low)
    r = Range("x", dist, low, base, high, "x", "test", "test")
    assert r.cdf(r.quantile(p)) == pytest.approx(p, abs=1e-9)
    # sampling is the same inverse CDF
    assert r.sample([p])[0] == pytest.approx(r.quantile(p), rel=1e-12)


def test_whole_number_draws_are_the_rounded_continuous_draws():
    r = _one("finetune.retrain_every_months=1..3..12")
    us = [random.Random(4).random() for _ in range(1)] + [i / 997 for i in range(997)]
    continuous = r._replace(integer=False).sample(us)
    assert r.sample(us) == [round(x) for x in continuous]
