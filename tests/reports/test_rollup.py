"""The services roll-up on a small known data set: every figure, subtree and period
boundaries (Asia/Shanghai), a union without records, and a query count that does not
grow with the number of children.

The records are written directly with their final state (a read-side data set; the
workflow's own tests cover how items get there)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.orgs.models import Union
from gonghui.reports.brief import generate_brief
from gonghui.reports.periods import Period, year_before
from gonghui.reports.rollup import rollup_rows, services_rollup
from gonghui.services.models import Category, Visit
from gonghui.services.selectors import service_figures

from ..factories import (
    EnterpriseFactory,
    ItemFactory,
    add_union,
)
from .conftest import MARCH, TODAY, T


def by_name(result) -> dict[str, dict]:
    return {row["union"]: row["figures"] for row in result["children"]}


def test_every_figure_of_each_row(data):
    tree = data.tree
    county = Union.objects.get(pk=tree.county.pk)
    result = rollup_rows(county, MARCH, today=TODAY)
    rows = by_name(result)
    assert list(rows) == ["新市镇总工会", "武康街道总工会", "空白镇总工会"]

    wukang = rows["武康街道总工会"]
    assert wukang["visits"] == 3
    assert wukang["visits_by_target"] == {"enterprise": 2, "union": 0, "model_worker": 0, "household": 1}
    assert (wukang["enterprises_visited"], wukang["households_visited"]) == (2, 1)
    assert (wukang["items"], wukang["needs"], wukang["difficulties"], wukang["problems"]) == (2, 2, 0, 0)
    assert wukang["items_by_status"]["rejected"] == 1 and wukang["items_by_status"]["assigned"] == 1
    assert wukang["items_by_category"] == {"民生服务": 1, "精神文化": 1}
    assert (wukang["resolved"], wukang["escalated"], wukang["open"], wukang["overdue"]) == (1, 0, 1, 1)
    assert wukang["resolution_rate"] == 50.0
    assert wukang["median_days_to_resolve"] == 3

    xinshi = rows["新市镇总工会"]
    assert xinshi["visits"] == 0
    assert (xinshi["items"], xinshi["needs"], xinshi["problems"]) == (2, 1, 1)
    assert (xinshi["resolved"], xinshi["escalated"], xinshi["open"], xinshi["overdue"]) == (0, 1, 1, 0)
    assert xinshi["resolution_rate"] == 0.0
    assert xinshi["median_days_to_resolve"] is None

    own = result["own"]
    assert own["visits"] == 2 and own["enterprises_visited"] == 1 and own["households_visited"] == 1
    assert (own["items"], own["difficulties"], own["difficulty_person_times"]) == (1, 1, 3)
    assert own["items_by_category"] == {"因病致困": 1}
    assert (own["resolved"], own["closed"], own["resolution_rate"], own["median_days_to_resolve"]) == (1, 1, 100.0, 5)

    total = result["total"]
    assert total["visits"] == 5
    assert total["visits_by_target"] == {"enterprise": 3, "union": 0, "model_worker": 0, "household": 2}
    # e1 was visited by the county and by 武康, w1 by the county and by G: once each.
    assert (total["enterprises_visited"], total["households_visited"]) == (2, 1)
    assert total["items"] == 5
    assert total["items_by_kind"] == {"difficulty": 1, "need": 3, "problem": 1}
    assert total["items_by_status"] == {
        "registered": 0, "accepted": 0, "rejected": 1, "merged": 0, "consulting": 0,
        "assigned": 1, "in_progress": 1, "resolved": 1, "escalated": 1, "closed": 1,
    }
    assert total["items_by_category"] == {"因病致困": 1, "民生服务": 2, "精神文化": 1, "劳动关系": 1}
    assert (total["difficulty_person_times"], total["resolved"], total["escalated"]) == (3, 2, 1)
    assert (total["open"], total["closed"], total["overdue"]) == (2, 1, 1)
    assert total["resolution_rate"] == 40.0
    assert total["median_days_to_resolve"] == 4  # median of 5 and 3


def test_total_equals_the_service_figures_and_a_subtree_equals_its_child_row(data):
    tree = data.tree
    county = Union.objects.get(pk=tree.county.pk)
    total = rollup_rows(county, MARCH, today=TODAY)["total"]
    plain = service_figures(county, today=TODAY, **MARCH.as_kwargs())
    for key, value in plain.items():
        # ``clock`` is per responsible unit (issue 6), not a roll-up figure.
        if key not in ("union", "date_from", "date_to", "clock"):
            assert total[key] == value, key
    wukang_total = rollup_rows(Union.objects.get(pk=tree.wukang.pk), MARCH, today=TODAY)["total"]
    child_row = by_name(rollup_rows(county, MARCH, today=TODAY))["武康街道总工会"]
    for key in ("visits", "items", "needs", "resolved", "overdue", "open", "items_by_status"):
        assert wukang_total[key] == child_row[key]


def test_a_sibling_subtree_is_never_counted(data):
    other = Union.objects.get(pk=data.tree.other.pk)
    assert rollup_rows(other, MARCH, today=TODAY)["total"]["visits"] == 1
    wukang = Union.objects.get(pk=data.tree.wukang.pk)
    result = rollup_rows(wukang, MARCH, today=TODAY)
    # 新市 and the county's own records are outside 武康's subtree.
    assert result["total"]["items"] == 2 and result["total"]["escalated"] == 0
    assert [row["union"] for row in result["children"]] == ["武康G公司工会"]
    assert result["own"]["visits"] == 1 and result["children"][0]["figures"]["visits"] == 2


def test_period_boundaries_in_shanghai(data):
    county = Union.objects.get(pk=data.tree.county.pk)
    first_of_april = rollup_rows(county, Period(dt.date(2026, 4, 1), dt.date(2026, 4, 1)), today=TODAY)
    assert first_of_april["total"]["visits"] == 1
    assert first_of_april["total"]["difficulty_person_times"] == 2
    to_march_30 = rollup_rows(county, Period(dt.date(2026, 3, 1), dt.date(2026, 3, 30)), today=TODAY)
    assert to_march_30["total"]["visits"] == 4  # 武康's visit on the 31st drops out
    assert to_march_30["total"]["needs"] == 2


def test_year_before_uses_the_same_days(data):
    county = Union.objects.get(pk=data.tree.county.pk)
    result = services_rollup(county, MARCH, today=TODAY)
    assert result["previous_period"] == Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    prev = result["previous"]["total"]
    assert (prev["visits"], prev["items"], prev["resolved"], prev["median_days_to_resolve"]) == (1, 1, 1, 4)
    assert by_name(result["previous"])["武康街道总工会"]["visits"] == 1
    assert year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_charts_data(data):
    county = Union.objects.get(pk=data.tree.county.pk)
    result = services_rollup(county, MARCH, today=TODAY)
    assert result["need_categories"] == ["民生服务", "精神文化"]
    assert result["trend"] == [{"month": "2026-03", "visits": 5, "items": 5}]
    assert result["overdue_by_unit"] == [{"unit": "县人社局", "overdue": 1}]
    tree = result["tree"]
    assert (tree["name"], tree["value"], tree["overdue"], tree["share"]) == ("德清县总工会", 2, 1, 0.5)
    wukang = next(c for c in tree["children"] if c["name"] == "武康街道总工会")
    assert (wukang["value"], wukang["overdue"], wukang["share"]) == (1, 1, 1.0)
    assert wukang["children"] == [{"name": "武康G公司工会", "value": 1, "overdue": 1, "share": 1.0}]


def test_a_union_without_records_gives_zeros(data):
    empty = Union.objects.get(pk=data.empty.pk)
    result = services_rollup(empty, MARCH, today=TODAY)
    total = result["current"]["total"]
    assert result["current"]["children"] == []
    assert all(total[key] == 0 for key in ("visits", "items", "resolved", "overdue", "households_visited"))
    assert total["resolution_rate"] is None and total["median_days_to_resolve"] is None
    assert result["trend"] == [] and result["overdue_by_unit"] == []
    assert by_name(services_rollup(Union.objects.get(pk=data.tree.county.pk), MARCH, today=TODAY)["current"])[
        "空白镇总工会"
    ]["items"] == 0
    assert generate_brief(empty, MARCH, today=TODAY) == (
        "2026年3月1日至2026年3月31日，空白镇总工会已走访企业0家，职工群众0户，"
        "排摸涉及企业职工具体困难0人次，掌握具体需求0件次，其中解决0件次，提交反映0件次。"
    )


def test_brief_on_the_known_data(data):
    county = Union.objects.get(pk=data.tree.county.pk)
    assert generate_brief(county, MARCH, today=TODAY) == (
        "2026年3月1日至2026年3月31日，德清县总工会已走访企业2家，职工群众1户，"
        "排摸涉及企业职工具体困难3人次，掌握民生服务和精神文化类具体需求3件次，"
        "其中解决2件次，提交反映1件次。"
    )


def test_queries_do_not_grow_with_the_number_of_children(data):
    county = Union.objects.get(pk=data.tree.county.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            services_rollup(Union.objects.get(pk=county.pk), MARCH, today=TODAY)
        return len(ctx.captured_queries)

    count()  # brings the summary tables up to date with the fixture's records
    before = count()
    category = Category.objects.get(name="民生服务")
    for i in range(8):
        town = add_union(f"新增{i}镇总工会", county, level=Union.Level.TOWN)
        Visit.objects.create(union=town, date=dt.date(2026, 3, 3), target_type=T.ENTERPRISE,
                             enterprise=EnterpriseFactory(union=town))
        ItemFactory(union=town, found_on=dt.date(2026, 3, 3), category=category)
    count()  # the first read after the writes brings the summary tables up to date
    after = count()
    assert after == before
    result = services_rollup(Union.objects.get(pk=county.pk), MARCH, today=TODAY)
    assert len(result["current"]["children"]) == 11
    assert result["current"]["total"]["visits"] == 13
