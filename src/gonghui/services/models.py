"""三服务: campaigns, service teams, visits, and the items found in them.

Items move through the close-out workflow (销号制管理) only by the functions in
:mod:`gonghui.services.workflow`; nothing else writes ``Item.status``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import ScopedQuerySet


class Category(models.Model):
    """An entry of the admin-editable item taxonomy (分类), e.g. 民生服务, 精神文化."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A named campaign (专项活动) of a union with its period, e.g. 暖心聚力助增长."""

    name = models.CharField(_("name"), max_length=100)
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("union")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class ServiceTeam(models.Model):
    """A 联系服务小组: officers who cover a zone (包片) of unions and regions."""

    class Kind(models.TextChoices):
        LIAISON = "liaison", _("liaison service team")
        CRAFTSMAN = "craftsman", _("model-worker and craftsman service team")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.LIAISON)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("campaign"),
    )
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="teams", verbose_name=_("union")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team leader"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="teams", verbose_name=_("members")
    )
    zone_unions = models.ManyToManyField(
        "orgs.Union", blank=True, related_name="covering_teams", verbose_name=_("zone: unions")
    )
    zone_regions = models.ManyToManyField(
        "orgs.Region", blank=True, related_name="covering_teams", verbose_name=_("zone: regions")
    )
    experts = models.ManyToManyField(
        "orgs.Worker",
        blank=True,
        related_name="expert_teams",
        verbose_name=_("expert members"),
        help_text=_("Model workers and craftsmen serving in a craftsman service team."),
    )

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A visit (走访) by a team to one target: an enterprise, a grassroots union, a model
    worker or craftsman, or a worker household. ``union`` is the union whose record it is
    (the one that made the visit)."""

    class TargetType(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise")
        UNION = "union", _("grassroots union")
        MODEL_WORKER = "model_worker", _("model worker or craftsman")
        HOUSEHOLD = "household", _("worker household")

    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="visits", verbose_name=_("union")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("campaign"),
    )
    team = models.ForeignKey(
        ServiceTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("service team"),
    )
    date = models.DateField(_("visit date"))
    target_type = models.CharField(_("target type"), max_length=16, choices=TargetType.choices)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("enterprise"),
    )
    target_union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits_received",
        verbose_name=_("grassroots union"),
    )
    worker = models.ForeignKey(
        "orgs.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("worker"),
    )
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="visits", verbose_name=_("visitors")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["union", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.target_name}"

    @property
    def target_name(self) -> str:
        target = self.enterprise or self.target_union or self.worker
        return str(target) if target else ""


class Item(models.Model):
    """A difficulty, need or problem (服务事项) found on a visit, tracked to close-out.

    Difficulties are counted in person-times (``persons_affected``), needs and problems in
    items (件次). ``outcome`` keeps whether the item was resolved or escalated after it is
    closed out. ``version`` increases on every transition (optimistic locking).
    """

    class Kind(models.TextChoices):
        DIFFICULTY = "difficulty", _("difficulty")
        NEED = "need", _("need")
        PROBLEM = "problem", _("problem")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        MERGED = "merged", _("merged")
        CONSULTING = "consulting", _("in consultation")
        ASSIGNED = "assigned", _("assigned")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        ESCALATED = "escalated", _("escalated")
        CLOSED = "closed", _("closed out")

    class Outcome(models.TextChoices):
        NONE = "", _("none yet")
        RESOLVED = "resolved", _("resolved")
        ESCALATED = "escalated", _("escalated")

    OPEN_STATUSES = (
        Status.REGISTERED,
        Status.ACCEPTED,
        Status.CONSULTING,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    )
    CLOCK_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)

    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="items", verbose_name=_("union")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("visit"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="items", verbose_name=_("category")
    )
    subject = models.CharField(_("subject"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    persons_affected = models.PositiveIntegerField(_("persons affected"), default=1)
    found_on = models.DateField(
        _("found on"), default=timezone.localdate, help_text=_("The visit date, or when reported.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    responsible_unit = models.ForeignKey(
        "orgs.ResponsibleUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("responsible unit"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_provisional = models.BooleanField(
        _("deadline provisional"),
        default=False,
        help_text=_("The holiday calendar did not know the year: weekends and fixed holidays only."),
    )
    resolution = models.TextField(_("resolution"), blank=True)
    escalation_target = models.CharField(_("escalated to"), max_length=100, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("merged into"),
    )
    satisfaction = models.CharField(_("satisfaction"), max_length=20, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved or escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed out at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # In scope for the owning union's subtree, and for the subtree of the union the
    # item is assigned to (so a town union sees what the county assigned to it).
    scope_lookups = ("union__path", "responsible_unit__union__path")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["union", "status"]),
            models.Index(fields=["found_on"]),
            # The item list's order (newest first): walked backwards, LIMIT stops early.
            models.Index(fields=["created_at", "id"], name="item_created_id"),
            # Open items by deadline (overdue and due-soon lists, the dashboard).
            models.Index(
                fields=["deadline", "id"],
                name="item_open_deadline",
                condition=models.Q(
                    status__in=["registered", "accepted", "consulting", "assigned", "in_progress"]
                ),
            ),
            # Roll-ups: a subtree's unions, then the period.
            models.Index(fields=["union", "found_on"], name="item_union_found"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class ItemEvent(models.Model):
    """One line of an item's timeline: who did what, when, from which state to which."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"
