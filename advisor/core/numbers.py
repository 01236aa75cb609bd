"""Numbers as people read them, the same in every message.

Whole numbers get thousands separators (1,048,576 rather than 1.04858e+06); a number too big to
read digit by digit (1e+99) or very small (1e-07) stays compact; others lose noise digits.
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


def group_digits(text: str) -> str:
    """Thousands separators for the whole numbers written in `text`: "100 to 10000" ->
    "100 to 10,000". For labels of number ranges, shown next to numbers printed by
    `format_number`; numbers already grouped, decimals and digits inside words are left alone.
    """
    return _BARE_WHOLE.sub(lambda m: f"{int(m.group()):,}", text)
