"""Fixtures of the pairing tests: 杭州市总工会 (with 下城区总工会) paired with 恩施州总工会
(with 恩施市总工会), an outside county, users on each side, and an open hardship file in
恩施市."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from gonghui.accounts.models import Role
from gonghui.assistance import services as assistance
from gonghui.orgs.models import Union
from gonghui.pairing import services

from ..factories import UserFactory, add_union, make_id_number


@pytest.fixture
def pair(db):
    hz = add_union("杭州市总工会", level=Union.Level.CITY)
    xc = add_union("下城区总工会", hz)
    es = add_union("恩施州总工会", level=Union.Level.CITY)
    ess = add_union("恩施市总工会", es)
    other = add_union("长兴县总工会")
    hz, xc, es, ess, other = (Union.objects.get(pk=u.pk) for u in (hz, xc, es, ess, other))
    pairing = services.pairing_create(actor=None, giver=hz, receiver=es, kind="east_west",
                                      since=dt.date(2017, 1, 1))
    file = assistance.file_register(
        actor=None, union=ess, head_name="向春燕", head_id_number=make_id_number("422801"),
        primary_cause="illness", household_size=3, applied_on=dt.date(2019, 3, 20),
    )
    return SimpleNamespace(
        hz=hz, xc=xc, es=es, ess=ess, other=other, pairing=pairing, file=file,
        hz_officer=UserFactory(username="hz_officer", role=Role.OFFICER, union=hz),
        hz_leader=UserFactory(username="hz_leader", role=Role.LEADER, union=hz),
        xc_officer=UserFactory(username="xc_officer", role=Role.OFFICER, union=xc),
        es_officer=UserFactory(username="es_officer", role=Role.OFFICER, union=es),
        other_officer=UserFactory(username="other_officer", role=Role.OFFICER, union=other),
        admin=UserFactory(username="the_admin", role=Role.ADMIN, union=hz),
    )
