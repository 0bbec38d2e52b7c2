"""Far-off dates refused with a field error: events (floor 2000-01-01, at most a month
ahead), competitions (start from the floor, end within five years), the ingest page
date (not after tomorrow); blood donors never outnumber the participants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.competitions.forms import CompetitionForm
from gonghui.competitions.services import competition_create
from gonghui.core.dates import EARLIEST_DATE
from gonghui.core.errors import DomainError
from gonghui.events.forms import EventForm
from gonghui.events.services import event_create
from gonghui.ingest.forms import IngestForm


def event_post(people, **extra):
    return {"kind": "blood_drive", "name": "献血", "union": people.officer.union_id,
            "date": "2026-01-05", **extra}


def test_event_date_between_the_floor_and_a_month_ahead(people):
    form = EventForm(event_post(people, date="2099-01-01"), user=people.officer)
    assert not form.is_valid()
    latest = timezone.localdate() + dt.timedelta(days=31)
    assert form.errors["date"] == [f"After {latest.isoformat()}; check the year."]
    form = EventForm(event_post(people, date="1999-12-31"), user=people.officer)
    assert form.errors["date"] == ["Before 2000-01-01; check the year."]
    assert EventForm(event_post(people), user=people.officer).is_valid()
    with pytest.raises(DomainError, match="Date: After"):
        event_create(actor=people.officer, union=people.officer.union, kind="blood_drive",
                     name="献血", date=dt.date(2099, 1, 1))


def test_donors_cannot_outnumber_participants(people):
    form = EventForm(event_post(people, value_donors="500", value_participants="10"),
                     user=people.officer)
    assert not form.is_valid()
    assert form.errors["value_donors"] == [
        "Blood donors (500) cannot outnumber the participants (10)."]
    assert EventForm(event_post(people, value_donors="10", value_participants="10"),
                     user=people.officer).is_valid()
    with pytest.raises(DomainError, match="cannot outnumber"):
        event_create(actor=people.officer, union=people.officer.union, kind="blood_drive",
                     name="献血", date=dt.date(2026, 1, 5),
                     figures={"donors": (500, "persons"), "participants": (10, "persons")})


def test_competition_period_within_the_floor_and_five_years(people):
    post = {"kind": CompetitionForm.base_fields["kind"].choices[0][0], "name": "技能比武",
            "union": people.officer.union_id, "start_date": "1950-01-01", "end_date": "2199-01-01"}
    form = CompetitionForm(post, user=people.officer)
    assert not form.is_valid()
    assert form.errors["start_date"] == ["Before 2000-01-01; check the year."]
    today = timezone.localdate()
    assert form.errors["end_date"] == [
        f"After {today.replace(year=today.year + 5).isoformat()}; check the year."]
    with pytest.raises(DomainError, match="Start date: Before 2000-01-01"):
        competition_create(actor=people.officer, union=people.officer.union, kind=post["kind"],
                           name="技能比武", start_date=dt.date(1950, 1, 1),
                           end_date=dt.date(2026, 1, 1))


def test_ingest_page_date_not_far_ahead():
    form = IngestForm({"text": "德清县总工会开展活动。", "page_date": "9999-12-31"})
    assert not form.is_valid()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert form.errors["page_date"] == [f"After {tomorrow.isoformat()}; check the year."]
    assert IngestForm({"text": "x", "page_date": EARLIEST_DATE.isoformat()}).is_valid()
