"""The GPU table and model shapes: published counts, lookups, prices, generic shapes."""

from __future__ import annotations

import math

import pytest

from advisor.core.datafiles import KINDS, parse_file
from advisor.core.hardware import (
    Hardware,
    find_gpu,
    find_model,
    generic_model,
    gpu_price,
    load_hardware,
)
from advisor.errors import InputError, RulesError


@pytest.fixture(scope="module")
def hw() -> Hardware:
    return load_hardware()


# Published parameter counts (model cards / safetensors index), independent of the YAML.
PUBLISHED = {
    "llama-3.2-1b": 1_235_814_400,
    "llama-3.2-3b": 3_212_749_824,
    "llama-3.1-8b": 8_030_261_248,
    "llama-3.1-70b": 70_553_706_496,
    "qwen2.5-7b": 7_615_616_512,
    "qwen2.5-14b": 14_770_033_664,
    "qwen2.5-32b": 32_763_876_352,
    "qwen2.5-72b": 72_706_203_648,
    "mistral-7b": 7_248_023_552,
}


@pytest.mark.parametrize(("model_id", "params"), PUBLISHED.items())
def test_every_shape_adds_up_to_its_published_parameter_count(hw, model_id, params):
    model = hw.models.models[model_id]
    assert model.shape_params == params
    assert model.params == params


def test_the_issue_lists_models_and_gpus_are_all_there(hw):
    assert set(PUBLISHED) <= set(hw.models.models)
    for gpu in (
        "a100_40",
        "a100_80",
        "h100_sxm",
        "h100_pcie",
        "h200",
        "l4",
        "rtx_4090",
        "rtx_3090",
    ):
        g = hw.gpus.gpus[gpu]
        assert g.vram.value > 0 and g.bf16_tflops.value > 0 and g.memory_bandwidth.value > 0
        for figure in (g.vram, g.bf16_tflops, g.memory_bandwidth, *g.prices.values()):
            assert figure.source and figure.checked.year >= 2024


def test_lora_parameter_counts_match_the_measured_runs(hw):
    # jsonl `trainable` for r=16 on q/k/v/o/gate/up/down
    assert hw.models.models["llama-3.2-3b"].lora_params(16) == 24_313_856
    assert hw.models.models["llama-3.1-8b"].lora_params(16) == 41_943_040


def test_reference_peaks_and_seed_prices(hw):
    g = hw.gpus.gpus
    assert g["h100_sxm"].bf16_tflops.value == 989  # the peak the jsonl's mfu uses
    assert g["rtx_4090"].bf16_tflops.value == 165  # FP32 accumulate, not 330
    seed = {k: v.prices["seed001"].value for k, v in g.items() if "seed001" in v.prices}
    assert seed == {"rtx_3090": 0.5, "rtx_4090": 0.6, "a100_40": 2.5, "a100_80": 3.5}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("H100", "h100_sxm"), ("4090", "rtx_4090"), ("RTX-3090", "rtx_3090"), ("a100", "a100_80")],
)
def test_gpus_are_found_by_alias_in_any_case(hw, name, expected):
    assert find_gpu(hw.gpus, name)[0] == expected


def test_models_are_found_by_alias(hw):
    assert find_model(hw.models, "Llama-3-8B")[0] == "llama-3.1-8b"
    assert find_model(hw.models, "llama_3.3_70b")[0] == "llama-3.1-70b"


def test_unknown_names_suggest_close_matches(hw):
    with pytest.raises(InputError, match=r"did you mean .*llama-3\.1-8b"):
        find_model(hw.models, "llama-3.1-8")
    with pytest.raises(InputError, match="did you mean h100"):
        find_gpu(hw.gpus, "h10")
    with pytest.raises(InputError, match="known:"):
        find_gpu(hw.gpus, "tpu-v5")


def test_price_tiers_default_hand_set_and_missing(hw):
    h100 = hw.gpus.gpus["h100_sxm"]
    assert gpu_price(hw.gpus, h100).tier == "cloud"
    assert gpu_price(hw.gpus, h100, "marketplace").usd_per_hour == 2.69
    assert gpu_price(hw.gpus, h100, usd_per_hour=1.23).usd_per_hour == 1.23
    assert gpu_price(hw.gpus, h100, "seed001") is None  # no silent fallback to another tier
    assert gpu_price(hw.gpus, hw.gpus.gpus["rtx_3090"]).tier == "marketplace"  # no cloud price
    with pytest.raises(InputError, match="unknown tier"):
        gpu_price(hw.gpus, h100, "spot")


@pytest.mark.parametrize("params", [5e8, 7e9, 13e9, 4.05e11])
def test_generic_shapes_hit_the_requested_size(hw, params):
    model = generic_model(params, hw.models)
    assert model.params == round(params)
    assert model.shape_params == pytest.approx(params, rel=0.02)
    assert model.heads % model.kv_heads == 0
    assert "assumption" in (model.source.note or "")
    assert model.source.confidence == "L"


def test_generic_shape_keeps_the_nearest_templates_depth(hw):
    assert generic_model(70e9, hw.models).layers == 80
    assert generic_model(7e9, hw.models).vocab == hw.models.models["mistral-7b"].vocab


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _kind(name):
    return next(k for k in KINDS if k.pattern == name)


def test_a_shape_that_does_not_add_up_is_a_rules_error(tmp_path):
    from advisor.core.paths import builtin_rules_dir

    text = (builtin_rules_dir() / "models.yaml").read_text(encoding="utf-8")
    bad = text.replace("intermediate: 14336\n", "intermediate: 14000\n", 1)
    with pytest.raises(RulesError, match="the shape implies"):
        parse_file(_write(tmp_path, "models.yaml", bad), _kind("models.yaml"))


def test_a_price_in_the_wrong_unit_or_tier_is_a_rules_error(tmp_path):
    from advisor.core.paths import builtin_rules_dir

    text = (builtin_rules_dir() / "gpus.yaml").read_text(encoding="utf-8")
    bad = text.replace("unit: usd_per_hour", "unit: usd_per_month", 1)
    with pytest.raises(RulesError, match="usd_per_hour"):
        parse_file(_write(tmp_path, "gpus.yaml", bad), _kind("gpus.yaml"))
    bad = text.replace("      cloud: {value: 1.99", "      clod: {value: 1.99", 1)
    with pytest.raises(RulesError, match="unknown price tier 'clod'"):
        parse_file(_write(tmp_path, "gpus.yaml", bad), _kind("gpus.yaml"))


def test_usable_memory_leaves_headroom(hw):
    h100 = hw.gpus.gpus["h100_sxm"]
    usable = hw.gpus.usable_gib(h100)
    assert 60 < usable < 79.2  # below what torch saw on the measured card
    assert math.isclose(usable, h100.vram.value * hw.gpus.usable_vram_fraction.value)
