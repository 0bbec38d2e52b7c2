"""Recuperation rules at and around each limit, participants, exchange between paired
unions, scope and the report figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.accounts.models import Role
from gonghui.core.errors import DomainError, InvalidTransition, PermissionDenied
from gonghui.core.reports import run_report
from gonghui.orgs.models import Union, Worker
from gonghui.pairing import services as pairing_services
from gonghui.recuperation import selectors, services
from gonghui.recuperation.models import Participant, Trip, TripEvent

from ..factories import UserFactory, add_union

D = Decimal
pytestmark = pytest.mark.django_db
START = dt.date(2024, 5, 6)


@pytest.fixture
def setup(db):
    zh = add_union("镇海区总工会")
    ly = add_union("龙游县总工会")
    other = add_union("长兴县总工会")
    zh, ly, other = (Union.objects.get(pk=u.pk) for u in (zh, ly, other))
    pairing = pairing_services.pairing_create(actor=None, giver=zh, receiver=ly,
                                              kind="mountain_sea", since=dt.date(2016, 1, 1))
    services.rules_set(actor=None, effective_from=dt.date(2024, 1, 1), max_cost_per_day="400",
                       max_cost_per_year="2000", max_days=5, max_days_paired=7)
    base = services.base_add(actor=None, name="龙游石窟疗休养基地", certified_year=2019,
                             capacity=3)
    return {
        "zh": zh, "ly": ly, "other": other, "pairing": pairing, "base": base,
        "route": services.route_add(actor=None, base=base, name="石窟线", days=5,
                                    price_per_day="200"),
        "officer": UserFactory(username="zh_officer", role=Role.OFFICER, union=zh),
        "ly_officer": UserFactory(username="ly_officer", role=Role.OFFICER, union=ly),
        "other_officer": UserFactory(username="o_officer", role=Role.OFFICER, union=other),
    }


def plan(s, days, *, paired=False, route=None, start=START, actor=None):
    return services.trip_plan(actor=actor, route=route or s["route"], union=s["zh"],
                              starts_on=start, ends_on=start + dt.timedelta(days=days - 1),
                              pairing=s["pairing"] if paired else None)


@pytest.mark.parametrize(("days", "paired", "ok"),
                         [(4, False, True), (5, False, True), (6, False, False),
                          (7, True, True), (8, True, False)])
def test_maximum_days_at_and_around_limit(setup, days, paired, ok):
    if ok:
        trip = plan(setup, days, paired=paired)
        assert trip.days == days
    else:
        name = "Maximum days in a paired region" if paired else "Maximum days:"
        with pytest.raises(DomainError, match=name) as err:
            plan(setup, days, paired=paired)
        assert f"lasts {days} days" in str(err.value)
        assert Trip.objects.count() == 0


@pytest.mark.parametrize(("price", "ok"), [("399.99", True), ("400.00", True), ("400.01", False)])
def test_cost_per_day_at_and_around_limit(setup, price, ok):
    route = services.route_add(actor=None, base=setup["base"], name="x", days=2,
                               price_per_day=price)
    if ok:
        assert plan(setup, 2, route=route).cost_per_person == D(price) * 2
    else:
        with pytest.raises(DomainError, match="Maximum cost per person per day: the route "
                                              "costs 400.01 CNY, the rules allow at most 400.00"):
            plan(setup, 2, route=route)
        assert Trip.objects.count() == 0


@pytest.mark.parametrize(("second_days", "ok"), [(4, True), (5, True), (6, False)])
def test_cost_per_year_at_and_around_limit(setup, second_days, ok):
    """Worker 周 goes on a 5-day trip (1,000 CNY) and a paired trip of n days at 200 CNY:
    2,000 CNY a year is the limit."""
    worker = Worker.objects.create(union=setup["zh"], name="周建国")
    first = plan(setup, 5)
    services.participant_add(actor=None, trip=first, worker=worker, group="frontline")
    second = plan(setup, second_days, paired=True, start=dt.date(2024, 10, 8))
    if ok:
        services.participant_add(actor=None, trip=second, worker=worker, group="model_worker")
        assert services.year_cost(worker, 2024) == D(200 * (5 + second_days))
    else:
        with pytest.raises(DomainError, match="Maximum cost per person per year: 周建国's trips "
                                              "in 2024 would cost 2200.00 CNY"):
            services.participant_add(actor=None, trip=second, worker=worker, group="frontline")
        assert not second.participants.exists()
        # Cancelling the first trip frees the year's budget.
        services.trip_cancel(actor=None, trip=first, reason="台风")
        services.participant_add(actor=None, trip=second, worker=worker, group="frontline")
        assert services.year_cost(worker, 2024) == D("1200.00")


def test_trip_alone_over_yearly_maximum(setup):
    route = services.route_add(actor=None, base=setup["base"], name="长线", days=7,
                               price_per_day="300")
    with pytest.raises(DomainError, match="the trip alone costs 2100.00 CNY"):
        plan(setup, 7, paired=True, route=route)


def test_no_rules_in_force(setup):
    with pytest.raises(DomainError, match="no recuperation rules are in force on 2023-12-31"):
        plan(setup, 2, start=dt.date(2023, 12, 31))


def test_participants_capacity_scope_and_status(setup):
    trip = plan(setup, 3, paired=True, actor=setup["officer"])
    assert trip.host_union == setup["ly"]
    workers = [Worker.objects.create(union=setup["zh"], name=f"职工{i}") for i in range(4)]
    for w in workers[:3]:
        services.participant_add(actor=setup["officer"], trip=trip, worker=w, group="skilled")
    with pytest.raises(DomainError, match="Capacity: the base takes at most 3"):
        services.participant_add(actor=None, trip=trip, worker=workers[3], group="skilled")
    outsider = Worker.objects.create(union=setup["other"], name="外人")
    with pytest.raises(DomainError, match="not a worker of"):
        services.participant_add(actor=None, trip=Trip.objects.get(), worker=outsider,
                                 group="skilled")
    with pytest.raises(PermissionDenied):  # the host may see it but not add participants
        services.participant_add(actor=setup["ly_officer"], trip=trip, worker=workers[3],
                                 group="skilled")
    assert Trip.objects.visible_to(setup["ly_officer"]).count() == 1
    assert Trip.objects.visible_to(setup["other_officer"]).count() == 0
    services.trip_complete(actor=setup["officer"], trip=trip)
    with pytest.raises(InvalidTransition):
        services.trip_cancel(actor=None, trip=trip, reason="x")
    assert list(TripEvent.objects.values_list("action", flat=True)) == [
        "plan", "participant", "participant", "participant", "done"]
    assert Participant.objects.count() == 3


def test_exchange_each_way_and_report(setup):
    zh_workers = [Worker.objects.create(union=setup["zh"], name=f"镇海{i}") for i in range(3)]
    ly_workers = [Worker.objects.create(union=setup["ly"], name=f"龙游{i}") for i in range(2)]
    sent = plan(setup, 3, paired=True)
    for w in zh_workers:
        services.participant_add(actor=None, trip=sent, worker=w, group="frontline")
    back = services.trip_plan(actor=None, route=setup["route"], union=setup["ly"],
                              starts_on=dt.date(2024, 9, 2), ends_on=dt.date(2024, 9, 4),
                              pairing=setup["pairing"])
    for w in ly_workers:
        services.participant_add(actor=None, trip=back, worker=w, group="near_retirement")
    assert back.host_union == setup["zh"]
    plan(setup, 2)  # an ordinary trip, not an exchange
    assert selectors.exchange_by_year(setup["pairing"]) == [
        {"year": 2024, "giver_to_receiver": 3, "receiver_to_giver": 2}]
    zh = run_report("pairing", setup["zh"], date_from=dt.date(2024, 1, 1))
    assert (zh["trips_sent"], zh["workers_sent"], zh["trips_received"],
            zh["workers_received"]) == (1, 3, 1, 2)
    rec = run_report("recuperation", setup["zh"])
    assert (rec["trips"], rec["trip_workers"], rec["trip_cost_cny"]) == (2, 3, 1800.0)
    ly = run_report("pairing", setup["ly"])
    assert (ly["trips_sent"], ly["trips_received"]) == (1, 1)
    assert run_report("pairing", setup["other"])["trips_sent"] == 0
