"""Pages of worker recuperation: trips (with the rules in force), plan a trip, a trip
with its participants. Reads through the scope rule; writes through :mod:`.services`,
a broken rule shown as the message naming it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.scope import get_visible_or_404

from . import forms, services
from .models import Route, Trip


@login_required
def trip_list(request: HttpRequest) -> HttpResponse:
    qs = Trip.objects.visible_to(request.user).select_related("route__base", "union",
                                                             "host_union")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "recuperation/list.html", {
        "page": page, "rules": services.rules_in_force(timezone.localdate(), request.user.union),
        "routes": Route.objects.select_related("base__region"), "tab": "trips",
    })


@login_required
def trip_create(request: HttpRequest) -> HttpResponse:
    form = forms.TripForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.trip_plan(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Trip planned."))
            return redirect("recuperation:detail", pk=trip.pk)
    return render(request, "recuperation/form.html", {"form": form})


@login_required
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_visible_or_404(Trip.objects.select_related("route__base", "union", "host_union"),
                              request.user, pk=pk)
    return render(request, "recuperation/detail.html", {
        "trip": trip, "participants": trip.participants.select_related("worker"),
        "events": trip.events.select_related("actor"),
        "form": forms.ParticipantForm(trip=trip),
    })


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_visible_or_404(Trip.objects.select_related("route__base", "union"), request.user,
                              pk=pk)
    form = forms.ParticipantForm(request.POST, trip=trip)
    if form.is_valid():
        try:
            services.participant_add(actor=request.user, trip=trip, **form.cleaned_data)
        except DomainError as err:
            messages.error(request, str(err))
        else:
            messages.success(request, _("Participant added."))
    else:
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
    return redirect("recuperation:detail", pk=trip.pk)
