"""Clock quality figures per responsible unit in ``service_figures`` (and so in
``gonghui report services --json``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from gonghui.services import workflow as wf
from gonghui.services.selectors import service_figures

from ..factories import ResponsibleUnitFactory
from .helpers import register

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI),
                               tick=False)


def test_clock_figures_per_unit(people, tree, category, unit):
    other = ResponsibleUnitFactory(name="德清县住建局", owner=tree.county)
    rev, off = people.reviewer, people.officer

    def assigned(subject, to=unit, day=None):
        day = day or D(2026, 3, 2)
        item = register(people, tree, category, subject)
        item = wf.item_accept(item=item, actor=rev, version=item.version)
        with at(day):
            item = wf.item_assign(item=item, actor=rev, version=item.version, unit=to,
                                  deadline=D(2026, 3, 6))
        return wf.item_start(item=item, actor=off, version=item.version)

    def resolve(item, day):
        with at(day):
            return wf.item_resolve(item=item, actor=off, version=item.version, resolution="已办")

    resolve(assigned("一"), D(2026, 3, 4))  # 2 working days, on time
    resolve(assigned("二"), D(2026, 3, 6))  # 4, on the deadline day
    resolve(assigned("三"), D(2026, 3, 10))  # 6, late
    four = assigned("四")
    wf.extension_request(item=four, actor=off, version=four.version, days=2, reason="待材料")
    five = assigned("五")
    five = wf.item_return(item=five, actor=off, version=five.version, reason="不属本单位")
    with at(D(2026, 3, 3)):
        five = wf.item_assign(item=five, actor=rev, version=five.version, unit=other,
                              deadline=D(2026, 3, 6))
    five = wf.item_start(item=five, actor=off, version=five.version)
    resolve(five, D(2026, 3, 5))  # 2 working days, on time

    figures = service_figures(tree.county, today=D(2026, 3, 20))
    assert figures["clock"] == [
        # 2 on time of 3 finished and 1 open past its deadline (四: 6 March < 20 March).
        {"unit": "德清县人力社保局", "items": 5, "finished": 3, "overdue_open": 1, "on_time_rate": 0.5,
         "median_working_days": 4, "extensions_per_item": 0.2, "returns_per_item": 0.2,
         "last_day_share": 0.333},
        {"unit": "德清县住建局", "items": 1, "finished": 1, "overdue_open": 0, "on_time_rate": 1.0,
         "median_working_days": 2, "extensions_per_item": 0.0, "returns_per_item": 0.0,
         "last_day_share": 0.0},
    ]
    assert figures["resolved"] == 4 and figures["items"] == 5


def test_clock_page_shows_the_scope_units(client, people, tree, category, unit):
    item = register(people, tree, category)
    item = wf.item_accept(item=item, actor=people.reviewer, version=item.version)
    wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                   deadline=D(2027, 3, 6), today=D(2026, 3, 2))
    client.force_login(people.officer)
    html = client.get("/clock/").content.decode()
    assert "德清县人力社保局" in html
    client.force_login(people.other_officer)
    assert "德清县人力社保局" not in client.get("/clock/").content.decode()
