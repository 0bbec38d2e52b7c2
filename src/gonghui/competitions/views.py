"""Pages of competitions and craftsman services: lists, detail, create forms, figures.
Every read goes through the scope rule; every write through :mod:`.services`; a
refused action is shown as a message, never a server error."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import submissions
from gonghui.core.errors import DomainError
from gonghui.core.forms import apply_form
from gonghui.core.scope import get_visible_or_404
from gonghui.services.models import Visit

from . import forms, services
from .models import Award, Competition, CraftsmanService, Incident, KeyProject
from .selectors import competition_brief, competition_figures


@login_required
def competition_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Competition.objects.visible_to(request.user)
        .select_related("union", "parent")
        .annotate(n_entries=Count("entries", distinct=True), n_projects=Count("key_projects", distinct=True))
        .order_by("-start_date", "name", "id")
    )
    kind = request.GET.get("kind", "")
    if kind in Competition.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "competitions/list.html",
        {"page": page, "kinds": Competition.Kind.choices, "kind": kind},
    )


@login_required
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_visible_or_404(
        Competition.objects.select_related("union", "parent"), request.user, pk=pk
    )
    return _render_detail(request, competition)


def _render_detail(request: HttpRequest, competition: Competition, *, entry_form=None,
                   award_form=None) -> HttpResponse:
    """The competition page, with a refused entry or award form shown with its errors
    and input."""
    entries = competition.entries.select_related("worker", "enterprise").prefetch_related(
        Prefetch("awards", queryset=Award.objects.order_by("id"))
    ).order_by("rank", "id")
    return render(
        request,
        "competitions/detail.html",
        {
            "competition": competition,
            "entries": entries,
            "projects": competition.key_projects.select_related("region"),
            "contests": competition.contests.all(),
            "participant_times": entries.aggregate(n=Sum("persons", default=0))["n"],
            "entry_form": entry_form or forms.EntryForm(user=request.user),
            "submission": submissions.submission_key(request),
            "award_form": award_form or forms.AwardForm(competition=competition),
        },
    )


@login_required
def competition_create(request: HttpRequest) -> HttpResponse:
    form = forms.CompetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_create(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Competition recorded."))
            return redirect("competitions:detail", pk=competition.pk)
    return render(request, "competitions/form.html", {"form": form, "title": _("New competition")})


@require_POST
@login_required
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an entry. The form carries a one-time submission key
    (:mod:`gonghui.core.submissions`): the same form sent again adds nothing."""
    competition = get_visible_or_404(Competition, request.user, pk=pk)
    submission = submissions.submission_key(request)
    if submissions.recorded(request, "entry", submission):
        messages.info(request, _("This entry was already added: the form was sent twice, "
                                 "and nothing was recorded again."))
        return redirect("competitions:detail", pk=competition.pk)
    form = forms.EntryForm(request.POST, user=request.user)
    if not apply_form(request, form, services.entry_add, _("Entry added; ranks recomputed."),
                      inline=True, actor=request.user, competition=competition):
        return _render_detail(request, competition, entry_form=form)
    submissions.remember(request, "entry", submission, competition.pk)
    return redirect("competitions:detail", pk=competition.pk)


@require_POST
@login_required
def award_grant(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_visible_or_404(Competition, request.user, pk=pk)
    form = forms.AwardForm(request.POST, competition=competition)
    if not apply_form(request, form, services.award_grant, _("Award recorded."), inline=True,
                      actor=request.user):
        return _render_detail(request, competition, award_form=form)
    return redirect("competitions:detail", pk=competition.pk)


@login_required
def key_project_list(request: HttpRequest) -> HttpResponse:
    projects = (
        KeyProject.objects.visible_to(request.user)
        .select_related("union", "region")
        .annotate(n_competitions=Count("competitions"))
        .order_by("name", "id")
    )
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(request, "competitions/key_projects.html", {"page": page})


@login_required
def key_project_create(request: HttpRequest) -> HttpResponse:
    form = forms.KeyProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.key_project_create(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Key project recorded."))
            return redirect("competitions:key_projects")
    return render(request, "competitions/form.html", {"form": form, "title": _("New key project")})


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    form = forms.IncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_record(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Incident recorded: it bars awards in competitions of its period."))
            return redirect("competitions:incidents")
    return render(request, "competitions/form.html", {"form": form, "title": _("Record an incident")})


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = Incident.objects.visible_to(request.user).select_related("enterprise", "worker", "union")
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(request, "competitions/incidents.html", {"page": page})


@login_required
def craftsman_list(request: HttpRequest) -> HttpResponse:
    visits = (
        Visit.objects.visible_to(request.user)
        .filter(craftsman_services__isnull=False)
        .distinct()
        .select_related("team", "enterprise", "union")
        .prefetch_related(
            Prefetch("craftsman_services", queryset=CraftsmanService.objects.prefetch_related("experts")),
            "items",
        )
    )
    page = Paginator(visits, 25).get_page(request.GET.get("page"))
    return render(request, "competitions/craftsman_list.html", {"page": page})


@login_required
def craftsman_create(request: HttpRequest) -> HttpResponse:
    form = forms.CraftsmanVisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = data["team"]
        experts = tuple(team.experts.all())
        sessions = [
            services.SessionSpec(
                topic=data["topic_1"], attendees=data["attendees_1"], hours=data["hours_1"],
                feedback=data["feedback_1"], experts=experts,
            )
        ]
        if data.get("topic_2"):
            sessions.append(
                services.SessionSpec(
                    topic=data["topic_2"], attendees=data["attendees_2"], hours=data["hours_2"],
                    feedback=data["feedback_2"], experts=experts,
                )
            )
        try:
            services.craftsman_visit_record(
                actor=request.user, team=team, enterprise=data["enterprise"], date=data["date"],
                notes=data["notes"], sessions=sessions, resolves=data.get("resolves"),
            )
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Craftsman service visit recorded."))
            return redirect("competitions:craftsman")
    return render(
        request, "competitions/form.html", {"form": form, "title": _("Record a craftsman service visit")}
    )


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    form = forms.DateRangeForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    union = request.user.union
    data = brief = None
    if union is not None:
        data = competition_figures(
            union, date_from=period.get("date_from"), date_to=period.get("date_to")
        )
        brief = competition_brief(data)
    return render(
        request,
        "competitions/figures.html",
        {
            "form": form,
            "figures": data,
            "rows": [(label, data[key]) for key, label in FIGURE_LABELS] if data else [],
            "brief": brief,
            "union": union,
        },
    )


FIGURE_LABELS = [
    ("competitions", gettext_lazy("Competitions and contests")),
    ("key_projects", gettext_lazy("Key projects served")),
    ("participant_times", gettext_lazy("Participant-times")),
    ("titles_awarded", gettext_lazy("Titles awarded")),
    ("chief_workers", gettext_lazy("Chief workers")),
    ("technical_experts", gettext_lazy("Technical experts")),
    ("pioneer_teams", gettext_lazy("Workers' Pioneer teams")),
    ("may_day_medals", gettext_lazy("May Day medals")),
    ("craftsman_visits", gettext_lazy("Craftsman service visits")),
    ("craftsman_attendees", gettext_lazy("Craftsman service attendees")),
    ("craftsman_hours", gettext_lazy("Craftsman service hours")),
]
