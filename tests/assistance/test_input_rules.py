"""The rules a fresh-eyes test found missing: date bounds, monthly against yearly income,
phone numbers, who may open the edit pages, and the importer agreeing with the web forms."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gonghui.assistance import importing, services
from gonghui.assistance.models import Aid, HardshipFile
from gonghui.core.errors import DomainError
from gonghui.orgs.validators import mask_phone, validate_phone

from ..factories import make_id_number
from .conftest import register
from .test_import import TODAY, aid_ledger, imp, ledger, row

D = Decimal


def form_data(tree, **kw):
    data = {"union": tree.wukang.pk, "head_name": "覃月华", "head_id_number": make_id_number(n=7),
            "household_size": 2, "primary_cause": "illness", "monthly_income": "1000",
            "medical_expenses": "0", "education_expenses": "0", "applied_on": "2024-05-01"}
    return data | kw


def field_errors(response, name) -> list[str]:
    assert response.status_code == 400
    return list(response.context["form"].errors.get(name, []))


# ------------------------------------------------------------------ 2. date bounds

@pytest.mark.parametrize(("day", "error"), [
    ("2099-01-01", "lies in the future."),
    ("1990-01-01", "before 2000-01-01; check the year."),
])
def test_a_new_file_dated_in_the_future_or_before_2000_is_refused(
        client, regions, people, tree, day, error):
    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:file_create"), form_data(tree, applied_on=day))
    assert field_errors(r, "applied_on") == [error]
    assert not HardshipFile.objects.exists()
    with pytest.raises(DomainError, match=f"Applied on: {re.escape(error)}"):
        register(people.wukang_officer, tree.wukang, applied_on=dt.date.fromisoformat(day))


def test_an_annual_review_in_the_future_or_before_2000_changes_nothing(
        client, regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    f = services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version,
                            on=dt.date(2024, 3, 10))
    before = (f.version, f.last_reviewed_on, f.severity, f.subsistence_line)
    for day, error in ((dt.date(2099, 1, 1), "Date: lies in the future."),
                       (dt.date(1990, 1, 1), "Date: before 2000-01-01; check the year.")):
        with pytest.raises(DomainError, match=re.escape(error)):
            services.file_review(file=f, actor=people.wukang_reviewer, version=f.version,
                                 reviewed_on=day)
    client.force_login(people.wukang_reviewer)
    r = client.post(reverse("assistance:file_action", args=[f.pk, "review"]),
                    {"version": f.version, "reviewed_on": "2099-01-01"}, follow=True)
    assert "Date: lies in the future." in [str(m) for m in r.context["messages"]]
    f.refresh_from_db()
    assert (f.version, f.last_reviewed_on, f.severity, f.subsistence_line) == before
    assert before[3] == D("1000.00")


def test_the_importer_uses_the_same_date_bounds(regions):
    report = imp(ledger([row(n=1, 建档日期="2099-01-01"), row(n=2, 建档日期="1990.1.1"),
                         row(n=3, 建档日期="2019-04-01")]), today=TODAY)
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (2, "K", "the date 2099-01-01 lies in the future."),
        (3, "K", "the date 1990-01-01 before 2000-01-01; check the year."),
    ]
    assert report.valid == 1


def test_the_aid_form_marks_a_date_before_2000_on_the_field(client, regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:aid_create", args=[f.pk]),
                    {"union": tree.wukang.pk, "kind": "living", "date": "1990-01-01",
                     "cash": "100"})
    assert field_errors(r, "date") == ["before 2000-01-01; check the year."]
    assert not Aid.objects.exists()


# ------------------------------------------------------------------ 3. incomes

@pytest.mark.parametrize(("monthly", "yearly", "twelve"), [
    ("3000", "1", "36000.00"),
    ("3000", "17999.99", "36000.00"),
    ("3000", "18000", None),  # exactly half agrees
    ("3000", "72000", None),  # exactly double agrees
    ("3000", "72000.01", "36000.00"),
    ("0", "5000", None),  # no regular monthly income: the yearly stands
    ("3000", None, None),
])
def test_income_disagreement(monthly, yearly, twelve):
    got = services.income_disagreement(D(monthly), None if yearly is None else D(yearly))
    assert got == (None if twelve is None else D(twelve))


def test_a_yearly_income_far_from_twelve_months_is_refused_on_its_field(
        client, regions, people, tree):
    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:file_create"),
                    form_data(tree, monthly_income="3000", yearly_income="1"))
    assert field_errors(r, "yearly_income") == [
        "does not agree with the monthly income: 12 × the monthly income is 36000.00 CNY, "
        "and the yearly income must lie between half and double that."]
    assert not HardshipFile.objects.exists()
    with pytest.raises(DomainError, match="Household yearly income: does not agree"):
        register(people.wukang_officer, tree.wukang, monthly_income=D("3000"), yearly="1")
    f = register(people.wukang_officer, tree.wukang, monthly_income=D("1000"), yearly="11000")
    assert f.yearly_income == D("11000.00")


def test_the_importer_refuses_disagreeing_incomes_by_row_and_column(regions):
    report = imp(ledger([row(n=1, 家庭月收入=3000, 家庭年收入=1),
                         row(n=2, 家庭月收入=3000, 家庭年收入=30000)]))
    assert [(p.row, p.column, p.header) for p in report.problems] == [(2, "I", "家庭年收入")]
    assert "36000.00" in report.problems[0].reason
    assert report.valid == 1


# ------------------------------------------------------------------ 4. phones

@pytest.mark.parametrize(("value", "expected"), [
    ("13812345678", "13812345678"),
    ("0572-8012345", "0572-8012345"),
    ("+86 138 1234 5678", "+8613812345678"),
    ("(0572) 801-2345", "(0572)801-2345"),
    ("１３８１２３４５６７８", "13812345678"),
    ("", ""),
])
def test_validate_phone_accepts_phone_numbers(value, expected):
    assert validate_phone(value) == expected


@pytest.mark.parametrize("value", ["abc<script>", "138123", "1" * 21, "138+12345678", "١٢٣٤٥٦٧٨"])
def test_validate_phone_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


def test_a_phone_that_is_not_one_is_refused_by_form_service_and_importer(
        client, regions, people, tree):
    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:file_create"), form_data(tree, head_phone="abc<script>"))
    assert field_errors(r, "head_phone") == [
        "Enter a phone number: 7 to 20 digits, with an optional leading +, spaces, hyphens "
        "or parentheses."]
    with pytest.raises(DomainError, match="Phone: Enter a phone number"):
        register(people.wukang_officer, tree.wukang, head_phone="abc<script>")
    report = imp(ledger([row(n=1, 联系电话="abc<script>")]))
    assert [(p.row, p.column) for p in report.problems] == [(2, "C")]
    assert not HardshipFile.objects.exists()
    f = register(people.wukang_officer, tree.wukang, head_phone="0572-8012345")
    assert (f.head_phone, f.head_phone_masked) == ("0572-8012345", "057****2345")


def test_the_phone_mask_keeps_the_case():
    assert mask_phone("abc12345678") == "abc****5678"


# ------------------------------------------------------------------ 5. edit page

def test_roles_that_may_not_edit_get_no_link_and_a_403(client, regions, people, tree):
    f = register(people.wukang_officer, tree.wukang, address="武康街道英溪南路 8 号",
                 employer="德清某厂")
    edit = reverse("assistance:file_edit", args=[f.pk])
    for user in (people.leader, people.admin):
        client.force_login(user)
        detail = client.get(reverse("assistance:file_detail", args=[f.pk])).content.decode()
        assert edit not in detail
        assert "武康街道英溪南路 8 号" in detail
        for url in (edit, reverse("assistance:aid_create", args=[f.pk]),
                    reverse("assistance:file_create")):
            r = client.get(url)
            assert r.status_code == 403
            assert "Your role or your union's scope does not allow" in r.content.decode()
        assert client.post(edit, {"head_name": "改"}).status_code == 403
        list_page = client.get(reverse("assistance:file_list")).content.decode()
        assert reverse("assistance:file_create") not in list_page
    f.refresh_from_db()
    assert f.head_name == "林秀英"


def test_the_edit_form_is_styled_like_the_others_and_saves_the_address(
        client, regions, people, tree):
    f = register(people.wukang_officer, tree.wukang)
    client.force_login(people.wukang_officer)
    page = client.get(reverse("assistance:file_edit", args=[f.pk])).content.decode()
    assert re.search(r'<input type="text" name="head_name"[^>]*class="form-control"', page)
    assert re.search(r'<select name="primary_cause" class="form-select"', page)
    assert re.search(r'name="head_phone"[^>]*class="form-control"', page) or re.search(
        r'class="form-control"[^>]*name="head_phone"', page)
    data = {"version": f.version, "head_name": "林秀英", "household_size": 2,
            "primary_cause": "illness", "monthly_income": "2000", "medical_expenses": "0",
            "education_expenses": "0", "address": "新市镇 12 号"}
    r = client.post(reverse("assistance:file_edit", args=[f.pk]), data)
    assert r.status_code == 302
    detail = client.get(reverse("assistance:file_detail", args=[f.pk])).content.decode()
    assert "新市镇 12 号" in detail


# ------------------------------------------------------------------ 6. import vs form

def test_every_kind_label_of_the_web_form_is_accepted_by_the_importer():
    with translation.override("zh-hans"):
        for value, label in Aid.Kind.choices:
            assert importing.parse_aid_kind(str(label)) == value, str(label)
    assert importing.parse_aid_kind("送温暖慰问") == "condolence"


def _filed(people, tree, n=50):
    number = make_id_number(n=n)
    imp(ledger([row(身份证号码=number)]))
    return number


def aid_row(number, kind="慰问", **cells):
    values = {"goods": None, "qty": None, "unit": None, "value": None, "student": None,
              "school": None, "grade": None} | cells
    return ["林秀英", number, kind, "2024.2.1", "500", values["goods"], values["qty"],
            values["unit"], values["value"], values["student"], values["school"],
            values["grade"], "武康街道总工会"]


@pytest.mark.parametrize(("qty", "reason"), [
    (-2, "must be more than zero"),
    ("-2", "must be more than zero"),
    (0, "must be more than zero"),
    (None, "required when goods are named"),
])
def test_a_goods_quantity_gets_the_right_error(regions, people, tree, qty, reason):
    number = _filed(people, tree)
    report = importing.import_aid(
        aid_ledger([aid_row(number, goods="棉被", qty=qty, unit="床", value=400)]),
        actor=None, today=TODAY)
    assert [(p.row, p.column, p.reason) for p in report.problems] == [(3, "G", reason)]


def test_education_aid_needs_student_school_and_grade_in_form_and_import(
        client, regions, people, tree):
    number = _filed(people, tree)
    f = HardshipFile.objects.get()
    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:aid_create", args=[f.pk]),
                    {"union": tree.wukang.pk, "kind": "spring_education", "date": "2024-08-20",
                     "cash": "2000", "student_name": "林小雨"})
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert (errors.get("school"), errors.get("grade"), errors.get("student_name")) == (
        ["required for education aid"], ["required for education aid"], None)
    report = importing.import_aid(
        aid_ledger([aid_row(number, "春风助学", student="林小雨")]), actor=None, today=TODAY)
    assert [(p.column, p.reason) for p in report.problems] == [
        ("K", "required for education aid"), ("L", "required for education aid")]
    assert not Aid.objects.exists()


def test_aid_to_an_applied_file_is_accepted_by_form_and_import_alike(
        client, regions, people, tree):
    number = make_id_number(n=60)
    f = register(people.wukang_officer, tree.wukang, id_number=number)
    assert f.status == "applied" and "applied" in services.AID_FILE_STATUSES
    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:aid_create", args=[f.pk]),
                    {"union": tree.wukang.pk, "kind": "living", "date": "2024-08-20",
                     "cash": "300"})
    assert r.status_code == 302
    report = importing.import_aid(aid_ledger([aid_row(number)]), actor=people.wukang_officer,
                                  today=TODAY)
    assert (report.problems, report.created) == ([], 1)
    f.refresh_from_db()
    services.file_cancel(file=f, actor=people.wukang_reviewer, version=f.version,
                         reason="moved")
    report = importing.import_aid(aid_ledger([aid_row(number, kind="医疗救助")]),
                                  actor=people.wukang_officer, today=TODAY)
    assert [p.column for p in report.problems] == ["B"]
    with pytest.raises(DomainError, match="only for an open file"):
        services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang,
                            kind="living", date=dt.date(2024, 8, 21), cash="100")
    assert Aid.objects.count() == 2
