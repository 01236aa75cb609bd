"""`advisor rules`: check a rules folder, list its questions, draw it as Mermaid."""

from __future__ import annotations

import argparse

from advisor.commands._common import emit, lang_of, rules_of

HELP = "check, list or graph the rules (the decision tree and data files)"
DESCRIPTION = """\
  advisor rules check [DIR]    validate a rules folder (exit 0 valid, 1 invalid)
  advisor rules list           question ids with their allowed answers, and outcome ids
  advisor rules graph          the decision tree as a Mermaid flowchart
  advisor rules schema --write regenerate the JSON schemas in rules/schema/ (developers)

A rules folder holds any of: tree.yaml, advisories.yaml, tables.yaml and the data files
(catalog, GPUs, models, scenario, presets). `--rules DIR` on any command uses it in front of
the built-in rules.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="validate a rules folder")
    check.add_argument("dir", nargs="?", metavar="DIR", help="folder to check (default: built-in)")
    sub.add_parser("list", help="list questions, their options and outcomes")
    graph = sub.add_parser("graph", help="print the tree as a Mermaid flowchart")
    graph.add_argument("--out", metavar="FILE", help="write to FILE (atomically)")
    graph.add_argument("--force", action="store_true", help="allow --out to replace a file")
    schema = sub.add_parser("schema", help="print or regenerate the JSON schemas")
    schema.add_argument("--write", action="store_true", help="write them to the rules folder")
    # Accepted only to be refused in one clear line (rather than "unrecognized arguments").
    for flag, metavar in (("--lang", "LANG"), ("--rules", "DIR")):
        schema.add_argument(
            flag, metavar=metavar, default=argparse.SUPPRESS, help=f"not taken: {SCHEMA_SAME}"
        )
    from advisor.cli import add_global_options

    for p in (check, graph, sub.choices["list"]):
        add_global_options(p, suppress=True)


#: Why `rules schema` refuses `--rules` and `--lang`.
SCHEMA_SAME = "the schemas are the same for every rules folder and language"


def run(args: argparse.Namespace) -> int:
    return {"check": _check, "list": _list, "graph": _graph, "schema": _schema}[args.action](args)


def _check(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from advisor.core.datafiles import check_folder
    from advisor.core.paths import RulesDirs
    from advisor.errors import InputError

    if args.dir:
        given = Path(args.dir)
        if not given.exists():
            raise InputError(f"{given}: no such directory; give the folder of rules to check")
        if not given.is_dir():
            raise InputError(
                f"{given}: is a file; give the folder that holds it (e.g. {given.parent})"
            )
    target = args.dir or getattr(args, "rules", None)
    folder = RulesDirs.from_arg(target).user if target else RulesDirs().builtin
    assert folder is not None
    checked, problems = check_folder(Path(folder))
    if not checked and not problems:
        raise InputError(
            f"{folder}: no rules files found (expected tree.yaml, advisories.yaml, tables.yaml, "
            "or data files such as catalog.yaml)"
        )
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        sys.stdout.write(f"{folder}: {len(problems)} problem(s) in {len(checked)} file(s)\n")
        return 1
    sys.stdout.write(f"{folder}: ok ({len(checked)} files: {', '.join(checked)})\n")
    return 0


def _list(args: argparse.Namespace) -> int:
    from advisor.core.ruleload import load_rules
    from advisor.report.graph import listing

    emit(listing(load_rules(rules_of(args)), lang_of(args)), args)
    return 0


def _graph(args: argparse.Namespace) -> int:
    from advisor.core.ruleload import load_rules
    from advisor.report.graph import mermaid

    emit(mermaid(load_rules(rules_of(args)), lang_of(args)), args)
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json
    import sys

    from advisor.core.datafiles import json_schemas
    from advisor.errors import InputError

    given = [f"--{name}" for name in ("rules", "lang") if getattr(args, name, None) is not None]
    if given:
        raise InputError(f"rules schema takes no {' or '.join(given)}: {SCHEMA_SAME}")
    schemas = json_schemas()
    if not args.write:
        sys.stdout.write(json.dumps(schemas, indent=2, ensure_ascii=False) + "\n")
        return 0
    from advisor.core.paths import builtin_rules_dir
    from advisor.fsio import atomic_write_text

    folder = builtin_rules_dir() / "schema"
    folder.mkdir(exist_ok=True)
    for name, schema in schemas.items():
        atomic_write_text(folder / name, schema_text(schema), overwrite=True)
        sys.stdout.write(f"wrote {folder / name}\n")
    return 0


def schema_text(schema: dict) -> str:
    """The committed form of a schema (a test compares it with a fresh one)."""
    import json

    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
