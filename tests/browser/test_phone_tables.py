"""Tables at phone width (390 px): names and dates stay on one line and the table scrolls
sideways in its wrapper, instead of a name broken after every character or a date cut."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.accounts.models import Role
from gonghui.services.models import Item
from tests.factories import ItemFactory, UserFactory, add_union

from .test_main_job_browser import log_in

LINES = """(sel) => [...document.querySelectorAll(sel)].filter(c => c.offsetWidth).map(c => {
  const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
  let node = walk.nextNode();
  while (node && !node.textContent.trim()) node = walk.nextNode();
  if (!node) return ["", 0];
  const r = document.createRange(); r.selectNodeContents(node);
  return [node.textContent.trim(), r.getClientRects().length];  // one rect per line
})"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_names_and_dates_stay_whole_at_phone_width(live_server, page, shot):
    county = add_union("德清县总工会")
    for name in ("下渚湖街道总工会", "德清县高新区总工会", "莫干山镇总工会"):
        add_union(name, county)
    UserFactory(username="phone_officer", role=Role.OFFICER, union=county)
    ItemFactory(union=county, subject="车间高温,职工希望增加防暑物资", status=Item.Status.IN_PROGRESS,
                deadline=dt.date(2026, 12, 3))
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "phone_officer")

    page.goto(f"{live_server.url}/reports/")
    first = page.locator("main .table-responsive").first
    first.scroll_into_view_if_needed()
    shot(page, "reports")
    names = dict(page.evaluate(LINES, "main .table-responsive tbody th"))
    assert names["德清县高新区总工会"] == 1 and names["下渚湖街道总工会"] == 1

    page.goto(f"{live_server.url}/items/")
    shot(page, "items")
    cells = page.evaluate(LINES, "table.item-table td")
    assert [lines for text, lines in cells if text.startswith("2026-12-03")] == [1]
    wrapper = page.locator(".table-responsive:has(> table.item-table)")
    assert wrapper.evaluate("w => getComputedStyle(w).overflowX") == "auto"
