"""`advisor decide`: walk the decision tree headless from an answers file."""

from __future__ import annotations

import argparse

from advisor.commands._common import add_output_options, emit, lang_of, rules_of

HELP = "walk the decision tree from an answers file (no TUI)"
DESCRIPTION = """\
Walk the decision tree from an answers file and print the recommendation: the outcome, the
trail of answers and why each led where it did, the advisories that fire, and the matching
reference tables.

The answers file is YAML mapping question ids to answers, e.g.

    tried_prompting: not_enough
    external_knowledge: "no"
    what_needed: domain
    training_examples: 2500
    queries_per_day: 3000

`advisor rules list` shows every question id and its allowed answers. If an answer is missing,
decide names the next question and its options and exits with code 2. The TUI's "save answers"
writes files in this format.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", metavar="FILE", required=True, help="YAML file of answers")
    add_output_options(parser, ("text", "json", "markdown"))
    parser.add_argument("--plain", action="store_true", help="no colour (stable output)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from advisor.core.answers import load_answers
    from advisor.core.engine import decide
    from advisor.core.ruleload import load_rules
    from advisor.report import decision as render
    from advisor.report.text import Style, report_width

    lang = lang_of(args)
    rules = load_rules(rules_of(args))
    answers = load_answers(Path(args.answers))
    result = decide(rules, answers)
    if args.format == "json":
        text = render.render_json(rules, result, lang)
    elif args.format == "markdown":
        text = render.render_markdown(rules, result, lang)
    else:
        style = Style() if args.out else Style.detect(args.plain)
        text = render.render_text(rules, result, lang, style, cols=report_width(style))
    emit(text, args)
    return 0
