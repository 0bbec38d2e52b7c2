"""Browser: a Hangzhou officer records a delegation to 恩施 with its volunteers, an activity
and the goods given to a household, and sees the aid counted in the pairing figures."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.accounts.models import Role
from gonghui.assistance import services as assistance
from gonghui.assistance.models import Aid
from gonghui.orgs.models import Union
from gonghui.pairing import services
from gonghui.pairing.models import Volunteer

from ..factories import UserFactory, add_union, make_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_delegation_with_volunteers_and_aid(live_server, page, shot):
    hz = add_union("杭州市总工会", level=Union.Level.CITY)
    xc = add_union("下城区总工会", hz)
    es = add_union("恩施州总工会", level=Union.Level.CITY)
    ess = add_union("恩施市总工会", es)
    services.pairing_create(actor=None, giver=hz, receiver=es, kind="east_west",
                            since=dt.date(2017, 1, 1))
    file = assistance.file_register(actor=None, union=Union.objects.get(pk=ess.pk),
                                    head_name="向春燕", head_id_number=make_id_number("422801"),
                                    primary_cause="illness", applied_on=dt.date(2019, 3, 20))
    UserFactory(username="hz_officer", role=Role.OFFICER, union=hz, language="en")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "hz_officer")
    page.fill("#id_password", "pw-Secret-123")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.click("nav >> text=More work")
    with page.expect_navigation():
        page.click("nav >> .dropdown-menu >> text=Pairings")
    shot(page, "pairings")
    with page.expect_navigation():
        page.click("#pairings >> text=杭州市总工会")
    with page.expect_navigation():
        page.click("text=New delegation")
    page.fill("#id_title", "杭州市工会帮扶志愿者代表团")
    page.fill("#id_leader", "林志远")
    page.fill("#id_starts_on", "2019-04-15")
    page.fill("#id_ends_on", "2019-04-19")
    page.fill("#id_destination", "恩施州")
    shot(page, "delegation-form")
    with page.expect_navigation():
        page.click("button[type=submit]")

    for name, union in (("周晓峰", xc.name), ("陈雅琴", hz.name)):
        page.fill("#volunteer-form #id_name", name)
        page.select_option("#volunteer-form #id_from_union", label=union)
        with page.expect_navigation():
            page.click("#volunteer-form button")
    assert page.inner_text("#volunteer-count") == "2"
    page.select_option("#activity-form #id_kind", "symposium")
    page.fill("#activity-form #id_date", "2019-04-15")
    page.fill("#activity-form #id_description", "致富奔小康座谈会")
    with page.expect_navigation():
        page.click("#activity-form button")
    shot(page, "volunteers-and-activity")

    # A date outside the delegation's days is refused first, naming the field.
    page.fill("#aid-form #id_file", str(file.pk))
    page.select_option("#aid-form #id_kind", "condolence")
    page.fill("#aid-form #id_date", "2019-04-25")
    for i, (name, qty, unit, value) in enumerate((("棉被", "2", "床", "360"),
                                                  ("大米", "2", "袋", "200"),
                                                  ("食用油", "2", "桶", "150"))):
        page.fill(f"#id_goods_name_{i}", name)
        page.fill(f"#id_goods_quantity_{i}", qty)
        page.fill(f"#id_goods_unit_{i}", unit)
        page.fill(f"#id_goods_value_{i}", value)
    with page.expect_navigation():
        page.click("#aid-form button")
    page.wait_for_selector("text=Date: must be one of the delegation's days")
    shot(page, "aid-refused")
    assert Aid.objects.count() == 0
    page.fill("#aid-form #id_file", str(file.pk))
    page.select_option("#aid-form #id_kind", "condolence")
    page.fill("#aid-form #id_date", "2019-04-18")
    for i, (name, qty, unit, value) in enumerate((("棉被", "2", "床", "360"),
                                                  ("大米", "2", "袋", "200"),
                                                  ("食用油", "2", "桶", "150"))):
        page.fill(f"#id_goods_name_{i}", name)
        page.fill(f"#id_goods_quantity_{i}", qty)
        page.fill(f"#id_goods_unit_{i}", unit)
        page.fill(f"#id_goods_value_{i}", value)
    with page.expect_navigation():
        page.click("#aid-form button")
    aids = page.inner_text("#aids")
    assert "棉被" in aids and "710.00" in aids
    shot(page, "delegation-with-aid")
    assert Volunteer.objects.count() == 2 and Aid.objects.get().union.name == "杭州市总工会"

    with page.expect_navigation():
        page.click(".nav-tabs >> text=Pairing figures")
    rows = {row.get_attribute("data-key"): row.inner_text().split("\t")[1].strip()
            for row in page.query_selector_all("#figures tr")}
    assert (rows["delegations"], rows["volunteers"], rows["aid_goods_value_cny"]) == ("1", "2",
                                                                                      "710")
    assert "志愿者2人" in page.inner_text("#brief")
    shot(page, "pairing-figures")


def test_admin_creates_pairing_agreement_and_commitment(live_server, page, shot, settings,
                                                        tmp_path):
    """镇海's admin pairs 镇海 with 龙游 through the pages (a wrong field first), records the
    framework agreement with its four areas and a commitment, then corrects the commitment."""
    from gonghui.pairing.models import Agreement, Commitment, Pairing

    settings.MEDIA_ROOT = tmp_path
    zh = add_union("镇海区总工会")
    ly = add_union("龙游县总工会")
    UserFactory(username="zh_admin", role=Role.ADMIN, union=zh, language="en")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "zh_admin")
    page.fill("#id_password", "pw-Secret-123")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.click("nav >> text=More work")
    with page.expect_navigation():
        page.click("nav >> .dropdown-menu >> text=Manage pairings")
    with page.expect_navigation():
        page.click("#new-pairing")
    page.select_option("#id_giver", label="镇海区总工会")
    page.select_option("#id_receiver", label="镇海区总工会")
    page.select_option("#id_kind", "mountain_sea")
    page.fill("#id_since", "2016-01-01")
    with page.expect_navigation():
        page.click("#manage-form button[type=submit]")
    error = page.inner_text(".field-error[data-field=receiver]")
    assert error == "Assisted union: Must differ from the helping union."
    shot(page, "pairing-refused")
    assert Pairing.objects.count() == 0
    page.select_option("#id_receiver", label="龙游县总工会")
    with page.expect_navigation():
        page.click("#manage-form button[type=submit]")
    pairing = Pairing.objects.get()
    assert (pairing.giver_id, pairing.receiver_id, pairing.kind) == (zh.pk, ly.pk,
                                                                     "mountain_sea")
    assert "Pairing saved." in page.inner_text("main")

    with page.expect_navigation():
        page.click(f"#pairing-{pairing.pk} >> text=New agreement")
    page.fill("#id_title", "战略合作框架协议书")
    page.fill("#id_signed_on", "2018-07-20")
    page.fill("#id_parties", "镇海区总工会、龙游县总工会")
    for area in ("worker_culture", "talent", "recuperation", "resources"):
        page.check(f"input[name=areas][value={area}]")
    page.set_input_files("#id_document", files=[{
        "name": "kuangjia.txt", "mimeType": "text/plain",
        "buffer": "镇海—龙游战略合作框架协议".encode()}])
    shot(page, "agreement-form")
    with page.expect_navigation():
        page.click("#manage-form button[type=submit]")
    agreement = Agreement.objects.get()
    assert agreement.area_list == ["worker_culture", "talent", "recuperation", "resources"]
    assert agreement.document.read().decode() == "镇海—龙游战略合作框架协议"

    with page.expect_navigation():
        page.click(f"#agreement-{agreement.pk} >> text=New commitment")
    page.select_option("#id_area", "recuperation")
    page.fill("#id_description", "一线职工、劳动模范疗休养互送")
    page.fill("#id_target_value", "300")
    page.fill("#id_due_on", "2019-12-31")
    with page.expect_navigation():
        page.click("#manage-form button[type=submit]")
    assert page.inner_text(".field-error[data-field=target_unit]") == \
        "Unit: Required with a target figure."
    page.fill("#id_target_unit", "人次")
    with page.expect_navigation():
        page.click("#manage-form button[type=submit]")
    commitment = Commitment.objects.get()
    row = page.inner_text(f"#commitment-{commitment.pk}")
    assert "一线职工、劳动模范疗休养互送" in row and "300 人次" in row and "2019-12-31" in row
    shot(page, "managed-pairing")

    with page.expect_navigation():
        page.click(f"#commitment-{commitment.pk} >> text=Edit")
    page.fill("#id_target_value", "320")
    with page.expect_navigation():
        page.click("#manage-form button[type=submit]")
    commitment.refresh_from_db()
    assert (commitment.target_value, commitment.version) == (320, 2)
    # The pairing's own page shows what the admin recorded.
    with page.expect_navigation():
        page.click(f"#pairing-{pairing.pk} h2 a")
    body = page.inner_text("main")
    assert "战略合作框架协议书" in body and "worker culture、talent、recuperation" in body
    shot(page, "pairing-detail")
