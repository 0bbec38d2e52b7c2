"""A delegation's reported headcount (volunteer_count): recorded on the delegation form,
shown and changed on its page, and counted in the figures as the larger of it and the
named volunteers, per delegation, in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.reports import run_report
from gonghui.pairing import selectors, services
from gonghui.pairing.models import Delegation

pytestmark = pytest.mark.django_db
DAY = dt.date(2019, 4, 15)


def delegation(pair, title, named, count, day=DAY):
    return services.delegation_record(
        actor=None, pairing=pair.pairing, title=title, leader="林志远", starts_on=day,
        ends_on=day + dt.timedelta(days=4), volunteer_count=count,
        volunteers=[services.VolunteerSpec(pair.xc, name=f"{title}志愿者{i}")
                    for i in range(named)])


def test_volunteers_count_the_larger_of_named_and_headcount(pair, django_assert_num_queries):
    delegation(pair, "代表团甲", 3, 22)  # 22 reported, 3 named -> 22
    delegation(pair, "代表团乙", 5, None)  # none reported, 5 named -> 5
    delegation(pair, "代表团丙", 4, 2)  # fewer reported than named -> 4
    delegation(pair, "代表团丁", 0, 7, day=dt.date(2018, 6, 1))  # only reported, 2018 -> 7
    with django_assert_num_queries(1):
        assert selectors.volunteer_total(Delegation.objects.all()) == 38
    figures = run_report("pairing", pair.hz, date_from=dt.date(2019, 1, 1),
                         date_to=dt.date(2019, 12, 31))
    assert (figures["delegations"], figures["volunteers"]) == (3, 31)
    assert "派出帮扶代表团3批、志愿者31人" in selectors.pairing_brief(figures)
    assert run_report("pairing", pair.es)["volunteers"] == 38
    assert selectors.volunteer_total(Delegation.objects.none()) == 0
    with pytest.raises(DomainError, match="Volunteers \\(headcount\\): must not be negative"):
        delegation(pair, "代表团戊", 0, -1)
    assert Delegation.objects.count() == 4


def test_headcount_on_the_delegation_pages(client, pair):
    client.force_login(pair.hz_officer)
    form = client.get(reverse("pairing:delegation_create", args=[pair.pairing.pk]))
    assert "Volunteers (headcount)" in form.content.decode()
    response = client.post(reverse("pairing:delegation_create", args=[pair.pairing.pk]), {
        "title": "杭州市工会帮扶志愿者代表团", "leader": "林志远", "starts_on": "2019-04-15",
        "ends_on": "2019-04-19", "volunteer_count": "-3"})
    assert response.status_code == 200 and Delegation.objects.count() == 0
    assert "Volunteers (headcount): Ensure this value is greater than or equal to 0." in \
        response.content.decode()
    response = client.post(reverse("pairing:delegation_create", args=[pair.pairing.pk]), {
        "title": "杭州市工会帮扶志愿者代表团", "leader": "林志远", "starts_on": "2019-04-15",
        "ends_on": "2019-04-19", "volunteer_count": "22"})
    d = Delegation.objects.get()
    assert d.volunteer_count == 22
    page = client.get(response["Location"]).content.decode()
    assert '<dd class="col-sm-10" id="headcount">22' in page
    url = reverse("pairing:headcount_set", args=[d.pk])
    response = client.post(url, {"volunteer_count": "x"}, follow=True)
    assert "Volunteers (headcount): Enter a whole number." in response.content.decode()
    d.refresh_from_db()
    assert d.volunteer_count == 22
    client.post(url, {"volunteer_count": "25"})
    d.refresh_from_db()
    assert d.volunteer_count == 25
    client.post(url, {"volunteer_count": ""})
    d.refresh_from_db()
    assert d.volunteer_count is None
    # Outside the pairing's scope: 404, nothing changed.
    client.force_login(pair.other_officer)
    assert client.post(url, {"volunteer_count": "99"}).status_code == 404
    d.refresh_from_db()
    assert d.volunteer_count is None


def test_headcount_in_chinese(client, pair):
    pair.hz_officer.language = "zh-hans"
    pair.hz_officer.save()
    client.force_login(pair.hz_officer)
    page = client.get(reverse("pairing:delegation_create", args=[pair.pairing.pk])).content
    assert "志愿者人数" in page.decode()
