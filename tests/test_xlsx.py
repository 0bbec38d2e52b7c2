"""Exports keep typed text as text: no formula injection."""

import io

from openpyxl import Workbook, load_workbook

from gonghui.core.xlsx import append_row

EVIL = '=HYPERLINK("http://evil.example","点我")'


def _read_back(wb) -> list:
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    cell = load_workbook(buf).active["A1"]
    return [cell.value, cell.data_type]


def test_formula_text_stays_text_in_a_normal_sheet():
    wb = Workbook()
    append_row(wb.active, [EVIL, 3])
    assert _read_back(wb) == [EVIL, "s"]


def test_formula_text_stays_text_in_a_write_only_sheet():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    append_row(ws, [EVIL, 3])
    assert _read_back(wb) == [EVIL, "s"]
