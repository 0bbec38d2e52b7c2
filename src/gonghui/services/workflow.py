"""The close-out workflow (销号制管理) of items: every write to an item's state.

State machine (ARCHITECTURE.md, plus the return edge of decision 0007)::

    registered -> accepted | rejected (reason) | merged (into another item)
    accepted   -> consulting -> accepted          (optional consultation, 研讨会商)
    accepted   -> assigned (responsible unit + deadline)
    assigned   -> in_progress -> resolved (resolution) | escalated (target)
    assigned | in_progress -> accepted            (returned, 退回: reason; unit cleared)
    resolved | escalated -> closed                (销号, verified by a reviewer; needs
                                                   evidence: a file or a statement)
    resolved   -> in_progress                     (verification failed: reopened)
    resolved | closed -> in_progress              (an unsatisfied follow-up, 回访)

Each public function is one transition. In one transaction it locks the item, checks
that the item is in the actor's scope, the actor's role, the version the actor saw and
the current state, applies the change, raises the version and appends an
:class:`~gonghui.services.models.ItemEvent`. A refused action raises a
:class:`~gonghui.core.errors.DomainError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import Role, User
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.core.scope import scope_path
from gonghui.core.text import strip_invisible
from gonghui.core.transitions import Transition
from gonghui.orgs.models import ResponsibleUnit, Union

from .models import (
    Attachment,
    Category,
    CoHandlingUnit,
    ExtensionRequest,
    FollowUp,
    HolidaySchedule,
    HolidayScheduleDay,
    Item,
    ItemEvent,
    TimeLimit,
    Visit,
)
from .workdays import Deadline, add_working_days

S = Item.Status
REVIEW_ROLES = (Role.REVIEWER,)
WORK_ROLES = (Role.OFFICER, Role.REVIEWER)
REGISTER_ROLES = (Role.OFFICER, Role.REVIEWER)
SUPERVISE_ROLES = (Role.LEADER,)
#: A deadline further than this from the day of assignment is refused as a typing error.
MAX_DEADLINE_DAYS = 730
#: The most persons one item may concern (a typed 2147483648 is an error, not a figure).
MAX_PERSONS_AFFECTED = 10_000


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
        Transition("return", frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.ACCEPTED, WORK_ROLES),
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
    "return": gettext_lazy("returned for reassignment"),
    "request_extension": gettext_lazy("extension requested"),
    "approve_extension": gettext_lazy("extension approved"),
    "refuse_extension": gettext_lazy("extension refused"),
    "decide_extension": gettext_lazy("extension request decided"),
    "recompute": gettext_lazy("deadline recomputed"),
    "split": gettext_lazy("child item created"),
    "attach": gettext_lazy("evidence attached"),
    "remind_due_soon": gettext_lazy("reminder: due soon"),
    "remind": gettext_lazy("reminded by a reviewer"),
    "remind_overdue": gettext_lazy("reminder: overdue"),
    "remind_supervision": gettext_lazy("supervision raised up the tree"),
    "follow_up": gettext_lazy("follow-up recorded"),
    "add_co_unit": gettext_lazy("co-handling unit added"),
    "co_resolve": gettext_lazy("co-handling part resolved"),
}


def owns(item: Item, user: User) -> bool:
    """True when ``item``'s owning union lies in ``user``'s subtree. The review gate,
    assignment and close-out (销号) belong to the owning side: a union that an item is
    assigned to sees and works it, but does not verify its own work."""
    path = scope_path(user)
    return path is not None and item.union.path.startswith(path)


def works_whole(item: Item, user: User, *, loaded: bool = False) -> bool:
    """True when ``item`` is in ``user``'s scope as a whole: on the owning side or the
    lead unit's side (``scope_lookups``), not only as a co-handling union
    (``part_scope_lookups``, decision 0009). One query; none with ``loaded=True``, for a
    caller that read ``item`` in this request with its union and its responsible unit's
    union (``select_related``): the same rule is then applied to their paths."""
    if loaded:
        path = scope_path(user)
        if path is None:
            return False
        unit = item.responsible_unit if item.responsible_unit_id else None
        return item.union.path.startswith(path) or (
            unit is not None and unit.union_id is not None and unit.union.path.startswith(path))
    return Item.objects.visible_to(user, parts=False).filter(pk=item.pk).exists()


def resolvable_parts(item: Item, user: User, *,
                     whole: bool | None = None) -> QuerySet[CoHandlingUnit]:
    """The open co-handling parts of ``item`` whose resolution ``user`` may record: every
    one for the owning and lead sides; for a union that sees the item only as a
    co-handler, the parts of the co-handling units in its scope. ``whole``: the value of
    ``works_whole(item, user)`` when the caller has it (saves its query)."""
    parts = item.co_units.filter(resolved_at__isnull=True).select_related("unit")
    if works_whole(item, user) if whole is None else whole:
        return parts
    return parts.filter(pk__in=CoHandlingUnit.objects.visible_to(user).values("pk"))


def allowed_actions(item: Item, user: User, *, whole: bool | None = None) -> list[str]:
    """The transition names ``user`` may take on ``item`` now (plus ``supervise`` for a
    leader on an open item); the item must already be known to be in the user's scope.
    A union that sees the item only as a co-handler takes none of them. ``whole``: the
    value of ``works_whole(item, user)`` when the caller has it (saves its query)."""
    if not (works_whole(item, user) if whole is None else whole):
        return []
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
    """``value`` stripped of whitespace and invisible characters
    (:func:`~gonghui.core.text.strip_invisible`: a subject of zero-width spaces is
    empty). Raises ``DomainError`` with the message ``required`` when it
    is empty (if ``required`` is given), and one naming the Item ``field`` when it is
    longer than that column, which PostgreSQL would refuse with a database error (and
    SQLite silently store)."""
    text = strip_invisible(value or "")
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


def _locked_item(item: Item | int, actor: User, *, whole: bool = True) -> Item:
    """The item, locked for update, if it is in the actor's scope as a whole (the owning
    or the lead unit's side), or with ``whole=False`` also when the actor's union only
    co-handles it; else ``PermissionDenied``."""
    pk = item.pk if isinstance(item, Item) else item
    locked = (
        Item.objects.visible_to(actor, parts=not whole)
        .select_for_update(of=("self",))
        .filter(pk=pk)
        .first()
    )
    if locked is None:
        if whole and Item.objects.visible_to(actor).filter(pk=pk).exists():
            raise PermissionDenied(
                _("Your union co-handles this item: it may record only the resolution of "
                  "its own part.")
            )
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
    event_data=None,
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
            data=event_data() if event_data is not None else (data or {}),
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
    rejected, merged, resolved or closed item (a new report must not vanish into a
    finished case), and the errors of every transition.
    """
    pk = item.pk if isinstance(item, Item) else item
    into_pk = into.pk if isinstance(into, Item) else into
    with transaction.atomic():
        locked = {
            row.pk: row
            for row in Item.objects.visible_to(actor, parts=False)
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
            _require(
                target.status not in (S.RESOLVED, S.CLOSED),
                _("The item to merge into is already resolved or closed out: accept this "
                  "item as a new one instead."),
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
    item_class: str | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Item:
    """Assign (交办) to a responsible unit with a deadline (完成时限).

    Give either ``deadline`` (a date, today or later) or ``working_days`` (>= 1, counted
    from today in Chinese working days with the official holiday and make-up schedule;
    provisional past the calendar's known years); not both. With neither, the admin's
    :class:`~gonghui.services.models.TimeLimit` of the item's category and class (the
    class given here as ``item_class``, else the item's) is used. The day count is kept
    on the item (``time_limit_days``, ``deadline_base``) so a provisional deadline can be
    recomputed when the year's schedule is entered. Raises ``DomainError`` otherwise,
    and ``PermissionDenied`` for a unit outside the actor's scope.
    """
    today = today or timezone.localdate()
    _require(
        deadline is None or working_days is None,
        _("Give either a deadline or a time limit in working days, not both."),
    )
    _require(
        item_class is None or item_class in Item.ItemClass.values, _("Unknown item class.")
    )
    _require(
        working_days is None or working_days >= 1,
        _("The time limit must be at least 1 working day."),
    )
    _require(deadline is None or deadline >= today, _("The deadline cannot be in the past."))
    computed: dict[str, Any] = {}

    def check(locked: Item) -> None:
        # After the item's own scope check, so an actor outside the item's scope learns
        # only that (not whether the unit is theirs).
        if not ResponsibleUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
            raise PermissionDenied(_("That responsible unit is outside your scope."))
        cls = item_class or locked.item_class
        days = working_days
        if deadline is None and days is None:
            limit = TimeLimit.objects.filter(category_id=locked.category_id, item_class=cls).first()
            _require(
                limit is not None,
                _("A deadline or a time limit in working days is required (no time limit "
                  "is set for this category and class)."),
            )
            days = limit.working_days
        if days is not None:
            due = add_working_days(today, days)
            computed.update(deadline=due.date, deadline_provisional=due.provisional,
                            deadline_base=today, time_limit_days=days)
        else:
            computed.update(deadline=deadline, deadline_provisional=False,
                            deadline_base=deadline, time_limit_days=None)
        computed["item_class"] = cls
        _require(
            computed["deadline"] <= today + dt.timedelta(days=MAX_DEADLINE_DAYS),
            _("The deadline must be within two years of today."),
        )
        locked.__dict__.update(computed)  # applied by _transition's save below

    item_obj = _transition(
        item=item,
        actor=actor,
        version=version,
        action="assign",
        note=note,
        check=check,
        changes={"responsible_unit": unit, "assigned_at": timezone.now()},
        data=None,
        event_data=lambda: {
            "unit": unit.name,
            "deadline": computed["deadline"].isoformat(),
            "provisional": computed["deadline_provisional"],
            "class": computed["item_class"],
            "working_days": computed["time_limit_days"],
        },
    )
    return item_obj


def item_start(*, item: Item | int, actor: User, version: int, note: str = "") -> Item:
    """The responsible unit starts work (已交办 → 办理中)."""
    return _transition(item=item, actor=actor, version=version, action="start", note=note)


def item_resolve(*, item: Item | int, actor: User, version: int, resolution: str) -> Item:
    """Record the item as resolved (已办结) with a required ``resolution``."""
    resolution = _text(resolution, required=_("The resolution is required."))

    def check(locked: Item) -> None:
        open_parts = [c.unit.name for c in locked.co_units.select_related("unit")
                      if c.resolved_at is None]
        _require(
            not open_parts,
            _("The co-handling units have not yet resolved their parts: %(units)s.")
            % {"units": ", ".join(open_parts)},
        )

    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="resolve",
        note=resolution,
        check=check,
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


def evidence_required(item: Item) -> bool:
    """True when closing out ``item`` needs evidence: the installation's setting
    ``CLOSEOUT_EVIDENCE_REQUIRED`` (default true) and the item's category
    (``Category.evidence_required``) both ask for it."""
    return bool(getattr(settings, "CLOSEOUT_EVIDENCE_REQUIRED", True)) and (
        item.category.evidence_required
    )


def missing_evidence(item: Item, statement: str = "") -> str | None:
    """Why ``item`` cannot be closed out for want of evidence (a message naming what is
    missing), or None when it has an evidence file, ``statement`` is written, or no
    evidence is required (:func:`evidence_required`)."""
    if statement.strip() or not evidence_required(item) or item.attachments.exists():
        return None
    return _(
        "Close-out needs evidence: attach at least one evidence file (a photo or a "
        "document) or write an evidence statement saying how the result was verified."
    )


def item_close(
    *,
    item: Item | int,
    actor: User,
    version: int,
    satisfaction: str = "",
    note: str = "",
    evidence_statement: str = "",
) -> Item:
    """Close out (销号) a resolved or escalated item after verification, with the
    follow-up ``satisfaction`` (optional, at most 20 characters). Needs evidence: at
    least one attached evidence file, or ``evidence_statement`` (how the result was
    verified), unless the setting or the item's category says none is required
    (:func:`evidence_required`). Raises ``DomainError`` naming what is missing, or an
    open child item; the statement is kept on the item and on the timeline."""
    satisfaction = _text(satisfaction, field="satisfaction")
    statement = _text(evidence_statement)
    files: list[str] = []

    def check(locked: Item) -> None:
        _check_children_done(locked)
        missing = missing_evidence(locked, statement)
        _require(missing is None, missing or "")
        files.extend(locked.attachments.order_by("pk").values_list("name", flat=True))

    def event_data() -> dict[str, Any]:
        data: dict[str, Any] = {"evidence_files": len(files)}
        if statement:
            data["evidence_statement"] = statement
        return data

    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="close",
        note=note,
        check=check,
        changes={"satisfaction": satisfaction, "closed_at": timezone.now(),
                 "evidence_statement": statement},
        event_data=event_data,
    )


#: Child states that let a parent close: closed or escalated (the rule), and the
#: terminal states of an item that was never taken up (rejected, merged).
CHILD_DONE_STATUSES = (S.CLOSED, S.ESCALATED, S.REJECTED, S.MERGED)


def _check_children_done(locked: Item) -> None:
    open_children = list(
        locked.children.exclude(status__in=CHILD_DONE_STATUSES).order_by("pk")
    )
    _require(
        not open_children,
        _("This item cannot be closed out while its child items are open: %(items)s.")
        % {"items": ", ".join(f"#{c.pk} {c.subject}" for c in open_children)},
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
    """A leader's supervision (督办) of an open item: a timeline entry, no state change,
    and a notification to the officers and reviewers of the handling union (the
    responsible unit's, else the owning union's) and of each open co-handling part's
    union."""
    from .notify import notify
    from .reminders import handler_users, handling_union

    if not actor.has_role(*SUPERVISE_ROLES):
        raise PermissionDenied(_("Only a leader may supervise an item."))
    note = _text(note, required=_("Write what you ask the handlers to do."))
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if locked.status not in Item.OPEN_STATUSES:
            raise InvalidTransition(_("Only an open item can be supervised."))
        event = ItemEvent.objects.create(
            item=locked,
            actor=actor,
            action="supervise",
            from_status=locked.status,
            to_status=locked.status,
            note=note,
        )
        message = _("Supervision by %(who)s: item #%(id)s %(subject)s: %(note)s") % {
            "who": str(actor), "id": locked.pk, "subject": locked.subject, "note": note}
        notify(handler_users(locked, handling_union(locked), WORK_ROLES), message, item=locked)
    return event


def item_return(*, item: Item | int, actor: User, version: int, reason: str) -> Item:
    """The responsible unit hands the item back (退回) with a required ``reason``:
    assigned or in progress → accepted, the unit and deadline cleared, so the owning
    side's reviewer can reassign it. Pending extension requests lapse (refused)."""
    reason = _text(reason, required=_("Say why the item is returned."))

    seen: dict[str, Any] = {}

    def check(locked: Item) -> None:
        seen["unit"] = locked.responsible_unit.name if locked.responsible_unit_id else ""
        seen["deadline"] = locked.deadline.isoformat() if locked.deadline else ""
        locked.extensions.filter(status=ExtensionRequest.Status.PENDING).update(
            status=ExtensionRequest.Status.REFUSED, decided_at=timezone.now()
        )

    return _transition(
        item=item,
        actor=actor,
        version=version,
        action="return",
        note=reason,
        check=check,
        changes={
            "responsible_unit": None,
            "deadline": None,
            "deadline_provisional": False,
            "deadline_base": None,
            "time_limit_days": None,
            "assigned_at": None,
        },
        event_data=lambda: seen,
    )


# ------------------------------------------------------------------ deadline extensions


def pending_extension(item: Item) -> ExtensionRequest | None:
    """The item's undecided extension request, if any (there is at most one)."""
    return item.extensions.filter(status=ExtensionRequest.Status.PENDING).first()


def clock_actions(item: Item, user: User, *, whole: bool | None = None) -> list[str]:
    """The actions without a state change ``user`` may take on ``item`` now: ``split``
    (a child item) for a reviewer of the owning side on an open item; on the clock,
    ``add_co_unit`` (that reviewer), ``co_resolve`` (handlers, while a co-handling part is
    open), ``request_extension`` for the handlers of an item on the clock without a pending
    request, ``decide_extension`` for a reviewer of the owning side when one is pending.
    ``whole``: the value of ``works_whole(item, user)`` when the caller has it."""
    actions = []
    if whole is None:
        whole = works_whole(item, user)
    if not whole:
        # A union that only co-handles the item records its own part, nothing else.
        on_clock = item.status in Item.CLOCK_STATUSES and item.deadline is not None
        if on_clock and user.has_role(*WORK_ROLES) and resolvable_parts(
                item, user, whole=False).exists():
            actions.append("co_resolve")
        return actions
    reviewer_owner = user.has_role(*REVIEW_ROLES) and owns(item, user)
    if item.status not in (S.REJECTED, S.MERGED) and user.has_role(*WORK_ROLES):
        actions.append("attach")
    if item.status in FOLLOW_UP_STATUSES and reviewer_owner:
        actions.append("follow_up")
    if item.status in Item.OPEN_STATUSES and reviewer_owner:
        actions.append("split")
    if item.status not in Item.CLOCK_STATUSES or item.deadline is None:
        return actions
    if reviewer_owner:
        actions.append("add_co_unit")
    if user.has_role(*WORK_ROLES) and resolvable_parts(item, user, whole=True).exists():
        actions.append("co_resolve")
    pending = pending_extension(item)
    if pending is None and user.has_role(*WORK_ROLES):
        actions.append("request_extension")
    if pending is not None and user.has_role(*REVIEW_ROLES) and owns(item, user):
        actions.append("decide_extension")
    return actions


def _event(locked: Item, actor: User | None, action: str, note: str = "", data=None) -> ItemEvent:
    return ItemEvent.objects.create(
        item=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=locked.status,
        note=note,
        data=data or {},
    )


def _locked_on_clock(
    item: Item | int, actor: User, version: int, message=None, *, whole: bool = True
) -> Item:
    locked = _locked_item(item, actor, whole=whole)
    if locked.version != version:
        raise Conflict(
            _(
                "Someone else changed this item (now %(status)s) since you opened it. "
                "Reload the page to see the change; nothing was saved."
            )
            % {"status": locked.get_status_display()}
        )
    if locked.status not in Item.CLOCK_STATUSES or locked.deadline is None:
        raise InvalidTransition(
            message or _("Only an assigned or in-progress item has a deadline to extend.")
        )
    return locked


def extension_request(
    *, item: Item | int, actor: User, version: int, days: int, reason: str
) -> ExtensionRequest:
    """The responsible unit asks for ``days`` more working days (1-90) with a required
    ``reason`` (延期申请). One pending request per item. The deadline does not change
    until a reviewer approves. Raises ``PermissionDenied``, ``Conflict``,
    ``InvalidTransition`` (not on the clock) or ``DomainError`` (bad input, one pending)."""
    if not actor.has_role(*WORK_ROLES):
        raise PermissionDenied(_("Your role may not request an extension."))
    reason = _text(reason, required=_("Say why more time is needed."))
    _require(
        isinstance(days, int) and 1 <= days <= 90,
        _("Working days asked: between 1 and 90."),
    )
    with transaction.atomic():
        locked = _locked_on_clock(item, actor, version)
        _require(
            pending_extension(locked) is None,
            _("An extension request for this item is already waiting for a decision."),
        )
        request = ExtensionRequest.objects.create(
            item=locked, reason=reason, days=days, requested_by=actor
        )
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        _event(locked, actor, "request_extension", reason, {"days": days, "request": request.pk})
    return request


def extension_decide(
    *, item: Item | int, actor: User, version: int, approve: bool, note: str = ""
) -> ExtensionRequest:
    """A reviewer of the owning side approves or refuses the pending extension request.

    Approval re-bases the deadline: the requested working days are added to the current
    deadline (provisional if any counted day lies in a year without a known schedule).
    A refusal changes only the request. Both are kept on the timeline."""
    if not actor.has_role(*REVIEW_ROLES):
        raise PermissionDenied(_("Your role may not decide an extension request."))
    note = _text(note)
    with transaction.atomic():
        locked = _locked_on_clock(item, actor, version)
        if not owns(locked, actor):
            raise PermissionDenied(
                _(
                    "Only reviewers of the union that registered this item (or above it) may "
                    "take this step; your union is its responsible unit."
                )
            )
        request = (
            locked.extensions.select_for_update()
            .filter(status=ExtensionRequest.Status.PENDING)
            .first()
        )
        _require(request is not None, _("There is no extension request waiting for a decision."))
        request.decided_by, request.decided_at = actor, timezone.now()
        request.old_deadline = locked.deadline
        data = {"days": request.days, "request": request.pk}
        if approve:
            due = add_working_days(locked.deadline, request.days)
            request.status = ExtensionRequest.Status.APPROVED
            request.new_deadline = due.date
            data.update(old=locked.deadline.isoformat(), new=due.date.isoformat(),
                        provisional=due.provisional)
            locked.deadline = due.date
            locked.deadline_provisional = locked.deadline_provisional or due.provisional
        else:
            request.status = ExtensionRequest.Status.REFUSED
        request.save()
        locked.version += 1
        locked.save()
        _event(locked, actor, "approve_extension" if approve else "refuse_extension", note, data)
    return request


# ------------------------------------------------------------------ holiday schedules


def recompute_deadline(item: Item) -> Deadline | None:
    """The deadline of an assigned ``item`` computed afresh from its stored base day and
    working-day count, then each approved extension in order; None for an item assigned
    without a stored base."""
    if item.deadline_base is None:
        return None
    if item.time_limit_days:
        due = add_working_days(item.deadline_base, item.time_limit_days)
    else:
        due = Deadline(item.deadline_base, False)
    approved = item.extensions.filter(status=ExtensionRequest.Status.APPROVED).order_by(
        "decided_at", "id"
    )
    for request in approved:
        step = add_working_days(due.date, request.days)
        due = Deadline(step.date, due.provisional or step.provisional)
    return due


def recompute_provisional_deadlines(*, actor: User | None, year: int) -> list[Item]:
    """Recompute every provisional deadline of an item on the clock (``year``'s schedule
    has just been entered) and note it on each item's timeline, old and new date.
    Returns the items changed."""
    changed = []
    with transaction.atomic():
        items = Item.objects.select_for_update().filter(
            status__in=Item.CLOCK_STATUSES, deadline_provisional=True
        )
        for item in items:
            due = recompute_deadline(item)
            if due is None:
                continue
            old, was = item.deadline, item.deadline_provisional
            item.deadline, item.deadline_provisional = due.date, due.provisional
            item.version += 1
            item.save()
            _event(
                item,
                actor,
                "recompute",
                _("The official holiday schedule of %(year)d was entered.") % {"year": year},
                {"year": year, "old": old.isoformat(), "new": due.date.isoformat(),
                 "was_provisional": was, "provisional": due.provisional},
            )
            changed.append(item)
    return changed


def holiday_schedule_enter(
    *,
    actor: User | None,
    year: int,
    holidays: list[dt.date],
    workdays: list[dt.date],
    source: str = "",
) -> HolidaySchedule:
    """Enter (or replace) ``year``'s official schedule: ``holidays`` (days off, including
    weekend days of a holiday) and ``workdays`` (make-up working days, 调休上班), then
    recompute the provisional deadlines. Only an admin (or a superuser; ``actor`` None
    for the system) may. Raises ``DomainError`` for a date outside ``year`` or listed
    as both."""
    if actor is not None and not (actor.is_superuser or actor.has_role(Role.ADMIN)):
        raise PermissionDenied(_("Only an administrator may enter a holiday schedule."))
    _require(2000 <= year <= 2100, _("Year: between 2000 and 2100."))
    wrong = sorted(d for d in [*holidays, *workdays] if d.year != year)
    _require(
        not wrong,
        _("Dates outside %(year)d: %(dates)s.")
        % {"year": year, "dates": ", ".join(d.isoformat() for d in wrong)},
    )
    both = sorted(set(holidays) & set(workdays))
    _require(
        not both,
        _("Listed both as holiday and as working day: %(dates)s.")
        % {"dates": ", ".join(d.isoformat() for d in both)},
    )
    with transaction.atomic():
        schedule, _created = HolidaySchedule.objects.update_or_create(
            year=year, defaults={"source": source, "entered_by": actor}
        )
        schedule.days.all().delete()
        HolidayScheduleDay.objects.bulk_create(
            [HolidayScheduleDay(schedule=schedule, date=d, kind="holiday") for d in set(holidays)]
            + [HolidayScheduleDay(schedule=schedule, date=d, kind="workday") for d in set(workdays)]
        )
        recompute_provisional_deadlines(actor=actor, year=year)
    return schedule


# ------------------------------------------------------------ child items, co-handling


def item_split(
    *, item: Item | int, actor: User, version: int, subject: str, description: str = ""
) -> Item:
    """Split off a child item (子事项) of an open item: registered, same union, kind and
    category, ``parent`` set. The parent can be closed out only when every child is
    closed or escalated (or was rejected or merged). A reviewer of the owning side only.
    The parent's version rises and its timeline names the child."""
    if not actor.has_role(*REVIEW_ROLES):
        raise PermissionDenied(_("Your role may not split an item."))
    subject = _text(subject, required=_("The subject is required."), field="subject")
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if not owns(locked, actor):
            raise PermissionDenied(_("Only reviewers of the owning union may split an item."))
        if locked.version != version:
            raise Conflict(_("Someone else changed this item since you opened it."))
        if locked.status not in Item.OPEN_STATUSES:
            raise InvalidTransition(_("Only an open item can be split."))
        child = Item.objects.create(
            union=locked.union, visit=locked.visit, kind=locked.kind, category=locked.category,
            subject=subject, description=description, persons_affected=locked.persons_affected,
            found_on=locked.found_on, created_by=actor, parent=locked,
        )
        ItemEvent.objects.create(item=child, actor=actor, action="register", from_status="",
                                 to_status=child.status, data={"parent": locked.pk})
        locked.version += 1
        locked.save()
        _event(locked, actor, "split", subject, {"child": child.pk})
    return child


def co_unit_add(
    *, item: Item | int, actor: User, version: int, unit: ResponsibleUnit, part: str
) -> CoHandlingUnit:
    """Add a co-handling unit (协办) with its ``part`` to an assigned or in-progress item
    (a reviewer of the owning side). Raises ``DomainError`` for the lead unit itself, a
    unit already co-handling, or an empty part."""
    if not actor.has_role(*REVIEW_ROLES):
        raise PermissionDenied(_("Your role may not add a co-handling unit."))
    part = _text(part, required=_("Describe the co-handling unit's part."))
    with transaction.atomic():
        locked = _locked_on_clock(
            item, actor, version, _("Only an assigned or in-progress item has co-handling units.")
        )
        if not owns(locked, actor):
            raise PermissionDenied(
                _("Only reviewers of the owning union may add a co-handling unit.")
            )
        if not ResponsibleUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
            raise PermissionDenied(_("That responsible unit is outside your scope."))
        _require(unit.pk != locked.responsible_unit_id,
                 _("The lead unit cannot also be a co-handling unit."))
        _require(not locked.co_units.filter(unit=unit).exists(),
                 _("That unit already co-handles this item."))
        co = CoHandlingUnit.objects.create(item=locked, unit=unit, part=part)
        locked.version += 1
        locked.save()
        _event(locked, actor, "add_co_unit", part, {"co_unit": unit.name})
    return co


def co_unit_resolve(
    *, item: Item | int, actor: User, version: int, co_unit: CoHandlingUnit | int, resolution: str
) -> CoHandlingUnit:
    """Record a co-handling unit's own resolution of its part (a handler, while the item
    is assigned or in progress): a handler of the owning or the lead unit's side for any
    part, a handler of a co-handling union (decision 0009) for its own parts only.
    Raises ``PermissionDenied`` for another unit's part, ``DomainError`` when already
    resolved."""
    if not actor.has_role(*WORK_ROLES):
        raise PermissionDenied(_("Your role may not record a resolution."))
    resolution = _text(resolution, required=_("The resolution is required."))
    co_pk = co_unit.pk if isinstance(co_unit, CoHandlingUnit) else co_unit
    with transaction.atomic():
        locked = _locked_on_clock(
            item, actor, version, _("Only an assigned or in-progress item has co-handling units."),
            whole=False,
        )
        co = locked.co_units.select_for_update().filter(pk=co_pk).first()
        _require(co is not None, _("That co-handling unit does not belong to this item."))
        if not works_whole(locked, actor) and not (
            CoHandlingUnit.objects.visible_to(actor).filter(pk=co.pk).exists()
        ):
            raise PermissionDenied(
                _("That co-handling part is another unit's: you may record only your own.")
            )
        _require(co.resolved_at is None, _("That co-handling part is already resolved."))
        co.resolution, co.resolved_at = resolution, timezone.now()
        co.save()
        locked.version += 1
        locked.save()
        _event(locked, actor, "co_resolve", resolution, {"co_unit": co.unit.name})
    return co


# ------------------------------------------------------------- evidence and follow-up

#: Largest evidence file accepted, in bytes.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: States in which a follow-up (回访) may be recorded.
FOLLOW_UP_STATUSES = (S.RESOLVED, S.ESCALATED, S.CLOSED)


#: Evidence types whose first bytes must carry their format's signature (a page renamed
#: .pdf is refused); (extension, accepted signatures).
EVIDENCE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "pptx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",), "xls": (b"\xd0\xcf\x11\xe0",),
}
#: Types a browser would run or render as a page: never evidence.
ACTIVE_EXTENSIONS = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "js", "mjs",
                     "swf", "hta", "php", "jsp", "asp", "aspx", "exe", "bat", "cmd", "sh"}


def evidence_type_error(name: str, head: bytes) -> str | None:
    """Why a file named ``name`` whose first bytes are ``head`` is not accepted as
    evidence, or None: an active type (HTML, SVG, script: ``ACTIVE_EXTENSIONS``), content
    that is markup whatever its name, or a type of ``EVIDENCE_SIGNATURES`` without its
    signature. Photos, scans, PDF and office files and plain-text receipts pass."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ACTIVE_EXTENSIONS:
        return _("File: a .%(ext)s file is not accepted as evidence (photos, scans, PDF, "
                 "office documents or text).") % {"ext": extension}
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<") and any(tag in start[:1024] for tag in (
            b"<html", b"<svg", b"<script", b"<!doctype", b"<?xml", b"<body", b"<iframe")):
        return _("File: the content is a web page or markup, not accepted as evidence.")
    signatures = EVIDENCE_SIGNATURES.get(extension)
    if signatures and not head.startswith(signatures):
        return _("File: the content is not a .%(ext)s file.") % {"ext": extension}
    return None


def attachment_add(*, item: Item | int, actor: User, file) -> Attachment:
    """Attach evidence (a Django ``File``/``UploadedFile``) to an item in the actor's
    scope: stored under MEDIA_ROOT with its size and SHA-256 (hex), noted on the
    timeline. Raises ``DomainError`` for an empty or over-large file (20 MB), a type
    refused by :func:`evidence_type_error`, or a rejected or merged item."""
    import hashlib

    if not actor.has_role(*WORK_ROLES):
        raise PermissionDenied(_("Your role may not attach evidence."))
    size = file.size or 0
    _require(size > 0, _("File: the file is empty."))
    _require(
        size <= MAX_ATTACHMENT_BYTES,
        _("File: at most %(mb)d MB (this has %(size)d bytes).")
        % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024), "size": size},
    )
    digest = hashlib.sha256()
    head = b""
    for chunk in file.chunks():
        if len(head) < 2048:
            head += chunk[: 2048 - len(head)]
        digest.update(chunk)
    name = (getattr(file, "name", "") or "file").rsplit("/", 1)[-1][:200]
    problem = evidence_type_error(name, head)
    _require(problem is None, problem or "")
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if locked.status in (S.REJECTED, S.MERGED):
            raise InvalidTransition(_("A rejected or merged item takes no evidence."))
        attachment = Attachment(item=locked, name=name, size=size, sha256=digest.hexdigest(),
                                uploaded_by=actor)
        attachment.file.save(name, file, save=False)
        attachment.save()
        _event(locked, actor, "attach", "", {"file": name, "sha256": attachment.sha256})
    return attachment


def item_follow_up(
    *,
    item: Item | int,
    actor: User,
    version: int,
    date: dt.date,
    method: str,
    satisfied: bool,
    comment: str = "",
    today: dt.date | None = None,
) -> FollowUp:
    """Record a follow-up (回访) of a resolved, escalated or closed item (a reviewer of
    the owning side). When the person served is not satisfied, a resolved or closed
    item is reopened (→ in progress; outcome, resolution time and close-out cleared) on
    the same timeline row. Raises ``DomainError`` for a future date, an unknown method,
    or an unsatisfied follow-up without a comment."""
    today = today or timezone.localdate()
    if not actor.has_role(*REVIEW_ROLES):
        raise PermissionDenied(_("Your role may not record a follow-up."))
    _require(method in FollowUp.Method.values, _("Method: unknown follow-up method."))
    _require(date <= today, _("Follow-up date: cannot be in the future."))
    comment = _text(comment)
    _require(satisfied or bool(comment), _("Comment: say what the person is not satisfied with."))
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if not owns(locked, actor):
            raise PermissionDenied(_("Only reviewers of the owning union may record a follow-up."))
        if locked.version != version:
            raise Conflict(_("Someone else changed this item since you opened it."))
        if locked.status not in FOLLOW_UP_STATUSES:
            raise InvalidTransition(_("Only a resolved, escalated or closed item is followed up."))
        follow = FollowUp.objects.create(item=locked, date=date, method=method,
                                         satisfied=satisfied, comment=comment, recorded_by=actor)
        old = locked.status
        if not satisfied and old in (S.RESOLVED, S.CLOSED):
            locked.status = S.IN_PROGRESS
            locked.outcome = Item.Outcome.NONE
            locked.resolved_at = None
            locked.closed_at = None
        locked.version += 1
        locked.save()
        ItemEvent.objects.create(
            item=locked, actor=actor, action="follow_up", from_status=old,
            to_status=locked.status, note=comment,
            data={"date": date.isoformat(), "method": method, "satisfied": satisfied},
        )
    return follow


def item_remind(*, item: Item | int, actor: User, note: str = "") -> ItemEvent:
    """A reviewer of the owning side reminds the handlers of an item on the clock (催办):
    a timeline row and a notification to the officers and reviewers of the handling
    union and of each open co-handling part's union. Raises ``InvalidTransition`` for an item not assigned or in progress."""
    from .notify import notify
    from .reminders import handler_users, handling_union

    if not actor.has_role(*REVIEW_ROLES):
        raise PermissionDenied(_("Your role may not remind the handlers."))
    note = _text(note)
    with transaction.atomic():
        locked = _locked_item(item, actor)
        if not owns(locked, actor):
            raise PermissionDenied(_("Only reviewers of the owning union may remind the handlers."))
        if locked.status not in Item.CLOCK_STATUSES:
            raise InvalidTransition(
                _("An item that is %(status)s has no handler to remind.")
                % {"status": locked.get_status_display()}
            )
        event = _event(locked, actor, "remind", note,
                       {"deadline": locked.deadline.isoformat() if locked.deadline else ""})
        union = handling_union(locked)
        message = _("Reminder from %(who)s: item #%(id)s %(subject)s is due on %(date)s.") % {
            "who": str(actor), "id": locked.pk, "subject": locked.subject,
            "date": locked.deadline.isoformat() if locked.deadline else "—"}
        notify(handler_users(locked, union, WORK_ROLES), message, item=locked)
    return event
