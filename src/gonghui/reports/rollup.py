"""Roll-ups of the three-services figures over a union subtree, child by child.

A roll-up lists, for a union and a period, one row per child union (each child's whole
subtree), one row for the records the union keeps itself, and the total; and the same
for the period a year before. Every table is read in ONE grouped query keyed by the
child's path prefix (``Substr(union.path, 1, len(union.path) + steplen)``: the records of
a child's subtree share the child's path as prefix, the union's own records have the
union's path), so the number of SQL queries does not depend on the number of children
or of rows (``tests/reports/test_rollup.py`` counts them).

Counting rules are those of :mod:`gonghui.services.selectors` (GLOSSARY.md): items
found exclude rejected and merged ones; difficulties count person-times; resolved and
escalated go by ``outcome``; enterprises, unions, model workers and households visited
are counted once each per row (the total counts each once across the whole subtree, so
it can be less than the sum of the children when two children visited the same one).

Figures of one row (a dict, JSON-able):

- ``visits`` and ``visits_by_target`` (target type code -> visits);
- ``enterprises_visited``, ``unions_visited``, ``model_workers_visited``,
  ``households_visited`` (distinct targets);
- ``items`` (found), ``difficulties``, ``difficulty_person_times``, ``needs``,
  ``problems``; ``items_by_kind`` (kind code -> found items), ``items_by_category``
  (category name -> found items), ``items_by_status`` (status code -> all items,
  rejected and merged included);
- ``resolved``, ``escalated``, ``open``, ``closed``, ``overdue`` (on the clock and past
  the deadline as of ``today``);
- ``resolution_rate``: resolved ÷ found items, in percent with one decimal, ``None``
  when no item was found;
- ``median_days_to_resolve``: median of (local date of ``resolved_at`` − local date of
  ``assigned_at``, or ``found_on`` when never assigned), in days, over the items resolved
  (outcome resolved), ``None`` when there are none.

The period filters visits by ``date`` and items by ``found_on`` (dates in Asia/Shanghai).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.orgs.models import Union
from gonghui.services.models import Category, Item, Visit
from gonghui.services.selectors import overdue_q, subtree_items, subtree_visits

from .periods import Period

FOUND = ~Q(status__in=[Item.Status.REJECTED, Item.Status.MERGED])

#: The figures of a row whose values are plain counts (summed from child rows).
COUNT_KEYS = (
    "visits",
    "items",
    "difficulties",
    "difficulty_person_times",
    "needs",
    "problems",
    "resolved",
    "escalated",
    "open",
    "closed",
    "overdue",
)
DISTINCT_KEYS = (
    "enterprises_visited",
    "unions_visited",
    "model_workers_visited",
    "households_visited",
)


def empty_row() -> dict[str, Any]:
    """A row with every figure zero (rates and medians ``None``)."""
    row: dict[str, Any] = {key: 0 for key in COUNT_KEYS + DISTINCT_KEYS}
    row.update(
        visits_by_target={code: 0 for code in Visit.TargetType.values},
        items_by_kind={code: 0 for code in Item.Kind.values},
        items_by_category={},
        items_by_status={code: 0 for code in Item.Status.values},
        resolution_rate=None,
        median_days_to_resolve=None,
    )
    return row


def all_unions_root() -> SimpleNamespace:
    """A stand-in root above every union (path ``""``) for a superuser without a union."""
    from django.utils.translation import gettext as _

    return SimpleNamespace(pk=None, path="", depth=0, name=_("All unions"))


def children_of(union) -> list[Union]:
    """The unions directly below ``union`` (the roots for the all-unions stand-in), in
    path order (treebeard orders siblings by name)."""
    return list(
        Union.objects.filter(path__startswith=union.path, depth=union.depth + 1).order_by("path")
    )


def _prefixed(qs: QuerySet, union, lookup: str = "union__path") -> QuerySet:
    length = len(union.path) + Union.steplen
    return qs.order_by().annotate(prefix=Substr(lookup, 1, length))


def _visit_distinct_aggregates() -> dict:
    T = Visit.TargetType
    return {
        "enterprises_visited": Count("enterprise", distinct=True, filter=Q(target_type=T.ENTERPRISE)),
        "unions_visited": Count("target_union", distinct=True, filter=Q(target_type=T.UNION)),
        "model_workers_visited": Count("worker", distinct=True, filter=Q(target_type=T.MODEL_WORKER)),
        "households_visited": Count("worker", distinct=True, filter=Q(target_type=T.HOUSEHOLD)),
    }


def _days_to_resolve(assigned_at, resolved_at, found_on) -> int:
    start = timezone.localtime(assigned_at).date() if assigned_at else found_on
    return (timezone.localtime(resolved_at).date() - start).days


def _finish(row: dict, days: list[int]) -> dict:
    if row["items"]:
        row["resolution_rate"] = round(100 * row["resolved"] / row["items"], 1)
    if days:
        median = statistics.median(days)
        row["median_days_to_resolve"] = int(median) if median == int(median) else median
    return row


def rollup_rows(union, period: Period, *, today: dt.date) -> dict[str, Any]:
    """The services roll-up of ``union``'s subtree for ``period``: ``{"children": [...],
    "own": {...}, "total": {...}}``; each child entry is ``{"union", "union_id", "path",
    "figures"}``, ``own`` and ``total`` are rows (see the module docstring). Five SQL
    queries (children, visits by child, visits in total, items by child, resolution
    times) whatever the number of children or records."""
    children = children_of(union)
    rows: dict[str, dict] = {child.path: empty_row() for child in children}
    own = empty_row()
    total = empty_row()

    def row_for(prefix: str) -> dict | None:
        if prefix == union.path:
            return own
        return rows.get(prefix)

    T = Visit.TargetType
    visits = subtree_visits(union, period.date_from, period.date_to)
    for rec in _prefixed(visits, union).values("prefix").annotate(
        visits=Count("id"),
        **{f"t_{code}": Count("id", filter=Q(target_type=code)) for code in T.values},
        **_visit_distinct_aggregates(),
    ):
        row = row_for(rec["prefix"])
        if row is None:
            continue
        row["visits"] = rec["visits"]
        for code in T.values:
            row["visits_by_target"][code] = rec[f"t_{code}"]
        for key in DISTINCT_KEYS:
            row[key] = rec[key]
    total.update(visits.order_by().aggregate(**_visit_distinct_aggregates()))

    items = subtree_items(union, period.date_from, period.date_to)
    K = Item.Kind
    grouped = (
        _prefixed(items, union)
        .values("prefix", "kind", "category__name", "status", "outcome")
        .annotate(
            n=Count("id"),
            persons=Sum("persons_affected", default=0),
            overdue=Count("id", filter=overdue_q(today)),
        )
    )
    for rec in grouped:
        row = row_for(rec["prefix"])
        for target in (row, total) if row is not None else (total,):
            _add_item_group(target, rec, K)

    days: dict[str, list[int]] = defaultdict(list)
    resolved = _prefixed(items.filter(outcome=Item.Outcome.RESOLVED, resolved_at__isnull=False), union)
    for prefix, assigned_at, resolved_at, found_on in resolved.values_list(
        "prefix", "assigned_at", "resolved_at", "found_on"
    ):
        n = _days_to_resolve(assigned_at, resolved_at, found_on)
        days[prefix].append(n)
        days["\x00total"].append(n)

    for row in [*rows.values(), own]:
        total["visits"] += row["visits"]
        for code, n in row["visits_by_target"].items():
            total["visits_by_target"][code] += n
    return {
        "children": [
            {
                "union": child.name,
                "union_id": child.pk,
                "path": child.path,
                "figures": _finish(rows[child.path], days.get(child.path, [])),
            }
            for child in children
        ],
        "own": _finish(own, days.get(union.path, [])),
        "total": _finish(total, days.get("\x00total", [])),
    }


def _add_item_group(row: dict, rec: dict, K) -> None:
    n = rec["n"]
    row["items_by_status"][rec["status"]] = row["items_by_status"].get(rec["status"], 0) + n
    if rec["outcome"] == Item.Outcome.RESOLVED:
        row["resolved"] += n
    elif rec["outcome"] == Item.Outcome.ESCALATED:
        row["escalated"] += n
    if rec["status"] in Item.OPEN_STATUSES:
        row["open"] += n
    elif rec["status"] == Item.Status.CLOSED:
        row["closed"] += n
    row["overdue"] += rec["overdue"]
    if rec["status"] in (Item.Status.REJECTED, Item.Status.MERGED):
        return
    row["items"] += n
    row["items_by_kind"][rec["kind"]] += n
    name = rec["category__name"]
    row["items_by_category"][name] = row["items_by_category"].get(name, 0) + n
    if rec["kind"] == K.DIFFICULTY:
        row["difficulties"] += n
        row["difficulty_person_times"] += rec["persons"]
    elif rec["kind"] == K.NEED:
        row["needs"] += n
    else:
        row["problems"] += n


def need_categories(union, period: Period) -> list[str]:
    """Names of the top-level categories of the needs found in the period, in taxonomy
    order (e.g. ``["民生服务", "精神文化"]``): the words of the brief's "掌握……类具体需求".
    One query."""
    qs = (
        subtree_items(union, period.date_from, period.date_to)
        .filter(FOUND, kind=Item.Kind.NEED)
        .order_by()
        .values(
            "category__name",
            "category__sort_order",
            "category__parent__name",
            "category__parent__sort_order",
        )
        .distinct()
    )
    tops: dict[str, int] = {}
    for rec in qs:
        if rec["category__parent__name"]:
            tops[rec["category__parent__name"]] = rec["category__parent__sort_order"]
        else:
            tops[rec["category__name"]] = rec["category__sort_order"]
    return [name for name, _order in sorted(tops.items(), key=lambda kv: (kv[1], kv[0]))]


def trend_by_month(union, period: Period) -> list[dict]:
    """Visits and items found per calendar month of the period: ``[{"month": "2026-01",
    "visits": n, "items": n}, ...]`` in month order, months without records left out.
    Two queries, grouped by day and folded into months here (a date-trunc function
    runs per row, in Python on SQLite; at most 366 days a year come back)."""
    months: dict[str, dict] = {}

    def bucket(day: dt.date) -> dict:
        key = f"{day.year:04d}-{day.month:02d}"
        return months.setdefault(key, {"month": key, "visits": 0, "items": 0})

    for rec in (
        subtree_visits(union, period.date_from, period.date_to)
        .order_by()
        .values("date")
        .annotate(n=Count("id"))
    ):
        bucket(rec["date"])["visits"] += rec["n"]
    for rec in (
        subtree_items(union, period.date_from, period.date_to)
        .filter(FOUND)
        .order_by()
        .values("found_on")
        .annotate(n=Count("id"))
    ):
        bucket(rec["found_on"])["items"] += rec["n"]
    return [months[key] for key in sorted(months)]


def overdue_by_unit(union, period: Period, *, today: dt.date) -> list[dict]:
    """Overdue items of the subtree found in the period, per responsible unit:
    ``[{"unit": name, "overdue": n}, ...]``, most overdue first. One query."""
    qs = (
        subtree_items(union, period.date_from, period.date_to)
        .filter(overdue_q(today))
        .order_by()
        .values("responsible_unit__name")
        .annotate(n=Count("id"))
    )
    rows = [{"unit": rec["responsible_unit__name"] or "—", "overdue": rec["n"]} for rec in qs]
    return sorted(rows, key=lambda r: (-r["overdue"], r["unit"]))


def unit_tree(union, period: Period, *, today: dt.date, levels: int = 2) -> dict:
    """The union and its subtree down to ``levels`` levels below it, as nested
    ``{"name", "value": open items, "overdue", "share": overdue ÷ open items (0–1),
    "children": [...]}`` for a tree chart coloured by overdue share. Items are those
    found in the period; a node's figures cover its whole subtree. Two queries."""
    depth = union.depth
    nodes = list(
        Union.objects.filter(
            path__startswith=union.path, depth__gt=depth, depth__lte=depth + levels
        ).order_by("path").values("path", "name", "depth")
    )
    length = len(union.path) + levels * Union.steplen
    counts: dict[str, tuple[int, int]] = {}
    for rec in (
        subtree_items(union, period.date_from, period.date_to)
        .filter(status__in=Item.OPEN_STATUSES)
        .order_by()
        .annotate(prefix=Substr("union__path", 1, length))
        .values("prefix")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q(today)))
    ):
        counts[rec["prefix"]] = (rec["open"], rec["overdue"])

    root = {"name": union.name, "path": union.path, "children": []}
    by_path = {union.path: root}
    for node in nodes:
        entry = {"name": node["name"], "path": node["path"], "children": []}
        by_path[node["path"]] = entry
        parent = by_path.get(node["path"][: -Union.steplen])
        if parent is not None:
            parent["children"].append(entry)

    def fill(entry: dict) -> tuple[int, int]:
        # A node's own records are grouped under its path (shorter than the prefix);
        # a node on the deepest level has its whole subtree grouped under its path.
        open_, overdue = counts.get(entry["path"], (0, 0))
        for child in entry["children"]:
            o, d = fill(child)
            open_ += o
            overdue += d
        entry["value"] = open_
        entry["overdue"] = overdue
        entry["share"] = round(overdue / open_, 3) if open_ else 0
        if not entry["children"]:
            del entry["children"]
        del entry["path"]
        return open_, overdue

    fill(root)
    return root


def services_rollup(union, period: Period, *, today: dt.date | None = None) -> dict:
    """Everything the services report shows: the roll-up of ``period`` and of the same
    period a year before (``current`` and ``previous``, see :func:`rollup_rows`), the
    two periods, the need categories of the brief, the monthly trend, overdue by
    responsible unit and the unit tree. A constant number of SQL queries."""
    today = today or timezone.localdate()
    previous = period.previous_year(today)
    return {
        "union": union.name,
        "period": period,
        "previous_period": previous,
        "current": rollup_rows(union, period, today=today),
        "previous": rollup_rows(union, previous, today=today),
        "need_categories": need_categories(union, period),
        "trend": trend_by_month(union, period),
        "overdue_by_unit": overdue_by_unit(union, period, today=today),
        "tree": unit_tree(union, period, today=today),
        "categories": list(Category.objects.values_list("name", flat=True)),
    }
