"""`advisor data FILE`: check a fine-tuning dataset and count its examples and tokens."""

from __future__ import annotations

import argparse

from advisor.commands._common import ProgressBar, add_output_options, emit, lang_of, rules_of

HELP = "check a fine-tuning dataset (JSONL): findings by line, examples, tokens, verdict"
DESCRIPTION = """\
Read a fine-tuning dataset once, in constant memory, and report:

  - every problem with its line number: invalid JSON or UTF-8, wrong or missing fields, empty
    content, no assistant turn, roles out of order, mixed formats, examples longer than
    --max-seq-len, exact and near duplicates, and validation examples that are also in the
    training file (--validation)
  - examples, tokens per example (distribution and total) and how much of it is a repeated
    system prompt
  - a verdict: the good examples (usable, unique, within --max-seq-len) against the seeds'
    guidance: the data volume tables of seeds 001 and 003 for --task, seed 002's "fewer than
    50 examples" and seed 000's "at least 10"

Formats (detected per record, or forced with --data-format), as JSON Lines or a JSON array:
  chat           {"messages": [{"role": "user", "content": ...}, ...]}        (OpenAI)
  conversations  {"conversations": [{"role"/"from": ..., "content"/"value": ...}]}
  instruction    {"instruction": ..., "input": ..., "output": ...}            (Alpaca)
  completion     {"prompt": ..., "completion": ...}

A JSONL file of 32 MiB or more is read by one process per CPU (--workers to choose); the
report is identical to a single process's.

Tokens are an offline estimate calibrated on o200k_base (GPT-4o/4.1/5): totals within about
1% on English and Chinese prose, 5% on code, 13% on mixed Markdown; advisor never downloads a
tokenizer.

Exit codes: 0 when the file was read, whatever it contains; 1 with --strict when there is any
finding (error or warning) in either file; 2 when a file cannot be used at all (missing, a
directory, empty, binary or compressed, not UTF-8) or an option is wrong.
"""


def _whole(text: str) -> int:
    """A whole number: 5000, 5,000, 5_000 or 5e3, as every numeric option takes it."""
    from advisor.core.numbers import comma_hint, parse_whole

    try:
        return parse_whole(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number{comma_hint(text)}"
        ) from None


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


MAX_WORKERS = 64
"""The most worker processes --workers may ask for (each holds ~20 MiB; past about ten the
main process is the bottleneck anyway)."""


def _workers(text: str) -> int:
    value = _positive(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{text!r} is too many processes; at most {MAX_WORKERS}")
    return value


def _count(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} cannot be negative")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="the dataset: JSONL or a JSON array (- reads stdin)"
    )
    parser.add_argument(
        "--data-format",
        choices=("chat", "conversations", "instruction", "completion"),
        help="the dataset's format (default: detected; records in another format are errors)",
    )
    parser.add_argument(
        "--validation", metavar="FILE", help="a validation file: checked too, and for overlap"
    )
    parser.add_argument(
        "--max-seq-len",
        type=_positive,
        metavar="N",
        help="flag examples longer than N tokens, N at least 1 (your training sequence length)",
    )
    parser.add_argument(
        "--task",
        metavar="TASK",
        help="task type to judge the count against (classification, qa, dialogue, code, "
        "text_generation, extraction, other)",
    )
    parser.add_argument(
        "--max-listed",
        type=_count,
        default=20,
        metavar="N",
        help="list at most N findings of each kind, N at least 0 (all are counted; default: 20)",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="processes reading a JSONL file of 32 MiB or more, 1 to 64 (default: one per CPU, "
        "up to 8; 1: a single process). The report is the same either way",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when there is any finding (for CI)"
    )
    add_output_options(parser, ("text", "json"))
    parser.add_argument("--plain", action="store_true", help="no colour (stable output)")


def run(args: argparse.Namespace) -> int:

    from advisor.core.dataset import inspect, judge
    from advisor.core.ruleload import load_rules
    from advisor.report import dataset as render
    from advisor.report.text import Style, report_width

    lang = lang_of(args)
    rules = load_rules(rules_of(args))
    if args.task is not None:
        # check the task before reading a large file
        question = rules.questions.get("task_type")
        allowed = [o.id for o in question.options] if question is not None else []
        if args.task not in allowed:
            from advisor.errors import InputError

            raise InputError(f"--task {args.task!r} is unknown; allowed: {', '.join(allowed)}")
    bar = ProgressBar.for_stderr()
    try:
        report = inspect(
            args.file,
            fmt=args.data_format,
            max_seq_len=args.max_seq_len,
            validation=args.validation,
            progress=bar,
            max_listed=args.max_listed,
            workers=args.workers,
        )
    finally:
        if bar is not None:
            bar.clear()
    verdict = judge(report, rules, args.task)
    if args.format == "json":
        text = render.render_json(report, verdict, lang)
    else:
        style = Style() if args.out else Style.detect(args.plain)
        text = render.render_text(report, verdict, lang, style, cols=report_width(style))
    emit(text, args)
    if args.strict and report.all_counts():
        return 1
    return 0
