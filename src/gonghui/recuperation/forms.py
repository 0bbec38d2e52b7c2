"""Forms of the recuperation pages; choices are limited to the user's scope."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Union, Worker
from gonghui.pairing.forms import DATE, Styled
from gonghui.pairing.models import Pairing

from .models import Participant, Route


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
