"""Union events (culture, blood drives, commemorations, meetings, training): who
organised them, when and where, who took part, their selection rounds, and their
measured figures kept as numbers with units (never as free text).

Writes go through :mod:`gonghui.events.services`; reads and figures through
:mod:`gonghui.events.selectors`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scope import ScopedQuerySet


class Unit(models.TextChoices):
    """Units of measured figures."""

    PERSONS = "persons", pgettext_lazy("unit", "persons")
    ML = "mL", pgettext_lazy("unit", "mL")
    LETTERS = "letters", pgettext_lazy("unit", "letters")


class Metric(models.TextChoices):
    """The fixed vocabulary of measured figures; each has one canonical unit
    (:data:`CANONICAL_UNITS`)."""

    PARTICIPANTS = "participants", _("participants")
    DONORS = "donors", _("blood donors")
    BLOOD_VOLUME = "blood_volume", _("blood volume")
    STEM_CELL_REGISTRATIONS = "stem_cell_registrations", _("stem-cell registrations")
    THANK_YOU_LETTERS = "thank_you_letters", _("thank-you letters")


CANONICAL_UNITS: dict[str, str] = {
    Metric.PARTICIPANTS: Unit.PERSONS,
    Metric.DONORS: Unit.PERSONS,
    Metric.BLOOD_VOLUME: Unit.ML,
    Metric.STEM_CELL_REGISTRATIONS: Unit.PERSONS,
    Metric.THANK_YOU_LETTERS: Unit.LETTERS,
}
# Units counted in whole numbers (a person or a letter is not divisible).
WHOLE_UNITS = frozenset({Unit.PERSONS, Unit.LETTERS})


class Event(models.Model):
    """An event organised by ``union`` on ``date`` at ``place``. The number of
    participants is its ``participants`` figure (:class:`EventFigure`); named
    participants, where known, are ``participant_workers``."""

    class Kind(models.TextChoices):
        CULTURE = "culture", _("culture")
        BLOOD_DRIVE = "blood_drive", _("blood drive")
        COMMEMORATION = "commemoration", _("commemoration")
        MEETING = "meeting", _("meeting")
        TRAINING = "training", _("training")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    participant_workers = models.ManyToManyField(
        "orgs.Worker", blank=True, related_name="events", verbose_name=_("named participants")
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["union", "date"])]

    def __str__(self) -> str:
        return self.name


class SelectionRound(models.Model):
    """A round of a selection (选拔), e.g. a choir's first round: how many entered, how
    many passed (``passed`` <= ``entrants``)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("event")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    date = models.DateField(_("date"), null=True, blank=True)
    entrants = models.PositiveIntegerField(_("entrants"))
    passed = models.PositiveIntegerField(_("passed"))

    scope_lookups = ("event__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["event", "number"]
        unique_together = [("event", "number")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(passed__lte=models.F("entrants")),
                name="events_round_passed_lte_entrants",
            )
        ]
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")

    def __str__(self) -> str:
        return f"{self.event} #{self.number}"


class EventFigure(models.Model):
    """A measured figure of an event: ``metric`` from the fixed vocabulary, ``value`` a
    non-negative number, ``unit`` the metric's canonical unit (checked by :meth:`clean`
    and by the service functions). One row per metric per event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="figures", verbose_name=_("event")
    )
    metric = models.CharField(_("metric"), max_length=30, choices=Metric.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)

    scope_lookups = ("event__union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["event", "metric"]
        unique_together = [("event", "metric")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="events_figure_value_non_negative"
            )
        ]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.value_display} {self.unit}"

    @property
    def value_display(self) -> str:
        """The value without trailing zeros (242, 80000, 12.5)."""
        v = self.value.normalize() if isinstance(self.value, Decimal) else Decimal(self.value)
        return f"{v:f}"

    def clean(self) -> None:
        """Refuse a unit other than the metric's canonical one, and fractions of persons
        or letters."""
        errors = figure_errors(self.metric, self.value, self.unit)
        if errors:
            raise ValidationError(errors)


def figure_errors(metric: str, value: Decimal | None, unit: str) -> dict[str, str]:
    """Field -> message for a figure that breaks the vocabulary rules (empty if fine)."""
    errors: dict[str, str] = {}
    if metric not in CANONICAL_UNITS:
        errors["metric"] = str(_("Unknown metric."))
        return errors
    canonical = CANONICAL_UNITS[metric]
    if unit != canonical:
        errors["unit"] = str(
            _("The unit of %(metric)s is %(unit)s, not %(given)s.")
            % {"metric": Metric(metric).label, "unit": Unit(canonical).label,
               "given": Unit(unit).label if unit in Unit.values else (unit or "—")}
        )
    if value is None:
        errors["value"] = str(_("A value is required."))
    elif value < 0:
        errors["value"] = str(_("A figure cannot be negative."))
    elif canonical in WHOLE_UNITS and value != value.to_integral_value():
        errors["value"] = str(
            _("%(metric)s is counted in whole %(unit)s.")
            % {"metric": Metric(metric).label, "unit": Unit(canonical).label}
        )
    return errors


def donors_error(figures) -> str:
    """A message when the blood donors outnumber the participants (both given), else
    ``""``; ``figures`` maps metric -> value or ``(value, unit)``."""
    def value(metric):
        v = figures.get(metric)
        return v[0] if isinstance(v, tuple) else v

    donors, participants = value(Metric.DONORS), value(Metric.PARTICIPANTS)
    if donors is not None and participants is not None and Decimal(donors) > Decimal(participants):
        return str(_("Blood donors (%(donors)s) cannot outnumber the participants (%(participants)s).")
                   % {"donors": donors, "participants": participants})
    return ""
