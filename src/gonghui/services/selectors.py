"""Reads of the main job: the figures of a union subtree over a period.

Counting rules (GLOSSARY.md): difficulties are counted in person-times (人次, the sum of
``persons_affected``), needs and problems in items (件次). Rejected and merged items are
not counted as found. An item counts as resolved or escalated by its ``outcome``,
whether or not it has been closed out (销号) since. Households are counted once each
(户), enterprises once each (家) however often visited.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db.models import Count, F, Lookup, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.orgs.models import Union

from .models import Item, Visit


class ServiceFigures(TypedDict):
    """The figures of :func:`service_figures`; the keys are the JSON report's keys."""

    union: str
    date_from: str | None
    date_to: str | None
    visits: int
    enterprises_visited: int
    unions_visited: int
    model_workers_visited: int
    households_visited: int
    items: int
    difficulties: int
    difficulty_person_times: int
    needs: int
    problems: int
    resolved: int
    escalated: int
    open: int
    closed: int
    overdue: int
    clock: list[dict]


def subtree_visits(union: Union, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Visit]:
    """Visits recorded by ``union`` or any union below it, dated within the period."""
    qs = Visit.objects.filter(union__path__startswith=union.path)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs


def subtree_items(union: Union, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Item]:
    """Items owned by ``union`` or any union below it, found within the period."""
    qs = Item.objects.filter(union__path__startswith=union.path)
    if date_from:
        qs = qs.filter(found_on__gte=date_from)
    if date_to:
        qs = qs.filter(found_on__lte=date_to)
    return qs


def overdue_q(today: dt.date) -> Q:
    """Items past their deadline and not yet resolved or escalated (超期)."""
    return Q(status__in=Item.CLOCK_STATUSES, deadline__lt=today)


def service_figures(
    union: Union,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
    with_clock: bool = True,
) -> ServiceFigures:
    """The 三服务 figures of ``union``'s subtree for a period (both ends inclusive; None
    for open-ended), in two SQL queries whatever the number of rows, plus under
    ``clock`` the :func:`clock_figures` per responsible unit (``with_clock=False``
    leaves them out, an empty list, for the dashboard)."""
    today = today or timezone.localdate()
    from gonghui.reports.summary import uses_summary

    if uses_summary(union):
        # Above county level the report summary tables answer (gonghui.reports.summary).
        from gonghui.reports.periods import Period
        from gonghui.reports.rollup import subtree_totals

        total = subtree_totals(union, Period(date_from, date_to), today=today)
        return ServiceFigures(
            union=union.name,
            date_from=date_from.isoformat() if date_from else None,
            date_to=date_to.isoformat() if date_to else None,
            **{key: total[key] for key in ServiceFigures.__annotations__
               if key not in ("union", "date_from", "date_to", "clock")},
            clock=clock_figures(union, date_from, date_to, today=today) if with_clock else [],
        )
    T = Visit.TargetType
    visits = subtree_visits(union, date_from, date_to).aggregate(
        visits=Count("id"),
        enterprises_visited=Count("enterprise", distinct=True, filter=Q(target_type=T.ENTERPRISE)),
        unions_visited=Count("target_union", distinct=True, filter=Q(target_type=T.UNION)),
        model_workers_visited=Count("worker", distinct=True, filter=Q(target_type=T.MODEL_WORKER)),
        households_visited=Count("worker", distinct=True, filter=Q(target_type=T.HOUSEHOLD)),
    )
    found = ~Q(status__in=[Item.Status.REJECTED, Item.Status.MERGED])
    K = Item.Kind
    items = subtree_items(union, date_from, date_to).aggregate(
        items=Count("id", filter=found),
        difficulties=Count("id", filter=found & Q(kind=K.DIFFICULTY)),
        difficulty_person_times=Sum("persons_affected", filter=found & Q(kind=K.DIFFICULTY), default=0),
        needs=Count("id", filter=found & Q(kind=K.NEED)),
        problems=Count("id", filter=found & Q(kind=K.PROBLEM)),
        resolved=Count("id", filter=Q(outcome=Item.Outcome.RESOLVED)),
        escalated=Count("id", filter=Q(outcome=Item.Outcome.ESCALATED)),
        open=Count("id", filter=Q(status__in=Item.OPEN_STATUSES)),
        closed=Count("id", filter=Q(status=Item.Status.CLOSED)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    return ServiceFigures(
        union=union.name,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        **visits,
        **items,
        clock=clock_figures(union, date_from, date_to, today=today) if with_clock else [],
    )


def clock_figures(union: Union, date_from: dt.date | None, date_to: dt.date | None, *,
                  today: dt.date | None = None) -> list[dict]:
    """Clock quality per responsible unit for the items of ``union``'s subtree found in
    the period, one dict per unit (sorted by name): ``items`` ever assigned to it;
    ``finished`` (resolved or escalated by it); ``overdue_open`` (its items still on the
    clock whose deadline is before ``today``, default the local date); ``on_time_rate``
    (items finished on or before the deadline, over the finished items with a deadline
    plus the open overdue ones: an item left unfinished past its deadline counts as
    late, not as nothing; None when both are none);
    ``median_working_days`` from assignment to finishing; ``extensions_per_item`` and
    ``returns_per_item`` (requests made, returns 退回 by the unit); ``last_day_share``
    (share of finished items finished on the deadline day itself). Units are named as
    at assignment (a returned item no longer has its unit). Three queries plus one per
    year with an entered holiday schedule."""
    import statistics
    from collections import defaultdict

    from django.utils import timezone

    from .models import ExtensionRequest, ItemEvent
    from .workdays import working_days_between

    today = today or timezone.localdate()
    base = subtree_items(union, date_from, date_to)
    rows: dict[str, dict] = defaultdict(lambda: {"items": set(), "returns": 0, "extensions": 0,
                                                 "finished": [], "overdue_open": 0})
    for event in ItemEvent.objects.filter(item__in=base, action__in=("assign", "return")).only(
        "item_id", "action", "data"
    ):
        name = (event.data or {}).get("unit")
        if not name:
            continue
        rows[name]["items"].add(event.item_id)
        if event.action == "return":
            rows[name]["returns"] += 1
    current = {}
    for item in base.filter(responsible_unit__isnull=False).select_related("responsible_unit"):
        name = item.responsible_unit.name
        current[item.pk] = name
        rows[name]["items"].add(item.pk)
        if item.resolved_at and item.assigned_at:
            rows[name]["finished"].append(item)
        elif (item.status in Item.CLOCK_STATUSES and item.deadline
              and item.deadline < today):
            rows[name]["overdue_open"] += 1
    for ext in ExtensionRequest.objects.filter(item__in=base).only("item_id"):
        if ext.item_id in current:
            rows[current[ext.item_id]]["extensions"] += 1
    cache: dict = {}
    result = []
    for name in sorted(rows):
        row = rows[name]
        n = len(row["items"])
        finished = row["finished"]
        with_deadline = [i for i in finished if i.deadline]
        judged = len(with_deadline) + row["overdue_open"]
        done_day = {i.pk: timezone.localdate(i.resolved_at) for i in finished}
        days = [
            working_days_between(timezone.localdate(i.assigned_at), done_day[i.pk], cache)[0]
            for i in finished
        ]
        result.append({
            "unit": name,
            "items": n,
            "finished": len(finished),
            "overdue_open": row["overdue_open"],
            "on_time_rate": round(sum(done_day[i.pk] <= i.deadline for i in with_deadline)
                                  / judged, 3) if judged else None,
            "median_working_days": statistics.median(days) if days else None,
            "extensions_per_item": round(row["extensions"] / n, 2) if n else 0,
            "returns_per_item": round(row["returns"] / n, 2) if n else 0,
            "last_day_share": round(sum(done_day[i.pk] == i.deadline for i in with_deadline)
                                    / len(with_deadline), 3) if with_deadline else None,
        })
    return result


def due_soon_q(today: dt.date) -> Q:
    """Items on the clock whose deadline is today or within the next 3 working days
    (``working_days_between(today, deadline) <= 3``): deadline before the 4th working
    day after ``today`` (Chinese working days, :mod:`gonghui.services.workdays`)."""
    from .workdays import add_working_days

    horizon = add_working_days(today, 4).date
    return Q(status__in=Item.CLOCK_STATUSES, deadline__gte=today, deadline__lt=horizon)


class InLiterals(Lookup):
    """``column IN ('a', 'b')`` with the values written into the SQL (fixed code words,
    checked to be ``[a-z_]+``), not as parameters: SQLite uses a partial index only when
    the query's condition matches the index's, and a parameter never matches a literal
    (with parameters the open-items list by deadline scanned the table: 2.5 s)."""

    lookup_name = "in_literals"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        import re

        lhs, params = compiler.compile(self.lhs)
        values = getattr(self.rhs, "value", self.rhs)
        if not values or not all(re.fullmatch(r"[a-z_]+", str(v)) for v in values):
            raise ValueError("InLiterals takes code words only")
        return f"{lhs} IN ({', '.join(repr(str(v)) for v in values)})", params


def item_list(
    items: QuerySet[Item],
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    category=None,
    team=None,
    unit=None,
    overdue: bool = False,
    due_soon: bool = False,
    co_handled_by=None,
    today: dt.date | None = None,
) -> QuerySet[Item]:
    """``items`` (already limited to a user's scope) filtered for the item list and its
    export, with everything a row shows joined in (no query per row). ``q`` matches the
    subject or description (case-insensitive substring); ``status`` is one status or
    ``"open"`` for any of :attr:`Item.OPEN_STATUSES`; ``co_handled_by`` (a user) keeps
    the items with a co-handling unit (协办) in that user's scope."""
    today = today or timezone.localdate()
    if q:
        items = items.filter(Q(subject__icontains=q) | Q(description__icontains=q))
    if status == "open":
        items = items.filter(Q(InLiterals(F("status"), list(Item.OPEN_STATUSES))))
    elif status:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    if category is not None:
        items = items.filter(category=category)
    if team is not None:
        items = items.filter(visit__team=team)
    if unit is not None:
        items = items.filter(responsible_unit=unit)
    if overdue:
        items = items.filter(overdue_q(today))
    if due_soon:
        items = items.filter(due_soon_q(today))
    if co_handled_by is not None:
        from .models import CoHandlingUnit

        items = items.filter(
            pk__in=CoHandlingUnit.objects.visible_to(co_handled_by).values("item_id")
        )
    return items.select_related(*ITEM_LIST_RELATED)


#: What a row of the item list and of its export shows besides the item's own fields.
ITEM_LIST_RELATED = (
    "union",
    "category",
    "responsible_unit",
    "visit__team",
    "visit__enterprise",
    "visit__target_union",
    "visit__worker",
)
