"""The scope rule on every page: an officer of 武康街道 cannot list, open, act on, export
or search 新市镇's visits or items, not even by guessing ids (404), and a refused POST
leaves the item exactly as it was."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.services.models import Item, ItemEvent, Visit

from ..factories import EnterpriseFactory
from .pages_helpers import make_team, make_visit, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def towns(people, tree, category):
    """One visit with one item in each town, recorded by the county officer."""
    wukang_team = make_team(tree.wukang, "武康小组")
    xinshi_team = make_team(tree.xinshi, "新市小组")
    wukang_visit = make_visit(tree.wukang, team=wukang_team)
    xinshi_visit = make_visit(tree.xinshi, team=xinshi_team)
    return {
        "wukang_visit": wukang_visit,
        "xinshi_visit": xinshi_visit,
        "wukang_item": register(people.officer, wukang_visit, category, subject="武康用工需求"),
        "xinshi_item": register(people.officer, xinshi_visit, category, subject="新市丝绸厂欠薪"),
        "xinshi_team": xinshi_team,
    }


def state(item: Item) -> tuple:
    item = Item.objects.get(pk=item.pk)
    return (item.status, item.version, item.rejection_reason, item.merged_into_id,
            item.responsible_unit_id, ItemEvent.objects.filter(item=item).count())


def test_lists_and_search_show_only_the_own_town(client, people, towns):
    client.force_login(people.wukang_officer)
    items = client.get(reverse("item_list"))
    assert [i.pk for i in items.context["page"]] == [towns["wukang_item"].pk]
    assert "新市丝绸厂欠薪" not in items.content.decode()
    search = client.get(reverse("item_list"), {"q": "新市"})
    assert list(search.context["page"]) == []
    by_team = client.get(reverse("item_list"), {"team": towns["xinshi_team"].pk})
    assert "team" in by_team.context["form"].errors  # not a choice of this user
    assert "新市丝绸厂欠薪" not in by_team.content.decode()
    visits = client.get(reverse("visit_list"))
    assert [v.pk for v in visits.context["page"]] == [towns["wukang_visit"].pk]
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.context["items_total"] == 1


def test_guessed_ids_answer_404(client, people, towns):
    client.force_login(people.wukang_officer)
    assert client.get(reverse("item_detail", args=[towns["xinshi_item"].pk])).status_code == 404
    assert client.get(reverse("visit_detail", args=[towns["xinshi_visit"].pk])).status_code == 404
    assert client.get(reverse("item_detail", args=[towns["wukang_item"].pk])).status_code == 200
    missing = Item.objects.order_by("-pk").first().pk + 100
    assert client.get(reverse("item_detail", args=[missing])).status_code == 404


@pytest.mark.parametrize(
    "user_name, action, data",
    [
        ("wukang_reviewer", "accept", {}),
        ("wukang_reviewer", "reject", {"reason": "越权"}),
        ("wukang_reviewer", "merge", {"into": 1}),
        ("wukang_officer", "start", {}),
        ("wukang_officer", "resolve", {"resolution": "越权"}),
    ],
)
def test_acting_on_another_towns_item_is_404_and_changes_nothing(
    client, people, towns, user_name, action, data
):
    target = towns["xinshi_item"]
    before = state(target)
    client.force_login(getattr(people, user_name))
    response = client.post(reverse("item_action", args=[target.pk, action]),
                           {"version": target.version, **data})
    assert response.status_code == 404
    assert state(target) == before


def test_merging_into_another_towns_item_is_refused(client, people, towns):
    own, foreign = towns["wukang_item"], towns["xinshi_item"]
    before = state(own)
    client.force_login(people.wukang_reviewer)
    response = client.post(reverse("item_action", args=[own.pk, "merge"]),
                           {"version": own.version, "into": foreign.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The item to merge into does not exist or is outside your scope."]
    assert state(own) == before


def test_assigning_to_a_unit_outside_the_scope_is_refused(client, people, towns, unit):
    from gonghui.services import workflow

    own = workflow.item_accept(item=towns["wukang_item"], actor=people.wukang_reviewer, version=1)
    before = state(own)
    client.force_login(people.wukang_reviewer)
    response = client.post(reverse("item_action", args=[own.pk, "assign"]),
                           {"version": own.version, "unit": unit.pk, "working_days": 5})
    assert "Select a valid choice" in response.content.decode()
    assert state(own) == before


def test_export_holds_only_the_own_town(client, people, towns):
    client.force_login(people.wukang_officer)
    response = client.get(reverse("item_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    subjects = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert subjects == ["武康用工需求"]
    searched = client.get(reverse("item_export"), {"q": "新市"})
    assert load_workbook(BytesIO(b"".join(searched.streaming_content))).active.max_row == 1  # header only


def test_visit_entry_offers_and_accepts_only_targets_in_scope(client, people, tree):
    own = EnterpriseFactory(union=tree.wukang, name="武康华莎制衣")
    foreign = EnterpriseFactory(union=tree.xinshi, name="新市丝绸")
    client.force_login(people.wukang_officer)
    options = client.get(reverse("visit_targets"), {"target_type": "enterprise"}).content.decode()
    assert f'value="e:{own.pk}"' in options and f"e:{foreign.pk}" not in options
    page = client.get(reverse("visit_create")).content.decode()
    assert "武康华莎制衣" in page and "新市丝绸" not in page
    visits_before = Visit.objects.count()
    response = client.post(reverse("visit_create"), {
        "date": timezone.localdate().isoformat(), "target_type": "enterprise",
        "target": f"e:{foreign.pk}", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    assert Visit.objects.count() == visits_before


def test_town_reviewer_sees_an_item_the_county_assigned_to_the_town(client, people, tree, towns):
    """Scope includes items assigned to a unit that is the user's union."""
    from gonghui.orgs.models import ResponsibleUnit
    from gonghui.services import workflow

    xinshi_unit = ResponsibleUnit.objects.create(
        name="新市镇总工会", kind="union", union=tree.xinshi, owner=tree.county)
    county_item = register(people.officer, make_visit(tree.county), towns["wukang_item"].category,
                           subject="县级事项")
    county_item = workflow.item_accept(item=county_item, actor=people.reviewer, version=1)
    workflow.item_assign(item=county_item, actor=people.reviewer, version=2, unit=xinshi_unit,
                         deadline=timezone.localdate() + dt.timedelta(days=10))
    client.force_login(people.xinshi_officer)
    assert client.get(reverse("item_detail", args=[county_item.pk])).status_code == 200
    client.force_login(people.wukang_officer)
    assert client.get(reverse("item_detail", args=[county_item.pk])).status_code == 404
