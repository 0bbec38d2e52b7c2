"""The service list (服务清单) export: exact header row and data rows, read back."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.services import workflow
from gonghui.services.export import HEADERS
from gonghui.services.models import Item

from ..factories import EnterpriseFactory, WorkerFactory
from .pages_helpers import make_team, make_visit, register, to_in_progress

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EXPECTED_HEADERS = [
    "序号", "事项编号", "类型", "分类", "事项", "事项描述", "人次", "所属工会", "服务小组",
    "走访对象", "发现日期", "状态", "责任单位", "完成时限", "是否超期", "办理结果",
]


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return load_workbook(BytesIO(b"".join(response.streaming_content))).active


def test_export_header_and_rows(client, people, tree, category, unit):
    today = timezone.localdate()
    team = make_team(tree.county, "第一联系服务小组")
    enterprise = EnterpriseFactory(union=tree.county, name="浙江德清华莎制衣有限公司")
    visit = make_visit(tree.county, team=team, enterprise=enterprise, date=today - dt.timedelta(days=20))
    late = register(people.officer, visit, category, subject="职工子女入学困难",
                    description="三名子女", kind=Item.Kind.DIFFICULTY, persons=3)
    late = to_in_progress(late, people.reviewer, people.officer, unit,
                          deadline=today - dt.timedelta(days=2), today=today - dt.timedelta(days=15))
    worker = WorkerFactory(union=tree.county, name="张秀英", phone="13812345678")
    home = make_visit(tree.county, household=False, enterprise=enterprise)
    home.target_type, home.enterprise, home.worker = "household", None, worker
    home.save()
    done = register(people.officer, home, category, subject="医疗费用负担重")
    done = to_in_progress(done, people.reviewer, people.officer, unit,
                          deadline=today + dt.timedelta(days=5), today=today)
    done = workflow.item_escalate(item=done, actor=people.officer, version=done.version,
                                  target="湖州市总工会")

    client.force_login(people.officer)
    sheet = read(client.get(reverse("item_export")))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEADERS == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 30
    by_subject = {row[4]: list(row) for row in rows[1:]}
    assert by_subject["职工子女入学困难"][1:] == [
        late.pk, "困难", "民生服务", "职工子女入学困难", "三名子女", 3, "德清县总工会",
        "第一联系服务小组", "浙江德清华莎制衣有限公司",
        dt.datetime.combine(visit.date, dt.time()), "办理中", unit.name,
        dt.datetime.combine(today - dt.timedelta(days=2), dt.time()), "是", None,
    ]
    assert by_subject["医疗费用负担重"][1:] == [
        done.pk, "需求", "民生服务", "医疗费用负担重", None, 1, "德清县总工会", None, "张秀英",
        dt.datetime.combine(today, dt.time()), "已提交反映", unit.name,
        dt.datetime.combine(today + dt.timedelta(days=5), dt.time()), "否", "提交反映：湖州市总工会",
    ]
    assert sorted(row[0] for row in rows[1:]) == [1, 2]
    flat = "".join(str(cell) for row in rows for cell in row)
    assert "13812345678" not in flat and worker.id_number not in flat


def test_export_follows_the_filters(client, people, tree, category):
    visit = make_visit(tree.county)
    register(people.officer, visit, category, subject="用工需求", kind=Item.Kind.NEED)
    register(people.officer, visit, category, subject="欠薪问题", kind=Item.Kind.PROBLEM)
    client.force_login(people.officer)
    response = client.get(reverse("item_export"), {"kind": "problem"})
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    subjects = [row[4] for row in read(response).iter_rows(min_row=2, values_only=True)]
    assert subjects == ["欠薪问题"]


def test_typed_formula_is_exported_as_text(client, people, tree, category):
    visit = make_visit(tree.county, enterprise=EnterpriseFactory(union=tree.county))
    evil = '=HYPERLINK("http://evil.example","点我")'
    register(people.officer, visit, category, subject=evil)
    client.force_login(people.officer)
    sheet = read(client.get(reverse("item_export")))
    cell = sheet["E2"]
    assert (cell.value, cell.data_type) == (evil, "s")
