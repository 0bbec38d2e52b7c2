"""Ingested texts, the draft records proposed from them, and the visit-statistics
summary a campaign report confirms into."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import ScopedQuerySet


class IngestedText(models.Model):
    """A report or page as pasted or uploaded: the ``text``, its ``sha256`` (one row per
    union and text), the ``page_date`` relative dates were resolved against, who
    ingested it, and the ``analysis`` (:meth:`gonghui.ingest.pipeline.Analysis.as_dict`)."""

    union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("union"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_date = models.DateField(_("page date"), null=True, blank=True)
    analysis = models.JSONField(_("analysis"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("ingested by"))
    created_at = models.DateTimeField(_("ingested at"), auto_now_add=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ingested text")
        verbose_name_plural = _("ingested texts")
        constraints = [models.UniqueConstraint(fields=["union", "sha256"],
                                               name="ingest_text_once_per_union")]

    def __str__(self) -> str:
        return self.title or self.sha256[:12]


class Draft(models.Model):
    """A record proposed from one article of an ingested text: its ``kind`` (what would
    be created), the proposed ``payload`` (JSON, edited by the officer before
    confirming), the ``spans`` of the source sentences it came from (``[{"paragraph",
    "start", "end"}]`` in the article's paragraphs, paragraph -1 is the headline), a
    ``fingerprint`` (same text, article and proposal → same fingerprint) and once
    confirmed the created ``record`` (generic link)."""

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        VISIT_SUMMARY = "visit_summary", _("visit statistics")
        DELEGATION = "delegation", _("pairing delegation")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        DISMISSED = "dismissed", _("dismissed")

    text = models.ForeignKey(IngestedText, on_delete=models.CASCADE, related_name="drafts",
                             verbose_name=_("ingested text"))
    article_index = models.PositiveIntegerField(_("article"))
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    payload = models.JSONField(_("proposal"), default=dict)
    spans = models.JSONField(_("source sentences"), default=list)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_lookups = ("text__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["text", "article_index", "id"]
        verbose_name = _("draft record")
        verbose_name_plural = _("draft records")
        indexes = [models.Index(fields=["fingerprint"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.headline}"


class VisitSummary(models.Model):
    """A union's visit statistics over a period as a work report states them (德清:
    57 enterprises, 29 households, 26 person-times of difficulties, 11 needs, 34
    resolved, 3 escalated). Counts, not individual visits: the visits themselves are
    :class:`gonghui.services.models.Visit`."""

    union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("union"))
    title = models.CharField(_("title"), max_length=200)
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_to = models.DateField(_("to"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("enterprises visited"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households visited"), null=True, blank=True)
    difficulties = models.PositiveIntegerField(_("difficulties (person-times)"), null=True,
                                               blank=True)
    needs = models.PositiveIntegerField(_("needs (item-times)"), null=True, blank=True)
    resolved = models.PositiveIntegerField(_("resolved (item-times)"), null=True, blank=True)
    escalated = models.PositiveIntegerField(_("escalated (item-times)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    COUNTS = ("enterprises", "households", "difficulties", "needs", "resolved", "escalated")

    class Meta:
        ordering = ["-period_to", "-id"]
        verbose_name = _("visit statistics")
        verbose_name_plural = _("visit statistics")

    def __str__(self) -> str:
        return self.title
