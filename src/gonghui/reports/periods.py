"""Report periods: presets, the same period a year before, and labels.

Dates are calendar dates in the project's time zone (Asia/Shanghai, ``TIME_ZONE``):
``timezone.localdate()`` is "today", and both ends of a period are inclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def year_before(day: dt.date) -> dt.date:
    """``day`` one year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """A period of report days, both ends inclusive; ``None`` for an open end."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def previous_year(self, today: dt.date) -> Period:
        """The same period a year before. An open end date is read as ``today`` (an
        open-ended period runs "until now"); an open start stays open."""
        end = self.date_to or today
        return Period(year_before(self.date_from) if self.date_from else None, year_before(end))

    def as_kwargs(self) -> dict:
        return {"date_from": self.date_from, "date_to": self.date_to}


def preset(name: str, today: dt.date) -> Period:
    """The period of a preset: ``month`` (1st of this month to today), ``year`` (1 January
    to today). ``ValueError`` for another name."""
    if name == "month":
        return Period(today.replace(day=1), today)
    if name == "year":
        return Period(dt.date(today.year, 1, 1), today)
    raise ValueError(name)


def cn_date(day: dt.date) -> str:
    """``2026年3月5日``."""
    return f"{day.year}年{day.month}月{day.day}日"
