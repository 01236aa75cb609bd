"""The training estimator: calibrated on measured H100 runs, checked against the seeds."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.hardware import GIB, Hardware, ModelShape, load_hardware
from advisor.core.sourced import Source
from advisor.core.training import (
    GPU_COUNTS,
    Overrides,
    TrainingJob,
    TrainingRules,
    calibrated_utilisation,
    calibration_checks,
    estimate_training,
    flops_per_token,
    job_from_dataset,
    load_training_rules,
    max_batch,
    measured_mfu,
    memory_breakdown,
    min_gpus,
    to_jsonable,
)
from advisor.errors import InputError

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def hw() -> Hardware:
    return load_hardware()


@pytest.fixture(scope="module")
def rules() -> TrainingRules:
    return load_training_rules()


def job(hw: Hardware, model: str = "llama-3.1-8b", **kw) -> TrainingJob:
    options = {"examples": 1000, "tokens_per_example": 500.0, "seq_len": 512, "batch": 4}
    options.update(kw)
    return TrainingJob(model=hw.models.models[model], model_id=model, **options)


def usable(hw: Hardware, gpu: str) -> float:
    return hw.gpus.usable_gib(hw.gpus.gpus[gpu])


# --- the measured runs (must show) ------------------------------------------------------------


def measured_lines() -> list[dict]:
    path = DATA / "gpu_training_throughput_h100.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_the_rules_carry_every_measured_run_exactly(rules, hw):
    """training.yaml transcribes the reference jsonl; a typo there would skew every default."""
    lines = measured_lines()
    runs = rules.calibration.runs
    assert len(runs) == len(lines)
    shapes = {"llama-1b": "llama-3.2-1b", "llama-3b": "llama-3.2-3b", "llama-8b": "llama-3.1-8b"}
    for line, run in zip(lines, runs, strict=True):
        assert shapes[line["shape"]] == run.model
        assert (line["method"], line["batch"], line["seq"], line["grad_ckpt"]) == (
            run.method,
            run.batch,
            run.seq,
            run.grad_ckpt,
        )
        assert run.out_of_memory == ("error" in line)
        assert run.tokens_per_s == line.get("tokens_per_s")
        assert run.peak_mem_gib == line.get("peak_mem_gib")
        if "params" in line:
            model = hw.models.models[run.model]
            assert model.params == line["params"]
            trainable = model.params if run.method == "full" else model.lora_params(16)
            assert trainable == line["trainable"]


def test_our_flops_convention_reproduces_the_measured_mfu(rules, hw):
    for run in rules.calibration.runs:
        if run.tokens_per_s is not None:
            assert measured_mfu(run, rules, hw) == pytest.approx(run.mfu, abs=5e-4)


@pytest.mark.parametrize("index", range(6))
def test_every_measured_run_is_within_25_percent_and_fit_is_predicted(rules, hw, index):
    """Must show: tokens/s within +-25% of measured; out-of-memory runs predicted not to fit."""
    check = calibration_checks(rules, hw)[index]
    if check.out_of_memory:
        assert not check.predicted_fits
        assert check.predicted_peak_gib > rules.calibration.gpu_total_gib
    else:
        assert check.predicted_fits
        assert abs(check.speed_error) <= 0.25
        assert check.predicted_peak_gib == pytest.approx(check.measured_peak_gib, rel=0.05)


def test_leave_one_out_still_within_25_percent(rules, hw):
    """Each run predicted from the other runs only: the fit is not just memorising."""
    for check in calibration_checks(rules, hw, leave_one_out=True):
        if check.speed_error is not None:
            assert abs(check.speed_error) <= 0.25


def test_calibrated_utilisation_is_the_mean_of_the_family(rules, hw):
    full = calibrated_utilisation("full", rules, hw)
    lora = calibrated_utilisation("lora", rules, hw)
    assert full.mfu == pytest.approx((0.3745 + 0.3813) / 2, abs=1e-3)
    assert lora.mfu == pytest.approx((0.2067 + 0.2019) / 2, abs=1e-3)
    assert (full.runs, lora.runs) == (2, 2)
    assert calibrated_utilisation("qlora", rules, hw).factor == rules.speed.qlora_vs_lora.value
    assert calibrated_utilisation("prompt_tuning", rules, hw).family == "lora"


def test_llama_factory_a100_lora_throughput_out_of_sample(rules, hw):
    """cost_model.md B: LLaMA2-7B, HF 16-bit LoRA on one A100 measured 2,392 tokens/s."""
    llama2 = ModelShape(
        name="LLaMA2-7B",
        layers=32,
        hidden=4096,
        intermediate=11008,
        heads=32,
        kv_heads=32,
        vocab=32000,
        tied_embeddings=False,
        params=6_738_415_616,
        source=Source(source="meta-llama/Llama-2-7b-hf", checked=rules.calibration.source.checked),
    )
    assert llama2.shape_params == llama2.params
    j = TrainingJob(model=llama2, examples=1, tokens_per_example=1024, seq_len=1024, batch=4)
    est = estimate_training(j, gpu="a100_80", hardware=hw, rules=rules, seeds=False)
    assert est.chosen.tokens_per_s == pytest.approx(2392, rel=0.25)


def test_reference_worked_example_8b_lora_on_h100(rules, hw):
    """gpu_training_throughput.md: 5,000 x 500 x 3 of 8B LoRA = 21 minutes on one H100."""
    j = job(hw, examples=5000, tokens_per_example=500, epochs=3, seq_len=1024, batch=8)
    est = estimate_training(j, gpu="h100_sxm", hardware=hw, rules=rules, seeds=False)
    assert est.training_tokens == 7_500_000
    assert est.chosen.compute_hours * 60 == pytest.approx(21, rel=0.25)


# --- memory rules of thumb (must show) --------------------------------------------------------


def test_mixed_precision_adamw_is_16_bytes_per_parameter(rules, hw):
    mem = memory_breakdown(job(hw, method="full", recipe="mixed"), rules)
    states = (mem.weights + mem.gradients + mem.optimizer) * GIB
    assert states / hw.models.models["llama-3.1-8b"].params == pytest.approx(16)
    bf16 = memory_breakdown(job(hw, method="full", recipe="bf16"), rules)
    assert (bf16.weights + bf16.gradients + bf16.optimizer) * GIB / 8.030261248e9 == 8


def test_lora_weights_are_2_bytes_per_parameter_plus_16_per_adapter_parameter(rules, hw):
    j = job(hw, method="lora", lora_rank=16)
    mem = memory_breakdown(j, rules)
    assert mem.weights * GIB == 2 * j.model.params
    adapter_bytes = (mem.adapters + mem.gradients + mem.optimizer) * GIB
    assert adapter_bytes == 16 * j.trainable_params
    assert 0.001 < j.trainable_params / j.model.params < 0.01  # "0.1-1% of params"


def test_qlora_weights_are_about_half_a_byte_per_parameter(rules, hw):
    j = job(hw, "llama-3.1-70b", method="qlora")
    mem = memory_breakdown(j, rules)
    per_param = mem.weights * GIB / j.model.params
    assert 0.5 <= per_param <= 0.6  # cost_model.md B: 0.5-0.6 with double quantisation
    quantised = (mem.weights * GIB - 2 * (j.model.params - j.model.linear_params)) / (
        j.model.linear_params
    )
    assert quantised == pytest.approx(4.127 / 8)  # NF4 + double quantisation bits


# --- the seeds' hardware statements (must show) -----------------------------------------------


@pytest.mark.parametrize("model", ["mistral-7b", "qwen2.5-7b", "llama-3.1-8b"])
@pytest.mark.parametrize("gpu", ["rtx_3090", "rtx_4090", "l4"])
def test_7b_lora_fits_one_24gb_card(rules, hw, model, gpu):
    """Seed 001: "7B: a single 3090/4090 is enough" (with checkpointing, batch 1-2, seq 1024)."""
    j = job(hw, model, method="lora", batch=1, seq_len=1024, grad_ckpt=True)
    assert memory_breakdown(j, rules).peak <= usable(hw, gpu)
    assert max_batch(j, rules, usable(hw, gpu)) >= 2


def test_7b_from_a_bare_parameter_count_also_fits_one_24gb_card(rules, hw):
    j = TrainingJob(
        model=hw.model(params=7e9), examples=1000, tokens_per_example=500, seq_len=1024, batch=1
    )
    assert memory_breakdown(j, rules).peak <= usable(hw, "rtx_4090")


def test_70b_full_fine_tuning_needs_many_80gb_gpus(rules, hw):
    """Seed 001: 70B needs several A100s; cost_model.md B: 70B full needs >= 8 x 80 GB."""
    j = job(hw, "llama-3.1-70b", method="full", recipe="mixed", batch=1, seq_len=1024)
    for gpu in ("a100_80", "h100_sxm"):
        n = min_gpus(j, rules, usable(hw, gpu))
        assert n is not None and n >= 8
        assert memory_breakdown(j, rules, 1).peak > 1000  # over a terabyte on one GPU
    assert min_gpus(j, rules, usable(hw, "rtx_4090")) > min_gpus(j, rules, usable(hw, "a100_80"))


def test_70b_qlora_fits_one_80gb_gpu(rules, hw):
    """Seed 002 and cost_model.md B: 70B QLoRA on a single 80 GB A100/H100."""
    j = job(hw, "llama-3.1-70b", method="qlora", batch=1, seq_len=1024)
    assert min_gpus(j, rules, usable(hw, "a100_80")) == 1
    assert min_gpus(j, rules, usable(hw, "rtx_4090")) > 1


def test_13b_on_24gb_needs_two_cards_as_seed_001_says(rules, hw):
    """Seed 001: 13B on two 3090s (or one A6000 48 GB)."""
    j = TrainingJob(
        model=hw.model(params=13e9), examples=1, tokens_per_example=512, seq_len=512, batch=1
    )
    assert min_gpus(j, rules, usable(hw, "rtx_3090")) == 2
    assert min_gpus(j, rules, 48 * 0.9) == 1


# --- seeds' arithmetic with overrides (must show) ---------------------------------------------


def test_seed_001_arithmetic_exactly_with_a_price_tier(rules, hw):
    """Seed 001: 7B on a 4090 takes 8 h at $0.6/h = $4.80."""
    j = TrainingJob(model=hw.model(params=7e9), examples=1000, tokens_per_example=500, seq_len=512)
    est = estimate_training(
        j,
        gpu="rtx_4090",
        overrides=Overrides(hours=8, price_tier="seed001"),
        hardware=hw,
        rules=rules,
        seeds=False,
    )
    assert est.chosen.gpu_hours == 8
    assert est.chosen.price.usd_per_hour == 0.6
    assert est.chosen.cost_usd == 4.80


def test_hours_and_hand_price_apply_to_the_users_gpu_only(rules, hw):
    est = estimate_training(
        job(hw), gpu="l4", overrides=Overrides(hours=8, usd_per_hour=0.5), hardware=hw, rules=rules
    )
    others = [o for o in est.options if o.gpu != "l4"]
    assert est.chosen.hours == 8 and est.chosen.cost_usd == 4.0
    assert all(o.hours != 8 and o.price.tier is not None for o in others if o.price)
    with pytest.raises(InputError, match="--gpu"):
        estimate_training(job(hw), overrides=Overrides(hours=8), hardware=hw, rules=rules)


def test_seed_001_arithmetic_exactly_with_a_hand_set_price(rules, hw):
    est = estimate_training(
        job(hw),
        gpu="4090",
        overrides=Overrides(hours=8, usd_per_hour=0.6),
        hardware=hw,
        rules=rules,
        seeds=False,
    )
    assert est.chosen.cost_usd == 4.80
    assert est.chosen.price.tier is None


@pytest.mark.parametrize(
    ("gpu", "hours", "cost"),
    [("rtx_3090", 12, 6.0), ("rtx_4090", 8, 4.8), ("rtx_4090", 16, 9.6), ("a100_80", 48, 168.0)],
)
def test_seed_001_table_costs_come_out_exactly(rules, hw, gpu, hours, cost):
    est = estimate_training(
        job(hw),
        gpu=gpu,
        gpus=1,
        overrides=Overrides(hours=hours, price_tier="seed001"),
        hardware=hw,
        rules=rules,
        seeds=False,
    )
    assert est.chosen.cost_usd == pytest.approx(cost, abs=1e-12)


def test_seed_002_costs_from_its_implied_price(rules, hw):
    """Seed 002: 2-4 h at 1x A100 = $4-8, i.e. $2/GPU-h; Qwen-72B: 12-24 h x 2 GPUs = $48-96."""
    for hours, gpus, cost in ((2, 1, 4), (4, 1, 8), (12, 2, 48), (24, 2, 96)):
        est = estimate_training(
            job(hw),
            gpu="a100_80",
            gpus=gpus,
            overrides=Overrides(hours=hours, price_tier="seed002"),
            hardware=hw,
            rules=rules,
            seeds=False,
        )
        assert est.chosen.cost_usd == cost


# --- seeds side by side -----------------------------------------------------------------------


def test_seed_comparisons_cover_both_tables(rules, hw):
    est = estimate_training(job(hw), hardware=hw, rules=rules)
    s1 = [s for s in est.seeds if s.seed == "001"]
    s2 = [s for s in est.seeds if s.seed == "002"]
    assert len(s1) == len(rules.seed_001.rows) == 7
    assert len(s2) == len(rules.seed_002.rows) == 3
    by_label = {s.label: s for s in s2}
    llama8 = by_label["Llama-3-8B + LoRA"]
    assert llama8.seed_hours == (2, 4) and llama8.seed_usd == (4, 8)
    low, high = llama8.estimate
    assert low.fits and high.fits and low.gpus == 1
    assert low.hours < high.hours
    assert low.price.usd_per_hour == 2.0  # priced at the seed's own implied rate
    # the reference: seed 002's figure "includes overheads and is conservative"
    assert high.hours < llama8.seed_hours[1]
    seed_4090 = next(s for s in s1 if s.gpu == "rtx_4090" and s.label == "7B")
    assert seed_4090.seed_usd == (4.8, 4.8)


def test_seed_comparison_ignores_the_users_hours_and_price_overrides(rules, hw):
    est = estimate_training(
        job(hw), gpu="l4", overrides=Overrides(hours=100, usd_per_hour=9), hardware=hw, rules=rules
    )
    for s in est.seeds:
        assert s.estimate[0].hours != 100
        assert s.estimate[0].price is None or s.estimate[0].price.usd_per_hour != 9


# --- the estimate -----------------------------------------------------------------------------


def test_estimate_covers_every_gpu_and_picks_the_cheapest_that_fits(rules, hw):
    est = estimate_training(job(hw), hardware=hw, rules=rules, seeds=False)
    assert {o.gpu for o in est.options} == set(hw.gpus.gpus)
    fitting = [o for o in est.options if o.fits and o.cost_usd is not None]
    assert est.chosen.cost_usd == min(o.cost_usd for o in fitting)
    assert not est.gpu_given


def test_time_and_cost_follow_the_formula(rules, hw):
    j = job(hw, examples=2000, tokens_per_example=300, epochs=2, runs=3)
    est = estimate_training(j, gpu="h100_sxm", hardware=hw, rules=rules, seeds=False)
    o = est.chosen
    flops = flops_per_token(j.model, "lora", 512, True)
    expected_tps = 989e12 * est.utilisation.mfu / flops.useful
    assert o.tokens_per_s == pytest.approx(expected_tps)
    assert o.compute_hours == pytest.approx(2000 * 300 * 2 / expected_tps / 3600)
    assert o.hours == pytest.approx(o.compute_hours + rules.speed.overhead_hours.value)
    assert o.gpu_hours == pytest.approx(o.hours * 3)
    assert o.cost_usd == pytest.approx(o.gpu_hours * 3.99)


def test_flops_per_token_by_method_and_checkpointing(hw):
    m = hw.models.models["llama-3.1-8b"]
    attention = 4 * m.layers * 1024 * m.q_dim
    full = flops_per_token(m, "full", 1024, False)
    lora = flops_per_token(m, "lora", 1024, True)
    assert full.useful == 3 * (2 * m.params + attention)  # 6N + attention
    assert full.recompute == 0
    assert lora.useful == 2 * (2 * m.params + attention)  # 4N + attention
    assert lora.hardware == 3 * (2 * m.params + attention)  # + one forward recomputed


def test_checkpointing_trades_memory_not_useful_time(rules, hw):
    on = estimate_training(
        job(hw, grad_ckpt=True), gpu="h100_sxm", hardware=hw, rules=rules, seeds=False
    )
    off = estimate_training(
        job(hw, grad_ckpt=False), gpu="h100_sxm", hardware=hw, rules=rules, seeds=False
    )
    assert on.memory.peak < off.memory.peak
    assert on.chosen.hours == pytest.approx(off.chosen.hours)
    assert on.flops.hardware > off.flops.hardware


def test_lora_saves_memory_not_time(rules, hw):
    """The reference's first lesson: LoRA per token is no faster than full fine-tuning."""
    lora = estimate_training(
        job(hw, method="lora"), gpu="h100_sxm", hardware=hw, rules=rules, seeds=False
    )
    full = estimate_training(
        job(hw, method="full"), gpu="h100_sxm", hardware=hw, rules=rules, seeds=False
    )
    assert lora.memory.peak < full.memory.peak / 4
    per_gpu_lora = lora.chosen.tokens_per_s / lora.chosen.gpus
    per_gpu_full = full.chosen.tokens_per_s / full.chosen.gpus
    assert per_gpu_lora <= per_gpu_full  # measured: 6,015 vs 7,575 tokens/s on the 8B


def test_user_gpu_that_does_not_fit_is_flagged_with_a_way_out(rules, hw):
    j = job(hw, "llama-3.1-70b", method="lora", batch=8, seq_len=2048)
    est = estimate_training(j, gpu="rtx_4090", gpus=1, hardware=hw, rules=rules, seeds=False)
    assert not est.chosen.fits and est.gpu_given
    codes = dict(est.warnings)
    assert "does_not_fit" in codes
    assert codes["does_not_fit"]["min_gpus"] is None  # batch 8 x 2048 never fits a 4090
    assert codes["does_not_fit"]["min_gpus_batch1"] > 1
    smaller = estimate_training(
        replace(j, batch=1), gpu="rtx_4090", gpus=1, hardware=hw, rules=rules, seeds=False
    )
    assert dict(smaller.warnings)["does_not_fit"]["min_gpus"] > 1


def test_nothing_fits_is_reported_not_raised(rules, hw):
    j = job(hw, "llama-3.1-70b", method="full", batch=64, seq_len=32768, grad_ckpt=False)
    est = estimate_training(j, hardware=hw, rules=rules, seeds=False)
    assert est.chosen is None
    assert ("nothing_fits", {}) in est.warnings


def test_prompt_tuning_trains_few_parameters_and_adds_virtual_tokens(rules, hw):
    j = job(hw, method="prompt_tuning", prompt_tokens=20)
    assert j.trainable_params == 20 * 4096
    assert j.step_seq == 512 + 20
    assert j.training_tokens == 1000 * (500 + 20) * 3
    lora = memory_breakdown(job(hw, method="lora"), rules)
    assert memory_breakdown(j, rules).peak < lora.peak


def test_no_packing_pads_every_example_to_the_sequence_length(hw):
    assert job(hw, packing=False).training_tokens == 1000 * 512 * 3
    assert job(hw).training_tokens == 1000 * 500 * 3


def test_dataset_hook_sizes_the_job_from_examples_and_mean_tokens(hw):
    m = hw.models.models["qwen2.5-7b"]
    j = job_from_dataset(m, 2400, 612.5, max_tokens=1900, model_id="qwen2.5-7b", method="qlora")
    assert (j.examples, j.tokens_per_example, j.seq_len, j.method) == (2400, 612.5, 2048, "qlora")
    assert job_from_dataset(m, 10, 100.0).seq_len == 256
    assert job_from_dataset(m, 10, 100.0, seq_len=4096).seq_len == 4096


def test_estimate_is_json_serialisable(rules, hw):
    est = estimate_training(job(hw), gpu="a100_80", hardware=hw, rules=rules)
    data = json.loads(json.dumps(to_jsonable(est)))
    assert data["chosen"]["gpu"] == "a100_80"
    assert data["memory"]["peak"] == pytest.approx(est.memory.peak)
    assert data["job"]["model"]["source"]["checked"] == "2026-11-23"
    assert data["seeds"][0]["seed"] == "001"


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("examples", 0, "--examples must be at least 1"),
        ("examples", -5, "--examples must be at least 1"),
        ("examples", 2.5, "whole number"),
        ("tokens_per_example", math.nan, "finite"),
        ("tokens_per_example", math.inf, "finite"),
        ("tokens_per_example", 0.0, "more than 0"),
        ("epochs", -1.0, "--epochs"),
        ("seq_len", 10**9, "at most"),
        ("batch", 0, "--batch"),
        ("lora_rank", 10**5, "--lora-rank"),
        ("examples", True, "must be a number"),
    ],
)
def test_bad_job_values_are_one_clear_input_error(hw, field, value, message):
    with pytest.raises(InputError, match=message):
        job(hw, **{field: value})


def test_lora_rank_above_the_hidden_size_is_refused(hw):
    with pytest.raises(InputError, match="hidden size"):
        job(hw, "llama-3.2-1b", lora_rank=4096)


def test_bad_overrides_and_gpu_names(rules, hw):
    for kwargs in ({"mfu": 0.0}, {"mfu": 1.5}, {"hours": -1.0}, {"usd_per_hour": math.nan}):
        with pytest.raises(InputError):
            Overrides(**kwargs)
    with pytest.raises(InputError, match="did you mean"):
        estimate_training(job(hw), gpu="h1000", hardware=hw, rules=rules)
    with pytest.raises(InputError, match="--price-tier"):
        estimate_training(job(hw), overrides=Overrides(price_tier="free"), hardware=hw, rules=rules)
    with pytest.raises(InputError, match="--gpus"):
        estimate_training(job(hw), gpu="l4", gpus=0, hardware=hw, rules=rules)


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    model=st.sampled_from(["llama-3.2-1b", "llama-3.1-8b", "qwen2.5-14b", "llama-3.1-70b"]),
    method=st.sampled_from(["full", "lora", "qlora", "prompt_tuning"]),
    batch=st.integers(1, 32),
    seq=st.sampled_from([256, 1024, 4096]),
    ckpt=st.booleans(),
)
def test_memory_grows_with_batch_and_shrinks_with_sharding(
    rules, hw, model, method, batch, seq, ckpt
):
    j = job(hw, model, method=method, batch=batch, seq_len=seq, grad_ckpt=ckpt)
    one = memory_breakdown(j, rules)
    assert memory_breakdown(j, rules, batch=batch + 1).peak > one.peak
    assert (
        memory_breakdown(j, rules, gpus=8).peak < one.peak + memory_breakdown(j, rules, 8).gathered
    )
    room = usable(hw, "h100_sxm")
    b = max_batch(j, rules, room)
    if b:
        assert memory_breakdown(j, rules, batch=b).peak <= room
    assert memory_breakdown(j, rules, batch=b + 1).peak > room
    n = min_gpus(j, rules, room)
    if n is not None:
        assert memory_breakdown(j, rules, n).peak <= room
        smaller = [c for c in GPU_COUNTS if c < n]
        if smaller:
            assert memory_breakdown(j, rules, smaller[-1]).peak > room


def test_estimates_scale_with_data_linearly(rules, hw):
    a = estimate_training(job(hw, examples=1000), gpu="l4", hardware=hw, rules=rules, seeds=False)
    b = estimate_training(job(hw, examples=4000), gpu="l4", hardware=hw, rules=rules, seeds=False)
    assert b.chosen.compute_hours == pytest.approx(4 * a.chosen.compute_hours)
    assert replace(a.chosen.memory) == b.chosen.memory  # memory depends on the step, not the data
