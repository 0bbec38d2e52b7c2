"""Pairing services and reads: scope, commitments, delegations with aid, the ledger, the
festival-gift share and the report figures on a known set."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.assistance.models import Aid
from gonghui.assistance.services import GoodsLine
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.core.reports import run_report
from gonghui.orgs.models import Worker
from gonghui.pairing import selectors, services
from gonghui.pairing.models import (
    Agreement,
    Commitment,
    Delegation,
    Pairing,
    PairingAid,
    PairingEvent,
    Purchase,
    Volunteer,
    Work,
)

D = Decimal
pytestmark = pytest.mark.django_db
DAY = dt.date(2019, 4, 16)


def delegation(pair, actor=None, **kw):
    return services.delegation_record(
        actor=actor, pairing=pair.pairing, title="杭州市工会帮扶志愿者代表团", leader="林志强",
        starts_on=DAY, ends_on=DAY + dt.timedelta(days=4), **kw,
    )


def test_pairing_visible_to_both_subtrees_only(pair):
    d = delegation(pair)
    services.volunteer_add(actor=None, delegation=d, from_union=pair.xc, name="周晓峰")
    agreement = services.agreement_add(actor=None, pairing=pair.pairing, title="协议",
                                       signed_on=DAY, parties="杭州、恩施", areas=["talent"])
    # Both paired unions' subtrees: 下城区 lies below 杭州市总工会 and takes part.
    for user in (pair.hz_officer, pair.es_officer, pair.xc_officer):
        assert list(Pairing.objects.visible_to(user)) == [pair.pairing]
        assert list(Delegation.objects.visible_to(user)) == [d]
        assert Volunteer.objects.visible_to(user).count() == 1
        assert list(Agreement.objects.visible_to(user)) == [agreement]
    # An unrelated county sees nothing.
    for user in (pair.other_officer,):
        assert not Pairing.objects.visible_to(user).exists()
        assert not Delegation.objects.visible_to(user).exists()
        assert not Volunteer.objects.visible_to(user).exists()
    with pytest.raises(PermissionDenied):
        services.agreement_add(actor=pair.other_officer, pairing=pair.pairing, title="x",
                               signed_on=DAY, parties="x")
    assert Agreement.objects.count() == 1


def test_pairing_rules(pair):
    with pytest.raises(Conflict):
        services.pairing_create(actor=None, giver=pair.hz, receiver=pair.es, kind="east_west",
                                since=DAY)
    with pytest.raises(DomainError, match="must differ"):
        services.pairing_create(actor=None, giver=pair.hz, receiver=pair.hz, kind="east_west",
                                since=DAY)
    with pytest.raises(PermissionDenied):  # an officer may not set up pairings
        services.pairing_create(actor=pair.hz_officer, giver=pair.xc, receiver=pair.other,
                                kind="mountain_sea", since=DAY)
    assert Pairing.objects.count() == 1


def test_commitment_tracked_to_done_and_overdue(pair):
    agreement = services.agreement_add(
        actor=pair.hz_officer, pairing=pair.pairing, title="战略合作框架协议书", signed_on=DAY,
        parties="杭州市总工会、恩施州总工会", areas=["worker_culture", "talent"],
    )
    assert agreement.area_list == ["worker_culture", "talent"]
    c1 = services.commitment_add(actor=pair.es_officer, agreement=agreement, area="talent",
                                 description="培训工会干部", due_on=dt.date(2019, 12, 31),
                                 target_value="100", target_unit="人次")
    c2 = services.commitment_add(actor=None, agreement=agreement, area="worker_culture",
                                 description="文艺交流", due_on=dt.date(2019, 6, 30))
    with pytest.raises(DomainError, match="Unit: required"):
        services.commitment_add(actor=None, agreement=agreement, area="talent",
                                description="x", due_on=DAY, target_value="3")
    today = dt.date(2019, 7, 1)
    qs = Commitment.objects.all()
    assert list(selectors.overdue_commitments(qs, today)) == [c2]
    c1 = services.commitment_transition(actor=pair.hz_officer, commitment=c1, action="start",
                                        version=1)
    assert c1.status == "in_progress"
    with pytest.raises(Conflict):  # stale version
        services.commitment_transition(actor=None, commitment=c1, action="complete", version=1,
                                       achieved_value="120")
    with pytest.raises(DomainError, match="Achieved: required"):
        services.commitment_transition(actor=None, commitment=c1, action="complete", version=2)
    c1.refresh_from_db()
    assert c1.status == "in_progress" and c1.done_on is None
    c1 = services.commitment_transition(actor=None, commitment=c1, action="complete",
                                        version=2, achieved_value="120",
                                        on=dt.date(2019, 11, 2))
    assert (c1.status, c1.achieved_value, c1.done_on) == ("done", D("120.00"),
                                                          dt.date(2019, 11, 2))
    with pytest.raises(InvalidTransition):
        services.commitment_transition(actor=None, commitment=c1, action="drop", version=3,
                                       note="x")
    with pytest.raises(PermissionDenied):
        services.commitment_transition(actor=pair.other_officer, commitment=c2, action="start",
                                       version=1)
    services.commitment_transition(actor=None, commitment=c2, action="drop", version=1,
                                   note="活动取消")
    assert list(selectors.overdue_commitments(qs, today)) == []
    actions = list(PairingEvent.objects.values_list("action", flat=True))
    assert actions.count("commitment_start") == 1 and "commitment_drop" in actions


def test_delegation_with_volunteers_activities_and_aid(pair):
    worker = Worker.objects.create(union=pair.xc, name="王丽")
    d = delegation(
        pair, pair.hz_officer, unions=[pair.hz],
        volunteers=[services.VolunteerSpec(from_union=pair.xc, worker=worker, role="团长"),
                    services.VolunteerSpec(from_union=pair.hz, name="张明")],
        activities=[services.ActivitySpec("symposium", DAY, "致富奔小康座谈会")],
    )
    assert d.days == 5
    assert {v.worker.name for v in d.volunteers.all()} == {"王丽", "张明"}
    assert set(d.unions.all()) == {pair.hz, pair.xc}
    with pytest.raises(DomainError, match="neither side"):
        services.volunteer_add(actor=None, delegation=d, from_union=pair.other, name="李四")
    with pytest.raises(DomainError, match="delegation's days"):
        services.activity_add(actor=None, delegation=d, kind="study_tour",
                              date=DAY + dt.timedelta(days=5), description="考察")
    goods = [GoodsLine("棉被", D("2"), "床", D("360")), GoodsLine("大米", D("2"), "袋", D("200")),
             GoodsLine("食用油", D("2"), "桶", D("150"))]
    aid = services.delegation_aid_record(actor=pair.hz_officer, delegation=d, file=pair.file,
                                         kind="condolence", date=DAY + dt.timedelta(days=2),
                                         goods=goods)
    assert (aid.union, aid.goods_value, aid.cash) == (pair.hz, D("710.00"), D("0.00"))
    assert aid.pairing_link.delegation == d and aid.created_by == pair.hz_officer
    # The aid is an assistance record visible to both sides.
    assert Aid.objects.visible_to(pair.es_officer).filter(pk=aid.pk).exists()
    # A file outside the assisted subtree is refused, and nothing is saved.
    other_file = pair.file.__class__.objects.create(
        union=pair.other, head_name="x", head_id_hash="h", primary_cause="illness",
        applied_on=DAY)
    with pytest.raises(DomainError, match="Hardship file"):
        services.delegation_aid_record(actor=pair.hz_officer, delegation=d, file=other_file,
                                       kind="living", date=DAY, cash="100")
    with pytest.raises(DomainError, match="Cash or goods"):  # the assistance rule applies
        services.delegation_aid_record(actor=pair.hz_officer, delegation=d, file=pair.file,
                                       kind="living", date=DAY)
    with pytest.raises(PermissionDenied):
        services.delegation_aid_record(actor=pair.hz_leader, delegation=d, file=pair.file,
                                       kind="living", date=DAY, cash="100")
    assert Aid.objects.count() == 1 and PairingAid.objects.count() == 1


def test_ledger_lines_with_sources(pair):
    d = delegation(pair)
    services.delegation_aid_record(actor=None, delegation=d, file=pair.file, kind="condolence",
                                   date=DAY, cash="500",
                                   goods=[GoodsLine("棉被", D("1"), "床", D("180"))])
    study = services.delegation_aid_record(
        actor=None, delegation=d, file=pair.file, kind="spring_education", date=DAY,
        cash="2000", student_name="田小禾", school="恩施市第一中学", grade="高一")
    services.work_record(actor=None, pairing=pair.pairing, line="base", name="恩施职工疗休养基地",
                         date=dt.date(2019, 5, 1))
    services.work_record(actor=None, pairing=pair.pairing, line="mechanism", name="三建三助机制",
                         date=dt.date(2019, 3, 1), document="杭工〔2019〕5号")
    services.work_record(actor=None, pairing=pair.pairing, line="training", name="工会干部培训班",
                         date=dt.date(2019, 9, 1), trainees=40, hours="24")
    services.work_record(actor=None, pairing=pair.pairing, line="training", name="第二期",
                         date=dt.date(2019, 10, 1), trainees=35, hours="16.5")
    services.work_record(actor=None, pairing=pair.pairing, line="base", name="去年基地",
                         date=dt.date(2018, 5, 1))
    with pytest.raises(DomainError, match="Document: required"):
        services.work_record(actor=None, pairing=pair.pairing, line="mechanism", name="x",
                             date=DAY)
    with pytest.raises(DomainError, match="Trainees and hours"):
        services.work_record(actor=None, pairing=pair.pairing, line="training", name="x",
                             date=DAY, trainees=3)
    lines = {line.key: line for line in selectors.ledger(pair.pairing, 2019)}
    assert lines["base"].figures == {"count": 1}
    assert [w.name for w in lines["base"].sources] == ["恩施职工疗休养基地"]
    assert lines["platform"].figures == {"count": 0}
    assert lines["mechanism"].sources[0].document == "杭工〔2019〕5号"
    assert lines["study_aid"].figures == {"records": 1, "persons": 1, "cash_cny": D("2000.00"),
                                          "goods_value_cny": D("0.00"),
                                          "total_cny": D("2000.00")}
    assert [link.aid for link in lines["study_aid"].sources] == [study]
    assert lines["hardship_aid"].figures["total_cny"] == D("680.00")
    assert lines["hardship_aid"].figures["persons"] == 1
    assert lines["training"].figures == {"sessions": 2, "trainees": 75, "hours": D("40.5")}
    assert Work.objects.count() == 5


def festival(pair, amount, assisted):
    product = services.product_add(actor=None, owner=pair.hz, name="富硒茶" if assisted else "月饼",
                                   unit="盒", price="100", pairing=pair.pairing if assisted else None)
    services.purchase_record(actor=None, union=pair.xc, product=product, date=dt.date(2019, 9, 1),
                             quantity="1", amount=amount, channel="festival_gifts")


@pytest.mark.parametrize(
    ("assisted", "met", "share"),
    [("2999.99", False, D("29.99")), ("3000.00", True, D("30.00")),
     ("3000.01", True, D("30.00")), ("0.01", False, D("0.00"))],
)
def test_festival_gift_share_at_and_around_target(pair, assisted, met, share):
    services.consumption_target_set(actor=pair.admin, year=2019, share="30")
    festival(pair, assisted, True)
    festival(pair, str(D("10000.00") - D(assisted)), False)
    result = selectors.festival_share(pair.hz, 2019)
    assert result.total == D("10000.00") and result.assisted == D(assisted)
    assert result.target == D("30.00") and result.met is met and result.share == share


def test_festival_share_rules(pair):
    with pytest.raises(PermissionDenied):
        services.consumption_target_set(actor=pair.hz_officer, year=2019, share="30")
    with pytest.raises(DomainError, match="at most 100"):
        services.consumption_target_set(actor=pair.admin, year=2019, share="100.01")
    assert selectors.festival_share(pair.hz, 2019).met is None  # no target, no purchases
    product = services.product_add(actor=None, owner=pair.hz, name="富硒米", unit="袋",
                                   price="45.50", pairing=pair.pairing)
    p = services.purchase_record(actor=pair.xc_officer, union=pair.xc, product=product,
                                 date=dt.date(2019, 5, 1), quantity="3", channel="canteen")
    assert p.amount == D("136.50")
    with pytest.raises(PermissionDenied):
        services.purchase_record(actor=pair.xc_officer, union=pair.other, product=product,
                                 date=dt.date(2019, 5, 1), quantity="3", channel="canteen")
    with pytest.raises(DomainError, match="Quantity"):
        services.purchase_record(actor=None, union=pair.xc, product=product,
                                 date=dt.date(2019, 5, 1), quantity="0", channel="canteen")
    assert Purchase.objects.count() == 1


def test_report_figures_on_known_set(pair):
    d = delegation(pair, volunteers=[services.VolunteerSpec(pair.hz, name=f"志愿者{i}")
                                     for i in range(3)])
    services.delegation_aid_record(actor=None, delegation=d, file=pair.file, kind="condolence",
                                   date=DAY, cash="500",
                                   goods=[GoodsLine("棉被", D("2"), "床", D("360"))])
    services.work_record(actor=None, pairing=pair.pairing, line="platform", name="电商平台",
                         date=DAY)
    services.consumption_target_set(actor=None, year=2019, share="30")
    festival(pair, "400", True)
    festival(pair, "600", False)
    figures = run_report("pairing", pair.hz, date_from=dt.date(2019, 1, 1),
                         date_to=dt.date(2019, 12, 31), today=dt.date(2019, 12, 31))
    expected = {"pairings": 1, "delegations": 1, "volunteers": 3, "aid_cash_cny": 500,
                "aid_goods_value_cny": 360, "hardship_aid_cny": 860, "study_aid_cny": 0,
                "platforms": 1, "purchases_cny": 400, "festival_gifts_cny": 1000,
                "festival_gift_share_pct": 40, "trips_sent": 0, "trips_received": 0}
    assert {k: figures[k] for k in expected} == expected
    # The assisted side sees the same pairing; an outside county nothing.
    es = run_report("pairing", pair.es, date_from=dt.date(2019, 1, 1))
    assert (es["pairings"], es["volunteers"], es["purchases_cny"]) == (1, 3, 0)
    other = run_report("pairing", pair.other)
    assert (other["pairings"], other["delegations"], other["aid_cash_cny"]) == (0, 0, 0)
    # A period before the delegation counts none of it.
    early = run_report("pairing", pair.hz, date_to=dt.date(2018, 12, 31))
    assert (early["delegations"], early["aid_goods_value_cny"]) == (0, 0)
    brief = selectors.pairing_brief(figures)
    assert "派出帮扶代表团1批、志愿者3人" in brief and "物资折价360元" in brief
