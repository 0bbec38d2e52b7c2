"""The report summary tables equal a fresh computation from the records after any
sequence of changes (issue 9): seeded random sequences of registrations and workflow
transitions (through :mod:`gonghui.services.workflow`, refused ones included), direct
saves, bulk ``QuerySet.update``\\ s, deletes and visit records, checked after every few
steps for several subtrees and periods, Asia/Shanghai month boundaries included.

"Fresh computation" is the same roll-up with ``REPORT_SUMMARY_DEPTHS = ()`` (no tally
level), which reads only the records (the path roll-ups below the deepest level always
take). The tallies are checked at the default levels and at levels (2, 3) of the test
tree (county at depth 1, towns at 2, grassroots unions at 3), where, as in a province,
the county reads the towns' level and a town the grassroots level (decision 0018)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext, override_settings

from gonghui.core.errors import DomainError
from gonghui.orgs.models import Union
from gonghui.reports.brief import generate_brief
from gonghui.reports.dashboard import dashboard_summary
from gonghui.reports.models import BucketTotal, MonthTally, SummaryDirty
from gonghui.reports.periods import Period
from gonghui.reports.rollup import all_unions_root, rollup_rows, services_rollup
from gonghui.reports.summary import level_for, rebuild, refresh, uses_summary
from gonghui.services import workflow
from gonghui.services.models import Category, Item, ItemEvent, Visit
from gonghui.services.selectors import overdue_q, service_figures

from ..factories import (
    EnterpriseFactory,
    ItemFactory,
    ResponsibleUnitFactory,
    WorkerFactory,
    add_union,
)

SH = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 4, 10)
S = Item.Status
T = Visit.TargetType
PERIODS = [
    Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),  # a whole month
    Period(dt.date(2026, 3, 15), dt.date(2026, 4, 14)),  # cuts two months
    Period(dt.date(2026, 2, 28), dt.date(2026, 3, 1)),  # the last and first day
    Period(dt.date(2026, 3, 31), dt.date(2026, 3, 31)),  # one day at a month's end
    Period(dt.date(2026, 1, 1), TODAY),  # this year so far
    Period(None, None),  # all time
    Period(None, dt.date(2026, 2, 28)),
    Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31)),  # a year before
    Period(dt.date(2026, 3, 1), dt.date(2026, 3, 14)),  # cuts a month's end only
    Period(dt.date(2026, 3, 15), dt.date(2026, 4, 30)),  # cuts a month's start only
    Period(dt.date(2026, 3, 14), dt.date(2026, 3, 15)),  # cuts one month at both ends
]
DAYS = [dt.date(2025, 3, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 3, 14),
        dt.date(2026, 3, 15), dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 4, 10)]


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=SH)


def live(fn, *args, **kwargs):
    with override_settings(REPORT_SUMMARY_DEPTHS=()):
        return fn(*args, **kwargs)


def assert_equal_to_fresh(unions) -> None:
    for union in unions:
        assert uses_summary(union)
        for period in PERIODS:
            summary = rollup_rows(union, period, today=TODAY)
            fresh = live(rollup_rows, union, period, today=TODAY)
            assert summary == fresh, (union.name, period)
    county = unions[0]
    summary = services_rollup(county, PERIODS[1], today=TODAY)
    fresh = live(services_rollup, county, PERIODS[1], today=TODAY)
    for key in ("current", "previous", "need_categories", "trend", "overdue_by_unit"):
        assert summary[key] == fresh[key], key
    for union in unions:  # the dashboard: one tally query, all time
        dash = dashboard_summary(union, today=TODAY)
        fresh_figures = live(service_figures, union, today=TODAY, with_clock=False)
        assert dash["figures"] == {key: fresh_figures[key] for key in dash["figures"]}, union.name
        in_scope = Item.objects.filter(Q(union__path__startswith=union.path)
                                       | Q(responsible_unit__union__path__startswith=union.path))
        assert dash["by_status_kind"] == Counter({
            (rec["status"], rec["kind"]): rec["n"]
            for rec in in_scope.values("status", "kind").annotate(n=Count("id"))}), union.name
        assert dash["overdue"] == in_scope.filter(overdue_q(TODAY)).count(), union.name
        assert dash["month_visits"] == Visit.objects.filter(
            union__path__startswith=union.path, date__gte=TODAY.replace(day=1), date__lte=TODAY).count()
        # overdue from the cumulative deadline totals on other days: before every
        # deadline, on the days deadlines fall on and after, and the day after the last
        for day in (dt.date(2020, 1, 1), DAYS[2], DAYS[3] + dt.timedelta(days=3), dt.date(2030, 1, 1)):
            assert dashboard_summary(union, today=day)["overdue"] == in_scope.filter(
                overdue_q(day)).count(), (union.name, day)
    figures = service_figures(county, today=TODAY, with_clock=False, date_from=dt.date(2026, 3, 1))
    fresh_figures = live(service_figures, county, today=TODAY, with_clock=False,
                         date_from=dt.date(2026, 3, 1))
    assert figures == fresh_figures
    for period in (PERIODS[1], PERIODS[4]):  # the brief reads the tallies' need categories
        assert generate_brief(county, period, today=TODAY) == live(generate_brief, county, period,
                                                                  today=TODAY)


@pytest.fixture
def world(tree, people):
    g = add_union("武康G公司工会", tree.wukang, level=Union.Level.GRASSROOTS, kind=Union.Kind.GRASSROOTS)
    h = add_union("新市H公司工会", tree.xinshi, level=Union.Level.GRASSROOTS, kind=Union.Kind.GRASSROOTS)
    unions = [Union.objects.get(pk=u.pk) for u in (tree.county, tree.wukang, tree.xinshi, g, h, tree.other)]
    top = Category.objects.create(name="困难帮扶", sort_order=10)
    categories = [
        Category.objects.create(name="因病致困", parent=top, sort_order=11),
        Category.objects.create(name="民生服务", sort_order=20),
        Category.objects.create(name="劳动关系", sort_order=50),
    ]
    units = [ResponsibleUnitFactory(name="县人社局", owner=tree.county),
             ResponsibleUnitFactory(name="县住建局", owner=tree.county),
             # a union of the county as responsible unit: items of other unions assigned
             # to it are in the county's dashboard counts
             ResponsibleUnitFactory(name="新市镇总工会", kind="union", union=tree.xinshi, owner=tree.county)]
    enterprises = [EnterpriseFactory(union=tree.county) for _ in range(3)]
    workers = [WorkerFactory(union=tree.county) for _ in range(3)]
    return unions, categories, units, enterprises, workers


def step(rng: random.Random, world, people) -> None:
    """One random change through a write path of the application."""
    unions, categories, units, enterprises, workers = world
    items = list(Item.objects.order_by("pk"))
    actor = rng.choice([people.admin, people.officer, people.reviewer, people.leader])
    choice = rng.random()
    try:
        if choice < 0.15 or not items:  # register through the workflow, then date it
            item = workflow.item_register(
                actor=people.officer, union=rng.choice(unions[:5]), kind=rng.choice(Item.Kind.values),
                category=rng.choice(categories), subject="事项", persons_affected=rng.randint(1, 4),
            )
            Item.objects.filter(pk=item.pk).update(found_on=rng.choice(DAYS))  # a bulk path
        elif choice < 0.25:  # written directly in a final state (an import would)
            day = rng.choice(DAYS)
            status = rng.choice(S.values)
            outcome = {S.RESOLVED: "resolved", S.ESCALATED: "escalated",
                       S.CLOSED: rng.choice(["resolved", "escalated"])}.get(status, "")
            done = at(day + dt.timedelta(days=rng.randint(0, 6)), rng.choice([0, 9, 23]), 30)
            ItemFactory(
                union=rng.choice(unions), found_on=day, kind=rng.choice(Item.Kind.values),
                category=rng.choice(categories), status=status, outcome=outcome,
                persons_affected=rng.randint(1, 3),
                responsible_unit=rng.choice(units) if status in (S.ASSIGNED, S.IN_PROGRESS) else None,
                deadline=day + dt.timedelta(days=rng.randint(-5, 20)),
                assigned_at=at(day, rng.choice([0, 8, 23]), 15) if rng.random() < 0.7 else None,
                resolved_at=done if outcome else None,
            )
        elif choice < 0.6:  # a workflow transition (refused ones change nothing)
            item = rng.choice(items)
            action = rng.choice(["accept", "reject", "assign", "start", "resolve", "escalate",
                                 "close", "reopen", "return", "consult", "conclude"])
            kw = {"item": item.pk, "actor": actor, "version": item.version}
            if action == "assign":
                workflow.item_assign(**kw, unit=rng.choice(units),
                                     deadline=rng.choice(DAYS) + dt.timedelta(days=3), today=TODAY)
            elif action == "resolve":
                workflow.item_resolve(**kw, resolution="已解决")
            elif action == "escalate":
                workflow.item_escalate(**kw, target="市总工会")
            elif action in ("reject", "reopen", "return"):
                getattr(workflow, f"item_{action}")(**kw, reason="理由")
            else:
                getattr(workflow, f"item_{action}")(**kw)
        elif choice < 0.7:  # a change of union, date or kind by a save
            item = rng.choice(items)
            item.union = rng.choice(unions)
            item.found_on = rng.choice(DAYS)
            item.kind = rng.choice(Item.Kind.values)
            item.save()
        elif choice < 0.78:  # a bulk update of deadlines (overdue moves)
            Item.objects.filter(pk__in=[i.pk for i in rng.sample(items, min(3, len(items)))]).update(
                deadline=rng.choice(DAYS))
        elif choice < 0.85:
            rng.choice(items).delete()
        elif choice < 0.95:  # a visit
            target = rng.choice(T.values)
            extra = {T.ENTERPRISE: {"enterprise": rng.choice(enterprises)},
                     T.UNION: {"target_union": rng.choice(unions[3:5])},
                     T.MODEL_WORKER: {"worker": rng.choice(workers)},
                     T.HOUSEHOLD: {"worker": rng.choice(workers)}}[target]
            Visit.objects.create(union=rng.choice(unions), date=rng.choice(DAYS), target_type=target,
                                 **extra)
        else:
            visits = list(Visit.objects.all())
            if visits:
                Visit.objects.filter(pk=rng.choice(visits).pk).delete()
    except (DomainError, PermissionDenied, ValueError):
        pass


@pytest.mark.parametrize("depths", [(3, 4), (2, 3)], ids=["default levels", "levels 2 and 3"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_equals_a_fresh_computation_after_any_changes(world, people, seed, depths, settings):
    settings.REPORT_SUMMARY_DEPTHS = depths
    rebuild()
    rng = random.Random(seed)
    unions = world[0]
    checked = [u for u in (unions[0], unions[1], unions[2], unions[3]) if uses_summary(u)]
    checked.append(all_unions_root())
    levels = {level_for(u) for u in checked}
    assert levels == set(depths)  # every level is read by one of the checked unions
    for n in range(60):
        step(rng, world, people)
        if n % 20 == 19:
            assert_equal_to_fresh(checked)
    assert Item.objects.exists() and Visit.objects.exists()
    # the workflow really moved items on (not only refused)
    assert ItemEvent.objects.exclude(action="register").exists()
    # both levels hold tallies, and they equal a rebuild from scratch
    columns = ("level", "bucket_id", "month", "key", "day", "unit_id", "n")
    before = sorted(MonthTally.objects.values_list(*columns))
    assert {row[0] for row in before} == set(depths)
    total_columns = ("level", "bucket_id", "key", "day", "n")
    totals = sorted(BucketTotal.objects.values_list(*total_columns))
    assert {row[0] for row in totals} == set(depths)
    assert any(row[2] == "duecum" for row in totals)
    rebuild()
    after = sorted(MonthTally.objects.values_list(*columns))
    assert before == after
    # the bucket totals kept by refresh equal a rebuild (decision 0024)
    assert totals == sorted(BucketTotal.objects.values_list(*total_columns))


def test_a_moved_union_rebuilds_everything(world, people):
    unions = world[0]
    county, wukang, xinshi, g = unions[:4]
    ItemFactory(union=g, found_on=dt.date(2026, 3, 3), category=world[1][1])
    before = rollup_rows(county, PERIODS[0], today=TODAY)
    assert {c["union"]: c["figures"]["items"] for c in before["children"]}["武康街道总工会"] == 1
    Union.objects.get(pk=g.pk).move(Union.objects.get(pk=xinshi.pk), "sorted-child")
    assert SummaryDirty.objects.filter(union_id__isnull=True).exists()
    after = rollup_rows(county, PERIODS[0], today=TODAY)
    rows = {c["union"]: c["figures"]["items"] for c in after["children"]}
    assert rows["武康街道总工会"] == 0 and rows["新市镇总工会"] == 1
    assert after == live(rollup_rows, county, PERIODS[0], today=TODAY)


def test_every_write_marks_its_keys_in_the_same_transaction(world):
    unions = world[0]
    refresh()
    assert not SummaryDirty.objects.exists()
    item = ItemFactory(union=unions[3], found_on=dt.date(2026, 3, 31), category=world[1][1])
    Item.objects.filter(pk=item.pk).update(found_on=dt.date(2026, 4, 1))
    keys = set(SummaryDirty.objects.values_list("union_id", "month"))
    assert keys == {(unions[3].pk, dt.date(2026, 3, 1)), (unions[3].pk, dt.date(2026, 4, 1))}
    refresh()
    assert not SummaryDirty.objects.exists()


def test_refresh_is_one_query_when_nothing_changed(world):
    refresh()
    with CaptureQueriesContext(connection) as ctx:
        refresh()
    assert len(ctx.captured_queries) == 1


def _grow(world, n: int, rng: random.Random) -> None:
    """``n`` more items and visits spread over the unions, months and states."""
    unions, categories, units, enterprises, _workers = world
    items, visits = [], []
    for _ in range(n):
        day = rng.choice(DAYS) - dt.timedelta(days=rng.randint(0, 400))
        status = rng.choice([S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.CLOSED, S.REJECTED])
        items.append(Item(
            union=rng.choice(unions), found_on=day, kind=rng.choice(Item.Kind.values),
            category=rng.choice(categories), subject="事项", status=status,
            outcome="resolved" if status == S.CLOSED else "",
            resolved_at=at(day + dt.timedelta(days=3), 10) if status == S.CLOSED else None,
            responsible_unit=rng.choice(units) if status in (S.ASSIGNED, S.IN_PROGRESS) else None,
            deadline=day + dt.timedelta(days=10),
        ))
        visits.append(Visit(union=rng.choice(unions), date=day, target_type=T.ENTERPRISE,
                            enterprise=rng.choice(enterprises)))
    Item.objects.bulk_create(items)
    Visit.objects.bulk_create(visits)


@pytest.mark.parametrize("depths", [(3, 4), (2, 3), ()], ids=["summary tables", "town level", "records"])
def test_dashboard_and_report_page_queries_do_not_grow_with_the_data(client, world, people, depths):
    client.force_login(people.officer)
    rng = random.Random(7)

    def count(url: str) -> int:
        client.get(url)  # the first read after writes brings the summary tables up to date
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    with override_settings(REPORT_SUMMARY_DEPTHS=depths):
        _grow(world, 5, rng)
        before = {url: count(url) for url in ("/", "/reports/", "/reports/?preset=month")}
        _grow(world, 300, rng)
        after = {url: count(url) for url in before}
    assert after == before
    assert after["/"] <= 15 and after["/reports/"] <= 70


@pytest.mark.parametrize("depths", [(3, 4), (2, 3)], ids=["default levels", "levels 2 and 3"])
def test_distinct_targets_at_month_cuts(world, people, depths, settings):
    """Distinct targets over periods that cut months at the start, the end or both: the
    days decide, not the months; per child and in total (a target visited by two
    children counts once in the total)."""
    settings.REPORT_SUMMARY_DEPTHS = depths
    unions, _categories, _units, enterprises, workers = world
    county, wukang, xinshi, g = unions[:4]
    e1, e2, e3 = enterprises
    for union, day, target in [
        (wukang, dt.date(2026, 3, 14), e1), (wukang, dt.date(2026, 3, 31), e1),
        (xinshi, dt.date(2026, 3, 1), e2), (g, dt.date(2026, 4, 10), e3),
        (xinshi, dt.date(2026, 4, 1), e1), (g, dt.date(2026, 3, 2), e3),
    ]:
        Visit.objects.create(union=union, date=day, target_type=T.ENTERPRISE, enterprise=target)
    Visit.objects.create(union=county, date=dt.date(2026, 3, 15), target_type=T.HOUSEHOLD,
                         worker=workers[0])
    cut = Period(dt.date(2026, 3, 15), dt.date(2026, 4, 30))  # e1 on 31 March, e3 on 10 April
    rows = rollup_rows(county, cut, today=TODAY)
    assert rows["total"]["enterprises_visited"] == 2
    assert rows["total"]["households_visited"] == 1
    by_name = {c["union"]: c["figures"] for c in rows["children"]}
    assert by_name[wukang.name]["enterprises_visited"] == 2  # e1 (31 March) and e3 (G)
    assert by_name[xinshi.name]["enterprises_visited"] == 1  # e1 on 1 April, not e2
    assert rows["own"]["households_visited"] == 1
    start = Period(dt.date(2026, 3, 3), dt.date(2026, 3, 31))  # e1 on 14 and 31 March only
    assert rollup_rows(county, start, today=TODAY)["total"]["enterprises_visited"] == 1
    both = Period(dt.date(2026, 3, 3), dt.date(2026, 3, 13))  # nothing between 2 and 14 March
    assert rollup_rows(county, both, today=TODAY)["total"]["enterprises_visited"] == 0
    for union in (county, wukang, all_unions_root()):
        for period in [*PERIODS, cut, start, both]:
            if not uses_summary(union):
                continue
            summary = rollup_rows(union, period, today=TODAY)
            assert summary == live(rollup_rows, union, period, today=TODAY), (union.name, period)


def _dashboard_from_records(union) -> tuple[Counter, int]:
    in_scope = Item.objects.filter(Q(union__path__startswith=union.path)
                                   | Q(responsible_unit__union__path__startswith=union.path))
    counts = Counter({(rec["status"], rec["kind"]): rec["n"]
                      for rec in in_scope.values("status", "kind").annotate(n=Count("id"))})
    return counts, in_scope.filter(overdue_q(TODAY)).count()


@pytest.mark.parametrize("depths", [(3, 4), (2, 3)], ids=["default levels", "levels 2 and 3"])
def test_dashboard_counts_items_assigned_in_from_outside(world, people, tree, depths, settings):
    """Items owned outside a subtree and assigned to one of its union units count on its
    dashboard (the ``x`` tallies, decision 0023), wherever the owner sits: another
    county, a sibling town, the union above (its own records), the subtree itself."""
    settings.REPORT_SUMMARY_DEPTHS = depths
    unions, categories, units, _enterprises, _workers = world
    county, wukang, xinshi, g = unions[:4]
    xinshi_unit = units[2]
    wukang_unit = ResponsibleUnitFactory(name="武康镇总工会", kind="union", union=wukang, owner=county)
    for owner, unit, status, deadline in [
        (tree.other, xinshi_unit, S.ASSIGNED, dt.date(2026, 4, 1)),   # another county, overdue
        (tree.other, xinshi_unit, S.IN_PROGRESS, dt.date(2026, 5, 1)),
        (wukang, xinshi_unit, S.ASSIGNED, dt.date(2026, 3, 20)),      # a sibling town
        (g, xinshi_unit, S.RESOLVED, None),
        (county, wukang_unit, S.IN_PROGRESS, dt.date(2026, 4, 2)),    # the union above
        (xinshi, xinshi_unit, S.ASSIGNED, dt.date(2026, 4, 3)),       # inside: owned anyway
        (tree.other, units[0], S.ASSIGNED, dt.date(2026, 4, 1)),      # a government unit
    ]:
        ItemFactory(union=owner, found_on=dt.date(2026, 3, 10), kind=Item.Kind.NEED,
                    category=categories[0], status=status, responsible_unit=unit, deadline=deadline)
    for union in (county, wukang, xinshi, g, all_unions_root()):
        if not uses_summary(union):
            continue
        dash = dashboard_summary(union, today=TODAY)
        counts, overdue = _dashboard_from_records(union)
        assert (dash["by_status_kind"], dash["overdue"]) == (counts, overdue), union.name
    if uses_summary(xinshi):
        assert dashboard_summary(xinshi, today=TODAY)["by_status_kind"][(S.ASSIGNED, Item.Kind.NEED)] == 3
    # the x tallies kept by refresh equal a rebuild (gonghui refresh-summaries --all)
    columns = ("level", "bucket_id", "month", "key", "day", "unit_id", "n")
    kept = sorted(MonthTally.objects.filter(key__startswith="x").values_list(*columns))
    assert kept
    rebuild()
    assert kept == sorted(MonthTally.objects.filter(key__startswith="x").values_list(*columns))
