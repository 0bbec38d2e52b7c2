"""The administration pages of worker recuperation (not Django's admin site): a
federation's admin registers and changes the bases and routes their union owns and sets
the recuperation rules of their subtree (dated; the rules set above it apply as well, the
strictest limit winning, see :func:`.services.rules_in_force` and decision 0008).

Admins only (anyone else: 403); records owned outside the admin's subtree answer 404;
bad input is shown on its field and a refused save changes nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.pairing.manage import admin_required, form_page, get_or_404
from gonghui.pairing.selectors import inherited, owned_by_scope

from . import forms, services
from .models import Base, Route, Rules

TAB = "manage_recuperation"


def _hub(anchor: str = "") -> str:
    return reverse("recuperation:manage") + (f"#{anchor}" if anchor else "")


def _bases(user):
    return owned_by_scope(Base.objects.select_related("region", "host_union", "owner"), user)


@admin_required
def index(request: HttpRequest) -> HttpResponse:
    """The rules of the admin's scope, the rules set above it (read only), the rules in
    force today for the admin's union, and the bases the scope owns with their routes."""
    user = request.user
    rules = Rules.objects.select_related("owner")
    return render(request, "recuperation/manage.html", {
        "rules": owned_by_scope(rules, user),
        "inherited_rules": inherited(rules, user.union) if user.union_id else [],
        "in_force": services.rules_in_force(timezone.localdate(), user.union),
        "bases": _bases(user).prefetch_related("routes"),
        "tab": TAB,
    })


@admin_required
def rules_create(request: HttpRequest) -> HttpResponse:
    owner = request.user.union
    form = forms.RulesForm(request.POST or None, owner=owner)

    def save(data):
        return services.rules_set(actor=request.user, owner=owner, **data)

    return form_page(request, form, save, title=_("New recuperation rules"),
                     back=_hub("rules"), saved=_("Rules saved."), tab=TAB)


@admin_required
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rules = get_or_404(owned_by_scope(Rules.objects.all(), request.user), pk=pk)
    form = forms.RulesForm(request.POST or None, owner=rules.owner, instance=rules)

    def save(data):
        return services.rules_update(actor=request.user, rules=rules, **data)

    return form_page(request, form, save, title=_("Edit recuperation rules"),
                     heading=f"{rules.effective_from:%Y-%m-%d}", back=_hub("rules"),
                     saved=_("Rules saved."), tab=TAB)


@admin_required
def base_create(request: HttpRequest) -> HttpResponse:
    form = forms.BaseForm(request.POST or None, user=request.user)

    def save(data):
        return services.base_add(actor=request.user, owner=request.user.union, **data)

    return form_page(request, form, save, title=_("New recuperation base"),
                     back=_hub("bases"), saved=_("Base saved."), tab=TAB)


@admin_required
def base_edit(request: HttpRequest, pk: int) -> HttpResponse:
    base = get_or_404(_bases(request.user), pk=pk)
    form = forms.BaseForm(request.POST or None, user=request.user, instance=base)

    def save(data):
        return services.base_update(actor=request.user, base=base, **data)

    return form_page(request, form, save, title=_("Edit recuperation base"), heading=base.name,
                     back=_hub(f"base-{base.pk}"), saved=_("Base saved."), tab=TAB)


@admin_required
def route_create(request: HttpRequest, pk: int) -> HttpResponse:
    base = get_or_404(_bases(request.user), pk=pk)
    form = forms.RouteForm(request.POST or None)

    def save(data):
        return services.route_add(actor=request.user, base=base, **data)

    return form_page(request, form, save, title=_("New route"), heading=base.name,
                     back=_hub(f"base-{base.pk}"), saved=_("Route saved."), tab=TAB)


@admin_required
def route_edit(request: HttpRequest, pk: int) -> HttpResponse:
    route = get_or_404(owned_by_scope(Route.objects.select_related("base__owner"),
                                      request.user, "base__owner__path"), pk=pk)
    form = forms.RouteForm(request.POST or None, instance=route)

    def save(data):
        return services.route_update(actor=request.user, route=route, **data)

    return form_page(request, form, save, title=_("Edit route"), heading=str(route),
                     back=_hub(f"base-{route.base_id}"), saved=_("Route saved."),
                     tab=TAB)
