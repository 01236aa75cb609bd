"""`advisor roi`: price prompting, RAG, fine-tuning and distillation over your query volume."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from advisor.commands._common import add_output_options, emit, lang_of, rules_of

if TYPE_CHECKING:  # only for annotations: the core is imported inside run()
    from advisor.core.analyses import Analyses
    from advisor.core.i18n import Lang
    from advisor.core.paths import RulesDirs
    from advisor.core.roi import RoiResult
    from advisor.core.roi_inputs import RoiInputs

HELP = "price every option over query volume: costs, break-evens, payback, plot"
DESCRIPTION = """\
Price the four options over your query volume and compare them:

  api       prompt engineering on an API model (few-shot prompt, caching, batch)
  rag       the same model plus retrieval (embeddings, vector store with its minimum)
  finetune  a hosted fine-tune with a shorter prompt (training, retraining)
  distill   a teacher generates examples, a small open student is trained and served

For each: one-off cost, monthly fixed cost, cost per query, monthly cost with the one-off
spread over the horizon, total, payback; then every break-even volume (exact), which option
is cheapest over which range of volume, a verdict, a plot, and the source and date of every
price used. API prices come from genai-prices (cached after the first run), everything else
from rules/catalog.yaml.

Inputs: defaults in rules/scenario.yaml, then --preset NAME, then --scenario FILE.yaml (any
subset of the same keys, nested or dotted), then the flags below, then --set PATH=VALUE
(repeatable; `--list-inputs` shows every PATH). Examples:

  advisor roi --queries-per-day 1000
  advisor roi --preset seed001-medium --plain
  advisor roi --queries-per-day 50000 --self-hosted h100
  advisor roi --dataset train.jsonl --queries-per-day 3000
  advisor roi --model claude-haiku-4-5 --set api.cache_hit_rate=0.8 --format json
  advisor roi --model my-model --set api.price.input_per_mtok=0.4 \\
              --set api.price.output_per_mtok=1.6

Uncertainty. Any numeric input may be a range instead of a number (--set or a scenario file):

  LOW..HIGH              triangular; its peak is the input's current value (or the midpoint
                         when that value is empty or outside LOW..HIGH)
  LOW..BASE..HIGH        triangular with its peak at BASE (BASE becomes the input's value)
  +-PCT%                 triangular, current value -PCT% to +PCT% (clipped to its limits)
  uniform:LOW..HIGH      any value in LOW..HIGH equally likely
  lognormal:P10..P90     lognormal with these 10th and 90th percentiles
  lognormal:mean=M,sd=S  lognormal with this mean and standard deviation

The point report keeps each input's base value; --uncertainty draws --draws scenarios
(default 10,000, reproducible with --seed) and reports how often each option is the cheapest at
your volume and P10/P50/P90 of every break-even, of payback and of monthly cost, with a P10-P90
band on the plot. --sensitivity moves each ranged input alone to its low and high end (a
tornado). With no ranges, both vary the key inputs (tokens, retraining, acceptance rate,
people costs...) by --spread (default 25%); the tornado also varies the volume. Separate
ranges are independent; a wildcard path draws its inputs together: --set
'*.output_tokens=200..600' (the same answer length for every option). In a scenario file:
`output_tokens: 200..600` or `output_tokens: {dist: uniform, low: 200, high: 600}`.

Value. Give each option's accuracy on your task (--set finetune.accuracy=0.93) and what a wrong
answer costs (--set value.error_cost_usd=2) or a right one is worth (value.success_value_usd):
the report adds cost per successful task and the accuracy at which a cheaper option stops
paying (OpenAI's accuracy guide: cost of error / (cost of error + savings)).

  advisor roi --set queries_per_day=500..5000 --set '*.output_tokens=200..600' --uncertainty
  advisor roi --sensitivity --spread 30
  advisor roi --set api.accuracy=0.95 --set distill.accuracy=0.9 --set value.error_cost_usd=1
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The roi options; values stay strings so the core parses and checks them (one message)."""
    parser.add_argument(
        "--queries-per-day",
        metavar="N",
        help="your volume, 0 to 1,000,000,000 (default: from the scenario)",
    )
    parser.add_argument(
        "--horizon-months",
        metavar="N",
        help="months to spread one-offs over, 1 to 120 (default: from the scenario)",
    )
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="API model: any genai-prices name, or your own with --set api.price.* "
        "(default: from the scenario)",
    )
    parser.add_argument(
        "--days-per-month",
        metavar="D",
        help="days in a billing month, 28 to 31 (default: 30, as the seeds)",
    )
    parser.add_argument(
        "--dataset",
        metavar="FILE",
        help="take finetune.examples and tokens_per_example from a real training file",
    )
    parser.add_argument(
        "--self-hosted",
        metavar="GPU",
        help="serve the distilled student on your own GPUs (a GPU of `advisor train --list`, e.g. "
        "h100, l4), sized by the "
        "serving estimator, instead of a per-token serverless price",
    )
    parser.add_argument(
        "--preset", metavar="NAME", help="start from a named preset (see --list-presets)"
    )
    parser.add_argument("--scenario", metavar="FILE", help="YAML file of inputs to apply")
    parser.add_argument(
        "--set",
        metavar="PATH=VALUE",
        action="append",
        default=[],
        dest="settings",
        help="set any input, e.g. api.output_tokens=400, or a range: 200..600 (repeatable)",
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="date for price resolution and staleness checks (2000-01-01 to 2100-12-31; "
        "default: today)",
    )
    add_output_options(parser, ("text", "json", "markdown", "csv"))
    parser.add_argument("--plain", action="store_true", help="no colour (stable output)")
    parser.add_argument("--no-plot", action="store_true", help="leave the plot out")
    parser.add_argument(
        "--cumulative", action="store_true", help="also plot cumulative cost over the months"
    )
    parser.add_argument(
        "--uncertainty",
        action="store_true",
        help="Monte Carlo over the ranged inputs: P(cheapest), P10/P50/P90 of break-evens, payback",
    )
    parser.add_argument(
        "--sensitivity",
        action="store_true",
        help="one-way sensitivity (tornado): what moves the verdict and the main break-even",
    )
    parser.add_argument(
        "--draws",
        metavar="N",
        default="10000",
        help="Monte Carlo draws, 100 to 1,000,000 (default: 10,000)",
    )
    parser.add_argument(
        "--seed",
        metavar="N",
        default="0",
        help="random seed, 0 to 2**63-1: the same seed, the same draws (default: 0)",
    )
    parser.add_argument(
        "--spread",
        metavar="PCT",
        default="25",
        help="with no ranges given: vary the key inputs by +-PCT%%, above 0 and below 100 "
        "(default: 25)",
    )
    parser.add_argument(
        "--list-presets",
        action="store_true",
        help="list presets and exit (a JSON list with --format json)",
    )
    parser.add_argument(
        "--list-inputs",
        action="store_true",
        help="list every input PATH with its value and exit (a JSON list with --format json)",
    )


def run(args: argparse.Namespace) -> int:
    """Build the scenario, price it, render it; every user mistake is an InputError (exit 2)."""
    from advisor.core import roi_inputs
    from advisor.core.analyses import analyse

    lang = lang_of(args)
    dirs = rules_of(args)
    if args.list_presets:
        emit(_list_presets(dirs, lang, args.format), args)
        return 0
    today = roi_inputs.parse_today(args.today)
    flags = [
        ("queries_per_day", args.queries_per_day, "--queries-per-day"),
        ("horizon_months", args.horizon_months, "--horizon-months"),
        ("api.model", args.model, "--model"),
        ("days_per_month", args.days_per_month, "--days-per-month"),
    ]
    if args.self_hosted is not None:
        flags += [
            ("distill.serving", "self_hosted", "--self-hosted"),
            ("distill.self_hosted.gpu", args.self_hosted, "--self-hosted"),
        ]
    if args.dataset is not None:
        from advisor.commands._common import dataset_inputs

        numbers = dataset_inputs(args.dataset)
        origin = f"--dataset {args.dataset} ({numbers.tokenizer})"
        flags += [
            ("finetune.examples", str(numbers.examples), origin),
            ("finetune.tokens_per_example", str(round(numbers.tokens_per_example_mean)), origin),
        ]
    inputs = roi_inputs.build(
        dirs,
        preset=args.preset,
        scenario_file=args.scenario,
        flags=[(p, v, o) for p, v, o in flags if v is not None],
        sets=args.settings,
    )
    if args.list_inputs:
        emit(_list_inputs(inputs, args.format), args)
        return 0
    draws, seed, spread = _analysis_options(args)
    result = roi_inputs.compute_result(inputs, today=today)
    extra = analyse(
        inputs,
        result,
        uncertainty=args.uncertainty,
        sensitivity=args.sensitivity,
        draws=draws,
        seed=seed,
        spread=spread,
    )
    emit(_render(result, inputs, args, lang, extra), args)
    return 0


def _analysis_options(args: argparse.Namespace) -> tuple[int, int, float]:
    """--draws, --seed and --spread, checked (one-line errors, exit 2)."""
    from advisor.core.analyses import parse_options

    return parse_options(str(args.draws), str(args.seed), str(args.spread), prefix="--")


def _render(
    result: RoiResult,
    inputs: RoiInputs,
    args: argparse.Namespace,
    lang: Lang,
    extra: Analyses,
) -> str:
    from advisor.report import roi as render

    sections = extra._asdict()
    preset = None
    if inputs.preset is not None:
        chosen = inputs.presets[inputs.preset]
        preset = (inputs.preset, chosen.title(lang), chosen.description(lang))
    if args.format == "json":
        return render.render_json(result, lang, **sections)
    if args.format == "csv":
        return render.render_csv(result, lang, **sections)
    if args.format == "markdown":
        return render.render_markdown(result, lang, preset=preset, **sections)
    from advisor.report.text import Style, report_width

    style = Style() if args.out else Style.detect(args.plain)
    plain = not style.color
    width = report_width(style)
    plot = cumulative = tornado = None
    if not args.no_plot:
        from advisor.report.plot import render_plot

        plot = render_plot(result, lang, plain=plain, uncertainty=extra.uncertainty, width=width)
        if args.cumulative:
            cumulative = render_plot(
                result, lang, plain=plain, cumulative=True, height=18, width=width
            )
        if extra.sensitivity is not None and extra.sensitivity.rows:
            from advisor.report.plot import render_tornado

            tornado = render_tornado(
                extra.sensitivity,
                lang,
                queries_per_day=result.scenario.queries_per_day,
                plain=plain,
                width=width,
            )
    hint = None
    if inputs.ranges and not (args.uncertainty or args.sensitivity):
        from advisor.report.uncertainty import ranges_hint

        hint = ranges_hint(len(inputs.ranges), lang)
    return render.render_text(
        result,
        lang,
        style,
        plot=plot,
        cumulative=cumulative,
        preset=preset,
        tornado=tornado,
        hint=hint,
        width=width,
        **sections,
    )


def _list_presets(dirs: RulesDirs, lang: Lang, fmt: str = "text") -> str:
    """The presets: name, seeds and title (JSON: a list of objects with the description too)."""
    from advisor.core.presets import presets_of

    presets = presets_of(dirs)
    if fmt == "json":
        import json

        rows = [
            {
                "name": name,
                "seeds": list(p.seeds),
                "title": p.title(lang),
                "description": p.description(lang),
            }
            for name, p in presets.items()
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    seed = "种子" if lang == "zh" else "seed"
    lines = []
    for name, p in presets.items():
        seeds = f" [{seed} {', '.join(p.seeds)}]" if p.seeds else ""
        lines.append(f"{name}{seeds}\n    {p.title(lang)}")
    return "\n".join(lines)


def _list_inputs(inputs: RoiInputs, fmt: str = "text") -> str:
    """Every input path, its value and where it came from (JSON: a list of objects)."""
    from advisor.core.settings import all_paths, get_path

    ranged = {r.path: r for r in inputs.ranges}
    if fmt == "json":
        import json

        rows = []
        for path in all_paths():
            value = get_path(inputs.scenario, path)
            rows.append(
                {
                    "path": path,
                    "value": list(value) if isinstance(value, tuple) else value,
                    "origin": inputs.origins.get(path, "default"),
                    "range": ranged[path].describe() if path in ranged else None,
                }
            )
        return json.dumps(rows, ensure_ascii=False, indent=2)
    lines = []
    for path in all_paths():
        value = get_path(inputs.scenario, path)
        if isinstance(value, tuple):
            value = ",".join(value)
        shown = "-" if value is None else (f"{value:g}" if isinstance(value, float) else value)
        if path in ranged:
            shown = f"{shown} (range: {ranged[path].describe()})"
        lines.append(f"{path} = {shown}  [{inputs.origins.get(path, 'default')}]")
    return "\n".join(lines)
