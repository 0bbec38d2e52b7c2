"""A deadline beyond two years is refused on the assign form's field, the input kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.services import workflow
from gonghui.services.models import Item

from .pages_helpers import make_visit, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_far_deadline_is_a_field_error_with_the_input_kept(client, people, tree, category, unit):
    item = register(people.officer, make_visit(tree.county), category)
    item = workflow.item_accept(item=item, actor=people.reviewer, version=1, note="")
    client.force_login(people.reviewer)
    response = client.post(reverse("item_action", args=[item.pk, "assign"]),
                           {"version": item.version, "unit": unit.pk, "deadline": "9999-12-31",
                            "note": "请尽快"})
    assert response.status_code == 200
    form = next(a["form"] for a in response.context["actions"] if a["name"] == "assign")
    assert form.errors["deadline"] == ["The deadline must be within two years of today."]
    html = response.content.decode()
    assert 'value="9999-12-31"' in html and "请尽快" in html
    assert Item.objects.get(pk=item.pk).status == Item.Status.ACCEPTED
