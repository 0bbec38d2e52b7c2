"""The competitions and events demo: the page's figures, idempotent, skips politely."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gonghui.competitions.models import Competition, Entry
from gonghui.competitions.selectors import competition_brief, competition_figures
from gonghui.events.demo import build_competitions_events_demo
from gonghui.events.models import Event
from gonghui.events.selectors import event_figures
from gonghui.orgs.models import Union
from gonghui.services import workflow
from gonghui.services.models import Item, Visit

from ..factories import (
    CategoryFactory,
    EnterpriseFactory,
    ResponsibleUnitFactory,
    UserFactory,
    add_union,
    make_uscc,
)


@pytest.fixture
def unions(db):
    zj = add_union("浙江省总工会", level="province")
    nb = add_union("宁波市总工会", zj, level="city")
    hz = add_union("湖州市总工会", zj, level="city")
    tz = add_union("台州市总工会", zj, level="city")
    return {
        "奉化": add_union("奉化区总工会", nb),
        "慈溪": add_union("慈溪市总工会", nb),
        "德清": add_union("德清县总工会", hz),
        "长兴": add_union("长兴县总工会", hz),
        "三门": add_union("三门县总工会", tz),
    }


def test_demo_figures_and_idempotent(unions):
    out = io.StringIO()
    build_competitions_events_demo(stdout=out)
    build_competitions_events_demo()
    fh = competition_figures(Union.objects.get(name="奉化区总工会"))
    assert (fh["key_projects"], fh["competitions"], fh["participant_times"], fh["chief_workers"]) == (63, 22, 2300, 2)
    assert competition_brief(fh).startswith("围绕63项重点工程，开展劳动竞赛、技能比武22场次，参与职工2300人次，涌现首席工人2名")
    sm = competition_figures(Union.objects.get(name="三门县总工会"))
    assert (sm["craftsman_visits"], sm["craftsman_sessions"]) == (1, 2)
    ft = event_figures(Union.objects.get(name="宁波方太厨具有限公司工会"))
    assert (ft["blood_donors"], ft["blood_volume_ml"], ft["stem_cell_registrations"], ft["thank_you_letters"]) == (242, 80000, 15, 200)
    assert event_figures(Union.objects.get(name="长兴县总工会"))["selection_entrants"] == 106
    assert event_figures(Union.objects.get(name="宁波市总工会"))["blood_donors"] == 242
    assert event_figures(Union.objects.get(name="湖州市总工会"))["blood_donors"] == 0
    assert Competition.objects.count() == 22 and Entry.objects.count() == 2300 and Event.objects.count() == 2
    assert "created union 夹浦镇总工会 under 长兴县总工会" in out.getvalue()
    # ranks in the demo follow the standard competition ranking
    first = Entry.objects.filter(competition__name="奉化区首届砌筑工技能大赛").order_by("rank", "id")
    assert first[0].rank == 1 and first[0].worker.name in {"俞砌华", "邬建平"}


def test_demo_records_deqing_training_visit_and_leaves_items_alone(unions):
    deqing = Union.objects.get(name="德清县总工会")
    firm = EnterpriseFactory(name="浙江远大钢构实业有限公司", uscc=make_uscc(region="330521"), union=deqing)
    officer = UserFactory(role="officer", union=deqing)
    reviewer = UserFactory(role="reviewer", union=deqing)
    visit = Visit.objects.create(union=deqing, date=dt.date(2019, 3, 5), target_type="enterprise", enterprise=firm)
    item = workflow.item_register(actor=officer, union=deqing, kind="need", category=CategoryFactory(),
                                  subject="电焊等工艺缺少系统培训", visit=visit)
    item = workflow.item_accept(item=item, actor=reviewer, version=item.version)
    unit = ResponsibleUnitFactory(owner=deqing)
    item = workflow.item_assign(item=item, actor=reviewer, version=item.version, unit=unit, working_days=10)
    workflow.item_start(item=item, actor=officer, version=item.version)
    build_competitions_events_demo()
    item = Item.objects.get(pk=item.pk)
    # The page's visit only agrees the training; the demo must not change 德清's figures.
    assert item.status == "in_progress"
    training = Visit.objects.get(enterprise=firm, team__kind="craftsman")
    assert training.date == dt.date(2026, 3, 26)
    assert [(s.topic, s.attendees) for s in training.craftsman_services.all()] == [
        ("skills_training", 25)
    ]


def test_demo_skips_missing_unions(db):
    out = io.StringIO()
    build_competitions_events_demo(stdout=out)
    assert "skipped 奉化" in out.getvalue() and Competition.objects.count() == 0
