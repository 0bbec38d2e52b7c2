"""Helpers for workflow tests: a full snapshot of an item, and walking an item to a state.

``snapshot`` reloads the item from the database and returns every concrete field, the
ids of its timeline events and the number of its audit-history rows, so a test can
assert that a refused action left the item *exactly* as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.services import workflow as wf
from gonghui.services.models import Item, ItemEvent

S = Item.Status

# The shortest legal path from registered to each state, as (action, actor key) steps.
# Actor keys: "reviewer" and "officer" (attributes of the ``people`` fixture).
PATHS: dict[str, list[str]] = {
    S.REGISTERED: [],
    S.ACCEPTED: ["accept"],
    S.REJECTED: ["reject"],
    S.MERGED: ["merge"],
    S.CONSULTING: ["accept", "consult"],
    S.ASSIGNED: ["accept", "assign"],
    S.IN_PROGRESS: ["accept", "assign", "start"],
    S.RESOLVED: ["accept", "assign", "start", "resolve"],
    S.ESCALATED: ["accept", "assign", "start", "escalate"],
    S.CLOSED: ["accept", "assign", "start", "resolve", "close"],
}

ASSIGN_TODAY = dt.date(2026, 3, 2)  # a Monday, outside any holiday
ASSIGN_DEADLINE = dt.date(2026, 3, 31)


def snapshot(item: Item | int) -> dict[str, Any]:
    """Every concrete field of the stored item, plus its event ids and history count."""
    pk = item.pk if isinstance(item, Item) else item
    fresh = Item.objects.get(pk=pk)
    data = {f.attname: getattr(fresh, f.attname) for f in Item._meta.concrete_fields}
    data["_event_ids"] = list(
        ItemEvent.objects.filter(item_id=pk).order_by("id").values_list("id", flat=True)
    )
    data["_history_rows"] = fresh.history.count()
    return data


def register(people, tree, category, subject: str = "职工子女入托难") -> Item:
    """A new item of the county, registered by the county officer."""
    return wf.item_register(
        actor=people.officer,
        union=tree.county,
        kind=Item.Kind.NEED,
        category=category,
        subject=subject,
    )


def call(action: str, item: Item, actor, version: int, *, unit=None, into=None, **extra) -> Any:
    """Take ``action`` on ``item`` with valid arguments (``extra`` overrides them)."""
    kwargs: dict[str, Any] = {"item": item, "actor": actor}
    if action != "supervise":
        kwargs["version"] = version
    defaults: dict[str, dict[str, Any]] = {
        "reject": {"reason": "不属于工会职责范围"},
        "merge": {"into": into},
        "assign": {"unit": unit, "deadline": ASSIGN_DEADLINE, "today": ASSIGN_TODAY},
        "resolve": {"resolution": "已协调解决"},
        "escalate": {"target": "湖州市总工会"},
        "reopen": {"reason": "回访发现问题仍未解决"},
        "close": {"satisfaction": "满意", "evidence_statement": "电话回访职工，确认已落实"},
        "supervise": {"note": "请加快办理"},
        "return": {"reason": "不属于本单位职责"},
    }
    kwargs.update(defaults.get(action, {}))
    kwargs.update(extra)
    return getattr(wf, f"item_{action}")(**kwargs)


def actor_for(action: str, people):
    """The county user whose role may take ``action``."""
    if action in ("start", "resolve", "escalate", "return"):
        return people.officer
    if action == "supervise":
        return people.leader
    return people.reviewer


def walk(item: Item, status: str, people, unit, into: Item | None = None) -> Item:
    """Move ``item`` (registered) along ``PATHS[status]``; returns the reloaded item."""
    for action in PATHS[status]:
        item = call(action, item, actor_for(action, people), item.version, unit=unit, into=into)
    return Item.objects.get(pk=item.pk)
