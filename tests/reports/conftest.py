"""The small known data set of the reports tests (see test_rollup.py for its figures)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gonghui.orgs.models import Union
from gonghui.reports.periods import Period
from gonghui.services.models import Category, Item, Visit

from ..factories import (
    EnterpriseFactory,
    ItemFactory,
    ResponsibleUnitFactory,
    WorkerFactory,
    add_union,
)

SH = ZoneInfo("Asia/Shanghai")
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
TODAY = dt.date(2026, 4, 10)
T = Visit.TargetType
S = Item.Status
OUT = Item.Outcome


def at(y, m, d, hh=9, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=SH)


@pytest.fixture
def data(tree):
    """County 德清 (own records) with towns 武康 (and its grassroots union G) and 新市,
    plus a sibling county 长兴 whose records must never count."""
    g = add_union("武康G公司工会", tree.wukang, level=Union.Level.GRASSROOTS, kind=Union.Kind.GRASSROOTS)
    tree.wukang.refresh_from_db()
    top = Category.objects.create(name="困难帮扶", sort_order=10)
    illness = Category.objects.create(name="因病致困", parent=top, sort_order=11)
    livelihood = Category.objects.create(name="民生服务", sort_order=20)
    culture = Category.objects.create(name="精神文化", sort_order=30)
    labour = Category.objects.create(name="劳动关系", sort_order=50)
    unit = ResponsibleUnitFactory(name="县人社局", owner=tree.county)
    e1, e2, e3 = (EnterpriseFactory(union=tree.county) for _ in range(3))
    w1, w2 = (WorkerFactory(union=tree.county) for _ in range(2))

    def visit(union, day, target_type, **target):
        return Visit.objects.create(union=union, date=day, target_type=target_type, **target)

    visit(tree.county, dt.date(2026, 3, 5), T.ENTERPRISE, enterprise=e1)
    visit(tree.county, dt.date(2026, 3, 10), T.HOUSEHOLD, worker=w1)
    visit(tree.wukang, dt.date(2026, 3, 31), T.ENTERPRISE, enterprise=e1)  # last day: counts
    visit(g, dt.date(2026, 3, 15), T.ENTERPRISE, enterprise=e2)
    visit(g, dt.date(2026, 3, 20), T.HOUSEHOLD, worker=w1)
    visit(tree.wukang, dt.date(2026, 4, 1), T.ENTERPRISE, enterprise=e3)  # next day: not
    visit(tree.xinshi, dt.date(2026, 2, 28), T.HOUSEHOLD, worker=w2)  # day before: not
    visit(tree.other, dt.date(2026, 3, 10), T.ENTERPRISE, enterprise=e1)  # sibling county
    visit(tree.wukang, dt.date(2025, 3, 31), T.ENTERPRISE, enterprise=e2)  # a year before

    def item(union, found_on, kind, category, **fields):
        return ItemFactory(union=union, found_on=found_on, kind=kind, category=category, **fields)

    D, N, P = Item.Kind.DIFFICULTY, Item.Kind.NEED, Item.Kind.PROBLEM
    item(tree.county, dt.date(2026, 3, 5), D, illness, persons_affected=3, status=S.CLOSED,
         outcome=OUT.RESOLVED, assigned_at=at(2026, 3, 6), resolved_at=at(2026, 3, 11, 10))  # 5 days
    # Resolved at 00:30 on 3 April in Shanghai (16:30 UTC on the 2nd): 3 days, not 2.
    item(tree.wukang, dt.date(2026, 3, 31), N, livelihood, status=S.RESOLVED, outcome=OUT.RESOLVED,
         resolved_at=at(2026, 4, 3, 0, 30))
    item(g, dt.date(2026, 3, 20), N, culture, status=S.ASSIGNED, responsible_unit=unit,
         assigned_at=at(2026, 3, 21), deadline=dt.date(2026, 4, 1))  # overdue on 10 April
    item(g, dt.date(2026, 3, 20), P, labour, status=S.REJECTED)
    item(tree.wukang, dt.date(2026, 4, 1), D, illness, persons_affected=2)  # next day: not
    item(tree.xinshi, dt.date(2026, 3, 1), N, livelihood, status=S.ESCALATED,
         outcome=OUT.ESCALATED, assigned_at=at(2026, 3, 2), resolved_at=at(2026, 3, 9))
    item(tree.xinshi, dt.date(2026, 3, 2), P, labour, status=S.IN_PROGRESS, responsible_unit=unit,
         assigned_at=at(2026, 3, 3), deadline=dt.date(2026, 4, 20))
    item(tree.other, dt.date(2026, 3, 10), N, livelihood, status=S.ASSIGNED,
         deadline=dt.date(2026, 3, 20))  # sibling county, overdue: never counted
    item(tree.wukang, dt.date(2025, 3, 15), N, livelihood, status=S.CLOSED, outcome=OUT.RESOLVED,
         assigned_at=at(2025, 3, 16), resolved_at=at(2025, 3, 20))  # a year before, 4 days
    empty = add_union("空白镇总工会", tree.county, level=Union.Level.TOWN)
    return SimpleNamespace(tree=tree, g=g, empty=empty)
