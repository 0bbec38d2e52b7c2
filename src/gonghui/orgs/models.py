"""Organisations: regions, the union tree, enterprises, workers, responsible units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.scope import ScopedQuerySet

from . import validators


class Region(models.Model):
    """An administrative division: GB/T 2260 code (6 digits) for province, city and
    county; the statistical division code's 9-digit prefix for a town or street."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county")
        TOWN = "town", _("town or street")

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class UnionQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    """Tree-aware queryset (treebeard) that also knows the scope rule."""


class UnionManager(MP_NodeManager):
    def get_queryset(self) -> UnionQuerySet:
        return UnionQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user) -> UnionQuerySet:
        return self.get_queryset().visible_to(user)


class Union(MP_Node):
    """A trade union in the union tree, stored as a materialised path (``path``): the
    subtree of a union is ``Union.objects.filter(path__startswith=union.path)``."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county or district")
        TOWN = "town", _("town or street")
        GRASSROOTS = "grassroots", _("grassroots")

    class Kind(models.TextChoices):
        FEDERATION = "federation", _("federation of trade unions")
        INDUSTRY = "industry", _("industry union")
        GRASSROOTS = "grassroots", _("grassroots union")
        JOINT = "joint", _("joint union")

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validators.validate_union_uscc],
    )

    node_order_by = ["name"]
    scope_lookups = ("path",)
    objects = UnionManager()

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")

    def __str__(self) -> str:
        return self.name

    def subtree(self) -> models.QuerySet[Union]:
        """This union and every union below it (one indexed prefix query)."""
        return Union.objects.filter(path__startswith=self.path)


class Enterprise(models.Model):
    """An employer, identified by its 统一社会信用代码 (``uscc``, GB 32100-2015). ``union``
    is the union whose work covers it (its grassroots union, or the town federation)."""

    name = models.CharField(_("name"), max_length=100)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validators.validate_uscc],
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("union")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """An employee. ``id_number`` is sensitive personal information (PIPL art. 28): shown
    masked (first 6, last 4) everywhere but a logged reveal."""

    class Title(models.TextChoices):
        NONE = "", _("none")
        NATIONAL_MODEL = "national_model", _("national model worker")
        PROVINCIAL_MODEL = "provincial_model", _("provincial model worker")
        CITY_MODEL = "city_model", _("city model worker")
        COUNTY_MODEL = "county_model", _("county model worker")
        CRAFTSMAN = "craftsman", _("craftsman")
        CHIEF_WORKER = "chief_worker", _("chief worker")

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("identity number"),
        max_length=18,
        blank=True,
        validators=[validators.validate_id_number],
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("enterprise"),
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="workers", verbose_name=_("union")
    )
    title = models.CharField(_("title"), max_length=20, choices=Title.choices, blank=True)
    in_hardship = models.BooleanField(_("worker in hardship"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["id_number", "phone"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return validators.mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return validators.mask_phone(self.phone)


class ResponsibleUnit(models.Model):
    """A body an item can be assigned to (责任单位): a union in the tree, or an outside
    body such as a county HR bureau. ``owner`` is the union that keeps the entry."""

    class Kind(models.TextChoices):
        UNION = "union", _("union")
        GOVERNMENT = "government", _("government body")
        ENTERPRISE = "enterprise", _("enterprise")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    union = models.ForeignKey(
        Union,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("union"),
        help_text=_("Set when the responsible unit is itself a union."),
    )
    owner = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="responsible_units", verbose_name=_("kept by")
    )
    contact = models.CharField(_("contact"), max_length=100, blank=True)

    scope_lookups = ("owner__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        unique_together = [("owner", "name")]
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")

    def __str__(self) -> str:
        return self.name
