"""`advisor data`: being built (see the open issues)."""

from __future__ import annotations

import argparse

HELP = "(not available yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs=argparse.REMAINDER)


def run(args: argparse.Namespace) -> int:
    from advisor.errors import AdvisorError

    raise AdvisorError("`advisor data` is not available in this version yet")
