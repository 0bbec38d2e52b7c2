"""Forms of the events pages; choices of records are limited to the user's scope.
Figures are entered as a number and a unit per metric; a unit other than the metric's
canonical one is refused on the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.dates import bounds_error, latest_event_date
from gonghui.orgs.models import Union

from .models import CANONICAL_UNITS, Event, Metric, Unit, donors_error, figure_errors

DATE = forms.DateInput(attrs={"type": "date"})


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class EventForm(forms.Form):
    """An event with an optional value and unit for each metric of the vocabulary."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Organiser"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=150, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.visible_to(user)
        if user.union_id:
            self.fields["union"].initial = user.union_id
        for metric, canonical in CANONICAL_UNITS.items():
            self.fields[f"value_{metric}"] = forms.DecimalField(
                label=Metric(metric).label, required=False, min_value=0, max_digits=12, decimal_places=2
            )
            self.fields[f"unit_{metric}"] = forms.ChoiceField(
                label=_("Unit"), choices=Unit.choices, initial=canonical, required=False
            )
        _style(self)

    def metric_rows(self):
        """(metric label, value field, unit field) for the template."""
        return [(Metric(m).label, self[f"value_{m}"], self[f"unit_{m}"]) for m in CANONICAL_UNITS]

    def base_fields_bound(self):
        return [self[name] for name in ("kind", "name", "union", "date", "place", "description")]

    def clean_date(self):
        date = self.cleaned_data["date"]
        message = bounds_error(date, latest=latest_event_date())
        if message:
            raise forms.ValidationError(message)
        return date

    def clean(self):
        data = super().clean()
        figures = {}
        for metric in CANONICAL_UNITS:
            value, unit = data.get(f"value_{metric}"), data.get(f"unit_{metric}")
            if value is None:
                continue
            unit = unit or CANONICAL_UNITS[metric]
            errors = figure_errors(metric, value, unit)
            for field, message in errors.items():
                self.add_error(f"{'unit' if field == 'unit' else 'value'}_{metric}", message)
            figures[metric] = (value, unit)
        message = donors_error(figures)
        if message:
            self.add_error(f"value_{Metric.DONORS}", message)
        data["figures"] = figures
        return data


class FigureForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=Metric.choices)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=12, decimal_places=2)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("metric") and data.get("value") is not None:
            for field, message in figure_errors(data["metric"], data["value"], data.get("unit", "")).items():
                self.add_error(field if field in self.fields else None, message)
        return data


class RoundForm(forms.Form):
    number = forms.IntegerField(label=_("Round"), min_value=1, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE, required=False)
    entrants = forms.IntegerField(label=_("Entrants"), min_value=1)
    passed = forms.IntegerField(label=_("Passed"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
