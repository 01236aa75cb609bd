"""Sourced figures: every number advisor shows that is not the user's own input.

A price, a GPU's peak throughput or a retirement date is only as good as where it came from and
when somebody looked. `Sourced` carries both, so reports can print them and warn when a figure
has gone stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from advisor.core.bounds import Bounds
from advisor.core.validate import STRICT

Confidence = Literal["H", "M", "L"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a figure came from and when it was last checked."""

    __pydantic_config__ = STRICT

    source: Annotated[str, Bounds(min_len=3)]
    """A URL, document or repository path a reader can follow."""
    checked: dt.date
    """The date the figure was read from its source (YYYY-MM-DD)."""
    confidence: Confidence = "M"
    """H: primary source or several agreeing; M: one good secondary source; L: weak."""
    note: str | None = None
    """Anything a reader needs to use the figure correctly (tier, region, assumptions)."""

    def age_days(self, today: dt.date) -> int:
        return (today - self.checked).days


@dataclass(frozen=True, slots=True, kw_only=True)
class Sourced(Source):
    """A number with its unit and its origin."""

    __pydantic_config__ = STRICT

    value: float
    """The figure itself, in `unit`."""
    unit: str
    """For example `usd_per_hour`, `usd_per_mtok`, `tflops`, `gib`."""
