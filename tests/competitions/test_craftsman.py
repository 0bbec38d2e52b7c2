"""A training need found by a 三服务 visit, resolved by a craftsman service team's visit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.competitions import services as svc
from gonghui.competitions.models import CraftsmanService
from gonghui.competitions.selectors import competition_figures
from gonghui.core.errors import DomainError, InvalidTransition
from gonghui.orgs.models import Worker
from gonghui.services import workflow
from gonghui.services.models import Item, ServiceTeam, Visit

from ..factories import EnterpriseFactory, WorkerFactory

TODAY = dt.date.today()


@pytest.fixture
def setting(people, tree, category, unit):
    firm = EnterpriseFactory(name="浙江某钢构有限公司", union=tree.wukang)
    team = ServiceTeam.objects.create(name="劳模工匠服务队", kind=ServiceTeam.Kind.CRAFTSMAN, union=tree.county)
    welder = WorkerFactory(name="王焊师", union=tree.county, title=Worker.Title.CRAFTSMAN)
    electrician = WorkerFactory(name="丁电师", union=tree.county, title=Worker.Title.PROVINCIAL_MODEL)
    svc.team_set_experts(actor=people.officer, team=team, experts=[welder, electrician])
    found = Visit.objects.create(
        union=tree.county, date=TODAY - dt.timedelta(days=20), target_type="enterprise", enterprise=firm
    )
    item = workflow.item_register(
        actor=people.officer, union=tree.county, kind=Item.Kind.NEED, category=category,
        subject="焊工缺少系统培训", visit=found,
    )
    item = workflow.item_accept(item=item, actor=people.reviewer, version=item.version)
    item = workflow.item_assign(
        item=item, actor=people.reviewer, version=item.version, unit=unit, deadline=TODAY + dt.timedelta(days=30)
    )
    return firm, team, welder, electrician, item


def sessions(welder, electrician):
    return [
        svc.SessionSpec(topic="welding", attendees=30, hours=Decimal("2.5"), experts=(welder,), feedback="很实用"),
        svc.SessionSpec(topic="electrical_safety", attendees=45, hours=Decimal("1.5"), experts=(electrician,)),
    ]


def test_training_item_resolved_by_craftsman_visit(people, tree, setting):
    firm, team, welder, electrician, item = setting
    # Not in progress yet: refused, and nothing recorded.
    with pytest.raises(InvalidTransition, match="only an item in progress"):
        svc.craftsman_visit_record(
            actor=people.officer, team=team, enterprise=firm, date=TODAY,
            sessions=sessions(welder, electrician), resolves=item,
        )
    assert Visit.objects.filter(team=team).count() == 0
    assert Item.objects.get(pk=item.pk).status == Item.Status.ASSIGNED

    item = workflow.item_start(item=item, actor=people.officer, version=item.version)
    visit = svc.craftsman_visit_record(
        actor=people.officer, team=team, enterprise=firm, date=TODAY,
        sessions=sessions(welder, electrician), resolves=item,
    )
    item = Item.objects.get(pk=item.pk)
    assert item.status == Item.Status.RESOLVED and item.outcome == Item.Outcome.RESOLVED
    assert "劳模工匠服务队" in item.resolution and firm.name in item.resolution
    assert visit.union == tree.county and visit.enterprise == firm and visit.target_type == "enterprise"
    assert [(s.topic, s.attendees, s.hours) for s in visit.craftsman_services.all()] == [
        ("welding", 30, Decimal("2.5")),
        ("electrical_safety", 45, Decimal("1.5")),
    ]
    timeline = list(item.events.values_list("action", flat=True))
    assert timeline == ["register", "accept", "assign", "start", "resolve"]
    resolve = item.events.get(action="resolve")
    assert resolve.data["craftsman_visit"] == visit.pk
    assert resolve.data["topics"] == ["welding", "electrical_safety"]
    assert resolve.data["attendees"] == 75
    f = competition_figures(tree.county)
    assert (f["craftsman_visits"], f["craftsman_sessions"], f["craftsman_attendees"], f["craftsman_hours"]) == (1, 2, 75, 4.0)
    assert competition_figures(tree.other)["craftsman_visits"] == 0


def test_stale_item_version_records_nothing(people, setting):
    firm, team, welder, electrician, item = setting
    item = workflow.item_start(item=item, actor=people.officer, version=item.version)
    with pytest.raises(DomainError, match="Someone else changed"):
        svc.craftsman_visit_record(
            actor=people.officer, team=team, enterprise=firm, date=TODAY,
            sessions=sessions(welder, electrician), resolves=item, item_version=item.version - 1,
        )
    assert Visit.objects.filter(team=team).count() == 0 and CraftsmanService.objects.count() == 0
    assert Item.objects.get(pk=item.pk).status == Item.Status.IN_PROGRESS


def test_expert_must_belong_to_team_and_have_a_title(people, tree, setting):
    firm, team, welder, electrician, item = setting
    outsider = WorkerFactory(name="外人", union=tree.county, title=Worker.Title.CRAFTSMAN)
    with pytest.raises(DomainError, match="not an expert member"):
        svc.craftsman_visit_record(
            actor=people.officer, team=team, enterprise=firm, date=TODAY,
            sessions=[svc.SessionSpec(topic="welding", attendees=3, hours=Decimal(1), experts=(outsider,))],
        )
    untitled = WorkerFactory(name="普通职工", union=tree.county)
    with pytest.raises(DomainError, match="no model-worker or craftsman title"):
        svc.team_set_experts(actor=people.officer, team=team, experts=[welder, untitled])
    assert set(team.experts.values_list("name", flat=True)) == {"王焊师", "丁电师"}
    assert Visit.objects.filter(team=team).count() == 0
