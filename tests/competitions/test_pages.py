"""Competition pages: create, entries ranked, the veto shown as a message, scope by URL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.competitions.models import Award, Competition, Incident

from ..factories import EnterpriseFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def test_competition_flow_and_veto(client, people, tree):
    client.force_login(people.officer)
    response = client.post(reverse("competitions:create"), {
        "kind": "skills", "name": "砌筑工技能大赛", "union": tree.county.pk,
        "start_date": "2019-04-01", "end_date": "2019-04-30",
    })
    comp = Competition.objects.get()
    assert response["Location"] == reverse("competitions:detail", args=[comp.pk])
    firm = EnterpriseFactory(union=tree.county)
    a = WorkerFactory(name="砌筑甲", union=tree.county, enterprise=firm)
    b = WorkerFactory(name="砌筑乙", union=tree.county)
    for worker, score in ((a, "91"), (b, "91")):
        client.post(reverse("competitions:entry_add", args=[comp.pk]), {"worker": worker.pk, "persons": 1, "score": score})
    client.post(reverse("competitions:entry_add", args=[comp.pk]), {"team_name": "砌筑三队", "persons": 5, "score": "80"})
    assert sorted(comp.entries.values_list("rank", flat=True)) == [1, 1, 3]
    Incident.objects.create(union=tree.county, kind="safety", date=dt.date(2019, 4, 10), enterprise=firm, description="高处坠落")
    entry = comp.entries.get(worker=a)
    response = client.post(reverse("competitions:award_grant", args=[comp.pk]), {"entry": entry.pk, "title": "chief_worker", "awarded_on": "2019-05-01"}, follow=True)
    assert "One-vote veto" in response.content.decode()
    assert Award.objects.count() == 0
    page = client.get(reverse("competitions:detail", args=[comp.pk])).content.decode()
    assert 'id="participant-times">7<' in page
    figures = client.get(reverse("competitions:figures"), {"date_from": "2019-01-01", "date_to": "2019-12-31"}).content.decode()
    assert "开展劳动竞赛、技能比武1场次，参与职工7人次。" in figures
    client.force_login(people.other_officer)
    assert client.get(reverse("competitions:detail", args=[comp.pk])).status_code == 404
    assert client.post(reverse("competitions:entry_add", args=[comp.pk]), {"team_name": "x", "persons": 1}).status_code == 404
    assert comp.entries.count() == 3


@pytest.mark.parametrize("name", ["list", "create", "key_projects", "key_project_create", "incidents",
                                  "incident_create", "craftsman", "craftsman_create", "figures"])
def test_pages_render(client, people, name):
    client.force_login(people.officer)
    assert client.get(reverse(f"competitions:{name}")).status_code == 200


def test_the_same_entry_form_sent_twice_adds_one_entry(client, people, tree):
    """A resubmit of the entry form (same one-time submission key) adds nothing again."""
    import re

    client.force_login(people.officer)
    comp = Competition.objects.create(kind="skills", name="砌筑工技能大赛", union=tree.county,
                                      start_date=dt.date(2019, 4, 1),
                                      end_date=dt.date(2019, 4, 30))
    page = client.get(reverse("competitions:detail", args=[comp.pk])).content.decode()
    key = re.search(r'name="submission" value="([0-9a-f]{32})"', page).group(1)
    data = {"team_name": "砌筑三队", "persons": 5, "score": "80", "submission": key}
    client.post(reverse("competitions:entry_add", args=[comp.pk]), data)
    again = client.post(reverse("competitions:entry_add", args=[comp.pk]), data, follow=True)
    assert "This entry was already added" in again.content.decode()
    assert list(comp.entries.values_list("team_name", "persons")) == [("砌筑三队", 5)]
