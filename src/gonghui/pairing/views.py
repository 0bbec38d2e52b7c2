"""Pages of pairing assistance: pairings, a pairing (agreements, commitments, ledger,
delegations, outlets, exchange), a delegation (volunteers, activities, aid), consumption
assistance and the figures. Reads go through the scope rule (404 outside it), writes
through :mod:`.services`; a refused action is shown as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.assistance.services import GoodsLine
from gonghui.competitions.forms import DateRangeForm
from gonghui.core.errors import DomainError
from gonghui.core.forms import apply_form, form_errors_to_messages
from gonghui.core.scope import get_visible_or_404
from gonghui.recuperation.selectors import exchange_by_year

from . import forms, selectors, services
from .models import Agreement, Commitment, Delegation, Pairing, Product, Purchase


def _pairings(request):
    return Pairing.objects.visible_to(request.user).select_related("giver", "receiver")


@login_required
def pairing_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    overdue = selectors.overdue_commitments(
        Commitment.objects.visible_to(request.user).select_related("agreement__pairing__giver",
                                                                   "agreement__pairing__receiver"),
        today,
    )
    return render(request, "pairing/list.html",
                  {"pairings": _pairings(request), "overdue": overdue, "tab": "list"})


@login_required
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(_pairings(request), request.user, pk=pk)
    year_form = forms.YearForm(request.GET or None)
    today = timezone.localdate()
    year = (year_form.cleaned_data.get("year") if year_form.is_valid() else None) or today.year
    return render(request, "pairing/detail.html", {
        "pairing": pairing, "year": year, "today": today,
        "agreements": pairing.agreements.prefetch_related("commitments"),
        "delegations": pairing.delegations.all(),
        "ledger": selectors.ledger(pairing, year),
        "outlets": pairing.outlets.all(), "products": pairing.products.all(),
        "exchange": exchange_by_year(pairing),
        "events": pairing.events.select_related("actor").order_by("-at", "-id")[:20],
        "work_form": forms.WorkForm(), "agreement_form": forms.AgreementForm(),
        "commitment_form": forms.CommitmentForm(), "tab": "list",
    })


@login_required
@require_POST
def work_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(Pairing, request.user, pk=pk)
    form = forms.WorkForm(request.POST)
    apply_form(request, form, services.work_record, _("Ledger record saved."),
               actor=request.user, pairing=pairing)
    return redirect("pairing:detail", pk=pairing.pk)


@login_required
@require_POST
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(Pairing, request.user, pk=pk)
    form = forms.AgreementForm(request.POST, request.FILES)
    apply_form(request, form, services.agreement_add, _("Agreement saved."),
               actor=request.user, pairing=pairing)
    return redirect("pairing:detail", pk=pairing.pk)


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_visible_or_404(Agreement, request.user, pk=pk)
    form = forms.CommitmentForm(request.POST)
    apply_form(request, form, services.commitment_add, _("Commitment saved."),
               actor=request.user, agreement=agreement)
    return redirect("pairing:detail", pk=agreement.pairing_id)


@login_required
@require_POST
def commitment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    commitment = get_visible_or_404(Commitment.objects.select_related("agreement"), request.user,
                                    pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.commitment_transition(
            actor=request.user, commitment=commitment, action=action, version=version,
            achieved_value=request.POST.get("achieved_value") or None,
            note=request.POST.get("note", ""),
        )
    except DomainError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("Commitment updated."))
    return redirect("pairing:detail", pk=commitment.agreement.pairing_id)


@login_required
def delegation_create(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(_pairings(request), request.user, pk=pk)
    form = forms.DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delegation = services.delegation_record(actor=request.user, pairing=pairing,
                                                    **form.cleaned_data)
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Delegation recorded."))
            return redirect("pairing:delegation", pk=delegation.pk)
    return render(request, "pairing/delegation_form.html",
                  {"form": form, "pairing": pairing, "tab": "list"})


def _delegation(request, pk):
    return get_visible_or_404(
        Delegation.objects.select_related("pairing__giver", "pairing__receiver"),
        request.user, pk=pk)


@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _delegation(request, pk)
    return render(request, "pairing/delegation.html", {
        "delegation": delegation,
        "volunteers": delegation.volunteers.select_related("worker", "from_union"),
        "unions": delegation.unions.all(),
        "activities": delegation.activities.all(),
        "aids": delegation.aid_links.select_related("aid", "aid__union").prefetch_related(
            "aid__goods"),
        "volunteer_form": forms.VolunteerForm(pairing=delegation.pairing),
        "headcount_form": forms.HeadcountForm(
            initial={"volunteer_count": delegation.volunteer_count}),
        "activity_form": forms.ActivityForm(),
        "aid_form": forms.DelegationAidForm(), "tab": "list",
    })


@login_required
@require_POST
def volunteer_add(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _delegation(request, pk)
    form = forms.VolunteerForm(request.POST, pairing=delegation.pairing)
    apply_form(request, form, services.volunteer_add, _("Volunteer added."),
               actor=request.user, delegation=delegation)
    return redirect("pairing:delegation", pk=delegation.pk)


@login_required
@require_POST
def headcount_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or clear the reported headcount of a delegation's volunteers."""
    delegation = _delegation(request, pk)
    form = forms.HeadcountForm(request.POST)
    apply_form(request, form, services.delegation_headcount_set, _("Headcount saved."),
               actor=request.user, delegation=delegation)
    return redirect("pairing:delegation", pk=delegation.pk)


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _delegation(request, pk)
    form = forms.ActivityForm(request.POST)
    apply_form(request, form, services.activity_add, _("Activity added."),
               actor=request.user, delegation=delegation)
    return redirect("pairing:delegation", pk=delegation.pk)


@login_required
@require_POST
def aid_add(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _delegation(request, pk)
    form = forms.DelegationAidForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        goods = [
            GoodsLine(data[f"goods_name_{i}"], data[f"goods_quantity_{i}"] or 0,
                      data[f"goods_unit_{i}"], data[f"goods_value_{i}"] or 0)
            for i in range(forms.GOODS_ROWS) if data[f"goods_name_{i}"]
        ]
        try:
            services.delegation_aid_record(
                actor=request.user, delegation=delegation, file=data["file"], kind=data["kind"],
                date=data["date"], cash=data["cash"] or 0, goods=goods,
                student_name=data["student_name"], school=data["school"], grade=data["grade"],
            )
        except DomainError as err:
            messages.error(request, str(err))
        else:
            messages.success(request, _("Aid recorded."))
    else:
        form_errors_to_messages(request, form)
    return redirect("pairing:delegation", pk=delegation.pk)


@login_required
def consumption(request: HttpRequest) -> HttpResponse:
    form = forms.PurchaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.purchase_record(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, _("Purchase recorded."))
            return redirect("pairing:consumption")
    year_form = forms.YearForm(request.GET or None)
    year = (year_form.cleaned_data.get("year") if year_form.is_valid() else None) \
        or timezone.localdate().year
    union = request.user.union
    return render(request, "pairing/consumption.html", {
        "form": form, "year": year, "union": union,
        "share": selectors.festival_share(union, year) if union else None,
        "products": Product.objects.select_related("origin", "pairing__receiver"),
        "purchases": Purchase.objects.visible_to(request.user).select_related(
            "product", "union")[:50],
        "tab": "consumption",
    })


FIGURE_KEYS = [
    "pairings", "agreements", "delegations", "volunteers", "aid_cash_cny",
    "aid_goods_value_cny", "study_aid_cny", "hardship_aid_cny", "bases", "platforms",
    "mechanisms", "training_sessions", "trainees", "commitments_done", "commitments_open",
    "commitments_overdue", "purchases_cny", "festival_gift_share_pct", "trips_sent",
    "workers_sent", "trips_received", "workers_received",
]
FIGURES_TITLE = gettext_lazy("Pairing figures")


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    from .reporting import LABELS

    form = DateRangeForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    union = request.user.union
    data = brief = None
    rows = []
    if union is not None:
        data = selectors.pairing_figures(union, date_from=period.get("date_from"),
                                         date_to=period.get("date_to"))
        brief = selectors.pairing_brief(data)
        rows = [(key, LABELS[key], data[key]) for key in FIGURE_KEYS]
    return render(request, "pairing/figures.html", {
        "form": form, "figures": data, "rows": rows, "brief": brief, "union": union,
        "tab": "figures",
    })
