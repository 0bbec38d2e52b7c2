"""The plausible range of dates the platform accepts: nothing before
:data:`EARLIEST_DATE` (a year typed wrong: 1950, 0202) and nothing far in the future
(9999-12-31); each kind of date has its own ceiling, relative to today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

# The floor of every date the platform records (visits, aid, events, competitions).
EARLIEST_DATE = dt.date(2000, 1, 1)
# How far ahead an event may be dated (one announced for next month).
EVENT_MARGIN = dt.timedelta(days=31)
# How far ahead a competition may end.
COMPETITION_YEARS = 5


def years_from_today(years: int) -> dt.date:
    """Today plus ``years`` calendar years (29 February → 28 February)."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def latest_event_date() -> dt.date:
    """The latest date an event may bear: today plus :data:`EVENT_MARGIN`."""
    return timezone.localdate() + EVENT_MARGIN


def bounds_error(value: dt.date, *, latest: dt.date, earliest: dt.date = EARLIEST_DATE) -> str:
    """A message when ``value`` lies before ``earliest`` or after ``latest``, else ``""``."""
    if value < earliest:
        return _("Before %(first)s; check the year.") % {"first": earliest.isoformat()}
    if value > latest:
        return _("After %(last)s; check the year.") % {"last": latest.isoformat()}
    return ""
