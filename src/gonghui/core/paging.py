"""Pagination that stays fast on large tables (the item list at province scale).

:class:`KeysetPaginator` pages a QuerySet by **keyset** ("seek") instead of OFFSET: a
page is "the next 25 rows after this row in this order", found by an index range scan
that starts at the boundary row, so page 200 costs what page 1 costs. The position
travels in the query string as an opaque, signed **cursor** (``?cursor=...``), made by
:mod:`django.core.signing`; a cursor that was tampered with, made for another order or
for other filters is ignored (the first page is shown). The cursor also carries the
page's number (for "page N") and the row count computed on the first page, so deeper
pages count nothing.

A page is read in two steps: the key values of the page's rows (an index-only walk,
no joins but those the filters need), then those rows with everything they show.

:func:`count_rows` counts exactly up to a cap ("more than N" beyond it);
:func:`estimate_rows` estimates long lists from a fixed sample of primary-key runs
("about N") and counts short ones exactly: never a full count of a city or a province.
(The PostgreSQL planner's own row estimate is useless here: it cannot see through the
scope's subqueries and guesses three quarters of the table whatever the scope.)

:class:`LeanPaginator` (the earlier OFFSET paginator with a capped count) is kept for
lists that need page numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.paginator import Paginator
from django.db.models import BooleanField, Expression, F, Q, QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class LeanPaginator(Paginator):
    """Django's ``Paginator`` for a QuerySet with a capped count and id-first pages."""

    def __init__(self, object_list, per_page, *, count_cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_cap = count_cap

    @cached_property
    def count(self) -> int:
        """The number of rows, at most ``count_cap`` (see ``capped``)."""
        n = self.object_list.order_by()[: self.count_cap + 1].count()
        self.capped = n > self.count_cap
        return min(n, self.count_cap)

    capped = False

    def page(self, number):
        """Page ``number`` (1-based); raises ``InvalidPage`` like Django's."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


# --- counting -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowCount:
    """How many rows a list has, as the page may say it.

    ``kind`` is ``"exact"`` (``n`` rows), ``"estimate"`` (about ``n``, from a sample,
    rounded to two significant digits) or ``"more_than"`` (more than ``n``: a lower
    bound)."""

    n: int
    kind: str = "exact"

    @property
    def exact(self) -> bool:
        return self.kind == "exact"

    def as_list(self) -> list:
        return [self.n, self.kind]

    @classmethod
    def from_list(cls, value: Any) -> RowCount | None:
        """The RowCount of :meth:`as_list` output, or None for anything else."""
        if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
                and value[0] >= 0 and value[1] in ("exact", "estimate", "more_than")):
            return cls(value[0], value[1])
        return None


def round_estimate(n: float) -> int:
    """``n`` rounded to two significant digits (an estimate claims no more): 1234 ->
    1200, 56789 -> 57000, 7 -> 7."""
    n = round(n)
    if n < 100:
        return max(n, 0)
    digits = len(str(n)) - 2
    return round(n, -digits)


def count_rows(queryset: QuerySet, *, exact_cap: int = 20_000) -> RowCount:
    """The rows of ``queryset``: exact when there are at most ``exact_cap``, else "more
    than ``exact_cap``". One query that stops at ``exact_cap + 1`` rows, so its cost is
    bounded whatever the table size."""
    n = queryset.order_by()[: exact_cap + 1].count()
    if n <= exact_cap:
        return RowCount(n)
    return RowCount(exact_cap, "more_than")


class KeyRuns(Expression):
    """``(key >= a1 AND key < b1) OR (key >= a2 AND key < b2) OR ...``: the SQL Django
    writes for ``Q(pk__gte=a1, pk__lt=b1) | Q(...) | ...``, without building and
    compiling 2 lookups a run (the 16 runs of :func:`estimate_rows` cost ~1 ms of
    Python as Q objects). ``runs`` are ``(start, stop)`` integer pairs."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, key, runs: Sequence[tuple[int, int]]):
        super().__init__()
        self.key = key
        self.runs = [(int(a), int(b)) for a, b in runs]

    def get_source_expressions(self):
        return [self.key]

    def set_source_expressions(self, exprs):
        (self.key,) = exprs

    def as_sql(self, compiler, connection):
        key, key_params = compiler.compile(self.key)
        sql = " OR ".join(f"({key} >= %s AND {key} < %s)" for _run in self.runs)
        params = [p for a, b in self.runs for p in (*key_params, a, *key_params, b)]
        return f"({sql})", params


def count_parts(parts: Sequence[QuerySet]) -> int:
    """The sum of the row counts of ``parts`` (querysets of one database, e.g. the
    disjoint parts of a scope, ``ScopedQuerySet.visible_parts``) in one statement,
    ``SELECT (SELECT COUNT(*) FROM (part 1) ...) + (...)``: one round trip instead of
    one per part, each part counted as Django's ``count()`` counts it (the database
    flattens the derived table). A part that can match nothing (``none()``) counts 0."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    terms, params = [], []
    for i, part in enumerate(parts):
        query = part.order_by().values("pk").query
        try:
            sql, part_params = query.get_compiler(part.db).as_sql()
        except EmptyResultSet:
            continue
        terms.append(f"(SELECT COUNT(*) FROM ({sql}) part_{i})")
        params.extend(part_params)
    if not terms:
        return 0
    with connections[parts[0].db].cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(terms), params)
        return int(cursor.fetchone()[0])


def estimate_rows(
    queryset: QuerySet,
    *,
    exact_below: int = 2_000,
    sample: int = 4_000,
    stripes: int = 16,
    min_hits: int = 30,
    count_cap: int = 20_000,
) -> RowCount:
    """The rows of ``queryset``, estimated from a sample when there are many.

    The sample is ``stripes`` evenly spaced runs of primary keys, ``sample`` keys in all,
    across the table's key range (one index range scan each, in one query): the rows
    of ``queryset`` among them, scaled to the whole range, are the estimate. It is used
    when it rests on at least ``min_hits`` rows and exceeds ``exact_below``: an
    estimate, rounded to two significant digits. Otherwise the rows are counted
    exactly (up to ``count_cap``, then "more than"). Two queries (min/max key and the
    sample), one more when counting; a table smaller than twice the sample is counted.
    The same data gives the same estimate (the runs are fixed, not random)."""
    from django.db import connections

    model = queryset.model
    connection = connections[queryset.db]
    table, pk = (connection.ops.quote_name(name)
                 for name in (model._meta.db_table, model._meta.pk.column))
    with connection.cursor() as cursor:  # two index probes (SQLite scans for MIN and MAX together)
        cursor.execute(f"SELECT (SELECT MIN({pk}) FROM {table}), (SELECT MAX({pk}) FROM {table})")
        lo, hi = cursor.fetchone()
    if lo is None:
        return RowCount(0)
    span = hi - lo + 1
    if span >= 2 * sample:
        width = max(1, sample // stripes)
        step = span / stripes
        starts = [lo + int(i * step + (step - width) / 2) for i in range(stripes)]
        runs = Q(KeyRuns(F("pk"), [(start, start + width) for start in starts]))
        if connection.vendor == "sqlite":
            # "pk IN (the runs' keys)" makes SQLite walk the runs by primary key (with a
            # plain AND it walked the scope's index over the whole subtree); PostgreSQL
            # does that with the plain AND (a BitmapOr of the runs) but turns the IN
            # into a hash join over a scan of the table.
            runs = Q(pk__in=model._base_manager.using(queryset.db).filter(runs).values("pk"))
        hits = queryset.filter(runs).order_by().count()
        estimate = hits * span / (width * stripes)
        if hits >= min_hits and estimate > exact_below:
            return RowCount(round_estimate(estimate), "estimate")
    return count_rows(queryset, exact_cap=count_cap)


# --- keyset pages ---------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 2 and value[0] in ("t", "d"):
        parse = dt.datetime.fromisoformat if value[0] == "t" else dt.date.fromisoformat
        return parse(value[1])
    if value is None or isinstance(value, int | str):
        return value
    raise ValueError("not a key value")


@dataclass
class KeysetPage:
    """One page of a :class:`KeysetPaginator`: its rows (``object_list``), its number
    (1-based, as carried by the cursor), the cursors of the pages around it (None at
    either end) and the list's :class:`RowCount` (``count``)."""

    object_list: list
    number: int
    next_cursor: str | None
    previous_cursor: str | None
    count: RowCount
    per_page: int

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __iter__(self) -> Iterator:
        return iter(self.object_list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def num_pages(self) -> int | None:
        """The number of pages when the count is exact, else None."""
        if not self.count.exact:
            return None
        return max(1, -(-self.count.n // self.per_page))


class KeysetPaginator:
    """Keyset pages of ``queryset`` in the order ``keys``.

    ``keys`` are field names, ``-`` for descending, e.g. ``("-created_at", "-id")``;
    the last must be unique and not null (the primary key). ``nullable=True`` says the
    leading key may be NULL: rows with NULL there come after all others, in the order
    of the remaining keys (a page that may reach them costs a second key query).
    ``context`` is any string naming what the cursor is valid for (the order and the
    filters): a cursor made under another context is ignored. ``salt`` separates these
    cursors from other signed values. ``count`` is called with the queryset on the
    first page only and must return a :class:`RowCount`. ``fetch`` is the QuerySet the
    page's rows are read from by primary key (default ``queryset``): pass one without
    the filters (they were applied when the keys were chosen) but with the joins the
    rows show, so that the filters are not evaluated twice. ``fetch`` may also be a
    function of the page's primary keys returning its rows (objects with ``pk``, in any
    order), e.g. one built on :class:`RowsById`.

    ``page(cursor)`` costs one query for the keys (at most two with ``nullable``), one
    for the rows, and on the first page those of ``count``: a number that does not
    depend on the table size or the page's depth. A cursor that fails its signature,
    was made under another ``context`` or holds malformed values opens the first page
    (no error).
    """

    def __init__(
        self,
        queryset: QuerySet,
        per_page: int,
        *,
        keys: Sequence[str],
        nullable: bool = False,
        context: str = "",
        salt: str = "gonghui.keyset",
        count=count_rows,
        fetch: QuerySet | None = None,
    ):
        self.queryset = queryset
        self.fetch = fetch if fetch is not None else queryset
        self.per_page = per_page
        self.keys = tuple(keys)
        self.fields = tuple(k.lstrip("-") for k in self.keys)
        self.desc = tuple(k.startswith("-") for k in self.keys)
        self.nullable = nullable
        self.context = hashlib.sha256(context.encode()).hexdigest()[:16]
        self.salt = salt
        self.count = count

    # cursors

    def _make_cursor(self, values: Sequence, forward: bool, number: int, total: RowCount) -> str:
        payload = {"c": self.context, "k": [_encode(v) for v in values],
                   "f": 1 if forward else 0, "n": number, "t": total.as_list()}
        return signing.dumps(payload, salt=self.salt, compress=True)

    def _read_cursor(self, token: str | None):
        """(values, forward, number, total) of a valid cursor, else None."""
        if not token:
            return None
        try:
            payload = signing.loads(token, salt=self.salt)
            if payload.get("c") != self.context:
                return None
            values = tuple(_decode(v) for v in payload["k"])
            number, total = payload["n"], RowCount.from_list(payload["t"])
            if (len(values) != len(self.keys) or not isinstance(number, int) or number < 1
                    or total is None or values[-1] is None
                    or (None in values[:-1] and (not self.nullable or values.index(None) != 0
                                                 or values.count(None) != 1))):
                return None
            return values, bool(payload["f"]), number, total
        except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
            return None

    # queries

    @staticmethod
    def _after(fields: Sequence[str], desc: Sequence[bool], values: Sequence) -> Q:
        """Rows strictly after ``values`` in the order (fields, desc): for (a, b) ascending
        ``a >= va AND (a > va OR (a = va AND b > vb))``. The leading ``>=`` gives the
        index a range to start from."""
        def cmp(i: int, strict: bool) -> Q:
            op = ("lt" if desc[i] else "gt") if strict else ("lte" if desc[i] else "gte")
            return Q(**{f"{fields[i]}__{op}": values[i]})

        disjunction = Q()
        for i in range(len(fields)):
            term = cmp(i, strict=True)
            for j in range(i):
                term &= Q(**{fields[j]: values[j]})
            disjunction |= term
        return cmp(0, strict=False) & disjunction if len(fields) > 1 else disjunction

    @staticmethod
    def _order(fields: Sequence[str], desc: Sequence[bool], reverse: bool) -> list[str]:
        return [("-" if d != reverse else "") + f for f, d in zip(fields, desc, strict=True)]

    def _segment(self, null_segment: bool, boundary: Sequence | None, reverse: bool,
                 limit: int) -> QuerySet:
        """A query of the key values of up to ``limit`` rows of one segment (rows with the
        nullable key set, or those with it NULL), after ``boundary`` in the walking
        direction (``reverse`` walks backwards)."""
        fields, desc = self.fields, self.desc
        qs = self.queryset
        if self.nullable:
            qs = qs.filter(**{f"{fields[0]}__isnull": null_segment})
            if null_segment:
                fields, desc = fields[1:], desc[1:]
                boundary = boundary[1:] if boundary is not None else None
        if boundary is not None:
            walk_desc = [d != reverse for d in desc]
            qs = qs.filter(self._after(fields, walk_desc, boundary))
        return qs.order_by(*self._order(fields, desc, reverse)).values_list(*self.fields)[:limit]

    def _walk(self, boundary: Sequence | None, reverse: bool, limit: int) -> list[tuple]:
        """The key values of up to ``limit`` rows after ``boundary`` walking forwards
        (or backwards with ``reverse``), nearest first. With a nullable leading key the
        rows with it set come first going forwards, those with it NULL first going
        backwards; a walk from inside the first segment also reads the start of the
        second (so a page may span both)."""
        if not self.nullable:
            return list(self._segment(False, boundary, reverse, limit))
        in_null = boundary is not None and boundary[0] is None
        if boundary is None:
            plan = [(reverse, None), (not reverse, None)]
        elif in_null == reverse:  # the boundary lies in the segment walked first
            plan = [(in_null, boundary), (not in_null, None)]
        else:  # in the segment walked last: the other one is behind us
            plan = [(in_null, boundary)]
        rows: list[tuple] = []
        for null_segment, seg_boundary in plan:
            rows.extend(self._segment(null_segment, seg_boundary, reverse, limit))
        return rows[:limit]

    def page(self, cursor: str | None) -> KeysetPage:
        """The page the ``cursor`` opens (the first page for None or an invalid one)."""
        state = self._read_cursor(cursor)
        n = self.per_page
        if state is None:
            boundary, forward, number, total = None, True, 1, None
        else:
            boundary, forward, number, total = state
        keys = self._walk(boundary, not forward, n + 1)
        more = len(keys) > n
        keys = keys[:n]
        if not forward:
            keys.reverse()
        if total is None:
            total = self.count(self.queryset)
        if forward:
            has_next, has_previous = more, boundary is not None
        else:
            has_next, has_previous = True, more
        if not forward and not more:
            number = 1  # walked back to the very beginning
        pk_index = len(self.fields) - 1
        ids = [row[pk_index] for row in keys]
        found = ((self.fetch(ids) if callable(self.fetch)
                  else self.fetch.filter(pk__in=ids).order_by()) if ids else ())
        rows = {obj.pk: obj for obj in found}
        objects = [rows[pk] for pk in ids if pk in rows]
        next_cursor = (self._make_cursor(keys[-1], True, number + 1, total)
                       if has_next and keys else None)
        previous_cursor = None
        if has_previous and keys and number > 1:
            previous_cursor = self._make_cursor(keys[0], False, number - 1, total)
        return KeysetPage(objects, number, next_cursor, previous_cursor, total, n)
