"""The scope rule, in one place.

Every user belongs to one union; a user's **scope** is that union and every union below
it in the union tree (a materialised-path prefix). A record is in scope when the union
it belongs to (named by the model's ``scope_lookups``) is in scope. Every read of a
scoped model goes through :meth:`ScopedQuerySet.visible_to`, and every fetch of one
record by id through :func:`get_visible_or_404`, which answers 404 for records outside
the scope exactly as for records that do not exist, so ids reveal nothing.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.db.models import Expression, F, Lookup, Q
from django.http import Http404

if TYPE_CHECKING:
    from gonghui.accounts.models import User

M = TypeVar("M", bound=models.Model)


def scope_path(user: User) -> str | None:
    """The materialised path of the user's union, "" for an unrestricted superuser,
    or None for a user who may see nothing (anonymous, inactive or without a union)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.union_id is None:
        return "" if user.is_superuser else None
    return user.union.path


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """The materialised paths of a union and of every union above it (treebeard's
    ``steplen`` characters a level): ``"00010002"`` -> ``["0001", "00010002"]``."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


class InSubquery(Lookup):
    """``lhs IN (subquery)``, written ``lhs = ANY(ARRAY(subquery))`` on PostgreSQL: the
    subquery then runs once (an InitPlan) and the condition can be looked up through
    an index on ``lhs`` (two such conditions OR-ed become a BitmapOr of two index
    scans), where ``IN (subquery)`` is a hashed filter that needs a scan of the table.
    The first suits counting a county's rows, the second walking an order index."""

    lookup_name = "in_subquery"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class CompiledSubquery(Expression):
    """``(SELECT ...)`` of an **uncorrelated** queryset (one that refers to no column of
    the query it is used in), compiled to SQL once per database connection and kept:
    Django would clone, relabel and compile it again in every query that uses it (some
    0.1-0.3 ms of Python each; a scope condition holds one to three, nested, and a list
    page uses 10-40). The scope conditions (:func:`subtree_condition`) are built once per
    process, so their subqueries are compiled once per process.

    The SQL is the subquery Django writes, ordering dropped, with the tables' own names
    instead of Django's ``U0``/``V0`` aliases: the subquery refers only to its own
    tables, and in SQL a name inside a subquery means the subquery's table even when the
    outer query uses the same table. Use it as the right-hand side of ``__in`` or of
    :class:`InSubquery`. The kept queryset must not be changed (it is not: it is made
    here, never handed out)."""

    contains_aggregate = False
    contains_over_clause = False

    def __init__(self, queryset: models.QuerySet):
        query = queryset.query.clone()
        query.clear_ordering(force=False, clear_default=True)
        query.subquery = True
        self.query = query
        self._compiled: dict[tuple[str, str], tuple[str, tuple]] = {}
        super().__init__(output_field=query.output_field)

    def __deepcopy__(self, memo):
        return self.copy()  # the kept query and its compiled SQL are shared, never changed

    def as_sql(self, compiler, connection):
        key = (connection.alias, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            sql, params = self.query.clone().as_sql(compiler, connection)
            compiled = self._compiled[key] = (sql, tuple(params))
        return compiled


class PathStartsWith(Lookup):
    """``path LIKE 'prefix%'`` (Django's ``startswith``), written as the range
    ``path >= 'prefix' AND path < 'prefix~'`` on SQLite, whose LIKE is case-insensitive
    and so cannot use the path index (a scan of every union, 60,000 at province
    scale, in each subquery). The range is the same set: treebeard's path alphabet
    (digits and capitals) sorts below ``~``."""

    lookup_name = "path_startswith"

    def as_sql(self, compiler, connection):
        from django.db.models.lookups import StartsWith

        return StartsWith(self.lhs, getattr(self.rhs, "value", self.rhs)).as_sql(
            compiler, connection)

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = getattr(self.rhs, "value", self.rhs)  # a Value once resolved
        return f"({lhs} >= %s AND {lhs} < %s)", (*lhs_params, prefix,
                                                  *lhs_params, prefix + "~")


def subtree_condition(model: type[models.Model], lookup: str, path: str, *,
                      indexed: bool = False) -> Q:
    """:func:`_subtree_condition`, built once per process and arguments (its subqueries
    cost some 0.3 ms of Python each, 10-40 times a page) and handed out wrapped in a new
    ``Q``, so no caller can change the kept one. A ``Q`` and the querysets in it are
    never changed by filtering with them (Django resolves clones)."""
    return Q(_kept_subtree_condition(model, lookup, path, indexed))


@functools.lru_cache(maxsize=4096)
def _kept_subtree_condition(model, lookup: str, path: str, indexed: bool) -> Q:
    return _subtree_condition(model, lookup, path, indexed=indexed)


def _subtree_condition(model: type[models.Model], lookup: str, path: str, *,
                       indexed: bool = False) -> Q:
    """``Q(<lookup>__startswith=path)``, written for speed: a lookup through foreign keys
    (``union__path``, ``responsible_unit__union__path``) becomes ``union__in=(SELECT id
    FROM union WHERE path LIKE 'path%')``, so the scoped table is filtered without
    joining the tables on the way (an OR of two joined paths otherwise forces the
    database to join and sort every row before a LIMIT). Same rows either way: a NULL
    foreign key matches neither form. A lookup that starts with a reverse foreign key
    (``co_units__unit__union__path``) becomes ``pk IN (SELECT <fk> FROM related WHERE
    ...)``: the rows with at least one related row in the subtree, each once.

    The subtree of a root union (``path`` one level long) is nearly the whole tree: its
    last hop is written as the complement, ``union_id IS NOT NULL AND NOT union_id IN
    (SELECT id FROM union WHERE NOT path LIKE 'path%')``, so the database hashes the few
    unions outside it (none in a one-province installation) instead of the 60,000
    inside, on every query of a province officer's page."""
    head, sep, rest = lookup.partition("__")
    if sep:
        field = model._meta.get_field(head)
        if field.many_to_one or (field.one_to_one and field.concrete):
            related = field.related_model
            if rest == "path" and 0 < len(path) <= STEPLEN and not indexed:
                outside = related._base_manager.exclude(_path_prefix("path", path)).values("pk")
                return (Q(**{f"{head}__isnull": False})
                        & ~Q(**{f"{head}__in": CompiledSubquery(outside)}))
            inner = related._base_manager.filter(subtree_condition(related, rest, path)).order_by()
            if indexed:
                return Q(InSubquery(F(field.attname), CompiledSubquery(inner.values("pk"))))
            return Q(**{f"{head}__in": CompiledSubquery(inner.values("pk"))})
        if field.one_to_many:
            # A reverse foreign key (an item's co-handling units): ``pk IN (SELECT item_id
            # FROM related WHERE ...)``, so a row with several related rows in the subtree
            # is still one row (a join would repeat it).
            related = field.related_model
            inner = related._base_manager.filter(subtree_condition(related, rest, path))
            return Q(pk__in=CompiledSubquery(inner.values(field.field.attname)))
    if lookup == "path":
        return _path_prefix(lookup, path)
    return Q(**{f"{lookup}__startswith": path})


def _path_prefix(field: str, path: str) -> Q:
    return Q(PathStartsWith(F(field), path))


#: Characters of a materialised path per tree level (treebeard's ``steplen``).
STEPLEN = 4


class ScopedQuerySet(models.QuerySet):
    """QuerySet of a model that declares ``scope_lookups``: a tuple of lookups that each
    lead to a union's ``path`` (e.g. ``("union__path",)``). A row is visible when any of
    them lies in the user's subtree.

    A model shared between two unions' subtrees (a pairing of two unions) also declares
    ``shared_scope_lookups``: a row is then visible as well to users *below* the union at
    any of those lookups (that union is the user's union or one of its ancestors).

    A model worked in parts by other unions (an item and its co-handling units, 协办)
    also declares ``part_scope_lookups``: a row is then visible as well to the subtree of
    the union at any of those lookups, like ``scope_lookups``, but that subtree works only
    its own part of the row (the part's own scope decides which). ``visible_to(user,
    parts=False)`` leaves them out: the rows the user may act on as a whole."""

    def visible_to(self, user: User, *, parts: bool = True,
                   indexed: bool = False) -> ScopedQuerySet:
        """Rows of this queryset within ``user``'s scope (none for a user without one);
        with ``parts=False`` without the rows seen only through ``part_scope_lookups``.
        ``indexed=True`` writes the subtree conditions for an index lookup (see
        :class:`InSubquery`): for counting a small scope in a large table; the default
        form suits pages that walk an order index and stop at a LIMIT."""
        path = scope_path(user)
        if path is None:
            return self.none()
        if path == "":
            return self
        lookups = tuple(self.model.scope_lookups)
        if parts:
            lookups += tuple(getattr(self.model, "part_scope_lookups", ()))
        condition = Q()
        for lookup in lookups:
            condition |= subtree_condition(self.model, lookup, path, indexed=indexed)
        shared = getattr(self.model, "shared_scope_lookups", ())
        if shared:
            above = ancestor_paths(path)
            for lookup in shared:
                condition |= Q(**{f"{lookup}__in": above})
        return self.filter(condition)

    def visible_parts(self, user: User) -> list[ScopedQuerySet]:
        """Disjoint querysets whose rows together are ``visible_to(user)``: one per scope
        lookup, each written for an index lookup (``indexed``) and without the rows of
        the lookups before it (a hashed ``NOT IN``). Counting each part and adding up
        lets the database count through the foreign-key indexes alone (index-only
        scans), where one count of the OR reads every row from the table."""
        path = scope_path(user)
        if path is None:
            return [self.none()]
        if path == "":
            return [self]
        lookups = [*self.model.scope_lookups, *getattr(self.model, "part_scope_lookups", ())]
        parts = []
        for i, lookup in enumerate(lookups):
            part = self.filter(subtree_condition(self.model, lookup, path, indexed=True))
            for before in lookups[:i]:
                part = part.exclude(subtree_condition(self.model, before, path))
            parts.append(part)
        shared = getattr(self.model, "shared_scope_lookups", ())
        if shared:
            above = ancestor_paths(path)
            condition = Q()
            for lookup in shared:
                condition |= Q(**{f"{lookup}__in": above})
            part = self.filter(condition)
            for before in lookups:
                part = part.exclude(subtree_condition(self.model, before, path))
            parts.append(part)
        return parts


def get_visible_or_404(queryset: models.QuerySet[M] | type[M], user: User, **lookup) -> M:
    """The one record matching ``lookup`` within ``user``'s scope.

    Raises ``Http404`` both when no such record exists and when it exists outside the
    user's scope.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
