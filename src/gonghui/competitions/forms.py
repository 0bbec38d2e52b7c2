"""Forms of the competitions pages; every choice of a record is limited to the user's
scope. Forms only parse input: the rules live in :mod:`.services`."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.dates import COMPETITION_YEARS, bounds_error, years_from_today
from gonghui.orgs.models import Enterprise, Region, Union, Worker
from gonghui.services.models import Item, ServiceTeam

from .models import Award, Competition, CraftsmanService, Entry, Incident, KeyProject

DATE = forms.DateInput(attrs={"type": "date"})


class ScopedForm(forms.Form):
    """A form whose model choice fields are narrowed to ``user``'s scope."""

    scoped: dict[str, type] = {}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, model in self.scoped.items():
            self.fields[name].queryset = model._default_manager.visible_to(user)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            field.widget.attrs.setdefault("class", css)


class DateRangeForm(forms.Form):
    """The period of a figures page (both ends optional)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class KeyProjectForm(ScopedForm):
    scoped = {"union": Union}
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Kept by"))
    name = forms.CharField(label=_("Name"), max_length=100)
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Region"), required=False)
    owner = forms.CharField(label=_("Owner"), max_length=100, required=False)


class CompetitionForm(ScopedForm):
    scoped = {"union": Union, "parent": Competition, "key_projects": KeyProject}
    kind = forms.ChoiceField(label=_("Kind"), choices=Competition.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    theme = forms.CharField(label=_("Theme"), max_length=150, required=False)
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Organising union"))
    parent = forms.ModelChoiceField(queryset=Competition.objects.none(), label=_("Part of"), required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    key_projects = forms.ModelMultipleChoiceField(
        queryset=KeyProject.objects.none(), label=_("Key projects served"), required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The competition cannot end before it starts."))
        if data.get("start_date"):
            message = bounds_error(data["start_date"], latest=years_from_today(COMPETITION_YEARS))
            if message:
                self.add_error("start_date", message)
        if data.get("end_date") and "end_date" not in self.errors:
            message = bounds_error(data["end_date"], latest=years_from_today(COMPETITION_YEARS))
            if message:
                self.add_error("end_date", message)
        return data


class EntryForm(ScopedForm):
    scoped = {"worker": Worker, "enterprise": Enterprise}
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("Worker"), required=False)
    team_name = forms.CharField(label=_("Team or entrant name"), max_length=100, required=False)
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("Enterprise"), required=False)
    persons = forms.IntegerField(label=_("Persons"), min_value=1, initial=1)
    score = forms.DecimalField(label=_("Score"), max_digits=7, decimal_places=2, min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("worker")) == bool((data.get("team_name") or "").strip()):
            self.add_error("team_name", _("Give either a worker or a team name, not both and not neither."))
        return data


class AwardForm(forms.Form):
    entry = forms.ModelChoiceField(queryset=Entry.objects.none(), label=_("Entry"))
    title = forms.ChoiceField(label=pgettext_lazy("award", "Title"), choices=Award.Title.choices)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = competition.entries.select_related("worker")
        self.fields["entry"].label_from_instance = lambda e: f"{e.entrant_name} ({e.rank or '-'})"
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")


class IncidentForm(ScopedForm):
    scoped = {"union": Union, "enterprise": Enterprise, "worker": Worker}
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Recorded by union"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Incident.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("Enterprise"), required=False)
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label=_("Worker"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))


class CraftsmanVisitForm(ScopedForm):
    """A craftsman visit with up to two sessions, optionally resolving an item."""

    scoped = {"team": ServiceTeam, "enterprise": Enterprise, "resolves": Item}
    team = forms.ModelChoiceField(queryset=ServiceTeam.objects.none(), label=_("Craftsman service team"))
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("Enterprise"))
    date = forms.DateField(label=_("Visit date"), widget=DATE, initial=timezone.localdate)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    topic_1 = forms.ChoiceField(label=_("Topic"), choices=CraftsmanService.Topic.choices)
    attendees_1 = forms.IntegerField(label=_("Attendees"), min_value=0)
    hours_1 = forms.DecimalField(label=_("Hours"), min_value=0.1, max_digits=5, decimal_places=1)
    feedback_1 = forms.CharField(label=_("Feedback"), required=False)
    topic_2 = forms.ChoiceField(
        label=_("Second topic"), choices=[("", "—"), *CraftsmanService.Topic.choices], required=False
    )
    attendees_2 = forms.IntegerField(label=_("Attendees"), min_value=0, required=False)
    hours_2 = forms.DecimalField(label=_("Hours"), min_value=0.1, max_digits=5, decimal_places=1, required=False)
    feedback_2 = forms.CharField(label=_("Feedback"), required=False)
    resolves = forms.ModelChoiceField(
        queryset=Item.objects.none(),
        label=_("Resolves item (in progress)"),
        required=False,
        help_text=_("A training need found on a visit, now in progress."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["team"].queryset = self.fields["team"].queryset.filter(kind=ServiceTeam.Kind.CRAFTSMAN)
        self.fields["resolves"].queryset = self.fields["resolves"].queryset.filter(status=Item.Status.IN_PROGRESS)

    def clean(self):
        data = super().clean()
        if data.get("topic_2"):
            for name in ("attendees_2", "hours_2"):
                if data.get(name) is None:
                    self.add_error(name, _("Required for the second session."))
        return data
