"""Forms of the main job's pages: visit entry with inline items, the item-list filters and
one small form per workflow action.

Every choice offered is limited to the acting user's scope (``visible_to``); a value
posted from outside it fails validation like any unknown value.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from gonghui.accounts.models import User
from gonghui.core.dates import EARLIEST_DATE
from gonghui.core.forms import (
    FastCheckboxSelectMultiple,
    FastModelChoiceField,
    FastSelect,
    LazyChoices,
    ListModelChoiceIterator,
)
from gonghui.core.scope import scope_path
from gonghui.core.sqlcache import CompiledValues
from gonghui.orgs.models import Enterprise, ResponsibleUnit, Union, Worker

from .models import Category, FollowUp, Item, ServiceTeam, TimeLimit, Visit
from .workflow import MAX_DEADLINE_DAYS, MAX_PERSONS_AFFECTED

#: The longest visit note or item description accepted from a form, in characters.
MAX_TEXT = 5000


class BootstrapMixin:
    """Give every widget Bootstrap's classes (``form-control``, ``form-select``, ...).

    A form made with ``quiet=True`` keeps its posted values but reports no errors (used
    to redisplay the visit form with one more item row, before the user saves)."""

    quiet = False

    def _style_widgets(self, large: bool = False) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select" + (" form-select-lg" if large else "")
            else:
                css = "form-control" + (" form-control-lg" if large else "")
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self) -> None:
        """Validate, then mark each field with an error ``is-invalid`` (Bootstrap)."""
        super().full_clean()
        if self.quiet:
            self._errors.clear()
            return
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


# --- visit entry --------------------------------------------------------------------

#: The prefix of a target choice's value, by target type: "e:12" is enterprise 12.
TARGET_PREFIX = {
    Visit.TargetType.ENTERPRISE: "e",
    Visit.TargetType.UNION: "u",
    Visit.TargetType.MODEL_WORKER: "w",
    Visit.TargetType.HOUSEHOLD: "w",
}


def target_choices(user: User, target_type: str | None = None) -> list:
    """Grouped choices for a visit's target within ``user``'s scope, for one target type
    or (``None``) all of them. Values are ``"e:<id>"`` (enterprise), ``"u:<id>"`` (union)
    or ``"w:<id>"`` (worker), so the one select works with or without JavaScript."""
    T = Visit.TargetType
    groups = []
    if target_type in (None, "", T.ENTERPRISE):
        enterprises = Enterprise.objects.visible_to(user).order_by("name").only("id", "name")
        groups.append((_("Enterprises"), [(f"e:{e.pk}", e.name) for e in enterprises]))
    if target_type in (None, "", T.UNION):
        unions = Union.objects.visible_to(user).only("id", "name", "path")
        groups.append((_("Unions"), [(f"u:{u.pk}", u.name) for u in unions]))
    if target_type in (None, "", T.MODEL_WORKER, T.HOUSEHOLD):
        workers = Worker.objects.visible_to(user).order_by("name").only("id", "name")
        if target_type == T.MODEL_WORKER:
            workers = workers.exclude(title="")
        elif target_type == T.HOUSEHOLD:
            workers = workers.filter(title="")
        groups.append((_("Workers"), [(f"w:{w.pk}", w.name) for w in workers]))
    return [("", "---------"), *groups]


class VisitForm(BootstrapMixin, forms.ModelForm):
    """The visit itself. ``target`` is one select of ``"e:<id>"``/``"u:<id>"``/``"w:<id>"``
    values that :meth:`clean` resolves into the model's enterprise / target_union / worker
    field, checking it matches ``target_type`` and lies in the user's scope."""

    target = forms.ChoiceField(label=_("Visited"), choices=(), widget=FastSelect)

    class Meta:
        model = Visit
        fields = ["date", "team", "target_type", "visitors", "notes"]
        # Selects and boxes written in Python (core.forms): the same HTML as Django's.
        widgets = {
            "date": forms.DateInput(attrs={"type": "date", "min": "2000-01-01"}, format="%Y-%m-%d"),
            "team": FastSelect,
            "target_type": FastSelect,
            "visitors": FastCheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        }

    field_order = ["date", "team", "target_type", "target", "visitors", "notes"]

    def __init__(self, *args, user: User, quiet: bool = False, **kwargs):
        self.quiet = quiet
        super().__init__(*args, **kwargs)
        self.fields["notes"].validators.append(MaxLengthValidator(MAX_TEXT))
        self.user = user
        self.fields["date"].initial = timezone.localdate
        for name in ("team", "visitors"):  # one plain query each, not a server-side cursor
            self.fields[name].iterator = ListModelChoiceIterator
        self.fields["team"].queryset = ServiceTeam.objects.visible_to(user).order_by("name")
        self.fields["visitors"].queryset = (
            User.objects.visible_to(user).filter(is_active=True).order_by("username")
        )
        self.fields["visitors"].initial = [user.pk]
        self.fields["target_type"].initial = Visit.TargetType.ENTERPRISE
        # Unbound: every kind of target (works without JavaScript); htmx narrows the
        # options to the chosen type on load and on change. Bound: the posted type's.
        target_type = self.data.get(self.add_prefix("target_type"), "") if self.is_bound else None
        self.fields["target"].choices = target_choices(user, target_type)
        self.fields["target_type"].widget.attrs.update(
            {
                "hx-get": reverse("visit_targets"),
                "hx-target": "#id_target",
                "hx-trigger": "change, load",
                "hx-include": "#id_target",
            }
        )
        self._style_widgets(large=True)

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be dated in the future."))
        if date < EARLIEST_DATE:
            raise forms.ValidationError(
                _("A visit cannot be dated before %(date)s.") % {"date": EARLIEST_DATE}
            )
        return date

    def clean(self) -> dict:
        cleaned = super().clean()
        target_type, target = cleaned.get("target_type"), cleaned.get("target")
        if not target_type or not target:
            return cleaned
        prefix, _sep, pk = target.partition(":")
        if prefix != TARGET_PREFIX[target_type] or not pk.isdigit():
            self.add_error("target", _("Choose a target of the selected target type."))
            return cleaned
        model = {"e": Enterprise, "u": Union, "w": Worker}[prefix]
        obj = model.objects.visible_to(self.user).filter(pk=int(pk)).first()
        if obj is None:
            self.add_error("target", _("That target does not exist or is outside your scope."))
            return cleaned
        self.instance.enterprise = obj if prefix == "e" else None
        self.instance.target_union = obj if prefix == "u" else None
        self.instance.worker = obj if prefix == "w" else None
        team = cleaned.get("team")
        union = team.union if team else self.user.union
        if union is None:
            self.add_error("team", _("Choose the team that made the visit."))
        self.instance.union = union
        self.instance.campaign = team.campaign if team else None
        return cleaned


class ItemForm(BootstrapMixin, forms.ModelForm):
    """One item found on the visit (a row of the inline formset)."""

    class Meta:
        model = Item
        fields = ["kind", "category", "subject", "description", "persons_affected"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT}),
                   "kind": FastSelect, "category": FastSelect}
        help_texts = {
            "persons_affected": _("Persons concerned; difficulties are counted in person-times.")
        }

    def __init__(self, *args, quiet: bool = False, **kwargs):
        self.quiet = quiet
        super().__init__(*args, **kwargs)
        self.fields["category"].iterator = ListModelChoiceIterator  # a plain query
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["description"].validators.append(MaxLengthValidator(MAX_TEXT))
        persons = self.fields["persons_affected"]
        persons.min_value = 1
        persons.max_value = MAX_PERSONS_AFFECTED
        persons.widget.attrs.update({"min": 1, "max": MAX_PERSONS_AFFECTED})
        # The model field's own ">= 0" check would repeat the message: keep ours only.
        persons.validators = [
            MinValueValidator(1),
            MaxValueValidator(MAX_PERSONS_AFFECTED),
        ]
        self._style_widgets(large=True)


ItemFormSet = forms.formset_factory(ItemForm, extra=1, max_num=50, validate_max=True)
ITEM_PREFIX = "items"


# --- item list filters --------------------------------------------------------------


#: The ``status`` filter value that selects every open status (not yet resolved,
#: escalated, rejected, merged or closed out).
OPEN = "open"


class ItemFilterForm(BootstrapMixin, forms.Form):
    """The filters of the item list and its export (all optional; GET parameters), and
    the list's order (``sort``: newest first, or by deadline)."""

    SORT_CHOICES = [("", _("newest first")), ("deadline", _("deadline, earliest first"))]

    q = forms.CharField(label=_("Text"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, widget=FastSelect,
        choices=[("", _("any status")), (OPEN, _("any open status")), *Item.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, widget=FastSelect,
        choices=[("", _("any kind")), *Item.Kind.choices],
    )
    category = FastModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.all(),
        empty_label=_("any category"),
    )
    team = FastModelChoiceField(
        label=_("Service team"), required=False, queryset=ServiceTeam.objects.none(),
        empty_label=_("any team"),
    )
    unit = FastModelChoiceField(
        label=_("Responsible unit"), required=False, queryset=ResponsibleUnit.objects.none(),
        empty_label=_("any unit"),
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    due_soon = forms.BooleanField(label=_("Due within 3 working days"), required=False)
    co_handled = forms.BooleanField(
        label=_("Co-handled by us"), required=False,
        help_text=_("Items in which a co-handling unit of your union (or below) has a part."),
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES,
                             widget=FastSelect)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        path = scope_path(user)
        # The querysets validate a submitted value (one query, only then). The options
        # are read when the field is rendered, as (id, name) rows by SQL compiled once
        # per scope (core.sqlcache): the querysets' rows, labelled by name (the models'
        # __str__), without building a model object per option.
        fields = self.fields
        fields["team"].queryset = team_choices(path).only("id", "name")
        fields["unit"].queryset = units_for_path(path).only("id", "name")
        for name, rows, key in (("category", CATEGORY_ROWS, None), ("team", TEAM_ROWS, path),
                                ("unit", UNIT_ROWS, path)):
            empty = fields[name].empty_label
            fields[name].choices = LazyChoices(
                lambda rows=rows, key=key, empty=empty: [("", empty), *rows(key)])
        self._style_widgets()


def team_choices(path: str | None):
    """The service teams of the scope of ``path`` (None: none), by name."""
    if path is None:
        return ServiceTeam.objects.none()
    teams = ServiceTeam.objects.all()
    if path:  # a join: the teams table is small
        teams = teams.filter(union__path__startswith=path)
    return teams.order_by("name")


#: The (id, name) options of the item filter's category, team and unit fields.
CATEGORY_ROWS = CompiledValues(Category, lambda _key: Category.objects.all(), ("id", "name"))
TEAM_ROWS = CompiledValues(ServiceTeam, lambda path: team_choices(path), ("id", "name"))
UNIT_ROWS = CompiledValues(ResponsibleUnit, lambda path: units_for_path(path), ("id", "name"))


def unit_choices(user: User):
    """The responsible units an item in ``user``'s scope can be assigned to, for the
    list's unit filter: those kept by a union in the scope or above it (an item is
    assigned by an officer of its own union or of one above, from the units their scope
    keeps), and those that are themselves a union in the scope. Read from the units
    table alone, whatever the number of items."""
    return units_for_path(scope_path(user))


def units_for_path(path: str | None):
    """:func:`unit_choices` of a user whose scope path is ``path`` (None: none), by name."""
    from gonghui.core.scope import ancestor_paths

    if path is None:
        return ResponsibleUnit.objects.none()
    units = ResponsibleUnit.objects.all()
    if path:
        # Plain joins: the units table is small (a few per county), and the joins cost
        # less to build and plan than three subqueries.
        units = units.filter(
            Q(owner__path__startswith=path)
            | Q(owner__path__in=ancestor_paths(path))
            | Q(union__path__startswith=path)
        )
    return units.order_by("name")


# --- workflow actions ---------------------------------------------------------------


class ActionForm(BootstrapMixin, forms.Form):
    """Base of the action forms: the item's ``version`` the user saw, and a note."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User | None = None, item: Item | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.item = user, item
        self._style_widgets()


class RejectForm(ActionForm):
    note = None
    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(ActionForm):
    note = None
    reason = forms.CharField(
        label=_("Why the verification failed"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(ActionForm):
    into = forms.IntegerField(
        label=_("Merge into item number"), min_value=1,
        help_text=_("The number of an item in your scope that records the same matter."),
    )


class AssignForm(ActionForm):
    """Responsible unit (in scope) and either a deadline date or a number of working days."""

    unit = FastModelChoiceField(label=_("Responsible unit"),
                                queryset=ResponsibleUnit.objects.none())
    deadline = forms.DateField(
        label=_("Deadline"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    working_days = forms.IntegerField(
        label=_("or: working days from today"), required=False, min_value=1, max_value=365,
        help_text=_("Counted in Chinese working days, with official holidays and make-up days."),
    )
    item_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", "---------"), *Item.ItemClass.choices],
        widget=FastSelect,
        help_text=_("With neither a deadline nor working days, the time limit the "
                    "administrator set for this category and class is used."),
    )
    field_order = ["version", "unit", "item_class", "deadline", "working_days", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["unit"].queryset = ResponsibleUnit.objects.visible_to(self.user).order_by(
                "name"
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        deadline, days = cleaned.get("deadline"), cleaned.get("working_days")
        if "deadline" in self.errors or "working_days" in self.errors:
            return cleaned
        if deadline is None and days is None:
            item_class = cleaned.get("item_class") or (self.item.item_class if self.item else "")
            has_limit = self.item is not None and TimeLimit.objects.filter(
                category_id=self.item.category_id, item_class=item_class
            ).exists()
            if not has_limit:
                self.add_error("deadline", _("Give a deadline or a number of working days."))
        elif deadline is not None and days is not None:
            self.add_error("working_days", _("Give a deadline or working days, not both."))
        elif deadline is not None and deadline < timezone.localdate():
            self.add_error("deadline", _("The deadline cannot be in the past."))
        elif deadline is not None and deadline > timezone.localdate() + dt.timedelta(days=MAX_DEADLINE_DAYS):
            self.add_error("deadline", _("The deadline must be within two years of today."))
        return cleaned


class ResolveForm(ActionForm):
    note = None
    resolution = forms.CharField(
        label=_("Resolution"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EscalateForm(ActionForm):
    target = forms.CharField(
        label=_("Escalated to"), max_length=100,
        help_text=_("A higher union or a government body."),
    )
    field_order = ["version", "target", "note"]


#: Follow-up satisfaction recorded at close-out (stored key, shown label).
SATISFACTION_CHOICES = [
    ("satisfied", _("satisfied")),
    ("basically", _("basically satisfied")),
    ("dissatisfied", _("dissatisfied")),
]


class CloseForm(ActionForm):
    """Close-out: satisfaction, and the evidence statement that an item without an
    evidence file needs (``workflow.missing_evidence``)."""

    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), required=False,
        choices=[("", "---------"), *SATISFACTION_CHOICES], widget=FastSelect,
    )
    evidence_statement = forms.CharField(
        label=_("Evidence statement"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the result was verified. Needed when no evidence file is attached."),
    )
    field_order = ["version", "satisfaction", "evidence_statement", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.item is not None:
            from .workflow import evidence_required

            n = self.item.attachments.count()
            if not evidence_required(self.item):
                self.fields["evidence_statement"].help_text = _(
                    "Optional: this item's category needs no evidence at close-out."
                )
            elif n:
                self.fields["evidence_statement"].help_text = ngettext_lazy(
                    "Optional: %(n)d evidence file is attached.",
                    "Optional: %(n)d evidence files are attached.", n,
                ) % {"n": n}

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.item is not None and "evidence_statement" not in self.errors:
            from .workflow import missing_evidence

            missing = missing_evidence(self.item, cleaned.get("evidence_statement") or "")
            if missing:
                self.add_error("evidence_statement", missing)
        return cleaned


class SuperviseForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("What you ask the handlers to do"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(ActionForm):
    note = None
    reason = forms.CharField(
        label=_("Why the item is returned"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestExtensionForm(ActionForm):
    note = None
    days = forms.IntegerField(label=_("Working days asked"), min_value=1, max_value=90)
    reason = forms.CharField(
        label=_("Why more time is needed"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecideExtensionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    field_order = ["version", "decision", "note"]


class SplitForm(ActionForm):
    note = None
    subject = forms.CharField(label=_("Subject of the child item"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AddCoUnitForm(ActionForm):
    note = None
    unit = FastModelChoiceField(
        label=_("Co-handling unit"), queryset=ResponsibleUnit.objects.none()
    )
    part = forms.CharField(
        label=_("Its part of the work"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["unit"].queryset = ResponsibleUnit.objects.visible_to(self.user).order_by(
                "name"
            )


class CoResolveForm(ActionForm):
    note = None
    co_unit = FastModelChoiceField(label=_("Co-handling unit"), queryset=None)
    resolution = forms.CharField(
        label=_("Resolution of its part"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CoHandlingUnit

        qs = CoHandlingUnit.objects.none()
        if self.item is not None and self.user is not None:
            from .workflow import resolvable_parts

            qs = resolvable_parts(self.item, self.user)  # only its own parts for a co-handler
        self.fields["co_unit"].queryset = qs
        self.fields["co_unit"].label_from_instance = lambda co: co.unit.name


class AttachForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = None
    file = forms.FileField(label=_("Evidence file (photo or document)"))


class FollowUpForm(ActionForm):
    note = None
    date = forms.DateField(
        label=_("Follow-up date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    method = forms.ChoiceField(label=_("Method"), choices=FollowUp.Method.choices,
                               widget=FastSelect)
    satisfied = forms.TypedChoiceField(
        label=_("Satisfied"), coerce=lambda v: v == "yes",
        choices=[("yes", _("satisfied")), ("no", _("not satisfied (reopens the item)"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkForm(BootstrapMixin, forms.Form):
    """A bulk action on the chosen items: accept, or assign (unit and deadline or days)."""

    action = forms.ChoiceField(
        label=_("Bulk action"),
        choices=[("accept", _("Accept")), ("assign", _("Assign")), ("remind", _("Remind"))],
    )
    ids = forms.TypedMultipleChoiceField(label=_("Items"), coerce=int, choices=[])
    unit = FastModelChoiceField(
        label=_("Responsible unit"), required=False, queryset=ResponsibleUnit.objects.none()
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    working_days = forms.IntegerField(
        label=_("or: working days from today"), required=False, min_value=1, max_value=365
    )

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(v, v) for v in (self.data.getlist("ids") if hasattr(
            self.data, "getlist") else [])]
        if user is not None:
            self.fields["unit"].queryset = ResponsibleUnit.objects.visible_to(user)
        self._style_widgets()

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") == "assign" and not cleaned.get("unit"):
            self.add_error("unit", _("Choose the responsible unit to assign to."))
        return cleaned


#: The form of each action name of :data:`gonghui.services.workflow.TRANSITIONS`.
ACTION_FORMS: dict[str, type[ActionForm]] = {
    "accept": ActionForm,
    "reject": RejectForm,
    "merge": MergeForm,
    "consult": ActionForm,
    "conclude": ActionForm,
    "assign": AssignForm,
    "start": ActionForm,
    "resolve": ResolveForm,
    "escalate": EscalateForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "supervise": SuperviseForm,
    "return": ReturnForm,
    "request_extension": RequestExtensionForm,
    "decide_extension": DecideExtensionForm,
    "split": SplitForm,
    "add_co_unit": AddCoUnitForm,
    "co_resolve": CoResolveForm,
    "attach": AttachForm,
    "follow_up": FollowUpForm,
}
