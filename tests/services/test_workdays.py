import datetime as dt

import pytest

from gonghui.services.workdays import add_working_days, working_days_between

pytestmark = pytest.mark.django_db


def test_deadline_spanning_spring_festival_2026_counts_make_up_saturdays():
    # Holiday 15-23 February 2026; Saturday 14 and Saturday 28 February are working days.
    due = add_working_days(dt.date(2026, 2, 13), 5)
    assert due.date == dt.date(2026, 2, 27)
    assert due.provisional is False
    due = add_working_days(dt.date(2026, 2, 13), 10)
    assert due.date == dt.date(2026, 3, 5)  # 14, 24, 25, 26, 27, 28 (Sat), 2, 3, 4, 5 March


def test_unknown_year_falls_back_to_weekdays_and_fixed_holidays_and_says_so():
    due = add_working_days(dt.date(2026, 12, 30), 3)
    # 31 Dec (Thu) counts; 1 Jan 2027 is a fixed holiday; 2-3 Jan weekend; 4, 5 Jan.
    assert due.date == dt.date(2027, 1, 5)
    assert due.provisional is True


def test_working_days_between():
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 27)) == (5, False)
    assert working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 2)) == (0, False)


def test_a_deadline_years_away_is_counted_quickly_and_marked_provisional():
    import time

    started = time.monotonic()
    count, provisional = working_days_between(dt.date(2026, 11, 29), dt.date(9999, 12, 31))
    assert time.monotonic() - started < 1.0
    assert provisional is True
    # 800 days counted one by one, the rest at 5 working days a week.
    assert count > 2_000_000
