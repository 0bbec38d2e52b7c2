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

from gonghui.core.models import TimelineEvent
from gonghui.core.scope import ScopedQuerySet


class Category(models.Model):
    """An entry of the admin-editable item taxonomy (分类), e.g. 民生服务, 精神文化."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent category"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    evidence_required = models.BooleanField(
        _("close-out needs evidence"),
        default=True,
        help_text=_(
            "Closing out an item of this category needs an evidence file or a written "
            "evidence statement (unless the installation's setting turns the rule off)."
        ),
    )

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

    class ItemClass(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        DIFFICULT = "difficult", _("difficult")
        COMPLEX = "complex", _("especially complex")

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
    evidence_statement = models.TextField(
        _("evidence statement"),
        blank=True,
        help_text=_("Written at close-out: how the result was verified, when no file shows it."),
    )
    item_class = models.CharField(
        _("class"), max_length=16, choices=ItemClass.choices, default=ItemClass.ORDINARY
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent item"),
    )
    deadline_base = models.DateField(
        _("deadline counted from"),
        null=True,
        blank=True,
        help_text=_("The assignment day, or the deadline given at assignment."),
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"),
        null=True,
        blank=True,
        help_text=_("Working days counted from the assignment day; empty for a fixed date."),
    )
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
    # And, to read it and record their own part only, for the subtrees of the unions of
    # its co-handling units (CoHandlingUnit.scope_lookups, through ``co_units``).
    part_scope_lookups = ("co_units__unit__union__path", "co_units__unit__owner__path")
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
            # The item list's order (newest first): walked backwards, LIMIT stops early;
            # the two scope columns let the walk test the scope in the index alone
            # (an index-only scan: no table row read for the rows of other counties).
            models.Index(
                fields=["created_at", "id", "union", "responsible_unit"],
                name="item_created_scope",
            ),
            # Open items by deadline (the list by deadline, overdue and due-soon lists,
            # the dashboard), likewise with the scope columns.
            models.Index(
                fields=["deadline", "id", "union", "responsible_unit"],
                name="item_open_deadline_scope",
                condition=models.Q(
                    status__in=["registered", "accepted", "consulting", "assigned", "in_progress"]
                ),
            ),
            # Counting the items assigned into a subtree but owned outside it (the
            # second part of a county's exact count) from the index alone.
            models.Index(fields=["responsible_unit", "union"], name="item_unit_union"),
            # Roll-ups: a subtree's unions, then the period.
            models.Index(fields=["union", "found_on"], name="item_union_found"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class ItemEvent(TimelineEvent):
    """One line of an item's timeline: who did what, when, from which state to which."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"


class CoHandlingUnit(models.Model):
    """A co-handling unit (协办单位) of an item besides its lead unit (主办, the item's
    ``responsible_unit``), with its own part of the work and its own resolution. The lead
    unit can record the item as resolved only when every co-handling part is resolved."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="co_units", verbose_name=_("item")
    )
    unit = models.ForeignKey(
        "orgs.ResponsibleUnit", on_delete=models.PROTECT, related_name="co_handled",
        verbose_name=_("co-handling unit"),
    )
    part = models.TextField(_("part of the work"))
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    # The union that works this part: the unit itself when it is a union, and the union
    # that keeps the unit's entry (a town union for its town's bureau). Their subtrees
    # see the item (Item.part_scope_lookups) and record this part's resolution.
    scope_lookups = ("unit__union__path", "unit__owner__path")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("co-handling unit")
        verbose_name_plural = _("co-handling units")
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="services_counit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.unit}"


class Attachment(models.Model):
    """Evidence of close-out (佐证材料): a photo or document of an item, stored under
    MEDIA_ROOT with the SHA-256 of its bytes (hex) so later tampering can be detected."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("item")
    )
    file = models.FileField(_("file"), upload_to="items/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class FollowUp(models.Model):
    """A follow-up (回访) with the person served after the item was resolved: when, how,
    whether they were satisfied, and a comment. An unsatisfied one reopens the item."""

    class Method(models.TextChoices):
        PHONE = "phone", _("telephone")
        VISIT = "visit", _("visit in person")
        MESSAGE = "message", _("text message or WeChat")
        OTHER = "other", _("other")

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("item")
    )
    date = models.DateField(_("follow-up date"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    satisfied = models.BooleanField(_("satisfied"))
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.item_id} {self.date}"


class TimeLimit(models.Model):
    """The time limit (办理时限) in working days of one class of item in one category,
    set by the admin; assignment uses it when no deadline or day count is given."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="time_limits", verbose_name=_("category")
    )
    item_class = models.CharField(_("class"), max_length=16, choices=Item.ItemClass.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        ordering = ["category", "item_class"]
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "item_class"], name="services_timelimit_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1), name="services_timelimit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.get_item_class_display()}: {self.working_days}"


class ExtensionRequest(models.Model):
    """A responsible unit's request (延期申请) for more working days on an item's
    deadline, decided by a reviewer of the owning side. An approved one re-bases the
    deadline: ``days`` working days added to the deadline current at approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("item")
    )
    reason = models.TextField(_("reason"))
    days = models.PositiveSmallIntegerField(_("working days asked"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    old_deadline = models.DateField(_("deadline before"), null=True, blank=True)
    new_deadline = models.DateField(_("deadline after"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.item_id} +{self.days}"


class HolidaySchedule(models.Model):
    """One year's official holiday and make-up working day schedule (放假安排) as the
    State Council publishes it, entered by an admin when the ``chinese_calendar``
    package does not know the year yet (or to correct it). For a year with a schedule,
    a day is a working day if it is listed as a make-up working day, not one if listed
    as a holiday, and otherwise when it is Monday to Friday."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True,
        help_text=_("E.g. the State Council notice that published the schedule."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")

    def __str__(self) -> str:
        return str(self.year)


class HolidayScheduleDay(models.Model):
    """One listed day of a :class:`HolidaySchedule`: a holiday or a make-up working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        WORKDAY = "workday", _("make-up working day")

    schedule = models.ForeignKey(
        HolidaySchedule, on_delete=models.CASCADE, related_name="days",
        verbose_name=_("schedule"),
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("schedule day")
        verbose_name_plural = _("schedule days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Reminder(models.Model):
    """A reminder or supervision that ``gonghui remind`` recorded, once: the unique
    constraint on (item, kind, level, deadline) lets two concurrent runs race and one
    win. A new deadline (an extension) makes new reminders due. ``level`` is 0 for
    reminders and n for supervision raised n unions up the tree (``union``)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        SUPERVISION = "supervision", _("supervision")

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("item")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    deadline = models.DateField(_("deadline"))
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("supervising union"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "level", "deadline"], name="services_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.level}"


class Notification(models.Model):
    """One message in a user's in-app inbox (站内消息)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("user"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("item"),
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message[:40]
