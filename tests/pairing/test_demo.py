"""The pairing demo from the seed page, through load-demo: the delegation of 22 volunteers
from 10 industry and 15 district unions with the goods given, the shop and e-commerce
centre, the 镇海–龙游 agreement on four areas and trips both ways; idempotent; the
services figures of 德清县 unchanged."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.orgs.models import Union
from gonghui.pairing.demo import build_pairing_demo
from gonghui.pairing.models import Agreement, Delegation, Outlet, Pairing, PairingAid, Purchase
from gonghui.recuperation.models import Participant, Trip

pytestmark = pytest.mark.django_db


def report(module: str, union: str) -> dict:
    out = StringIO()
    call_command("report", module, "--union", union, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_demo_tells_the_page_story_once():
    call_command("load_demo", stdout=StringIO())
    services = report("services", "德清县总工会")
    assert tuple(services[k] for k in ("enterprises_visited", "households_visited",
                                       "difficulty_person_times", "needs", "resolved",
                                       "escalated")) == (57, 29, 26, 11, 34, 3)
    d = Delegation.objects.get(title="杭州市工会帮扶志愿者代表团走进恩施")
    assert d.days == 5 and d.volunteers.count() == 22
    kinds = sorted(d.unions.values_list("kind", flat=True))
    assert kinds.count("industry") == 10 and kinds.count("federation") == 15
    hz = Union.objects.get(name="杭州市总工会")
    assert all(u.path.startswith(hz.path) for u in d.unions.all())
    goods = sorted(g.name for link in PairingAid.objects.filter(delegation=d)
                   for g in link.aid.goods.all())
    assert goods == ["大米", "大米", "棉被", "棉被", "食用油", "食用油"]
    assert set(Outlet.objects.values_list("status", flat=True)) == {"planned", "open"}
    figures = report("pairing", "杭州市总工会")
    assert (figures["pairings"], figures["delegations"], figures["volunteers"]) == (1, 1, 22)
    assert (figures["aid_cash_cny"], figures["aid_goods_value_cny"]) == (0, 1420)
    # Festival gifts: 江干 200 x 128 + 下城 100 x 128 assisted, 400 x 88 ordinary.
    assert figures["purchases_cny"] == 200 * 128 + 300 * 59 + 150 * 96 + 100 * 128
    assert figures["festival_gift_share_pct"] == 52.17  # 38400 / 73600, rounded down
    ms = Pairing.objects.get(kind="mountain_sea")
    agreement = Agreement.objects.get(pairing=ms, title="战略合作框架协议书")
    assert agreement.area_list == ["worker_culture", "talent", "recuperation", "resources"]
    zh = report("pairing", "镇海区总工会")
    assert (zh["trips_sent"], zh["workers_sent"], zh["trips_received"],
            zh["workers_received"]) == (2, 8, 1, 4)
    before = (Delegation.objects.count(), Purchase.objects.count(), Trip.objects.count(),
              Participant.objects.count(), PairingAid.objects.count(), Union.objects.count())
    call_command("load_demo", stdout=StringIO())
    after = (Delegation.objects.count(), Purchase.objects.count(), Trip.objects.count(),
             Participant.objects.count(), PairingAid.objects.count(), Union.objects.count())
    assert after == before


def test_demo_skips_without_the_unions():
    out = StringIO()
    assert build_pairing_demo(stdout=out)["pairings"] == 0
    assert "not found" in out.getvalue()
