"""`advisor train`: memory, time and cost of fine-tuning an open model, and of serving it."""

from __future__ import annotations

import argparse
import math

from advisor.commands._common import add_output_options, emit, lang_of, rules_of

HELP = "estimate VRAM, GPU-hours and cost to fine-tune an open model (and to serve it)"
DESCRIPTION = """\
Estimate what fine-tuning an open model takes on every GPU in the table: memory per GPU
(weights, gradients, optimizer states, activations), whether it fits and on how many GPUs,
tokens per second, hours, GPU-hours and cost; the seeds' own training tables next to the
estimate for the same job; and, with --queries-per-day, the GPUs and monthly cost to serve it.

Utilisation comes from measured H100 runs (full fine-tuning and LoRA); memory from the model's
published shape. It is an estimate, and the report says what it is calibrated on.

examples:
  advisor train                                       # seed 002's job: Llama 3.1 8B LoRA,
                                                      # 1,000 examples x 500 tokens x 3 epochs
  advisor train --model qwen2.5-7b --method qlora --examples 5000 --gpu rtx_4090
  advisor train --params 7e9 --method full --gpu a100_80 --gpus 4 --recipe mixed
  advisor train --params 7e9 --gpu rtx_4090 --hours 8 --price-tier seed001   # seed 001: $4.80
  advisor train --model llama-3.1-8b --queries-per-day 20000 --tokens-in 800 --tokens-out 200
  advisor train --list                                # models, GPUs and price tiers
  advisor train --calibration --format json           # the measured runs vs the estimator
"""


def _count(text: str) -> int:
    """A whole number; accepts 5000, 5,000, 5_000, 5e3 and 5k."""
    value = _number(text)
    if not math.isfinite(value) or value != int(value):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(value)


_SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def _number(text: str) -> float:
    """A number; accepts 7e9, 7,000, 7_000, 7B, 1.5M, 70b (k, M, B, T suffixes)."""
    from advisor.core.numbers import comma_hint, parse_number

    cleaned = text.strip()
    scale = 1.0
    if cleaned and cleaned[-1].lower() in _SUFFIXES:
        scale = _SUFFIXES[cleaned[-1].lower()]
        cleaned = cleaned[:-1]
    try:
        return parse_number(cleaned) * scale
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number, got {text!r}{comma_hint(cleaned)}"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    model = parser.add_argument_group("model and method")
    which = model.add_mutually_exclusive_group()
    which.add_argument(
        "--model", metavar="NAME", help="a model from the table, see --list (default: llama-3.1-8b)"
    )
    which.add_argument(
        "--params",
        type=_number,
        metavar="N",
        help="or a parameter count, 1M to 10T, e.g. 7e9 or 13B",
    )
    model.add_argument(
        "--method",
        choices=("full", "lora", "qlora", "prompt_tuning"),
        help="training method (default: lora)",
    )
    model.add_argument(
        "--lora-rank", type=_count, metavar="R", help="LoRA rank, 1 to 65,536 (default: 16)"
    )
    model.add_argument(
        "--prompt-tokens",
        type=_count,
        metavar="N",
        help="prompt tuning's virtual tokens, 1 to 10,000 (default: 20)",
    )
    model.add_argument(
        "--recipe",
        choices=("mixed", "bf16", "adam8bit"),
        help="optimizer precision of full fine-tuning: mixed 16 B/param (default), bf16 8, "
        "adam8bit 10",
    )
    data = parser.add_argument_group("data and step")
    data.add_argument(
        "--dataset",
        metavar="FILE",
        help="take examples, tokens per example and sequence length from a training file "
        "(JSONL; see advisor data); --examples/--tokens-per-example/--seq still win",
    )
    data.add_argument(
        "--examples",
        type=_count,
        metavar="N",
        help="training examples, 1 to 1,000,000,000 (default: 1,000)",
    )
    data.add_argument(
        "--tokens-per-example",
        type=_number,
        metavar="T",
        help="mean tokens per example, above 0, at most 1,000,000 (default: 500)",
    )
    data.add_argument(
        "--epochs", type=_number, metavar="E", help="epochs, 0.01 to 1,000 (default: 3)"
    )
    data.add_argument(
        "--seq",
        type=_count,
        metavar="S",
        help="tokens per sequence, 1 to 1,048,576 (default: tokens per example rounded up to a "
        "power of two)",
    )
    data.add_argument(
        "--batch",
        type=_count,
        metavar="B",
        help="sequences per GPU per step, 1 to 65,536 (default: 4)",
    )
    data.add_argument(
        "--grad-ckpt",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="activation (gradient) checkpointing (default: on)",
    )
    data.add_argument(
        "--no-packing",
        action="store_true",
        help="pad every example to --seq instead of counting real tokens",
    )
    data.add_argument(
        "--runs", type=_count, metavar="N", help="training runs, 1 to 1,000 (default: 1)"
    )
    hardware = parser.add_argument_group("GPU, price and overrides")
    hardware.add_argument(
        "--gpu",
        metavar="GPU",
        help="your GPU, see --list (default: show all, pick the cheapest that fits)",
    )
    hardware.add_argument(
        "--gpus", type=_count, metavar="N", help="how many of --gpu, 1 to 100,000"
    )
    hardware.add_argument(
        "--price-tier",
        metavar="TIER",
        help="marketplace, cloud, hyperscaler, seed001 or seed002 (default: cloud if listed)",
    )
    hardware.add_argument(
        "--usd-per-hour", type=_number, metavar="USD", help="$ per GPU-hour, 0 to 10,000"
    )
    hardware.add_argument(
        "--mfu",
        type=_number,
        metavar="U",
        help="utilisation (MFU), 0.01 to 1, instead of the measured",
    )
    hardware.add_argument(
        "--hours",
        type=_number,
        metavar="H",
        help="wall-clock hours per run, above 0, at most 1,000,000, instead of estimated",
    )
    hardware.add_argument(
        "--overhead-hours",
        type=_number,
        metavar="H",
        help="fixed hours per run for setup, eval, checkpoints, 0 to 1,000 (default: 0.5)",
    )
    serving = parser.add_argument_group("serving (self-hosted)")
    serving.add_argument(
        "--queries-per-day",
        type=_number,
        metavar="Q",
        help="plan serving for this volume, 0 to 10,000,000,000",
    )
    serving.add_argument(
        "--tokens-in",
        type=_number,
        metavar="T",
        help="input tokens per query, 0 to 1,000,000 (default: 600)",
    )
    serving.add_argument(
        "--tokens-out",
        type=_number,
        metavar="T",
        help="output tokens per query, 1 to 1,000,000 (default: 300)",
    )
    serving.add_argument(
        "--peak-to-avg",
        type=_number,
        metavar="X",
        help="peak over average traffic, 1 to 1,000 (default: 2)",
    )
    serving.add_argument("--ha", action="store_true", help="one spare replica (N+1)")
    serving.add_argument(
        "--serve-gpu",
        metavar="GPU",
        help="GPU to serve on, see --list (default: --gpu, else the cheapest)",
    )
    show = parser.add_argument_group("output")
    show.add_argument(
        "--calibration", action="store_true", help="show the measured runs against the estimator"
    )
    show.add_argument("--no-seeds", action="store_true", help="leave out the seed comparison")
    show.add_argument("--list", action="store_true", help="list models, GPUs and price tiers")
    add_output_options(show, ("text", "json"))
    show.add_argument("--plain", action="store_true", help="no colour (stable output)")


def run(args: argparse.Namespace) -> int:
    from advisor.core.hardware import load_hardware
    from advisor.core.training import (
        Overrides,
        calibration_checks,
        estimate_training,
        job_from_dataset,
        load_training_rules,
    )
    from advisor.report import training as render
    from advisor.report.text import Style, report_width

    lang = lang_of(args)
    dirs = rules_of(args)
    hw = load_hardware(dirs)
    rules = load_training_rules(dirs)
    if args.list:
        emit(_listing(hw, args.format, lang), args)
        return 0
    d = rules.defaults
    if args.params is not None:
        from advisor.core.training import check_value

        check_value("params", args.params)
        model, model_id = hw.model(params=args.params), None
    else:
        model_id = args.model or d.model
        from advisor.core.hardware import find_model

        model_id, model = find_model(hw.models, model_id)
    examples = _pick(args.examples, d.examples)
    tokens = _pick(args.tokens_per_example, d.tokens_per_example)
    longest = None
    numbers = None
    if args.dataset is not None:
        from advisor.commands._common import dataset_inputs

        numbers = dataset_inputs(args.dataset)
        examples = _pick(args.examples, numbers.examples)
        tokens = _pick(args.tokens_per_example, numbers.tokens_per_example_mean)
        longest = float(numbers.tokens_per_example_max)
    job = job_from_dataset(
        model,
        examples,
        tokens,
        max_tokens=longest,
        model_id=model_id,
        seq_len=args.seq,
        method=args.method or d.method,
        lora_rank=_pick(args.lora_rank, d.lora_rank),
        prompt_tokens=_pick(args.prompt_tokens, d.prompt_tokens),
        recipe=args.recipe or d.recipe,
        epochs=_pick(args.epochs, d.epochs),
        batch=_pick(args.batch, d.batch),
        grad_ckpt=_pick(args.grad_ckpt, d.grad_ckpt),
        packing=not args.no_packing,
        runs=_pick(args.runs, 1),
    )
    overrides = Overrides(
        mfu=args.mfu,
        hours=args.hours,
        usd_per_hour=args.usd_per_hour,
        price_tier=args.price_tier,
        overhead_hours=args.overhead_hours,
    )
    if args.gpus is not None and args.gpu is None:
        from advisor.errors import InputError

        raise InputError("--gpus needs --gpu (which GPU to count)")
    estimate = estimate_training(
        job,
        gpu=args.gpu,
        gpus=args.gpus,
        overrides=overrides,
        hardware=hw,
        rules=rules,
        seeds=not args.no_seeds,
    )
    if numbers is not None:
        from dataclasses import replace

        note = (
            "dataset",
            {
                "path": args.dataset,
                "examples": numbers.examples,
                "mean": numbers.tokens_per_example_mean,
                "max": numbers.tokens_per_example_max,
                "tokenizer": numbers.tokenizer,
            },
        )
        estimate = replace(estimate, warnings=(note, *estimate.warnings))
    checks = calibration_checks(rules, hw)
    plans, chosen_plan, serving_rules = _serving(args, model, hw, dirs)
    if args.format == "json":
        import json

        data = render.to_json(estimate, lang, checks=checks, rules=rules)
        if plans:
            from advisor.report import serving as render_serving

            data["serving"] = render_serving.to_json(plans, chosen_plan)
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        style = Style() if args.out else Style.detect(args.plain)
        text = render.render_text(
            estimate,
            hw,
            rules,
            lang,
            style,
            checks=checks,
            show_calibration=args.calibration,
            cols=report_width(style),
        )
        if plans:
            from advisor.report import serving as render_serving

            text += "\n\n" + render_serving.render_text(
                plans, chosen_plan, hw, serving_rules, lang, style, cols=report_width(style)
            )
    emit(text, args)
    return 0


def _pick(value, default):  # type: ignore[no-untyped-def]
    return default if value is None else value


def _serving(args, model, hw, dirs):  # type: ignore[no-untyped-def]
    """Serving plans on every GPU that can hold the model, if a volume was given."""
    serving_only = (args.tokens_in, args.tokens_out, args.peak_to_avg, args.serve_gpu)
    if args.queries_per_day is None:
        if any(v is not None for v in serving_only) or args.ha:
            from advisor.errors import InputError

            raise InputError(
                "--tokens-in/--tokens-out/--peak-to-avg/--ha/--serve-gpu plan serving; "
                "give --queries-per-day too"
            )
        return (), None, None
    from advisor.core.hardware import find_gpu
    from advisor.core.serving import ModelTooLarge, load_serving_rules, serving_plan

    rules = load_serving_rules(dirs)
    options = {
        "queries_per_day": args.queries_per_day,
        "tokens_in": _pick(args.tokens_in, rules.tokens_in.value),
        "tokens_out": _pick(args.tokens_out, rules.tokens_out.value),
        "peak_to_avg": args.peak_to_avg,
        "ha": args.ha,
        "price_tier": args.price_tier,
        "hardware": hw,
        "rules": rules,
    }
    if args.serve_gpu is not None:
        wanted_id = find_gpu(hw.gpus, args.serve_gpu, "--serve-gpu")[0]
    else:
        wanted_id = find_gpu(hw.gpus, args.gpu)[0] if args.gpu else None
    # A hand-set price is the price of --gpu, not of every GPU in the table.
    priced_id = find_gpu(hw.gpus, args.gpu)[0] if args.gpu else None
    plans = []
    for gid in hw.gpus.gpus:
        hand_price = args.usd_per_hour if gid == priced_id else None
        try:
            plans.append(serving_plan(model, gid, usd_per_hour=hand_price, **options))
        except ModelTooLarge:
            if gid == wanted_id:
                raise
    if wanted_id is not None:
        chosen = next(p for p in plans if p.gpu == wanted_id)
    else:
        chosen = min(plans, key=lambda p: p.monthly_usd) if plans else None
    return tuple(plans), chosen, rules


def _listing(hw, fmt: str, lang) -> str:  # type: ignore[no-untyped-def]
    """Known models, GPUs and price tiers (text or JSON)."""
    import json

    from advisor.core.i18n import pick
    from advisor.report.text import money, table
    from advisor.report.training import T

    if fmt == "json":
        return json.dumps(
            {
                "models": {
                    k: {"name": m.name, "params": m.params} for k, m in hw.models.models.items()
                },
                "gpus": {
                    k: {
                        "name": g.name,
                        "vram_gib": g.vram.value,
                        "bf16_tflops": g.bf16_tflops.value,
                        "usd_per_hour": {t: p.value for t, p in g.prices.items()},
                    }
                    for k, g in hw.gpus.gpus.items()
                },
                "tiers": list(hw.gpus.tiers),
            },
            ensure_ascii=False,
            indent=2,
        )
    models = table(
        ["--model", *(pick(T[k], lang) for k in ("list_name", "list_params", "list_aliases"))],
        [
            [k, m.name, f"{m.params / 1e9:.2f}B", ", ".join(m.aliases)]
            for k, m in hw.models.models.items()
        ],
        align="<<><",
        max_width=100,
    )
    tiers = list(hw.gpus.tiers)
    gpus = table(
        ["--gpu", pick(T["list_name"], lang), "GiB", "TFLOP/s", *tiers],
        [
            [
                k,
                g.name,
                f"{g.vram.value:g}",
                f"{g.bf16_tflops.value:g}",
                *(money(g.prices[t].value) if t in g.prices else "-" for t in tiers),
            ]
            for k, g in hw.gpus.gpus.items()
        ],
        align="<<>>" + ">" * len(tiers),
        max_width=100,
    )
    tier_lines = [f"  {k}: {t.description(lang)}" for k, t in hw.gpus.tiers.items()]
    return "\n".join([models, "", gpus, "", "--price-tier", *tier_lines])
