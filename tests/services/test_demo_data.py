"""The demo data: the seed page's unions on real regions, well-formed codes, the campaign's
teams and zones, fictional people, timelines, open work, and figures over a period."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from django.test import override_settings
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.orgs.models import Enterprise, Region, ResponsibleUnit, Union, Worker
from gonghui.orgs.validators import validate_union_uscc, validate_uscc
from gonghui.services.models import Campaign, Category, Item, ItemEvent, ServiceTeam, Visit
from gonghui.services.selectors import overdue_q
from gonghui.services.workdays import add_working_days

pytestmark = pytest.mark.django_db
SIX = ("enterprises_visited", "households_visited", "difficulty_person_times", "needs", "resolved", "escalated")
PAGE = (57, 29, 26, 11, 34, 3)
MODELS = (Union, Enterprise, Worker, User, Category, ResponsibleUnit, Campaign, ServiceTeam, Visit, Item, ItemEvent, Region)
SHANGHAI = ZoneInfo("Asia/Shanghai")


FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]
JUNE_15 = dt.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)


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


@pytest.fixture(scope="module", autouse=True)
def june_demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, on Monday 15 June 2026, 10:00 in Shanghai,
    inside an outer transaction rolled back at the end (as Django's setUpTestData does);
    each test runs in a savepoint within it and only reads."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST), time_machine.travel(JUNE_15, tick=False):
                load()
            yield JUNE_15.date()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_unions_on_the_real_region_tree():
    u = {x.name: x for x in Union.objects.select_related("region")}
    assert Union.objects.get_parent(u["德清县总工会"]) == u["湖州市总工会"]
    assert Union.objects.get_parent(u["湖州市总工会"]) == u["浙江省总工会"]
    assert u["德清县总工会"].region.code == "330521"
    assert Union.objects.get_parent(u["恩施州总工会"]) == u["湖北省总工会"]
    assert u["恩施州总工会"].region.name == "恩施土家族苗族自治州"
    assert (u["浙江省教育工会"].kind, u["浙江省教育工会"].level) == ("industry", "province")
    # The 2019 page's 下城区 and 江干区 unions sit on the regions that absorbed them in 2021.
    assert (u["下城区总工会"].region.name, u["江干区总工会"].region.name) == ("拱墅区", "上城区")
    assert u["夹浦镇总工会"].region.code == "330522103"
    for city, county in [("宁波市总工会", "镇海区总工会"), ("宁波市总工会", "奉化区总工会"),
                         ("宁波市总工会", "象山县总工会"), ("衢州市总工会", "龙游县总工会"),
                         ("湖州市总工会", "长兴县总工会"), ("台州市总工会", "三门县总工会"),
                         ("杭州市总工会", "淳安县总工会")]:  # fmt: skip
        assert Union.objects.get_parent(u[county]) == u[city]
        assert u[county].region.parent == u[city].region
    # 德清: a union for every real town and street, and the high-tech zone's.
    towns = Region.objects.filter(parent__code="330521")
    assert towns.count() == 13
    children = Union.objects.get_children(u["德清县总工会"])
    assert {c.region_id for c in children if c.name != "德清县高新区总工会"} == {t.id for t in towns}
    assert children.count() == 14 and all(c.level == "town" for c in children)
    # The subtree is one prefix query.
    assert u["德清县总工会"].subtree().filter(level="grassroots").count() == 5


def test_codes_are_well_formed():
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert len(codes) == 65 == len(set(codes))
    for code in codes:
        assert validate_uscc(code) == code
    named = dict(Enterprise.objects.values_list("name", "uscc"))
    for name, region in [("浙江远大钢构实业有限公司", "330521"), ("宁波方太厨具有限公司", "330282"),
                         ("杭州大厦有限公司", "330105"), ("台州奇艺环保设备科技有限公司", "331022"),
                         ("长兴新城环保有限公司", "330522"), ("宁波康达电子有限公司", "330225")]:  # fmt: skip
        assert named[name][:8] == "91" + region
    assert named["浙江杭天信律师事务所"].startswith("31")
    grassroots = Union.objects.filter(kind__in=["grassroots", "joint"])
    assert grassroots.count() == 11
    for union in grassroots:
        assert validate_union_uscc(union.uscc) == union.uscc


def test_campaign_and_six_teams_cover_deqing():
    campaign = Campaign.objects.get(name="暖心聚力助增长")
    assert (campaign.union.name, campaign.start_date) == ("德清县总工会", dt.date(2026, 1, 5))
    teams = list(campaign.teams.prefetch_related("zone_regions", "zone_unions", "members"))
    assert len(teams) == 6
    regions = [r.code for t in teams for r in t.zone_regions.all() if r.level == "town"]
    assert sorted(regions) == sorted(Region.objects.filter(parent__code="330521").values_list("code", flat=True))
    zone_unions = [z.name for t in teams for z in t.zone_unions.all()]
    assert len(zone_unions) == 14 == len(set(zone_unions)) and "德清县高新区总工会" in zone_unions
    assert all(t.leader and t.members.count() == 2 for t in teams)
    # Every visit of the campaign is by one of its teams, to a target in the team's zone.
    for visit in Visit.objects.filter(campaign=campaign).select_related("team", "enterprise", "worker"):
        target_union = (visit.enterprise or visit.worker or visit.target_union)
        union = getattr(target_union, "union", target_union)
        zone_paths = [z.path for z in visit.team.zone_unions.all()]
        assert any(union.path.startswith(p) for p in zone_paths), visit


def test_people_are_fictional_and_not_identified():
    page_names = {"阙亲花", "章宇", "季绍根", "夏亚林", "黄炜", "张忠元", "喻朝晖", "边建伟", "仆民武",
                  "姚长进", "王伟", "丁斌", "张团结", "奚圣来", "郭煜祺", "赵祖地", "小周"}  # fmt: skip
    workers = Worker.objects.all()
    # 35 of the main demo, 5 experts of the competitions demo (2 奉化 chief workers,
    # 2 三门 welding experts, 1 德清 training-centre teacher), 22 volunteers of the 杭州
    # delegation and 12 workers on the 镇海–龙游 recuperation trips (pairing demo).
    assert workers.count() == 74
    assert not page_names & set(workers.values_list("name", flat=True))
    assert not page_names & set(User.objects.values_list("display_name", flat=True))
    assert not workers.exclude(id_number="").exists() and not workers.exclude(phone="").exists()
    assert User.objects.filter(username__startswith="dq_team").count() == 6
    assert not any(u.has_usable_password() for u in User.objects.filter(username__startswith="dq_team"))
    assert dict(User.objects.filter(username__in=["dq_leader", "wk_reviewer"]).values_list("username", "role")) == {
        "dq_leader": "leader", "wk_reviewer": "reviewer"}  # fmt: skip


def test_dates_are_relative_to_today(june_demo):
    today = june_demo
    visits = Visit.objects.filter(union__name="德清县总工会")
    months = set(visits.values_list("date__month", flat=True))
    assert months == {1, 2, 3, 4, 5, 6}
    assert visits.earliest("date").date >= dt.date(2026, 1, 5)
    assert Visit.objects.latest("date").date < today
    now = timezone.now()
    assert not ItemEvent.objects.filter(at__gt=now).exists()


def test_every_item_has_a_real_timeline(june_demo):
    for item in Item.objects.prefetch_related("events"):
        events = list(item.events.all())
        assert events[0].action == "register" and events[0].to_status == "registered"
        assert events[-1].to_status == item.status
        for a, b in zip(events, events[1:], strict=False):
            assert a.at <= b.at and (b.action == "supervise" or b.from_status == a.to_status)
        assert events[0].at.astimezone(SHANGHAI).date() >= item.found_on
        # Evidence (attach) and supervision are timeline rows that leave the version as is.
        assert item.version == 1 + sum(
            e.action not in ("register", "supervise", "attach") for e in events)
        if item.status == "closed":  # close-out needs evidence: a file or a statement
            assert item.attachments.exists() or item.evidence_statement
        if item.closed_at:
            assert item.closed_at == next(e.at for e in events if e.action == "close")


def test_open_work_for_the_demo_users(june_demo):
    today = june_demo
    items = Item.objects.filter(union__path__startswith=Union.objects.get(name="德清县总工会").path)
    problems = items.filter(kind="problem")
    by_status = dict(problems.values_list("status").annotate(n=Count("id")))
    assert by_status == {"registered": 2, "accepted": 2, "consulting": 1, "assigned": 3,
                         "in_progress": 3, "rejected": 1, "merged": 1}  # fmt: skip
    assert not problems.exclude(outcome="").exists()
    overdue = problems.filter(overdue_q(today))
    assert overdue.count() == 2
    assert all(i.events.filter(action="supervise").exists() for i in overdue)
    soon = add_working_days(today, 3).date
    assert problems.filter(status__in=["assigned", "in_progress"], deadline__gte=today, deadline__lte=soon).count() == 2
    assert problems.get(status="merged").merged_into.status == "accepted"
    # 武康街道's own users have items to review and to work on.
    wk_reviewer = User.objects.get(username="wk_reviewer")
    visible = Item.objects.visible_to(wk_reviewer)
    assert visible.filter(status="registered", union__name="武康街道总工会").count() == 1
    assert visible.filter(responsible_unit__union__name="武康街道总工会").count() == 3
    # The 37 counted items are all resolved or escalated, most closed out.
    counted = items.exclude(kind="problem")
    assert dict(counted.values_list("status").annotate(n=Count("id"))) == {"closed": 31, "resolved": 5, "escalated": 1}
    assert set(counted.filter(kind="need").values_list("category__name", flat=True)) == {"民生服务", "精神文化"}


def test_period_figures_on_a_known_day(june_demo):
    f = figures("--from", "2026-03-01", "--to", "2026-04-30")
    # 41 visits of the campaign plus the training centre's visit to 远大钢构 on 26 March
    # (an enterprise already visited, so still 23 enterprises).
    assert (f["visits"], f["enterprises_visited"], f["households_visited"], f["model_workers_visited"]) == (42, 23, 15, 3)
    assert (f["items"], f["difficulty_person_times"], f["needs"], f["resolved"], f["escalated"]) == (20, 15, 5, 19, 1)
    # The same counted straight from the rows.
    window = Visit.objects.filter(union__path__startswith=Union.objects.get(name="德清县总工会").path,
                                  date__range=(dt.date(2026, 3, 1), dt.date(2026, 4, 30)))  # fmt: skip
    assert window.count() == 42
    assert window.filter(target_type="enterprise").values("enterprise").distinct().count() == 23
    found = Item.objects.filter(found_on__range=(dt.date(2026, 3, 1), dt.date(2026, 4, 30)))
    assert found.filter(kind="difficulty").aggregate(n=Sum("persons_affected"))["n"] == 15
    assert found.filter(outcome="resolved").count() == 19
    # Whole period on that day: the page's figures, and two overdue problems.
    with time_machine.travel(JUNE_15, tick=False):
        f = figures()
    assert tuple(f[k] for k in SIX) == PAGE and f["overdue"] == 2
    # Two halves add up (items are counted once, by the day they were found).
    a = figures("--to", "2026-03-31")
    b = figures("--from", "2026-04-01")
    for key in ("visits", "difficulty_person_times", "needs", "resolved", "escalated", "problems"):
        assert a[key] + b[key] == f[key], key
