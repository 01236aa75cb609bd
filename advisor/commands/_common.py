"""Options and output handling shared by the headless commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor.core.i18n import Lang, resolve_lang
from advisor.core.paths import RulesDirs


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """`--format`, `--out FILE` and `--force`, the same on every command that writes a report."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"output format (default: {formats[0]})",
    )
    parser.add_argument("--out", metavar="FILE", help="write the report to FILE (atomically)")
    parser.add_argument(
        "--force", action="store_true", help="allow --out to replace an existing file"
    )


def lang_of(args: argparse.Namespace) -> Lang:
    """The output language for this run."""
    return resolve_lang(getattr(args, "lang", None))


def rules_of(args: argparse.Namespace) -> RulesDirs:
    """The rules folders for this run (`--rules DIR` in front of the built-in rules)."""
    return RulesDirs.from_arg(getattr(args, "rules", None))


def emit(text: str, args: argparse.Namespace) -> None:
    """Print the report, or write it to `--out` atomically (refusing to clobber without --force)."""
    if not text.endswith("\n"):
        text += "\n"
    out = getattr(args, "out", None)
    if out:
        from advisor.fsio import atomic_write_text

        atomic_write_text(Path(out), text, overwrite=bool(getattr(args, "force", False)))
        sys.stderr.write(f"advisor: wrote {out}\n")
    else:
        sys.stdout.write(text)
