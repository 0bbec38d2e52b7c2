"""Writes of worker recuperation: one function per write, keyword-only arguments.

The admin's rules (:class:`Rules`, the latest in force on a trip's first day) are checked
when a trip is planned and when a participant is added; a broken rule raises a
:class:`~gonghui.core.errors.DomainError` whose message names the rule, its limit and the
trip's figure, and nothing is saved. The limits are inclusive (a trip exactly at a limit
is allowed):

* days of the trip (first and last day counted) <= ``max_days``, or ``max_days_paired``
  for an exchange trip to the paired union's region;
* the route's price per person per day <= ``max_cost_per_day``;
* each participant's cost in the calendar year of the trip (this trip plus the worker's
  other trips that year, cancelled ones not counted) <= ``max_cost_per_year``;
* participants <= the base's capacity.

Status changes (done, cancelled) append a :class:`TripEvent`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.core.errors import DomainError, InvalidTransition, PermissionDenied
from gonghui.orgs.models import Region, Union, Worker
from gonghui.pairing.models import Pairing
from gonghui.pairing.services import decimal_of

from .models import Base, Participant, Route, Rules, Trip, TripEvent

PLAN_ROLES = (Role.OFFICER, Role.REVIEWER)
RULE_ROLES = (Role.ADMIN,)
T = Trip.Status


def _require_role(actor: User | None, roles: Sequence[str], message: str) -> None:
    if actor is not None and not actor.has_role(*roles):
        raise PermissionDenied(message)


def _union_ok(actor: User | None, union: Union) -> bool:
    return actor is None or Union.objects.visible_to(actor).filter(pk=union.pk).exists()


def rules_in_force(day: dt.date) -> Rules | None:
    """The rules in force on ``day``: the latest with ``effective_from`` on or before it."""
    return Rules.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


# ---------------------------------------------------------------- admin data

def rules_set(
    *, actor: User | None, effective_from: dt.date, max_cost_per_day, max_cost_per_year,
    max_days: int, max_days_paired: int, source: str = "",
) -> Rules:
    """Set the rules in force from ``effective_from`` (admins only). Costs in CNY; the
    paired maximum may not be shorter than the ordinary one."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may set the recuperation rules."))
    per_day = decimal_of(max_cost_per_day, _("Maximum cost per person per day"), positive=True)
    per_year = decimal_of(max_cost_per_year, _("Maximum cost per person per year"),
                          positive=True)
    if int(max_days) < 1:
        raise DomainError(_("Maximum days: at least one day."))
    if int(max_days_paired) < int(max_days):
        raise DomainError(_("Maximum days in a paired region: may not be shorter than the "
                            "maximum days."))
    rules, _created = Rules.objects.update_or_create(
        effective_from=effective_from,
        defaults={"max_cost_per_day": per_day, "max_cost_per_year": per_year,
                  "max_days": int(max_days), "max_days_paired": int(max_days_paired),
                  "source": source},
    )
    return rules


def base_add(
    *, actor: User | None, name: str, certified_year: int, capacity: int,
    region: Region | None = None, host_union: Union | None = None,
) -> Base:
    """Register a certified base (admins only)."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may register bases."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name: required."))
    if int(capacity) < 1:
        raise DomainError(_("Capacity: at least one person."))
    return Base.objects.create(name=name, certified_year=int(certified_year),
                               capacity=int(capacity), region=region, host_union=host_union)


def route_add(*, actor: User | None, base: Base, name: str, days: int, price_per_day) -> Route:
    """Add a route to a base (admins only): days, CNY per person per day."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may add routes."))
    if int(days) < 1:
        raise DomainError(_("Days: at least one day."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name: required."))
    return Route.objects.create(base=base, name=name, days=int(days),
                                price_per_day=decimal_of(price_per_day, _("Price"),
                                                         positive=True))


# ---------------------------------------------------------------- rule checks

def year_cost(worker: Worker, year: int, *, exclude_trip: Trip | None = None) -> Decimal:
    """What ``worker``'s trips starting in ``year`` cost per person (CNY), cancelled
    trips not counted."""
    qs = Participant.objects.filter(worker=worker, trip__starts_on__year=year).exclude(
        trip__status=T.CANCELLED).select_related("trip__route")
    if exclude_trip is not None:
        qs = qs.exclude(trip=exclude_trip)
    return sum((p.trip.cost_per_person for p in qs), Decimal("0.00"))


def trip_rule_errors(*, route: Route, starts_on: dt.date, ends_on: dt.date, paired: bool
                     ) -> list[str]:
    """The broken rules of a trip on ``route`` from ``starts_on`` to ``ends_on`` (an empty
    list when it keeps them all); a message per broken rule, naming it."""
    rules = rules_in_force(starts_on)
    if rules is None:
        return [_("Rules: no recuperation rules are in force on %(day)s; an administrator "
                  "must set them first.") % {"day": starts_on}]
    errors = []
    days = (ends_on - starts_on).days + 1
    limit = rules.max_days_paired if paired else rules.max_days
    if days > limit:
        if paired:
            errors.append(_("Maximum days in a paired region: the trip lasts %(days)d days, "
                            "the rules allow at most %(max)d.") % {"days": days, "max": limit})
        else:
            errors.append(_("Maximum days: the trip lasts %(days)d days, the rules allow at "
                            "most %(max)d (%(paired)d in a paired region).")
                          % {"days": days, "max": limit, "paired": rules.max_days_paired})
    if route.price_per_day > rules.max_cost_per_day:
        errors.append(_("Maximum cost per person per day: the route costs %(price)s CNY, the "
                        "rules allow at most %(max)s CNY.")
                      % {"price": route.price_per_day, "max": rules.max_cost_per_day})
    cost = route.price_per_day * days
    if cost > rules.max_cost_per_year:
        errors.append(_("Maximum cost per person per year: the trip alone costs %(cost)s CNY "
                        "per person, the rules allow at most %(max)s CNY a year.")
                      % {"cost": cost, "max": rules.max_cost_per_year})
    return errors


def _participant_errors(trip: Trip, worker: Worker) -> list[str]:
    rules = rules_in_force(trip.starts_on)
    if rules is None:
        return []
    total = year_cost(worker, trip.starts_on.year, exclude_trip=trip) + trip.cost_per_person
    if total > rules.max_cost_per_year:
        return [_("Maximum cost per person per year: %(worker)s's trips in %(year)d would cost "
                  "%(total)s CNY, the rules allow at most %(max)s CNY.")
                % {"worker": worker.name, "year": trip.starts_on.year, "total": total,
                   "max": rules.max_cost_per_year}]
    return []


# ---------------------------------------------------------------- trips

@dataclass(frozen=True)
class ParticipantSpec:
    worker: Worker
    group: str


def trip_plan(
    *, actor: User | None, route: Route, union: Union, starts_on: dt.date, ends_on: dt.date,
    pairing: Pairing | None = None, participants: Sequence[ParticipantSpec] = (),
    notes: str = "",
) -> Trip:
    """Plan a trip organised by ``union`` (in the actor's scope). With ``pairing`` it is
    an exchange trip hosted by the partner union (``union`` must be one side of it) and
    the longer paired maximum applies. Every rule is checked (see the module docstring);
    the first message is raised, nothing saved."""
    _require_role(actor, PLAN_ROLES, _("Your role may not plan recuperation trips."))
    if not _union_ok(actor, union):
        raise PermissionDenied(_("That union is outside your scope."))
    if starts_on is None or ends_on is None:
        raise DomainError(_("Dates: the first and the last day are required."))
    if ends_on < starts_on:
        raise DomainError(_("To: the last day is before the first day."))
    host = None
    if pairing is not None:
        if union.pk not in (pairing.giver_id, pairing.receiver_id):
            raise DomainError(_("Pairing: %(union)s is not one of its two unions.")
                              % {"union": union})
        host = pairing.partner_of(union)
    errors = trip_rule_errors(route=route, starts_on=starts_on, ends_on=ends_on,
                              paired=pairing is not None)
    if errors:
        raise DomainError(" ".join(errors))
    with transaction.atomic():
        trip = Trip.objects.create(route=route, union=union, pairing=pairing, host_union=host,
                                   starts_on=starts_on, ends_on=ends_on, notes=notes,
                                   created_by=actor)
        TripEvent.objects.create(trip=trip, actor=actor, action="plan")
        for spec in participants:
            participant_add(actor=actor, trip=trip, worker=spec.worker, group=spec.group)
    return trip


def participant_add(*, actor: User | None, trip: Trip, worker: Worker, group: str
                    ) -> Participant:
    """Add a worker (of the organising union's subtree) to a planned trip in a priority
    group; checks the base's capacity and the yearly cost per person."""
    _require_role(actor, PLAN_ROLES, _("Your role may not plan recuperation trips."))
    if not _union_ok(actor, trip.union):
        raise PermissionDenied(_("Only the organising union may add participants."))
    if trip.status != T.PLANNED:
        raise InvalidTransition(_("Participants can be added only to a planned trip."))
    if group not in Participant.Group.values:
        raise DomainError(_("Priority group: choose one of the listed groups."))
    if not worker.union.path.startswith(trip.union.path):
        raise DomainError(_("Worker: %(worker)s is not a worker of %(union)s.")
                          % {"worker": worker.name, "union": trip.union})
    if trip.participants.filter(worker=worker).exists():
        raise DomainError(_("Worker: %(worker)s is on this trip already.")
                          % {"worker": worker.name})
    capacity = trip.route.base.capacity
    if trip.participants.count() + 1 > capacity:
        raise DomainError(_("Capacity: the base takes at most %(n)d persons.") % {"n": capacity})
    errors = _participant_errors(trip, worker)
    if errors:
        raise DomainError(" ".join(errors))
    with transaction.atomic():
        participant = Participant.objects.create(trip=trip, worker=worker, group=group)
        TripEvent.objects.create(trip=trip, actor=actor, action="participant",
                                 note=worker.name)
    return participant


def _status(actor: User | None, trip: Trip, target: str, note: str = "") -> Trip:
    _require_role(actor, PLAN_ROLES, _("Your role may not change recuperation trips."))
    with transaction.atomic():
        qs = Trip.objects.all() if actor is None else Trip.objects.visible_to(actor)
        locked = qs.select_for_update(of=("self",)).filter(pk=trip.pk).first()
        if locked is None:
            raise PermissionDenied(_("This trip does not exist or is outside your scope."))
        if locked.status != T.PLANNED:
            raise InvalidTransition(_("A trip that is %(status)s cannot change.")
                                    % {"status": locked.get_status_display()})
        locked.status = target
        locked.save(update_fields=["status"])
        TripEvent.objects.create(trip=locked, actor=actor, action=target, note=note)
    return locked


def trip_complete(*, actor: User | None, trip: Trip) -> Trip:
    """Mark a planned trip done."""
    return _status(actor, trip, T.DONE)


def trip_cancel(*, actor: User | None, trip: Trip, reason: str) -> Trip:
    """Cancel a planned trip (a reason is required)."""
    if not (reason or "").strip():
        raise DomainError(_("Reason: say why the trip is cancelled."))
    return _status(actor, trip, T.CANCELLED, reason.strip())
