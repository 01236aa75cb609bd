"""Plain-text building blocks shared by every report: tables, headings, colour, wrapping.

Written by hand rather than with rich because `advisor roi` has a start-up budget smaller than
rich's import, and because the same strings are shown inside the TUI. Widths count East Asian
wide characters as two columns, so Chinese tables line up.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def width(text: str) -> int:
    """Terminal columns `text` takes (wide CJK characters count 2, ANSI codes 0)."""
    if text.isascii() and "\x1b" not in text:
        return len(text)  # the common case, without a per-character Unicode lookup
    total = 0
    in_escape = False
    for ch in text:
        if in_escape:
            in_escape = ch != "m"
            continue
        if ch == "\x1b":
            in_escape = True
            continue
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def pad(text: str, cols: int, align: str = "<") -> str:
    """Pad `text` to `cols` display columns (`<` left, `>` right, `^` centre)."""
    gap = max(0, cols - width(text))
    if align == ">":
        return " " * gap + text
    if align == "^":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def wrap(text: str, cols: int) -> list[str]:
    """Wrap to `cols` display columns; breaks at spaces, or anywhere inside CJK runs.

    Closing punctuation never starts a line (Chinese line-breaking rules): the character before
    it moves down with it, so no line grows past `cols`.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current: list[str] = []
        used = 0
        for token in _split_long(_tokens(paragraph), cols):
            tw = width(token)
            if used + tw > cols and "".join(current).strip():
                carry: list[str] = []
                if token in _NO_START and len(current) > 1 and current[-1] != " ":
                    carry = [current.pop()]
                    while carry[0] in _NO_START and len(current) > 1:
                        carry.insert(0, current.pop())
                lines.append("".join(current).rstrip())
                current = [t for t in carry if t != " "]
                if token != " " or current:
                    current.append(token)
                used = sum(width(t) for t in current)
            else:
                current.append(token)
                used += tw
        lines.append("".join(current).rstrip())
    return lines


def _split_long(tokens: list[str], cols: int) -> list[str]:
    """Break any token wider than `cols` into pieces that fit (a long path or URL)."""
    out: list[str] = []
    for token in tokens:
        while width(token) > cols > 0:
            cut = cols
            while cut > 1 and width(token[:cut]) > cols:
                cut -= 1
            out.append(token[:cut])
            token = token[cut:]
        out.append(token)
    return out


_NO_START = set("，。、；：？！）」』》】,.;:?!)")


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        if ch == " " or wide:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


@dataclass(frozen=True, slots=True)
class Style:
    """Whether to colour output. `--plain` and non-terminals get none, so tests are stable."""

    color: bool = False

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    @classmethod
    def detect(cls, plain: bool = False) -> Style:
        """Colour only on a terminal, and never with `--plain` or `NO_COLOR` set."""
        if plain or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
            return cls(False)
        return cls(sys.stdout.isatty())


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str | None = None,
    max_width: int | None = None,
    style: Style | None = None,
    shrink: Sequence[int] | None = None,
) -> str:
    """A boxed table; `align` is one of `<>^` per column; long cells wrap to fit `max_width`.

    `shrink` lists the columns that may be narrowed to fit (default: any), so ids and numbers
    can stay whole while prose wraps.
    """
    style = style or Style()
    ncols = len(headers)
    aligns = align or "<" * ncols
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            for line in str(cell).splitlines() or [""]:
                widths[i] = max(widths[i], width(line))
    if max_width is not None:
        floors = [
            _floor(headers[i], [str(row[i]) for row in rows if i < len(row)]) for i in range(ncols)
        ]
        widths = _fit(widths, max_width - (3 * ncols + 1), floors, shrink)
    top = "┌" + "┬".join("─" * (w + 2) for w in widths) + "┐"
    mid = "├" + "┼".join("─" * (w + 2) for w in widths) + "┤"
    bottom = "└" + "┴".join("─" * (w + 2) for w in widths) + "┘"
    out = [top, _row([style(h, "bold") for h in headers], widths, "<" * ncols), mid]
    for row in rows:
        out.append(_row([str(c) for c in row], widths, aligns))
    out.append(bottom)
    return "\n".join(out)


def _fit(
    widths: list[int],
    budget: int,
    floors: list[int],
    shrink: Sequence[int] | None,
) -> list[int]:
    """Narrow the widest shrinkable column, one column at a time, down to its floor."""
    widths = list(widths)
    candidates = list(shrink) if shrink is not None else list(range(len(widths)))
    while sum(widths) > budget:
        room = [k for k in candidates if widths[k] > floors[k]]
        if not room:
            break  # cannot fit without breaking words: let the terminal wrap
        i = max(room, key=lambda k: widths[k])
        widths[i] -= 1
    return widths


def _floor(header: str, cells: list[str]) -> int:
    """The widest word in a column: numbers and ids never break, prose wraps between words."""
    words = [w for text in (header, *cells) for w in text.split()]
    return max(4, min(16, max((width(w) for w in words), default=4)))


def _row(cells: Sequence[str], widths: list[int], aligns: str) -> str:
    wrapped = [
        wrap(c, w) if width(c) > w else (c.splitlines() or [""])
        for c, w in zip(cells, widths, strict=True)
    ]
    height = max(len(lines) for lines in wrapped)
    lines = []
    for k in range(height):
        parts = [
            " " + pad(cell[k] if k < len(cell) else "", w, a) + " "
            for cell, w, a in zip(wrapped, widths, aligns, strict=True)
        ]
        lines.append("│" + "│".join(parts) + "│")
    return "\n".join(lines)


STABLE_WIDTH = 100
"""Width of reports that must not depend on the terminal: --plain, --out, pipes, tests."""


def report_width(style: Style) -> int:
    """Columns for a text report: the terminal's (60 to 120) when writing to one in colour,
    else a stable 100 so files, pipes and `--plain` output are byte-for-byte reproducible."""
    if not style.color:
        return STABLE_WIDTH
    import shutil

    return max(60, min(120, shutil.get_terminal_size((STABLE_WIDTH, 24)).columns))


def indent(text: str, cols: int, first: int = 2, rest: int | None = None) -> list[str]:
    """Wrap `text` to `cols`, the first line indented by `first`, the others by `rest`."""
    rest = first if rest is None else rest
    lines = wrap(text, cols - rest)
    return [" " * first + lines[0], *(" " * rest + x for x in lines[1:])]


def heading(text: str, style: Style | None = None) -> str:
    """A section heading with an underline as wide as the text."""
    style = style or Style()
    return f"{style(text, 'bold')}\n{'─' * width(text)}"


def money(value: float) -> str:
    """US dollars with sensible precision: $0.000123, $4.50, $1,234, $1.2M."""
    if value != value:  # NaN
        return "n/a"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e6:
        return f"{sign}${v / 1e6:,.2f}M"
    if v >= 1000:
        return f"{sign}${v:,.0f}"
    if v >= 1:
        return f"{sign}${v:,.2f}"
    if v == 0:
        return "$0"
    return f"{sign}${v:.6f}".rstrip("0")


def number(value: float) -> str:
    """A count or volume with thousands separators and no noise digits."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}"


def md_paragraph(text: str) -> str:
    """`text` as one Markdown paragraph line, never read as a list, heading or quote.

    A footnote such as "* monthly = ..." would otherwise render as a bullet, "1. ..." as a
    numbered list and "# ..." as a heading: the marker is escaped (`\\*`, `1\\.`, `\\#`).
    """
    text = text.replace("\n", " ")
    body = text.lstrip(" ")
    lead = text[: len(text) - len(body)]
    if len(lead) > 3 or not body:
        return text
    head, rest = body[:1], body[1:]
    marks = len(body) - len(body.lstrip("#"))
    bullet = head in "*+-" and (not rest or rest[0] in " \t")
    title = 0 < marks <= 6 and body[marks : marks + 1] in ("", " ", "\t")
    if bullet or title or head == ">":
        return f"{lead}\\{body}"
    digits = len(body) - len(body.lstrip("0123456789"))
    if 0 < digits <= 9 and body[digits : digits + 1] in (".", ")"):
        after = body[digits + 1 :]
        if not after or after[0] in " \t":
            return f"{lead}{body[:digits]}\\{body[digits:]}"
    return text
