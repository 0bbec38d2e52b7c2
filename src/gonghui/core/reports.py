"""The registry of figure reports printed by ``gonghui report MODULE``.

Each module of the product that has figures (services now; assistance, pairing,
competitions and events later) registers one :class:`Report` in a module named
``reporting`` of its app, e.g. ``gonghui/services/reporting.py``::

    register(Report(name="services", title=..., compute=..., labels={...}))

:func:`available_reports` imports every app's ``reporting`` module (as Django's admin
does with ``admin.py``) and returns the registry, a dict of report name to
:class:`Report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules

#: The earliest and latest report day accepted from a user (page, command line, log
#: search): records of the platform start long after the first, and both leave room for
#: "the same period a year before" and for local-midnight arithmetic (year 1 does not).
EARLIEST_DAY = dt.date(1950, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)


def in_report_range(day: dt.date) -> bool:
    """True when ``day`` lies within ``EARLIEST_DAY``–``LATEST_DAY`` (inclusive)."""
    return EARLIEST_DAY <= day <= LATEST_DAY



#: ``compute(union, date_from=..., date_to=..., today=...)`` -> a JSON-ready mapping.
Compute = Callable[..., Mapping[str, Any]]


@dataclass(frozen=True)
class Report:
    """One report: its ``name`` on the command line, a ``title``, the ``compute``
    function over a union subtree and a period (both ends inclusive, None for
    open-ended), and the ``labels`` of the figures the text table shows, in order
    (``--json`` prints everything ``compute`` returns).

    Optional: ``brief(figures) -> str``, the module's sentence of the work brief
    (工作简报, ``gonghui brief``), and ``has_figures(figures) -> bool``, whether the
    period has anything to say (the brief leaves the module out otherwise; by default
    whether any labelled figure is non-zero); ``by_child(union, date_from=...,
    date_to=..., prefix_length=n)`` -> ``{path prefix: {key: number}}``, headline
    figures (``by_child_labels``) per child of ``union`` (the records of unions whose
    path starts with the prefix; the union's own records under its own path), one
    grouped query per table, for the reports page's children-side-by-side table
    (:func:`prefix_totals` writes such a query). The reports page (``gonghui.reports``)
    shows every registered report's labelled figures for the period and a year before,
    and its .xlsx export gives each one a sheet, so a new module plugs in by
    registering a Report."""

    name: str
    title: Any
    compute: Compute
    labels: Mapping[str, Any]
    brief: Callable[[Mapping[str, Any]], str] | None = None
    has_figures: Callable[[Mapping[str, Any]], bool] | None = None
    by_child: Callable[..., Mapping[str, Mapping[str, Any]]] | None = None
    by_child_labels: Mapping[str, Any] = field(default_factory=dict)

    def has_any(self, figures: Mapping[str, Any]) -> bool:
        """Whether ``figures`` has something to report (see ``has_figures``)."""
        if self.has_figures is not None:
            return self.has_figures(figures)
        return any(_nonzero(figures.get(key)) for key in self.labels)


def _nonzero(value: Any) -> bool:
    try:
        return float(value or 0) != 0
    except (TypeError, ValueError):
        return bool(value)


REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    """Add ``report`` to the registry (a second registration under a name replaces the
    first, so re-importing a module is harmless). Returns the report."""
    REPORTS[report.name] = report
    return report


def available_reports() -> dict[str, Report]:
    """Every registered report, after importing each app's ``reporting`` module."""
    autodiscover_modules("reporting")
    return dict(sorted(REPORTS.items()))


def run_report(
    name: str,
    union,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> Mapping[str, Any]:
    """The figures of report ``name`` for ``union``'s subtree. Raises ``KeyError`` for
    an unknown report."""
    from .dbrouter import reading_reports

    report = available_reports()[name]
    with reading_reports():  # on the read replica when DATABASE_REPLICA_URL is set
        return report.compute(union, date_from=date_from, date_to=date_to, today=today)


def prefix_totals(qs, path_lookup: str, prefix_length: int, **aggregates) -> dict[str, dict]:
    """``{prefix: {name: value}}``: ``aggregates`` (name -> Django aggregate) of ``qs``
    grouped by the first ``prefix_length`` characters of ``path_lookup`` (e.g.
    ``"union__path"``). One query."""
    from django.db.models.functions import Substr

    rows = (
        qs.order_by().annotate(prefix=Substr(path_lookup, 1, prefix_length))
        .values("prefix").annotate(**aggregates)
    )
    return {row.pop("prefix"): row for row in rows}


def merge_totals(*parts: Mapping[str, Mapping[str, Any]]) -> dict[str, dict]:
    """Several :func:`prefix_totals` results merged prefix by prefix."""
    out: dict[str, dict] = {}
    for part in parts:
        for prefix, values in part.items():
            out.setdefault(prefix, {}).update(values)
    return out


def scalar_batch(specs: Mapping[str, tuple[Any, Any]]) -> dict[str, Any]:
    """Several aggregates of several querysets in ONE query: ``specs`` maps a name to
    ``(queryset, aggregate)`` (e.g. ``("files", (qs, Count("id")))``); returns ``{name:
    value}`` with the value the aggregate has over the whole queryset (a count of
    nothing is 0, a sum of nothing None unless the aggregate has a ``default``). Each
    aggregate becomes a scalar subquery of one SELECT, so a report's dozen figures cost
    one round trip instead of a dozen.

    Each subquery is compiled on its own and the SELECT written around them (with the
    values converted as the ORM converts them): annotating one outer queryset with a
    dozen ``Subquery`` expressions made Django clone, relabel and resolve every one
    of them again, most of a module's Python time on the reports page."""
    from django.db import connections
    from django.db.models import Value

    if not specs:
        return {}
    parts, params, converters, using = [], [], [], None
    for i, (_name, (qs, aggregate)) in enumerate(specs.items()):
        sub = qs.order_by().annotate(_one=Value(1)).values("_one").annotate(_v=aggregate).values("_v")
        using = using or sub.db
        compiler = sub.query.get_compiler(using)
        sql, sub_params = compiler.as_sql()
        parts.append(f"({sql}) AS batch_{i}")
        params.extend(sub_params)
        column = compiler.select[0][0]
        converters.append((compiler, compiler.get_converters([column])))
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    out = {}
    for (name, _spec), value, (compiler, conv) in zip(specs.items(), row, converters, strict=True):
        if conv and value is not None:
            value = next(compiler.apply_converters([[value]], conv))[0]
        out[name] = value
    return out
