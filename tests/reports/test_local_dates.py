"""Days to resolve go by Asia/Shanghai calendar dates: the day turns at 16:00 UTC
(00:00 in Shanghai). On SQLite the local date is a fixed-offset modifier,
``date(col, '+480 minutes')`` (Shanghai has had no daylight saving since 1991), computed
by SQLite instead of Django's per-row Python function; the same SQL feeds the tallies'
histogram and the live roll-up."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from gonghui.reports.models import MonthTally
from gonghui.reports.periods import Period
from gonghui.reports.rollup import DaysToResolve, rollup_rows
from gonghui.reports.summary import _fixed_offset_minutes, local_date_sql, rebuild
from gonghui.services.models import Item

from ..factories import ItemFactory

UTC = dt.UTC
TODAY = dt.date(2026, 4, 10)


def test_shanghai_has_one_offset_and_a_zone_with_daylight_saving_has_none():
    assert _fixed_offset_minutes("Asia/Shanghai") == 480
    assert _fixed_offset_minutes("UTC") == 0
    assert _fixed_offset_minutes("Europe/Berlin") is None
    sql, params = local_date_sql("sqlite", "x")
    assert (sql, params) == ("date(x, '+480 minutes')", [])


def test_the_local_day_turns_at_16_utc(tree, category):
    found = dt.date(2026, 4, 1)
    cases = {
        # resolved_at (UTC), assigned_at (UTC) -> days, local dates
        "same evening": (dt.datetime(2026, 4, 1, 15, 59, 59, tzinfo=UTC), None, 0),
        "after midnight": (dt.datetime(2026, 4, 1, 16, 0, tzinfo=UTC), None, 1),
        # assigned at 00:00 on 2 April in Shanghai, resolved 23:59 on 4 April
        "assigned late": (dt.datetime(2026, 4, 4, 15, 59, tzinfo=UTC),
                          dt.datetime(2026, 4, 1, 16, 0, tzinfo=UTC), 2),
        # assigned at 23:59 on 1 April in Shanghai, resolved 00:00 on 5 April
        "assigned early": (dt.datetime(2026, 4, 4, 16, 0, tzinfo=UTC),
                           dt.datetime(2026, 4, 1, 15, 59, tzinfo=UTC), 4),
    }
    ids = {}
    for name, (resolved, assigned, _days) in cases.items():
        ids[name] = ItemFactory(union=tree.wukang, found_on=found, category=category,
                                status=Item.Status.RESOLVED, outcome=Item.Outcome.RESOLVED,
                                resolved_at=resolved, assigned_at=assigned).pk
    days = dict(Item.objects.annotate(days=DaysToResolve()).values_list("pk", "days"))
    assert {name: days[pk] for name, pk in ids.items()} == {n: c[2] for n, c in cases.items()}
    # the tallies' histogram (the county reads the tallies) and the records agree
    rebuild()
    histogram = {
        key: n for key, n in MonthTally.objects.filter(level=3, key__startswith="d.")
        .values_list("key", "n")
    }
    assert histogram == {"d.0": 1, "d.1": 1, "d.2": 1, "d.4": 1}
    april = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    row = rollup_rows(tree.county, april, today=TODAY)["total"]
    assert row["median_days_to_resolve"] == 1.5  # 0, 1, 2, 4
    assert row["resolved"] == 4
    if connection.vendor == "sqlite":  # the fixed-offset modifier, not a Python function
        sql = str(Item.objects.annotate(days=DaysToResolve()).values("days").query)
        assert "+480 minutes" in sql and "django_datetime_cast_date" not in sql
