"""Bulk actions on the service list (批量操作: accept, assign, remind; the filtered
list's export is the list's own Excel export): each item goes through the same workflow
function as on its own page, in its own transaction, so one refusal changes nothing of
that item and stops nothing else. The summary lists what succeeded and, for each item
refused, why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.errors import DomainError
from gonghui.orgs.models import ResponsibleUnit

from . import workflow
from .models import Item

BULK_ACTIONS = ("accept", "assign", "remind")


@dataclass
class BulkResult:
    """``succeeded``: item ids done; ``refused``: ``(item id, reason)`` for each other."""

    succeeded: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def bulk_apply(
    *,
    action: str,
    item_ids: list[int],
    actor: User,
    unit: ResponsibleUnit | None = None,
    deadline: dt.date | None = None,
    working_days: int | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> BulkResult:
    """Apply ``action`` (accept, assign or remind) to each item of ``item_ids`` in the actor's
    scope, at its current version. Items not in scope are refused like missing ones.
    Raises ``ValueError`` for another action."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"unknown bulk action {action!r}")
    result = BulkResult()
    versions = dict(
        Item.objects.visible_to(actor).filter(pk__in=item_ids).values_list("pk", "version")
    )
    for pk in dict.fromkeys(item_ids):  # unique, in the given order
        try:
            if pk not in versions:
                raise DomainError(
                    _("This item does not exist or is outside your scope.")
                )
            if action == "remind":
                workflow.item_remind(item=pk, actor=actor, note=note)
            elif action == "accept":
                workflow.item_accept(item=pk, actor=actor, version=versions[pk], note=note)
            else:
                workflow.item_assign(item=pk, actor=actor, version=versions[pk], unit=unit,
                                     deadline=deadline, working_days=working_days, note=note,
                                     today=today)
        except DomainError as err:
            result.refused.append((pk, str(err)))
        else:
            result.succeeded.append(pk)
    return result
