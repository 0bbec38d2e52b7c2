"""Events: figures with units (canonical units enforced), rounds, sums over a subtree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.events import services as svc
from gonghui.events.models import Event, EventFigure, SelectionRound
from gonghui.events.selectors import event_brief, event_figures

from ..factories import add_union

DAY = dt.date(2019, 3, 20)


def blood_drive(actor, union, date=DAY, **figures):
    return svc.event_create(
        actor=actor, union=union, kind=Event.Kind.BLOOD_DRIVE, name="我为祖国献热血", date=date,
        figures={k: v for k, v in figures.items()},
    )


def test_figures_summed_across_subtree_and_period(people, tree):
    fangtai = add_union("某厨具公司工会", tree.wukang, level="grassroots", kind="grassroots")
    blood_drive(
        people.officer, fangtai,
        donors=(242, "persons"), blood_volume=(80000, "mL"),
        stem_cell_registrations=(15, "persons"), thank_you_letters=(200, "letters"),
    )
    blood_drive(people.wukang_officer, tree.wukang, date=dt.date(2019, 6, 14),
                donors=(30, "persons"), blood_volume=("7500.5", "mL"), participants=(40, "persons"))
    blood_drive(people.officer, tree.county, date=dt.date(2018, 12, 31), donors=(99, "persons"))  # before
    blood_drive(people.other_officer, tree.other, donors=(500, "persons"), blood_volume=(1, "mL"))  # sibling
    svc.event_create(actor=people.officer, union=tree.xinshi, kind="culture", name="合唱比赛", date=DAY,
                     figures={"participants": (100, "persons")})

    f = event_figures(tree.county, date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    assert (f["events"], f["blood_drives"], f["culture_events"]) == (3, 2, 1)
    assert (f["blood_donors"], f["blood_volume_ml"], f["stem_cell_registrations"]) == (272, 87500.5, 15)
    assert (f["participants"], f["thank_you_letters"]) == (140, 200)
    assert f["union"] == "德清县总工会" and f["date_from"] == "2019-01-01"
    town = event_figures(tree.wukang)
    assert (town["events"], town["blood_donors"], town["blood_volume_ml"]) == (2, 272, 87500.5)
    assert event_figures(tree.xinshi)["blood_donors"] == 0
    assert event_brief(event_figures(fangtai)) == (
        "开展职工文化、献血等活动1场次，组织无偿献血242人、献血80000毫升，"
        "造血干细胞登记15人，送出感谢信200封。"
    )


def test_units_must_be_canonical_and_whole(people, tree):
    with pytest.raises(DomainError, match="Unit.*mL, not L"):
        blood_drive(people.officer, tree.county, blood_volume=(80, "L"))
    with pytest.raises(DomainError, match="whole"):
        blood_drive(people.officer, tree.county, donors=("2.5", "persons"))
    with pytest.raises(DomainError, match="not a number"):
        blood_drive(people.officer, tree.county, donors=("八十", "persons"))
    with pytest.raises(DomainError, match="Unknown metric"):
        blood_drive(people.officer, tree.county, smiles=(3, "persons"))
    with pytest.raises(DomainError, match="negative"):
        blood_drive(people.officer, tree.county, donors=(-1, "persons"))
    assert Event.objects.count() == 0 and EventFigure.objects.count() == 0

    event = blood_drive(people.officer, tree.county, donors=(10, "persons"))
    with pytest.raises(DomainError, match="Unit"):
        svc.event_set_figure(actor=people.officer, event=event, metric="thank_you_letters", value=5, unit="persons")
    figure = svc.event_set_figure(actor=people.officer, event=event, metric="blood_volume", value="2500")
    assert (figure.unit, figure.value_display) == ("mL", "2500")
    svc.event_set_figure(actor=people.officer, event=event, metric="donors", value=12)
    assert dict(event.figures.values_list("metric", "value")) == {"donors": Decimal(12), "blood_volume": Decimal(2500)}
    bad = EventFigure(event=event, metric="donors", value=Decimal(3), unit="mL")
    with pytest.raises(ValidationError) as err:
        bad.full_clean()
    assert "unit" in err.value.message_dict


def test_scope_and_roles(people, tree):
    event = blood_drive(people.officer, tree.county, donors=(10, "persons"))
    with pytest.raises(PermissionDenied):
        blood_drive(people.wukang_officer, tree.county)
    with pytest.raises(PermissionDenied):
        svc.event_set_figure(actor=people.other_officer, event=event, metric="donors", value=99)
    with pytest.raises(PermissionDenied):
        svc.event_set_figure(actor=people.leader, event=event, metric="donors", value=99)
    assert event.figures.get().value == 10 and Event.objects.count() == 1


def test_selection_rounds(people, tree):
    choir = svc.event_create(actor=people.officer, union=tree.county, kind="culture",
                             name="十万职工同唱一首歌合唱队选拔", date=DAY, place="夹浦镇")
    r1 = svc.round_add(actor=people.officer, event=choir, entrants=103, passed=40)
    r2 = svc.round_add(actor=people.officer, event=choir, entrants=40, passed=24)
    assert (r1.number, r2.number) == (1, 2)
    with pytest.raises(DomainError, match="more passed"):
        svc.round_add(actor=people.officer, event=choir, entrants=10, passed=11)
    with pytest.raises(DomainError, match="more entrants than the 24"):
        svc.round_add(actor=people.officer, event=choir, entrants=30, passed=20)
    with pytest.raises(DomainError, match="already recorded"):
        svc.round_add(actor=people.officer, event=choir, number=2, entrants=5, passed=5)
    assert list(SelectionRound.objects.values_list("number", "entrants", "passed")) == [(1, 103, 40), (2, 40, 24)]
    f = event_figures(tree.county)
    assert (f["selection_rounds"], f["selection_entrants"]) == (2, 103)
