"""Scenario inputs: dotted paths, parsing, one-line errors, files and presets."""

from __future__ import annotations

import pytest

from advisor.core.roi_inputs import build, parse_set
from advisor.core.settings import (
    Setting,
    all_paths,
    coerce,
    get_path,
    leaf_values,
    load_scenario_file,
    set_path,
)
from advisor.errors import InputError
from tests.unit.roi_helpers import scenario


def test_every_path_is_settable_and_readable():
    s = scenario()
    paths = all_paths()
    assert "api.output_tokens" in paths and "distill.self_hosted.min_replicas" in paths
    assert [p for p, _ in leaf_values(s)] == list(paths)
    s2 = set_path(s, Setting("api.price.input_per_mtok", "0.4", "--set", text=True))
    assert get_path(s2, "api.price.input_per_mtok") == 0.4
    assert get_path(s, "api.price.input_per_mtok") is None  # frozen: the original is unchanged


@pytest.mark.parametrize(
    ("path", "value", "parsed"),
    [
        ("queries_per_day", "1_000", 1000.0),
        ("queries_per_day", "1e3", 1000.0),
        ("horizon_months", "24", 24),
        ("horizon_months", "24.0", 24),
        ("distill.teacher_batch", "no", False),
        ("distill.serving", "self_hosted", "self_hosted"),
        ("compare", "api, distill", ("api", "distill")),
        ("rag.model", "none", None),
        ("api.model", " claude-haiku-4-5 ", "claude-haiku-4-5"),
    ],
)
def test_values_from_the_command_line(path, value, parsed):
    s = set_path(scenario(), Setting(path, value, "--set", text=True))
    assert get_path(s, path) == parsed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("queries_per_day", "-1", "queries_per_day must be >= 0 and <= 1,000,000,000"),
        ("queries_per_day", "nan", "must be a finite number"),
        ("queries_per_day", "inf", "must be a finite number"),
        ("queries_per_day", "1e12", "~11,600 queries per second"),
        ("queries_per_day", "lots", "must be a number; got 'lots'"),
        ("horizon_months", "0", "must be >= 1 and <= 120"),
        ("horizon_months", "2.5", "must be a whole number"),
        ("api.cache_hit_rate", "1.2", "must be >= 0 and <= 1"),
        ("distill.acceptance_rate", "0", "must be > 0 and <= 1"),
        ("distill.teacher_batch", "maybe", "must be true or false"),
        ("distill.serving", "gpu", "must be one of serverless, self_hosted"),
        ("compare", "api,api", "lists an item twice"),
        ("compare", "api,prompt", "must be one of api, rag, finetune, distill"),
        ("api.model", "", "must be a non-empty name"),
        (
            "api.outptu_tokens",
            "3",
            "unknown input 'api.outptu_tokens'; did you mean api.output_tokens",
        ),
        ("output_tokens", "3", "did you mean"),
        ("api.price", "3", "api.price is a group of inputs; set one of: api.price.input_per_mtok"),
        ("api.output_tokens.x", "3", "unknown input"),
    ],
)
def test_bad_values_are_one_clear_line(path, value, message):
    with pytest.raises(InputError) as info:
        set_path(scenario(), Setting(path, value, "--set", text=True))
    text = str(info.value)
    assert message in text and "\n" not in text and text.startswith("--set: ")


def test_yaml_values_are_typed_not_parsed():
    with pytest.raises(InputError, match="must be a number; got '400'"):
        coerce(float, Setting("api.output_tokens", "400", "file.yaml:3"))
    with pytest.raises(InputError, match="must be a number; got True"):
        set_path(scenario(), Setting("api.output_tokens", True, "file.yaml:3"))


def test_parse_set_needs_an_equals_sign():
    assert parse_set("api.output_tokens = 400").path == "api.output_tokens"
    with pytest.raises(InputError, match="expected PATH=VALUE"):
        parse_set("api.output_tokens")


def test_scenario_file_nested_dotted_and_with_a_preset(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(
        "preset: seed001-medium\nqueries_per_day: 250\napi:\n  output_tokens: 10\n"
        "api.input_tokens: 400\n",
        encoding="utf-8",
    )
    settings = load_scenario_file(f)
    assert [s.path for s in settings] == [
        "preset",
        "queries_per_day",
        "api.output_tokens",
        "api.input_tokens",
    ]
    assert settings[2].origin == f"{f}:4"
    assert settings[3].origin == f"{f}:5"  # a dotted key has its own line
    inputs = build(None, scenario_file=str(f), flags=[("horizon_months", "6", "--horizon-months")])
    s = inputs.scenario
    assert (s.queries_per_day, s.api.output_tokens, s.api.input_tokens) == (250, 10, 400)
    assert s.api.price.input_per_mtok == 30  # from the preset, applied first
    assert inputs.origins["horizon_months"] == "--horizon-months"
    assert inputs.origins["api.price.input_per_mtok"] == "preset seed001-medium"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("api: [1, 2]\n", "api is a group of inputs"),
        ("- 1\n", "expected a mapping of inputs"),
        ("apii:\n  output_tokens: 3\n", "unknown input 'apii.output_tokens'"),
        ("a: !!python/object:os.system {}\n", "is not allowed"),
    ],
)
def test_bad_scenario_files(tmp_path, text, message):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        build(None, scenario_file=str(f))


def test_missing_scenario_file():
    with pytest.raises(InputError, match="no such scenario file"):
        build(None, scenario_file="/nonexistent/scenario.yaml")


def test_presets_extend_and_unknown_ones_get_suggestions():
    small = build(None, preset="seed001-small").scenario
    assert small.queries_per_day == 100 and small.api.price.input_per_mtok == 30
    with pytest.raises(InputError, match="unknown preset 'seed001'; did you mean"):
        build(None, preset="seed001")


def test_later_settings_win():
    inputs = build(
        None,
        preset="seed001-medium",
        flags=[("queries_per_day", "5", "--queries-per-day")],
        sets=["queries_per_day=7"],
    )
    assert inputs.scenario.queries_per_day == 7
    assert inputs.origins["queries_per_day"] == "--set"


@pytest.mark.parametrize(
    ("text", "line", "first"),
    [
        ("queries_per_day: 1\napi.output_tokens: 400\napi:\n  output_tokens: 500\n", 4, 2),
        ("api:\n  output_tokens: 500\napi.output_tokens: 400\n", 3, 2),
        ("api:\n  price.input_per_mtok: 1\napi.price:\n  input_per_mtok: 2\n", 4, 2),
    ],
)
def test_a_key_given_dotted_and_nested_is_an_error(tmp_path, text, line, first):
    f = tmp_path / "twice.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario_file(f)
    message = str(caught.value)
    assert message.startswith(f"{f}:{line}: ")
    assert "is given twice" in message and f"also line {first}" in message
    assert "\n" not in message
