"""Writes of union events: one keyword-only function per action. Each checks the
actor's role and scope and its input, and either makes the whole change in one
transaction or raises a :class:`~gonghui.core.errors.DomainError` (naming the field)
and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.core.dates import bounds_error, latest_event_date
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.orgs.models import Union, Worker

from .models import (
    CANONICAL_UNITS,
    Event,
    EventFigure,
    Metric,
    SelectionRound,
    donors_error,
    figure_errors,
)

WRITE_ROLES = (Role.OFFICER, Role.REVIEWER)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise DomainError(message)


def _require_writer(actor: User) -> None:
    if not actor.has_role(*WRITE_ROLES):
        raise PermissionDenied(_("Your role may not record events."))


def _require_event(actor: User, event: Event) -> None:
    _require_writer(actor)
    if not Event.objects.visible_to(actor).filter(pk=event.pk).exists():
        raise PermissionDenied(_("Event: this event does not exist or is outside your scope."))


def _as_decimal(value) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Value: %(value)s is not a number.") % {"value": value}) from exc


def _check_figure(metric: str, value: Decimal, unit: str) -> None:
    errors = figure_errors(metric, value, unit)
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(f"{_(field.capitalize())}: {message}")


def event_create(
    *,
    actor: User,
    union: Union,
    kind: str,
    name: str,
    date: dt.date,
    place: str = "",
    description: str = "",
    participant_workers: Iterable[Worker] = (),
    figures: Mapping[str, tuple[Decimal | int | str, str]] | None = None,
) -> Event:
    """Record an event organised by ``union``, with its measured ``figures`` as
    ``{metric: (value, unit)}`` (unit must be the metric's canonical unit, e.g.
    ``{"donors": (242, "persons"), "blood_volume": (80000, "mL")}``)."""
    _require_writer(actor)
    if not Union.objects.visible_to(actor).filter(pk=union.pk).exists():
        raise PermissionDenied(_("Organiser: this union is outside your scope."))
    _require(kind in Event.Kind.values, _("Kind: unknown kind of event."))
    name = (name or "").strip()
    _require(bool(name), _("Name: an event needs a name."))
    _require(date is not None, _("Date: required."))
    out_of_range = bounds_error(date, latest=latest_event_date())
    _require(not out_of_range, _("Date: %(error)s") % {"error": out_of_range})
    workers = list(participant_workers)
    visible_workers = Worker.objects.visible_to(actor).filter(pk__in=[w.pk for w in workers])
    _require(visible_workers.count() == len(workers), _("Named participants: someone is outside your scope."))
    checked = {}
    for metric, (value, unit) in (figures or {}).items():
        value = _as_decimal(value)
        _check_figure(metric, value, unit)
        checked[metric] = (value, unit)
    too_many = donors_error(checked)
    _require(not too_many, too_many)
    with transaction.atomic():
        event = Event.objects.create(
            union=union,
            kind=kind,
            name=name,
            date=date,
            place=place.strip(),
            description=description,
            created_by=actor,
        )
        event.participant_workers.set(workers)
        EventFigure.objects.bulk_create(
            EventFigure(event=event, metric=m, value=v, unit=u) for m, (v, u) in checked.items()
        )
    return event


def event_set_figure(
    *, actor: User, event: Event, metric: str, value: Decimal | int | str, unit: str | None = None
) -> EventFigure:
    """Set (create or replace) one measured figure of ``event``. ``unit`` defaults to the
    metric's canonical unit; any other unit is refused (a figure is a number with its
    unit, never free text)."""
    _require_event(actor, event)
    _require(metric in Metric.values, _("Metric: unknown metric."))
    unit = CANONICAL_UNITS[metric] if unit is None else unit
    value = _as_decimal(value)
    _check_figure(metric, value, unit)
    figure, _created = EventFigure.objects.update_or_create(
        event=event, metric=metric, defaults={"value": value, "unit": unit}
    )
    return figure


def event_remove_figure(*, actor: User, event: Event, metric: str) -> None:
    """Remove one measured figure of ``event`` (nothing happens if it was not recorded)."""
    _require_event(actor, event)
    EventFigure.objects.filter(event=event, metric=metric).delete()


def round_add(
    *,
    actor: User,
    event: Event,
    entrants: int,
    passed: int,
    number: int | None = None,
    date: dt.date | None = None,
) -> SelectionRound:
    """Add a selection round (选拔) to ``event``: ``number`` defaults to the next one;
    ``passed`` <= ``entrants``; a later round cannot have more entrants than passed the
    round before it."""
    _require_event(actor, event)
    _require(entrants is not None and entrants >= 1, _("Entrants: at least 1."))
    _require(passed is not None and passed >= 0, _("Passed: cannot be negative."))
    _require(passed <= entrants, _("Passed: more passed (%(p)d) than entered (%(e)d).") % {"p": passed, "e": entrants})
    if date is not None:
        _require(date <= timezone.localdate(), _("Date: a round cannot be recorded in the future."))
    with transaction.atomic():
        rounds = list(SelectionRound.objects.select_for_update().filter(event=event).order_by("number"))
        number = number if number is not None else (rounds[-1].number + 1 if rounds else 1)
        _require(number >= 1, _("Round: numbers start at 1."))
        _require(
            all(r.number != number for r in rounds),
            _("Round: round %(n)d is already recorded.") % {"n": number},
        )
        before = [r for r in rounds if r.number < number]
        if before:
            _require(
                entrants <= before[-1].passed,
                _("Entrants: round %(n)d cannot have more entrants than the %(p)d who passed round %(m)d.")
                % {"n": number, "p": before[-1].passed, "m": before[-1].number},
            )
        return SelectionRound.objects.create(
            event=event, number=number, entrants=entrants, passed=passed, date=date
        )
