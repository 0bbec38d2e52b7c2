"""The full report of a union subtree and period, as the page, the .xlsx export and
``gonghui report … --xlsx`` use it: the services roll-up (children side by side, the
year before, chart data), every other registered module's figures for the period and
the year before, and the brief.

Modules plug in through the report registry (:mod:`gonghui.core.reports`): each
registered :class:`~gonghui.core.reports.Report` other than ``services`` appears with
its labelled figures; nothing here names them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from gonghui.core.dbrouter import reading_reports
from gonghui.core.reports import Report, available_reports

from .brief import compose_brief
from .periods import Period
from .rollup import services_rollup


@dataclass
class ModuleFigures:
    """One other module's figures: ``rows`` of (key, label, this period, year before);
    with the module's ``by_child``, ``child_columns`` (labels) and ``child_rows``
    (``{"name", "kind": child|own|total, "cells"}``) for this period, child by child."""

    name: str
    title: Any
    rows: list[tuple[str, Any, Any, Any]]
    current: dict
    previous: dict
    child_columns: list = field(default_factory=list)
    child_rows: list[dict] = field(default_factory=list)


@dataclass
class FullReport:
    """What :func:`build_report` returns."""

    union: Any
    period: Period
    previous_period: Period
    today: dt.date
    services: dict | None
    modules: list[ModuleFigures]
    brief: str
    only: str = ""  # the one module shown ("" for all of them)


def module_figures(
    report: Report, union, period: Period, previous: Period, today, children: list[dict] | None = None
) -> ModuleFigures:
    """``report``'s labelled figures for ``period`` and ``previous``; with ``children``
    (the services roll-up's child entries: ``union``, ``path``) and the report's
    ``by_child``, its headline figures child by child, the union's own records and the
    total (the sum of those rows)."""
    current = dict(report.compute(union, today=today, **period.as_kwargs()))
    before = dict(report.compute(union, today=today, **previous.as_kwargs()))
    rows = [(key, label, current.get(key), before.get(key)) for key, label in report.labels.items()]
    figures = ModuleFigures(report.name, report.title, rows, current, before)
    if report.by_child is None or children is None:
        return figures
    from django.utils.translation import gettext as _

    from gonghui.orgs.models import Union

    keys = list(report.by_child_labels)
    by_prefix = report.by_child(union, prefix_length=len(union.path) + Union.steplen,
                                **period.as_kwargs())
    total = dict.fromkeys(keys, 0)
    out = []
    for name, kind, prefix in [*((c["union"], "child", c["path"]) for c in children),
                               (_("Own records"), "own", union.path)]:
        values = by_prefix.get(prefix, {})
        cells = [values.get(key) or 0 for key in keys]
        for key, value in zip(keys, cells, strict=True):
            total[key] += value
        out.append({"name": name, "kind": kind, "cells": cells})
    out.append({"name": _("Total"), "kind": "total", "cells": [total[key] for key in keys]})
    figures.child_columns = list(report.by_child_labels.values())
    figures.child_rows = out
    return figures


def report_names() -> list[str]:
    """The names of the registered reports, services first (the ``module`` choices of
    the reports page)."""
    names = [name for name in available_reports() if name != "services"]
    return ["services", *names]


def build_report(union, period: Period, *, today: dt.date | None = None, only: str = "") -> FullReport:
    """The full report of ``union``'s subtree (a constant number of SQL queries, read on
    the reports replica when one is configured). With ``only`` (a report name), that
    module alone and no brief: ``services`` computes the services roll-up only (the
    reports page's "Three services" view, a fraction of the whole report's queries),
    another name that module's figures and children only. Raises ``KeyError`` for an
    unknown name."""
    today = today or timezone.localdate()
    registry = available_reports()
    if only and only not in registry:
        raise KeyError(only)
    with reading_reports():
        services = children = None
        previous = period.previous_year(today)
        if only in ("", "services"):
            services = services_rollup(union, period, today=today)
            previous = services["previous_period"]
            children = services["current"]["children"]
        elif registry[only].by_child is not None:
            from .rollup import Scope

            children = [{"union": c["name"], "path": c["path"]} for c in Scope.of(union).children]
        reports = [r for name, r in registry.items() if name != "services" and only in ("", name)]
        modules = [module_figures(r, union, period, previous, today, children) for r in reports]
        brief = ""
        if not only:
            brief = compose_brief(
                union.name,
                period,
                today,
                services["current"]["total"],
                services["need_categories"],
                [(r, m.current) for r, m in zip(reports, modules, strict=True)],
            )
    return FullReport(union, period, previous, today, services, modules, brief, only)


def change(current, previous) -> str:
    """The change from ``previous`` to ``current`` as text: "+3", "-2", "0", or "" when
    either is not a number."""
    try:
        a, b = float(current), float(previous)
    except (TypeError, ValueError):
        return ""
    diff = a - b
    if diff == int(diff):
        diff = int(diff)
    else:
        diff = round(diff, 2)
    return f"+{diff}" if diff > 0 else str(diff)
