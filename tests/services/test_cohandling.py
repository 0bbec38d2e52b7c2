"""Lead and co-handling units (主办/协办) and child items: a parent closes out only when
every child is closed or escalated."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.errors import DomainError, InvalidTransition, PermissionDenied
from gonghui.services import workflow as wf
from gonghui.services.models import Item, ItemEvent

from ..factories import ResponsibleUnitFactory
from .helpers import register, snapshot, walk

S = Item.Status
D = dt.date


def test_parent_closes_only_when_every_child_is_closed_or_escalated(people, tree, category, unit):
    parent = register(people, tree, category, "园区多家企业职工通勤难")
    first = wf.item_split(item=parent, actor=people.reviewer, version=1, subject="甲企业班车")
    second = wf.item_split(item=parent, actor=people.reviewer, version=2, subject="乙企业班车")
    assert (first.parent_id, first.status, first.union, first.category) == (
        parent.pk, S.REGISTERED, tree.county, category)
    assert [e.data for e in ItemEvent.objects.filter(item=parent, action="split")] == [
        {"child": first.pk}, {"child": second.pk}]
    parent = walk(Item.objects.get(pk=parent.pk), S.RESOLVED, people, unit)
    walk(first, S.CLOSED, people, unit)
    walk(second, S.IN_PROGRESS, people, unit)
    before = snapshot(parent)
    with pytest.raises(DomainError) as info:
        wf.item_close(item=parent, actor=people.reviewer, version=parent.version,
                      evidence_statement="两家企业班车均已开通")
    assert str(info.value) == (
        f"This item cannot be closed out while its child items are open: #{second.pk} 乙企业班车."
    )
    assert snapshot(parent) == before
    second = Item.objects.get(pk=second.pk)
    wf.item_escalate(item=second, actor=people.officer, version=second.version, target="县交通局")
    closed = wf.item_close(item=parent, actor=people.reviewer, version=parent.version,
                           evidence_statement="两家企业班车均已开通")
    assert closed.status == S.CLOSED


def test_split_refused_for_officer_and_closed_item(people, tree, category, unit):
    item = register(people, tree, category)
    with pytest.raises(PermissionDenied):
        wf.item_split(item=item, actor=people.officer, version=1, subject="x")
    closed = walk(register(people, tree, category, "已销号"), S.CLOSED, people, unit)
    with pytest.raises(InvalidTransition):
        wf.item_split(item=closed, actor=people.reviewer, version=closed.version, subject="x")
    assert Item.objects.count() == 2


def test_lead_resolves_only_after_each_co_handling_part(people, tree, category, unit):
    co = ResponsibleUnitFactory(name="德清县住建局", owner=tree.county)
    item = walk(register(people, tree, category), S.IN_PROGRESS, people, unit)
    part = wf.co_unit_add(item=item, actor=people.reviewer, version=item.version, unit=co,
                          part="核实住房情况")
    item = Item.objects.get(pk=item.pk)
    assert wf.clock_actions(item, people.officer) == ["attach", "co_resolve", "request_extension"]
    with pytest.raises(DomainError, match="lead unit cannot also be"):
        wf.co_unit_add(item=item, actor=people.reviewer, version=item.version, unit=unit, part="x")
    with pytest.raises(DomainError, match="already co-handles"):
        wf.co_unit_add(item=item, actor=people.reviewer, version=item.version, unit=co, part="x")
    before = snapshot(item)
    with pytest.raises(DomainError, match="not yet resolved their parts: 德清县住建局"):
        wf.item_resolve(item=item, actor=people.officer, version=item.version, resolution="已办")
    assert snapshot(item) == before
    wf.co_unit_resolve(item=item, actor=people.officer, version=item.version, co_unit=part,
                       resolution="已核实并纳入保障")
    part.refresh_from_db()
    assert part.resolution == "已核实并纳入保障" and part.resolved_at is not None
    item = Item.objects.get(pk=item.pk)
    with pytest.raises(DomainError, match="already resolved"):
        wf.co_unit_resolve(item=item, actor=people.officer, version=item.version, co_unit=part,
                           resolution="again")
    resolved = wf.item_resolve(item=item, actor=people.officer, version=item.version,
                               resolution="主办单位已协调解决")
    assert resolved.status == S.RESOLVED
    assert list(ItemEvent.objects.filter(item=item).values_list("action", flat=True))[-3:] == [
        "add_co_unit", "co_resolve", "resolve"]
