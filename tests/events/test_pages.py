"""Event pages: create with figures, unit refused on the field, scope by URL, figures page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.events.models import Event, EventFigure

pytestmark = pytest.mark.django_db


def post_event(client, union, **figures):
    data = {"kind": "blood_drive", "name": "我为祖国献热血", "union": union.pk, "date": "2019-03-20", "place": "厂区"}
    for metric, (value, unit) in figures.items():
        data[f"value_{metric}"] = value
        data[f"unit_{metric}"] = unit
    return client.post(reverse("events:create"), data)


def test_create_show_and_count(client, people, tree):
    client.force_login(people.wukang_officer)
    response = post_event(client, tree.wukang, donors=("242", "persons"), blood_volume=("80000", "mL"))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("events:detail", args=[event.pk])
    page = client.get(response["Location"]).content.decode()
    assert "80000" in page and "242" in page
    figures = client.get(reverse("events:figures")).content.decode()
    assert 'data-key="blood_donors"><th>' in figures and ">242<" in figures
    assert "组织无偿献血242人、献血80000毫升" in figures
    # A sibling town and another county cannot open it, even by guessing the id.
    for user in (people.xinshi_officer, people.other_officer):
        client.force_login(user)
        assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
        assert client.post(reverse("events:figure_set", args=[event.pk]), {"metric": "donors", "value": "1", "unit": "persons"}).status_code == 404
        assert "我为祖国献热血" not in client.get(reverse("events:list")).content.decode()
    assert EventFigure.objects.get(metric="donors").value == 242


def test_wrong_unit_refused_on_the_field(client, people, tree):
    client.force_login(people.officer)
    response = post_event(client, tree.county, blood_volume=("80", "persons"))
    assert response.status_code == 200
    assert "The unit of blood volume is mL, not persons." in response.content.decode()
    assert Event.objects.count() == 0


def test_leader_refused_with_message(client, people, tree):
    client.force_login(people.leader)
    response = post_event(client, tree.county, donors=("3", "persons"))
    assert response.status_code == 200 and "may not record events" in response.content.decode()
    assert Event.objects.count() == 0


def test_the_same_event_form_sent_twice_records_one_event(client, people, tree):
    """A resubmit of the event form (same one-time submission key) records nothing again
    and opens the event it recorded."""
    import re

    client.force_login(people.wukang_officer)
    key = re.search(r'name="submission" value="([0-9a-f]{32})"',
                    client.get(reverse("events:create")).content.decode()).group(1)
    data = {"kind": "blood_drive", "name": "我为祖国献热血", "union": tree.wukang.pk,
            "date": "2019-03-20", "place": "厂区", "value_donors": "242",
            "unit_donors": "persons", "submission": key}
    first = client.post(reverse("events:create"), data)
    again = client.post(reverse("events:create"), data, follow=True)
    event = Event.objects.get()
    assert first["Location"] == again.redirect_chain[-1][0] == reverse("events:detail",
                                                                       args=[event.pk])
    assert "This event was already recorded" in again.content.decode()
    assert list(EventFigure.objects.values_list("value", flat=True)) == [242]
