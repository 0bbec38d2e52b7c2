"""The item list at scale: capped count, id-first pages, queries constant in data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core import paging
from gonghui.core.paging import LeanPaginator
from gonghui.services.models import Item

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db


def _items(union, category, n):
    return [ItemFactory(union=union, category=category, subject=f"事项{i:03d}") for i in range(n)]


def test_lean_paginator_pages_keep_the_order_and_cap_the_count(tree, category):
    made = _items(tree.county, category, 12)
    qs = Item.objects.select_related("union", "category").order_by("-id")
    pager = LeanPaginator(qs, 5, count_cap=10)
    assert pager.count == 10 and pager.capped is True
    assert pager.num_pages == 2
    assert [i.pk for i in pager.page(1)] == [m.pk for m in reversed(made)][:5]
    assert [i.pk for i in pager.page(2)] == [m.pk for m in reversed(made)][5:10]
    exact = LeanPaginator(qs, 5, count_cap=12)
    assert exact.count == 12 and exact.capped is False
    assert [i.pk for i in exact.page(3)] == [made[1].pk, made[0].pk]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_item_list_queries_do_not_grow_with_rows_or_page_depth(client, people, tree, category):
    client.force_login(people.officer)
    _items(tree.wukang, category, 30)
    first, _r = _queries(client, reverse("item_list"))
    _items(tree.xinshi, category, 90)
    again, _r = _queries(client, reverse("item_list"))
    deep, response = _queries(client, reverse("item_list") + "?page=4")
    assert first == again == deep
    assert response.context["page"].number == 4
    assert len(response.context["page"].object_list) == 25


def test_item_list_says_more_than_when_the_count_is_capped(client, people, tree, category, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 20)
    monkeypatch.setattr(LeanPaginator.__init__, "__kwdefaults__", {"count_cap": 20})
    client.force_login(people.officer)
    _items(tree.wukang, category, 26)
    body = client.get(reverse("item_list")).content.decode()
    assert "more than 20 items" in body
    # a sibling's items are never counted: the other county's officer sees none
    client.force_login(people.other_officer)
    body = client.get(reverse("item_list")).content.decode()
    assert "0 items" in body and "more than" not in body
