"""Roll-ups of the three-services figures over a union subtree, child by child.

A roll-up lists, for a union and a period, one row per child union (each child's whole
subtree), one row for the records the union keeps itself, and the total; and the same
for the period a year before.

Two ways to the same figures (``tests/reports/test_summary.py`` proves them equal):

- above the deepest level of ``REPORT_SUMMARY_DEPTHS`` (a county, a city, the
  province, all unions) from the monthly tallies of the level just below the union (a
  county reads its towns' tallies, a city and the province the counties';
  :mod:`gonghui.reports.summary`, brought up to date first): one query sums them per bucket and key for the months of the period, and the days of a
  month the period cuts are read from the records when the tallies cannot answer them;
- at or below it (a town, a grassroots union) from the records: every table in ONE grouped query
  keyed by the child's path prefix (``Substr(union.path, 1, len(union.path) +
  steplen)``: the records of a child's subtree share the child's path as prefix, the
  union's own records have the union's path).

Either way the number of SQL queries does not depend on the number of children or of
rows (``tests/reports/test_rollup.py`` and ``test_summary.py`` count them). The distinct
targets visited are always read from the visits (no sum of monthly counts gives them);
the median days to resolve comes from a histogram (``d.<days>`` tallies, or days
grouped in SQL), never from a list of items.

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
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.orgs.models import ResponsibleUnit, Union
from gonghui.services.models import Category, Item, Visit
from gonghui.services.selectors import overdue_q

from .models import MonthTally
from .periods import Period
from .summary import assigned_keys, days_to_resolve_sql, level_for, month_start, next_month, refresh

FOUND = ~Q(status__in=[Item.Status.REJECTED, Item.Status.MERGED])
NOT_FOUND = (Item.Status.REJECTED, Item.Status.MERGED)
NEVER = dt.date(1, 1, 1)  # a date filter "< NEVER" matches nothing but still runs

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
KIND_COUNT = {
    Item.Kind.DIFFICULTY: "difficulties",
    Item.Kind.NEED: "needs",
    Item.Kind.PROBLEM: "problems",
}


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


# --- what a roll-up reads ---------------------------------------------------------------


@dataclass
class Scope:
    """A union, its children and, when its roll-ups read the tallies, the buckets of its
    subtree (``{id: path}``) and the unions of the chart tree. One query."""

    union: Any
    summary: bool
    children: list[dict]
    level: int | None = None
    buckets: dict[int, str] = field(default_factory=dict)
    tree_nodes: list[dict] = field(default_factory=list)
    tree_levels: int = 2

    @classmethod
    def of(cls, union) -> Scope:
        depth = getattr(union, "depth", 0)
        if not hasattr(union, "depth"):
            union = SimpleNamespace(pk=getattr(union, "pk", None), path=union.path, depth=0,
                                    name=union.name)
        level = level_for(union)
        summary = level is not None
        levels = min(2, level - depth) if summary else 2
        deepest = level if summary else depth + levels
        nodes = list(
            Union.objects.filter(path__startswith=union.path, depth__gt=depth, depth__lte=deepest)
            .order_by("path").values("pk", "path", "name", "depth")
        )
        scope = cls(union, summary, [n for n in nodes if n["depth"] == depth + 1], level=level,
                    tree_levels=levels,
                    tree_nodes=[n for n in nodes if n["depth"] <= depth + levels])
        if summary:
            scope.buckets = {n["pk"]: n["path"] for n in nodes}
            if getattr(union, "pk", None):
                scope.buckets[union.pk] = union.path
        return scope

    def child_of(self, path: str) -> str:
        """The child prefix of a record's (or bucket's) union path; the union's own
        path for its own records."""
        return path[: len(self.union.path) + Union.steplen]

    def node_of(self, path: str) -> str:
        """The chart-tree node prefix of a path."""
        return path[: len(self.union.path) + self.tree_levels * Union.steplen]


@dataclass
class Split:
    """How a period is read: the months whose tallies cover it (``months``: first and
    last month, None for open; ``None`` for no month) and the day ranges read from the
    records (``live``: list of (first, last) dates)."""

    months: tuple[dt.date | None, dt.date | None] | None
    live: list[tuple[dt.date | None, dt.date | None]]
    edges: bool = False  # the period cuts a month: which way it is read depends on data


def _month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def split_period(scope: Scope, period: Period) -> Split:
    """Which months of ``period`` the tallies answer and which days the records must.
    A month the period covers only in part is read from the tallies when the records of
    the scope in that month all lie within the period (``lo``/``hi`` tallies, one query
    when the period cuts a month), else from the records for those days."""
    a, b = period.date_from, period.date_to
    if a and b and a > b:
        return Split(None, [], False)
    first = month_start(a) if a else None
    last = month_start(b) if b else None
    edges = set()
    if a and a.day != 1:
        edges.add(first)
    if b and b != _month_end(last):
        edges.add(last)
    usable = {}
    if edges:
        spans: dict[dt.date, list] = {m: [None, None] for m in edges}
        for rec in (
            MonthTally.objects.filter(level=scope.level, bucket_id__in=scope.buckets, month__in=edges,
                                      key__in=("lo", "hi"))
            .values("month", "key", "day")
        ):
            span = spans[rec["month"]]
            if rec["key"] == "lo":
                span[0] = rec["day"] if span[0] is None else min(span[0], rec["day"])
            else:
                span[1] = rec["day"] if span[1] is None else max(span[1], rec["day"])
        for m, (lo, hi) in spans.items():
            start, end = max(a or m, m), min(b or _month_end(m), _month_end(m))
            usable[m] = lo is None or (lo >= start and hi <= end)
    live = []
    lo_month, hi_month = first, last
    if first in edges and not usable[first]:
        lo_month = next_month(first)
        live.append((a, min(b, _month_end(first)) if b else _month_end(first)))
    if last in edges and not usable[last]:
        hi_month = month_start(last - dt.timedelta(days=1))
        if last != first or first not in edges:  # else the range above covers it
            live.append((max(a, last) if a else last, b))
    if lo_month and hi_month and lo_month > hi_month:
        return Split(None, live, bool(edges))
    return Split((lo_month, hi_month), live, bool(edges))


def _ranges_q(field_name: str, ranges) -> Q:
    q = Q(**{f"{field_name}__lt": NEVER})
    for start, end in ranges:
        if start is None and end is None:
            return Q()
        part = Q()
        if start:
            part &= Q(**{f"{field_name}__gte": start})
        if end:
            part &= Q(**{f"{field_name}__lte": end})
        q |= part
    return q


def _subtree_q(union) -> Q:
    return Q(union__path__startswith=union.path)


def _period_ranges(period: Period) -> list:
    return [(period.date_from, period.date_to)]


# --- adding figures into rows -------------------------------------------------------------


class Acc:
    """The rows of one roll-up while they are summed: one per child prefix, ``own``,
    and day histograms per row (the medians are read from them at the end)."""

    def __init__(self, scope: Scope, categories: dict[int, dict]):
        self.scope = scope
        self.categories = categories
        self.rows: dict[str, dict] = {c["path"]: empty_row() for c in scope.children}
        self.own = empty_row()
        self.days: dict[str, Counter] = {}
        self.need_categories: set[int] = set()

    def day_counts(self, prefix: str) -> Counter:
        """The histogram of days to resolve of the row ``prefix``."""
        counts = self.days.get(prefix)
        if counts is None:
            counts = self.days[prefix] = Counter()
        return counts

    def row(self, prefix: str) -> tuple[str, dict] | tuple[None, None]:
        if prefix == self.scope.union.path:
            return prefix, self.own
        row = self.rows.get(prefix)
        return (prefix, row) if row is not None else (None, None)

    def add_items(self, row: dict, status: str, kind: str, n: int) -> None:
        row["items_by_status"][status] = row["items_by_status"].get(status, 0) + n
        if status in Item.OPEN_STATUSES:
            row["open"] += n
        elif status == Item.Status.CLOSED:
            row["closed"] += n
        if status in NOT_FOUND:
            return
        row["items"] += n
        row["items_by_kind"][kind] = row["items_by_kind"].get(kind, 0) + n
        row[KIND_COUNT.get(kind, "problems")] += n

    def add_category(self, row: dict, kind: str, category_id: int, n: int) -> None:
        name = self.categories.get(category_id, {}).get("name", str(category_id))
        row["items_by_category"][name] = row["items_by_category"].get(name, 0) + n
        if kind == Item.Kind.NEED and n:
            self.need_categories.add(category_id)

    def add_tally(self, path: str, key: str, n: int) -> None:
        prefix, row = self.row(self.scope.child_of(path))
        if row is None or not n:
            return
        head, _sep, rest = key.partition(".")
        if head == "v":
            row["visits"] += n
            row["visits_by_target"][rest] = row["visits_by_target"].get(rest, 0) + n
        elif head == "i":
            status, _s, kind = rest.partition(".")
            self.add_items(row, status, kind, n)
        elif head == "c":
            kind, _s, category = rest.partition(".")
            self.add_category(row, kind, int(category), n)
        elif head == "p":
            row["difficulty_person_times"] += n
        elif head == "o":
            row["resolved" if rest == Item.Outcome.RESOLVED else "escalated"] += n
        elif head == "d":
            self.day_counts(prefix)[int(rest)] += n

    def result(self, distinct: dict[str, dict], total_distinct: dict) -> dict:
        total = empty_row()
        rows = [*self.rows.values(), self.own]
        for row in rows:
            for key in COUNT_KEYS:
                total[key] += row[key]
            for group in ("visits_by_target", "items_by_kind", "items_by_status", "items_by_category"):
                for code, n in row[group].items():
                    total[group][code] = total[group].get(code, 0) + n
        for prefix, row in [*self.rows.items(), (self.scope.union.path, self.own)]:
            row.update(distinct.get(prefix, {}))
        total.update(total_distinct)
        all_days: Counter = Counter()
        for counter in self.days.values():
            all_days.update(counter)
        return {
            "children": [
                {
                    "union": child["name"],
                    "union_id": child["pk"],
                    "path": child["path"],
                    "figures": _finish(self.rows[child["path"]], self.days.get(child["path"])),
                }
                for child in self.scope.children
            ],
            "own": _finish(self.own, self.days.get(self.scope.union.path)),
            "total": _finish(total, all_days),
        }


def median_of(histogram: Counter | None) -> float | int | None:
    """The median of a histogram ``{value: count}`` (the mean of the two middle values
    for an even count, as :func:`statistics.median`); None when empty."""
    if not histogram:
        return None
    count = sum(histogram.values())
    if count <= 0:
        return None
    middle = [(count - 1) // 2, count // 2]
    found = []
    seen = 0
    for value in sorted(histogram):
        n = histogram[value]
        for target in middle:
            if seen <= target < seen + n:
                found.append(value)
        seen += n
        if len(found) == 2:
            break
    median = (found[0] + found[1]) / 2
    return int(median) if median == int(median) else median


def _finish(row: dict, days: Counter | None) -> dict:
    if row["items"]:
        row["resolution_rate"] = round(100 * row["resolved"] / row["items"], 1)
    row["median_days_to_resolve"] = median_of(days)
    return row


def distinct_targets(scope: Scope, period: Period | None, *, totals_only: bool = False) -> dict:
    """The distinct enterprises, unions, model workers and households visited in
    ``period`` (None: all time) per child row (``{"rows": {prefix: {figure: n}}}``,
    empty with ``totals_only``) and across the whole subtree (``"total"``), each target
    counted once per row: from the visits (no sum of monthly counts gives them; a table
    of the targets visited per bucket and month was measured no faster, decision 0023).
    One statement per part (two without ``totals_only``)."""
    union = scope.union
    a = period.date_from if period else None
    b = period.date_to if period else None
    whole = Visit.objects.filter(_subtree_q(union), _ranges_q("date", [(a, b)]))
    rows = {}
    if not totals_only:
        rows = {rec.pop("prefix"): rec
                for rec in _prefixed(whole, len(union.path) + Union.steplen).values("prefix")
                .annotate(**_visit_distinct_aggregates())}
    total = whole.order_by().aggregate(**_visit_distinct_aggregates())
    return {"rows": rows, "total": total}


def _visit_distinct_aggregates() -> dict:
    T = Visit.TargetType
    return {
        "enterprises_visited": Count("enterprise", distinct=True, filter=Q(target_type=T.ENTERPRISE)),
        "unions_visited": Count("target_union", distinct=True, filter=Q(target_type=T.UNION)),
        "model_workers_visited": Count("worker", distinct=True, filter=Q(target_type=T.MODEL_WORKER)),
        "households_visited": Count("worker", distinct=True, filter=Q(target_type=T.HOUSEHOLD)),
    }


class DaysToResolve(Func):
    """Whole days from ``assigned_at`` (or ``found_on`` when never assigned) to
    ``resolved_at``, local dates, as an integer: the SQL the tallies' histogram uses
    (:func:`gonghui.reports.summary.days_to_resolve_sql`; on SQLite a fixed-offset
    date modifier, not Django's per-row Python date function)."""

    output_field = IntegerField()

    def __init__(self):
        super().__init__(F("resolved_at"), F("assigned_at"), F("found_on"))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, p = compiler.compile(expression)
            parts.append(sql)
            params.append(list(p))
        sql, tz_params = days_to_resolve_sql(connection.vendor, *parts)
        # days_to_resolve_sql puts the zone after each of the first two columns.
        tz_end = tz_params[: len(tz_params) // 2]
        tz_start = tz_params[len(tz_params) // 2:]
        return sql, (*params[0], *tz_end, *params[1], *tz_start, *params[2])


def _days_expression():
    """Local date of ``resolved_at`` minus local date of ``assigned_at`` (or
    ``found_on``), whole days (an integer)."""
    return DaysToResolve()


def _prefixed(qs: QuerySet, length: int) -> QuerySet:
    return qs.order_by().annotate(prefix=Substr("union__path", 1, length))


# --- the roll-up ---------------------------------------------------------------------------


def _category_map() -> dict[int, dict]:
    return {
        rec["pk"]: rec
        for rec in Category.objects.values(
            "pk", "name", "sort_order", "parent__name", "parent__sort_order"
        )
    }


def _need_category_names(categories: dict[int, dict], ids: set[int]) -> list[str]:
    tops: dict[str, int] = {}
    for pk in ids:
        rec = categories.get(pk)
        if rec is None:
            continue
        if rec["parent__name"]:
            tops[rec["parent__name"]] = rec["parent__sort_order"]
        else:
            tops[rec["name"]] = rec["sort_order"]
    return [name for name, _order in sorted(tops.items(), key=lambda kv: (kv[1], kv[0]))]


def _rollup(scope: Scope, period: Period, today: dt.date, categories: dict, *, charts: bool,
            totals_only: bool = False) -> dict:
    """The rows (and, with ``charts``, the chart data) of ``scope`` for ``period``
    (``totals_only``: the distinct counts of the total only, not per child). A fixed
    number of queries at most for a given union level: with the tallies, the records are
    read only for the days of a month the period cuts that the tallies cannot answer
    (records of that month outside the period), else not at all (ten statements fewer
    for "this year so far")."""
    union = scope.union
    acc = Acc(scope, categories)
    child_len = len(union.path) + Union.steplen
    node_len = len(union.path) + scope.tree_levels * Union.steplen
    trend: dict[str, dict] = {}
    units: Counter = Counter()
    nodes: dict[str, list[int]] = {}

    def month_bucket(day: dt.date) -> dict:
        key = f"{day.year:04d}-{day.month:02d}"
        return trend.setdefault(key, {"month": key, "visits": 0, "items": 0})

    def node(prefix: str) -> list[int]:
        return nodes.setdefault(prefix, [0, 0])

    read_records = True
    if scope.summary:
        split = split_period(scope, period)
        live = split.live
        read_records = bool(live)
        tallies = MonthTally.objects.filter(level=scope.level, bucket_id__in=list(scope.buckets))
        if split.months is None:
            tallies = tallies.filter(month__lt=NEVER)
        else:
            lo, hi = split.months
            if lo:
                tallies = tallies.filter(month__gte=lo)
            if hi:
                tallies = tallies.filter(month__lte=hi)
        for rec in (
            tallies.exclude(key__in=("lo", "hi", *assigned_keys())).values("bucket_id", "key", "unit_id")
            .annotate(n=Sum("n", filter=~Q(key="due") | Q(day__lt=today)))
        ):
            path = scope.buckets[rec["bucket_id"]]
            n = rec["n"] or 0
            if rec["key"] == "due":  # on the clock and past the deadline: overdue
                _prefix, row = acc.row(scope.child_of(path))
                if row is not None:
                    row["overdue"] += n
                units[rec["unit_id"]] += n
                node(scope.node_of(path))[1] += n
                continue
            acc.add_tally(path, rec["key"], n)
            if charts and rec["key"].startswith("i."):
                status = rec["key"].split(".")[1]
                if status in Item.OPEN_STATUSES:
                    node(scope.node_of(path))[0] += n
        if charts:
            for rec in (
                tallies.filter(Q(key__startswith="v.") | Q(key__startswith="i."))
                .values("month", "key").annotate(n=Sum("n"))
            ):
                bucket = month_bucket(rec["month"])
                if rec["key"].startswith("v."):
                    bucket["visits"] += rec["n"]
                elif rec["key"].split(".")[1] not in NOT_FOUND:
                    bucket["items"] += rec["n"]
    else:
        live = _period_ranges(period)

    # The records themselves: the whole period (live), or the days the tallies leave.
    visits = Visit.objects.filter(_subtree_q(union), _ranges_q("date", live))
    items = Item.objects.filter(_subtree_q(union), _ranges_q("found_on", live))
    T = Visit.TargetType
    def records(rows):  # the records' grouped rows (a callable), or none without a query
        return rows() if read_records else ()

    for rec in records(lambda: _prefixed(visits, child_len).values("prefix").annotate(
        **{f"t_{code}": Count("id", filter=Q(target_type=code)) for code in T.values}
    )):
        _prefix, row = acc.row(rec["prefix"])
        if row is None:
            continue
        for code in T.values:
            row["visits"] += rec[f"t_{code}"]
            row["visits_by_target"][code] += rec[f"t_{code}"]
    for rec in records(lambda: _prefixed(items, child_len).values(
        "prefix", "kind", "category_id", "status", "outcome"
    ).annotate(
        n=Count("id"),
        persons=Sum("persons_affected", default=0),
        overdue=Count("id", filter=overdue_q(today)),
    )):
        _prefix, row = acc.row(rec["prefix"])
        if row is None:
            continue
        n = rec["n"]
        acc.add_items(row, rec["status"], rec["kind"], n)
        if rec["outcome"] == Item.Outcome.RESOLVED:
            row["resolved"] += n
        elif rec["outcome"] == Item.Outcome.ESCALATED:
            row["escalated"] += n
        row["overdue"] += rec["overdue"]
        if rec["status"] not in NOT_FOUND:
            acc.add_category(row, rec["kind"], rec["category_id"], n)
            if rec["kind"] == Item.Kind.DIFFICULTY:
                row["difficulty_person_times"] += rec["persons"]
    for rec in records(lambda: (
        _prefixed(items.filter(outcome=Item.Outcome.RESOLVED, resolved_at__isnull=False), child_len)
        .annotate(days=_days_expression()).values("prefix", "days").annotate(n=Count("id"))
    )):
        prefix, row = acc.row(rec["prefix"])
        if row is not None:
            acc.day_counts(prefix)[int(rec["days"])] += rec["n"]

    # Enterprises, unions, model workers and households count once each, per child and
    # in total: from the targets visited by month, or the visits.
    found = distinct_targets(scope, period, totals_only=totals_only)
    result = acc.result(found["rows"], found["total"])
    result["need_category_ids"] = acc.need_categories

    if charts:
        for rec in records(lambda: visits.order_by().values("date").annotate(n=Count("id"))):
            month_bucket(rec["date"])["visits"] += rec["n"]
        for rec in records(lambda: items.filter(FOUND).order_by().values("found_on").annotate(n=Count("id"))):
            month_bucket(rec["found_on"])["items"] += rec["n"]
        for rec in records(lambda: items.filter(overdue_q(today)).order_by().values("responsible_unit_id")
                           .annotate(n=Count("id"))):
            units[rec["responsible_unit_id"]] += rec["n"]
        for rec in records(lambda: (
            _prefixed(items.filter(status__in=Item.OPEN_STATUSES), node_len).values("prefix")
            .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q(today)))
        )):
            entry = node(rec["prefix"])
            entry[0] += rec["open"]
            entry[1] += rec["overdue"]
        names = dict(
            ResponsibleUnit.objects.filter(pk__in=[u for u in units if u]).values_list("pk", "name")
        )
        by_unit = [{"unit": names.get(u, "—") if u else "—", "overdue": n} for u, n in units.items() if n]
        result["trend"] = [trend[key] for key in sorted(trend) if trend[key]["visits"] or trend[key]["items"]]
        result["overdue_by_unit"] = sorted(by_unit, key=lambda r: (-r["overdue"], r["unit"]))
        result["tree"] = _tree(scope, nodes)
    return result


def _tree(scope: Scope, counts: dict[str, list[int]]) -> dict:
    union = scope.union
    root = {"name": union.name, "path": union.path, "children": []}
    by_path = {union.path: root}
    for rec in scope.tree_nodes:
        entry = {"name": rec["name"], "path": rec["path"], "children": []}
        by_path[rec["path"]] = entry
        parent = by_path.get(rec["path"][: -Union.steplen])
        if parent is not None:
            parent["children"].append(entry)

    def fill(entry: dict) -> tuple[int, int]:
        # A node's own records are counted under its path (shorter than the prefix);
        # a node on the deepest level has its whole subtree counted under its path.
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


def _prepare(union) -> tuple[Scope, dict]:
    scope = Scope.of(union)
    if scope.summary:
        refresh()
    return scope, _category_map()


def rollup_rows(union, period: Period, *, today: dt.date) -> dict[str, Any]:
    """The services roll-up of ``union``'s subtree for ``period``: ``{"children": [...],
    "own": {...}, "total": {...}}``; each child entry is ``{"union", "union_id", "path",
    "figures"}``, ``own`` and ``total`` are rows (see the module docstring). Above
    the deepest tally level the figures come from the monthly tallies (brought up to
    date first) plus the records of any days the tallies cannot answer; at or below it
    from the records. A fixed number of SQL queries whatever the number of children
    or records."""
    scope, categories = _prepare(union)
    result = _rollup(scope, period, today, categories, charts=False)
    result.pop("need_category_ids")
    return result


def subtree_totals(union, period: Period, *, today: dt.date) -> dict[str, Any]:
    """The ``total`` row of :func:`rollup_rows` (what :func:`gonghui.services.selectors.
    service_figures` returns when the union's roll-ups read the tallies)."""
    scope = Scope.of(union)
    if scope.summary:
        refresh()
    return _rollup(scope, period, today, {}, charts=False, totals_only=True)["total"]


def brief_services(union, period: Period, *, today: dt.date) -> tuple[dict, list[str]]:
    """What the brief's services sentence needs: the figures of the subtree (the
    ``total`` row) and the names of the top-level categories of the needs found
    (:func:`need_categories`). When the union's roll-ups read the tallies, both come
    from one roll-up of the tallies (the ``c.need.*`` keys name the categories); else
    from the records (:func:`gonghui.services.selectors.service_figures` without the
    clock figures, and :func:`need_categories`)."""
    scope = Scope.of(union)
    if not scope.summary:
        from gonghui.services.selectors import service_figures

        figures = service_figures(union, today=today, with_clock=False, **period.as_kwargs())
        return dict(figures), need_categories(union, period)
    refresh()
    categories = _category_map()
    result = _rollup(scope, period, today, categories, charts=False, totals_only=True)
    return result["total"], _need_category_names(categories, result["need_category_ids"])


def need_categories(union, period: Period) -> list[str]:
    """Names of the top-level categories of the needs found in the period, in taxonomy
    order (e.g. ``["民生服务", "精神文化"]``): the words of the brief's "掌握……类具体需求".
    One query, plus the categories."""
    ids = set(
        Item.objects.filter(_subtree_q(union), FOUND, kind=Item.Kind.NEED,
                            **({"found_on__gte": period.date_from} if period.date_from else {}),
                            **({"found_on__lte": period.date_to} if period.date_to else {}))
        .order_by().values_list("category_id", flat=True).distinct()
    )
    return _need_category_names(_category_map(), ids)


def services_rollup(union, period: Period, *, today: dt.date | None = None) -> dict:
    """Everything the services report shows: the roll-up of ``period`` and of the same
    period a year before (``current`` and ``previous``, see :func:`rollup_rows`), the
    two periods, the need categories of the brief, the monthly trend, overdue by
    responsible unit, the unit tree, the category names and ``as_of`` (when the
    tallies were last brought up to date; None when the figures come from the records
    alone). A constant number of SQL queries."""
    today = today or timezone.localdate()
    previous = period.previous_year(today)
    scope = Scope.of(union)
    as_of = refresh()["as_of"] if scope.summary else None
    categories = _category_map()
    current = _rollup(scope, period, today, categories, charts=True)
    before = _rollup(scope, previous, today, categories, charts=False)
    before.pop("need_category_ids")
    charts = {key: current.pop(key) for key in ("trend", "overdue_by_unit", "tree")}
    return {
        "union": union.name,
        "period": period,
        "previous_period": previous,
        "current": current,
        "previous": before,
        "need_categories": _need_category_names(categories, current.pop("need_category_ids")),
        **charts,
        "categories": [rec["name"] for rec in categories.values()],
        "as_of": as_of,
        "summary": scope.summary,
    }
