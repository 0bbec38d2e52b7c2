"""SQL compiled once per process for the queries a page runs on every request.

Django builds and compiles a QuerySet's SQL again on every evaluation: 0.2-1.5 ms of
Python per query on the item list, several times what the database needs to answer.
For a query whose SQL depends only on a few values, these helpers compile it once per
process (per database and those values) and run the kept SQL on a plain cursor:

- :class:`RowsById`: the rows of a ``values_list`` query for a list of primary keys
  (the SQL is made with stand-in keys, which are then replaced);
- :class:`CompiledValues`: the rows of a ``values_list`` query built from a key (e.g. a
  scope path), the SQL kept per key.

Only the SQL text is kept, never rows: every call reads the database. The rows are the
database driver's values, without the ORM's converters (see each class).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence

from django.db import connections, router
from django.db.models import QuerySet


class RowsById:
    """The rows of ``queryset.values_list(*fields)`` whose primary keys are ``ids``, read
    with SQL compiled once per database and number of keys (``WHERE pk IN (%s, ...)``)
    instead of once per call: the ORM spends ~1.3 ms of Python compiling the item list's
    row query (three joins, four correlated subqueries) and ~1 ms building 100 model
    objects for 25 rows, to run a query that takes the database 0.4 ms.

    ``rows(ids)`` returns ``(names, tuples)``: ``fields`` and one tuple per row found, in
    no particular order, values as the database driver returns them (no ORM converters:
    use it for columns whose raw values are what the caller wants; a date column may be
    a ``datetime.date`` or, on SQLite, ``"YYYY-MM-DD"``). The compiled SQL is the ORM's
    own for ``queryset.filter(pk__in=[...]).values_list(*fields)``, made with stand-in
    keys and checked to take exactly one parameter per key, which are then replaced."""

    def __init__(self, queryset: QuerySet, fields: Sequence[str]):
        self.queryset = queryset.values_list(*fields).order_by()
        self.fields = tuple(fields)
        self._plans: dict[tuple[str, str, int], tuple[str, tuple, list[int]]] = {}

    def _plan(self, db: str, n: int) -> tuple[str, tuple, list[int]]:
        stand_ins = [-(2**52) - i for i in range(n)]  # no real key is negative
        compiler = self.queryset.filter(pk__in=stand_ins).query.get_compiler(db)
        sql, params = compiler.as_sql()
        if [alias for _expr, _sql, alias in compiler.select] != list(self.fields):
            raise ValueError(f"RowsById: columns {compiler.select!r} are not {self.fields}")
        slots = [i for i, p in enumerate(params) if p in stand_ins]
        if sorted(params[i] for i in slots) != sorted(stand_ins):
            raise ValueError("RowsById: each key must be one parameter of the SQL")
        return sql, tuple(params), slots

    def __call__(self, ids: Sequence[int]) -> tuple[tuple[str, ...], list[tuple]]:
        if not ids:
            return self.fields, []
        db = self.queryset.db
        connection = connections[db]
        key = (db, connection.vendor, len(ids))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(db, len(ids))
        sql, template, slots = plan
        params = list(template)
        for slot, pk in zip(slots, ids, strict=True):
            params[slot] = pk
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return self.fields, cursor.fetchall()


class CompiledValues:
    """The rows of ``build(key).values_list(*fields)`` as tuples, its SQL compiled once
    per key and database (an LRU of ``maxsize`` entries) instead of once per call.

    ``build`` must depend on ``key`` alone (a scope path, say: not on the time, the
    user or the database's contents), since its SQL is kept for that key; it is called
    once per key and process. Values come as the database driver returns them (no ORM
    converters: for ids and text columns). ``values(key)`` returns a list of tuples in
    the query's order."""

    def __init__(self, model, build: Callable[[Hashable], QuerySet], fields: Sequence[str],
                 *, maxsize: int = 1024):
        self.model = model
        self.build = build
        self.fields = tuple(fields)
        self._plan = functools.lru_cache(maxsize=maxsize)(self._compile)

    def _compile(self, key: Hashable, db: str, vendor: str) -> tuple[str, tuple] | None:
        from django.core.exceptions import EmptyResultSet

        queryset = self.build(key).values_list(*self.fields)
        compiler = queryset.query.get_compiler(db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. .none(): no rows, no query
            return None
        if [alias for _expr, _sql, alias in compiler.select] != list(self.fields):
            raise ValueError(f"CompiledValues: columns {compiler.select!r} are not {self.fields}")
        return sql, tuple(params)

    def __call__(self, key: Hashable) -> list[tuple]:
        db = router.db_for_read(self.model)
        connection = connections[db]
        plan = self._plan(key, db, connection.vendor)
        if plan is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(*plan)
            return cursor.fetchall()
