"""Chinese working days, from the maintained ``chinese_calendar`` package.

The package carries the State Council's holiday and make-up-day (调休) schedule for the
years it knows (the installed release: 2004-2026). For a year it does not know yet, we
count Monday to Friday less the fixed-date statutory holidays (1 January, 1 May,
1-3 October; 《全国年节及纪念日放假办法》) and report the result as *provisional*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

FIXED_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}
#: Spans longer than this are estimated in :func:`working_days_between`.
EXACT_SPAN_DAYS = 800


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """``(is_working_day, provisional)`` for ``day``; provisional when the calendar
    package does not know the year and the fallback rule was used."""
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
    day, counted, provisional = start, 0, False
    while counted < days:
        day += dt.timedelta(days=1)
        working, guessed = is_workday(day)
        provisional = provisional or guessed
        counted += working
    return Deadline(day, provisional)


def working_days_between(start: dt.date, end: dt.date) -> tuple[int, bool]:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``),
    and whether the count is provisional.

    Counts day by day for the first ``EXACT_SPAN_DAYS`` days; a longer span (a deadline
    years away, e.g. a mistyped year) adds 5 working days a week for the rest and is
    provisional, so that no page walks millions of days.
    """
    count, provisional, day = 0, False, start
    stop = min(end, start + dt.timedelta(days=EXACT_SPAN_DAYS))
    while day < stop:
        day += dt.timedelta(days=1)
        working, guessed = is_workday(day)
        provisional = provisional or guessed
        count += working
    if end > stop:
        count += (end - stop).days * 5 // 7
        provisional = True
    return count, provisional
