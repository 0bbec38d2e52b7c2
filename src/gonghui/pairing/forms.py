"""Forms of the pairing pages; choices are limited to the user's scope or the pairing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import Aid
from gonghui.orgs.models import Union

from .models import Activity, Area, Pairing, Product, Purchase, Work

DATE = forms.DateInput(attrs={"type": "date"})


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


def pairing_unions(pairing: Pairing):
    """Unions of either side of ``pairing`` (each paired union's subtree)."""
    return Union.objects.filter(
        Q(path__startswith=pairing.giver.path) | Q(path__startswith=pairing.receiver.path)
    )


class DelegationForm(Styled):
    title = forms.CharField(label=_("Title"), max_length=150)
    leader = forms.CharField(label=_("Leader"), max_length=50)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    destination = forms.CharField(label=_("Destination"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}),
                            required=False)


class VolunteerForm(Styled):
    name = forms.CharField(label=_("Volunteer"), max_length=50)
    from_union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("From union"))
    role = forms.CharField(label=_("Role in the delegation"), max_length=50, required=False)

    def __init__(self, *args, pairing: Pairing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_union"].queryset = pairing_unions(pairing)


class ActivityForm(Styled):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300)


GOODS_ROWS = 3


class DelegationAidForm(Styled):
    """Aid given on the trip to one household, named by its hardship file number (the
    assisted union gives it; files of the assisted subtree only)."""

    file = forms.IntegerField(label=_("Hardship file number"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=Aid.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    cash = forms.DecimalField(label=_("Cash (CNY)"), min_value=0, max_digits=12,
                              decimal_places=2, required=False)
    student_name = forms.CharField(label=_("Student"), max_length=50, required=False)
    school = forms.CharField(label=_("School"), max_length=100, required=False)
    grade = forms.CharField(label=_("Grade"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(GOODS_ROWS):
            self.fields[f"goods_name_{i}"] = forms.CharField(label=_("Goods"), max_length=50,
                                                             required=False)
            self.fields[f"goods_quantity_{i}"] = forms.DecimalField(
                label=_("Quantity"), min_value=0, max_digits=10, decimal_places=2,
                required=False)
            self.fields[f"goods_unit_{i}"] = forms.CharField(label=_("Unit"), max_length=10,
                                                             required=False)
            self.fields[f"goods_value_{i}"] = forms.DecimalField(
                label=_("Value (CNY)"), min_value=0, max_digits=12, decimal_places=2,
                required=False)
        _style(self)

    def goods_rows(self):
        return [(self[f"goods_name_{i}"], self[f"goods_quantity_{i}"], self[f"goods_unit_{i}"],
                 self[f"goods_value_{i}"]) for i in range(GOODS_ROWS)]

    def base_fields_bound(self):
        return [self[n] for n in ("file", "kind", "date", "cash", "student_name", "school",
                                  "grade")]


class AgreementForm(Styled):
    title = forms.CharField(label=_("Title"), max_length=150)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    parties = forms.CharField(label=_("Parties"), max_length=200)
    areas = forms.MultipleChoiceField(label=_("Cooperation areas"), choices=Area.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    document = forms.FileField(label=_("Attached file"), required=False)


class CommitmentForm(Styled):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    target_value = forms.DecimalField(label=_("Target figure"), required=False, min_value=0,
                                      max_digits=12, decimal_places=2)
    target_unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class WorkForm(Styled):
    line = forms.ChoiceField(label=_("Ledger line"), choices=Work.Line.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    date = forms.DateField(label=_("Date"), widget=DATE)
    document = forms.CharField(label=_("Document"), max_length=150, required=False)
    trainees = forms.IntegerField(label=_("Trainees"), min_value=0, required=False)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=7, decimal_places=1,
                               required=False)


class PurchaseForm(Styled):
    union = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Buying union"))
    product = forms.ModelChoiceField(queryset=Product.objects.select_related("pairing"),
                                     label=_("Product"))
    date = forms.DateField(label=_("Date"), widget=DATE, initial=dt.date.today)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12,
                                  decimal_places=2)
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0,
                                max_digits=12, decimal_places=2,
                                help_text=_("Leave empty for quantity x price."))
    channel = forms.ChoiceField(label=_("Channel"), choices=Purchase.Channel.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.visible_to(user)
        if user.union_id:
            self.fields["union"].initial = user.union_id


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
