"""Pages and privacy: masking everywhere, logged reveals and exports, scope by URL."""

from __future__ import annotations

import datetime as dt
import io
import logging
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.assistance import services
from gonghui.assistance.models import Aid, HardshipFile, SensitiveAccessLog

from ..factories import make_id_number
from .conftest import register
from .test_import import ledger, row

PHONE = "13912345678"
CARD = "6222021234567890"
HEALTH = "先天性脑积水"


@pytest.fixture
def household(regions, people, tree):
    number = make_id_number(birth="19860214")
    f = register(people.wukang_officer, tree.wukang, id_number=number, head_phone=PHONE,
                 bank_card=CARD, health="乳腺结节", head_name="覃月华")
    member_no = make_id_number(birth="20150609")
    services.member_add(file=f, actor=people.wukang_officer, name="覃小蕾", relation="child",
                        id_number=member_no, health=HEALTH)
    f.refresh_from_db()
    services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang,
                        kind="condolence", date=dt.date(2024, 3, 2), cash="500",
                        goods=[services.GoodsLine("棉被", Decimal(2), "床", Decimal(400))])
    f.refresh_from_db()
    return f, number, member_no


def secrets_absent(text: str, *values: str) -> None:
    for value in values:
        assert value not in text, f"{value[:3]}… leaked"


def test_list_detail_and_export_are_masked(client, household, people):
    f, number, member_no = household
    client.force_login(people.wukang_officer)
    page = client.get(reverse("assistance:file_list")).content.decode()
    assert "覃月华" in page and f.head_id_masked in page
    secrets_absent(page, number, member_no, PHONE, CARD)
    detail = client.get(reverse("assistance:file_detail", args=[f.pk])).content.decode()
    assert "覃小蕾" in detail and "138" not in detail and "139****5678" in detail
    assert "6222 **** **** 7890" in detail and "棉被" in detail
    secrets_absent(detail, number, member_no, PHONE, CARD, HEALTH, "乳腺结节")
    assert "Reveal" not in detail and "显示" not in detail  # officer: no reveal button

    response = client.get(reverse("assistance:file_export") + "?status=applied")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = " ".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
    secrets_absent(cells, number, PHONE, CARD)
    assert f.head_id_masked in cells and "139****5678" in cells
    assert "wukang_officer" in str(ws["A1"].value) and dt.date.today().isoformat() in str(
        ws["A1"].value)
    entry = SensitiveAccessLog.objects.get(action="export")
    assert (entry.user, entry.detail["rows"], entry.detail["filters"]) == (
        people.wukang_officer, 1, {"status": "applied"})


def test_reveal_is_for_permitted_roles_with_a_reason_and_logged(client, household, people):
    f, number, member_no = household
    url = reverse("assistance:reveal", args=[f.pk])
    client.force_login(people.wukang_officer)
    r = client.post(url, {"field": "head_id_number", "reason": "核对"})
    assert r.status_code == 403
    secrets_absent(r.content.decode(), number)
    client.force_login(people.xinshi_officer)  # other town: the file does not exist
    assert client.post(url, {"field": "head_id_number", "reason": "x"}).status_code == 404
    client.force_login(people.wukang_reviewer)
    r = client.post(url, {"field": "head_id_number", "reason": ""})
    assert r.status_code == 403
    secrets_absent(r.content.decode(), number)
    assert SensitiveAccessLog.objects.count() == 0
    detail = client.get(reverse("assistance:file_detail", args=[f.pk])).content.decode()
    secrets_absent(detail, number)
    r = client.post(url, {"field": "head_id_number", "reason": "办理医疗救助需核对身份"})
    assert r.status_code == 200 and number in r.content.decode()
    assert "no-store" in r["Cache-Control"]
    member = f.members.get()
    r = client.post(url, {"field": "id_number", "member": member.pk, "reason": "助学申报"})
    assert member_no in r.content.decode()
    logs = list(SensitiveAccessLog.objects.order_by("id").values_list(
        "user__username", "action", "record_type", "record_id", "field", "reason"))
    assert logs == [
        ("wukang_reviewer", "reveal", "HardshipFile", f.pk, "head_id_number",
         "办理医疗救助需核对身份"),
        ("wukang_reviewer", "reveal", "HouseholdMember", member.pk, "id_number", "助学申报"),
    ]
    # the leader may reveal too
    client.force_login(people.leader)
    r = client.post(url, {"field": "head_phone", "reason": "联系户主"})
    assert PHONE in r.content.decode()


def test_no_sensitive_value_in_logs(caplog, client, regions, people, tree):
    caplog.set_level(logging.DEBUG)
    number = make_id_number(birth="19770707")
    f = register(people.wukang_officer, tree.wukang, id_number=number, head_phone=PHONE)
    f = services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version)
    services.reveal_sensitive(actor=people.wukang_reviewer, file=f, field="head_id_number",
                              reason="核对")
    with pytest.raises(services.AlreadyFiled):
        register(people.xinshi_officer, tree.xinshi, id_number=number)
    client.force_login(people.wukang_officer)
    client.post(reverse("assistance:file_create"), {"head_id_number": number})
    client.get(reverse("assistance:file_export"))
    bad = make_id_number(n=5)
    from gonghui.assistance import importing
    importing.import_hardship(ledger([row(身份证号码=bad, 建档日期="昨天")]), actor=None,
                              today=dt.date(2025, 1, 1))
    assert caplog.records, "the services log their actions"
    secrets_absent(caplog.text, number, PHONE, bad)


def test_error_responses_do_not_echo_id_numbers(client, household, people, tree):
    f, number, member_no = household
    client.force_login(people.xinshi_officer)
    data = {"union": tree.xinshi.pk, "head_name": "某某", "head_id_number": number,
            "household_size": 2, "primary_cause": "illness", "monthly_income": "1000",
            "medical_expenses": "0", "education_expenses": "0", "applied_on": "2024-05-01",
            "head_phone": PHONE}
    r = client.post(reverse("assistance:file_create"), data)
    body = r.content.decode()
    assert r.status_code == 400
    assert "another union" in body or "另一" in body
    secrets_absent(body, number, PHONE, "覃月华", "武康")
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    r = client.post(reverse("assistance:file_create"), {**data, "head_id_number": bad})
    assert r.status_code == 400
    secrets_absent(r.content.decode(), bad, PHONE)
    assert HardshipFile.objects.count() == 1


def test_pages_respect_scope_and_record_through_services(client, household, people, tree):
    f, _number, _member = household
    client.force_login(people.xinshi_officer)
    for name in ("file_detail", "file_edit", "aid_create"):
        assert client.get(reverse(f"assistance:{name}", args=[f.pk])).status_code == 404
    r = client.post(reverse("assistance:file_action", args=[f.pk, "admit"]), {"version": 2})
    assert r.status_code == 404
    assert client.get(reverse("assistance:file_list")).content.decode().count("覃月华") == 0
    f.refresh_from_db()
    assert f.status == "applied"

    client.force_login(people.wukang_reviewer)
    r = client.post(reverse("assistance:file_action", args=[f.pk, "admit"]),
                    {"version": f.version, "note": "材料齐全"})
    assert r.status_code == 302
    f.refresh_from_db()
    assert f.status == "in_file"
    r = client.post(reverse("assistance:file_action", args=[f.pk, "admit"]),
                    {"version": f.version}, follow=True)
    assert "cannot be" in r.content.decode() or "不能" in r.content.decode()

    client.force_login(people.wukang_officer)
    r = client.post(reverse("assistance:aid_create", args=[f.pk]), {
        "union": tree.wukang.pk, "kind": "spring_education", "date": "2024-08-20",
        "cash": "2000", "student_name": "覃小蕾", "school": "武康小学", "grade": "三年级",
    })
    assert r.status_code == 302
    assert Aid.objects.filter(file=f, kind="spring_education").get().cash == Decimal("2000.00")
    r = client.post(reverse("assistance:aid_create", args=[f.pk]), {
        "union": tree.wukang.pk, "kind": "living", "date": "2024-08-20"})
    assert r.status_code == 400
    assert "Cash or goods" in r.content.decode()
    assert Aid.objects.filter(file=f).count() == 2
    page = client.get(reverse("assistance:file_list") + "?attention=1").content.decode()
    assert "覃月华" not in page  # aided and just filed


def test_import_page_and_template(client, regions, people):
    client.force_login(people.wukang_officer)
    r = client.get(reverse("assistance:import_template", args=["hardship"]))
    assert load_workbook(io.BytesIO(r.content)).worksheets[0]["A1"].value == "户主姓名*"
    buf = ledger([row(n=70), row(n=71, 建档日期="明天")], title="台账")
    buf.name = "ledger.xlsx"
    r = client.post(reverse("assistance:import"), {"ledger": "hardship", "file": buf,
                                                   "mode": "import"})
    body = r.content.decode()
    assert "明天" in body and "<td>4</td>" in body
    assert HardshipFile.objects.count() == 0
    buf = ledger([row(n=70), row(n=71, 建档日期="明天")], title="台账")
    buf.name = "ledger.xlsx"
    client.post(reverse("assistance:import"), {"ledger": "hardship", "file": buf,
                                               "mode": "valid"})
    assert HardshipFile.objects.count() == 1


def test_forms_render_without_sensitive_values(client, household, people):
    f, number, _member = household
    client.force_login(people.wukang_officer)
    for url in (reverse("assistance:file_create"),
                reverse("assistance:file_edit", args=[f.pk]),
                reverse("assistance:aid_create", args=[f.pk])):
        r = client.get(url)
        assert r.status_code == 200
        secrets_absent(r.content.decode(), number, PHONE, CARD, "乳腺结节")
    r = client.post(reverse("assistance:file_edit", args=[f.pk]), {
        "version": f.version, "head_name": "覃月华", "household_size": 3,
        "primary_cause": "illness", "monthly_income": "1500", "medical_expenses": "0",
        "education_expenses": "0"})
    assert r.status_code == 302
    f.refresh_from_db()
    assert (f.monthly_income, f.head_phone, f.bank_card) == (Decimal("1500.00"), PHONE, CARD)


def test_timeline_shows_status_names_not_keys(client, household, people):
    f, _number, _member = household
    services.file_admit(file=f, actor=people.wukang_reviewer, version=f.version)
    client.force_login(people.wukang_officer)
    page = client.get(reverse("assistance:file_detail", args=[f.pk])).content.decode()
    assert "(applied → in file)" in page
    assert "→ in_file" not in page


def test_the_same_aid_form_sent_twice_records_one_aid(client, household, people, tree):
    """Fresh-eyes finding: Save, Back, Save again (or the same POST twice) recorded two
    identical 700 aids. The form's one-time submission key makes the second send record
    nothing and say so."""
    import re

    f, _number, _member = household
    client.force_login(people.wukang_officer)
    url = reverse("assistance:aid_create", args=[f.pk])
    key = re.search(r'name="submission" value="([0-9a-f]{32})"',
                    client.get(url).content.decode()).group(1)
    data = {"union": tree.wukang.pk, "kind": "medical", "date": "2024-08-20", "cash": "700",
            "submission": key}
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert again.redirect_chain[-1][0] == reverse("assistance:file_detail", args=[f.pk])
    assert "This aid was already recorded" in again.content.decode()
    assert list(Aid.objects.filter(file=f, kind="medical").values_list("cash", flat=True)) == [
        Decimal("700.00")]
    # A new form (a new key) records a new aid.
    other = re.search(r'name="submission" value="([0-9a-f]{32})"',
                      client.get(url).content.decode()).group(1)
    assert other != key
    client.post(url, {**data, "submission": other})
    assert Aid.objects.filter(file=f, kind="medical").count() == 2
