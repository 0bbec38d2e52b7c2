"""The generated brief on the demo data gives the seed page's sentence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

PAGE_SENTENCE = (
    "走访企业57家，职工群众29户，排摸涉及企业职工具体困难26人次，"
    "掌握民生服务和精神文化类具体需求11件次，其中解决34件次，提交反映3件次"
)


def test_brief_of_deqing_on_the_demo_data():
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("brief", "--union", "德清县总工会", stdout=out)
    text = out.getvalue().strip()
    assert text.startswith("目前，德清县总工会已" + PAGE_SENTENCE + "。")
    # The other modules of the demo add their sentences after it.
    assert "发放帮扶救助" in text and "劳模工匠服务队上门服务" in text
    # The services report keeps the page's figures.
    out = StringIO()
    call_command("report", "services", "--union", "德清县总工会", "--json", stdout=out)
    assert '"enterprises_visited": 57' in out.getvalue()


def test_brief_rejects_a_bad_date():
    with pytest.raises(CommandError, match="--to"):
        call_command("brief", "--union", "x", "--to", "2026-02-30", stdout=StringIO())


def test_report_command_writes_the_workbook(tmp_path, data):
    import openpyxl

    path = tmp_path / "r.xlsx"
    out = StringIO()
    call_command("report", "services", "--union", "德清县总工会", "--from", "2026-03-01",
                 "--to", "2026-03-31", "--json", "--xlsx", str(path), stdout=out)
    assert '"visits": 5' in out.getvalue()
    wb = openpyxl.load_workbook(path)
    assert wb["分级汇总"]["A1"].value == "单位" and wb["工作简报"]["A2"].value.startswith("2026年3月1日")
    with pytest.raises(CommandError, match="--xlsx"):
        call_command("report", "services", "--union", "德清县总工会", "--xlsx",
                     str(tmp_path / "no" / "such" / "r.xlsx"), stdout=StringIO())
