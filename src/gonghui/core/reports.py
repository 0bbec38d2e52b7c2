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
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

#: ``compute(union, date_from=..., date_to=..., today=...)`` -> a JSON-ready mapping.
Compute = Callable[..., Mapping[str, Any]]


@dataclass(frozen=True)
class Report:
    """One report: its ``name`` on the command line, a ``title``, the ``compute``
    function over a union subtree and a period (both ends inclusive, None for
    open-ended), and the ``labels`` of the figures the text table shows, in order
    (``--json`` prints everything ``compute`` returns)."""

    name: str
    title: Any
    compute: Compute
    labels: Mapping[str, Any]


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
