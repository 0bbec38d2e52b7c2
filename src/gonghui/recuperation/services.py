"""Writes of worker recuperation: one function per write, keyword-only arguments.

The admins' rules (:class:`Rules`: for the organising union and each union above it, and
the platform-wide ones, the latest in force on a trip's first day, the strictest limit of
each kind winning) are checked
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
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.core.scope import ancestor_paths
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


def rules_in_force(day: dt.date, union: Union | None = None) -> Rules | None:
    """The rules in force on ``day`` for trips organised by ``union``: for each owner
    (``union``, every union above it, and the platform-wide rules without owner) the
    latest rules with ``effective_from`` on or before ``day``; when several owners have
    rules in force, an unsaved :class:`Rules` holding the strictest limit of each kind
    (the lowest), the latest ``effective_from`` and their sources joined. With ``union``
    None only the platform-wide rules count. None when no rules are in force."""
    qs = Rules.objects.filter(effective_from__lte=day)
    if union is None:
        qs = qs.filter(owner__isnull=True)
    else:
        qs = qs.filter(Q(owner__isnull=True) | Q(owner__path__in=ancestor_paths(union.path)))
    latest: dict[int | None, Rules] = {}
    for rules in qs.order_by("-effective_from"):
        latest.setdefault(rules.owner_id, rules)
    if len(latest) <= 1:
        return next(iter(latest.values()), None)
    found = list(latest.values())
    return Rules(
        effective_from=max(r.effective_from for r in found),
        max_cost_per_day=min(r.max_cost_per_day for r in found),
        max_cost_per_year=min(r.max_cost_per_year for r in found),
        max_days=min(r.max_days for r in found),
        max_days_paired=min(r.max_days_paired for r in found),
        source="; ".join(r.source for r in found if r.source),
    )


# ---------------------------------------------------------------- admin data

def _owner_for(actor: User | None, owner: Union | None) -> Union | None:
    """The owning union of an admin record: ``owner`` (in the actor's scope) or, when
    not given, the actor's own union; None (platform-wide) only for the system or a
    superuser without a union."""
    if owner is None:
        return actor.union if actor is not None else None
    if not _union_ok(actor, owner):
        raise PermissionDenied(_("That union is outside your scope."))
    return owner


def _owned_ok(actor: User | None, obj) -> None:
    """PermissionDenied unless ``obj`` (with ``owner``) is the actor's to change: owned by
    a union of the actor's subtree (platform-wide records: the system or a superuser)."""
    if actor is None or (actor.is_superuser and actor.union_id is None):
        return
    if obj.owner_id is None or not _union_ok(actor, obj.owner):
        raise PermissionDenied(_("This record does not exist or is outside your scope."))


def _rules_values(max_cost_per_day, max_cost_per_year, max_days, max_days_paired) -> dict:
    per_day = decimal_of(max_cost_per_day, _("Maximum cost per person per day"), positive=True)
    per_year = decimal_of(max_cost_per_year, _("Maximum cost per person per year"),
                          positive=True)
    if max_days is None or int(max_days) < 1:
        raise DomainError(_("Maximum days: at least one day."))
    if max_days_paired is None or int(max_days_paired) < int(max_days):
        raise DomainError(_("Maximum days in a paired region: may not be shorter than the "
                            "maximum days."))
    return {"max_cost_per_day": per_day, "max_cost_per_year": per_year,
            "max_days": int(max_days), "max_days_paired": int(max_days_paired)}


def rules_set(
    *, actor: User | None, effective_from: dt.date, max_cost_per_day, max_cost_per_year,
    max_days: int, max_days_paired: int, source: str = "", owner: Union | None = None,
) -> Rules:
    """Set the rules of ``owner``'s subtree (default: the actor's union; none for the
    system: platform-wide) in force from ``effective_from`` (admins only), replacing the
    owner's rules of that day. Costs in CNY; the paired maximum may not be shorter than
    the ordinary one."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may set the recuperation rules."))
    owner = _owner_for(actor, owner)
    if effective_from is None:
        raise DomainError(_("In force from: required."))
    values = _rules_values(max_cost_per_day, max_cost_per_year, max_days, max_days_paired)
    with transaction.atomic():
        rules, _created = Rules.objects.update_or_create(
            owner=owner, effective_from=effective_from,
            defaults={**values, "source": (source or "").strip()},
        )
    return rules


def rules_update(
    *, actor: User | None, rules: Rules, effective_from: dt.date, max_cost_per_day,
    max_cost_per_year, max_days: int, max_days_paired: int, source: str = "",
) -> Rules:
    """Change rules of the actor's scope (admins only). Conflict when the owner has other
    rules from the new ``effective_from``. Trips planned already are not re-checked."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may set the recuperation rules."))
    _owned_ok(actor, rules)
    if effective_from is None:
        raise DomainError(_("In force from: required."))
    values = _rules_values(max_cost_per_day, max_cost_per_year, max_days, max_days_paired)
    with transaction.atomic():
        locked = Rules.objects.select_for_update().get(pk=rules.pk)
        if Rules.objects.filter(owner=locked.owner_id, effective_from=effective_from).exclude(
                pk=locked.pk).exists():
            raise Conflict(_("In force from: there are rules from this day already; change "
                             "those instead."))
        for name, value in {**values, "effective_from": effective_from,
                            "source": (source or "").strip()}.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def _base_values(name: str, certified_year, capacity) -> dict:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name: required."))
    if len(name) > 100:
        raise DomainError(_("Name: at most %(n)d characters.") % {"n": 100})
    if capacity is None or int(capacity) < 1:
        raise DomainError(_("Capacity: at least one person."))
    if certified_year is None or not 1950 <= int(certified_year) <= 2100:
        raise DomainError(_("Certified in: not a plausible year."))
    return {"name": name, "certified_year": int(certified_year), "capacity": int(capacity)}


def base_add(
    *, actor: User | None, name: str, certified_year: int, capacity: int,
    region: Region | None = None, host_union: Union | None = None, owner: Union | None = None,
) -> Base:
    """Register a certified base (admins only), owned by ``owner`` (default: the actor's
    union). Conflict when a base of that name exists (bases are one catalogue)."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may register bases."))
    owner = _owner_for(actor, owner)
    values = _base_values(name, certified_year, capacity)
    if Base.objects.filter(name=values["name"]).exists():
        raise Conflict(_("Name: a base of this name is registered already."))
    with transaction.atomic():
        return Base.objects.create(owner=owner, region=region, host_union=host_union, **values)


def base_update(
    *, actor: User | None, base: Base, name: str, certified_year: int, capacity: int,
    region: Region | None = None, host_union: Union | None = None,
) -> Base:
    """Change a base of the actor's scope (admins only)."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may register bases."))
    _owned_ok(actor, base)
    values = _base_values(name, certified_year, capacity)
    if Base.objects.filter(name=values["name"]).exclude(pk=base.pk).exists():
        raise Conflict(_("Name: a base of this name is registered already."))
    with transaction.atomic():
        locked = Base.objects.select_for_update().get(pk=base.pk)
        for key, value in {**values, "region": region, "host_union": host_union}.items():
            setattr(locked, key, value)
        locked.save()
    return locked


def _route_values(name: str, days, price_per_day) -> dict:
    if days is None or int(days) < 1:
        raise DomainError(_("Days: at least one day."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name: required."))
    return {"name": name, "days": int(days),
            "price_per_day": decimal_of(price_per_day, _("Price"), positive=True)}


def route_add(*, actor: User | None, base: Base, name: str, days: int, price_per_day) -> Route:
    """Add a route to a base of the actor's scope (admins only): days, CNY per person
    per day."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may add routes."))
    _owned_ok(actor, base)
    values = _route_values(name, days, price_per_day)
    with transaction.atomic():
        return Route.objects.create(base=base, **values)


def route_update(*, actor: User | None, route: Route, name: str, days: int, price_per_day
                 ) -> Route:
    """Change a route of a base of the actor's scope (admins only). Trips planned already
    keep their dates; their cost follows the new price."""
    _require_role(actor, RULE_ROLES, _("Only an administrator may add routes."))
    _owned_ok(actor, route.base)
    values = _route_values(name, days, price_per_day)
    with transaction.atomic():
        locked = Route.objects.select_for_update().get(pk=route.pk)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
    return locked


# ---------------------------------------------------------------- rule checks

def year_cost(worker: Worker, year: int, *, exclude_trip: Trip | None = None) -> Decimal:
    """What ``worker``'s trips starting in ``year`` cost per person (CNY), cancelled
    trips not counted."""
    qs = Participant.objects.filter(worker=worker, trip__starts_on__year=year).exclude(
        trip__status=T.CANCELLED).select_related("trip__route")
    if exclude_trip is not None:
        qs = qs.exclude(trip=exclude_trip)
    return sum((p.trip.cost_per_person for p in qs), Decimal("0.00"))


def trip_rule_errors(*, route: Route, starts_on: dt.date, ends_on: dt.date, paired: bool,
                     union: Union | None = None) -> list[str]:
    """The broken rules of a trip on ``route`` from ``starts_on`` to ``ends_on`` organised
    by ``union`` (:func:`rules_in_force`; an empty list when it keeps them all); a
    message per broken rule, naming it."""
    rules = rules_in_force(starts_on, union)
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
    rules = rules_in_force(trip.starts_on, trip.union)
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
                              paired=pairing is not None, union=union)
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
