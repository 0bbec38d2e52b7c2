"""Browser: an officer records a blood drive with its figures and sees them in the report."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import Role
from gonghui.events.models import EventFigure

from ..factories import UserFactory, add_union

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_blood_drive_and_sees_figures(live_server, page, shot):
    county = add_union("慈溪市总工会")
    company = add_union("某厨具公司工会", county, level="grassroots", kind="grassroots")
    add_union("某县总工会")  # a sibling tree whose events must not count
    UserFactory(username="blood_officer", role=Role.OFFICER, union=county, language="en")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "blood_officer")
    page.fill("#id_password", "pw-Secret-123")
    shot(page, "login")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.click("nav >> text=More work")
    page.click("nav >> .dropdown-menu >> text=Events")
    page.wait_for_url("**/events/")
    shot(page, "event-list")
    page.click("text=New event")
    page.select_option("#id_kind", "blood_drive")
    page.fill("#id_name", "我为祖国献热血")
    page.select_option("#id_union", label=company.name)
    page.fill("#id_date", "2019-03-28")
    page.fill("#id_place", "公司厂区")
    page.fill("#id_value_donors", "242")
    page.fill("#id_value_blood_volume", "80000")
    page.select_option("#id_unit_blood_volume", "persons")  # a wrong unit first
    page.fill("#id_value_stem_cell_registrations", "15")
    page.fill("#id_value_thank_you_letters", "200")
    shot(page, "event-form")
    page.click("button[type=submit]")
    page.wait_for_selector("text=The unit of blood volume is mL, not persons.")
    shot(page, "wrong-unit")
    assert EventFigure.objects.count() == 0

    page.select_option("#id_unit_blood_volume", "mL")
    page.click("button[type=submit]")
    page.wait_for_selector("#event-figures")
    text = page.inner_text("#event-figures")
    assert "242" in text and "80000" in text and "mL" in text
    shot(page, "event-detail")

    page.click(".nav-tabs >> text=Figures")
    page.wait_for_selector("#figures")
    rows = {
        row.get_attribute("data-key"): row.inner_text().split("\t")[1].strip()
        for row in page.query_selector_all("#figures tr")
    }
    assert rows["events"] == "1"
    assert rows["blood_donors"] == "242"
    assert rows["blood_volume_ml"] == "80000"
    assert rows["stem_cell_registrations"] == "15"
    assert rows["thank_you_letters"] == "200"
    assert "组织无偿献血242人、献血80000毫升" in page.inner_text("#brief")
    shot(page, "event-figures")
