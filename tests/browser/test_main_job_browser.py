"""The main job in a real browser: the county officer records a visit with an item, and
the reviewer takes the item through review, assignment and resolution to 销号.

Selectors use ids, names and ``data-action`` attributes, not visible text, so the test
runs in the default Chinese interface. A screenshot is saved for each page passed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.accounts.models import Role
from gonghui.services.models import Item
from tests.factories import (
    CategoryFactory,
    EnterpriseFactory,
    ResponsibleUnitFactory,
    UserFactory,
    add_union,
)

PASSWORD = "pw-Secret-123"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def act(page, shot, action: str, fields: dict[str, str] | None = None) -> None:
    """Open the action's panel on the item page, fill its fields and confirm."""
    panel = page.locator(f"details[data-action={action}]")
    panel.locator("summary").click()
    for name, value in (fields or {}).items():
        field = panel.locator(f"[name$={name}]")
        if field.count() > 1:  # radio buttons: pick the one with this value
            panel.locator(f"[name$={name}][value={value}]").check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    shot(page, f"{action}-form")
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    shot(page, f"{action}-done")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_records_visit_and_reviewer_closes_the_item(live_server, page, shot):
    county = add_union("德清县总工会")
    officer = UserFactory(username="dq_officer", role=Role.OFFICER, union=county, display_name="李明")
    UserFactory(username="dq_reviewer", role=Role.REVIEWER, union=county, display_name="王芳")
    CategoryFactory(name="技能培训")
    firm = EnterpriseFactory(name="浙江远大钢构实业有限公司", union=county)
    ResponsibleUnitFactory(name="德清县总工会职工技能培训中心", owner=county)
    base = live_server.url

    # The officer records a visit with one item.
    log_in(page, base, officer.username)
    shot(page, "dashboard-officer")
    page.goto(f"{base}/visits/new/")
    page.fill("#id_date", timezone.localdate().isoformat())
    # Choosing the target type reloads the target's options through htmx: wait for
    # that swap to finish before choosing, or it would reset the choice.
    with page.expect_response("**/visits/new/targets/**"):
        page.select_option("#id_target_type", "enterprise")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(f"#id_target option[value='e:{firm.pk}']", state="attached")
    page.select_option("#id_target", f"e:{firm.pk}")
    page.select_option("#id_items-0-kind", "need")
    page.select_option("#id_items-0-category", label="技能培训")
    page.fill("#id_items-0-subject", "焊工缺少系统性技能培训")
    page.fill("#id_items-0-description", "钣金、切割、电焊工艺要求高，职工实操能力薄弱")
    shot(page, "visit-form")
    with page.expect_navigation():
        page.click("#visit-form button[type=submit]:not([name=add_item])")
    page.wait_for_url("**/visits/*/")
    shot(page, "visit-detail")

    item = Item.objects.get()
    assert (item.status, item.kind, item.union_id, item.visit.enterprise_id) == (
        "registered", "need", county.pk, firm.pk,
    )

    # The reviewer takes it to 销号.
    page.context.clear_cookies()
    log_in(page, base, "dq_reviewer")
    page.goto(f"{base}/items/")
    shot(page, "item-list")
    page.goto(f"{base}/items/{item.pk}/")
    shot(page, "item-registered")
    act(page, shot, "accept")
    act(page, shot, "assign", {"unit": "德清县总工会职工技能培训中心", "working_days": "10"})
    act(page, shot, "start")
    act(page, shot, "resolve", {"resolution": "培训中心专家上门，开展电焊系统性培训两期"})
    act(page, shot, "close", {"evidence_statement": "回访企业，两期培训均已完成，签到表存档"})

    item.refresh_from_db()
    assert item.status == "closed"
    assert item.outcome == "resolved"
    assert item.responsible_unit.name == "德清县总工会职工技能培训中心"
    assert item.deadline > timezone.localdate() - dt.timedelta(days=1)
    assert item.resolution == "培训中心专家上门，开展电焊系统性培训两期"
    assert list(item.events.values_list("action", flat=True)) == [
        "register", "accept", "assign", "start", "resolve", "close",
    ]
    # The page shows the closed state: no transition left, only evidence and follow-up.
    actions = page.locator("details[data-action]")
    assert sorted(actions.nth(i).get_attribute("data-action") for i in range(actions.count())) == [
        "attach", "follow_up"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_extension_request_and_approval_then_return_and_reassignment(live_server, page, shot):
    from gonghui.services import workflow as wf
    from gonghui.services.workdays import add_working_days

    county = add_union("德清县总工会")
    officer = UserFactory(username="dq_officer", role=Role.OFFICER, union=county)
    reviewer = UserFactory(username="dq_reviewer", role=Role.REVIEWER, union=county)
    category = CategoryFactory(name="劳动关系")
    first = ResponsibleUnitFactory(name="德清县人力社保局", owner=county)
    ResponsibleUnitFactory(name="德清县总工会法律服务中心", owner=county)
    item = wf.item_register(actor=officer, union=county, kind="problem", category=category,
                            subject="企业未按时足额缴纳社保")
    item = wf.item_accept(item=item, actor=reviewer, version=item.version)
    item = wf.item_assign(item=item, actor=reviewer, version=item.version, unit=first,
                          working_days=5)
    base = live_server.url
    today = timezone.localdate()

    log_in(page, base, "dq_officer")
    page.goto(f"{base}/items/{item.pk}/")
    act(page, shot, "request_extension", {"days": "3", "reason": "需调取企业近两年缴费记录"})
    page.context.clear_cookies()
    log_in(page, base, "dq_reviewer")
    page.goto(f"{base}/items/{item.pk}/")
    act(page, shot, "decide_extension", {"decision": "approve", "note": "同意延期"})
    item.refresh_from_db()
    assert item.deadline == add_working_days(add_working_days(today, 5).date, 3).date
    assert page.locator("#extensions li[data-status=approved]").count() == 1

    page.context.clear_cookies()
    log_in(page, base, "dq_officer")
    page.goto(f"{base}/items/{item.pk}/")
    act(page, shot, "return", {"reason": "欠缴社保应由社保经办机构处理，工会提供法律援助"})
    item.refresh_from_db()
    assert (item.status, item.responsible_unit, item.deadline) == ("accepted", None, None)

    page.context.clear_cookies()
    log_in(page, base, "dq_reviewer")
    page.goto(f"{base}/items/{item.pk}/")
    act(page, shot, "assign", {"unit": "德清县总工会法律服务中心", "working_days": "10"})
    item.refresh_from_db()
    assert (item.status, item.responsible_unit.name) == ("assigned", "德清县总工会法律服务中心")
    assert item.deadline == add_working_days(today, 10).date
    assert list(item.events.values_list("action", flat=True)) == [
        "register", "accept", "assign", "request_extension", "approve_extension", "return",
        "assign",
    ]
