"""Chinese working days: an admin-entered :class:`~gonghui.services.models.HolidaySchedule`
first, then the maintained ``chinese_calendar`` package, then a provisional fallback.

A year's schedule entered by an admin (as the State Council publishes it) extends or
overrides the package. The package carries the State Council's holiday and make-up-day (调休) schedule for the
years it knows (the installed release: 2004-2026). For a year it does not know yet, we
count Monday to Friday less the fixed-date statutory holidays (1 January, 1 May,
1-3 October; 《全国年节及纪念日放假办法》) and report the result as *provisional*.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import chinese_calendar

FIXED_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}
#: Spans longer than this are estimated in :func:`working_days_between`.
EXACT_SPAN_DAYS = 800


Schedules = dict[int, "dict[dt.date, bool] | None"]


def _schedule(year: int, cache: Schedules | None) -> dict[dt.date, bool] | None:
    """The entered schedule of ``year`` as ``{date: is_working_day}``, or None."""
    if cache is not None and year in cache:
        return cache[year]
    from .models import HolidayScheduleDay

    days: dict[dt.date, bool] | None = None
    if _schedule_ids(year):
        days = {
            row.date: row.kind == HolidayScheduleDay.Kind.WORKDAY
            for row in HolidayScheduleDay.objects.filter(schedule__year=year)
        }
    if cache is not None:
        cache[year] = days
    return days


@functools.cache
def _schedule_rows():
    """The ids of the entered schedule of a year (none or one), read by SQL compiled
    once per year and process (core.sqlcache; every item list asks, for its "due
    soon" flags). Built on first use: the models are not loaded at import time."""
    from gonghui.core.sqlcache import CompiledValues

    from .models import HolidaySchedule

    return CompiledValues(HolidaySchedule,
                          lambda year: HolidaySchedule.objects.filter(year=year).order_by(),
                          ("id",), maxsize=64)


def _schedule_ids(year: int) -> list[tuple]:
    return _schedule_rows()(year)


def is_workday(day: dt.date, cache: Schedules | None = None) -> tuple[bool, bool]:
    """``(is_working_day, provisional)`` for ``day``: from the admin-entered schedule of
    its year if there is one, else from the calendar package, else (the package does
    not know the year) weekdays less the fixed-date holidays, marked provisional.
    ``cache`` (a dict) keeps the schedules read across calls of one computation."""
    schedule = _schedule(day.year, cache)
    if schedule is not None:
        return schedule.get(day, day.weekday() < 5), False
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS, True


@dataclass(frozen=True)
class Deadline:
    """A due date and whether any day counted to reach it was outside the calendar."""

    date: dt.date
    provisional: bool


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    ``days`` must be >= 1 (raises ``ValueError`` otherwise). E.g. 5 working days from
    Friday 2026-02-13 are 14 (a make-up Saturday), 24, 25, 26, 27 February: the Spring
    Festival holiday of 15-23 February is skipped.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    day, counted, provisional, cache = start, 0, False, {}
    while counted < days:
        day += dt.timedelta(days=1)
        working, guessed = is_workday(day, cache)
        provisional = provisional or guessed
        counted += working
    return Deadline(day, provisional)


def working_days_between(
    start: dt.date, end: dt.date, cache: Schedules | None = None
) -> tuple[int, bool]:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``),
    and whether the count is provisional. ``cache`` (a dict) may be shared across calls
    so the entered schedules are read once per year.

    Counts day by day for the first ``EXACT_SPAN_DAYS`` days; a longer span (a deadline
    years away, e.g. a mistyped year) adds 5 working days a week for the rest and is
    provisional, so that no page walks millions of days.
    """
    count, provisional, day = 0, False, start
    cache = {} if cache is None else cache
    stop = min(end, start + dt.timedelta(days=EXACT_SPAN_DAYS))
    while day < stop:
        day += dt.timedelta(days=1)
        working, guessed = is_workday(day, cache)
        provisional = provisional or guessed
        count += working
    if end > stop:
        count += (end - stop).days * 5 // 7
        provisional = True
    return count, provisional
