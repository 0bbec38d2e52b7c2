"""Forms of the recuperation pages; choices are limited to the user's scope."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Region, Union, Worker
from gonghui.pairing.forms import DATE, DATE_VALUE, Styled, partner_unions
from gonghui.pairing.models import Pairing

from .models import Base, Participant, Route, Rules


class TripForm(Styled):
    route = forms.ModelChoiceField(queryset=Route.objects.select_related("base"), label=_("Route"))
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Organising union"))
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    pairing = forms.ModelChoiceField(queryset=Pairing.objects.none(), required=False,
                                     label=_("Exchange with the paired union"))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.visible_to(user)
        if user.union_id:
            self.fields["union"].initial = user.union_id
        self.fields["pairing"].queryset = Pairing.objects.visible_to(user).select_related(
            "giver", "receiver")


class ParticipantForm(Styled):
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("Worker"))
    group = forms.ChoiceField(label=_("Priority group"), choices=Participant.Group.choices)

    def __init__(self, *args, trip, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = Worker.objects.filter(
            Q(union__path__startswith=trip.union.path)).exclude(
            pk__in=trip.participants.values("worker"))


# ---------------------------------------------------------------- administration pages

class BaseForm(Styled):
    """A recuperation base: a name no other base has, a plausible year, at least one bed."""

    name = forms.CharField(label=_("Name"), max_length=100)
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False,
                                    label=_("Region"))
    host_union = forms.ModelChoiceField(queryset=Union.objects.none(), required=False,
                                        label=_("Union of the base's region"))
    certified_year = forms.IntegerField(label=_("Certified in"), min_value=1950,
                                        max_value=2100)
    capacity = forms.IntegerField(label=_("Capacity (persons)"), min_value=1)

    def __init__(self, *args, user, instance: Base | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "region": instance.region_id,
                "host_union": instance.host_union_id,
                "certified_year": instance.certified_year, "capacity": instance.capacity})
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["region"].queryset = Region.objects.exclude(level=Region.Level.TOWN)
        self.fields["host_union"].queryset = partner_unions(user)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Base.objects.filter(name=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A base of this name is registered already."))
        return name


class RouteForm(Styled):
    """A route of a base: days (1-365) and CNY per person per day (more than zero)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365)
    price_per_day = forms.DecimalField(label=_("Price (CNY per person per day)"),
                                       min_value=Decimal("0.01"), max_digits=10,
                                       decimal_places=2)

    def __init__(self, *args, instance: Route | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name, "days": instance.days,
                                          "price_per_day": instance.price_per_day})
        super().__init__(*args, **kwargs)


class RulesForm(Styled):
    """Rules of ``owner``'s subtree from a day (one set per owner and day): costs in CNY
    (more than zero), days at least one, the paired maximum not shorter."""

    effective_from = forms.DateField(label=_("In force from"), widget=DATE_VALUE)
    max_cost_per_day = forms.DecimalField(
        label=_("Maximum cost per person per day"), help_text=_("CNY"),
        min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    max_cost_per_year = forms.DecimalField(
        label=_("Maximum cost per person per year"), help_text=_("CNY"),
        min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    max_days = forms.IntegerField(label=_("Maximum days"), min_value=1, max_value=365)
    max_days_paired = forms.IntegerField(
        label=_("Maximum days in a paired region"), min_value=1, max_value=365,
        help_text=_("For exchange trips to the paired union's region; not shorter than the "
                    "maximum days."))
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args, owner, instance: Rules | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                name: getattr(instance, name) for name in (
                    "effective_from", "max_cost_per_day", "max_cost_per_year", "max_days",
                    "max_days_paired", "source")})
        super().__init__(*args, **kwargs)
        self.owner, self.instance = owner, instance

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        others = Rules.objects.filter(owner=self.owner, effective_from=day)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("There are rules from this day already; change "
                                          "those instead."))
        return day

    def clean(self):
        data = super().clean()
        days, paired = data.get("max_days"), data.get("max_days_paired")
        if days and paired and paired < days:
            self.add_error("max_days_paired", _("May not be shorter than the maximum days."))
        return data
