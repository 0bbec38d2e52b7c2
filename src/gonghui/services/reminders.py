"""``gonghui remind``: due-soon and overdue reminders and supervision (督办) that climbs
the union tree, each recorded once.

For every item on the clock (assigned or in progress, with a deadline), on ``today``:

* *due soon* when the deadline is today or within ``REMIND_DUE_SOON_DAYS`` working days;
* *overdue* when the deadline has passed;

  both go to the officers and reviewers of the handling union and of the union working
  each co-handling part (协办) not yet resolved (decision 0009); overdue also to the
  owning union's reviewers;
* *supervision* at level n (n = 1, 2, ...) when the item is late by more than
  n x ``SUPERVISION_DELAY_DAYS`` working days: raised to the union n levels above the
  handling union (the responsible unit's union, else the owning union), one level per
  delay, until the root (three-level linkage: grassroots, county or industry, city).

Each is claimed by inserting a :class:`~gonghui.services.models.Reminder` whose unique
constraint (item, kind, level, deadline) makes a second run, or a concurrent one, skip
it; the claim, its timeline row and its notifications commit together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Union

from .models import Item, ItemEvent, Reminder
from .notify import notify
from .workdays import working_days_between


@dataclass
class RemindResult:
    """What one run recorded: reminders and supervisions created (skipped: already there)."""

    created: list[Reminder] = field(default_factory=list)
    skipped: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for r in self.created if r.kind == kind)


def handling_union(item: Item) -> Union:
    """The union that works the item: the responsible unit's union, else the owner."""
    unit = item.responsible_unit
    return unit.union if unit is not None and unit.union_id else item.union


def _users(union: Union, roles: tuple[str, ...]):
    return User.objects.filter(union=union, role__in=roles, is_active=True).order_by("pk")


def part_unions(item: Item) -> list[Union]:
    """The unions working the item's co-handling parts that are not resolved yet: a
    part's unit's own union when the unit is a union, else the union keeping its entry
    (``CoHandlingUnit.scope_lookups``), in part order, each once. Reads the prefetched
    ``co_units`` when there."""
    unions: dict[int, Union] = {}
    for part in item.co_units.all():
        if part.resolved_at is None:
            union = part.unit.union if part.unit.union_id else part.unit.owner
            if union is not None:
                unions.setdefault(union.pk, union)
    return list(unions.values())


def handler_users(item: Item, handling: Union, roles: tuple[str, ...]) -> list[User]:
    """Active users with ``roles`` in the handling union and every open part's union,
    each once, in that order."""
    seen: set[int] = set()
    out: list[User] = []
    for union in [handling, *part_unions(item)]:
        for user in _users(union, roles):
            if user.pk not in seen:
                seen.add(user.pk)
                out.append(user)
    return out


def _claim(item: Item, kind: str, level: int, union: Union | None, message: str,
           recipients) -> Reminder | None:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                item=item, kind=kind, level=level, deadline=item.deadline, union=union
            )
            ItemEvent.objects.create(
                item=item, actor=None, action=f"remind_{kind}", from_status=item.status,
                to_status=item.status, note=message,
                data={"level": level, "deadline": item.deadline.isoformat(),
                      **({"union": union.name} if union is not None else {})},
            )
            notify(recipients, message, item=item, reminder=reminder)
    except IntegrityError:
        return None
    return reminder


def remind(today: dt.date | None = None) -> RemindResult:
    """Record the reminders and supervisions due on ``today`` (default: the local date)
    that are not recorded yet. Safe to run twice in a row or twice at once."""
    today = today or timezone.localdate()
    soon_days = settings.REMIND_DUE_SOON_DAYS
    delay = max(1, settings.SUPERVISION_DELAY_DAYS)
    result = RemindResult()
    items = (
        Item.objects.filter(status__in=Item.CLOCK_STATUSES, deadline__isnull=False)
        .select_related("union", "responsible_unit__union")
        .prefetch_related("co_units__unit__union", "co_units__unit__owner")
        .order_by("pk")
    )
    handlers = (Role.OFFICER, Role.REVIEWER)
    for item in items:
        handling = handling_union(item)
        plan: list[tuple[str, int, Union | None, str, object]] = []
        if item.deadline >= today:
            left, _p = working_days_between(today, item.deadline)
            if left <= soon_days:
                plan.append((
                    Reminder.Kind.DUE_SOON, 0, None,
                    _("Item #%(id)s %(subject)s is due on %(date)s (%(days)d working days left).")
                    % {"id": item.pk, "subject": item.subject,
                       "date": item.deadline.isoformat(), "days": left},
                    handler_users(item, handling, handlers),
                ))
        else:
            late, _p = working_days_between(item.deadline, today)
            recipients = handler_users(item, handling, handlers)
            if handling.pk != item.union_id:
                known = {u.pk for u in recipients}
                recipients += [u for u in _users(item.union, (Role.REVIEWER,))
                               if u.pk not in known]
            plan.append((
                Reminder.Kind.OVERDUE, 0, None,
                _("Item #%(id)s %(subject)s is overdue: the deadline was %(date)s.")
                % {"id": item.pk, "subject": item.subject, "date": item.deadline.isoformat()},
                recipients,
            ))
            levels = (late - 1) // delay if late > 0 else 0
            ancestors = list(handling.get_ancestors())  # root first
            for level in range(1, min(levels, len(ancestors)) + 1):
                union = ancestors[-level]
                plan.append((
                    Reminder.Kind.SUPERVISION, level, union,
                    _("Supervision by %(union)s: item #%(id)s %(subject)s is %(days)d working "
                      "days late (deadline %(date)s).")
                    % {"union": union.name, "id": item.pk, "subject": item.subject,
                       "days": late, "date": item.deadline.isoformat()},
                    _users(union, (Role.LEADER, Role.REVIEWER)),
                ))
        for kind, level, union, message, recipients in plan:
            claimed = _claim(item, kind, level, union, message, recipients)
            if claimed is None:
                result.skipped += 1
            else:
                result.created.append(claimed)
    return result
