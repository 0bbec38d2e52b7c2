"""Competitions: ranking with ties, the one-vote veto on awards, scope, figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.competitions import services as svc
from gonghui.competitions.models import Award, Competition, Entry, Incident
from gonghui.competitions.selectors import competition_brief, competition_figures
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.orgs.models import Worker

from ..factories import EnterpriseFactory, WorkerFactory

D = Decimal
START, END = dt.date(2019, 3, 1), dt.date(2019, 11, 30)


def test_competition_ranks_standard_ties():
    assert svc.competition_ranks([D(90), D(90), D(85)]) == [1, 1, 3]
    assert svc.competition_ranks([D("85.5"), D(92), D(92), D(92), None, D(70)]) == [4, 1, 1, 1, None, 5]
    assert svc.competition_ranks([D("90.00"), D("90")]) == [1, 1]
    assert svc.competition_ranks([]) == []


@pytest.fixture
def comp(people, tree):
    return svc.competition_create(
        actor=people.officer,
        union=tree.county,
        kind=Competition.Kind.SKILLS,
        name="砌筑工技能大赛",
        start_date=START,
        end_date=END,
    )


@pytest.fixture
def firm(tree):
    return EnterpriseFactory(name="宁波某建设有限公司", union=tree.wukang)


def test_entries_ranked_on_add_and_rescore(people, tree, comp, firm):
    w = [WorkerFactory(name=n, union=tree.wukang, enterprise=firm) for n in ("甲", "乙", "丙", "丁")]
    e = [
        svc.entry_add(actor=people.officer, competition=comp, worker=w[0], score=D("88")),
        svc.entry_add(actor=people.officer, competition=comp, worker=w[1], score=D("95")),
        svc.entry_add(actor=people.officer, competition=comp, worker=w[2], score=D("88")),
        svc.entry_add(actor=people.officer, competition=comp, worker=w[3]),
    ]
    ranks = dict(Entry.objects.filter(competition=comp).values_list("worker__name", "rank"))
    assert ranks == {"甲": 2, "乙": 1, "丙": 2, "丁": None}
    assert e[0].enterprise == firm  # taken from the worker
    svc.entry_set_score(actor=people.officer, entry=e[3], score=D("99"))
    ranks = dict(Entry.objects.filter(competition=comp).values_list("worker__name", "rank"))
    assert ranks == {"甲": 3, "乙": 2, "丙": 3, "丁": 1}


def test_entry_needs_exactly_one_entrant(people, comp, tree):
    worker = WorkerFactory(union=tree.county)
    with pytest.raises(DomainError, match="either a worker or a team"):
        svc.entry_add(actor=people.officer, competition=comp)
    with pytest.raises(DomainError, match="either a worker or a team"):
        svc.entry_add(actor=people.officer, competition=comp, worker=worker, team_name="一队")
    with pytest.raises(DomainError, match="Score"):
        svc.entry_add(actor=people.officer, competition=comp, team_name="一队", score=D(-1))
    assert comp.entries.count() == 0


def test_award_barred_by_incident_in_period(people, tree, comp, firm):
    worker = WorkerFactory(name="赵焊工", union=tree.wukang, enterprise=firm)
    entry = svc.entry_add(actor=people.officer, competition=comp, worker=worker, score=D(97))
    # An incident of the enterprise before the period does not bar.
    svc.incident_record(
        actor=people.officer, union=tree.county, kind=Incident.Kind.SAFETY,
        date=dt.date(2019, 2, 28), enterprise=firm, description="脚手架坍塌",
    )
    award = svc.award_grant(actor=people.officer, entry=entry, title=Award.Title.CHIEF_WORKER)
    assert award.title == "chief_worker"
    # A quality incident of the enterprise inside the period bars any further award.
    svc.incident_record(
        actor=people.wukang_officer, union=tree.wukang, kind=Incident.Kind.QUALITY,
        date=dt.date(2019, 6, 1), enterprise=firm, description="钢筋焊接质量不合格",
    )
    with pytest.raises(DomainError, match="One-vote veto.*quality incident on 2019-06-01"):
        svc.award_grant(actor=people.officer, entry=entry, title=Award.Title.MAY_DAY_MEDAL)
    assert list(Award.objects.values_list("title", flat=True)) == ["chief_worker"]


def test_award_barred_by_own_incident_recorded_outside_actor_scope(people, tree, comp):
    """The veto counts an incident recorded by any union, even one the actor cannot see."""
    worker = WorkerFactory(name="钱师傅", union=tree.county)
    entry = svc.entry_add(actor=people.officer, competition=comp, worker=worker, score=D(90))
    Incident.objects.create(
        union=tree.other, kind=Incident.Kind.SAFETY, date=END, worker=worker, description="违章操作"
    )
    with pytest.raises(DomainError, match="One-vote veto"):
        svc.award_grant(actor=people.officer, entry=entry, title=Award.Title.TECHNICAL_EXPERT)
    assert Award.objects.count() == 0


def test_team_titles_and_individual_titles(people, comp, firm):
    team = svc.entry_add(actor=people.officer, competition=comp, team_name="钢筋班组", enterprise=firm, persons=12)
    with pytest.raises(DomainError, match="goes to a worker"):
        svc.award_grant(actor=people.officer, entry=team, title=Award.Title.CHIEF_WORKER)
    svc.award_grant(actor=people.officer, entry=team, title=Award.Title.PIONEER)
    with pytest.raises(DomainError, match="already holds"):
        svc.award_grant(actor=people.officer, entry=team, title=Award.Title.PIONEER)
    assert Award.objects.count() == 1


def test_scope_and_roles(people, tree, comp):
    with pytest.raises(PermissionDenied):
        svc.competition_create(
            actor=people.wukang_officer, union=tree.county, kind="labour", name="x",
            start_date=START, end_date=END,
        )
    with pytest.raises(PermissionDenied):
        svc.entry_add(actor=people.other_officer, competition=comp, team_name="外队")
    with pytest.raises(PermissionDenied):
        svc.entry_add(actor=people.leader, competition=comp, team_name="领导队")
    with pytest.raises(DomainError, match="End date"):
        svc.competition_create(
            actor=people.officer, union=tree.county, kind="labour", name="x",
            start_date=END, end_date=START,
        )
    assert Competition.objects.count() == 1 and comp.entries.count() == 0


def test_figures_subtree_period_and_brief(people, tree):
    officer = people.officer
    p1 = svc.key_project_create(actor=officer, union=tree.county, name="葛岙水库", owner="某水务公司")
    p2 = svc.key_project_create(actor=officer, union=tree.county, name="城市文化中心")
    umbrella = svc.competition_create(
        actor=officer, union=tree.county, kind="merit", name="2019重点工程立功竞赛",
        start_date=dt.date(2019, 1, 1), end_date=dt.date(2019, 12, 31), key_projects=[p1, p2],
    )
    contest = svc.competition_create(
        actor=officer, union=tree.wukang, kind="skills", name="电工比武",
        start_date=dt.date(2019, 5, 1), end_date=dt.date(2019, 5, 2), parent=umbrella, key_projects=[p1],
    )
    svc.competition_create(  # outside the period
        actor=officer, union=tree.county, kind="labour", name="2017竞赛",
        start_date=dt.date(2017, 1, 1), end_date=dt.date(2017, 12, 31),
    )
    other_county = svc.competition_create(  # a sibling subtree
        actor=people.other_officer, union=tree.other, kind="skills", name="长兴比武",
        start_date=dt.date(2019, 5, 1), end_date=dt.date(2019, 5, 1),
    )
    svc.entry_add(actor=people.other_officer, competition=other_county, team_name="外县队", persons=50)
    w = WorkerFactory(name="孙电工", union=tree.wukang)
    e = svc.entry_add(actor=officer, competition=contest, worker=w, score=D(99))
    svc.entry_add(actor=officer, competition=contest, team_name="电工一队", persons=6, score=D(80))
    svc.award_grant(actor=officer, entry=e, title="chief_worker", awarded_on=dt.date(2019, 6, 1))

    f = competition_figures(tree.county, date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    assert (f["competitions"], f["key_projects"], f["participant_times"], f["titles_awarded"]) == (2, 2, 7, 1)
    assert (f["merit_competitions"], f["skills_contests"], f["chief_workers"]) == (1, 1, 1)
    assert competition_brief(f) == "围绕2项重点工程，开展劳动竞赛、技能比武2场次，参与职工7人次，涌现首席工人1名。"
    town = competition_figures(tree.wukang)
    assert (town["competitions"], town["key_projects"], town["participant_times"]) == (1, 1, 7)
    everything = competition_figures(tree.county)
    assert everything["competitions"] == 3
    assert Worker.objects.get(pk=w.pk).title == ""  # awards do not rewrite the worker's title



def test_brief_leaves_out_zero_competitions_when_only_craftsman_visits():
    figures = {
        "key_projects": 0, "competitions": 0, "participant_times": 0, "chief_workers": 0,
        "titles_awarded": 0, "craftsman_visits": 1, "craftsman_attendees": 25,
    }  # fmt: skip
    assert competition_brief(figures) == "劳模工匠服务队上门服务1次、受益职工25人次。"
    figures["craftsman_visits"] = 0
    assert competition_brief(figures) == "开展劳动竞赛、技能比武0场次。"
