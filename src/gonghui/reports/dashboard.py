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
returns, all time) and the counts above (decision 0023).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from django.db.models import Max, Q, Sum

from gonghui.orgs.models import ResponsibleUnit
from gonghui.services.models import Visit

from .models import MonthTally
from .summary import assigned_keys, level_for, refresh

FIGURE_KEYS = (
    "visits", "enterprises_visited", "unions_visited", "model_workers_visited",
    "households_visited", "items", "difficulties", "difficulty_person_times", "needs",
    "problems", "resolved", "escalated", "open", "closed", "overdue",
)


def dashboard_summary(union, *, today: dt.date) -> dict | None:
    """Everything the dashboard shows of a scope union whose roll-ups read the tallies
    (above the deepest level of ``REPORT_SUMMARY_DEPTHS``: a county and above, or the
    all-unions stand-in), from ONE query on the tallies (grouped by key over every
    month), after :func:`~gonghui.reports.summary.refresh`:

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
    for rec in (
        MonthTally.objects.filter(level=level, bucket_id__in=buckets)
        .exclude(key__in=("lo", *assigned_keys()))
        .values("key")
        .annotate(
            total=Sum("n", filter=~Q(key="due") | Q(day__lt=today)),
            this_month=Sum("n", filter=Q(month=month)),
            last_day=Max("day", filter=Q(month=month)),
        )
    ):
        key, total = rec["key"], rec["total"] or 0
        if key == "hi":
            last_day = rec["last_day"] if last_day is None or (
                rec["last_day"] and rec["last_day"] > last_day) else last_day
            continue
        if key == "due":
            overdue += total
            acc.own["overdue"] += total
            continue
        if key.startswith("i."):
            _i, status, kind = key.split(".", 2)
            counts[(status, kind)] += total
        elif key.startswith("v."):
            month_visits += rec["this_month"] or 0
        if key.startswith("c."):
            continue  # categories: not shown on the dashboard
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
