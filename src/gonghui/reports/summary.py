"""Maintenance of the report summary tables (:mod:`gonghui.reports.models`).

Design (docs/decisions/0014-report-summary-tables.md):

- Records are tallied per (bucket, month): the bucket of a visit or item is the
  ancestor of its union at depth :func:`summary_depth` (``REPORT_SUMMARY_DEPTH``, 3: a
  county), or its union when that sits higher; the month is that of the visit's
  ``date`` or the item's ``found_on``.
- Database triggers (migration 0002) write the (union, month) of every inserted,
  updated or deleted visit and item into ``SummaryDirty`` in the writer's transaction.
- :func:`refresh` — called by every read of the tallies — recomputes the dirty keys'
  buckets and months from the records in a fixed number of SQL statements, set-based
  (``INSERT … SELECT … GROUP BY``), and empties ``SummaryDirty``; so a page never reads
  tallies older than the last committed write. A NULL key (a union moved) recomputes
  everything, as :func:`rebuild` and ``gonghui refresh-summaries --all`` do.

Concurrency: :func:`refresh` runs in one transaction on ``default`` that first locks
``SummaryDirty`` against inserts (PostgreSQL ``LOCK … IN EXCLUSIVE MODE``; SQLite's
transactions are ``IMMEDIATE``, one writer at a time), so a write committed while the
tallies are recomputed is either seen by the recomputation or left marked for the next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from gonghui.orgs.models import Union
from gonghui.services.models import Item, Visit

from .models import MonthTally, SummaryDirty, SummaryState

DB = "default"


def summary_depth() -> int:
    """The depth of the buckets (``REPORT_SUMMARY_DEPTH``, default 3)."""
    return int(getattr(settings, "REPORT_SUMMARY_DEPTH", 3))


def uses_summary(union) -> bool:
    """Whether roll-ups of ``union`` (a Union or the all-unions stand-in, depth 0) read
    the tallies: when its children are buckets or above them."""
    return getattr(union, "depth", 0) + 1 <= summary_depth()


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after ``month`` (a first of month)."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# --- SQL ------------------------------------------------------------------------------


def _tz() -> str:
    name = settings.TIME_ZONE
    if not re.fullmatch(r"[A-Za-z0-9_/+-]+", name):  # it is put in SQL as a parameter anyway
        raise ValueError(f"unexpected TIME_ZONE {name!r}")
    return name


def _month_sql(vendor: str, column: str) -> str:
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _days_sql(vendor: str) -> tuple[str, list]:
    """Days from assignment (or finding) to resolution, local dates, and its params."""
    tz = _tz()
    if vendor == "postgresql":
        return (
            "(CAST(i.resolved_at AT TIME ZONE %s AS date) - "
            "COALESCE(CAST(i.assigned_at AT TIME ZONE %s AS date), i.found_on))",
            [tz, tz],
        )
    return (
        "CAST(julianday(django_datetime_cast_date(i.resolved_at, %s, 'UTC')) - "
        "julianday(COALESCE(django_datetime_cast_date(i.assigned_at, %s, 'UTC'), i.found_on)) "
        "AS INTEGER)",
        [tz, tz],
    )


def _quoted(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def _selects(vendor: str, scope_sql: str, scope_params: list, *, table: str) -> list[tuple[str, list]]:
    """The SELECTs of (bucket_id, month, key, day, unit_id, n) of one table, limited by
    ``scope_sql`` (a condition on the alias ``i`` / ``v`` and ``b``, the bucket)."""
    length = summary_depth() * Union.steplen
    unions = Union._meta.db_table
    S = Item.Status
    if table == "visits":
        alias, src, column = "v", Visit._meta.db_table, "v.date"
    else:
        alias, src, column = "i", Item._meta.db_table, "i.found_on"
    month = _month_sql(vendor, column)
    base = (
        f"FROM {src} {alias} JOIN {unions} u ON u.id = {alias}.union_id "
        f"JOIN {unions} b ON b.path = SUBSTR(u.path, 1, {length}) WHERE ({scope_sql})"
    )

    def q(select: str, where: str = "", group: str = "1, 2, 3", params=()) -> tuple[str, list]:
        sql = f"SELECT b.id, {month}, {select} {base}{where} GROUP BY {group}"
        return sql, [*params, *scope_params]

    edges = [
        q(f"'lo', MIN({column}), CAST(NULL AS BIGINT), 0", group="1, 2"),
        q(f"'hi', MAX({column}), CAST(NULL AS BIGINT), 0", group="1, 2"),
    ]
    if table == "visits":
        return [q("'v.' || v.target_type, CAST(NULL AS DATE), CAST(NULL AS BIGINT), COUNT(*)"), *edges]
    found = f" AND i.status NOT IN ({_quoted([S.REJECTED, S.MERGED])})"
    clock = _quoted(Item.CLOCK_STATUSES)
    days, days_params = _days_sql(vendor)
    return [
        q("'i.' || i.status || '.' || i.kind, CAST(NULL AS DATE), CAST(NULL AS BIGINT), COUNT(*)"),
        q("'c.' || i.kind || '.' || CAST(i.category_id AS TEXT), CAST(NULL AS DATE), CAST(NULL AS BIGINT), COUNT(*)", found),
        q("'p', CAST(NULL AS DATE), CAST(NULL AS BIGINT), SUM(i.persons_affected)",
          f"{found} AND i.kind = '{Item.Kind.DIFFICULTY}'", group="1, 2"),
        q("'o.' || i.outcome, CAST(NULL AS DATE), CAST(NULL AS BIGINT), COUNT(*)", " AND i.outcome <> ''"),
        q(f"'d.' || CAST({days} AS TEXT), CAST(NULL AS DATE), CAST(NULL AS BIGINT), COUNT(*)",
          f" AND i.outcome = '{Item.Outcome.RESOLVED}' AND i.resolved_at IS NOT NULL",
          params=days_params),
        q("'due', i.deadline, i.responsible_unit_id, COUNT(*)",
          f" AND i.status IN ({clock}) AND i.deadline IS NOT NULL", group="1, 2, 3, 4, 5"),
        *edges,
    ]


def _insert(cursor, vendor: str, scope: dict | None) -> None:
    """Delete and recompute the tallies of ``scope`` ({month: {bucket id: bucket path}};
    None for everything)."""
    tally = MonthTally._meta.db_table
    if scope is None:
        cursor.execute(f"DELETE FROM {tally}")
        conditions = {"visits": ("1 = 1", []), "items": ("1 = 1", [])}
    else:
        delete_parts, delete_params = [], []
        parts = {"visits": ([], []), "items": ([], [])}
        for month, buckets in sorted(scope.items()):
            ids = sorted(buckets)
            marks = ", ".join(["%s"] * len(ids))
            delete_parts.append(f"(month = %s AND bucket_id IN ({marks}))")
            delete_params += [month, *ids]
            likes = " OR ".join(["path LIKE %s"] * len(ids))
            patterns = [buckets[i] + "%" for i in ids]
            for table, (alias, column) in (("visits", ("v", "date")), ("items", ("i", "found_on"))):
                sql, params = parts[table]
                sql.append(
                    f"({alias}.{column} >= %s AND {alias}.{column} < %s AND b.id IN ({marks}) "
                    f"AND {alias}.union_id IN (SELECT id FROM {Union._meta.db_table} WHERE {likes}))"
                )
                params += [month, next_month(month), *ids, *patterns]
        cursor.execute(f"DELETE FROM {tally} WHERE " + " OR ".join(delete_parts), delete_params)
        conditions = {table: (" OR ".join(sql), params) for table, (sql, params) in parts.items()}
    selects: list[tuple[str, list]] = []
    for table in ("visits", "items"):
        selects += _selects(vendor, *conditions[table], table=table)
    sql = (
        f"INSERT INTO {tally} (bucket_id, month, key, day, unit_id, n) "
        + " UNION ALL ".join(s for s, _p in selects)
    )
    cursor.execute(sql, [p for _s, params in selects for p in params])


def _dirty_scope(keys: set[tuple[int, dt.date]]) -> dict | None:
    """{month: {bucket id: bucket path}} of the dirty (union id, month) keys; None
    (recompute everything) when one of the unions no longer exists."""
    length = summary_depth() * Union.steplen
    paths = dict(Union.objects.using(DB).filter(pk__in={u for u, _m in keys}).values_list("pk", "path"))
    bucket_paths = {path[:length] for path in paths.values()}
    buckets = dict(Union.objects.using(DB).filter(path__in=bucket_paths).values_list("path", "pk"))
    scope: dict = defaultdict(dict)
    for union_id, month in keys:
        path = paths.get(union_id)
        if path is None:  # the union was deleted: which bucket held its records is lost
            return None
        bucket = path[:length]
        scope[month][buckets[bucket]] = bucket
    return dict(scope)


def refresh(*, force_all: bool = False) -> dict:
    """Bring the tallies up to date: recompute the buckets and months of the dirty keys
    (everything with ``force_all`` or a NULL key) and clear them. Returns ``{"keys": n
    dirty keys, "all": bool, "as_of": aware datetime}``: the tallies include every write
    committed before ``as_of``. One query when nothing is dirty; otherwise a fixed
    number (lock, read keys, two look-ups, delete, insert, clear, state)."""
    checked = timezone.now()
    if not force_all and not SummaryDirty.objects.using(DB).exists():
        return {"keys": 0, "all": False, "as_of": checked}
    connection = connections[DB]
    vendor = connection.vendor
    with transaction.atomic(using=DB), connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {SummaryDirty._meta.db_table} IN EXCLUSIVE MODE")
        keys = set(SummaryDirty.objects.using(DB).values_list("union_id", "month").distinct())
        everything = force_all or any(u is None or m is None for u, m in keys)
        if everything:
            _insert(cursor, vendor, None)
        elif keys:
            scope = _dirty_scope(keys)
            if scope is None:
                everything = True
            _insert(cursor, vendor, scope)
        SummaryDirty.objects.using(DB).all().delete()
        now = timezone.now()
        values = {"refreshed_at": now, **({"rebuilt_at": now} if everything else {})}
        SummaryState.objects.using(DB).update_or_create(pk=1, defaults=values)
    return {"keys": len(keys), "all": everything, "as_of": now}


def rebuild() -> dict:
    """Recompute every tally from the records (``gonghui refresh-summaries --all``)."""
    return refresh(force_all=True)


def as_of() -> dt.datetime | None:
    """When the tallies were last brought up to date (None before the first time)."""
    state = SummaryState.objects.using(DB).filter(pk=1).values_list("refreshed_at", flat=True).first()
    return state
