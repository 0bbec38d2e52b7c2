"""The dashboard's counts from the report summary tables (a county and above).

The dashboard (``gonghui.services.views.dashboard``) shows the items of the user's
scope by status and kind, the number overdue and this month's visits. Items in scope
are those owned by a union of the subtree *or* assigned to a responsible unit of it
(:mod:`gonghui.core.scope`); the tallies hold the first kind, so the few items owned
outside and assigned in are counted from the records (one query on the responsible
unit index). Visits in scope are those of the subtree's unions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from gonghui.orgs.models import Union
from gonghui.services.models import Item, Visit
from gonghui.services.selectors import overdue_q

from .models import MonthTally
from .summary import level_for, refresh


def dashboard_counts(union, *, today: dt.date, refreshed: bool = False) -> dict | None:
    """For a scope union whose roll-ups read the tallies (above the deepest level of
    ``REPORT_SUMMARY_DEPTHS``: a county and above, or the all-unions stand-in):
    ``{"by_status_kind": Counter((status, kind) -> items in scope), "overdue": n,
    "month_visits": n, "as_of": datetime}``; None at or below that depth (the dashboard
    then counts the records). Two queries whatever the size of the subtree, after
    :func:`~gonghui.reports.summary.refresh` (skipped with ``refreshed``: the caller just
    brought the tallies up to date)."""
    level = level_for(union)
    if level is None:
        return None
    as_of = timezone.now() if refreshed else refresh()["as_of"]
    path = union.path
    month = today.replace(day=1)
    buckets = Union.objects.filter(path__startswith=path, depth__lte=level).values("pk")
    rows = (
        MonthTally.objects.filter(level=level, bucket_id__in=buckets)
        .filter(Q(key__startswith="i.") | Q(key__startswith="v.") | Q(key="due") | Q(key="hi"))
        .values("key")
        .annotate(
            total=Sum("n", filter=~Q(key="due") | Q(day__lt=today)),
            this_month=Sum("n", filter=Q(month=month)),
            last_day=Max("day", filter=Q(month=month)),
        )
    )
    counts: Counter = Counter()
    overdue = month_visits = 0
    last_day = None
    for rec in rows:
        key = rec["key"]
        if key.startswith("i."):
            _i, status, kind = key.split(".", 2)
            counts[(status, kind)] += rec["total"] or 0
        elif key == "due":
            overdue += rec["total"] or 0
        elif key.startswith("v."):
            month_visits += rec["this_month"] or 0
        elif key == "hi":
            last_day = rec["last_day"]
    # Items owned outside the subtree and assigned to one of its responsible units.
    assigned_in = Item.objects.filter(responsible_unit__union__path__startswith=path).exclude(
        union__path__startswith=path)
    for rec in assigned_in.order_by().values("status", "kind").annotate(
        n=Count("id"), late=Count("id", filter=overdue_q(today))
    ):
        counts[(rec["status"], rec["kind"])] += rec["n"]
        overdue += rec["late"]
    if last_day and last_day > today:  # records dated after today this month
        month_visits = Visit.objects.filter(
            union__path__startswith=path, date__gte=month, date__lte=today).count()
    return {"by_status_kind": counts, "overdue": overdue, "month_visits": month_visits,
            "as_of": as_of}
