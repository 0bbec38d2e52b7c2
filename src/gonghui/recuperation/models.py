"""Worker recuperation (职工疗休养): certified bases, routes, the admin's rules, trips
organised by unions and their participants.

A trip is visible to its organising union's subtree and, for an exchange trip between
paired unions, to the host union's subtree too. Trips are planned, checked against the
rules in force and changed only through :mod:`gonghui.recuperation.services`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import ScopedQuerySet

MONEY = {"max_digits": 10, "decimal_places": 2}


OWNER = {"on_delete": models.PROTECT, "null": True, "blank": True, "related_name": "+"}


class Base(models.Model):
    """A certified recuperation base (疗休养基地): region, year certified, beds. Bases
    and their routes are a shared catalogue (any union may send workers to any base);
    only admins of the ``owner``'s subtree change them (no owner: the system's)."""

    owner = models.ForeignKey("orgs.Union", verbose_name=_("registered by"), **OWNER)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("region"))
    host_union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("union of the base's region"),
    )
    certified_year = models.PositiveSmallIntegerField(_("certified in"))
    capacity = models.PositiveIntegerField(_("capacity (persons)"))

    scope_lookups = ("owner__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("recuperation base")
        verbose_name_plural = _("recuperation bases")

    def __str__(self) -> str:
        return self.name


class Route(models.Model):
    """A route of a base: days, and the price in CNY per person per day."""

    base = models.ForeignKey(Base, on_delete=models.PROTECT, related_name="routes",
                             verbose_name=_("base"))
    name = models.CharField(_("name"), max_length=100)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1)])
    price_per_day = models.DecimalField(_("price (CNY per person per day)"), **MONEY)

    scope_lookups = ("base__owner__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["base__name", "name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self) -> str:
        return f"{self.base} · {self.name}"


class Rules(models.Model):
    """The rules an admin of ``owner`` sets for the owner's subtree, in force from
    ``effective_from``: cost per person per day and per year (CNY), maximum days of a
    trip, and the longer maximum for a trip to a paired region. Rules without owner are
    platform-wide (set by the system). For each owner the latest rules whose
    ``effective_from`` is on or before a trip's first day are in force; a trip keeps those
    of its organising union and of every union above it, so the strictest limit of each
    kind applies (decision 0008)."""

    owner = models.ForeignKey("orgs.Union", verbose_name=_("set by"), **OWNER)
    effective_from = models.DateField(_("in force from"))
    max_cost_per_day = models.DecimalField(_("maximum cost per person per day (CNY)"), **MONEY)
    max_cost_per_year = models.DecimalField(_("maximum cost per person per year (CNY)"),
                                            **MONEY)
    max_days = models.PositiveSmallIntegerField(_("maximum days"))
    max_days_paired = models.PositiveSmallIntegerField(_("maximum days in a paired region"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    scope_lookups = ("owner__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "owner__path"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "effective_from"],
                                    condition=Q(owner__isnull=False), name="rules_owner_date"),
            models.UniqueConstraint(fields=["effective_from"], condition=Q(owner__isnull=True),
                                    name="rules_platform_date"),
        ]
        verbose_name = _("recuperation rules")
        verbose_name_plural = _("recuperation rules")

    def __str__(self) -> str:
        return str(self.effective_from)


class Trip(models.Model):
    """A recuperation trip on a route, organised by ``union``. An exchange trip names the
    ``pairing`` and the ``host_union`` (the partner whose region hosts it)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="trips",
                              verbose_name=_("route"))
    union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="trips",
                              verbose_name=_("organising union"))
    pairing = models.ForeignKey("pairing.Pairing", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="trips", verbose_name=_("pairing"))
    host_union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="trips_hosted",
                                   verbose_name=_("host union"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_lookups = ("union__path", "host_union__path")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("recuperation trip")
        verbose_name_plural = _("recuperation trips")

    def __str__(self) -> str:
        return f"{self.route} {self.starts_on:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def cost_per_person(self) -> Decimal:
        return self.route.price_per_day * self.days


class Participant(models.Model):
    """A worker on a trip, with the priority group that earned the place."""

    class Group(models.TextChoices):
        FRONTLINE = "frontline", _("frontline worker")
        MODEL_WORKER = "model_worker", _("model worker")
        SKILLED = "skilled", _("skilled worker")
        NEAR_RETIREMENT = "near_retirement", _("near retirement")
        OTHER = "other", _("other")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="participants")
    worker = models.ForeignKey("orgs.Worker", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("worker"))
    group = models.CharField(_("priority group"), max_length=16, choices=Group.choices)

    scope_lookups = ("trip__union__path", "trip__host_union__path")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["trip", "worker"],
                                               name="participant_once_per_trip")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return str(self.worker)


class TripEvent(models.Model):
    """One line of a trip's timeline: planned, participant added, done, cancelled."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("trip event")
        verbose_name_plural = _("trip events")

    def __str__(self) -> str:
        return f"{self.trip_id} {self.action}"
