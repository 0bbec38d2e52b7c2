"""Writing .xlsx rows safely (openpyxl).

openpyxl stores any string that begins with ``=`` as a formula, so a subject typed as
``=HYPERLINK("http://…")`` would become a live formula in every export that shows it
(CSV/formula injection, OWASP). Every export appends its data rows through
:func:`append_row`, which keeps such text as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def append_row(ws, values: Iterable[Any]) -> None:
    """Append ``values`` as the next row of ``ws`` (a normal or write-only worksheet);
    strings stay strings, never formulas."""
    if isinstance(ws, WriteOnlyWorksheet):
        row = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                value = cell
            row.append(value)
        ws.append(row)
        return
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
