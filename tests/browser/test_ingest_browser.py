"""Ingest in a real browser: the officer pastes a short report, edits one proposed
figure, confirms, and finds the record with its source link. Selectors are ids, names
and data attributes, so the test runs in the default Chinese interface."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.accounts.models import Role
from gonghui.events.models import Event
from gonghui.ingest.models import Draft
from tests.factories import UserFactory, add_union

from .test_main_job_browser import PASSWORD, log_in  # noqa: F401

REPORT = """“我为祖国献热血”

近期,慈溪市血站血液库存偏少,急需市民应急献血。宁波方太厨具有限公司工会了解情况后,立即发动职工,开展“我为祖国献热血”活动。据统计,共有242人参加无偿献血,累计献血8万多毫升,15人参加造血干细胞登记。

该公司工会还邀请“幸福使者”撰写了200多封感谢信给每一位献血者。

记者张浩呈/文 通讯员周迎朝/摄
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paste_edit_confirm_and_find_the_source(live_server, page, shot):
    county = add_union("宁波市总工会")
    UserFactory(username="nb_officer", role=Role.OFFICER, union=county)
    base = live_server.url
    log_in(page, base, "nb_officer")
    page.goto(f"{base}/ingest/")
    page.fill("#id_title", "献血简报")
    page.fill("#id_page_date", "2019-04-03")
    page.fill("#id_text", REPORT)
    shot(page, "ingest-paste")
    with page.expect_navigation():
        page.click("button[data-action=ingest]")
    page.wait_for_url("**/ingest/*/")
    draft = Draft.objects.get()
    card = page.locator(f"[data-draft-card='{draft.pk}']")
    assert page.locator(f"mark[data-draft='{draft.pk}']").first.inner_text().startswith("据统计,共有242人")
    donors = card.locator("[name$=fig_donors]")
    assert donors.input_value() == "242"
    donors.fill("240")
    shot(page, "ingest-draft-edited")
    with page.expect_navigation():
        card.locator("button[data-action=confirm]").click()
    shot(page, "ingest-confirmed")

    event = Event.objects.get()
    assert event.kind == "blood_drive"
    assert event.figures.get(metric="donors").value == Decimal(240)
    assert event.figures.get(metric="blood_volume").value == Decimal(80000)
    with page.expect_navigation():
        page.locator(f"[data-draft-card='{draft.pk}'] a[data-record-link]").click()
    page.wait_for_url(f"**/events/{event.pk}/")
    shot(page, "ingest-event-with-source")
    link = page.locator("a[data-source-link]")
    assert link.get_attribute("href") == f"/ingest/{draft.text_id}/#draft-{draft.pk}"
    with page.expect_navigation():
        link.click()
    assert page.locator(f"[data-draft-card='{draft.pk}']").get_attribute("data-status") == "confirmed"
