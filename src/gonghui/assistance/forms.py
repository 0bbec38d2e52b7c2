"""Forms of the assistance pages. Sensitive inputs never echo their value back into a page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.orgs.models import Union
from gonghui.orgs.validators import validate_phone
from gonghui.services.forms import BootstrapMixin

from .models import Aid, Cause, HardshipFile, HouseholdMember
from .services import (
    EDUCATION_AID_FIELDS,
    date_problem,
    education_aid_missing,
    income_disagreement,
    income_disagreement_message,
)


class NoEchoTextInput(forms.TextInput):
    """A text input that never renders a submitted value back (ID numbers, bank cards)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, {**(attrs or {}), "autocomplete": "off"})


class FileForm(BootstrapMixin, forms.Form):
    """Register or edit a hardship file; on edit the ID number and union are fixed and an
    empty phone, bank card or health field keeps the stored value.

    Rules beyond each field's own: the application date lies between
    ``services.EARLIEST_DATE`` and today; the phone is 7 to 20 digits with an optional
    ``+``, spaces, hyphens or parentheses; when the monthly income is above zero and a
    yearly income is given, the yearly must lie between half and double 12 x the monthly
    (:func:`~gonghui.assistance.services.income_disagreement`), else the yearly income gets
    an error showing 12 x the monthly. The importer applies the same rules.
    """

    union = forms.ModelChoiceField(label=_("Union"), queryset=Union.objects.none())
    head_name = forms.CharField(label=_("Head of household"), max_length=50)
    head_id_number = forms.CharField(label=_("Identity number"), max_length=24,
                                     widget=NoEchoTextInput)
    head_phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                                 widget=NoEchoTextInput)
    bank_card = forms.CharField(label=_("Bank card"), max_length=30, required=False,
                                widget=NoEchoTextInput)
    health = forms.CharField(label=_("Health of the head"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    employer = forms.CharField(label=_("Employer"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, max_value=50)
    primary_cause = forms.ChoiceField(label=_("Primary cause"), choices=Cause.choices)
    secondary_causes = forms.MultipleChoiceField(
        label=_("Secondary causes (at most three)"), choices=Cause.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    monthly_income = forms.DecimalField(label=_("Household monthly income (CNY)"), min_value=0,
                                        decimal_places=2, max_digits=12)
    yearly_income = forms.DecimalField(
        label=_("Household yearly income (CNY)"), min_value=0, decimal_places=2, max_digits=12,
        required=False, help_text=_("Empty: 12 times the monthly income."),
    )
    medical_expenses = forms.DecimalField(label=_("Unavoidable medical expenses per year (CNY)"),
                                          min_value=0, decimal_places=2, max_digits=12,
                                          initial=0)
    education_expenses = forms.DecimalField(
        label=_("Unavoidable education expenses per year (CNY)"), min_value=0,
        decimal_places=2, max_digits=12, initial=0,
    )
    applied_on = forms.DateField(label=_("Applied on"), widget=forms.DateInput(
        attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, instance: HardshipFile | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.visible_to(user)
        self.instance = instance
        if instance is not None:
            for name in ("union", "head_id_number", "applied_on"):
                del self.fields[name]
            for name in ("head_phone", "bank_card", "health"):
                self.fields[name].help_text = _("Leave empty to keep the stored value.")
                self.fields[name].widget = NoEchoTextInput()
        self._style_widgets()

    def clean_head_phone(self) -> str:
        try:
            return validate_phone(self.cleaned_data.get("head_phone", ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None

    def clean(self):
        data = super().clean()
        twelve = income_disagreement(data.get("monthly_income"), data.get("yearly_income"))
        if twelve is not None:
            self.add_error("yearly_income", income_disagreement_message(twelve))
        return data

    def clean_applied_on(self):
        day = self.cleaned_data["applied_on"]
        problem = date_problem(day)
        if problem:
            raise forms.ValidationError(problem)
        return day

    def clean_secondary_causes(self):
        codes = self.cleaned_data["secondary_causes"]
        if len(codes) > 3:
            raise forms.ValidationError(_("At most three secondary causes."))
        return codes


class MemberForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    relation = forms.ChoiceField(label=_("Relation"), choices=HouseholdMember.Relation.choices)
    id_number = forms.CharField(label=_("Identity number"), required=False, max_length=24,
                                widget=NoEchoTextInput)
    health = forms.CharField(label=_("Health"), required=False, max_length=200)
    monthly_income = forms.DecimalField(label=_("Monthly income (CNY)"), min_value=0,
                                        decimal_places=2, max_digits=12, initial=0)
    school_or_work = forms.CharField(label=_("School or work"), required=False, max_length=100)


class AidForm(BootstrapMixin, forms.Form):
    """An aid with up to three goods lines. The date lies between
    ``services.EARLIEST_DATE`` and today; an education kind needs the student, the school
    and the grade (``services.education_aid_missing``, the importer's rule too), each
    missing one marked on its field."""

    union = forms.ModelChoiceField(label=_("Giving union"), queryset=Union.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Aid.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    cash = forms.DecimalField(label=_("Cash (CNY)"), min_value=0, decimal_places=2,
                              max_digits=12, required=False)
    student_name = forms.CharField(label=_("Student"), required=False, max_length=50)
    school = forms.CharField(label=_("School"), required=False, max_length=100)
    grade = forms.CharField(label=_("Grade"), required=False, max_length=30)
    delegation = forms.CharField(label=_("Delegation"), required=False, max_length=100)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    GOODS_LINES = 3

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.visible_to(user)
        for i in range(1, self.GOODS_LINES + 1):
            self.fields[f"goods_{i}_name"] = forms.CharField(
                label=_("Goods %(n)d") % {"n": i}, required=False, max_length=50)
            self.fields[f"goods_{i}_quantity"] = forms.DecimalField(
                label=_("Quantity"), required=False, min_value=0, decimal_places=2,
                max_digits=10)
            self.fields[f"goods_{i}_unit"] = forms.CharField(label=_("Unit"), required=False,
                                                             max_length=10)
            self.fields[f"goods_{i}_value"] = forms.DecimalField(
                label=_("Value (CNY)"), required=False, min_value=0, decimal_places=2,
                max_digits=12)
        self._style_widgets()

    def clean(self):
        data = super().clean()
        for name in education_aid_missing(
            data.get("kind", ""), **{n: data.get(n, "") for n in EDUCATION_AID_FIELDS}
        ):
            self.add_error(name, _("required for education aid"))
        return data

    def clean_date(self):
        day = self.cleaned_data["date"]
        problem = date_problem(day)
        if problem:
            raise forms.ValidationError(problem)
        return day

    def goods_rows(self):
        return [
            [self[f"goods_{i}_{part}"] for part in ("name", "quantity", "unit", "value")]
            for i in range(1, self.GOODS_LINES + 1)
        ]


class ImportForm(forms.Form):
    ledger = forms.ChoiceField(label=_("Ledger"), choices=[
        ("hardship", _("hardship files")), ("aid", _("aid records"))])
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    union = forms.ModelChoiceField(
        label=_("Union for rows that name none"), queryset=Union.objects.none(), required=False
    )
    mode = forms.ChoiceField(label=_("What to do"), choices=[
        ("check", _("Check only")),
        ("import", _("Import if the whole file is clean")),
        ("valid", _("Import the valid rows and list the refused ones")),
    ], initial="check", widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.visible_to(user)


class RevealForm(forms.Form):
    field = forms.CharField(widget=forms.HiddenInput)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why do you need the full value?"), max_length=200)
