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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import Role, User
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.core.scope import scope_path
from gonghui.orgs.models import ResponsibleUnit, Union

from .models import Category, Item, ItemEvent, Visit
from .workdays import add_working_days

S = Item.Status
REVIEW_ROLES = (Role.REVIEWER,)
WORK_ROLES = (Role.OFFICER, Role.REVIEWER)
REGISTER_ROLES = (Role.OFFICER, Role.REVIEWER)
SUPERVISE_ROLES = (Role.LEADER,)
#: A deadline further than this from the day of assignment is refused as a typing error.
MAX_DEADLINE_DAYS = 730
#: The most persons one item may concern (a typed 2147483648 is an error, not a figure).
MAX_PERSONS_AFFECTED = 10_000


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


def owns(item: Item, user: User) -> bool:
    """True when ``item``'s owning union lies in ``user``'s subtree. The review gate,
    assignment and close-out (销号) belong to the owning side: a union that an item is
    assigned to sees and works it, but does not verify its own work."""
    path = scope_path(user)
    return path is not None and item.union.path.startswith(path)


def allowed_actions(item: Item, user: User) -> list[str]:
    """The transition names ``user`` may take on ``item`` now (plus ``supervise`` for a
    leader on an open item); the item must already be known to be in the user's scope."""
    owner = owns(item, user)
    actions = [
        t.action
        for t in TRANSITIONS.values()
        if item.status in t.sources
        and user.has_role(*t.roles)
        and (owner or t.roles != REVIEW_ROLES)
    ]
    if item.status in Item.OPEN_STATUSES and user.has_role(*SUPERVISE_ROLES):
        actions.append("supervise")
    return actions


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise DomainError(message)


def _text(value: str | None, *, required: str | None = None, field: str | None = None) -> str:
    """``value`` stripped. Raises ``DomainError`` with the message ``required`` when it
    is empty (if ``required`` is given), and one naming the Item ``field`` when it is
    longer than that column, which PostgreSQL would refuse with a database error (and
    SQLite silently store)."""
    text = (value or "").strip()
    if required is not None:
        _require(bool(text), required)
    if field is not None:
        model_field = Item._meta.get_field(field)
        limit = model_field.max_length
        if limit is not None and len(text) > limit:
            raise DomainError(
                _("%(field)s: at most %(max)d characters (this has %(length)d).")
                % {"field": capfirst(model_field.verbose_name), "max": limit, "length": len(text)}
            )
    return text


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
        if spec.roles == REVIEW_ROLES and not owns(locked, actor):
            raise PermissionDenied(
                _(
                    "Only reviewers of the union that registered this item (or above it) may "
                    "take this step; your union is its responsible unit."
                )
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
    not register, ``DomainError`` for an empty or over-long subject, an unknown kind, a
    bad count or an inactive category.
    """
    if not actor.has_role(*REGISTER_ROLES):
        raise PermissionDenied(_("Your role may not register items."))
    if not Union.objects.visible_to(actor).filter(pk=union.pk).exists():
        raise PermissionDenied(_("That union is outside your scope."))
    if visit is not None and not Visit.objects.visible_to(actor).filter(pk=visit.pk).exists():
        raise PermissionDenied(_("That visit is outside your scope."))
    _require(kind in Item.Kind.values, _("Unknown item kind."))
    subject = _text(
        subject,
        required=_("The subject is required."),
        field="subject",
    )
    _require(persons_affected >= 1, _("Persons affected must be at least 1."))
    _require(
        persons_affected <= MAX_PERSONS_AFFECTED,
        _("Persons affected must be at most %(n)d.") % {"n": MAX_PERSONS_AFFECTED},
    )
    _require(category.is_active, _("That category is no longer in use; choose another."))
    with transaction.atomic():
        item = Item.objects.create(
            union=union,
            visit=visit,
            kind=kind,
            category=category,
            subject=subject,
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
    reason = _text(reason, required=_("A reason for rejection is required."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="reject",
        note=reason,
        changes={"rejection_reason": reason},
    )


def item_merge(
    *, item: Item | int, actor: User, version: int, into: Item | int, note: str = ""
) -> Item:
    """Review gate: merge the item into another item of the actor's scope (已合并).

    Both items are locked, in id order, before the target is checked, so two reviewers
    merging A into B and B into A at the same moment cannot make a cycle (or deadlock):
    the second one finds its target already merged. Raises ``PermissionDenied`` when
    either item is outside the scope, ``DomainError`` for a merge into itself or into a
    rejected or merged item, and the errors of every transition.
    """
    pk = item.pk if isinstance(item, Item) else item
    into_pk = into.pk if isinstance(into, Item) else into
    with transaction.atomic():
        locked = {
            row.pk: row
            for row in Item.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .filter(pk__in={pk, into_pk})
            .order_by("pk")
        }
        target = locked.get(into_pk)
        if target is None:
            raise PermissionDenied(
                _("The item to merge into does not exist or is outside your scope.")
            )

        if not owns(target, actor):
            raise PermissionDenied(
                _("You may merge only into an item registered by your union or below it.")
            )

        def check(current: Item) -> None:
            _require(target.pk != current.pk, _("An item cannot be merged into itself."))
            _require(
                target.status not in (S.REJECTED, S.MERGED),
                _("The item to merge into is itself rejected or merged."),
            )

        return _transition(
            item=pk,
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
    provisional past the calendar's known years); not both. Raises ``DomainError``
    otherwise, and ``PermissionDenied`` for a unit outside the actor's scope.
    """
    today = today or timezone.localdate()
    _require(
        deadline is None or working_days is None,
        _("Give either a deadline or a time limit in working days, not both."),
    )
    provisional = False
    if working_days is not None:
        _require(working_days >= 1, _("The time limit must be at least 1 working day."))
        due = add_working_days(today, working_days)
        deadline, provisional = due.date, due.provisional
    _require(deadline is not None, _("A deadline or a time limit in working days is required."))
    _require(deadline >= today, _("The deadline cannot be in the past."))
    _require(
        deadline <= today + dt.timedelta(days=MAX_DEADLINE_DAYS),
        _("The deadline must be within two years of today."),
    )

    def check(locked: Item) -> None:
        # After the item's own scope check, so an actor outside the item's scope learns
        # only that (not whether the unit is theirs).
        if not ResponsibleUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
            raise PermissionDenied(_("That responsible unit is outside your scope."))

    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="assign",
        note=note,
        check=check,
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
    resolution = _text(resolution, required=_("The resolution is required."))
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="resolve",
        note=resolution,
        changes={
            "resolution": resolution,
            "outcome": Item.Outcome.RESOLVED,
            "resolved_at": timezone.now(),
        },
    )


def item_escalate(*, item: Item | int, actor: User, version: int, target: str, note: str = "") -> Item:
    """Pass the item up (提交反映) to a higher union or a government body (``target``)."""
    target = _text(
        target,
        required=_("Say to whom the item is escalated."),
        field="escalation_target",
    )
    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="escalate",
        note=note,
        changes={
            "escalation_target": target,
            "outcome": Item.Outcome.ESCALATED,
            "resolved_at": timezone.now(),
        },
        data={"target": target},
    )


def item_close(
    *, item: Item | int, actor: User, version: int, satisfaction: str = "", note: str = ""
) -> Item:
    """Close out (销号) a resolved or escalated item after verification, with the
    follow-up ``satisfaction`` (optional, at most 20 characters)."""
    satisfaction = _text(satisfaction, field="satisfaction")
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
    reason = _text(reason, required=_("Say why the verification failed."))
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
    note = _text(note, required=_("Write what you ask the handlers to do."))
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
            note=note,
        )
