"""A ledger with its header and no data rows is refused with the reason."""

from __future__ import annotations

from .test_import import imp, ledger


def test_a_ledger_without_data_rows_says_so(regions, people, tree):
    report = imp(ledger([]), actor=people.wukang_officer)
    assert report.rows == 0 and not report.written
    assert [str(p) for p in report.problems] == [
        "sheet 台账, row 1: the sheet has no data rows under the header (row 1): fill in the rows below it"]
