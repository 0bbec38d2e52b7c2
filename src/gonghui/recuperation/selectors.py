"""Reads of worker recuperation: trips and the exchange between paired unions.

A trip counts for a union subtree when its organiser is in the subtree (``trips``,
``trips_sent`` for exchange trips) or, for exchange trips, when its host is
(``trips_received``); cancelled trips never count; a trip belongs to the period of its
first day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from gonghui.orgs.models import Union

from .models import Participant, Trip


def _period(qs: QuerySet, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet:
    if date_from:
        qs = qs.filter(starts_on__gte=date_from)
    if date_to:
        qs = qs.filter(starts_on__lte=date_to)
    return qs


def trip_figures(
    union: Union, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> dict:
    """Trips of ``union``'s subtree in the period: all trips organised, exchange trips
    sent and received, workers on each (persons), and the cost (CNY, persons x days x
    price per day) of the organised trips. Two queries."""
    live = _period(Trip.objects.exclude(status=Trip.Status.CANCELLED), date_from, date_to)
    organised = live.filter(union__path__startswith=union.path)
    received = live.filter(pairing__isnull=False, host_union__path__startswith=union.path)
    cost = Decimal("0.00")
    trips = trip_workers = trips_sent = workers_sent = 0
    # One row per organised trip with its participants (trips are few: hundreds a year).
    for trip in organised.select_related("route").annotate(n=Count("participants")):
        cost += trip.cost_per_person * trip.n
        trips += 1
        trip_workers += trip.n
        if trip.pairing_id is not None:
            trips_sent += 1
            workers_sent += trip.n
    received_counts = received.aggregate(
        trips=Count("id", distinct=True), workers=Count("participants"))
    return {
        "trips": trips,
        "trip_workers": trip_workers,
        "trip_cost_cny": float(cost),
        "trips_sent": trips_sent,
        "workers_sent": workers_sent,
        "trips_received": received_counts["trips"],
        "workers_received": received_counts["workers"],
    }


def exchange_by_year(pairing) -> list[dict]:
    """Workers sent each way per year on a pairing's exchange trips (cancelled not
    counted): ``[{"year", "giver_to_receiver", "receiver_to_giver"}]``, oldest first."""
    rows: dict[int, dict] = {}
    qs = (
        Participant.objects.filter(trip__pairing=pairing)
        .exclude(trip__status=Trip.Status.CANCELLED)
        .order_by()
        .values("trip__starts_on__year")
        .annotate(
            out=Count("id", filter=Q(trip__union=pairing.giver_id)),
            back=Count("id", filter=Q(trip__union=pairing.receiver_id)),
        )
    )
    for row in qs:
        year = row["trip__starts_on__year"]
        rows[year] = {"year": year, "giver_to_receiver": row["out"],
                      "receiver_to_giver": row["back"]}
    return [rows[y] for y in sorted(rows)]
