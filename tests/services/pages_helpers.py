"""Builders shared by the page tests: visits and items made through the workflow."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.orgs.models import Enterprise, Union
from gonghui.services import workflow
from gonghui.services.models import Category, Item, ServiceTeam, Visit

from ..factories import EnterpriseFactory, WorkerFactory


def make_team(union: Union, name: str) -> ServiceTeam:
    return ServiceTeam.objects.create(name=name, union=union)


def make_visit(
    union: Union,
    *,
    team: ServiceTeam | None = None,
    enterprise: Enterprise | None = None,
    household: bool = False,
    date: dt.date | None = None,
) -> Visit:
    """A visit recorded by ``union`` to an enterprise (made if not given) or a household."""
    date = date or timezone.localdate()
    if household:
        worker = WorkerFactory(union=union, in_hardship=True)
        return Visit.objects.create(
            union=union, team=team, date=date, target_type=Visit.TargetType.HOUSEHOLD, worker=worker
        )
    enterprise = enterprise or EnterpriseFactory(union=union)
    return Visit.objects.create(
        union=union, team=team, date=date, target_type=Visit.TargetType.ENTERPRISE, enterprise=enterprise
    )


def register(
    actor,
    visit: Visit,
    category: Category,
    *,
    subject: str = "职工子女入学困难",
    kind: str = Item.Kind.NEED,
    persons: int = 1,
    description: str = "",
) -> Item:
    return workflow.item_register(
        actor=actor,
        union=visit.union,
        kind=kind,
        category=category,
        subject=subject,
        description=description,
        persons_affected=persons,
        visit=visit,
    )


def to_in_progress(item: Item, reviewer, officer, unit, *, deadline: dt.date, today: dt.date) -> Item:
    """accept -> assign (deadline, as if assigned on ``today``) -> start."""
    item = workflow.item_accept(item=item, actor=reviewer, version=item.version)
    item = workflow.item_assign(
        item=item, actor=reviewer, version=item.version, unit=unit, deadline=deadline, today=today
    )
    return workflow.item_start(item=item, actor=officer, version=item.version)
