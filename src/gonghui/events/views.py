"""Pages of union events: list, detail (figures, rounds), create, figures. Reads go
through the scope rule, writes through :mod:`.services`; a refused action is shown as a
message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.competitions.forms import DateRangeForm
from gonghui.core import submissions
from gonghui.core.errors import DomainError
from gonghui.core.forms import apply_form
from gonghui.core.scope import get_visible_or_404

from . import forms, services
from .models import Event, EventFigure, Unit
from .selectors import event_brief, event_figures


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Event.objects.visible_to(request.user)
        .select_related("union")
        .prefetch_related(Prefetch("figures", queryset=EventFigure.objects.order_by("metric")))
    )
    kind = request.GET.get("kind", "")
    if kind in Event.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "events/list.html", {"page": page, "kinds": Event.Kind.choices, "kind": kind})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(Event.objects.select_related("union"), request.user, pk=pk)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "figures": event.figures.all(),
            "rounds": event.rounds.all(),
            "named": event.participant_workers.all(),
            "figure_form": forms.FigureForm(),
            "round_form": forms.RoundForm(),
        },
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    """Record an event and its figures. The form carries a one-time submission key
    (:mod:`gonghui.core.submissions`): the same form sent again records nothing and opens
    the event it recorded."""
    submission = submissions.submission_key(request)
    if request.method == "POST":
        done = submissions.recorded_visible(request, "event", submission,
                                            Event.objects.visible_to(request.user))
        if done:
            messages.info(request, _("This event was already recorded: the form was sent "
                                     "twice, and nothing was recorded again."))
            return redirect("events:detail", pk=done)
    form = forms.EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                actor=request.user,
                union=data["union"],
                kind=data["kind"],
                name=data["name"],
                date=data["date"],
                place=data["place"],
                description=data["description"],
                figures=data["figures"],
            )
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            submissions.remember(request, "event", submission, event.pk)
            messages.success(request, _("Event recorded."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "submission": submission})


@login_required
def figure_set(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(Event, request.user, pk=pk)
    if request.method == "POST":
        form = forms.FigureForm(request.POST)
        apply_form(request, form, services.event_set_figure, _("Figure saved."),
                   actor=request.user, event=event)
    return redirect("events:detail", pk=event.pk)


@login_required
def round_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(Event, request.user, pk=pk)
    if request.method == "POST":
        form = forms.RoundForm(request.POST)
        apply_form(request, form, services.round_add, _("Selection round recorded."),
                   actor=request.user, event=event)
    return redirect("events:detail", pk=event.pk)


FIGURE_LABELS = [
    ("events", gettext_lazy("Events"), ""),
    ("participants", gettext_lazy("Participants"), Unit.PERSONS.label),
    ("blood_donors", gettext_lazy("Blood donors"), Unit.PERSONS.label),
    ("blood_volume_ml", gettext_lazy("Blood volume"), Unit.ML.label),
    ("stem_cell_registrations", gettext_lazy("Stem-cell registrations"), Unit.PERSONS.label),
    ("thank_you_letters", gettext_lazy("Thank-you letters"), Unit.LETTERS.label),
    ("selection_entrants", gettext_lazy("Entrants in first selection rounds"), Unit.PERSONS.label),
]


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    form = DateRangeForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    union = request.user.union
    data = brief = None
    rows = []
    if union is not None:
        data = event_figures(union, date_from=period.get("date_from"), date_to=period.get("date_to"))
        brief = event_brief(data)
        rows = [(key, label, data[key], unit) for key, label, unit in FIGURE_LABELS]
    return render(
        request,
        "events/figures.html",
        {"form": form, "figures": data, "rows": rows, "brief": brief, "union": union},
    )
