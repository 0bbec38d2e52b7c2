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
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gonghui.core.dbrouter import reading_reports
from gonghui.core.reports import Report, available_reports

from .brief import compose_brief
from .periods import Period
from .rollup import services_rollup


@dataclass
class ModuleFigures:
    """One other module's figures: ``rows`` of (key, label, this period, year before)."""

    name: str
    title: Any
    rows: list[tuple[str, Any, Any, Any]]
    current: dict
    previous: dict


@dataclass
class FullReport:
    """What :func:`build_report` returns."""

    union: Any
    period: Period
    previous_period: Period
    today: dt.date
    services: dict
    modules: list[ModuleFigures]
    brief: str


def module_figures(report: Report, union, period: Period, previous: Period, today) -> ModuleFigures:
    """``report``'s labelled figures for ``period`` and ``previous``."""
    current = dict(report.compute(union, today=today, **period.as_kwargs()))
    before = dict(report.compute(union, today=today, **previous.as_kwargs()))
    rows = [(key, label, current.get(key), before.get(key)) for key, label in report.labels.items()]
    return ModuleFigures(report.name, report.title, rows, current, before)


def build_report(union, period: Period, *, today: dt.date | None = None) -> FullReport:
    """The full report of ``union``'s subtree (a constant number of SQL queries, read on
    the reports replica when one is configured)."""
    today = today or timezone.localdate()
    with reading_reports():
        services = services_rollup(union, period, today=today)
        previous = services["previous_period"]
        reports = [r for name, r in available_reports().items() if name != "services"]
        modules = [module_figures(r, union, period, previous, today) for r in reports]
        brief = compose_brief(
            union.name,
            period,
            today,
            services["current"]["total"],
            services["need_categories"],
            [(r, m.current) for r, m in zip(reports, modules, strict=True)],
        )
    return FullReport(union, period, previous, today, services, modules, brief)


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
