"""The close-out workflow (销号制管理) of items: every write to an item's state.

State machine (ARCHITECTURE.md)::

    registered -> accepted | rejected (reason) | merged (into another item)
    accepted   -> consulting -> accepted          (optional consultation, 研讨会商)
    accepted   -> assigned (responsible unit + deadline)
    assigned   -> in_progress -> resolved (resolution) | escalated (target)
    resolved | escalated -> closed                (销号, verified by a reviewer)
    resolved   -> in_progress                     (verification failed: reopened)

Each public function is one transition. In one transaction it locks the item, checks
that the item is in the actor's scope, the actor's role, the version the actor saw and
the current state, applies the change, raises the version and appends an
:class:`~gonghui.services.models.ItemEvent`. A refused action raises a
:class:`~gonghui.core.errors.DomainError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import Role, User
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.orgs.models import ResponsibleUnit, Union

from .models import Category, Item, ItemEvent, Visit
from .workdays import add_working_days

S = Item.Status
REVIEW_ROLES = (Role.REVIEWER,)
WORK_ROLES = (Role.OFFICER, Role.REVIEWER)
REGISTER_ROLES = (Role.OFFICER, Role.REVIEWER)
SUPERVISE_ROLES = (Role.LEADER,)


@dataclass(frozen=True)
class Transition:
    """One edge set of the state machine: from any of ``sources`` to ``target``."""

    action: str
    sources: frozenset[str]
    target: str
    roles: tuple[str, ...]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("accept", frozenset({S.REGISTERED}), S.ACCEPTED, REVIEW_ROLES),
        Transition("reject", frozenset({S.REGISTERED}), S.REJECTED, REVIEW_ROLES),
        Transition("merge", frozenset({S.REGISTERED}), S.MERGED, REVIEW_ROLES),
        Transition("consult", frozenset({S.ACCEPTED}), S.CONSULTING, REVIEW_ROLES),
        Transition("conclude", frozenset({S.CONSULTING}), S.ACCEPTED, REVIEW_ROLES),
        Transition("assign", frozenset({S.ACCEPTED}), S.ASSIGNED, REVIEW_ROLES),
        Transition("start", frozenset({S.ASSIGNED}), S.IN_PROGRESS, WORK_ROLES),
        Transition("resolve", frozenset({S.IN_PROGRESS}), S.RESOLVED, WORK_ROLES),
        Transition("escalate", frozenset({S.IN_PROGRESS}), S.ESCALATED, WORK_ROLES),
        Transition("close", frozenset({S.RESOLVED, S.ESCALATED}), S.CLOSED, REVIEW_ROLES),
        Transition("reopen", frozenset({S.RESOLVED}), S.IN_PROGRESS, REVIEW_ROLES),
    ]
}

ACTION_LABELS = {  # lazy: translated when shown, in the reader's language
    "register": gettext_lazy("registered"),
    "accept": gettext_lazy("accepted"),
    "reject": gettext_lazy("rejected"),
    "merge": gettext_lazy("merged"),
    "consult": gettext_lazy("sent to consultation"),
    "conclude": gettext_lazy("consultation concluded"),
    "assign": gettext_lazy("assigned"),
    "start": gettext_lazy("work started"),
    "resolve": gettext_lazy("resolved"),
    "escalate": gettext_lazy("escalated"),
    "close": gettext_lazy("closed out"),
    "reopen": gettext_lazy("reopened"),
    "supervise": gettext_lazy("supervised"),
}


def allowed_actions(item: Item, user: User) -> list[str]:
    """The transition names ``user`` may take on ``item`` now (plus ``supervise`` for a
    leader on an open item); the item must already be known to be in the user's scope."""
    actions = [
        t.action
        for t in TRANSITIONS.values()
        if item.status in t.sources and user.has_role(*t.roles)
    ]
    if item.status in Item.OPEN_STATUSES and user.has_role(*SUPERVISE_ROLES):
        actions.append("supervise")
    return actions


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise DomainError(message)


def _locked_item(item: Item | int, actor: User) -> Item:
    """The item, locked for update, if it is in the actor's scope; else PermissionDenied."""
    pk = item.pk if isinstance(item, Item) else item
    locked = (
        Item.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=pk).first()
    )
    if locked is None:
        raise PermissionDenied(_("This item does not exist or is outside your scope."))
    return locked


def _transition(
    *,
    item: Item | int,
    actor: User,
    version: int,
    action: str,
    note: str = "",
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    check=None,
) -> Item:
    spec = TRANSITIONS[action]
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if not actor.has_role(*spec.roles):
            raise PermissionDenied(
                _("Your role may not %(action)s an item.") % {"action": ACTION_LABELS[action]}
            )
        if locked.version != version:
            raise Conflict(
                _(
                    "Someone else changed this item (now %(status)s) since you opened it. "
                    "Reload the page to see the change; nothing was saved."
                )
                % {"status": locked.get_status_display()}
            )
        if locked.status not in spec.sources:
            raise InvalidTransition(
                _("An item that is %(status)s cannot be %(action)s.")
                % {"status": locked.get_status_display(), "action": ACTION_LABELS[action]}
            )
        if check is not None:
            check(locked)
        old = locked.status
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.status = spec.target
        locked.version += 1
        locked.save()
        ItemEvent.objects.create(
            item=locked,
            actor=actor,
            action=action,
            from_status=old,
            to_status=spec.target,
            note=note,
            data=data or {},
        )
    return locked


def item_register(
    *,
    actor: User,
    union: Union,
    kind: str,
    category: Category,
    subject: str,
    description: str = "",
    persons_affected: int = 1,
    visit: Visit | None = None,
) -> Item:
    """Register a new item (状态: 已登记) found on ``visit`` (optional) for ``union``.

    ``persons_affected`` counts persons for a difficulty (person-times, >= 1).
    Raises ``PermissionDenied`` if the union is outside the actor's scope or the role may
    not register, ``DomainError`` for an empty subject or a bad count.
    """
    if not actor.has_role(*REGISTER_ROLES):
        raise PermissionDenied(_("Your role may not register items."))
    if not Union.objects.visible_to(actor).filter(pk=union.pk).exists():
        raise PermissionDenied(_("That union is outside your scope."))
    if visit is not None and not Visit.objects.visible_to(actor).filter(pk=visit.pk).exists():
        raise PermissionDenied(_("That visit is outside your scope."))
    _require(kind in Item.Kind.values, _("Unknown item kind."))
    _require(bool(subject and subject.strip()), _("The subject is required."))
    _require(persons_affected >= 1, _("Persons affected must be at least 1."))
    with transaction.atomic():
        item = Item.objects.create(
            union=union,
            visit=visit,
            kind=kind,
            category=category,
            subject=subject.strip(),
            description=description,
            persons_affected=persons_affected,
            found_on=visit.date if visit is not None else timezone.localdate(),
            created_by=actor,
        )
        ItemEvent.objects.create(
            item=item, actor=actor, action="register", from_status="", to_status=item.status
        )
    return item


def item_accept(*, item: Item | int, actor: User, version: int, note: str = "") -> Item:
    """Review gate: accept the item for handling (已登记 → 已受理)."""
    return _transition(item=item, actor=actor, version=version, action="accept", note=note)


def item_reject(*, item: Item | int, actor: User, version: int, reason: str) -> Item:
    """Review gate: reject the item (不予受理) with a required ``reason``."""
    _require(bool(reason and reason.strip()), _("A reason for rejection is required."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="reject",
        note=reason,
        changes={"rejection_reason": reason.strip()},
    )


def item_merge(
    *, item: Item | int, actor: User, version: int, into: Item | int, note: str = ""
) -> Item:
    """Review gate: merge the item into another item of the actor's scope (已合并)."""
    into_pk = into.pk if isinstance(into, Item) else into
    target = Item.objects.visible_to(actor).filter(pk=into_pk).first()
    if target is None:
        raise PermissionDenied(_("The item to merge into does not exist or is outside your scope."))

    def check(locked: Item) -> None:
        _require(target.pk != locked.pk, _("An item cannot be merged into itself."))
        _require(
            target.status not in (S.REJECTED, S.MERGED),
            _("The item to merge into is itself rejected or merged."),
        )

    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="merge",
        note=note,
        changes={"merged_into": target},
        data={"into": target.pk},
        check=check,
    )


def item_consult(*, item: Item | int, actor: User, version: int, note: str = "") -> Item:
    """Send an accepted item to consultation (研讨会商)."""
    return _transition(item=item, actor=actor, version=version, action="consult", note=note)


def item_conclude(*, item: Item | int, actor: User, version: int, note: str = "") -> Item:
    """Record the consultation's decision and return the item to accepted."""
    return _transition(item=item, actor=actor, version=version, action="conclude", note=note)


def item_assign(
    *,
    item: Item | int,
    actor: User,
    version: int,
    unit: ResponsibleUnit,
    deadline: dt.date | None = None,
    working_days: int | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Item:
    """Assign (交办) to a responsible unit with a deadline (完成时限).

    Give either ``deadline`` (a date, today or later) or ``working_days`` (>= 1, counted
    from today in Chinese working days with the official holiday and make-up schedule;
    provisional past the calendar's known years). Raises ``DomainError`` otherwise.
    """
    today = today or timezone.localdate()
    if not ResponsibleUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("That responsible unit is outside your scope."))
    provisional = False
    if working_days is not None:
        _require(working_days >= 1, _("The time limit must be at least 1 working day."))
        due = add_working_days(today, working_days)
        deadline, provisional = due.date, due.provisional
    _require(deadline is not None, _("A deadline or a time limit in working days is required."))
    _require(deadline >= today, _("The deadline cannot be in the past."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="assign",
        note=note,
        changes={
            "responsible_unit": unit,
            "deadline": deadline,
            "deadline_provisional": provisional,
            "assigned_at": timezone.now(),
        },
        data={"unit": unit.name, "deadline": deadline.isoformat(), "provisional": provisional},
    )


def item_start(*, item: Item | int, actor: User, version: int, note: str = "") -> Item:
    """The responsible unit starts work (已交办 → 办理中)."""
    return _transition(item=item, actor=actor, version=version, action="start", note=note)


def item_resolve(*, item: Item | int, actor: User, version: int, resolution: str) -> Item:
    """Record the item as resolved (已办结) with a required ``resolution``."""
    _require(bool(resolution and resolution.strip()), _("The resolution is required."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="resolve",
        note=resolution,
        changes={
            "resolution": resolution.strip(),
            "outcome": Item.Outcome.RESOLVED,
            "resolved_at": timezone.now(),
        },
    )


def item_escalate(*, item: Item | int, actor: User, version: int, target: str, note: str = "") -> Item:
    """Pass the item up (提交反映) to a higher union or a government body (``target``)."""
    _require(bool(target and target.strip()), _("Say to whom the item is escalated."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="escalate",
        note=note,
        changes={
            "escalation_target": target.strip(),
            "outcome": Item.Outcome.ESCALATED,
            "resolved_at": timezone.now(),
        },
        data={"target": target.strip()},
    )


def item_close(
    *, item: Item | int, actor: User, version: int, satisfaction: str = "", note: str = ""
) -> Item:
    """Close out (销号) a resolved or escalated item after verification."""
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="close",
        note=note,
        changes={"satisfaction": satisfaction, "closed_at": timezone.now()},
    )


def item_reopen(*, item: Item | int, actor: User, version: int, reason: str) -> Item:
    """Verification failed: send a resolved item back to work (已办结 → 办理中)."""
    _require(bool(reason and reason.strip()), _("Say why the verification failed."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="reopen",
        note=reason,
        changes={"outcome": Item.Outcome.NONE, "resolved_at": None},
    )


def item_supervise(*, item: Item | int, actor: User, note: str) -> ItemEvent:
    """A leader's supervision (督办) of an open item: a timeline entry, no state change."""
    if not actor.has_role(*SUPERVISE_ROLES):
        raise PermissionDenied(_("Only a leader may supervise an item."))
    _require(bool(note and note.strip()), _("Write what you ask the handlers to do."))
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if locked.status not in Item.OPEN_STATUSES:
            raise InvalidTransition(_("Only an open item can be supervised."))
        return ItemEvent.objects.create(
            item=locked,
            actor=actor,
            action="supervise",
            from_status=locked.status,
            to_status=locked.status,
            note=note.strip(),
        )
