"""Forms of the pairing pages; choices are limited to the user's scope or the pairing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import Aid
from gonghui.orgs.models import Region, Union

from .models import (
    Activity,
    Area,
    ConsumptionTarget,
    Delegation,
    Outlet,
    Pairing,
    Product,
    Purchase,
    Work,
)

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
    volunteer_count = forms.IntegerField(
        label=_("Volunteers (headcount)"), min_value=0, required=False,
        help_text=Delegation._meta.get_field("volunteer_count").help_text)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}),
                            required=False)


class HeadcountForm(Styled):
    """The reported headcount of a delegation's volunteers (persons, empty to clear)."""

    volunteer_count = forms.IntegerField(
        label=_("Volunteers (headcount)"), min_value=0, required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm w-auto"}),
        help_text=Delegation._meta.get_field("volunteer_count").help_text)


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


# ---------------------------------------------------------------- administration pages

DATE_VALUE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 12, "decimal_places": 2}


def attach_error(form: forms.Form, err: Exception) -> None:
    """Show a service's refusal on ``form``: a message starting with a field's label and a
    colon ("Title: required.", "标题：必填。") goes to that field without the label, any
    other message to the form as a whole."""
    text = str(err)
    for name, field in form.fields.items():
        if not field.label or name in form.errors:
            continue
        for prefix in (f"{field.label}: ", f"{field.label}："):  # English and Chinese colon
            if text.startswith(prefix):
                rest = text[len(prefix):].strip()
                form.add_error(name, rest[:1].upper() + rest[1:])
                return
    form.add_error(None, text)


def partner_unions(user):
    """Unions an admin may name on the other side of a pairing or as a base's host: the
    unions of their own subtree and every union above the grassroots level (federations
    and industry unions are public bodies; grassroots unions of other scopes are not
    listed)."""
    from gonghui.core.scope import scope_path

    path = scope_path(user)
    qs = Union.objects.all()
    if path:
        qs = qs.filter(Q(path__startswith=path) | ~Q(level=Union.Level.GRASSROOTS))
    return qs.order_by("path")


class ManagedPairingForm(Styled):
    """A pairing on the admin pages; one side must be the admin's union or below it."""

    giver = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Helping union"))
    receiver = forms.ModelChoiceField(queryset=Union.objects.none(), label=_("Assisted union"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Pairing.Kind.choices)
    since = forms.DateField(label=_("Since"), widget=DATE_VALUE)
    until = forms.DateField(label=_("Until"), widget=DATE_VALUE, required=False,
                            help_text=_("Leave empty while the pairing is in force."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}),
                            required=False, max_length=2000)

    def __init__(self, *args, user, instance: Pairing | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "giver": instance.giver_id, "receiver": instance.receiver_id,
                "kind": instance.kind, "since": instance.since, "until": instance.until,
                "notes": instance.notes})
        super().__init__(*args, **kwargs)
        self.user, self.instance = user, instance
        self.fields["giver"].queryset = partner_unions(user)
        self.fields["receiver"].queryset = partner_unions(user)

    def clean(self):
        data = super().clean()
        giver, receiver = data.get("giver"), data.get("receiver")
        if giver and receiver:
            scope = Union.objects.visible_to(self.user)
            if giver.pk == receiver.pk:
                self.add_error("receiver", _("Must differ from the helping union."))
            elif not scope.filter(pk__in=[giver.pk, receiver.pk]).exists():
                self.add_error("giver", _("Neither union is in your scope: one side must be "
                                          "your union or a union below it."))
            else:
                others = Pairing.objects.filter(giver=giver, receiver=receiver)
                if self.instance is not None:
                    others = others.exclude(pk=self.instance.pk)
                if others.exists():
                    self.add_error("receiver", _("These two unions are paired already."))
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Before the day the pairing began."))
        return data


class ManagedAgreementForm(Styled):
    """An agreement on the admin pages; ``document`` is None (keep), False (remove) or a
    new file; the signing day may not lie in the future."""

    title = forms.CharField(label=_("Title"), max_length=150)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_VALUE)
    parties = forms.CharField(label=_("Parties"), max_length=200)
    areas = forms.MultipleChoiceField(label=_("Cooperation areas"), choices=Area.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    document = forms.FileField(label=_("Attached file"), required=False)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "title": instance.title, "signed_on": instance.signed_on,
                "parties": instance.parties, "areas": instance.area_list,
                "document": instance.document or None})
        super().__init__(*args, **kwargs)

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Lies in the future."))
        return value


class ManagedCommitmentForm(Styled):
    """A commitment on the admin pages: a target figure (more than zero) needs its unit;
    ``version`` is the one the admin saw (a stale one is refused)."""

    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    target_value = forms.DecimalField(label=_("Target figure"), required=False,
                                      min_value=Decimal("0.01"), **MONEY)
    target_unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_VALUE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "area": instance.area, "description": instance.description,
                "target_value": instance.target_value, "target_unit": instance.target_unit,
                "due_on": instance.due_on, "version": instance.version})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("target_value") is not None and not (data.get("target_unit") or "").strip():
            self.add_error("target_unit", _("Required with a target figure."))
        return data


class ManagedProductForm(Styled):
    """A consumption-assistance product (price in CNY per unit, more than zero); the
    pairing, when named, is one the admin manages."""

    name = forms.CharField(label=_("Name"), max_length=100)
    origin = forms.ModelChoiceField(queryset=Region.objects.none(), required=False,
                                    label=_("Origin region"))
    supplier = forms.CharField(label=_("Supplier"), max_length=100, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=10)
    price = forms.DecimalField(label=_("Price (CNY per unit)"), min_value=Decimal("0.01"),
                               **MONEY)
    pairing = forms.ModelChoiceField(
        queryset=Pairing.objects.none(), required=False, label=_("Assisted region's pairing"),
        help_text=_("Name the pairing when the product comes from an assisted region; its "
                    "purchases then count towards the assisted share."))

    def __init__(self, *args, user, instance=None, **kwargs):
        from .selectors import manageable_pairings

        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "origin": instance.origin_id,
                "supplier": instance.supplier, "unit": instance.unit, "price": instance.price,
                "pairing": instance.pairing_id})
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = Region.objects.exclude(level=Region.Level.TOWN)
        self.fields["pairing"].queryset = manageable_pairings(user).select_related(
            "giver", "receiver")


class ManagedOutletForm(Styled):
    """An outlet of a pairing; an open outlet needs its opening day."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Outlet.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Outlet.Status.choices)
    address = forms.CharField(label=_("Address"), max_length=150, required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE_VALUE, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}),
                            required=False, max_length=2000)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "kind": instance.kind, "status": instance.status,
                "address": instance.address, "opened_on": instance.opened_on,
                "notes": instance.notes})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("status") == Outlet.Status.OPEN and not data.get("opened_on"):
            self.add_error("opened_on", _("Required for an open outlet."))
        return data


class ManagedTargetForm(Styled):
    """The festival-gift share target of ``owner``'s subtree for a year (percent, 0-100),
    one per owner and year."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    festival_gift_share = forms.DecimalField(
        label=_("Festival-gift share target (%)"), min_value=0, max_value=100, max_digits=5,
        decimal_places=2,
        help_text=_("Share of festival-gift spending that should buy products of assisted "
                    "regions, e.g. 30."))
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args, owner, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "year": instance.year, "festival_gift_share": instance.festival_gift_share,
                "source": instance.source})
        super().__init__(*args, **kwargs)
        self.owner, self.instance = owner, instance

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = ConsumptionTarget.objects.filter(owner=self.owner, year=year)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A target for this year is set already; change that "
                                          "one instead."))
        return year
