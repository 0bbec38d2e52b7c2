"""The ``recuperation`` report (worker recuperation trips of a union subtree)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, merge_totals, prefix_totals, register

from .models import Participant, Trip
from .selectors import _period, trip_figures


def trips_by_child(union, *, date_from=None, date_to=None, prefix_length: int) -> dict:
    """Trips organised by each child's unions in the period (not cancelled) and the
    workers on them, one query per table."""
    trips = _period(Trip.objects.exclude(status=Trip.Status.CANCELLED), date_from, date_to).filter(
        union__path__startswith=union.path)
    return merge_totals(
        prefix_totals(trips, "union__path", prefix_length, trips=Count("id")),
        prefix_totals(Participant.objects.filter(trip__in=trips), "trip__union__path", prefix_length,
                      trip_workers=Count("id")),
    )

RECUPERATION = register(Report(
    name="recuperation", title=_("Worker recuperation"), compute=trip_figures,
    by_child=trips_by_child,
    by_child_labels={"trips": _("trips organised"), "trip_workers": _("workers on trips (persons)")},
    labels={
        "trips": _("trips organised"),
        "trip_workers": _("workers on trips (persons)"),
        "trip_cost_cny": _("cost of trips (CNY)"),
        "trips_sent": _("exchange trips sent"),
        "workers_sent": _("workers sent (persons)"),
        "trips_received": _("exchange trips received"),
        "workers_received": _("workers received (persons)"),
    },
))
