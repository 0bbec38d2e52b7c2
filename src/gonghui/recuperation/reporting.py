"""The ``recuperation`` report (worker recuperation trips of a union subtree)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

from .selectors import trip_figures

RECUPERATION = register(Report(
    name="recuperation", title=_("Worker recuperation"), compute=trip_figures,
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
