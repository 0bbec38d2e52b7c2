"""Pairing assistance (对口帮扶, 东西部协作, 山海协作): pairings between two unions, their
agreements and commitments, delegations with volunteers, activities and aid, the
三建三助 ledger's works, and consumption assistance (消费帮扶: products, outlets,
purchases, the festival-gift target).

Scope: a pairing and everything under it is visible to both paired unions' subtrees (the
unions above and below each of them) and to no one else (``scope_lookups`` and
``shared_scope_lookups`` through the pairing's ``giver`` and ``receiver``). A
purchase belongs to the buying union only. Every write goes through
:mod:`gonghui.pairing.services`; each state change appends a :class:`PairingEvent`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import ScopedQuerySet

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}
PAIRING_SCOPE = ("pairing__giver__path", "pairing__receiver__path")


class Area(models.TextChoices):
    """Cooperation areas of an agreement (合作领域)."""

    WORKER_CULTURE = "worker_culture", _("worker culture")
    TALENT = "talent", _("talent")
    RECUPERATION = "recuperation", _("recuperation")
    RESOURCES = "resources", _("resources")
    CONSUMPTION = "consumption", _("consumption assistance")
    HARDSHIP = "hardship", _("hardship aid")
    EDUCATION = "education", _("study aid")
    TRAINING = "training", _("cadre training")
    OTHER = "other", _("other")


class Pairing(models.Model):
    """Two unions paired for assistance: ``giver`` helps ``receiver`` since ``since``."""

    class Kind(models.TextChoices):
        EAST_WEST = "east_west", _("east-west collaboration")
        MOUNTAIN_SEA = "mountain_sea", _("mountain-sea collaboration")
        COUNTERPART = "counterpart", _("counterpart support")

    giver = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="pairings_giving",
        verbose_name=_("helping union"),
    )
    receiver = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="pairings_receiving",
        verbose_name=_("assisted union"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = ("giver__path", "receiver__path")
    shared_scope_lookups = scope_lookups
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["giver__path", "receiver__path"]
        constraints = [
            models.UniqueConstraint(fields=["giver", "receiver"], name="pairing_giver_receiver"),
            models.CheckConstraint(condition=~Q(giver=models.F("receiver")),
                                   name="pairing_two_unions"),
        ]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")

    def __str__(self) -> str:
        return f"{self.giver} ↔ {self.receiver}"

    def partner_of(self, union) -> object:
        """The other union of the pairing, seen from ``union`` (either side)."""
        return self.receiver if union.pk == self.giver_id else self.giver


class PairingEvent(models.Model):
    """One line of a pairing's timeline: who did what, when (and the record it touched)."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=30)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    scope_lookups = PAIRING_SCOPE
    shared_scope_lookups = PAIRING_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("pairing event")
        verbose_name_plural = _("pairing events")

    def __str__(self) -> str:
        return f"{self.pairing_id} {self.action}"


class Agreement(models.Model):
    """A signed agreement of a pairing (e.g. 战略合作框架协议) with its cooperation areas
    (stored as ``,code,code,``) and an optional attached file."""

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="agreements",
                                verbose_name=_("pairing"))
    title = models.CharField(_("title"), max_length=150)
    signed_on = models.DateField(_("signed on"))
    parties = models.CharField(_("parties"), max_length=200)
    areas = models.CharField(_("cooperation areas"), max_length=200, blank=True)
    document = models.FileField(_("attached file"), upload_to="pairing/agreements/", blank=True)

    scope_lookups = PAIRING_SCOPE
    shared_scope_lookups = PAIRING_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    @property
    def area_list(self) -> list[str]:
        return [a for a in self.areas.split(",") if a]

    def area_labels(self) -> list[str]:
        labels = dict(Area.choices)
        return [str(labels.get(a, a)) for a in self.area_list]


class Commitment(models.Model):
    """A commitment an agreement makes (area, what, target figure and unit, due date),
    tracked ``pending -> in_progress -> done`` (or ``dropped``) by the services."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="commitments", verbose_name=_("agreement"))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.CharField(_("description"), max_length=300)
    target_value = models.DecimalField(_("target figure"), null=True, blank=True, **MONEY)
    target_unit = models.CharField(_("unit"), max_length=20, blank=True)
    achieved_value = models.DecimalField(_("achieved"), null=True, blank=True, **MONEY)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    scope_lookups = ("agreement__pairing__giver__path", "agreement__pairing__receiver__path")
    shared_scope_lookups = scope_lookups
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today) -> bool:
        """Open and past its due date on ``today``."""
        return self.status in self.OPEN_STATUSES and self.due_on < today


class Delegation(models.Model):
    """A visit by volunteers of the pairing (代表团) from ``starts_on`` to ``ends_on``
    (both inclusive), led by ``leader``."""

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="delegations",
                                verbose_name=_("pairing"))
    title = models.CharField(_("title"), max_length=150)
    leader = models.CharField(_("leader"), max_length=50)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    destination = models.CharField(_("destination"), max_length=100, blank=True)
    unions = models.ManyToManyField("orgs.Union", related_name="+", blank=True,
                                    verbose_name=_("unions taking part"))
    volunteer_count = models.PositiveIntegerField(
        _("volunteers (headcount)"), null=True, blank=True,
        help_text=_("Persons, as reported, when not every volunteer is recorded by name; "
                    "reports count the larger of this and the named volunteers."))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = PAIRING_SCOPE
    shared_scope_lookups = PAIRING_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class Volunteer(models.Model):
    """A worker in a delegation, and the union the worker comes from (志愿者)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE,
                                   related_name="volunteers")
    worker = models.ForeignKey("orgs.Worker", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("worker"))
    from_union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("from union"))
    role = models.CharField(_("role in the delegation"), max_length=50, blank=True)

    scope_lookups = ("delegation__pairing__giver__path", "delegation__pairing__receiver__path")
    shared_scope_lookups = scope_lookups
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["from_union__path", "id"]
        constraints = [models.UniqueConstraint(fields=["delegation", "worker"],
                                               name="volunteer_once_per_delegation")]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return str(self.worker)


class Activity(models.Model):
    """An activity of a delegation: symposium, condolence visits, study tour."""

    class Kind(models.TextChoices):
        SYMPOSIUM = "symposium", _("symposium")
        CONDOLENCE = "condolence", _("condolence visits")
        STUDY_TOUR = "study_tour", _("study tour")
        OTHER = "other", _("other")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE,
                                   related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)

    scope_lookups = ("delegation__pairing__giver__path", "delegation__pairing__receiver__path")
    shared_scope_lookups = scope_lookups
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.description


class PairingAid(models.Model):
    """The link from an aid record of the assistance context to the pairing it was given
    under (and the delegation that brought it, if any). The ledger's study aid and
    hardship aid lines are sums over these links."""

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="aid_links")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="aid_links")
    aid = models.OneToOneField("assistance.Aid", on_delete=models.PROTECT,
                               related_name="pairing_link")

    scope_lookups = PAIRING_SCOPE
    shared_scope_lookups = PAIRING_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["aid__date", "id"]
        verbose_name = _("aid given under a pairing")
        verbose_name_plural = _("aid given under pairings")

    def __str__(self) -> str:
        return f"{self.pairing} · {self.aid}"


class Work(models.Model):
    """A record behind the 三建三助 ledger's built lines and cadre training: a base built,
    a platform built, a mechanism built (a document), or a cadre training session
    (trainees, hours)."""

    class Line(models.TextChoices):
        BASE = "base", _("base built")
        PLATFORM = "platform", _("platform built")
        MECHANISM = "mechanism", _("mechanism built")
        TRAINING = "training", _("cadre training session")

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="works",
                                verbose_name=_("pairing"))
    line = models.CharField(_("ledger line"), max_length=12, choices=Line.choices)
    name = models.CharField(_("name"), max_length=150)
    date = models.DateField(_("date"))
    document = models.CharField(_("document"), max_length=150, blank=True,
                                help_text=_("Title or number of the document behind it."))
    trainees = models.PositiveIntegerField(_("trainees"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, default=0)
    notes = models.TextField(_("notes"), blank=True)

    scope_lookups = PAIRING_SCOPE
    shared_scope_lookups = PAIRING_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("ledger record")
        verbose_name_plural = _("ledger records")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product (name, origin region, supplier, unit, price in CNY per unit). A product
    of an assisted region names its ``pairing``; products without one are ordinary (their
    purchases count in the festival-gift total but not in the assisted share)."""

    owner = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("registered by"))
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="products", verbose_name=_("pairing"))
    name = models.CharField(_("name"), max_length=100)
    origin = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("origin region"))
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=10)
    price = models.DecimalField(_("price (CNY per unit)"), **MONEY)

    scope_lookups = ("owner__path", "pairing__giver__path", "pairing__receiver__path")
    shared_scope_lookups = ("pairing__giver__path", "pairing__receiver__path")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    @property
    def assisted(self) -> bool:
        return self.pairing_id is not None


class Outlet(models.Model):
    """A place that sells the assisted region's products: a shop, an e-commerce centre."""

    class Kind(models.TextChoices):
        SHOP = "shop", _("shop")
        ONLINE = "online", _("online platform")
        ECOMMERCE = "ecommerce", _("e-commerce centre")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="outlets",
                                verbose_name=_("pairing"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    address = models.CharField(_("address"), max_length=150, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    scope_lookups = PAIRING_SCOPE
    shared_scope_lookups = PAIRING_SCOPE
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self) -> str:
        return self.name


class Purchase(models.Model):
    """A purchase by a union: date, product, quantity, amount in CNY, channel."""

    class Channel(models.TextChoices):
        SHOP = "shop", _("shop")
        ONLINE = "online", _("online platform")
        CANTEEN = "canteen", _("canteen")
        FESTIVAL_GIFTS = "festival_gifts", _("festival gifts")

    union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="purchases",
                              verbose_name=_("buying union"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="purchases",
                                verbose_name=_("product"))
    date = models.DateField(_("date"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="purchases", verbose_name=_("outlet"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "date"])]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")

    def __str__(self) -> str:
        return f"{self.date} {self.product} {self.amount}"


class ConsumptionTarget(models.Model):
    """The share of festival-gift spending that should go to assisted regions, set by an
    admin of ``owner`` per year (percent, e.g. 30.00) for the owner's subtree; a target
    without owner is platform-wide (set by the system). A union's target in a year is the
    highest of those set for it or for a union above it (decision 0008)."""

    owner = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("set by"))
    year = models.PositiveSmallIntegerField(_("year"))
    festival_gift_share = models.DecimalField(
        _("festival-gift share target (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    scope_lookups = ("owner__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "owner__path"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], condition=Q(owner__isnull=False),
                                    name="target_owner_year"),
            models.UniqueConstraint(fields=["year"], condition=Q(owner__isnull=True),
                                    name="target_platform_year"),
        ]
        verbose_name = _("consumption assistance target")
        verbose_name_plural = _("consumption assistance targets")

    def __str__(self) -> str:
        return f"{self.year}: {self.festival_gift_share}%"
