"""Plain-text output for the console commands."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: Invisible characters removed from typed text before it is stored: zero-width space,
#: non-joiner, word joiner and BOM, and the bidirectional embeddings, overrides and
#: isolates (U+202A–U+202E, U+2066–U+2069) that make stored text display reversed
#: ("Trojan Source", CVE-2021-42574). The zero-width joiner stays (emoji sequences).
INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def strip_invisible(text: str) -> str:
    """``text`` without the characters of :data:`INVISIBLE`, then stripped of
    whitespace at both ends."""
    return text.translate(INVISIBLE).strip()


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: 2 for wide (CJK) characters, else 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(headers: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """A plain table with aligned columns (CJK characters counted double width)::

        用户名      角色
        ----------  ------
        dq_officer  officer
    """
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])
