"""The item list at scale: keyset pages with signed cursors, counts that are exact,
estimated or bounded, and a number of queries that does not grow with the data."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core.paging import (
    KeysetPaginator,
    LeanPaginator,
    RowCount,
    count_rows,
    estimate_rows,
    round_estimate,
)
from gonghui.core.sqlcache import RowsById
from gonghui.orgs.models import Union
from gonghui.services import views
from gonghui.services.models import Item

from ..factories import ItemFactory, UserFactory, add_union
from .pages_helpers import make_team, make_visit, register, to_in_progress

pytestmark = pytest.mark.django_db


def _items(union, category, n, prefix="事项"):
    return [ItemFactory(union=union, category=category, subject=f"{prefix}{i:03d}")
            for i in range(n)]


def _walk(paginator, direction="next", start=None):
    """Pages from ``start`` following ``direction`` cursors: [(number, [pk, ...]), ...]."""
    pages, cursor = [], start
    while True:
        page = paginator.page(cursor)
        pages.append((page.number, [item.pk for item in page]))
        cursor = page.next_cursor if direction == "next" else page.previous_cursor
        if cursor is None:
            return pages


# --- the paginator ----------------------------------------------------------------------


def test_keyset_pages_walk_forwards_and_back_in_order_with_ties(tree, category):
    made = _items(tree.county, category, 12)
    same = timezone.now()
    Item.objects.filter(pk__in=[m.pk for m in made[3:9]]).update(created_at=same)  # ties
    qs = Item.objects.all()
    expected = list(qs.order_by("-created_at", "-id").values_list("pk", flat=True))
    pager = KeysetPaginator(qs, 5, keys=("-created_at", "-id"), context="t")
    forward = _walk(pager)
    assert [n for n, _ids in forward] == [1, 2, 3]
    assert [pk for _n, ids in forward for pk in ids] == expected
    last = pager.page(pager.page(pager.page(None).next_cursor).next_cursor)
    assert last.has_next is False and last.has_previous is True
    back = _walk(pager, "previous", start=last.previous_cursor)
    assert back == [(2, expected[5:10]), (1, expected[:5])]
    assert pager.page(None).count == RowCount(12, "exact")
    assert pager.page(None).num_pages == 3


def test_keyset_nullable_key_puts_nulls_last_both_ways(tree, category):
    made = _items(tree.county, category, 9)
    base = dt.date(2026, 3, 1)
    deadlines = [base, None, base + dt.timedelta(days=2), None, base, base + dt.timedelta(days=1),
                 None, base + dt.timedelta(days=2), None]
    for item, deadline in zip(made, deadlines, strict=True):
        Item.objects.filter(pk=item.pk).update(deadline=deadline)
    with_deadline = sorted((d, m.pk) for m, d in zip(made, deadlines, strict=True) if d)
    expected = [pk for _d, pk in with_deadline] + sorted(
        m.pk for m, d in zip(made, deadlines, strict=True) if d is None)
    pager = KeysetPaginator(Item.objects.all(), 2, keys=("deadline", "id"), nullable=True,
                            context="d")
    forward = _walk(pager)
    assert [pk for _n, ids in forward for pk in ids] == expected
    assert [n for n, _ids in forward] == [1, 2, 3, 4, 5]
    # page 3 spans the two segments; walk back from the last page to the first
    assert forward[2][1] == expected[4:6]
    last_page = pager.page(None)
    while last_page.has_next:
        last_page = pager.page(last_page.next_cursor)
    back = _walk(pager, "previous", start=last_page.previous_cursor)
    assert [ids for _n, ids in back] == [expected[6:8], expected[4:6], expected[2:4], expected[0:2]]


def test_a_tampered_or_foreign_cursor_opens_the_first_page(tree, category):
    _items(tree.county, category, 7)
    qs = Item.objects.all()
    pager = KeysetPaginator(qs, 3, keys=("-created_at", "-id"), context="mine")
    second = pager.page(None).next_cursor
    assert pager.page(second).number == 2
    tampered = second[:-3] + ("AAA" if not second.endswith("AAA") else "BBB")
    assert pager.page(tampered).number == 1
    assert pager.page("not-a-cursor").number == 1
    other = KeysetPaginator(qs, 3, keys=("-created_at", "-id"), context="other filters")
    assert other.page(second).number == 1
    assert [i.pk for i in other.page(second)] == [i.pk for i in other.page(None)]


def test_counts_exact_bounded_and_estimated(tree, category):
    _items(tree.county, category, 30)
    _items(tree.other, category, 10)
    qs = Item.objects.all()
    assert count_rows(qs, exact_cap=50) == RowCount(40, "exact")
    assert count_rows(qs, exact_cap=25) == RowCount(25, "more_than")
    # a sample of 8 runs of 2 keys over the 40: county items are the first 30 keys
    county = Item.objects.filter(union=tree.county)
    estimate = estimate_rows(county, exact_below=5, sample=16, stripes=8, min_hits=4)
    assert estimate.kind == "estimate" and 20 <= estimate.n <= 40
    # too few rows to sample: counted
    assert estimate_rows(county, sample=100) == RowCount(30, "exact")
    assert [round_estimate(n) for n in (7, 99, 1234, 56789, 2_049_999)] == [
        7, 99, 1200, 57000, 2_000_000]


def test_rows_by_id_reuse_their_sql_and_match_the_orm(tree, category, monkeypatch):
    from django.db.models.sql.compiler import SQLCompiler

    made = _items(tree.county, category, 7)
    unit_item = made[2]
    fields = ("id", "subject", "union__name", "category__name", "responsible_unit__name")
    reader = RowsById(Item.objects.all(), fields)

    def orm(ids):
        return sorted(Item.objects.filter(pk__in=ids).values_list(*fields))

    first, second = [m.pk for m in made[:3]], [m.pk for m in made[4:7]]
    names, rows = reader(first)
    assert names == fields and sorted(rows) == orm(first)
    assert rows[0][2] == "德清县总工会" and rows[0][4] is None and unit_item.pk in first
    expected, one = orm(second), orm([made[3].pk])
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql",
                        lambda self, *a, **k: compiled.append(self) or original(self, *a, **k))
    assert sorted(reader(second)[1]) == expected  # the same number of keys: no compiling
    assert compiled == []
    assert reader([made[3].pk])[1] == one and len(compiled) == 1  # one key: compiled once
    monkeypatch.undo()
    assert reader([]) == (fields, [])
    # a paginator reads its rows through such a function
    objects = lambda ids: [SimpleNamespace(pk=row[0], subject=row[1])  # noqa: E731
                           for row in reader(ids)[1]]
    pager = KeysetPaginator(Item.objects.all(), 5, keys=("-created_at", "-id"), fetch=objects)
    assert [row.subject for row in pager.page(None)] == [f"事项{i:03d}" for i in (6, 5, 4, 3, 2)]


def test_parts_counted_in_one_statement_and_key_runs_as_django_writes_them(people, tree,
                                                                           category):
    from django.db.models import F, Q

    from gonghui.core.paging import KeyRuns, count_parts

    _items(tree.county, category, 5)
    _items(tree.wukang, category, 3)
    _items(tree.other, category, 4)
    parts = Item.objects.visible_parts(people.officer)
    assert len(parts) == 4  # the union, the responsible unit, two co-handling parts
    with CaptureQueriesContext(connection) as ctx:
        assert count_parts(parts) == 8 == sum(part.count() for part in parts)
    assert len(ctx.captured_queries) == 1 + len(parts)
    assert count_parts([*parts, Item.objects.none()]) == 8
    assert count_parts([Item.objects.none()]) == 0 and count_parts([]) == 0
    runs = [(3, 5), (10, 12)]
    django_q = Q(pk__gte=3, pk__lt=5) | Q(pk__gte=10, pk__lt=12)
    ours, theirs = (str(Item.objects.filter(q).values("pk").query)
                    for q in (Q(KeyRuns(F("pk"), runs)), django_q))
    assert ours == theirs


def test_lean_paginator_still_caps_its_count(tree, category):
    _items(tree.county, category, 12)
    pager = LeanPaginator(Item.objects.order_by("-id"), 5, count_cap=10)
    assert pager.count == 10 and pager.capped is True


# --- the page ---------------------------------------------------------------------------


def _get(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("sort", ["", "deadline"])
def test_item_list_and_detail_queries_do_not_grow_with_the_data(client, people, tree, category,
                                                                 unit, sort):
    today = timezone.localdate()
    client.force_login(people.reviewer)  # the reviewer's page also has the bulk form
    # The first page after logging in also stamps and saves the session (renewed at most
    # once a minute afterwards: accounts.middleware.SessionIdleRenewMiddleware).
    client.get(reverse("item_list"))

    def add(n):
        team = make_team(tree.county, f"组{n}")
        for i in range(n):
            visit = make_visit(tree.county, team=team if i % 2 else None, household=bool(i % 3))
            item = ItemFactory(union=tree.county, category=category, visit=visit,
                               subject=f"事项{n}-{i}", kind=Item.Kind.DIFFICULTY)
            if i % 4 != 3:  # on the clock, some overdue, some due soon
                Item.objects.filter(pk=item.pk).update(
                    status=Item.Status.IN_PROGRESS, responsible_unit=unit,
                    deadline=today + dt.timedelta(days=i % 7 - 3))

    def measure():
        first, response = _get(client, reverse("item_list"), sort=sort)
        page = response.context["page"]
        second, deep = _get(client, reverse("item_list"), sort=sort, cursor=page.next_cursor)
        item = Item.objects.filter(union=tree.county).order_by("-id").first()
        detail, _r = _get(client, reverse("item_detail", args=[item.pk]))
        return first, second, detail, deep.context["page"].number

    add(40)  # 30 with a deadline: by deadline, pages 1 and 2 start among dated items
    few = measure()
    add(80)
    many = measure()
    assert few == many
    assert few[3] == 2
    # 10 (11 by deadline: items without one are a second walk): the session, the user
    # with their union, the walk, the count (every scope part in one statement, the
    # co-handling parts, 协办, included: core.paging.count_parts), the rows, the holiday
    # calendar, the filter's three option lists and the bulk form's units; the session
    # is not written (renewed at most once a minute). Before the parts were counted in
    # one statement: 13 (14).
    assert few[0] == (11 if sort else 10)
    assert few[1] == few[0] - 1  # page 2 counts nothing: the cursor carries it
    assert few[2] <= 10  # the detail: works_whole asked once, not four times


def test_item_list_pages_by_cursor_through_the_links(client, people, tree, category):
    client.force_login(people.officer)
    made = _items(tree.wukang, category, 27, prefix="批量")
    first = client.get(reverse("item_list"), {"kind": "need"})
    html = first.content.decode()
    assert "27 items" in html and "page 1 of 2" in html
    link = re.search(r'data-page="next" href="\?([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("kind=need&cursor=")
    second = client.get(reverse("item_list") + "?" + link)
    assert [i.pk for i in second.context["page"]] == [made[1].pk, made[0].pk]
    assert "page 2 of 2" in second.content.decode()
    assert 'data-page="previous"' in second.content.decode()


def test_item_list_by_deadline_and_open_status(client, people, tree, category, unit):
    today = timezone.localdate()
    visit = make_visit(tree.county)
    late = to_in_progress(register(people.officer, visit, category, subject="晚"),
                          people.reviewer, people.officer, unit,
                          deadline=today - dt.timedelta(days=2), today=today - dt.timedelta(days=9))
    soon = to_in_progress(register(people.officer, visit, category, subject="近"),
                          people.reviewer, people.officer, unit,
                          deadline=today + dt.timedelta(days=1), today=today)
    fresh = register(people.officer, visit, category, subject="新")
    done = to_in_progress(register(people.officer, visit, category, subject="完"),
                          people.reviewer, people.officer, unit,
                          deadline=today - dt.timedelta(days=5), today=today - dt.timedelta(days=9))
    from gonghui.services import workflow

    workflow.item_resolve(item=done, actor=people.officer, version=done.version, resolution="已办")
    client.force_login(people.officer)
    by_deadline = client.get(reverse("item_list"), {"sort": "deadline"})
    assert [i.pk for i in by_deadline.context["page"]] == [done.pk, late.pk, soon.pk, fresh.pk]
    open_only = client.get(reverse("item_list"), {"sort": "deadline", "status": "open"})
    assert [i.pk for i in open_only.context["page"]] == [late.pk, soon.pk, fresh.pk]
    html = open_only.content.decode()
    assert re.search(rf'data-item="{late.pk}".*?text-bg-danger', html, re.S)


def _city_tree():
    """A city union above two counties (the shared tree has counties as roots)."""
    city = add_union("湖州市总工会", level=Union.Level.CITY)
    a = add_union("吴兴区总工会", city, level=Union.Level.COUNTY)
    b = add_union("南浔区总工会", city, level=Union.Level.COUNTY)
    return Union.objects.get(pk=city.pk), Union.objects.get(pk=a.pk), Union.objects.get(pk=b.pk)


def test_counts_are_exact_for_a_county_and_estimated_above(client, category, monkeypatch):
    city, county_a, county_b = _city_tree()
    _items(county_a, category, 60, prefix="甲")
    _items(county_b, category, 20, prefix="乙")
    county_officer = UserFactory(union=county_a)
    city_officer = UserFactory(union=city)
    client.force_login(county_officer)
    page = client.get(reverse("item_list")).context["page"]
    assert page.count == RowCount(60, "exact")

    def small_sample(items, *, exact_below):
        return estimate_rows(items, exact_below=10, sample=40, stripes=8, min_hits=5)

    monkeypatch.setattr(views, "estimate_rows", small_sample)
    client.force_login(city_officer)
    response = client.get(reverse("item_list"))
    count = response.context["page"].count
    assert count.kind == "estimate" and 60 <= count.n <= 100
    html = response.content.decode()
    assert f"about {count.n} items" in html and 'data-count="estimate"' in html
    assert response.context["page"].num_pages is None and "page 1<" in html
    # a short list above county level is counted exactly
    few = client.get(reverse("item_list"), {"q": "乙01"}).context["page"]
    assert few.count == RowCount(10, "exact")
    # the count travels with the cursor: page 2 shows the same, counting nothing again
    second = client.get(reverse("item_list"), {"cursor": response.context["page"].next_cursor})
    assert second.context["page"].count == count


def test_counts_are_in_chinese(client, category, monkeypatch):
    city, county_a, _b = _city_tree()
    _items(county_a, category, 3)
    client.force_login(UserFactory(union=county_a, language="zh-hans"))
    assert "共 3 件事项" in client.get(reverse("item_list")).content.decode()
    monkeypatch.setattr(views, "estimate_rows", lambda items, exact_below: RowCount(1200, "estimate"))
    client.force_login(UserFactory(union=city, language="zh-hans"))
    assert "约 1200 件事项" in client.get(reverse("item_list")).content.decode()


def test_a_sibling_counts_nothing_of_ours(client, people, tree, category):
    _items(tree.wukang, category, 26)
    client.force_login(people.other_officer)
    page = client.get(reverse("item_list")).context["page"]
    assert page.count == RowCount(0, "exact") and list(page) == []


#: The row of _item_table.html before it was written in Python (views._row_html).
OLD_ROW_TEMPLATE = (
    '{% load i18n %}{% translate "overdue" as overdue_label %}{% translate "due soon" as '
    'due_soon_label %}{% for item in page %}<tr data-item="{{ item.pk }}">\n    {% if bulk_form %}<td><input type="checkbox" class="form-check-input" name="ids" value="{{ item.pk }}" form="bulk-form" aria-label="#{{ item.pk }}"></td>{% endif %}<td>{{ item.pk }}</td>\n    <td class="subject-cell"><a href="{{ item.url }}">{{ item.subject }}</a>{% if item.visit_id %}<div class="small text-muted">{{ item.target_label|default:"" }}{% if item.team_name %} · {{ item.team_name }}{% endif %}</div>{% endif %}</td>\n    <td class="d-none d-sm-table-cell">{{ item.kind_label }}{% if item.kind == "difficulty" %} <span class="small text-muted">×{{ item.persons_affected }}</span>{% endif %}</td>\n    <td class="d-none d-md-table-cell">{{ item.category.name }}</td>\n    <td class="d-none d-md-table-cell">{{ item.union.name }}</td>\n    <td class="text-nowrap d-none d-md-table-cell">{{ item.found_on_text }}</td>\n    <td><span class="badge status-badge status-{{ item.status }}">{{ item.status_label }}</span></td>\n    <td class="d-none d-md-table-cell">{% if item.responsible_unit_id %}{{ item.responsible_unit.name }}{% endif %}</td>\n    <td class="text-nowrap">{{ item.deadline_text }}\n      {% if item.is_overdue %}<span class="badge text-bg-danger">{{ overdue_label }}</span>{% elif item.is_due_soon %}<span class="badge text-bg-warning">{{ due_soon_label }}</span>{% endif %}</td>\n  </tr>{% endfor %}'  # noqa: E501
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("bulk", [False, True])
def test_rows_written_in_python_are_the_templates_rows(language, bulk):
    """Every branch of the row: overdue / due soon / neither, a difficulty's persons, a
    visit with and without team and target, no category or unit, text to escape."""
    from types import SimpleNamespace as NS

    from django.template import engines
    from django.utils import translation

    today = dt.date(2026, 3, 2)
    rows = []
    cases = [
        dict(status="in_progress", deadline=today - dt.timedelta(days=1), kind="difficulty",
             visit_id=3, team_name="第一组 <b>", target_label="A&B 公司"),
        dict(status="assigned", deadline=today + dt.timedelta(days=1), kind="need",
             visit_id=4, team_name=None, target_label=None),
        dict(status="registered", deadline=None, kind="problem", visit_id=None,
             team_name=None, target_label=None),
        dict(status="closed", deadline=today - dt.timedelta(days=9), kind="difficulty",
             visit_id=5, team_name="", target_label='"引号"'),
    ]
    for n, case in enumerate(cases, start=1):
        unit = n % 2 == 1
        rows.append(NS(
            pk=n * 1000 + 7, subject=f"事项 <script>{n}</script> & '引'", persons_affected=n,
            found_on=today, category_id=n if n != 3 else None,
            category=NS(name=f"类别<{n}>") if n != 3 else None,
            union=NS(name=f"工会 & {n}"), responsible_unit_id=n if unit else None,
            responsible_unit=NS(name=f"单位 \"{n}\"") if unit else None, **case))
    with translation.override(language):
        views._prepare_rows(rows, today)
        views._row_html(rows, bulk=bulk)
        expected = engines["django"].from_string(OLD_ROW_TEMPLATE).render(
            {"page": rows, "bulk_form": bulk})
    assert "".join(r.row_html for r in rows) == expected
    assert rows[0].is_overdue and rows[1].is_due_soon and "&lt;script&gt;" in expected


def test_filter_options_are_the_querysets_rows(people, tree, category, unit):
    """The item filter's category, team and unit options (read as (id, name) rows by SQL
    kept per scope, core.sqlcache.CompiledValues) are the rows of the fields' querysets,
    which still validate a submitted value; read once, and only when rendered."""
    from gonghui.services.forms import ItemFilterForm

    from ..factories import CategoryFactory, ResponsibleUnitFactory

    CategoryFactory(name="<精神>文化")
    for union, name in ((tree.county, "乙组"), (tree.county, "甲组"), (tree.wukang, "武康组"),
                        (tree.other, "长兴组")):
        make_team(union, name)
    ResponsibleUnitFactory(name="武康社会事务办", owner=tree.wukang)
    ResponsibleUnitFactory(name="长兴人社局", owner=tree.other)
    admin = UserFactory(username="root", union=None, is_superuser=True)
    nobody = UserFactory(username="nobody", union=None)
    for user in (people.officer, people.wukang_officer, people.other_officer, admin, nobody):
        with CaptureQueriesContext(connection) as ctx:
            form = ItemFilterForm(None, user=user)
        assert len(ctx.captured_queries) == 0
        for name in ("category", "team", "unit"):
            field = form.fields[name]
            expected = [("", field.empty_label), *((obj.pk, str(obj)) for obj in field.queryset)]
            with CaptureQueriesContext(connection) as ctx:
                assert list(field.choices) == expected
                assert list(field.choices) == expected  # kept: read once
            assert len(ctx.captured_queries) == (0 if user is nobody and name != "category"
                                                 else 1), (user, name)
    teams = ItemFilterForm(None, user=people.wukang_officer).fields["team"].choices
    assert [label for _pk, label in teams] == ["any team", "武康组"]
    team = make_team(tree.county, "丙组")
    chosen = ItemFilterForm({"team": str(team.pk)}, user=people.officer)
    assert chosen.is_valid() and chosen.cleaned_data["team"] == team
    assert f'<option value="{team.pk}" selected>丙组</option>' in str(chosen["team"])
    outside = ItemFilterForm({"team": str(team.pk)}, user=people.wukang_officer)
    assert not outside.is_valid() and "team" in outside.errors
