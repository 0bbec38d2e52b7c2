"""Pairing pages: reachable, scoped (guessed ids answer 404), a delegation recorded with
volunteers, activity and aid through the pages; the figures page; Chinese pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.assistance.models import Aid
from gonghui.pairing import services
from gonghui.pairing.models import Activity, Delegation, Volunteer

pytestmark = pytest.mark.django_db


def test_record_delegation_through_pages(client, pair):
    client.force_login(pair.hz_officer)
    assert "杭州市总工会" in client.get(reverse("pairing:list")).content.decode()
    response = client.post(reverse("pairing:delegation_create", args=[pair.pairing.pk]), {
        "title": "帮扶志愿者代表团", "leader": "林志强", "starts_on": "2019-04-15",
        "ends_on": "2019-04-19"})
    d = Delegation.objects.get()
    assert response["Location"] == reverse("pairing:delegation", args=[d.pk])
    client.post(reverse("pairing:volunteer_add", args=[d.pk]),
                {"name": "周晓峰", "from_union": pair.xc.pk, "role": "志愿者"})
    client.post(reverse("pairing:activity_add", args=[d.pk]),
                {"kind": "symposium", "date": "2019-04-15", "description": "座谈会"})
    client.post(reverse("pairing:aid_add", args=[d.pk]), {
        "file": pair.file.pk, "kind": "condolence", "date": "2019-04-17",
        "goods_name_0": "棉被", "goods_quantity_0": "2", "goods_unit_0": "床",
        "goods_value_0": "360", "goods_name_1": "大米", "goods_quantity_1": "2",
        "goods_unit_1": "袋", "goods_value_1": "200"})
    page = client.get(reverse("pairing:delegation", args=[d.pk])).content.decode()
    assert "周晓峰" in page and "座谈会" in page and "560.00" in page
    assert Volunteer.objects.get().worker.union == pair.xc
    assert Aid.objects.get().goods_value == 560
    # A bad date is refused with the field named, nothing saved.
    response = client.post(reverse("pairing:activity_add", args=[d.pk]),
                           {"kind": "study_tour", "date": "2019-05-01", "description": "x"},
                           follow=True)
    assert "Date: must be one of the delegation&#x27;s days" in response.content.decode()
    assert Activity.objects.count() == 1
    # The assisted side and a union below the giver see it; an outside county gets 404.
    for user in (pair.es_officer, pair.xc_officer):
        client.force_login(user)
        assert client.get(reverse("pairing:delegation", args=[d.pk])).status_code == 200
        assert client.get(reverse("pairing:detail", args=[pair.pairing.pk])).status_code == 200
    for user in (pair.other_officer,):
        client.force_login(user)
        assert client.get(reverse("pairing:detail", args=[pair.pairing.pk])).status_code == 404
        assert client.get(reverse("pairing:delegation", args=[d.pk])).status_code == 404
        assert client.post(reverse("pairing:volunteer_add", args=[d.pk]),
                           {"name": "x", "from_union": pair.other.pk}).status_code == 404
        assert "杭州市总工会" not in client.get(reverse("pairing:list")).content.decode()
    assert Volunteer.objects.count() == 1


def test_pages_render_in_both_languages(client, pair):
    agreement = services.agreement_add(actor=None, pairing=pair.pairing, title="框架协议",
                                       signed_on=dt.date(2019, 7, 1), parties="两地",
                                       areas=["talent", "recuperation"])
    services.commitment_add(actor=None, agreement=agreement, area="talent", description="培训",
                            due_on=dt.date(2019, 12, 31))
    pair.hz_officer.language = "zh-hans"
    pair.hz_officer.save()
    client.force_login(pair.hz_officer)
    for name, args in (("pairing:list", []), ("pairing:detail", [pair.pairing.pk]),
                       ("pairing:consumption", []), ("pairing:figures", []),
                       ("recuperation:list", []), ("recuperation:create", [])):
        response = client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, name
    page = client.get(reverse("pairing:detail", args=[pair.pairing.pk])).content.decode()
    assert "框架协议" in page and "培训" in page
    assert "“三建三助”台账" in page and "协议与事项" in page and "人才队伍、疗休养" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("pairing:list") in dashboard and reverse("recuperation:list") in dashboard
