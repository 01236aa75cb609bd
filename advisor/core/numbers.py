"""Numbers as people read and write them, the same in every message and every option.

Printing: whole numbers get thousands separators (1,048,576 rather than 1.04858e+06); a number
too big to read digit by digit (1e+99) or very small (1e-07) stays compact; others lose noise
digits. Reading: every numeric option accepts 5000, 5,000, 5_000 and 5e3 (a whole-number option
takes 5e3 when it is whole).
"""

from __future__ import annotations

import math
import re

#: From this size on, a whole number is shown compactly (1e+15) rather than as 16+ digits.
COMPACT_FROM = 1e15


def format_number(value: float) -> str:
    """1,048,576 / 2,000,000 / 0.25 / 1,234.5 / 1e+99 / 1e-07 / inf."""
    if isinstance(value, bool) or not math.isfinite(value):
        return str(value)
    size = abs(value)
    if size >= COMPACT_FROM or (0 < size < 1e-4):
        return f"{value:g}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,g}"


#: A whole number of four or more digits written without separators, not part of a word, a
#: decimal or an already grouped number.
_BARE_WHOLE = re.compile(r"(?<![A-Za-z0-9_,.])\d{4,}(?![A-Za-z0-9_,]|\.\d)")


def plain_number(value: float) -> str:
    """A number as one types it back: `1000`, `0.05`, never `1e+06` or `1,000`."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".12g")


def group_digits(text: str) -> str:
    """Thousands separators for the whole numbers written in `text`: "100 to 10000" ->
    "100 to 10,000". For labels of number ranges, shown next to numbers printed by
    `format_number`; numbers already grouped, decimals and digits inside words are left alone.
    """
    return _BARE_WHOLE.sub(lambda m: f"{int(m.group()):,}", text)


#: A number written with thousands separators: 1,000 / -12,345.5 / 1,000e3 (groups of three).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")


def _clean(text: str) -> str:
    """`text` without spaces, underscores and (well-placed) thousands separators."""
    cleaned = str(text).strip().replace("_", "")
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise ValueError(f"not a number: {text!r}")
        cleaned = cleaned.replace(",", "")
    return cleaned


def parse_number(text: str) -> float:
    """`text` as a number: 1000, 1,000, 1_000, 1e3, 0.5, -2 (and inf/nan, for callers to refuse).

    Commas must group thousands (1,000 yes; 1,5 no: it may mean 1.5). Raises ValueError.
    """
    return float(_clean(text))


#: Why "1,5" is refused (it may mean 1.5 or 15), said in every message that refuses it.
COMMAS = "commas must group thousands, as in 1,500"


def misplaced_commas(text: object) -> bool:
    """Whether misplaced commas are all that keeps `text` from being a number: "1,5", "15,00",
    "1,,000" (not "1,000x", whose commas are fine, nor "a,b", which is no number either way)."""
    cleaned = str(text).strip().replace("_", "")
    if "," not in cleaned or _GROUPED.fullmatch(cleaned):
        return False
    try:
        float(cleaned.replace(",", ""))
    except ValueError:
        return False
    return True


def comma_hint(text: object) -> str:
    """ "; commas must group thousands, as in 1,500" after a refusal of `text` when its commas
    are what is wrong (see `misplaced_commas`), else ""."""
    return f"; {COMMAS}" if misplaced_commas(text) else ""


def parse_whole(text: str) -> int:
    """`text` as a whole number: 5000, 5,000, 5_000, 5e3 or 5.0e3, exactly. Raises ValueError."""
    cleaned = _clean(text)
    if _INTEGER.fullmatch(cleaned):
        return int(cleaned)  # exact even past 2**53
    value = float(cleaned)
    if not math.isfinite(value) or value != int(value):
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)
