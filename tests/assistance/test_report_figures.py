"""Fresh-eyes findings on the assistance report: money sums shown with a dozen decimals
on SQLite (and as text in the .xlsx), and a past period showing today's file counts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.assistance import reporting, selectors, services
from gonghui.assistance.models import FileEvent, HardshipFile

from .conftest import register

TODAY = dt.date(2026, 11, 29)
YEAR_2025 = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 11, 29, 4, 0, tzinfo=dt.UTC), tick=False):
        yield


def filed(people, tree, applied: dt.date, admitted: dt.date | None = None, **extra):
    f = register(people.wukang_officer, tree.wukang, applied_on=applied, **extra)
    if admitted:
        f = services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version,
                                on=admitted)
    return f


@pytest.fixture
def files(regions, people, tree):
    """Wukang's files: A filed 2025 and still in file; B filed 2025, exited within 2025;
    C filed in Sept 2026; D filed 2025, exited in 2026; E applied in 2025, never filed;
    F filed 2024, lifted in June 2024 (as its timeline records), re-opened in 2026."""
    r = people.wukang_reviewer
    a = filed(people, tree, dt.date(2025, 3, 1), dt.date(2025, 3, 10))
    b = filed(people, tree, dt.date(2025, 2, 1), dt.date(2025, 2, 10))
    services.file_exit(file=b, actor=r, version=b.version, on=dt.date(2025, 6, 30))
    c = filed(people, tree, dt.date(2026, 9, 1), dt.date(2026, 9, 10))
    d = filed(people, tree, dt.date(2025, 1, 5), dt.date(2025, 1, 10))
    services.file_exit(file=d, actor=r, version=d.version, on=dt.date(2026, 3, 1))
    e = filed(people, tree, dt.date(2025, 11, 1))
    f = filed(people, tree, dt.date(2024, 1, 5), dt.date(2024, 1, 10))
    f = services.file_lift(file=f, actor=r, version=f.version, on=dt.date(2024, 6, 1))
    FileEvent.objects.filter(file=f, action="lift").update(
        at=dt.datetime(2024, 6, 1, 2, 0, tzinfo=dt.UTC))
    services.file_relapse(file=f, actor=r, version=f.version, on=dt.date(2026, 10, 1))
    return dict(zip("ABCDEF", (a, b, c, d, e, f), strict=True))


def test_a_past_period_counts_files_as_they_were_at_its_end(files, tree):
    statuses = dict(HardshipFile.objects.values_list("pk", "status"))
    assert sorted(statuses.values()) == ["applied", "exited", "exited", "in_file", "in_file",
                                         "in_file"]
    y2025 = selectors.assistance_figures(tree.wukang, today=TODAY, **YEAR_2025)
    # At 2025-12-31: A, D in file; B exited; E applied; F lifted; C not yet applied for.
    assert y2025["files_by_status"] == {"in_file": 2, "exited": 1, "applied": 1, "lifted": 1}
    assert (y2025["files_total"], y2025["files_open"]) == (5, 3)
    y2024 = selectors.assistance_figures(tree.wukang, today=TODAY, date_from=dt.date(2024, 1, 1),
                                         date_to=dt.date(2024, 12, 31))
    assert y2024["files_by_status"] == {"lifted": 1}
    assert (y2024["files_total"], y2024["files_open"]) == (1, 0)
    # A period not yet ended: the files as they stand.
    y2026 = selectors.assistance_figures(tree.wukang, today=TODAY, date_from=dt.date(2026, 1, 1),
                                         date_to=dt.date(2026, 12, 31))
    assert y2026["files_by_status"] == {"in_file": 3, "exited": 2, "applied": 1}
    assert (y2026["files_total"], y2026["files_open"]) == (6, 4)
    by_child = reporting.assistance_by_child(
        tree.county, prefix_length=len(tree.wukang.path), **YEAR_2025)
    assert by_child[tree.wukang.path]["files_open"] == 3


def test_the_reports_page_shows_last_years_figure_of_last_year(client, files, people):
    client.force_login(people.wukang_officer)
    page = client.get("/reports/", {"date_from": "2025-01-01", "date_to": "2025-12-31"})
    html = page.content.decode()
    row = re.search(r"files open at the period(?:'|&#x27;)s end</t[hd]>(.*?)</tr>", html,
                    re.S).group(1)
    assert re.findall(r">\s*(\S+?)\s*<", row)[:2] == ["3", "0"]


def test_money_sums_are_to_the_cent_on_pages_and_numbers_in_the_xlsx(
        client, files, people, tree):
    a = files["A"]
    for cash in ("123.45", "9999999.99"):
        services.aid_record(actor=people.wukang_officer, file=a, union=tree.wukang,
                            kind="living", date=dt.date(2025, 11, 25), cash=cash)
    totals = selectors.aid_for_file(a)
    assert (str(totals["cash"]), str(totals["total"])) == ("10000123.44", "10000123.44")
    listed = selectors.file_list(people.wukang_officer).get(pk=a.pk)
    assert str(listed.aid_total) == "10000123.44"
    by_child = reporting.assistance_by_child(
        tree.county, prefix_length=len(tree.wukang.path), **YEAR_2025)
    assert str(by_child[tree.wukang.path]["aid_total_cny"]) == "10000123.44"

    client.force_login(people.wukang_officer)
    detail = client.get(reverse("assistance:file_detail", args=[a.pk])).content.decode()
    listing = client.get(reverse("assistance:file_list")).content.decode()
    assert "10000123.44 CNY in all" in detail and ">10000123.44<" in listing
    assert "10000123.440" not in detail + listing

    client.force_login(people.officer)
    qs = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    page = client.get("/reports/", qs).content.decode()
    assert "10000123.44<" in page and "10000123.440" not in page
    wb = load_workbook(io.BytesIO(client.get("/reports/export.xlsx", qs).content))
    ws = wb["困难职工档案与帮扶"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "现金帮扶（元）")
    assert [(c.value, c.number_format) for c in row[1:]] == [
        (pytest.approx(10000123.44), "0.00"), (0, "0.00"),
        (pytest.approx(10000123.44), "+0.00;-0.00;0.00")]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "帮扶记录")
    assert [c.value for c in row[1:]] == [2, 0, 2]

    client.force_login(people.wukang_officer)
    ws = load_workbook(io.BytesIO(
        client.get(reverse("assistance:file_export")).content)).worksheets[0]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == a.pk)
    assert (row[12].value, row[12].number_format) == (pytest.approx(10000123.44), "0.00")
    assert (row[7].value, row[7].number_format) == (1000, "0.00")
    assert (row[10].value, row[10].number_format) == (dt.datetime(2025, 3, 10), "yyyy-mm-dd")
    assert row[11].value == dt.datetime(2026, 3, 10)  # review due a year after filing
