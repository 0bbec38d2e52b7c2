"""Hardship files: severity, the status machine, one open file per ID, aid totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from gonghui.assistance import selectors, services
from gonghui.assistance.models import Aid, FileEvent, HardshipFile
from gonghui.assistance.services import AlreadyFiled, GoodsLine
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied

from ..factories import make_id_number
from .conftest import LINE, register

S = HardshipFile.Status
D = Decimal


@pytest.mark.parametrize(
    ("per_capita", "expected"),
    [
        ("0.00", "deep"),
        ("999.99", "deep"),
        ("1000.00", "relative"),
        ("1000.01", "relative"),
        ("1999.99", "relative"),
        ("2000.00", ""),
        ("2000.01", ""),
    ],
)
def test_severity_around_both_thresholds(per_capita, expected):
    assert services.severity_for(D(per_capita), LINE) == expected


def test_severity_without_a_line_is_none():
    assert services.severity_for(D("10.00"), None) == ""


def test_per_capita_income_deducts_unavoidable_expenses_and_rounds_half_up():
    assert services.per_capita_monthly_income(
        yearly_income=D("48000"), medical_expenses=D("12000"), education_expenses=D("0"),
        household_size=3,
    ) == D("1000.00")
    # 10000 / 12 / 3 = 277.777... -> 277.78
    assert services.per_capita_monthly_income(
        yearly_income=D("10000"), medical_expenses=D("0"), education_expenses=D("0"),
        household_size=3,
    ) == D("277.78")
    # expenses above income: zero, never negative
    assert services.per_capita_monthly_income(
        yearly_income=D("30000"), medical_expenses=D("50000"), education_expenses=D("4000"),
        household_size=3,
    ) == D("0.00")


@pytest.mark.parametrize(
    ("yearly", "size", "pc", "severity"),
    [
        ("23999.76", 2, "999.99", "deep"),
        ("24000", 2, "1000.00", "relative"),
        ("47999.76", 2, "1999.99", "relative"),
        ("48000", 2, "2000.00", ""),
    ],
)
def test_registered_file_gets_line_of_town_from_county_and_severity(
    regions, people, tree, yearly, size, pc, severity
):
    f = register(people.wukang_officer, tree.wukang, yearly=yearly, size=size)
    assert f.status == S.APPLIED
    assert f.subsistence_line == LINE
    assert f.per_capita_income == D(pc)
    assert f.severity == severity


def test_admit_refused_at_twice_the_line_unless_sudden(regions, people, tree):
    f = register(people.wukang_officer, tree.wukang, yearly="48000", size=2)
    with pytest.raises(DomainError, match="not below twice"):
        services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version)
    f.refresh_from_db()
    assert (f.status, f.version) == (S.APPLIED, 1)
    with pytest.raises(DomainError, match="Reason"):
        services.file_mark_sudden(file=f, actor=people.wukang_officer, version=1, reason=" ")
    f = services.file_mark_sudden(
        file=f, actor=people.wukang_officer, version=1, reason="房屋火灾, 财产全部损失"
    )
    assert (f.severity, f.sudden_reason) == ("sudden", "房屋火灾, 财产全部损失")
    f = services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version,
                            on=dt.date(2024, 3, 5))
    assert (f.status, f.severity, f.filed_on) == (S.IN_FILE, "sudden", dt.date(2024, 3, 5))
    # a sudden decision stands at review with high income
    f = services.file_review(file=f, actor=people.wukang_officer, version=f.version,
                             yearly_income="90000", reviewed_on=dt.date(2025, 3, 1))
    assert f.severity == "sudden"


def _admitted(people, tree, **kw):
    f = register(people.wukang_officer, tree.wukang, **kw)
    return services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version,
                               on=dt.date(2024, 3, 10))


@pytest.mark.parametrize(
    ("func", "target"),
    [
        (services.file_lift, S.LIFTED),
        (services.file_exit, S.EXITED),
        (services.file_to_safety_net, S.SAFETY_NET),
    ],
)
def test_closing_transitions_write_an_event(regions, people, tree, func, target):
    f = _admitted(people, tree)
    f = func(file=f, actor=people.wukang_reviewer, version=f.version, on=dt.date(2025, 1, 2),
             note="收入稳定")
    assert (f.status, f.closed_on, f.version) == (target, dt.date(2025, 1, 2), 3)
    events = list(FileEvent.objects.filter(file=f).values_list("action", "from_status",
                                                                "to_status"))
    assert events[0] == ("register", "", "applied")
    assert events[1] == ("admit", "applied", "in_file")
    assert events[2][1:] == ("in_file", target)
    assert FileEvent.objects.filter(file=f).last().note == "收入稳定"


@pytest.mark.parametrize("reason", ["moved", "retired", "deceased", "reassessed"])
def test_cancel_needs_one_of_the_reasons(regions, people, tree, reason):
    f = _admitted(people, tree)
    with pytest.raises(DomainError):
        services.file_cancel(file=f, actor=people.wukang_reviewer, version=f.version, reason="")
    f = services.file_cancel(file=f, actor=people.wukang_reviewer, version=f.version,
                             reason=reason)
    assert (f.status, f.cancel_reason) == (S.CANCELLED, reason)


def test_cancel_an_application(regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    f = services.file_cancel(file=f, actor=people.wukang_reviewer, version=1, reason="moved")
    assert f.status == S.CANCELLED


@pytest.mark.parametrize("close", [services.file_lift, services.file_exit])
def test_relapse_reopens_the_same_file(regions, people, tree, close):
    f = _admitted(people, tree)
    f = close(file=f, actor=people.wukang_reviewer, version=f.version, on=dt.date(2025, 1, 1))
    f = services.file_relapse(file=f, actor=people.wukang_reviewer, version=f.version,
                              on=dt.date(2025, 6, 1), note="再次患病")
    assert (f.status, f.closed_on, f.last_reviewed_on) == (S.IN_FILE, None, dt.date(2025, 6, 1))
    assert HardshipFile.objects.count() == 1
    assert FileEvent.objects.filter(file=f, action="relapse").get().from_status == close(
        file=f, actor=people.wukang_reviewer, version=f.version
    ).status


def test_illegal_transitions_leave_the_file_unchanged(regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    refused = [
        (services.file_lift, {}), (services.file_exit, {}), (services.file_to_safety_net, {}),
        (services.file_relapse, {}), (services.file_review, {}),
    ]
    for func, kw in refused:
        with pytest.raises(InvalidTransition):
            func(file=f, actor=people.wukang_reviewer, version=1, **kw)
    f = services.file_admit(file=f, actor=people.wukang_reviewer, version=1)
    f = services.file_to_safety_net(file=f, actor=people.wukang_reviewer, version=f.version)
    for func, kw in [(services.file_relapse, {}), (services.file_admit, {}),
                     (services.file_cancel, {"reason": "moved"}), (services.file_lift, {})]:
        with pytest.raises(InvalidTransition):
            func(file=f, actor=people.wukang_reviewer, version=f.version, **kw)
    f.refresh_from_db()
    assert (f.status, f.version) == (S.SAFETY_NET, 3)
    assert FileEvent.objects.filter(file=f).count() == 3


def test_role_scope_and_version_are_checked(regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    with pytest.raises(PermissionDenied):  # officer may not admit
        services.file_admit(file=f, actor=people.wukang_officer, version=1)
    with pytest.raises(PermissionDenied):  # other town
        services.file_admit(file=f, actor=people.xinshi_officer, version=1)
    with pytest.raises(Conflict):
        services.file_admit(file=f, actor=people.wukang_reviewer, version=7)
    with pytest.raises(PermissionDenied):
        register(people.xinshi_officer, tree.wukang)
    f.refresh_from_db()
    assert (f.status, f.version) == (S.APPLIED, 1)
    assert FileEvent.objects.filter(file=f).count() == 1
    # the county reviewer sees the town's file
    assert services.file_admit(file=f, actor=people.reviewer, version=1).status == S.IN_FILE


def test_one_open_file_per_id_number_across_scopes(regions, people, tree):
    number = make_id_number(birth="19780512")
    mine = register(people.wukang_officer, tree.wukang, id_number=number, head_name="林秀英")
    with pytest.raises(AlreadyFiled) as err:
        register(people.xinshi_officer, tree.xinshi, id_number=number)
    message = str(err.value)
    assert "another union" in message
    for secret in ("武康", str(mine.pk), "林秀英", number, number[-4:]):
        assert secret not in message
    assert err.value.file_id is None
    # the same union is told which of its files
    with pytest.raises(AlreadyFiled) as err:
        register(people.wukang_officer, tree.wukang, id_number=" " + number.lower() + " ")
    assert err.value.file_id == mine.pk
    # a member of an open file counts too
    member_no = make_id_number(birth="20100301")
    services.member_add(file=mine, actor=people.wukang_officer, name="林小雨", relation="child",
                        id_number=member_no, health="先天性脑积水")
    with pytest.raises(AlreadyFiled):
        register(people.xinshi_officer, tree.xinshi, id_number=member_no)
    assert HardshipFile.objects.count() == 1
    mine.refresh_from_db()
    # after exit, another union may file the person; relapse of the old file is then refused
    mine = services.file_admit(file=mine, actor=people.wukang_reviewer, version=mine.version)
    mine = services.file_exit(file=mine, actor=people.wukang_reviewer, version=mine.version)
    theirs = register(people.xinshi_officer, tree.xinshi, id_number=number)
    with pytest.raises(AlreadyFiled) as err:
        services.file_relapse(file=mine, actor=people.wukang_reviewer, version=mine.version)
    assert "另" in str(err.value) or "another union" in str(err.value)
    mine.refresh_from_db()
    assert mine.status == S.EXITED
    assert theirs.status == S.APPLIED


def test_database_refuses_a_second_open_file_for_one_hash(regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    clone = HardshipFile(union=tree.xinshi, head_name="x", head_id_number=f.head_id_number,
                         head_id_hash=f.head_id_hash, primary_cause="illness",
                         applied_on=dt.date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_sensitive_fields_are_encrypted_at_rest(regions, people, tree):
    number = make_id_number(birth="19850707")
    f = register(people.wukang_officer, tree.wukang, id_number=number, head_phone="13812345678",
                 bank_card="6222 0212 3456 7890", health="乳腺癌术后")
    with connection.cursor() as cur:
        cur.execute("SELECT head_id_number, head_phone, bank_card, health, head_id_hash "
                    "FROM assistance_hardshipfile WHERE id = %s", [f.pk])
        row = cur.fetchone()
    raw = " ".join(row)
    for plain in (number, "13812345678", "6222021234567890", "乳腺癌", number[-6:]):
        assert plain not in raw
    assert len(row[4]) == 64
    f = HardshipFile.objects.get(pk=f.pk)
    assert (f.head_id_number, f.head_phone, f.bank_card) == (number, "13812345678",
                                                            "6222021234567890")
    assert f.head_id_masked == number[:6] + "********" + number[-4:]
    assert f.head_phone_masked == "138****5678"
    assert f.bank_card_masked == "6222 **** **** 7890"


def test_bad_input_names_the_field_and_saves_nothing(regions, people, tree):
    good = make_id_number(birth="19800101")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    cases = [
        ({"id_number": bad}, "Identity number"),
        ({"yearly": "-5"}, "yearly income"),
        ({"primary_cause": "laziness"}, "Primary cause"),
        ({"secondary_causes": ["illness", "disability", "disaster", "accident", "other"]},
         "at most three"),
        ({"head_name": " "}, "Head of household"),
    ]
    for kw, fragment in cases:
        with pytest.raises(DomainError, match=fragment):
            register(people.wukang_officer, tree.wukang, **kw)
    assert HardshipFile.objects.count() == 0
    assert FileEvent.objects.count() == 0


def test_review_due_and_attention_list(regions, people, tree):
    reviewed = _admitted(people, tree)
    reviewed = services.file_review(file=reviewed, actor=people.wukang_officer,
                                    version=reviewed.version, reviewed_on=dt.date(2025, 5, 1))
    services.aid_record(actor=people.wukang_officer, file=reviewed, union=tree.wukang,
                        kind="living", date=dt.date(2025, 5, 1), cash="500")
    stale = _admitted(people, tree)  # filed 2024-03-10, never reviewed
    services.aid_record(actor=people.wukang_officer, file=stale, union=tree.wukang,
                        kind="living", date=dt.date(2024, 5, 1), cash="500")
    never_aided = _admitted(people, tree)
    never_aided = services.file_review(file=never_aided, actor=people.wukang_officer,
                                       version=never_aided.version,
                                       reviewed_on=dt.date(2025, 5, 1))
    assert reviewed.review_due_on == dt.date(2026, 5, 1)
    assert stale.review_due_on == dt.date(2025, 3, 10)
    today = dt.date(2025, 6, 1)
    got = set(selectors.files_needing_attention(people.wukang_officer, today=today)
              .values_list("pk", flat=True))
    assert got == {stale.pk, never_aided.pk}
    assert set(selectors.file_list(people.wukang_officer, overdue=True, today=today)
               .values_list("pk", flat=True)) == {stale.pk}
    assert list(selectors.files_needing_attention(people.xinshi_officer, today=today)) == []


def test_aid_rules(regions, people, tree):
    f = _admitted(people, tree)
    with pytest.raises(DomainError, match="Student"):
        services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang,
                            kind="spring_education", date=dt.date(2024, 8, 20), cash="2000")
    with pytest.raises(DomainError, match="Cash or goods"):
        services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang,
                            kind="living", date=dt.date(2024, 8, 20))
    with pytest.raises(DomainError, match="Date: before 2000-01-01; check the year."):
        services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang,
                            kind="living", date=dt.date(1990, 1, 1), cash="100")
    with pytest.raises(PermissionDenied):
        services.aid_record(actor=people.xinshi_officer, file=f, union=tree.xinshi,
                            kind="living", date=dt.date(2024, 8, 20), cash="100")
    with pytest.raises(PermissionDenied):
        services.aid_record(actor=people.leader, file=f, union=tree.county,
                            kind="living", date=dt.date(2024, 8, 20), cash="100")
    assert Aid.objects.count() == 0
    aid = services.aid_record(
        actor=people.wukang_officer, file=f, union=tree.wukang, kind="condolence",
        date=dt.date(2024, 2, 1), cash="500",
        goods=[GoodsLine("棉被", D("2"), "床", D("400")), GoodsLine("大米", D("1"), "袋", D("60")),
               GoodsLine("食用油", D("2"), "桶", D("140"))],
        delegation="杭州市工会帮扶志愿者代表团",
    )
    assert (aid.cash, aid.goods_value, aid.total_value) == (D("500.00"), D("600.00"),
                                                          D("1100.00"))
    assert list(aid.goods.values_list("name", flat=True)) == ["棉被", "大米", "食用油"]


def test_aid_totals_by_kind_period_file_and_subtree(regions, people, tree):
    a = _admitted(people, tree)
    b = register(people.xinshi_officer, tree.xinshi)
    b = services.file_admit(file=b, actor=people.reviewer, version=b.version)
    rec = services.aid_record
    rec(actor=people.wukang_officer, file=a, union=tree.wukang, kind="living",
        date=dt.date(2024, 1, 15), cash="1000")
    rec(actor=people.wukang_officer, file=a, union=tree.wukang, kind="medical",
        date=dt.date(2024, 6, 1), cash="5000.50")
    rec(actor=people.wukang_officer, file=a, union=tree.wukang, kind="spring_education",
        date=dt.date(2024, 8, 25), cash="3000", student_name="林小雨", school="德清县第一中学",
        grade="高一")
    rec(actor=people.officer, file=b, union=tree.county, kind="condolence",
        date=dt.date(2024, 2, 1), cash="200", goods=[GoodsLine("大米", D("2"), "袋", D("120"))])
    rec(actor=people.xinshi_officer, file=b, union=tree.xinshi, kind="living",
        date=dt.date(2025, 1, 10), cash="800")

    assert selectors.aid_for_file(a) == {"count": 3, "cash": D("9000.50"), "goods": D("0.00"),
                                         "total": D("9000.50")}
    year = selectors.aid_in_subtree(tree.county, date_from=dt.date(2024, 1, 1),
                                    date_to=dt.date(2024, 12, 31))
    assert selectors.aid_totals(year)["total"] == D("9320.50")
    by_kind = selectors.aid_totals_by_kind(year)
    assert {k: v["total"] for k, v in by_kind.items()} == {
        "living": D("1000.00"), "medical": D("5000.50"), "spring_education": D("3000.00"),
        "condolence": D("320.00"),
    }
    xinshi = selectors.aid_totals(selectors.aid_in_subtree(tree.xinshi))
    assert (xinshi["count"], xinshi["total"]) == (2, D("1120.00"))
    figures = selectors.assistance_figures(tree.county, date_from=dt.date(2024, 1, 1),
                                           date_to=dt.date(2024, 12, 31),
                                           today=dt.date(2024, 12, 31))
    assert figures["aid_count"] == 4
    assert figures["aid_total_cny"] == "9320.50"
    assert figures["files_by_status"] == {"in_file": 2}
    assert figures["files_by_severity"] == {"relative": 2}
    assert figures["aid_by_kind"]["condolence"] == {"count": 1, "total_cny": "320.00"}
    import json
    json.dumps(figures)
    # the list annotates totals per file without one query per row
    rows = {r.pk: r.aid_total for r in selectors.file_list(people.officer)}
    assert rows == {a.pk: D("9000.50"), b.pk: D("1120.00")}
    # scope: the wukang officer sees only wukang's files; the other county nothing
    assert [r.pk for r in selectors.file_list(people.wukang_officer)] == [a.pk]
    assert list(selectors.file_list(people.other_officer)) == []
    assert list(selectors.file_list(people.officer, cause="education")) == []
