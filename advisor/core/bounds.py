"""Field constraints for `Annotated` types that cost nothing to import.

`annotated_types` defines its constraints as ~20 frozen dataclasses, so importing it takes
about 8 ms: a tenth of `advisor roi`'s whole budget, paid only to *declare* constraints that
a warm run never checks (its data comes validated from the cache). `Bounds` records the same
limits in a plain object and hands pydantic the real `annotated_types` objects only when a
schema is built: pydantic expands any "grouped metadata" (an object with
`__is_annotated_types_grouped_metadata__` and `__iter__`) into its members, so validation and
the generated JSON schemas are exactly what `Annotated[x, at.Ge(0), at.Le(1)]` would give.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class Bounds:
    """Numeric and length limits of one field: `Annotated[float, Bounds(ge=0, le=1)]`."""

    __slots__ = ("ge", "gt", "le", "lt", "max_len", "min_len")
    #: Marks this as annotated-types "grouped metadata" (a runtime-checkable protocol).
    __is_annotated_types_grouped_metadata__ = True

    def __init__(
        self,
        *,
        ge: float | None = None,
        gt: float | None = None,
        le: float | None = None,
        lt: float | None = None,
        min_len: int | None = None,
        max_len: int | None = None,
    ) -> None:
        self.ge, self.gt, self.le, self.lt = ge, gt, le, lt
        self.min_len, self.max_len = min_len, max_len

    def __iter__(self) -> Iterator[Any]:
        import annotated_types as at

        if self.gt is not None:
            yield at.Gt(self.gt)
        if self.ge is not None:
            yield at.Ge(self.ge)
        if self.lt is not None:
            yield at.Lt(self.lt)
        if self.le is not None:
            yield at.Le(self.le)
        if self.min_len is not None:
            yield at.MinLen(self.min_len)
        if self.max_len is not None:
            yield at.MaxLen(self.max_len)

    def violated(self, value: float) -> bool:
        """True when a number breaks one of the numeric limits (NaN breaks them all)."""
        return (
            (self.ge is not None and not value >= self.ge)
            or (self.gt is not None and not value > self.gt)
            or (self.le is not None and not value <= self.le)
            or (self.lt is not None and not value < self.lt)
        )

    def describe(self) -> str:
        """The numeric limits in words, e.g. `>= 0 and <= 1`."""

        from advisor.core.numbers import format_number as num

        parts = []
        for op, v in ((">=", self.ge), (">", self.gt), ("<=", self.le), ("<", self.lt)):
            if v is not None:
                parts.append(f"{op} {num(v)}")
        return " and ".join(parts)

    def __repr__(self) -> str:
        args = ", ".join(
            f"{k}={getattr(self, k)!r}" for k in self.__slots__ if getattr(self, k) is not None
        )
        return f"Bounds({args})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bounds) and all(
            getattr(self, k) == getattr(other, k) for k in self.__slots__
        )

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in self.__slots__))
