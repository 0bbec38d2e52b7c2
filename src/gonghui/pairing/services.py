"""Writes of the pairing context: one function per write, keyword-only arguments.

Every function checks the actor's role and scope (``actor=None`` is the system itself:
the command line, the demo), validates its input and raises a
:class:`~gonghui.core.errors.DomainError` naming the field, changing nothing. Each change
of a pairing's records appends a :class:`PairingEvent` in the same transaction.

Commitments move ``pending -> in_progress -> done``, or from either open state to
``dropped`` (with a reason); ``done`` and ``dropped`` are final.

Aid given on a delegation is recorded through
:func:`gonghui.assistance.services.aid_record` (the assistance context's own rules:
open file, cash or goods, education details) and linked to the pairing and delegation
by a :class:`PairingAid`. The giving union is the pairing's helping union; the household's
file must lie in the assisted union's subtree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.assistance import services as assistance
from gonghui.assistance.models import Aid, HardshipFile
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.orgs.models import Region, Union, Worker

from .models import (
    ZERO,
    Activity,
    Agreement,
    Area,
    Commitment,
    ConsumptionTarget,
    Delegation,
    Outlet,
    Pairing,
    PairingAid,
    PairingEvent,
    Product,
    Purchase,
    Volunteer,
    Work,
)

CENT = Decimal("0.01")
RECORD_ROLES = (Role.OFFICER, Role.REVIEWER)  # delegations, aid, works, purchases, commitments
PAIRING_ROLES = (Role.REVIEWER, Role.LEADER, Role.ADMIN)  # pairings and agreements
TARGET_ROLES = (Role.ADMIN,)  # the festival-gift target
C = Commitment.Status


# ---------------------------------------------------------------- helpers

def _require_role(actor: User | None, roles: Sequence[str], message: str) -> None:
    if actor is not None and not actor.has_role(*roles):
        raise PermissionDenied(message)


def _union_ok(actor: User | None, union: Union) -> bool:
    return actor is None or Union.objects.visible_to(actor).filter(pk=union.pk).exists()


def _pairing_ok(actor: User | None, pairing: Pairing) -> Pairing:
    """The pairing, re-read within the actor's scope; PermissionDenied when outside."""
    qs = Pairing.objects.all() if actor is None else Pairing.objects.visible_to(actor)
    found = qs.select_related("giver", "receiver").filter(pk=pairing.pk).first()
    if found is None:
        raise PermissionDenied(_("This pairing does not exist or is outside your scope."))
    return found


def _in_subtree(union: Union, root: Union) -> bool:
    return union.path.startswith(root.path)


def _on_either_side(union: Union, pairing: Pairing) -> bool:
    return _in_subtree(union, pairing.giver) or _in_subtree(union, pairing.receiver)


def _event(pairing: Pairing, actor: User | None, action: str, note: str = "",
           data: dict | None = None) -> PairingEvent:
    return PairingEvent.objects.create(pairing=pairing, actor=actor, action=action, note=note,
                                       data=data or {})


def _text(value: str, field: str, *, required: bool = True, max_length: int = 0) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("%(field)s: required.") % {"field": field})
    if max_length and len(value) > max_length:
        raise DomainError(_("%(field)s: at most %(n)d characters.") % {"field": field,
                                                                       "n": max_length})
    return value


def decimal_of(value, field: str, *, places: Decimal = CENT, positive: bool = False) -> Decimal:
    """``value`` as a Decimal rounded half-up to ``places``; DomainError naming ``field``
    when it is not a number, negative, or (with ``positive``) zero."""
    try:
        number = Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(_("%(field)s: not a number.") % {"field": field}) from None
    if number < 0:
        raise DomainError(_("%(field)s: must not be negative.") % {"field": field})
    if positive and number == 0:
        raise DomainError(_("%(field)s: must be more than zero.") % {"field": field})
    return number


# ---------------------------------------------------------------- pairings, agreements

def pairing_create(
    *, actor: User | None, giver: Union, receiver: Union, kind: str, since: dt.date,
    notes: str = "", until: dt.date | None = None,
) -> Pairing:
    """Pair ``giver`` (helping) with ``receiver`` (assisted) from ``since`` (to ``until``,
    None while in force). The actor's scope must hold one of the two. Conflict when the
    pair exists already."""
    _require_role(actor, PAIRING_ROLES, _("Your role may not set up pairings."))
    if giver is not None and receiver is not None and not (
            _union_ok(actor, giver) or _union_ok(actor, receiver)):
        raise PermissionDenied(_("Neither union of the pairing is in your scope."))
    _pairing_values(giver, receiver, kind, since, until)
    if Pairing.objects.filter(giver=giver, receiver=receiver).exists():
        raise Conflict(_("These two unions are paired already."))
    with transaction.atomic():
        pairing = Pairing.objects.create(giver=giver, receiver=receiver, kind=kind, since=since,
                                         until=until, notes=notes or "")
        _event(pairing, actor, "create")
    return pairing


def agreement_add(
    *, actor: User | None, pairing: Pairing, title: str, signed_on: dt.date, parties: str,
    areas: Sequence[str] = (), document=None,
) -> Agreement:
    """Record a signed agreement of ``pairing`` with its cooperation areas (codes of
    :class:`Area`) and an optional attached file."""
    _require_role(actor, PAIRING_ROLES + RECORD_ROLES, _("Your role may not record agreements."))
    pairing = _pairing_ok(actor, pairing)
    title = _text(title, _("Title"), max_length=150)
    parties = _text(parties, _("Parties"), max_length=200)
    if signed_on is None:
        raise DomainError(_("Signed on: required."))
    if signed_on > timezone.localdate():
        raise DomainError(_("Signed on: lies in the future."))
    codes = []
    for code in areas:
        if code not in Area.values:
            raise DomainError(_("Cooperation areas: %(code)s is not a listed area.")
                              % {"code": code})
        if code not in codes:
            codes.append(code)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            pairing=pairing, title=title, signed_on=signed_on, parties=parties,
            areas="," + ",".join(codes) + "," if codes else "",
        )
        if document is not None:
            agreement.document.save(document.name, document, save=True)
        _event(pairing, actor, "agreement", title, {"agreement": agreement.pk})
    return agreement


def _commitment_terms(area: str, description: str, due_on, target_value,
                      target_unit: str) -> tuple[str, Decimal | None]:
    """The checked description and target figure of a commitment (target and unit both
    or neither). Raises DomainError naming the field at fault."""
    if area not in Area.values:
        raise DomainError(_("Area: choose one of the listed areas."))
    description = _text(description, _("Description"), max_length=300)
    if due_on is None:
        raise DomainError(_("Due on: required."))
    target = None
    if target_value not in (None, ""):
        target = decimal_of(target_value, _("Target figure"), positive=True)
        if not (target_unit or "").strip():
            raise DomainError(_("Unit: required with a target figure."))
    return description, target


def commitment_add(
    *, actor: User | None, agreement: Agreement, area: str, description: str, due_on: dt.date,
    target_value=None, target_unit: str = "",
) -> Commitment:
    """Add a commitment (pending) to ``agreement``: area, what, target figure and unit
    (both or neither), due date."""
    _require_role(actor, PAIRING_ROLES + RECORD_ROLES, _("Your role may not record commitments."))
    pairing = _pairing_ok(actor, agreement.pairing)
    description, target = _commitment_terms(area, description, due_on, target_value,
                                            target_unit)
    with transaction.atomic():
        commitment = Commitment.objects.create(
            agreement=agreement, area=area, description=description, due_on=due_on,
            target_value=target, target_unit=(target_unit or "").strip() if target else "",
        )
        _event(pairing, actor, "commitment", description, {"commitment": commitment.pk})
    return commitment


COMMITMENT_TRANSITIONS = {
    "start": ((C.PENDING,), C.IN_PROGRESS),
    "complete": ((C.PENDING, C.IN_PROGRESS), C.DONE),
    "drop": ((C.PENDING, C.IN_PROGRESS), C.DROPPED),
}


def commitment_transition(
    *, actor: User | None, commitment: Commitment, action: str, version: int | None,
    on: dt.date | None = None, achieved_value=None, note: str = "",
) -> Commitment:
    """Move a commitment: ``start`` (pending -> in progress), ``complete`` (-> done, on a
    date, with the achieved figure when it has a target), ``drop`` (-> dropped, with a
    reason in ``note``). Conflict when ``version`` is stale; InvalidTransition from a final
    state."""
    _require_role(actor, PAIRING_ROLES + RECORD_ROLES, _("Your role may not track commitments."))
    if action not in COMMITMENT_TRANSITIONS:
        raise DomainError(_("Action: not an action on a commitment."))
    sources, target = COMMITMENT_TRANSITIONS[action]
    with transaction.atomic():
        qs = Commitment.objects.all() if actor is None else Commitment.objects.visible_to(actor)
        locked = qs.select_for_update(of=("self",)).filter(pk=commitment.pk).first()
        if locked is None:
            raise PermissionDenied(_("This commitment does not exist or is outside your scope."))
        if version is not None and locked.version != version:
            raise Conflict(_("Someone else changed this commitment since you opened it. "
                             "Reload the page; nothing was saved."))
        if locked.status not in sources:
            raise InvalidTransition(
                _("A commitment that is %(status)s cannot be moved to %(target)s.")
                % {"status": locked.get_status_display(), "target": C(target).label}
            )
        old = locked.status
        if action == "complete":
            locked.done_on = on or timezone.localdate()
            if locked.target_value is not None:
                if achieved_value in (None, ""):
                    raise DomainError(_("Achieved: required for a commitment with a target."))
                locked.achieved_value = decimal_of(achieved_value, _("Achieved"))
        if action == "drop":
            note = _text(note, _("Reason"))
        locked.status = target
        locked.version += 1
        locked.save()
        _event(locked.agreement.pairing, actor, f"commitment_{action}", note,
               {"commitment": locked.pk, "from": old, "to": target})
    return locked


# ---------------------------------------------------------------- delegations

@dataclass(frozen=True)
class VolunteerSpec:
    """A volunteer to add: an existing worker, or a name (a worker is created in
    ``from_union``)."""

    from_union: Union
    worker: Worker | None = None
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class ActivitySpec:
    kind: str
    date: dt.date
    description: str


def delegation_record(
    *, actor: User | None, pairing: Pairing, title: str, leader: str, starts_on: dt.date,
    ends_on: dt.date, destination: str = "", notes: str = "",
    unions: Sequence[Union] = (), volunteers: Sequence[VolunteerSpec] = (),
    activities: Sequence[ActivitySpec] = (), volunteer_count: int | None = None,
) -> Delegation:
    """Record a delegation of ``pairing`` (dates both inclusive, end not before start),
    the unions taking part, and its volunteers and activities — all or nothing.
    ``volunteer_count`` is the reported headcount (persons, None when not reported)."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record delegations."))
    pairing = _pairing_ok(actor, pairing)
    volunteer_count = _headcount(volunteer_count)
    title = _text(title, _("Title"), max_length=150)
    leader = _text(leader, _("Leader"), max_length=50)
    if starts_on is None or ends_on is None:
        raise DomainError(_("Dates: the first and the last day are required."))
    if ends_on < starts_on:
        raise DomainError(_("To: the last day is before the first day."))
    for union in unions:
        if not _on_either_side(union, pairing):
            raise DomainError(_("Unions taking part: %(union)s is on neither side of the "
                                "pairing.") % {"union": union})
    with transaction.atomic():
        delegation = Delegation.objects.create(
            pairing=pairing, title=title, leader=leader, starts_on=starts_on, ends_on=ends_on,
            destination=(destination or "").strip(), notes=notes,
            volunteer_count=volunteer_count,
        )
        delegation.unions.set(unions)
        _event(pairing, actor, "delegation", title, {"delegation": delegation.pk})
        for spec in volunteers:
            volunteer_add(actor=actor, delegation=delegation, from_union=spec.from_union,
                          worker=spec.worker, name=spec.name, role=spec.role)
        for spec in activities:
            activity_add(actor=actor, delegation=delegation, kind=spec.kind, date=spec.date,
                         description=spec.description)
    return delegation


def _headcount(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Volunteers (headcount): not a whole number.")) from None
    if number < 0:
        raise DomainError(_("Volunteers (headcount): must not be negative."))
    return number


def delegation_headcount_set(
    *, actor: User | None, delegation: Delegation, volunteer_count: int | None
) -> Delegation:
    """Set (or, with None, clear) the reported headcount of a delegation's volunteers
    (persons); reports count the larger of it and the volunteers named."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record delegations."))
    pairing = _pairing_ok(actor, delegation.pairing)
    count = _headcount(volunteer_count)
    with transaction.atomic():
        Delegation.objects.filter(pk=delegation.pk).update(volunteer_count=count)
        delegation.volunteer_count = count
        _event(pairing, actor, "headcount", "" if count is None else str(count),
               {"delegation": delegation.pk})
    return delegation


def volunteer_add(
    *, actor: User | None, delegation: Delegation, from_union: Union,
    worker: Worker | None = None, name: str = "", role: str = "",
) -> Volunteer:
    """Add a volunteer from ``from_union`` (a union on either side of the pairing) to the
    delegation: an existing worker of that union's subtree, or by ``name`` (the worker of
    that name in ``from_union``, created when missing). The union joins the delegation's
    unions."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record delegations."))
    pairing = _pairing_ok(actor, delegation.pairing)
    if from_union is None:
        raise DomainError(_("From union: required."))
    if not _on_either_side(from_union, pairing):
        raise DomainError(_("From union: %(union)s is on neither side of the pairing.")
                          % {"union": from_union})
    with transaction.atomic():
        if worker is None:
            name = _text(name, _("Volunteer"), max_length=50)
            worker = Worker.objects.filter(union=from_union, name=name).first()
            if worker is None:
                worker = Worker.objects.create(union=from_union, name=name)
        elif not _in_subtree(worker.union, from_union):
            raise DomainError(_("Volunteer: %(worker)s is not a worker of %(union)s.")
                              % {"worker": worker, "union": from_union})
        if Volunteer.objects.filter(delegation=delegation, worker=worker).exists():
            raise Conflict(_("Volunteer: %(worker)s is in this delegation already.")
                           % {"worker": worker})
        volunteer = Volunteer.objects.create(delegation=delegation, worker=worker,
                                             from_union=from_union, role=(role or "").strip())
        delegation.unions.add(from_union)
        _event(pairing, actor, "volunteer", str(worker),
               {"delegation": delegation.pk, "volunteer": volunteer.pk})
    return volunteer


def activity_add(
    *, actor: User | None, delegation: Delegation, kind: str, date: dt.date, description: str
) -> Activity:
    """Add an activity on one of the delegation's days."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record delegations."))
    pairing = _pairing_ok(actor, delegation.pairing)
    if kind not in Activity.Kind.values:
        raise DomainError(_("Kind: choose one of the listed activities."))
    if date is None or not delegation.starts_on <= date <= delegation.ends_on:
        raise DomainError(_("Date: must be one of the delegation's days (%(a)s to %(b)s).")
                          % {"a": delegation.starts_on, "b": delegation.ends_on})
    description = _text(description, _("Description"), max_length=300)
    with transaction.atomic():
        activity = Activity.objects.create(delegation=delegation, kind=kind, date=date,
                                           description=description)
        _event(pairing, actor, "activity", description, {"delegation": delegation.pk})
    return activity


def _check_aid_link(pairing: Pairing, aid_union: Union, file: HardshipFile) -> None:
    if not _in_subtree(file.union, pairing.receiver):
        raise DomainError(_("Hardship file: file %(pk)s is not kept in %(union)s's subtree.")
                          % {"pk": file.pk, "union": pairing.receiver})
    if not _in_subtree(aid_union, pairing.giver):
        raise DomainError(_("Giving union: %(union)s is not in %(giver)s's subtree.")
                          % {"union": aid_union, "giver": pairing.giver})


def delegation_aid_record(
    *, actor: User | None, delegation: Delegation, file: HardshipFile | int, kind: str,
    date: dt.date, cash=ZERO, goods: Sequence[assistance.GoodsLine] = (),
    student_name: str = "", school: str = "", grade: str = "", notes: str = "",
) -> Aid:
    """Record aid given on a delegation's trip to the household of ``file`` (an open file
    in the assisted union's subtree), given by the pairing's helping union, as an aid
    record of the assistance context, linked to the pairing and the delegation. The date
    must be one of the delegation's days. The assistance rules apply (DomainError from
    :func:`gonghui.assistance.services.aid_record`)."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record aid."))
    pairing = _pairing_ok(actor, delegation.pairing)
    pk = file.pk if isinstance(file, HardshipFile) else file
    target = HardshipFile.objects.select_related("union").filter(pk=pk).first()
    if target is None or not _in_subtree(target.union, pairing.receiver):
        # Do not tell whether a file outside the assisted subtree exists.
        raise DomainError(_("Hardship file: no file %(pk)s in %(union)s's subtree.")
                          % {"pk": pk, "union": pairing.receiver})
    if date is None or not delegation.starts_on <= date <= delegation.ends_on:
        raise DomainError(_("Date: must be one of the delegation's days (%(a)s to %(b)s).")
                          % {"a": delegation.starts_on, "b": delegation.ends_on})
    with transaction.atomic():
        # The pairing's scope stands for the assistance scope here: the helping side
        # records aid to the assisted side's household (checked above).
        aid = assistance.aid_record(
            actor=None, file=target, union=pairing.giver, kind=kind, date=date, cash=cash,
            goods=goods, student_name=student_name, school=school, grade=grade,
            delegation=delegation.title[:100], notes=notes,
        )
        if actor is not None:
            Aid.objects.filter(pk=aid.pk).update(created_by=actor)
            aid.created_by = actor
        PairingAid.objects.create(pairing=pairing, delegation=delegation, aid=aid)
        _event(pairing, actor, "aid", str(aid),
               {"delegation": delegation.pk, "aid": aid.pk, "total": str(aid.total_value)})
    return aid


def aid_link(
    *, actor: User | None, pairing: Pairing, aid: Aid, delegation: Delegation | None = None
) -> PairingAid:
    """Link an aid record already kept by the assistance context to ``pairing`` (and a
    delegation of it): the aid must be given by a union of the helping subtree to a file
    of the assisted subtree. Linking the same aid twice is a Conflict."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record aid."))
    pairing = _pairing_ok(actor, pairing)
    if delegation is not None and delegation.pairing_id != pairing.pk:
        raise DomainError(_("Delegation: not a delegation of this pairing."))
    _check_aid_link(pairing, aid.union, aid.file)
    if PairingAid.objects.filter(aid=aid).exists():
        raise Conflict(_("This aid record is linked to a pairing already."))
    with transaction.atomic():
        link = PairingAid.objects.create(pairing=pairing, delegation=delegation, aid=aid)
        _event(pairing, actor, "aid_link", str(aid), {"aid": aid.pk})
    return link


# ---------------------------------------------------------------- 三建三助 works

def work_record(
    *, actor: User | None, pairing: Pairing, line: str, name: str, date: dt.date,
    document: str = "", trainees: int = 0, hours=0, notes: str = "",
) -> Work:
    """Record a base, platform or mechanism built (a mechanism needs its document), or a
    cadre training session (needs trainees and hours, both more than zero)."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record ledger lines."))
    pairing = _pairing_ok(actor, pairing)
    if line not in Work.Line.values:
        raise DomainError(_("Ledger line: choose one of the listed lines."))
    name = _text(name, _("Name"), max_length=150)
    if date is None:
        raise DomainError(_("Date: required."))
    document = _text(document, _("Document"), required=line == Work.Line.MECHANISM,
                     max_length=150)
    hours_value = decimal_of(hours or 0, _("Hours"), places=Decimal("0.1"))
    trainees = int(trainees or 0)
    if trainees < 0:
        raise DomainError(_("Trainees: must not be negative."))
    if line == Work.Line.TRAINING and (trainees == 0 or hours_value == 0):
        raise DomainError(_("Trainees and hours: a training session needs both."))
    with transaction.atomic():
        work = Work.objects.create(pairing=pairing, line=line, name=name, date=date,
                                   document=document, trainees=trainees, hours=hours_value,
                                   notes=notes)
        _event(pairing, actor, "work", name, {"work": work.pk, "line": line})
    return work


# ---------------------------------------------------------------- consumption assistance

def product_add(
    *, actor: User | None, owner: Union, name: str, unit: str, price,
    pairing: Pairing | None = None, origin: Region | None = None, supplier: str = "",
) -> Product:
    """Register a product (price in CNY per unit, more than zero). A product of an
    assisted region names the pairing (the actor must see it)."""
    _require_role(actor, RECORD_ROLES + (Role.ADMIN,), _("Your role may not register products."))
    if not _union_ok(actor, owner):
        raise PermissionDenied(_("That union is outside your scope."))
    if pairing is not None:
        pairing = _pairing_ok(actor, pairing)
    product = Product.objects.create(
        owner=owner, pairing=pairing, name=_text(name, _("Name"), max_length=100),
        unit=_text(unit, _("Unit"), max_length=10), price=decimal_of(price, _("Price"),
                                                                     positive=True),
        origin=origin, supplier=(supplier or "").strip(),
    )
    if pairing is not None:
        _event(pairing, actor, "product", product.name, {"product": product.pk})
    return product


def outlet_add(
    *, actor: User | None, pairing: Pairing, name: str, kind: str,
    status: str = Outlet.Status.PLANNED, address: str = "", opened_on: dt.date | None = None,
    notes: str = "",
) -> Outlet:
    """Record a shop or e-commerce centre selling the assisted region's products; an open
    outlet needs its opening date."""
    _require_role(actor, RECORD_ROLES + ADMIN_ROLES, _("Your role may not record outlets."))
    pairing = _pairing_ok(actor, pairing)
    if kind not in Outlet.Kind.values:
        raise DomainError(_("Kind: choose one of the listed kinds of outlet."))
    if status not in Outlet.Status.values:
        raise DomainError(_("Status: choose one of the listed states."))
    if status == Outlet.Status.OPEN and opened_on is None:
        raise DomainError(_("Opened on: required for an open outlet."))
    with transaction.atomic():
        outlet = Outlet.objects.create(pairing=pairing, name=_text(name, _("Name"),
                                                                   max_length=100),
                                       kind=kind, status=status, address=address,
                                       opened_on=opened_on, notes=notes)
        _event(pairing, actor, "outlet", outlet.name, {"outlet": outlet.pk, "status": status})
    return outlet


def purchase_record(
    *, actor: User | None, union: Union, product: Product, date: dt.date, quantity,
    channel: str, amount=None, outlet: Outlet | None = None,
) -> Purchase:
    """Record a purchase by ``union`` (in the actor's scope). ``amount`` in CNY defaults
    to quantity x the product's price, rounded half-up to the fen. Products are a shared
    catalogue (names, suppliers and prices are no secret): any union may buy any of them."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record purchases."))
    if not _union_ok(actor, union):
        raise PermissionDenied(_("That union is outside your scope."))
    if channel not in Purchase.Channel.values:
        raise DomainError(_("Channel: choose one of the listed channels."))
    if date is None:
        raise DomainError(_("Date: required."))
    if date > timezone.localdate():
        raise DomainError(_("Date: lies in the future."))
    qty = decimal_of(quantity, _("Quantity"), positive=True)
    if amount in (None, ""):
        value = (qty * product.price).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        value = decimal_of(amount, _("Amount"), positive=True)
    if outlet is not None and outlet.pairing_id != product.pairing_id:
        raise DomainError(_("Outlet: it does not sell this pairing's products."))
    return Purchase.objects.create(union=union, product=product, date=date, quantity=qty,
                                   amount=value, channel=channel, outlet=outlet,
                                   created_by=actor)


def consumption_target_set(
    *, actor: User | None, year: int, share, source: str = "", owner: Union | None = None,
) -> ConsumptionTarget:
    """Set the year's target share (percent, 0-100) of festival-gift spending that should
    go to assisted regions, for ``owner``'s subtree (default: the actor's union; none for
    the system: platform-wide), replacing the owner's target of that year. Admins only."""
    _require_role(actor, TARGET_ROLES, _("Only an administrator may set the target."))
    owner = _owner_for(actor, owner)
    year, value = _target_values(year, share)
    with transaction.atomic():
        target, _created = ConsumptionTarget.objects.update_or_create(
            owner=owner, year=year,
            defaults={"festival_gift_share": value, "source": (source or "").strip()},
        )
    return target


def consumption_target_update(
    *, actor: User | None, target: ConsumptionTarget, year: int, share, source: str = ""
) -> ConsumptionTarget:
    """Change a target of the actor's scope (admins only); Conflict when its owner has
    another target for the new ``year``."""
    _require_role(actor, TARGET_ROLES, _("Only an administrator may set the target."))
    _owned_ok(actor, target)
    year, value = _target_values(year, share)
    with transaction.atomic():
        locked = ConsumptionTarget.objects.select_for_update().get(pk=target.pk)
        if ConsumptionTarget.objects.filter(owner=locked.owner_id, year=year).exclude(
                pk=locked.pk).exists():
            raise Conflict(_("Year: a target for this year is set already; change that one "
                             "instead."))
        locked.year, locked.festival_gift_share = year, value
        locked.source = (source or "").strip()
        locked.save()
    return locked


def _target_values(year, share) -> tuple[int, Decimal]:
    value = decimal_of(share, _("Target share"))
    if value > 100:
        raise DomainError(_("Target share: at most 100 percent."))
    if year is None or not 2000 <= int(year) <= 2100:
        raise DomainError(_("Year: not a plausible year."))
    return int(year), value


# ---------------------------------------------------------------- administration
# The pages of a federation's admin (decision 0008): an admin changes the pairings in
# which a union of their subtree is one side, and what hangs under them; products,
# targets (and in recuperation: bases, routes, rules) owned by a union of their subtree.

ADMIN_ROLES = (Role.ADMIN,)


def _owner_for(actor: User | None, owner: Union | None) -> Union | None:
    """The owning union of an admin record: ``owner`` (in the actor's scope) or, when
    not given, the actor's own union (None, platform-wide, for the system)."""
    if owner is None:
        return actor.union if actor is not None else None
    if not _union_ok(actor, owner):
        raise PermissionDenied(_("That union is outside your scope."))
    return owner


def _owned_ok(actor: User | None, obj) -> None:
    """PermissionDenied unless ``obj`` (with ``owner``) is owned by a union of the actor's
    subtree (platform-wide records: the system or a superuser without a union)."""
    if actor is None or (actor.is_superuser and actor.union_id is None):
        return
    if obj.owner_id is None or not _union_ok(actor, obj.owner):
        raise PermissionDenied(_("This record does not exist or is outside your scope."))


def _manageable(actor: User | None, pairing: Pairing) -> Pairing:
    """The pairing, re-read, when one of its unions lies in the actor's subtree (seeing
    it from below one of them is not enough to change it); PermissionDenied otherwise."""
    found = Pairing.objects.select_related("giver", "receiver").filter(pk=pairing.pk).first()
    if found is None or not (_union_ok(actor, found.giver) or _union_ok(actor, found.receiver)):
        raise PermissionDenied(_("This pairing does not exist or is outside your scope."))
    return found


def _pairing_values(giver: Union, receiver: Union, kind: str, since, until) -> None:
    if giver is None or receiver is None:
        raise DomainError(_("Helping union: required."))
    if giver.pk == receiver.pk:
        raise DomainError(_("Assisted union: must differ from the helping union."))
    if kind not in Pairing.Kind.values:
        raise DomainError(_("Kind: choose one of the listed kinds of pairing."))
    if since is None:
        raise DomainError(_("Since: required."))
    if until is not None and until < since:
        raise DomainError(_("Until: before the day the pairing began."))


def _has_records(pairing: Pairing) -> bool:
    from gonghui.recuperation.models import Trip

    return any(qs.filter(pairing=pairing).exists() for qs in (
        Agreement.objects, Delegation.objects, PairingAid.objects, Work.objects,
        Product.objects, Outlet.objects, Trip.objects))


def pairing_update(
    *, actor: User | None, pairing: Pairing, giver: Union, receiver: Union, kind: str,
    since: dt.date, until: dt.date | None = None, notes: str = "",
) -> Pairing:
    """Change a pairing (admins only): one of its unions must lie in the actor's subtree
    before and after the change; its unions change only while nothing is recorded under
    it (DomainError). Conflict when the new pair exists already."""
    _require_role(actor, ADMIN_ROLES, _("Only an administrator may change pairings."))
    pairing = _manageable(actor, pairing)
    _pairing_values(giver, receiver, kind, since, until)
    if not (_union_ok(actor, giver) or _union_ok(actor, receiver)):
        raise PermissionDenied(_("Neither union of the pairing is in your scope."))
    with transaction.atomic():
        locked = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if (giver.pk, receiver.pk) != (locked.giver_id, locked.receiver_id) and _has_records(
                locked):
            raise DomainError(_("Helping union: the pairing has records already (agreements, "
                                "delegations, aid, works, products, outlets or trips); its "
                                "unions can no longer change. Record a new pairing instead."))
        if Pairing.objects.filter(giver=giver, receiver=receiver).exclude(pk=locked.pk).exists():
            raise Conflict(_("These two unions are paired already."))
        locked.giver, locked.receiver, locked.kind = giver, receiver, kind
        locked.since, locked.until, locked.notes = since, until, notes or ""
        locked.save()
        _event(locked, actor, "update", str(locked))
    return locked


def agreement_update(
    *, actor: User | None, agreement: Agreement, title: str, signed_on: dt.date, parties: str,
    areas: Sequence[str] = (), document=None,
) -> Agreement:
    """Change an agreement of a pairing the actor manages (admins only). ``document``:
    None keeps the attached file, False removes it, an uploaded file replaces it."""
    _require_role(actor, ADMIN_ROLES, _("Only an administrator may change agreements."))
    pairing = _manageable(actor, agreement.pairing)
    title = _text(title, _("Title"), max_length=150)
    parties = _text(parties, _("Parties"), max_length=200)
    codes = _area_codes(signed_on, areas)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        locked.title, locked.signed_on, locked.parties = title, signed_on, parties
        locked.areas = "," + ",".join(codes) + "," if codes else ""
        old_file = locked.document.name if locked.document else ""
        if document is False:
            locked.document = ""
        locked.save()
        if document:
            locked.document.save(document.name, document, save=True)
        _event(pairing, actor, "agreement_update", title, {"agreement": locked.pk})
    if old_file and document is not None and locked.document.name != old_file:
        storage = locked.document.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return locked


def _area_codes(signed_on, areas: Sequence[str]) -> list[str]:
    if signed_on is None:
        raise DomainError(_("Signed on: required."))
    if signed_on > timezone.localdate():
        raise DomainError(_("Signed on: lies in the future."))
    codes: list[str] = []
    for code in areas:
        if code not in Area.values:
            raise DomainError(_("Cooperation areas: %(code)s is not a listed area.")
                              % {"code": code})
        if code not in codes:
            codes.append(code)
    return codes


def commitment_update(
    *, actor: User | None, commitment: Commitment, area: str, description: str,
    due_on: dt.date, target_value=None, target_unit: str = "", version: int | None = None,
) -> Commitment:
    """Change what a commitment promises (admins only): area, description, target figure
    and unit (both or neither), due date; its status is moved on the pairing page.
    Conflict when ``version`` is stale."""
    _require_role(actor, ADMIN_ROLES, _("Only an administrator may change commitments."))
    pairing = _manageable(actor, commitment.agreement.pairing)
    description, target = _commitment_terms(area, description, due_on, target_value,
                                            target_unit)
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if version is not None and locked.version != version:
            raise Conflict(_("Someone else changed this commitment since you opened it. "
                             "Reload the page; nothing was saved."))
        locked.area, locked.description, locked.due_on = area, description, due_on
        locked.target_value = target
        locked.target_unit = (target_unit or "").strip() if target is not None else ""
        locked.version += 1
        locked.save()
        _event(pairing, actor, "commitment_update", description, {"commitment": locked.pk})
    return locked


def product_update(
    *, actor: User | None, product: Product, name: str, unit: str, price,
    pairing: Pairing | None = None, origin: Region | None = None, supplier: str = "",
) -> Product:
    """Change a product registered by a union of the actor's subtree (admins only); a
    product of an assisted region names a pairing the actor manages."""
    _require_role(actor, ADMIN_ROLES, _("Only an administrator may change products."))
    _owned_ok(actor, product)
    if pairing is not None:
        pairing = _manageable(actor, pairing)
    values = {"name": _text(name, _("Name"), max_length=100),
              "unit": _text(unit, _("Unit"), max_length=10),
              "price": decimal_of(price, _("Price"), positive=True),
              "pairing": pairing, "origin": origin,
              "supplier": _text(supplier, _("Supplier"), required=False, max_length=100)}
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        if pairing is not None:
            _event(pairing, actor, "product_update", locked.name, {"product": locked.pk})
    return locked


def outlet_update(
    *, actor: User | None, outlet: Outlet, name: str, kind: str, status: str,
    address: str = "", opened_on: dt.date | None = None, notes: str = "",
) -> Outlet:
    """Change an outlet of a pairing the actor manages (admins only); an open outlet
    needs its opening date."""
    _require_role(actor, ADMIN_ROLES, _("Only an administrator may change outlets."))
    pairing = _manageable(actor, outlet.pairing)
    if kind not in Outlet.Kind.values:
        raise DomainError(_("Kind: choose one of the listed kinds of outlet."))
    if status not in Outlet.Status.values:
        raise DomainError(_("Status: choose one of the listed states."))
    if status == Outlet.Status.OPEN and opened_on is None:
        raise DomainError(_("Opened on: required for an open outlet."))
    name = _text(name, _("Name"), max_length=100)
    with transaction.atomic():
        locked = Outlet.objects.select_for_update().get(pk=outlet.pk)
        old = locked.status
        locked.name, locked.kind, locked.status = name, kind, status
        locked.address, locked.opened_on, locked.notes = (address or "").strip(), opened_on, \
            notes or ""
        locked.save()
        _event(pairing, actor, "outlet_update", name,
               {"outlet": locked.pk, "from": old, "to": status})
    return locked
