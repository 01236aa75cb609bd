"""Options and output handling shared by the headless commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.core.i18n import Lang, resolve_lang
from advisor.core.paths import RulesDirs

if TYPE_CHECKING:
    from advisor.core.dataset import EstimateInputs


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
    """The rules folders for this run (`--rules DIR` in front of the built-in rules).

    A folder that holds none of the files advisor reads is most likely the wrong folder: say so
    on stderr (one line) rather than silently running on the built-in rules.
    """
    dirs = RulesDirs.from_arg(getattr(args, "rules", None))
    if dirs.user is not None:
        warn_if_no_rules(dirs.user)
    return dirs


def warn_if_no_rules(folder: Path) -> None:
    """One warning line on stderr when `folder` holds no rules file advisor knows."""
    from advisor.core.datafiles import rules_file_names, rules_files_in

    if not rules_files_in(folder):
        sys.stderr.write(
            f"advisor: warning: --rules {folder}: no rules files in this folder, so the built-in "
            f"rules are used (it can hold {', '.join(rules_file_names())})\n"
        )


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


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: object) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    @classmethod
    def for_stderr(cls) -> ProgressBar | None:
        """A bar when stderr is a terminal; None (no bar) in pipes, files and tests."""
        return cls(sys.stderr) if sys.stderr.isatty() else None

    def __call__(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        if total:
            share = min(1.0, done / total)
            filled = int(share * 30)
            line = (
                f"\rreading [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} "
                f"{done / 1e6:,.0f}/{total / 1e6:,.0f} MB"
            )
        else:
            line = f"\rreading {done / 1e6:,.0f} MB"
        self.stream.write(line)  # type: ignore[attr-defined]
        self.stream.flush()  # type: ignore[attr-defined]
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * 72 + "\r")  # type: ignore[attr-defined]
            self.stream.flush()  # type: ignore[attr-defined]


def dataset_inputs(path: str) -> EstimateInputs:
    """Examples and tokens of a real dataset file, for `roi --dataset` and `train --dataset`.

    The file is inspected exactly as `advisor data` does; only usable examples count (what a
    trainer would accept). A file with none is an error, not a silent zero.
    """
    from advisor.core.dataset import inspect, summary_for_estimates
    from advisor.errors import InputError

    bar = ProgressBar.for_stderr()
    try:
        report = inspect(path, progress=bar)
    finally:
        if bar is not None:
            bar.clear()
    numbers = summary_for_estimates(report)
    if numbers.examples == 0:
        raise InputError(
            f"--dataset {path}: no usable training examples; run `advisor data {path}` to see why"
        )
    return numbers
