"""The optional analyses of a priced scenario: value, uncertainty (Monte Carlo), sensitivity.

`advisor roi` and the TUI's ROI explorer both ask for them here, so the two never disagree on
when value is shown or how the simulation is run. The uncertainty module is imported only when
one of the analyses is wanted: a plain report never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from advisor.errors import InputError

if TYPE_CHECKING:
    from advisor.core.roi import RoiResult
    from advisor.core.roi_inputs import RoiInputs
    from advisor.core.uncertainty import Sensitivity, UncertaintyResult, ValueResult

DRAWS = 10_000
"""Monte Carlo draws unless told otherwise (the same as `uncertainty.DEFAULT_DRAWS`)."""
SPREAD = 0.25
"""How far the key inputs vary when none has a range (`uncertainty.DEFAULT_SPREAD`)."""


DRAWS_RANGE = (100, 1_000_000)
SEED_RANGE = (0, 2**63 - 1)


def parse_options(
    draws: str, seed: str, spread: str, *, prefix: str = ""
) -> tuple[int, int, float]:
    """Draws, seed and spread (a percentage) as typed, checked; spread comes back as a share.

    `advisor roi --draws/--seed/--spread` and the TUI's simulation settings take the same text
    and give the same one-line messages (`prefix` is "--" for the flags).
    """
    import math

    from advisor.core.numbers import comma_hint, parse_number

    n = _whole(draws, f"{prefix}draws", *DRAWS_RANGE)
    s = _whole(seed, f"{prefix}seed", *SEED_RANGE)
    text = spread.strip().rstrip("%")
    try:
        pct = parse_number(text)
    except ValueError:
        raise InputError(
            f"{prefix}spread must be a percentage, e.g. 25; got {spread!r}{comma_hint(text)}"
        ) from None
    if not math.isfinite(pct) or not 0 < pct < 100:
        raise InputError(f"{prefix}spread must be above 0 and below 100 (percent); got {spread!r}")
    return n, s, pct / 100


def _whole(text: str, name: str, low: int, high: int) -> int:
    from advisor.core.numbers import comma_hint, parse_whole

    text = text.strip()
    try:
        value = parse_whole(text)
    except ValueError:
        raise InputError(f"{name} must be a whole number; got {text!r}{comma_hint(text)}") from None
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low:,} and {high:,}; got {value:,}")
    return value


class Analyses(NamedTuple):
    """The optional sections of a report; None where not asked for (or, for value, not given)."""

    value: ValueResult | None = None
    uncertainty: UncertaintyResult | None = None
    sensitivity: Sensitivity | None = None


def has_value_inputs(result: RoiResult) -> bool:
    """Whether the scenario says what an answer is worth or how accurate an option is.

    Only then is the value section shown (it needs one or the other to say anything).
    """
    s = result.scenario
    if s.value.error_cost_usd or s.value.success_value_usd:
        return True
    return any(getattr(getattr(s, o.id), "accuracy", None) is not None for o in result.options)


def analyse(
    inputs: RoiInputs,
    result: RoiResult,
    *,
    uncertainty: bool = False,
    sensitivity: bool = False,
    draws: int = DRAWS,
    seed: int = 0,
    spread: float = SPREAD,
) -> Analyses:
    """Value (when the scenario has value inputs), then each analysis asked for.

    `result` must be `inputs` priced: the simulation reuses its resolved prices.
    """
    if not (uncertainty or sensitivity or has_value_inputs(result)):
        return Analyses()
    from advisor.core import uncertainty as u

    return Analyses(
        value=u.value(result),
        uncertainty=(
            u.simulate(inputs, result, draws=draws, seed=seed, spread=spread)
            if uncertainty
            else None
        ),
        sensitivity=u.tornado(inputs, result, spread=spread) if sensitivity else None,
    )
