"""The administration pages of pairing assistance (not Django's admin site): a
federation's admin creates and changes, within their scope, pairings, agreements and
their commitments, consumption-assistance products and outlets, and the festival-gift
share target. See decision 0008.

* Only admins (role ``admin``, or superusers) reach these pages; anyone else gets 403.
* An admin changes the pairings in which their union's subtree holds one side, and the
  agreements, commitments and outlets under them; products and targets owned by a union
  of their subtree. Any other id answers 404, as if it did not exist.
* Bad input is shown on the field it concerns; each save is one transaction through
  :mod:`.services`, so a refused save changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role
from gonghui.core.errors import DomainError

from . import forms, selectors, services
from .models import Agreement, Commitment, ConsumptionTarget, Outlet, Product


def admin_required(view: Callable) -> Callable:
    """A page for admins only: log in first; any other role gets 403 (before any record
    is looked up, so a refused user learns nothing about ids)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_role(Role.ADMIN):
            raise HttpForbidden(_("Only an administrator may open this page."))
        return view(request, *args, **kwargs)

    return wrapped


def get_or_404(queryset, **lookup):
    """The one record of ``queryset`` (already limited to what the admin may change)
    matching ``lookup``; Http404 otherwise."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def form_page(request: HttpRequest, form, save: Callable[[dict], object], *, title: str,
              back: str, saved: str, heading: str = "", multipart: bool = False,
              template: str = "pairing/manage_form.html", tab: str = "manage") -> HttpResponse:
    """Render ``form``; on a valid POST call ``save(cleaned_data)`` in one transaction and
    go ``back`` with the message ``saved``. A service's refusal (DomainError) is shown on
    the field it names, or above the form, and nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save(form.cleaned_data)
        except DomainError as err:
            forms.attach_error(form, err)
        else:
            messages.success(request, saved)
            return redirect(back)
    return render(request, template, {
        "form": form, "title": title, "heading": heading, "back": back,
        "multipart": multipart, "tab": tab,
    })


def _owner(user):
    return user.union  # None for a superuser without a union: platform-wide records


def _managed(user):
    return selectors.manageable_pairings(user).select_related("giver", "receiver")


def _hub(anchor: str = "") -> str:
    return reverse("pairing:manage") + (f"#{anchor}" if anchor else "")


@admin_required
def index(request: HttpRequest) -> HttpResponse:
    """The admin's pairings with their agreements, commitments and outlets; the products
    and festival-gift targets of the admin's scope, and the targets set above it."""
    user = request.user
    pairings = _managed(user).prefetch_related(
        Prefetch("agreements", queryset=Agreement.objects.prefetch_related("commitments")),
        "outlets",
    )
    targets = ConsumptionTarget.objects.select_related("owner")
    return render(request, "pairing/manage.html", {
        "pairings": pairings,
        "products": selectors.owned_by_scope(
            Product.objects.select_related("owner", "origin", "pairing__receiver"), user),
        "targets": selectors.owned_by_scope(targets, user),
        "inherited_targets": selectors.inherited(targets, user.union) if user.union_id else [],
        "tab": "manage",
    })


# ---------------------------------------------------------------- pairings

@admin_required
def pairing_create(request: HttpRequest) -> HttpResponse:
    form = forms.ManagedPairingForm(request.POST or None, user=request.user)

    def save(data):
        return services.pairing_create(actor=request.user, **data)

    return form_page(request, form, save, title=_("New pairing"), back=_hub(),
                     saved=_("Pairing saved."))


@admin_required
def pairing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_or_404(_managed(request.user), pk=pk)
    form = forms.ManagedPairingForm(request.POST or None, user=request.user, instance=pairing)

    def save(data):
        return services.pairing_update(actor=request.user, pairing=pairing, **data)

    return form_page(request, form, save, title=_("Edit pairing"), heading=str(pairing),
                     back=_hub(f"pairing-{pairing.pk}"), saved=_("Pairing saved."))


# ---------------------------------------------------------------- agreements, commitments

@admin_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_or_404(_managed(request.user), pk=pk)
    form = forms.ManagedAgreementForm(request.POST or None, request.FILES or None)

    def save(data):
        return services.agreement_add(actor=request.user, pairing=pairing, **data)

    return form_page(request, form, save, title=_("New agreement"), heading=str(pairing),
                     back=_hub(f"pairing-{pairing.pk}"), saved=_("Agreement saved."),
                     multipart=True)


@admin_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_or_404(Agreement.objects.filter(pairing__in=_managed(request.user))
                           .select_related("pairing__giver", "pairing__receiver"), pk=pk)
    form = forms.ManagedAgreementForm(request.POST or None, request.FILES or None,
                                      instance=agreement)

    def save(data):
        return services.agreement_update(actor=request.user, agreement=agreement, **data)

    return form_page(request, form, save, title=_("Edit agreement"),
                     heading=f"{agreement.pairing} · {agreement.title}",
                     back=_hub(f"agreement-{agreement.pk}"), saved=_("Agreement saved."),
                     multipart=True)


def _agreements(user):
    return Agreement.objects.filter(pairing__in=selectors.manageable_pairings(user))


@admin_required
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_or_404(_agreements(request.user).select_related("pairing"), pk=pk)
    form = forms.ManagedCommitmentForm(request.POST or None)

    def save(data):
        data = {k: v for k, v in data.items() if k != "version"}
        return services.commitment_add(actor=request.user, agreement=agreement, **data)

    return form_page(request, form, save, title=_("New commitment"), heading=agreement.title,
                     back=_hub(f"agreement-{agreement.pk}"), saved=_("Commitment saved."))


@admin_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_or_404(
        Commitment.objects.filter(agreement__in=_agreements(request.user))
        .select_related("agreement__pairing"), pk=pk)
    form = forms.ManagedCommitmentForm(request.POST or None, instance=commitment)

    def save(data):
        return services.commitment_update(actor=request.user, commitment=commitment, **data)

    return form_page(request, form, save, title=_("Edit commitment"),
                     heading=commitment.agreement.title,
                     back=_hub(f"agreement-{commitment.agreement_id}"),
                     saved=_("Commitment saved."))


# ---------------------------------------------------------------- products, outlets, targets

def _products(user):
    return selectors.owned_by_scope(Product.objects.select_related("pairing"), user)


@admin_required
def product_create(request: HttpRequest) -> HttpResponse:
    form = forms.ManagedProductForm(request.POST or None, user=request.user)
    if request.user.union_id is None:
        raise Http404  # a product is registered by a union

    def save(data):
        return services.product_add(actor=request.user, owner=request.user.union, **data)

    return form_page(request, form, save, title=_("New product"), back=_hub("products"),
                     saved=_("Product saved."))


@admin_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_or_404(_products(request.user), pk=pk)
    form = forms.ManagedProductForm(request.POST or None, user=request.user, instance=product)

    def save(data):
        return services.product_update(actor=request.user, product=product, **data)

    return form_page(request, form, save, title=_("Edit product"), heading=product.name,
                     back=_hub("products"), saved=_("Product saved."))


@admin_required
def outlet_create(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_or_404(_managed(request.user), pk=pk)
    form = forms.ManagedOutletForm(request.POST or None)

    def save(data):
        return services.outlet_add(actor=request.user, pairing=pairing, **data)

    return form_page(request, form, save, title=_("New outlet"), heading=str(pairing),
                     back=_hub(f"pairing-{pairing.pk}"), saved=_("Outlet saved."))


@admin_required
def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outlet = get_or_404(Outlet.objects.filter(pairing__in=_managed(request.user))
                        .select_related("pairing__giver", "pairing__receiver"), pk=pk)
    form = forms.ManagedOutletForm(request.POST or None, instance=outlet)

    def save(data):
        return services.outlet_update(actor=request.user, outlet=outlet, **data)

    return form_page(request, form, save, title=_("Edit outlet"),
                     heading=f"{outlet.pairing} · {outlet.name}",
                     back=_hub(f"pairing-{outlet.pairing_id}"), saved=_("Outlet saved."))


def _target_args(data: dict) -> dict:
    return {"year": data["year"], "share": data["festival_gift_share"],
            "source": data["source"]}


@admin_required
def target_create(request: HttpRequest) -> HttpResponse:
    owner = _owner(request.user)
    form = forms.ManagedTargetForm(request.POST or None, owner=owner)

    def save(data):
        return services.consumption_target_set(actor=request.user, owner=owner,
                                               **_target_args(data))

    return form_page(request, form, save, title=_("New festival-gift target"),
                     back=_hub("targets"), saved=_("Target saved."))


@admin_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_or_404(selectors.owned_by_scope(ConsumptionTarget.objects.all(),
                                                 request.user), pk=pk)
    form = forms.ManagedTargetForm(request.POST or None, owner=target.owner, instance=target)

    def save(data):
        return services.consumption_target_update(actor=request.user, target=target,
                                                  **_target_args(data))

    return form_page(request, form, save, title=_("Edit festival-gift target"),
                     heading=str(target.year), back=_hub("targets"), saved=_("Target saved."))
