"""Pages of the main job: dashboard, visit list/detail, item list and item detail with
its actions. Real values in, exact values out; refused actions leave the item as it was."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.services import workflow
from gonghui.services.models import Item
from gonghui.services.workdays import add_working_days

from ..factories import CategoryFactory, ResponsibleUnitFactory, UserFactory
from .pages_helpers import make_team, make_visit, register, to_in_progress

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


def figure(html: str, name: str) -> int:
    """The number shown in the dashboard card ``data-figure=name``."""
    match = re.search(rf'data-figure="{name}">(\d+)<', html)
    assert match, f"figure {name} not on the page"
    return int(match.group(1))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def snapshot(item: Item) -> tuple:
    item = Item.objects.get(pk=item.pk)
    return (item.status, item.version, item.responsible_unit_id, item.deadline, item.merged_into_id,
            item.events.count())


# --- dashboard ----------------------------------------------------------------------


@pytest.fixture
def county_data(people, tree, category, unit):
    """Three county visits (two to one enterprise), one household visit, items."""
    today = TODAY()
    visit1 = make_visit(tree.county, date=today)
    make_visit(tree.county, enterprise=visit1.enterprise, date=today)
    visit3 = make_visit(tree.wukang, date=today)
    home = make_visit(tree.county, household=True, date=today)
    difficulty = register(people.officer, home, category, kind=Item.Kind.DIFFICULTY, persons=3,
                          subject="因病致困")
    need = register(people.officer, visit1, category, subject="用工需求")
    register(people.officer, visit3, category, kind=Item.Kind.PROBLEM, subject="劳动合同问题")
    late = to_in_progress(need, people.reviewer, people.officer, unit,
                          deadline=today - dt.timedelta(days=2), today=today - dt.timedelta(days=10))
    return {"difficulty": difficulty, "late": late}


def test_dashboard_shows_the_figures_of_the_scope(client, people, county_data):
    client.force_login(people.officer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert figure(html, "enterprises_visited") == 2
    assert figure(html, "households_visited") == 1
    assert figure(html, "difficulty_person_times") == 3
    assert figure(html, "needs") == 1
    assert figure(html, "resolved") == 0
    assert figure(html, "escalated") == 0
    assert figure(html, "overdue") == 1
    rows = {row["status"]: row["cells"] for row in response.context["status_rows"]}
    # columns: difficulty, need, problem
    assert rows["registered"] == [1, 0, 1]
    assert rows["in_progress"] == [0, 1, 0]
    assert response.context["items_total"] == 3
    late = county_data["late"]
    assert [i.pk for i in response.context["overdue"]] == [late.pk]
    assert reverse("item_detail", args=[late.pk]) in html
    assert response.context["month_visit_count"] == 4


def test_dashboard_of_a_town_officer_counts_only_the_town(client, people, county_data):
    client.force_login(people.wukang_officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert figure(html, "enterprises_visited") == 1
    assert figure(html, "households_visited") == 0
    assert figure(html, "difficulty_person_times") == 0
    assert figure(html, "overdue") == 0


def test_dashboard_of_a_superuser_without_union_sees_everything(client, people, county_data, tree):
    make_visit(tree.other)
    root = UserFactory(username="root", is_superuser=True, is_staff=True, language="en")
    client.force_login(root)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert figure(response.content.decode(), "enterprises_visited") == 3
    assert response.context["month_visit_count"] == 5


def test_dashboard_of_a_user_without_union_shows_a_notice(client, db):
    client.force_login(UserFactory(username="nobody", language="en"))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert response.context["items_total"] == 0


def _many_items(people, tree, category, unit, n: int) -> None:
    today = TODAY()
    team = make_team(tree.county, f"第{n}组")
    for i in range(n):
        visit = make_visit(tree.county, team=team, household=bool(i % 2))
        item = register(people.officer, visit, category, subject=f"事项{i}")
        if i % 3 == 0:
            to_in_progress(item, people.reviewer, people.officer, unit,
                           deadline=today - dt.timedelta(days=1), today=today - dt.timedelta(days=9))


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["dashboard", "item_list", "visit_list", "item_export"])
def test_list_pages_use_a_fixed_number_of_queries(client, people, tree, category, unit, url_name):
    client.force_login(people.officer)
    url = reverse(url_name)
    _many_items(people, tree, category, unit, 3)
    _count_queries(client, url)  # the first read after writes updates the report summary tables
    few = _count_queries(client, url)
    _many_items(people, tree, category, unit, 27)
    _count_queries(client, url)
    many = _count_queries(client, url)
    assert many == few
    assert many <= 16  # the item list counts per scope part, the co-handling part included


# --- visits -------------------------------------------------------------------------


def test_visit_list_and_detail_show_the_visit_and_its_items(client, people, tree, category):
    team = make_team(tree.county, "第一联系服务小组")
    visit = make_visit(tree.county, team=team)
    visit.visitors.add(people.officer)
    item = register(people.officer, visit, category, subject="职工书屋图书更新", persons=4)
    client.force_login(people.officer)
    listing = client.get(reverse("visit_list"))
    assert [v.pk for v in listing.context["page"]] == [visit.pk]
    assert visit.enterprise.name in listing.content.decode()
    detail = client.get(reverse("visit_detail", args=[visit.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "第一联系服务小组" in html and visit.enterprise.name in html
    assert list(detail.context["items"]) == [item]
    assert reverse("item_detail", args=[item.pk]) in html and "职工书屋图书更新" in html


# --- item list ----------------------------------------------------------------------


@pytest.fixture
def listed(people, tree, category, unit):
    today = TODAY()
    team_a = make_team(tree.county, "甲组")
    team_b = make_team(tree.county, "乙组")
    other_cat = CategoryFactory(name="精神文化")
    other_unit = ResponsibleUnitFactory(name="德清县教育局", owner=tree.county)
    a = register(people.officer, make_visit(tree.county, team=team_a), category,
                 subject="子女入学", description="外来务工人员子女", kind=Item.Kind.NEED)
    b = register(people.officer, make_visit(tree.county, team=team_b), other_cat,
                 subject="防暑降温", kind=Item.Kind.DIFFICULTY, persons=5)
    c = register(people.officer, make_visit(tree.county, team=team_a), category,
                 subject="工资拖欠", kind=Item.Kind.PROBLEM)
    c = to_in_progress(c, people.reviewer, people.officer, unit,
                       deadline=today - dt.timedelta(days=3), today=today - dt.timedelta(days=20))
    soon = add_working_days(today, 2).date
    d = register(people.officer, make_visit(tree.county, team=team_b), category, subject="技能培训")
    d = to_in_progress(d, people.reviewer, people.officer, other_unit, deadline=soon, today=today)
    return {"a": a, "b": b, "c": c, "d": d, "team_a": team_a, "other_cat": other_cat,
            "other_unit": other_unit, "unit": unit}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, "abcd"),
        ({"status": "registered"}, "ab"),
        ({"kind": "difficulty"}, "b"),
        ({"category": "other_cat"}, "b"),
        ({"team": "team_a"}, "ac"),
        ({"unit": "other_unit"}, "d"),
        ({"overdue": "on"}, "c"),
        ({"due_soon": "on"}, "d"),
        ({"q": "务工"}, "a"),  # in the description
        ({"q": "降温"}, "b"),  # in the subject
        ({"status": "in_progress", "unit": "unit"}, "c"),
    ],
)
def test_item_list_filters(client, people, listed, query, expected):
    params = {k: (listed[v].pk if v in listed else v) for k, v in query.items()}
    client.force_login(people.officer)
    response = client.get(reverse("item_list"), params)
    assert response.status_code == 200
    got = {item.pk for item in response.context["page"]}
    assert got == {listed[key].pk for key in expected}


def test_item_list_htmx_request_gets_only_the_table(client, people, listed):
    client.force_login(people.officer)
    full = client.get(reverse("item_list"), {"kind": "difficulty"})
    partial = client.get(
        reverse("item_list"), {"kind": "difficulty"},
        headers={"HX-Request": "true", "HX-Target": "item-table"},
    )
    assert "<html" in full.content.decode()
    body = partial.content.decode()
    assert "<html" not in body and "<form" not in body
    assert "防暑降温" in body and "子女入学" not in body
    assert "export.xlsx?kind=difficulty" in body  # the export link follows the filters


def test_item_list_flags_and_pagination(client, people, tree, category, unit, listed):
    client.force_login(people.officer)
    html = client.get(reverse("item_list")).content.decode()
    row_c = re.search(rf'data-item="{listed["c"].pk}".*?</tr>', html, re.S).group(0)
    row_d = re.search(rf'data-item="{listed["d"].pk}".*?</tr>', html, re.S).group(0)
    assert "text-bg-danger" in row_c and "text-bg-warning" not in row_c
    assert "text-bg-warning" in row_d and "text-bg-danger" not in row_d
    visit = make_visit(tree.county)
    for i in range(26):
        register(people.officer, visit, category, subject=f"批量{i}")
    page1 = client.get(reverse("item_list"))
    page2 = client.get(reverse("item_list"), {"cursor": page1.context["page"].next_cursor})
    assert len(page1.context["page"]) == 25 and len(page2.context["page"]) == 5
    assert page1.context["page"].count.n == 30 and page1.context["page"].count.exact
    assert page2.context["page"].number == 2 and not page2.context["page"].has_next


# --- item detail and actions --------------------------------------------------------


def test_item_detail_shows_fields_timeline_and_only_allowed_actions(client, people, tree, category):
    item = register(people.officer, make_visit(tree.county), category, subject="困难职工医疗费用",
                    description="住院自付部分较高", persons=2)
    item = workflow.item_accept(item=item, actor=people.reviewer, version=1, note="情况属实")
    client.force_login(people.reviewer)
    response = client.get(reverse("item_detail", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "困难职工医疗费用" in html and "住院自付部分较高" in html
    events = response.context["events"]
    assert [(e.action, str(e.label), e.actor) for e in events] == [
        ("register", "registered", people.officer),
        ("accept", "accepted", people.reviewer),
    ]
    assert "情况属实" in html
    assert [a["name"] for a in response.context["actions"]] == ["consult", "assign", "attach", "split"]
    assert 'data-action="assign"' in html and 'data-action="reject"' not in html
    assert f'name="version" value="{item.version}"' in html
    client.force_login(people.officer)
    officer_view = client.get(reverse("item_detail", args=[item.pk]))
    assert [a["name"] for a in officer_view.context["actions"]] == ["attach"]
    client.force_login(people.leader)
    leader_view = client.get(reverse("item_detail", args=[item.pk]))
    assert [a["name"] for a in leader_view.context["actions"]] == ["supervise"]


def test_item_detail_flags(client, people, tree, category, unit):
    today = TODAY()
    late = to_in_progress(register(people.officer, make_visit(tree.county), category),
                          people.reviewer, people.officer, unit,
                          deadline=today - dt.timedelta(days=1), today=today - dt.timedelta(days=5))
    soon = to_in_progress(register(people.officer, make_visit(tree.county), category),
                          people.reviewer, people.officer, unit,
                          deadline=add_working_days(today, 3).date, today=today)
    Item.objects.filter(pk=soon.pk).update(deadline_provisional=True)
    client.force_login(people.officer)
    late_page = client.get(reverse("item_detail", args=[late.pk]))
    assert late_page.context["is_overdue"] is True and late_page.context["is_due_soon"] is False
    assert 'data-flag="overdue"' in late_page.content.decode()
    soon_page = client.get(reverse("item_detail", args=[soon.pk]))
    assert soon_page.context["is_overdue"] is False
    assert soon_page.context["is_due_soon"] is True and soon_page.context["days_left"] == 3
    html = soon_page.content.decode()
    assert 'data-flag="due-soon"' in html and 'data-flag="provisional"' in html


def test_the_whole_way_to_close_out_through_the_pages(client, people, tree, category, unit):
    item = register(people.officer, make_visit(tree.county), category)

    def act(user, action, **data):
        client.force_login(user)
        version = Item.objects.get(pk=item.pk).version
        response = client.post(reverse("item_action", args=[item.pk, action]),
                               {"version": version, **data}, follow=True)
        assert response.status_code == 200
        assert not [m for m in response.context["messages"] if m.level_tag == "error"], \
            messages_of(response)
        return Item.objects.get(pk=item.pk)

    assert act(people.reviewer, "accept", note="属实").status == "accepted"
    assigned = act(people.reviewer, "assign", unit=unit.pk, working_days=5)
    assert assigned.status == "assigned" and assigned.responsible_unit == unit
    assert assigned.deadline == add_working_days(TODAY(), 5).date
    assert act(people.officer, "start").status == "in_progress"
    resolved = act(people.officer, "resolve", resolution="已协调学校接收入学")
    assert (resolved.status, resolved.outcome, resolved.resolution) == (
        "resolved", "resolved", "已协调学校接收入学")
    closed = act(people.reviewer, "close", satisfaction="satisfied",
                 evidence_statement="电话回访家长，孩子已入学")
    assert (closed.status, closed.satisfaction, closed.version) == ("closed", "satisfied", 6)
    assert list(closed.events.values_list("action", flat=True)) == [
        "register", "accept", "assign", "start", "resolve", "close"]
    page = client.get(reverse("item_detail", args=[item.pk])).content.decode()
    assert f"{unit.name} · deadline {assigned.deadline.isoformat()}" in page


def test_reject_merge_escalate_reopen_supervise(client, people, tree, category, unit):
    visit = make_visit(tree.county)
    first, second, third = (register(people.officer, visit, category, subject=s)
                            for s in ("甲", "乙", "丙"))
    client.force_login(people.reviewer)
    client.post(reverse("item_action", args=[first.pk, "reject"]), {"version": 1, "reason": "重复反映"})
    client.post(reverse("item_action", args=[second.pk, "merge"]), {"version": 1, "into": third.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.rejection_reason) == ("rejected", "重复反映")
    assert (second.status, second.merged_into_id) == ("merged", third.pk)
    third = to_in_progress(third, people.reviewer, people.officer, unit,
                           deadline=TODAY() + dt.timedelta(days=30), today=TODAY())
    client.force_login(people.leader)
    client.post(reverse("item_action", args=[third.pk, "supervise"]), {"note": "请加快办理"})
    assert third.events.filter(action="supervise", note="请加快办理", actor=people.leader).exists()
    client.force_login(people.officer)
    client.post(reverse("item_action", args=[third.pk, "escalate"]),
                {"version": third.version, "target": "湖州市总工会"})
    third.refresh_from_db()
    assert (third.status, third.outcome, third.escalation_target) == (
        "escalated", "escalated", "湖州市总工会")


def test_stale_version_shows_the_conflict_and_changes_nothing(client, people, tree, category):
    item = register(people.officer, make_visit(tree.county), category)
    seen_version = item.version
    other = UserFactory(username="other_reviewer", role="reviewer", union=tree.county)
    workflow.item_accept(item=item, actor=other, version=seen_version)  # someone else was faster
    before = snapshot(item)
    client.force_login(people.reviewer)
    response = client.post(reverse("item_action", args=[item.pk, "reject"]),
                           {"version": seen_version, "reason": "不属于服务范围"}, follow=True)
    assert response.status_code == 200
    errors = messages_of(response)
    assert len(errors) == 1 and "Someone else changed this item" in errors[0]
    assert snapshot(item) == before
    assert Item.objects.get(pk=item.pk).status == "accepted"


def test_refused_actions_are_messages_and_change_nothing(client, people, tree, category, unit):
    item = register(people.officer, make_visit(tree.county), category)
    before = snapshot(item)
    client.force_login(people.officer)  # an officer may not accept
    response = client.post(reverse("item_action", args=[item.pk, "accept"]), {"version": 1},
                           follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["Your role may not accepted an item."]
    assert snapshot(item) == before
    client.force_login(people.reviewer)  # a registered item cannot be started
    response = client.post(reverse("item_action", args=[item.pk, "start"]), {"version": 1},
                           follow=True)
    assert "cannot be" in messages_of(response)[0]
    assert snapshot(item) == before
    response = client.post(reverse("item_action", args=[item.pk, "merge"]),
                           {"version": 1, "into": item.pk}, follow=True)
    assert "merged into itself" in messages_of(response)[0]
    assert snapshot(item) == before
    response = client.post(reverse("item_action", args=[item.pk, "frobnicate"]), {"version": 1})
    assert response.status_code == 404


def test_invalid_action_fields_are_shown_and_nothing_saved(client, people, tree, category, unit):
    item = register(people.officer, make_visit(tree.county), category)
    client.force_login(people.reviewer)
    response = client.post(reverse("item_action", args=[item.pk, "reject"]), {"version": 1, "reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reason for rejection: This field is required." in html
    assert response.context["actions"][1]["open"] is True
    item = workflow.item_accept(item=item, actor=people.reviewer, version=1)
    before = snapshot(item)
    yesterday = (TODAY() - dt.timedelta(days=1)).isoformat()
    for data, message in [
        ({"unit": unit.pk}, "Deadline: Give a deadline or a number of working days."),
        ({"unit": unit.pk, "deadline": yesterday}, "Deadline: The deadline cannot be in the past."),
        ({"unit": unit.pk, "deadline": "2026-02-30"}, "Deadline: Enter a valid date."),
        ({"unit": unit.pk, "working_days": 0}, "Ensure this value is greater than or equal to 1."),
    ]:
        response = client.post(reverse("item_action", args=[item.pk, "assign"]),
                               {"version": item.version, **data})
        assert message in response.content.decode()
        assert snapshot(item) == before


def test_extension_and_return_through_the_pages(client, people, tree, category, unit):
    from gonghui.services.models import TimeLimit

    TimeLimit.objects.create(category=category, item_class="difficult", working_days=10)
    item = register(people.officer, make_visit(tree.county), category)

    def act(user, action, **data):
        client.force_login(user)
        version = Item.objects.get(pk=item.pk).version
        response = client.post(reverse("item_action", args=[item.pk, action]),
                               {"version": version, **data}, follow=True)
        assert not [m for m in response.context["messages"] if m.level_tag == "error"], \
            messages_of(response)
        return Item.objects.get(pk=item.pk)

    act(people.reviewer, "accept")
    assigned = act(people.reviewer, "assign", unit=unit.pk, item_class="difficult")
    assert (assigned.item_class, assigned.time_limit_days) == ("difficult", 10)
    assert assigned.deadline == add_working_days(TODAY(), 10).date
    client.force_login(people.officer)
    page = client.get(reverse("item_detail", args=[item.pk])).content.decode()
    assert 'data-action="request_extension"' in page and 'data-action="return"' in page
    assert 'data-action="decide_extension"' not in page
    act(people.officer, "request_extension", days=3, reason="需协调企业")
    extended = act(people.reviewer, "decide_extension", decision="approve", note="同意")
    assert extended.deadline == add_working_days(assigned.deadline, 3).date
    returned = act(people.officer, "return", reason="不属本单位职责")
    assert (returned.status, returned.responsible_unit, returned.deadline) == ("accepted", None, None)
    again = act(people.reviewer, "assign", unit=unit.pk, working_days=5)
    assert again.status == "assigned"
    page = client.get(reverse("item_detail", args=[item.pk])).content.decode()
    assert "extension approved" in page and "returned for reassignment" in page
    assert 'data-status="approved"' in page
