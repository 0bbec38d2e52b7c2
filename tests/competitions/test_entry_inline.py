"""A refused entry or award re-renders the competition page with the errors on the form
and the input kept."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gonghui.competitions import services as svc


def test_refused_entry_keeps_the_input(client, people, tree):
    comp = svc.competition_create(actor=people.officer, union=tree.county, kind="skills",
                                  name="砌筑工技能大赛", start_date=dt.date(2026, 4, 1),
                                  end_date=dt.date(2026, 4, 30))
    client.force_login(people.officer)
    response = client.post(reverse("competitions:entry_add", args=[comp.pk]),
                           {"team_name": "", "persons": "3", "score": "88.5"})
    assert response.status_code == 200
    form = response.context["entry_form"]
    assert form.errors["team_name"] == ["Give either a worker or a team name, not both and not neither."]
    html = response.content.decode()
    assert 'value="88.5"' in html and 'value="3"' in html
    assert "Give either a worker or a team name" in html
    assert comp.entries.count() == 0
