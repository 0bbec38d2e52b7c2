"""Labour, merit and skills competitions (劳动竞赛, 立功竞赛, 技能比武), the key projects
they serve (重点工程), entries and their ranks, awards and titles, the safety and quality
incidents that bar an award (一票否决), and the service sessions of craftsman service
teams (劳模工匠服务队) held on a 三服务 visit.

Writes go through :mod:`gonghui.competitions.services`; reads and figures through
:mod:`gonghui.competitions.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import ScopedQuerySet


class KeyProject(models.Model):
    """A key project (重点工程) a competition serves, e.g. 葛岙水库. ``owner`` is the
    project's owner or builder (业主单位) as text; ``union`` is the union that keeps the
    entry (its scope)."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "orgs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    owner = models.CharField(_("owner"), max_length=100, blank=True)
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        related_name="key_projects",
        verbose_name=_("kept by"),
    )

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        unique_together = [("union", "name")]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")

    def __str__(self) -> str:
        return self.name


class Competition(models.Model):
    """A competition organised by ``union`` over a period (both ends inclusive).

    ``parent`` groups contests under an umbrella competition (e.g. the skills contests
    of a year's 立功竞赛); every competition, umbrella or contest, counts as one 场次.
    """

    class Kind(models.TextChoices):
        LABOUR = "labour", _("labour competition")
        MERIT = "merit", _("merit competition")
        SKILLS = "skills", _("skills contest")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    theme = models.CharField(_("theme"), max_length=150, blank=True)
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.PROTECT,
        related_name="competitions",
        verbose_name=_("organising union"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contests",
        verbose_name=_("part of"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    key_projects = models.ManyToManyField(
        KeyProject, blank=True, related_name="competitions", verbose_name=_("key projects served")
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        indexes = [models.Index(fields=["union", "start_date"])]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """One entrant of a competition: a worker (``worker``) or a team (``team_name``),
    with their enterprise. ``persons`` is how many persons the entry stands for (1 for an
    individual; the team size for a team): participant-times (参与人次) are their sum.
    ``rank`` is computed from ``score`` (higher is better, standard competition ranking
    1, 1, 3) by :func:`gonghui.competitions.services.entries_rank`."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("competition")
    )
    worker = models.ForeignKey(
        "orgs.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_entries",
        verbose_name=_("worker"),
    )
    team_name = models.CharField(_("team or entrant name"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_entries",
        verbose_name=_("enterprise"),
    )
    persons = models.PositiveIntegerField(_("persons"), default=1)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    scope_lookups = ("competition__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "rank", "id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self) -> str:
        return self.entrant_name

    @property
    def entrant_name(self) -> str:
        """The worker's name, or the team's."""
        return self.worker.name if self.worker_id else self.team_name

    @property
    def entrant_enterprise_id(self) -> int | None:
        """The entry's enterprise, or else the worker's."""
        if self.enterprise_id:
            return self.enterprise_id
        return self.worker.enterprise_id if self.worker_id else None


class Incident(models.Model):
    """A safety or quality incident (安全事故 / 质量事故) of a worker or an enterprise. In a
    competition's period it bars the entrant from any award (一票否决)."""

    class Kind(models.TextChoices):
        SAFETY = "safety", _("safety incident")
        QUALITY = "quality", _("quality incident")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("enterprise"),
    )
    worker = models.ForeignKey(
        "orgs.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("worker"),
    )
    description = models.TextField(_("description"))
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by union")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Award(models.Model):
    """An award or title given to an entry of a competition."""

    class Title(models.TextChoices):
        CHIEF_WORKER = "chief_worker", _("chief worker")
        TECHNICAL_EXPERT = "technical_expert", _("technical expert")
        PIONEER = "pioneer", _("Workers' Pioneer (team)")
        MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal")

    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, related_name="awards", verbose_name=_("entry")
    )
    title = models.CharField(_("title"), max_length=20, choices=Title.choices)
    awarded_on = models.DateField(_("awarded on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    scope_lookups = ("entry__competition__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on", "id"]
        unique_together = [("entry", "title")]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.entry} {self.get_title_display()}"


class CraftsmanService(models.Model):
    """One session of a craftsman service team on a 三服务 visit (``services.Visit``), e.g.
    welding guidance or electrical-safety training: its topic, attendees (persons),
    hours and the enterprise's feedback. A visit may hold several sessions."""

    class Topic(models.TextChoices):
        WELDING = "welding", _("welding guidance")
        ELECTRICAL_SAFETY = "electrical_safety", _("electrical safety training")
        SKILLS_TRAINING = "skills_training", _("systematic skills training")
        TECHNICAL_ADVICE = "technical_advice", _("technical advice")
        OTHER = "other", _("other")

    visit = models.ForeignKey(
        "services.Visit",
        on_delete=models.CASCADE,
        related_name="craftsman_services",
        verbose_name=_("visit"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    experts = models.ManyToManyField(
        "orgs.Worker", blank=True, related_name="craftsman_services", verbose_name=_("experts")
    )
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    feedback = models.TextField(_("feedback"), blank=True)

    scope_lookups = ("visit__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("craftsman service")
        verbose_name_plural = _("craftsman services")

    def __str__(self) -> str:
        return f"{self.visit} {self.get_topic_display()}"
