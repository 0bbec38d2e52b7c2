"""Assistance (帮扶): hardship files (困难职工档案, 一户一档), household members, the local
subsistence lines, aid records in cash and goods, and the log of every reveal and export.

Every write goes through :mod:`gonghui.assistance.services`; ``HardshipFile.status`` is
changed only there, and each change appends a :class:`FileEvent`.

Sensitive fields (identity numbers, phones, bank cards, health) are
:class:`~gonghui.assistance.crypto.EncryptedTextField` columns: plain in Python, a Fernet
token in the database. Each identity number has a keyed-hash (``*_hash``) column beside it
for exact look-ups. Templates and exports use the ``*_masked`` properties only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TimelineEvent
from gonghui.core.scope import ScopedQuerySet
from gonghui.orgs.validators import mask_id_number, mask_phone

from .crypto import EncryptedTextField

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}


def mask_card(card: str) -> str:
    """A bank card as ``6222 **** **** 1234`` (first 4, last 4)."""
    digits = "".join((card or "").split())
    if not digits:
        return ""
    return f"{digits[:4]} **** **** {digits[-4:]}" if len(digits) > 8 else "****"


class SubsistenceLine(models.Model):
    """The local minimum living standard (低保标准) of a region in a year, in CNY per
    person per month. A file uses the line of its region or the nearest region above it."""

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="subsistence_lines",
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("CNY per person per month"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["region__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="subsistence_line_region_year")
        ]
        verbose_name = _("subsistence line")
        verbose_name_plural = _("subsistence lines")

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.amount}"


class Cause(models.TextChoices):
    """致困原因."""

    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    DISASTER = "disaster", _("disaster")
    EDUCATION = "education", _("children's education")
    UNEMPLOYMENT = "unemployment", _("unemployment")
    SINGLE_PARENT = "single_parent", _("single parent")
    ACCIDENT = "accident", _("accident")
    OTHER = "other", _("other")


class HardshipFile(models.Model):
    """One household's hardship file (困难职工档案, 一户一档), kept by ``union``.

    The head of household is named by the embedded ``head_*`` fields (and linked to an
    ``orgs.Worker`` when there is one). Income figures are CNY; ``per_capita_income`` and
    ``severity`` are computed by the services from the incomes, the unavoidable expenses,
    the household size and ``subsistence_line`` (see :func:`services.compute_severity`).
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        IN_FILE = "in_file", _("in file")
        LIFTED = "lifted", _("lifted out of hardship")
        EXITED = "exited", _("exited")
        SAFETY_NET = "safety_net", _("passed to the state safety net")
        CANCELLED = "cancelled", _("cancelled")

    class Severity(models.TextChoices):
        NONE = "", _("not below twice the line")
        DEEP = "deep", _("deep hardship")
        RELATIVE = "relative", _("relative hardship")
        SUDDEN = "sudden", _("sudden hardship")

    class CancelReason(models.TextChoices):
        NONE = "", _("none")
        MOVED = "moved", _("moved away")
        RETIRED = "retired", _("retired")
        DECEASED = "deceased", _("deceased")
        REASSESSED = "reassessed", _("re-assessed")

    OPEN_STATUSES = (Status.APPLIED, Status.IN_FILE)

    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="hardship_files",
        verbose_name=_("union"),
    )
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("region"),
    )
    worker = models.ForeignKey(
        "orgs.Worker", on_delete=models.PROTECT, null=True, blank=True,
        related_name="hardship_files", verbose_name=_("worker"),
    )
    head_name = models.CharField(_("head of household"), max_length=50)
    head_id_number = EncryptedTextField(_("identity number"))
    head_id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    head_phone = EncryptedTextField(_("phone"), blank=True)
    bank_card = EncryptedTextField(_("bank card"), blank=True)
    health = EncryptedTextField(_("health of the head"), blank=True)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    household_size = models.PositiveSmallIntegerField(
        _("household size"), default=1, validators=[MinValueValidator(1)]
    )
    primary_cause = models.CharField(_("primary cause"), max_length=16, choices=Cause.choices)
    secondary_causes = models.CharField(
        _("secondary causes"), max_length=100, blank=True,
        help_text=_("Stored as ,code,code, (at most three)."),
    )
    monthly_income = models.DecimalField(_("household monthly income"), default=ZERO, **MONEY)
    yearly_income = models.DecimalField(_("household yearly income"), default=ZERO, **MONEY)
    medical_expenses = models.DecimalField(
        _("unavoidable medical expenses per year"), default=ZERO, **MONEY
    )
    education_expenses = models.DecimalField(
        _("unavoidable education expenses per year"), default=ZERO, **MONEY
    )
    per_capita_income = models.DecimalField(
        _("per-capita monthly income"), default=ZERO, editable=False, **MONEY
    )
    subsistence_line = models.DecimalField(
        _("subsistence line"), null=True, blank=True, editable=False, **MONEY
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, blank=True, default=""
    )
    sudden_reason = models.TextField(_("reason for sudden hardship"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    cancel_reason = models.CharField(
        _("reason for cancellation"), max_length=12, choices=CancelReason.choices, blank=True
    )
    applied_on = models.DateField(_("applied on"))
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        constraints = [
            # The database's own guard for 一户一档 / one open file per ID number.
            models.UniqueConstraint(
                fields=["head_id_hash"],
                condition=Q(status__in=["applied", "in_file"]),
                name="hardship_one_open_file_per_id",
            )
        ]
        indexes = [
            models.Index(fields=["union", "status"]),
            models.Index(fields=["status", "last_reviewed_on"]),
        ]

    def __str__(self) -> str:
        return _("File %(pk)s · %(name)s") % {"pk": self.pk, "name": self.head_name}

    @property
    def head_id_masked(self) -> str:
        return mask_id_number(self.head_id_number)

    @property
    def head_phone_masked(self) -> str:
        return mask_phone(self.head_phone)

    @property
    def bank_card_masked(self) -> str:
        return mask_card(self.bank_card)

    @property
    def secondary_cause_list(self) -> list[str]:
        return [c for c in self.secondary_causes.split(",") if c]

    def secondary_cause_labels(self) -> list[str]:
        labels = dict(Cause.choices)
        return [str(labels.get(c, c)) for c in self.secondary_cause_list]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def review_due_on(self) -> dt.date | None:
        """The annual review (年度复核) date: a year after the last review, or after filing;
        None for a file that is not in file."""
        if self.status != self.Status.IN_FILE:
            return None
        base = self.last_reviewed_on or self.filed_on or self.applied_on
        return add_years(base, 1)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class HouseholdMember(models.Model):
    """A member of the household other than the head (家庭成员)."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("sibling")
        GRANDCHILD = "grandchild", _("grandchild")
        OTHER = "other", _("other")

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    id_number = EncryptedTextField(_("identity number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    health = EncryptedTextField(_("health"), blank=True)
    monthly_income = models.DecimalField(_("monthly income"), default=ZERO, **MONEY)
    school_or_work = models.CharField(_("school or work"), max_length=100, blank=True)

    scope_lookups = ("file__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.name

    @property
    def id_masked(self) -> str:
        return mask_id_number(self.id_number)


class FileEvent(TimelineEvent):
    """One line of a file's timeline: who did what, when, from which status to which."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("file event")
        verbose_name_plural = _("file events")

    def __str__(self) -> str:
        return f"{self.file_id} {self.action}"


class Aid(models.Model):
    """One aid given to a household (帮扶记录): cash in CNY and/or goods lines.

    ``union`` is the union that gave it (it may be outside the file's union, e.g. a
    paired city's union); the record is in scope for both the giver's and the file's
    subtree. Education aid names the student, school and grade.
    """

    class Kind(models.TextChoices):
        CONDOLENCE = "condolence", _("condolence visit")
        LIVING = "living", _("living aid")
        MEDICAL = "medical", _("medical aid")
        TEMPORARY = "temporary", _("temporary aid")
        SPRING_EDUCATION = "spring_education", _("Spring Breeze education aid")
        AUTUMN_EDUCATION = "autumn_education", _("Golden Autumn education aid")
        EDUCATION = "education", _("other education aid")
        EMPLOYMENT = "employment", _("employment aid")

    EDUCATION_KINDS = (Kind.SPRING_EDUCATION, Kind.AUTUMN_EDUCATION, Kind.EDUCATION)

    file = models.ForeignKey(
        HardshipFile, on_delete=models.PROTECT, related_name="aids", verbose_name=_("file")
    )
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="aids_given",
        verbose_name=_("giving union"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    cash = models.DecimalField(_("cash"), default=ZERO, **MONEY)
    goods_value = models.DecimalField(_("value of goods"), default=ZERO, editable=False, **MONEY)
    student_name = models.CharField(_("student"), max_length=50, blank=True)
    school = models.CharField(_("school"), max_length=100, blank=True)
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    visit = models.ForeignKey(
        "services.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="aids",
        verbose_name=_("visit"),
    )
    delegation = models.CharField(_("delegation"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = ("union__path", "file__union__path")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("aid")
        verbose_name_plural = _("aid records")
        indexes = [models.Index(fields=["union", "date"]), models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def total_value(self) -> Decimal:
        return self.cash + self.goods_value


class AidGoodsLine(models.Model):
    """A line of goods in an aid: e.g. 棉被, 2, 床, 400.00 (``value`` is the line's total, CNY)."""

    aid = models.ForeignKey(Aid, on_delete=models.CASCADE, related_name="goods")
    name = models.CharField(_("goods"), max_length=50)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    value = models.DecimalField(_("value"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("goods line")
        verbose_name_plural = _("goods lines")

    def __str__(self) -> str:
        return f"{self.name} {self.quantity}{self.unit}"


class SensitiveAccessLog(models.Model):
    """A record of every reveal of a sensitive value and every export of assistance data
    (PIPL art. 55-56: keep at least three years). Never holds the value itself."""

    class Action(models.TextChoices):
        REVEAL = "reveal", _("reveal")
        EXPORT = "export", _("export")
        IMPORT = "import", _("import")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    record_type = models.CharField(_("record type"), max_length=50)
    record_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=50, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data accesses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.record_type}"
