"""Forms of the ingest pages: the paste/upload form and one edit form per draft."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.dates import bounds_error
from gonghui.events.models import Event, Metric

from .models import Draft, VisitSummary

MAX_UPLOAD = 2 * 1024 * 1024


class IngestForm(forms.Form):
    """Paste a text or upload a UTF-8 .txt file; the page date resolves 近日, 去年7月 ..."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    page_date = forms.DateField(label=_("Page date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Relative dates (近日, 去年7月) are read against it."))
    text = forms.CharField(label=pgettext_lazy("document", "Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}))
    upload = forms.FileField(label=_("or a .txt file"), required=False)

    def clean_page_date(self):
        page_date = self.cleaned_data.get("page_date")
        if page_date:
            message = bounds_error(page_date, latest=timezone.localdate() + dt.timedelta(days=1))
            if message:
                raise forms.ValidationError(message)
        return page_date

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("File: at most 2 MB."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("File: not UTF-8 text.")) from exc
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Text: paste a report or choose a file."))
        return data


def _pairings(user):
    from gonghui.pairing.models import Pairing

    qs = Pairing.objects.select_related("giver", "receiver")
    return qs.visible_to(user) if user is not None else qs.none()


def draft_form(draft: Draft, data=None, user=None) -> forms.Form:
    """The edit form of ``draft``, filled with its proposal (prefix ``d<pk>``). A
    delegation's pairing is chosen among the pairings ``user`` can see."""
    payload = draft.payload
    fields: dict[str, forms.Field] = {}
    initial: dict = {}
    if draft.kind == Draft.Kind.DELEGATION:
        fields["pairing"] = forms.ModelChoiceField(
            label=_("Pairing"), queryset=_pairings(user), required=False,
            empty_label=_("— choose the pairing —"))
        fields["title"] = forms.CharField(label=_("Title"), max_length=150)
        fields["leader"] = forms.CharField(label=_("Leader"), max_length=50, required=False)
        fields["starts_on"] = forms.DateField(label=_("From"), required=False,
                                              widget=forms.DateInput(attrs={"type": "date"}))
        fields["ends_on"] = forms.DateField(label=_("To"), required=False,
                                            widget=forms.DateInput(attrs={"type": "date"}))
        fields["destination"] = forms.CharField(label=_("Destination"), max_length=100,
                                                required=False)
        fields["volunteer_count"] = forms.IntegerField(label=_("Volunteers (headcount)"),
                                                       min_value=0, required=False)
        initial.update({k: payload.get(k) for k in ("pairing", "title", "leader", "starts_on",
                                                    "ends_on", "destination", "volunteer_count")})
    elif draft.kind == Draft.Kind.EVENT:
        fields["event_kind"] = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
        fields["name"] = forms.CharField(label=_("Name"), max_length=150)
        fields["date"] = forms.DateField(label=_("Date"),
                                         widget=forms.DateInput(attrs={"type": "date"}))
        fields["place"] = forms.CharField(label=_("Place"), max_length=150, required=False)
        initial.update({k: payload.get(k) for k in ("event_kind", "name", "date", "place")})
        for metric in payload.get("figures", {}):
            fields[f"fig_{metric}"] = forms.DecimalField(
                label=Metric(metric).label if metric in Metric.values else metric,
                min_value=0, required=False)
            initial[f"fig_{metric}"] = payload["figures"][metric]
    else:
        fields["title"] = forms.CharField(label=_("Title"), max_length=200)
        fields["period_from"] = forms.DateField(label=_("From"), required=False,
                                                widget=forms.DateInput(attrs={"type": "date"}))
        fields["period_to"] = forms.DateField(label=_("To"), required=False,
                                              widget=forms.DateInput(attrs={"type": "date"}))
        initial.update({k: payload.get(k) for k in ("title", "period_from", "period_to")})
        for name in VisitSummary.COUNTS:
            fields[name] = forms.IntegerField(
                label=VisitSummary._meta.get_field(name).verbose_name, min_value=0,
                required=False)
            initial[name] = payload.get(name)
    for field in fields.values():
        css = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)
    form_class = type("DraftForm", (forms.Form,), dict(fields))
    return form_class(data, initial=initial, prefix=f"d{draft.pk}")


def payload_from(draft: Draft, cleaned: dict) -> dict:
    """The payload a bound, valid :func:`draft_form` describes (dates as ISO strings,
    figures as numbers)."""
    def iso(value):
        return value.isoformat() if value else None

    if draft.kind == Draft.Kind.EVENT:
        figures = {}
        for key, value in cleaned.items():
            if key.startswith("fig_") and value is not None:
                figures[key[4:]] = int(value) if value == value.to_integral() else float(value)
        return {"event_kind": cleaned["event_kind"], "name": cleaned["name"],
                "date": iso(cleaned["date"]), "place": cleaned.get("place") or "",
                "figures": figures}
    if draft.kind == Draft.Kind.DELEGATION:
        pairing = cleaned.get("pairing")
        return {**{k: draft.payload.get(k) for k in ("days", "dates_from_text", "dates_rule",
                                                     "sending_union", "receiving_union")},
                "pairing": pairing.pk if pairing else None,
                "pairing_label": str(pairing) if pairing else "",
                "title": cleaned["title"], "leader": cleaned.get("leader") or "",
                "starts_on": iso(cleaned.get("starts_on")), "ends_on": iso(cleaned.get("ends_on")),
                "destination": cleaned.get("destination") or "",
                "volunteer_count": cleaned.get("volunteer_count")}
    return {"title": cleaned["title"], "period_from": iso(cleaned.get("period_from")),
            "period_to": iso(cleaned.get("period_to")),
            **{k: cleaned.get(k) for k in VisitSummary.COUNTS}}
