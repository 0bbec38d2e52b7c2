"""Maintenance of the report summary tables (:mod:`gonghui.reports.models`).

Design (docs/decisions/0014-report-summary-tables.md):

- Records are tallied per (level, bucket, month) at each level of
  :func:`summary_levels` (``REPORT_SUMMARY_DEPTHS``, (3, 4): counties and towns): the
  bucket of a visit or item at level *L* is the ancestor of its union at depth *L*, or
  its union when that sits higher (decision 0018); the month is that of the visit's
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
import functools
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from gonghui.orgs.models import ResponsibleUnit, Union
from gonghui.services.models import Item, Visit

from .models import BucketTotal, MonthTally, SummaryDirty, SummaryState

DB = "default"


def summary_levels() -> tuple[int, ...]:
    """The depths of the tally levels (``REPORT_SUMMARY_DEPTHS``, default ``(3, 4)``: the
    counties' and the towns'), shallowest first; empty: no tallies, every roll-up reads
    the records."""
    return tuple(sorted({int(d) for d in getattr(settings, "REPORT_SUMMARY_DEPTHS", (3, 4)) if int(d) > 0}))


def level_for(union) -> int | None:
    """The tally level the roll-ups of ``union`` (a Union or the all-unions stand-in,
    depth 0) read: the shallowest level whose buckets are its children or above them
    (a city and the province read the counties' level, a county the towns'); None at or
    below the deepest level (the records are read)."""
    depth = getattr(union, "depth", 0)
    for level in summary_levels():
        if level >= depth + 1:
            return level
    return None


def uses_summary(union) -> bool:
    """Whether roll-ups of ``union`` read the tallies (see :func:`level_for`)."""
    return level_for(union) is not None


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


@functools.lru_cache(maxsize=4)
def _fixed_offset_minutes(name: str) -> int | None:
    """The UTC offset of time zone ``name`` in minutes when it had one offset all year in
    every year from 1992 to 2050 (Asia/Shanghai: +480, no daylight saving since 1991),
    else None."""
    zone = ZoneInfo(name)
    offsets = {
        dt.datetime(year, month, 15, 12, tzinfo=zone).utcoffset()
        for year in range(1992, 2051) for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


def local_date_sql(vendor: str, column: str) -> tuple[str, list]:
    """SQL of the local date (``TIME_ZONE``) of the aware datetime ``column`` and its
    params. On SQLite (datetimes stored as UTC text) a fixed-offset modifier,
    ``date(col, '+480 minutes')``, when the zone has one offset (see
    :func:`_fixed_offset_minutes`): computed by SQLite itself, instead of Django's
    per-row Python function ``django_datetime_cast_date`` (which is the fallback for a
    zone with daylight saving)."""
    tz = _tz()
    if vendor == "postgresql":
        return f"CAST({column} AT TIME ZONE %s AS date)", [tz]
    minutes = _fixed_offset_minutes(tz)
    if minutes is None:
        return f"django_datetime_cast_date({column}, %s, 'UTC')", [tz]
    return f"date({column}, '{minutes:+d} minutes')", []


def days_to_resolve_sql(vendor: str, resolved: str, assigned: str, found: str) -> tuple[str, list]:
    """SQL of the whole days from assignment (or finding) to resolution, local dates: the
    local date of ``resolved`` minus that of ``assigned``, or the date ``found`` when
    ``assigned`` is NULL (column expressions); and its params, in order."""
    end, end_params = local_date_sql(vendor, resolved)
    start, start_params = local_date_sql(vendor, assigned)
    if vendor == "postgresql":
        return f"({end} - COALESCE({start}, {found}))", [*end_params, *start_params]
    return (
        f"CAST(julianday({end}) - julianday(COALESCE({start}, {found})) AS INTEGER)",
        [*end_params, *start_params],
    )


def _days_sql(vendor: str) -> tuple[str, list]:
    """Days from assignment (or finding) to resolution of the item ``i``, and params."""
    return days_to_resolve_sql(vendor, "i.resolved_at", "i.assigned_at", "i.found_on")


def _quoted(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def _selects(vendor: str, scope_sql: str, scope_params: list, *, table: str,
             level: int) -> list[tuple[str, list]]:
    """The SELECTs of (bucket_id, month, key, day, unit_id, n, level) of one table for
    the tally level ``level`` (the buckets' depth), limited by ``scope_sql`` (a condition
    on the alias ``i`` / ``v`` and ``b``, the bucket)."""
    length = int(level) * Union.steplen
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
        sql = f"SELECT b.id, {month}, {select}, {int(level)} {base}{where} GROUP BY {group}"
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
        *_assigned_selects(vendor, scope_sql, scope_params, level=level),
    ]


def assigned_keys() -> list[str]:
    """The keys of the assigned-outside tallies: ``x.<status>.<kind>`` and ``xdue``."""
    return [f"x.{status}.{kind}" for status in Item.Status.values for kind in Item.Kind.values] + ["xdue"]


def _assigned_selects(vendor: str, scope_sql: str, scope_params: list, *,
                      level: int) -> list[tuple[str, list]]:
    """The SELECTs of the ``x.<status>.<kind>`` and ``xdue`` tallies (decision 0023) of
    level ``level``: items whose responsible unit is a union in another subtree at
    depth ``level - 1`` than the item's union (the unions reading this level sit at
    that depth or above; for a union above it, its own path stands for the prefix), by
    unit (``unit_id``); ``xdue`` those on the clock by deadline (``day``). A scope's
    dashboard adds the ones of the buckets outside it assigned to its units: the items
    owned outside and assigned in, without reading the items. Items assigned within
    their county (or town, at the towns' level) are not tallied: the usual case is
    nearly no rows."""
    length = int(level) * Union.steplen
    above = (int(level) - 1) * Union.steplen
    unions = Union._meta.db_table
    month = _month_sql(vendor, "i.found_on")
    base = (
        f"FROM {Item._meta.db_table} i JOIN {unions} u ON u.id = i.union_id "
        f"JOIN {unions} b ON b.path = SUBSTR(u.path, 1, {length}) "
        f"JOIN {ResponsibleUnit._meta.db_table} r ON r.id = i.responsible_unit_id "
        f"JOIN {unions} ru ON ru.id = r.union_id "
        f"WHERE ({scope_sql}) AND SUBSTR(ru.path, 1, {above}) <> SUBSTR(u.path, 1, {above})"
    )
    clock = _quoted(Item.CLOCK_STATUSES)
    return [
        (f"SELECT b.id, {month}, 'x.' || i.status || '.' || i.kind, CAST(NULL AS DATE), "
         f"i.responsible_unit_id, COUNT(*), {int(level)} {base} GROUP BY 1, 2, 3, 5", list(scope_params)),
        (f"SELECT b.id, {month}, 'xdue', i.deadline, i.responsible_unit_id, COUNT(*), {int(level)} "
         f"{base} AND i.status IN ({clock}) AND i.deadline IS NOT NULL GROUP BY 1, 2, 4, 5",
         list(scope_params)),
    ]


def fill_assigned(cursor, vendor: str) -> None:
    """Add the ``x.*`` / ``xdue`` tallies of every record at every level (reports
    migration 0004; the other keys are left as they are). One INSERT per level."""
    tally = MonthTally._meta.db_table
    for level in summary_levels():
        selects = _assigned_selects(vendor, "1 = 1", [], level=level)
        cursor.execute(
            f"INSERT INTO {tally} (bucket_id, month, key, day, unit_id, n, level) "
            + " UNION ALL ".join(sql for sql, _p in selects),
            [p for _s, params in selects for p in params],
        )


#: The MonthTally keys (by first letter and dot) the bucket totals keep, summed over months.
TOTAL_HEADS = ("v.", "i.", "o.", "d.")


def _totals(cursor, level: int, bucket_ids: list[int] | None) -> None:
    """Delete and recompute the :class:`~gonghui.reports.models.BucketTotal` rows of
    level ``level`` for ``bucket_ids`` (None: every bucket of the level) from the month
    tallies (decision 0024): the dashboard's keys summed over every month, and ``duecum``,
    the items on the clock cumulative by deadline (a window over the ``due`` rows
    summed without their unit). Two statements."""
    total, tally = BucketTotal._meta.db_table, MonthTally._meta.db_table
    where, params = "level = %s", [int(level)]
    if bucket_ids is not None:
        where += " AND bucket_id IN (" + ", ".join(["%s"] * len(bucket_ids)) + ")"
        params += list(bucket_ids)
    cursor.execute(f"DELETE FROM {total} WHERE {where}", params)
    heads = " OR ".join(f"SUBSTR(key, 1, 2) = '{head}'" for head in TOTAL_HEADS)
    cursor.execute(
        f"INSERT INTO {total} (level, bucket_id, key, day, n) "
        f"SELECT level, bucket_id, key, CAST(NULL AS DATE), SUM(n) FROM {tally} "
        f"WHERE {where} AND ({heads} OR key = 'p') GROUP BY level, bucket_id, key "
        f"UNION ALL SELECT level, bucket_id, 'duecum', day, "
        f"SUM(SUM(n)) OVER (PARTITION BY bucket_id ORDER BY day) FROM {tally} "
        f"WHERE {where} AND key = 'due' GROUP BY level, bucket_id, day",
        params + params,
    )


def fill_totals(cursor) -> None:
    """Compute every :class:`~gonghui.reports.models.BucketTotal` from the month tallies
    (reports migration 0005). Two statements per level, then ``ANALYZE`` of the table
    (else the planner keeps the statistics of an empty table)."""
    for level in summary_levels():
        _totals(cursor, level, None)
    cursor.execute(f"ANALYZE {BucketTotal._meta.db_table}")


def _insert(cursor, vendor: str, scopes: dict[int, dict] | None) -> None:
    """Delete and recompute the tallies of ``scopes`` ({level: {month: {bucket id: bucket
    path}}}; None for everything, every level), and the bucket totals of their buckets.
    Four statements per level."""
    tally = MonthTally._meta.db_table
    if scopes is None:
        cursor.execute(f"DELETE FROM {tally}")
        cursor.execute(f"DELETE FROM {BucketTotal._meta.db_table}")
        scopes = dict.fromkeys(summary_levels())
    for level, scope in sorted(scopes.items()):
        if scope is None:
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
            cursor.execute(f"DELETE FROM {tally} WHERE level = %s AND (" + " OR ".join(delete_parts) + ")",
                           [level, *delete_params])
            conditions = {table: (" OR ".join(sql), params) for table, (sql, params) in parts.items()}
        selects: list[tuple[str, list]] = []
        for table in ("visits", "items"):
            selects += _selects(vendor, *conditions[table], table=table, level=level)
        sql = (
            f"INSERT INTO {tally} (bucket_id, month, key, day, unit_id, n, level) "
            + " UNION ALL ".join(s for s, _p in selects)
        )
        cursor.execute(sql, [p for _s, params in selects for p in params])
        dirty = None if scope is None else sorted({b for buckets in scope.values() for b in buckets})
        _totals(cursor, level, dirty)


def _dirty_scope(keys: set[tuple[int, dt.date]]) -> dict[int, dict] | None:
    """{level: {month: {bucket id: bucket path}}} of the dirty (union id, month) keys at
    every tally level; None (recompute everything) when one of the unions no longer
    exists. Two queries."""
    levels = summary_levels()
    paths = dict(Union.objects.using(DB).filter(pk__in={u for u, _m in keys}).values_list("pk", "path"))
    bucket_paths = {path[: level * Union.steplen] for path in paths.values() for level in levels}
    buckets = dict(Union.objects.using(DB).filter(path__in=bucket_paths).values_list("path", "pk"))
    scopes: dict[int, dict] = {level: defaultdict(dict) for level in levels}
    for union_id, month in keys:
        path = paths.get(union_id)
        if path is None:  # the union was deleted: which bucket held its records is lost
            return None
        for level in levels:
            bucket = path[: level * Union.steplen]
            scopes[level][month][buckets[bucket]] = bucket
    return {level: dict(scope) for level, scope in scopes.items()}


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
        if everything:  # the planner's statistics of a table just refilled
            cursor.execute(f"ANALYZE {MonthTally._meta.db_table}")
            cursor.execute(f"ANALYZE {BucketTotal._meta.db_table}")
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
