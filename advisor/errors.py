"""One exception family for everything a user can fix.

The CLI turns an `AdvisorError` into a single line on stderr and exit code 2 (rules that do not
validate: every problem listed, exit 1 from `rules check`, 2 elsewhere). Anything that is not an
`AdvisorError` is a bug in advisor and is allowed to show its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class AdvisorError(Exception):
    """A problem with the user's input that they can fix: printed as one line, exit 2."""

    exit_code = 2


class InputError(AdvisorError):
    """A bad value on the command line, in an answers file, a scenario or a dataset option."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a rules (or scenario) file, located as precisely as we can."""

    file: str
    line: int | None
    node: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        node = f" [{self.node}]" if self.node else ""
        return f"{where}:{node} {self.message}"


class RulesError(AdvisorError):
    """Rules files that do not load or validate; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid rules"
        more = (
            f" (and {len(problems) - 1} more; run `advisor rules check`)"
            if len(problems) > 1
            else ""
        )
        super().__init__(first + more)
