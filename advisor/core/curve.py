"""Monthly cost as a function of volume: piecewise linear, with jumps for step costs.

Every option's monthly cost is a sum of a linear part (fixed fees plus tokens x volume), plan
minimums (`max(minimum, usage)`, a kink) and, for self-hosting, replicas that are added in whole
units (a step). All three are piecewise-linear functions of queries/day, so a `Curve` stores
its pieces and answers exactly: values, where two curves cross (closed form on each piece) and
where a step makes them swap order. Nothing here samples a grid.

Convention: piece `i` covers the volumes `(starts[i], starts[i+1]]`, and piece 0 also covers 0.
Closing pieces on the right matches how replicas are counted: `ceil(q / capacity)` replicas
serve exactly `capacity` queries/day with one replica.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

#: Most pieces a step function expands to; past that, results are exact only up to `exact_to`.
STEP_LIMIT = 100_000


class Curve(NamedTuple):
    """Monthly cost (USD) against volume (queries/day)."""

    starts: tuple[float, ...]
    """Left ends of the pieces; `starts[0] == 0`, strictly increasing."""
    intercepts: tuple[float, ...]
    """Cost at zero volume of each piece's line."""
    slopes: tuple[float, ...]
    """USD per month per (query/day) of each piece."""
    exact_to: float = math.inf
    """Volume up to which the pieces are complete (step expansion is capped)."""

    # --- building ---------------------------------------------------------------------------

    @staticmethod
    def linear(intercept: float = 0.0, slope: float = 0.0) -> Curve:
        """`intercept + slope * q`."""
        return Curve((0.0,), (float(intercept),), (float(slope),))

    @staticmethod
    def at_least(floor: float, intercept: float, slope: float) -> Curve:
        """`max(floor, intercept + slope * q)` for `slope >= 0`: a plan minimum."""
        if intercept >= floor or slope <= 0:
            return Curve.linear(max(floor, intercept), 0.0 if intercept < floor else slope)
        kink = (floor - intercept) / slope
        if not math.isfinite(kink):  # usage too small ever to reach the minimum
            return Curve.linear(floor, 0.0)
        return Curve((0.0, kink), (float(floor), float(intercept)), (0.0, float(slope)))

    @staticmethod
    def steps(unit_cost: float, capacity: float, min_units: int, limit: float) -> Curve:
        """`unit_cost * max(min_units, ceil(q / capacity))`: whole replicas, up to `limit`."""
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        first = max(1, min_units)
        needed = math.ceil(limit / capacity)
        count = min(needed, STEP_LIMIT)
        starts = [0.0]
        costs = [unit_cost * first]
        for k in range(first + 1, count + 1):
            starts.append((k - 1) * capacity)
            costs.append(unit_cost * k)
        exact_to = math.inf if needed <= STEP_LIMIT else count * capacity
        return Curve(tuple(starts), tuple(costs), (0.0,) * len(starts), exact_to)

    # --- evaluating -------------------------------------------------------------------------

    def piece_index(self, q: float) -> int:
        """The piece that holds volume `q`."""
        return max(0, bisect_left(self.starts, q) - 1)

    def piece_after(self, q: float) -> int:
        """The piece that holds volumes just above `q`."""
        return max(0, bisect_right(self.starts, q) - 1)

    def __call__(self, q: float) -> float:
        i = self.piece_index(q)
        return self.intercepts[i] + self.slopes[i] * q

    def after(self, q: float) -> float:
        """The limit of the cost as volume decreases to `q` from above (differs at a step)."""
        i = self.piece_after(q)
        return self.intercepts[i] + self.slopes[i] * q

    def piece(self, q: float) -> tuple[float, float]:
        """(intercept, slope) of the piece holding `q`: fixed cost and marginal cost there."""
        i = self.piece_index(q)
        return self.intercepts[i], self.slopes[i]

    # --- combining --------------------------------------------------------------------------

    def __add__(self, other: Curve) -> Curve:
        starts = sorted(set(self.starts) | set(other.starts))
        inter: list[float] = []
        slope: list[float] = []
        for s in starts:
            i, j = self.piece_after(s), other.piece_after(s)
            inter.append(self.intercepts[i] + other.intercepts[j])
            slope.append(self.slopes[i] + other.slopes[j])
        return Curve(tuple(starts), tuple(inter), tuple(slope), min(self.exact_to, other.exact_to))

    def plus(self, constant: float) -> Curve:
        """The curve shifted up by a constant (e.g. one-off costs spread over the horizon)."""
        return Curve(
            self.starts, tuple(a + constant for a in self.intercepts), self.slopes, self.exact_to
        )

    def minus(self, other: Curve) -> Curve:
        """`self - other`, piece by piece."""
        neg = Curve(
            other.starts,
            tuple(-a for a in other.intercepts),
            tuple(-b for b in other.slopes),
            other.exact_to,
        )
        return self + neg

    def is_nondecreasing(self) -> bool:
        """True when no piece slopes down and no step goes down."""
        if any(b < 0 for b in self.slopes):
            return False
        return all(
            self.after(s) >= self(s) - 1e-9 * max(1.0, abs(self(s))) for s in self.starts[1:]
        )


class Crossing(NamedTuple):
    """A volume where two curves swap order."""

    queries_per_day: float
    kind: str
    """`cross`: the costs are equal there; `step`: one jumps past the other (a replica is added);
    `tie`: they are equal over a range starting there."""
    cheaper_below: int
    """0 if the first curve is cheaper just below, else 1."""


def crossings(a: Curve, b: Curve, upto: float) -> list[Crossing]:
    """Every volume in (0, upto] where `a` and `b` swap order, exactly.

    On each piece the difference is a line, so its root is closed form; at a piece boundary a
    jump can flip the sign without a root (a step). Sign tests at interior points of intervals
    between candidate points classify each candidate exactly.
    """
    d = a.minus(b)
    points: list[float] = []  # candidate volumes, ascending
    for i, start in enumerate(d.starts):
        if start >= upto:
            break
        end = d.starts[i + 1] if i + 1 < len(d.starts) else upto
        end = min(end, upto)
        if i > 0:
            points.append(start)
        alpha, beta = d.intercepts[i], d.slopes[i]
        if beta != 0:
            root = -alpha / beta
            if start < root < end:
                points.append(root)
    points = sorted(set(points))
    bounds = [0.0, *points, upto]
    out: list[Crossing] = []
    last_sign = 0
    zero_from: float | None = None
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        if hi <= lo:
            continue
        mid = lo + (hi - lo) / 2
        sign = _sign(a, b, mid)
        if sign == 0:
            if zero_from is None:
                zero_from = lo
            continue
        if last_sign != 0 and sign != last_sign:
            if zero_from is not None:
                out.append(Crossing(zero_from, "tie", 0 if last_sign < 0 else 1))
            else:
                kind = "cross" if _sign(a, b, lo) == 0 else "step"
                out.append(Crossing(lo, kind, 0 if last_sign < 0 else 1))
        last_sign = sign
        zero_from = None
    return out


def _sign(a: Curve, b: Curve, q: float) -> int:
    """Sign of a(q) - b(q), with differences below rounding noise counted as zero."""
    va, vb = a(q), b(q)
    diff = va - vb
    if abs(diff) <= 1e-12 * (abs(va) + abs(vb)) + 1e-300:
        return 0
    return 1 if diff > 0 else -1


class Span(NamedTuple):
    """A volume range over which one curve is the cheapest."""

    winner: int
    """Index of the cheapest curve."""
    start: float
    end: float


def lower_envelope(curves: Sequence[Curve], upto: float) -> list[Span]:
    """The cheapest curve on every range of (0, upto], ties going to the earlier curve.

    The candidate boundaries are every piece start and every pairwise crossing; between two
    consecutive candidates no curve changes piece or order, so one interior point decides.
    """
    points = {0.0, upto}
    for c in curves:
        points.update(s for s in c.starts if 0 < s < upto)
    for i in range(len(curves)):
        for j in range(i + 1, len(curves)):
            points.update(x.queries_per_day for x in crossings(curves[i], curves[j], upto))
    ordered = sorted(p for p in points if 0 <= p <= upto)
    spans: list[Span] = []
    for lo, hi in itertools.pairwise(ordered):
        if hi <= lo:
            continue
        mid = lo + (hi - lo) / 2
        values = [c(mid) for c in curves]
        best = min(range(len(curves)), key=lambda k: (values[k], k))
        if spans and spans[-1].winner == best:
            spans[-1] = Span(best, spans[-1].start, hi)
        else:
            spans.append(Span(best, lo, hi))
    return spans
