"""The reports page and its .xlsx export: scope, period input, tables, no inline
scripts, Chinese headers with units, constant queries."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.audit.models import AuditEntry
from gonghui.orgs.models import Union
from gonghui.services.models import Category, Visit

from ..factories import EnterpriseFactory, ItemFactory, add_union

URL = "/reports/"
MARCH_QS = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 4, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def rows_of(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        name = re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1).strip()
        out[name] = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return out


def test_county_officer_sees_each_town_and_the_total(client, people, data):
    client.force_login(people.officer)
    response = client.get(URL, MARCH_QS)
    assert response.status_code == 200
    html = response.content.decode()
    rows = rows_of(html, "rollup-table")
    assert list(rows) == ["新市镇总工会", "武康街道总工会", "空白镇总工会", "Own records", "Total"]
    # columns: visits, enterprises, unions, model workers, households, items, ...
    assert rows["武康街道总工会"][:6] == ["3", "2", "0", "0", "1", "2"]
    assert rows["Total"][0] == "5" and rows["Total"][11] == "40.0" and rows["Total"][12] == "4"
    assert rows["空白镇总工会"][11] == "—"
    compare = rows_of(html, "compare-table")
    assert compare["Visits"] == ["5", "1", "+4"]
    assert "德清县总工会已走访企业2家，职工群众1户" in html
    assert 'id="report-data" type="application/json"' in html


def test_no_inline_scripts(client, people, data):
    client.force_login(people.officer)
    html = client.get(URL, MARCH_QS).content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "onclick" not in html
    assert "vendor/echarts/echarts.min.js" in html and "gonghui/reports.js" in html


def test_a_union_outside_the_scope_is_404(client, people, data):
    client.force_login(people.wukang_officer)
    for union in (data.tree.county, data.tree.xinshi, data.tree.other):
        assert client.get(URL, {"union": union.pk}).status_code == 404
        assert client.get("/reports/export.xlsx", {"union": union.pk}).status_code == 404
    assert client.get(URL, {"union": "abc"}).status_code == 404
    assert client.get(URL, {"union": 999999}).status_code == 404
    response = client.get(URL, {"union": data.tree.wukang.pk, **MARCH_QS})
    assert response.status_code == 200
    html = response.content.decode()
    assert list(rows_of(html, "rollup-table")) == ["武康G公司工会", "Own records", "Total"]
    # The picker offers the user's own scope only (grassroots unions left out).
    options = re.findall(r'<option value="(\d*)"', html)
    assert options == [str(data.tree.wukang.pk)]


def test_default_is_the_users_union_and_this_year(client, people, data):
    client.force_login(people.wukang_officer)
    html = client.get(URL).content.decode()
    assert 'value="2026-01-01"' in html and 'value="2026-04-10"' in html
    assert f'<option value="{data.tree.wukang.pk}" selected>' in html
    month = client.get(URL, {"preset": "month"}).content.decode()
    assert 'value="2026-04-01"' in month


def test_bad_dates_are_named(client, people, data):
    client.force_login(people.officer)
    response = client.get(URL, {"date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert "The last day must not be before the first day." in response.content.decode()
    response = client.get(URL, {"date_from": "2026-02-30"})
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()


@pytest.mark.parametrize("path", [URL, "/reports/export.xlsx"])
def test_dates_outside_1950_2099_are_named_not_a_server_error(client, people, data, path):
    """Year 1 used to reach "the same period a year before" (year 0: ValueError, 500)."""
    client.force_login(people.officer)
    response = client.get(path, {"date_from": "0001-01-01", "date_to": "0001-12-31"})
    assert response.status_code == 400
    if path == URL:
        html = response.content.decode()
        assert "Ensure this value is greater than or equal to 1950-01-01." in html
    response = client.get(path, {"date_from": "2026-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 400


def test_export_has_a_sheet_per_table_with_chinese_headers(client, people, data):
    client.force_login(people.officer)
    before = AuditEntry.objects.count()
    response = client.get("/reports/export.xlsx", MARCH_QS)
    assert response.status_code == 200
    wb = openpyxl.load_workbook(BytesIO(response.content))
    assert wb.sheetnames[:9] == [
        "分级汇总", "上年同期", "同比", "按类型", "按类别", "按状态", "走访对象", "按月趋势", "超期按责任单位",
    ]
    assert wb.sheetnames[-1] == "工作简报" and len(wb.sheetnames) >= 12
    sheet = list(wb["分级汇总"].iter_rows(values_only=True))
    assert sheet[0][:3] == ("单位", "走访（次）", "走访企业（家）")
    assert sheet[-1][0] == "合计" and sheet[-1][1] == 5 and sheet[-2][0] == "本级"
    assert [r[0] for r in sheet[1:4]] == ["新市镇总工会", "武康街道总工会", "空白镇总工会"]
    assert list(wb["超期按责任单位"].iter_rows(values_only=True)) == [("责任单位", "超期（件）"), ("县人社局", 1)]
    assert wb["工作简报"]["A2"].value.startswith("2026年3月1日至2026年3月31日，德清县总工会")
    assert AuditEntry.objects.count() == before + 1


def test_page_queries_do_not_grow_with_children(client, people, data):
    client.force_login(people.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, MARCH_QS).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the session and caches
    before = count()
    county = Union.objects.get(pk=data.tree.county.pk)
    category = Category.objects.get(name="民生服务")
    for i in range(6):
        town = add_union(f"新增{i}镇总工会", county, level=Union.Level.TOWN)
        Visit.objects.create(union=town, date=dt.date(2026, 3, 3), target_type=Visit.TargetType.ENTERPRISE,
                             enterprise=EnterpriseFactory(union=town))
        ItemFactory(union=town, found_on=dt.date(2026, 3, 3), category=category)
    count()  # the first read after the writes brings the summary tables up to date
    assert count() == before


def test_the_services_view_shows_the_services_alone_in_fewer_queries(client, people, data):
    client.force_login(people.officer)

    def get(params):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, params)
        assert response.status_code == 200
        return response.content.decode(), len(ctx.captured_queries)

    get(MARCH_QS)  # warm the session and bring the summary tables up to date
    full, full_queries = get(MARCH_QS)
    services, services_queries = get({**MARCH_QS, "module": "services"})
    assert rows_of(services, "rollup-table") == rows_of(full, "rollup-table")
    assert rows_of(services, "compare-table") == rows_of(full, "compare-table")
    assert 'id="report-data"' in services and 'id="summary-as-of"' in services
    assert 'id="brief-text"' not in services and "module-report" not in services
    assert 'id="brief-text"' in full and "module-report" in full
    assert services_queries < full_queries - 10, (services_queries, full_queries)
    # the period form keeps the view; the export link is the whole report
    assert '<input type="hidden" name="module" value="services">' in services
    assert re.search(r'id="export-link" href="/reports/export.xlsx\?date_from=2026-03-01&amp;date_to=2026-03-31"',
                     services)
    assert 'data-module-tab="services" href="?date_from=2026-03-01&amp;date_to=2026-03-31&amp;module=services"' in full


def test_another_module_alone_and_an_unknown_one(client, people, data):
    client.force_login(people.officer)
    html = client.get(URL, {**MARCH_QS, "module": "assistance"}).content.decode()
    assert html.count("module-report") == 1 and 'data-module="assistance"' in html
    assert 'id="rollup-table"' not in html and 'id="brief-text"' not in html
    assert "新市镇总工会" in html and "武康街道总工会" in html  # its children side by side
    assert client.get(URL, {"module": "nonsense"}).status_code == 404
