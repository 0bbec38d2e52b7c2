"""The dashboard's counts from the report summary tables (a county and above).

The dashboard (``gonghui.services.views.dashboard``) shows the items of the user's
scope by status and kind, the number overdue and this month's visits. Items in scope
are those owned by a union of the subtree *or* assigned to a responsible unit of it
(:mod:`gonghui.core.scope`); the tallies hold the first kind by owner, and the second
kind through the ``x.*`` / ``xdue`` tallies of the buckets outside the subtree (items
assigned to a union-kind unit outside their own bucket, decision 0023). Visits in
scope are those of the subtree's unions.

:func:`dashboard_summary` gives the dashboard everything from the tallies in one tally
query: the subtree's figures (what :func:`gonghui.services.selectors.service_figures`
returns, all time) and the counts above (decision 0023), read from the buckets' all-time
totals (``BucketTotal``, overdue cumulative by deadline without the responsible unit:
decision 0024) rather than from every month's tallies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from django.db import connections, router
from django.db.models import Q, Sum

from gonghui.orgs.models import ResponsibleUnit, Union
from gonghui.services.models import Visit

from .models import BucketTotal, MonthTally
from .summary import assigned_keys, level_for, refresh

FIGURE_KEYS = (
    "visits", "enterprises_visited", "unions_visited", "model_workers_visited",
    "households_visited", "items", "difficulties", "difficulty_person_times", "needs",
    "problems", "resolved", "escalated", "open", "closed", "overdue",
)


def _tally_rows(level: int, buckets: list[int], *, today: dt.date, month: dt.date) -> list[tuple]:
    """The dashboard's tally rows of the buckets ``buckets`` of level ``level``, in ONE
    statement (decision 0024): ``(key, n, None)`` per key of the bucket totals summed over
    the buckets (all time); ``("overdue", n, None)``: on the clock with a deadline before
    ``today``, the last ``duecum`` row before ``today`` of each bucket (an index probe per
    bucket); ``("m.<key>", n, last day)`` for the visit keys and ``hi`` of the month tallies
    of ``month`` (this month's visits, and the last date with a record in it).
    About 100 rows read per bucket, whatever the number of items."""
    total, tally, unions = BucketTotal._meta.db_table, MonthTally._meta.db_table, Union._meta.db_table
    ids = list(buckets) or [0]
    marks = ", ".join(["%s"] * len(ids))
    month_marks = ", ".join(["%s"] * (1 + len(Visit.TargetType.values)))
    sql = (
        f"SELECT key, SUM(n), CAST(NULL AS DATE) FROM {total} "
        f"WHERE level = %s AND bucket_id IN ({marks}) AND key <> 'duecum' GROUP BY key "
        f"UNION ALL SELECT 'overdue', SUM((SELECT t.n FROM {total} t WHERE t.level = %s "
        f"AND t.bucket_id = b.id AND t.key = 'duecum' AND t.day < %s ORDER BY t.day DESC LIMIT 1)), "
        f"CAST(NULL AS DATE) FROM {unions} b WHERE b.id IN ({marks}) "
        f"UNION ALL SELECT 'm.' || key, SUM(n), MAX(day) FROM {tally} WHERE level = %s "
        f"AND bucket_id IN ({marks}) AND month = %s AND key IN ({month_marks}) GROUP BY key"
    )
    month_keys = ["hi", *(f"v.{code}" for code in Visit.TargetType.values)]
    params = [level, *ids, level, today, *ids, level, *ids, month, *month_keys]
    with connections[router.db_for_read(BucketTotal)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for key, n, last in rows:
        if isinstance(last, str):  # SQLite returns dates as text from raw SQL
            last = dt.date.fromisoformat(last)
        out.append((key, int(n or 0), last))
    return out


def dashboard_summary(union, *, today: dt.date) -> dict | None:
    """Everything the dashboard shows of a scope union whose roll-ups read the tallies
    (above the deepest level of ``REPORT_SUMMARY_DEPTHS``: a county and above, or the
    all-unions stand-in), from ONE query on the tallies (the buckets' all-time totals,
    :func:`_tally_rows`), after :func:`~gonghui.reports.summary.refresh`:

    - ``figures``: ``{figure: n}``, the keys of ``ServiceFigures`` without union, dates
      and clock: all-time totals of the subtree (items by owning union);
    - ``by_status_kind``: Counter((status, kind) -> items in scope: owned in the
      subtree or assigned to one of its responsible units), ``overdue`` (of those),
      ``month_visits`` (visits dated this month up to ``today``), ``as_of`` (datetime).

    None at or below the deepest level (the dashboard then counts the records).
    Statements, whatever the size of the subtree: the scope's unions, the refresh
    check, the tallies, the distinct targets, the items assigned in (and this month's
    visits when records are dated after today)."""
    level = level_for(union)
    if level is None:
        return None
    from .rollup import Acc, Scope, _finish, distinct_targets

    scope = Scope.of(union)
    as_of = refresh()["as_of"]
    path = union.path
    month = today.replace(day=1)
    buckets = list(scope.buckets)
    acc = Acc(replace(scope, children=[]), {})
    counts: Counter = Counter()
    overdue = month_visits = 0
    last_day = None
    for key, total, last in _tally_rows(level, buckets, today=today, month=month):
        if key == "overdue":
            overdue += total
            acc.own["overdue"] += total
        elif key == "m.hi":
            last_day = last
        elif key.startswith("m.v."):
            month_visits += total
        else:
            if key.startswith("i."):
                _i, status, kind = key.split(".", 2)
                counts[(status, kind)] += total
            acc.add_tally(path, key, total)
    row = _finish(acc.own, acc.days.get(path))
    row.update(distinct_targets(scope, None, totals_only=True)["total"])
    # Items owned outside the subtree and assigned to one of its responsible units: the
    # x tallies of the buckets outside it (decision 0023; a handful of rows).
    units = ResponsibleUnit.objects.filter(union__path__startswith=path).values("pk")
    for rec in (
        MonthTally.objects.filter(level=level, key__in=assigned_keys(), unit_id__in=units)
        .exclude(bucket_id__in=buckets).values("key")
        .annotate(n=Sum("n", filter=~Q(key="xdue") | Q(day__lt=today)))
    ):
        if rec["key"] == "xdue":
            overdue += rec["n"] or 0
        else:
            _x, status, kind = rec["key"].split(".", 2)
            counts[(status, kind)] += rec["n"] or 0
    if last_day and last_day > today:  # records dated after today this month
        month_visits = Visit.objects.filter(
            union__path__startswith=path, date__gte=month, date__lte=today).count()
    return {"figures": {key: row[key] for key in FIGURE_KEYS}, "by_status_kind": counts,
            "overdue": overdue, "month_visits": month_visits, "as_of": as_of}
