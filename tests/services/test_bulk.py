"""Bulk accept and assign on the service list: item by item through the workflow, with a
summary naming exactly the refused items and why."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gonghui.services import workflow as wf
from gonghui.services.bulk import bulk_apply
from gonghui.services.models import Item, ItemEvent

S = Item.Status


def make_items(people, tree, category, n):
    return [
        Item.objects.create(union=tree.county, kind="need", category=category,
                            subject=f"诉求{i}", created_by=people.officer).pk
        for i in range(n)
    ]


def test_bulk_assign_500_items_reports_exactly_the_20_refused(people, tree, category, unit):
    ids = make_items(people, tree, category, 500)
    refused_ids = ids[::25]  # 20 items left registered: assign refuses them
    assert len(refused_ids) == 20
    for pk in ids:
        if pk not in refused_ids:
            wf.item_accept(item=pk, actor=people.reviewer, version=1)
    result = bulk_apply(action="assign", item_ids=ids, actor=people.reviewer, unit=unit,
                        working_days=5, today=dt.date(2026, 3, 2))
    assert len(result.succeeded) == 480
    assert [pk for pk, _ in result.refused] == refused_ids
    assert {msg for _, msg in result.refused} == {
        "An item that is registered cannot be assigned."}
    assert Item.objects.filter(status=S.ASSIGNED, deadline=dt.date(2026, 3, 9)).count() == 480
    assert Item.objects.filter(pk__in=refused_ids, status=S.REGISTERED, version=1).count() == 20
    assert not ItemEvent.objects.filter(item_id__in=refused_ids).exists()


def test_bulk_accept_refuses_out_of_scope_items(people, tree, category):
    ids = make_items(people, tree, category, 3)
    other = Item.objects.create(union=tree.other, kind="need", category=category, subject="外县")
    result = bulk_apply(action="accept", item_ids=[*ids, other.pk], actor=people.reviewer)
    assert result.succeeded == ids
    assert result.refused == [(other.pk, "This item does not exist or is outside your scope.")]
    assert Item.objects.get(pk=other.pk).status == S.REGISTERED


def test_bulk_page_shows_the_summary(client, people, tree, category, unit):
    ids = make_items(people, tree, category, 3)
    wf.item_accept(item=ids[0], actor=people.reviewer, version=1)
    client.force_login(people.reviewer)
    response = client.post(reverse("item_bulk"), {"action": "accept", "ids": ids})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 items done" in html
    assert f"#{ids[0]}" in html and "An item that is accepted cannot be accepted." in html
    client.force_login(people.officer)
    response = client.post(reverse("item_bulk"), {"action": "accept", "ids": ids[1:]})
    assert response.status_code == 403


def test_bulk_remind_notifies_the_handlers_of_items_on_the_clock(people, tree, category, unit):
    from gonghui.services.models import Notification

    ids = make_items(people, tree, category, 2)
    wf.item_accept(item=ids[0], actor=people.reviewer, version=1)
    wf.item_assign(item=ids[0], actor=people.reviewer, version=2, unit=unit,
                   deadline=dt.date(2026, 3, 31), today=dt.date(2026, 3, 2))
    result = bulk_apply(action="remind", item_ids=ids, actor=people.reviewer, note="请抓紧")
    assert result.succeeded == [ids[0]]
    assert result.refused == [(ids[1], "An item that is registered has no handler to remind.")]
    assert ItemEvent.objects.filter(item_id=ids[0], action="remind").get().note == "请抓紧"
    assert list(Notification.objects.filter(user=people.officer).values_list("message",
                                                                              flat=True)) == [
        f"Reminder from {people.reviewer}: item #{ids[0]} 诉求0 is due on 2026-03-31."]
