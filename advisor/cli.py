"""The `advisor` command line: parse arguments, run one command, turn user errors into one line.

Every subcommand lives in `advisor.commands.<name>` and keeps its heavy imports inside `run`, so
building this parser costs almost nothing. Textual is imported only when no subcommand is given
(the TUI), never by a headless command.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from advisor import __version__
from advisor.errors import AdvisorError

#: name -> module. Order is the order `advisor --help` lists them in.
COMMANDS: dict[str, str] = {
    "decide": "advisor.commands.decide",
    "roi": "advisor.commands.roi",
    "train": "advisor.commands.train",
    "data": "advisor.commands.data",
    "rules": "advisor.commands.rules",
}


#: What argparse should take for a (negative) number, not an option: -7, -0.5, -1e3, -1,000,
#: -7B, -25%. argparse's own pattern only knows -7 and -0.5, so `--params -7B` was read as a
#: missing value ("expected one argument") instead of reaching the option's range check.
NEGATIVE_NUMBER = re.compile(r"^-(\d[\d,_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?[kKmMbBtT%]?$")


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line: what was wrong and where to look."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._negative_number_matcher = NEGATIVE_NUMBER

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")
        raise SystemExit(2)


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """`--lang` and `--rules`, accepted before or after the subcommand name."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=default,
        help="language of the output (default: ADVISOR_LANG, then the locale, then en)",
    )
    parser.add_argument(
        "--rules",
        metavar="DIR",
        default=default,
        help="use the rules in DIR instead of (or on top of) the built-in ones",
    )


def build_parser(only: str | None = None) -> Parser:
    """The parser, each subcommand contributing its own arguments.

    With `only`, just that subcommand is built: a run of one command does not pay for
    importing and building the others (a few milliseconds of `advisor roi`'s budget); with
    `TUI` (""), none is.
    """
    parser = Parser(
        prog="advisor",
        description=(
            "Should we prompt better, add RAG, fine-tune, or distil? With no command, opens the "
            "interactive advisor (a terminal UI)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_global_options(command, suppress=True)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `advisor` script; returns the process exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    named = _named_command(words)
    # The TUI (no command, no help): no command's module is imported or its parser built, which
    # is a tenth of the time to the first question.
    parser = build_parser(TUI if named is None and _opens_tui(words) else named)
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse reports these from the top parser ("see `advisor --help`"), whose page does
        # not list the command's options; point at the command that was given instead.
        _innermost(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command is None:
            return _run_tui(args)
        return int(args.run(args) or 0)
    except AdvisorError as exc:
        sys.stderr.write(f"advisor: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("advisor: interrupted\n")
        return 130
    except BrokenPipeError:
        # `advisor roi | head`: the reader left; not an error worth a traceback.
        sys.stderr.close()
        return 0


def _innermost(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The (sub)command parser the command line reached, e.g. `advisor rules list`'s."""
    current = parser
    while True:
        sub = next((a for a in current._actions if isinstance(a, argparse._SubParsersAction)), None)
        name = getattr(args, sub.dest, None) if sub is not None else None
        if sub is None or name not in sub.choices:
            return current
        current = sub.choices[name]


TUI = ""
"""`build_parser(TUI)`: the global options only (`advisor [--lang L] [--rules DIR]`)."""


def _opens_tui(argv: Sequence[str]) -> bool:
    """Only global options: `advisor`, `advisor --lang zh`, `advisor --rules DIR`."""
    i = 0
    while i < len(argv):
        if argv[i] in ("--lang", "--rules"):
            i += 2
        elif argv[i].startswith(("--lang=", "--rules=")):
            i += 1
        else:
            return False
    return True


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand the command line names, or None (help, version, a typo, the TUI)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-h", "--help", "--version"):
            return None
        if arg in ("--lang", "--rules"):
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return arg if arg in COMMANDS else None
    return None


def _run_tui(args: argparse.Namespace) -> int:
    folder = getattr(args, "rules", None)
    if folder is not None:
        from pathlib import Path

        if Path(folder).is_dir():
            # The same one line as the headless commands, before the TUI covers the screen (a
            # missing folder or a file is the app's error, after the terminal check as before).
            from advisor.commands._common import warn_if_no_rules

            warn_if_no_rules(Path(folder))
    if not _has_terminal():
        raise AdvisorError(
            "the interactive advisor needs a terminal; in scripts use `advisor decide` or "
            "`advisor roi` (see `advisor --help`)"
        )
    from advisor.tui.app import run  # Textual is only ever imported here.

    return run(args)


def _has_terminal() -> bool:
    """Whether the TUI can run: both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
