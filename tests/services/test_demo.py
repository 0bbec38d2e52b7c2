"""load-demo end to end: the report gives the page's figures; running it again changes
nothing; --reset rebuilds. (The data itself is checked in test_demo_data.py.)"""

from __future__ import annotations

import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from gonghui.accounts.models import User
from gonghui.orgs.models import Enterprise, Region, ResponsibleUnit, Union, Worker
from gonghui.services.models import Campaign, Category, Item, ItemEvent, ServiceTeam, Visit

pytestmark = pytest.mark.django_db
SIX = ("enterprises_visited", "households_visited", "difficulty_person_times", "needs", "resolved", "escalated")
PAGE = (57, 29, 26, 11, 34, 3)
MODELS = (Union, Enterprise, Worker, User, Category, ResponsibleUnit, Campaign, ServiceTeam, Visit, Item, ItemEvent, Region)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def figures(*args) -> dict:
    out = StringIO()
    call_command("report", "services", "--union", "德清县总工会", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_report_on_the_demo_gives_the_page_figures():
    out = load()
    got = figures()
    assert tuple(got[k] for k in SIX) == PAGE
    assert (got["difficulties"], got["items"] - got["problems"]) == (26, 37)
    # The logins table: the nine demo users with their password.
    unions = {"dq": "德清县总工会", "wk": "武康街道总工会", "zj": "浙江省总工会"}
    for name in ("dq_officer", "dq_reviewer", "dq_leader", "dq_admin",
                 "wk_officer", "wk_reviewer", "wk_leader", "wk_admin", "zj_admin"):  # fmt: skip
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert line.split()[-1] == "gonghui2026"
        assert unions[name[:2]] in line
        request = RequestFactory().post("/login/")  # django-axes needs the request
        assert authenticate(request, username=name, password="gonghui2026") is not None
    assert "1593 read" in out


def test_second_run_changes_nothing_and_reset_rebuilds():
    load()
    first, ids = counts(), set(Item.objects.values_list("id", flat=True))
    out = load()
    assert "already there" in out
    assert counts() == first
    assert set(Item.objects.values_list("id", flat=True)) == ids
    assert tuple(figures()[k] for k in SIX) == PAGE
    out = load("--reset")
    assert "built" in out
    assert counts() == first
    assert not ids & set(Item.objects.values_list("id", flat=True))
    assert tuple(figures()[k] for k in SIX) == PAGE
