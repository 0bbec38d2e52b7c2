"""The recuperation administration pages: rules (dated, per union, the strictest limit
of the chain applying), bases and routes; 403 for other roles, 404 for another scope's
records, field errors with nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.accounts.models import Role
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.recuperation import services
from gonghui.recuperation.models import Base, Route, Rules

from ..factories import UserFactory

D = Decimal
pytestmark = pytest.mark.django_db
RULES = {"effective_from": "2024-01-01", "max_cost_per_day": "400",
         "max_cost_per_year": "2000", "max_days": "5", "max_days_paired": "7",
         "source": "县总工会疗休养管理办法"}


def errors(response) -> dict[str, list[str]]:
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


@pytest.fixture
def admins(tree):
    return {
        "county": UserFactory(username="c_admin", role=Role.ADMIN, union=tree.county),
        "wukang": UserFactory(username="wk_admin", role=Role.ADMIN, union=tree.wukang),
        "xinshi": UserFactory(username="xs_admin", role=Role.ADMIN, union=tree.xinshi),
    }


def test_admin_sets_and_edits_rules(client, tree, admins):
    client.force_login(admins["county"])
    new = reverse("recuperation:manage_rules_create")
    response = client.post(new, {**RULES, "max_days_paired": "4"})
    assert errors(response) == {
        "max_days_paired": ["May not be shorter than the maximum days."]}
    response = client.post(new, {**RULES, "max_cost_per_day": "0", "max_days": "0"})
    assert errors(response) == {
        "max_cost_per_day": ["Ensure this value is greater than or equal to 0.01."],
        "max_days": ["Ensure this value is greater than or equal to 1."]}
    assert Rules.objects.count() == 0
    response = client.post(new, RULES)
    assert response.status_code == 302
    rules = Rules.objects.get()
    assert (rules.owner, rules.effective_from, rules.max_cost_per_day, rules.max_cost_per_year,
            rules.max_days, rules.max_days_paired) == (tree.county, dt.date(2024, 1, 1),
                                                       D("400"), D("2000"), 5, 7)
    response = client.post(new, {**RULES, "max_days": "4"})
    assert errors(response) == {"effective_from": [
        "There are rules from this day already; change those instead."]}
    edit = reverse("recuperation:manage_rules_edit", args=[rules.pk])
    assert 'value="2024-01-01"' in client.get(edit).content.decode()
    response = client.post(edit, {**RULES, "max_days": "6", "max_cost_per_year": "2400"})
    assert response.status_code == 302
    rules.refresh_from_db()
    assert (rules.max_days, rules.max_cost_per_year) == (6, D("2400"))
    page = client.get(reverse("recuperation:manage")).content.decode()
    assert "县总工会疗休养管理办法" in page


def test_rules_of_the_chain_strictest_wins(tree, admins):
    services.rules_set(actor=admins["county"], effective_from=dt.date(2024, 1, 1),
                       max_cost_per_day="400", max_cost_per_year="2000", max_days=5,
                       max_days_paired=7)
    # 武康 tightens the days and loosens the cost: the county's cost still applies.
    services.rules_set(actor=admins["wukang"], effective_from=dt.date(2024, 3, 1),
                       max_cost_per_day="600", max_cost_per_year="3000", max_days=3,
                       max_days_paired=9)
    wk = services.rules_in_force(dt.date(2024, 5, 6), tree.wukang)
    assert (wk.max_cost_per_day, wk.max_cost_per_year, wk.max_days, wk.max_days_paired,
            wk.effective_from) == (D("400"), D("2000"), 3, 7, dt.date(2024, 3, 1))
    # Before 武康's rules, and for 新市 and the county: the county's alone.
    for day, union in ((dt.date(2024, 2, 1), tree.wukang), (dt.date(2024, 5, 6), tree.xinshi),
                       (dt.date(2024, 5, 6), tree.county)):
        rules = services.rules_in_force(day, union)
        assert (rules.max_days, rules.max_cost_per_day) == (5, D("400")), union
    assert services.rules_in_force(dt.date(2024, 5, 6), tree.other) is None
    base = services.base_add(actor=admins["county"], name="莫干山疗休养基地",
                             certified_year=2020, capacity=40)
    route = services.route_add(actor=admins["county"], base=base, name="四日线", days=4,
                               price_per_day="300")
    start = dt.date(2024, 5, 6)
    with pytest.raises(DomainError, match="Maximum days: the trip lasts 4 days, the rules "
                                          "allow at most 3"):
        services.trip_plan(actor=None, route=route, union=tree.wukang, starts_on=start,
                           ends_on=start + dt.timedelta(days=3))
    trip = services.trip_plan(actor=None, route=route, union=tree.xinshi, starts_on=start,
                              ends_on=start + dt.timedelta(days=3))
    assert trip.days == 4
    # A town admin may not set rules for the county, nor change the county's rules.
    with pytest.raises(PermissionDenied):
        services.rules_set(actor=admins["wukang"], owner=tree.county,
                           effective_from=dt.date(2024, 6, 1), max_cost_per_day="1",
                           max_cost_per_year="1", max_days=1, max_days_paired=1)
    county_rules = Rules.objects.get(owner=tree.county)
    with pytest.raises(PermissionDenied):
        services.rules_update(actor=admins["wukang"], rules=county_rules,
                              effective_from=dt.date(2024, 1, 1), max_cost_per_day="1",
                              max_cost_per_year="1", max_days=1, max_days_paired=1)
    assert Rules.objects.get(owner=tree.county).max_days == 5


def test_admin_registers_bases_and_routes(client, tree, admins):
    client.force_login(admins["county"])
    new = reverse("recuperation:manage_base_create")
    response = client.post(new, {"name": "莫干山疗休养基地", "certified_year": "2020",
                                 "capacity": "0"})
    assert errors(response) == {"capacity": ["Ensure this value is greater than or equal to 1."]}
    response = client.post(new, {"name": "莫干山疗休养基地", "certified_year": "2020",
                                 "capacity": "40", "host_union": tree.county.pk})
    assert response.status_code == 302
    base = Base.objects.get()
    assert (base.owner, base.name, base.certified_year, base.capacity, base.host_union) == (
        tree.county, "莫干山疗休养基地", 2020, 40, tree.county)
    response = client.post(new, {"name": "莫干山疗休养基地", "certified_year": "2021",
                                 "capacity": "10"})
    assert errors(response) == {"name": ["A base of this name is registered already."]}
    response = client.post(reverse("recuperation:manage_base_edit", args=[base.pk]),
                           {"name": "莫干山职工疗休养基地", "certified_year": "2021",
                            "capacity": "60"})
    assert response.status_code == 302
    base.refresh_from_db()
    assert (base.name, base.certified_year, base.capacity, base.host_union) == (
        "莫干山职工疗休养基地", 2021, 60, None)
    new_route = reverse("recuperation:manage_route_create", args=[base.pk])
    response = client.post(new_route, {"name": "竹海三日线", "days": "0", "price_per_day": "-5"})
    assert set(errors(response)) == {"days", "price_per_day"}
    response = client.post(new_route, {"name": "竹海三日线", "days": "3", "price_per_day": "320"})
    assert response.status_code == 302
    route = Route.objects.get()
    assert (route.base, route.days, route.price_per_day) == (base, 3, D("320.00"))
    response = client.post(reverse("recuperation:manage_route_edit", args=[route.pk]),
                           {"name": "竹海四日线", "days": "4", "price_per_day": "300"})
    assert response.status_code == 302
    route.refresh_from_db()
    assert (route.name, route.days, route.price_per_day) == ("竹海四日线", 4, D("300.00"))
    page = client.get(reverse("recuperation:manage")).content.decode()
    assert "莫干山职工疗休养基地" in page and "竹海四日线" in page


def test_other_roles_403_and_other_scopes_404(client, tree, admins, people):
    base = services.base_add(actor=admins["wukang"], name="武康基地", certified_year=2020,
                             capacity=20)
    route = services.route_add(actor=admins["wukang"], base=base, name="一日线", days=1,
                               price_per_day="100")
    rules = services.rules_set(actor=admins["wukang"], effective_from=dt.date(2024, 1, 1),
                               max_cost_per_day="400", max_cost_per_year="2000", max_days=5,
                               max_days_paired=7)
    urls = [reverse("recuperation:manage_base_edit", args=[base.pk]),
            reverse("recuperation:manage_route_create", args=[base.pk]),
            reverse("recuperation:manage_route_edit", args=[route.pk]),
            reverse("recuperation:manage_rules_edit", args=[rules.pk])]
    for user in (people.officer, people.reviewer, people.leader, people.wukang_officer):
        client.force_login(user)
        for url in [reverse("recuperation:manage"), reverse("recuperation:manage_rules_create"),
                    reverse("recuperation:manage_base_create"), *urls]:
            assert client.get(url).status_code == 403, (user.username, url)
        assert client.post(reverse("recuperation:manage_rules_edit", args=[rules.pk]),
                           {**RULES, "max_days": "1"}).status_code == 403
    # 新市 (a sibling of 武康) and the other county: 404 on 武康's records.
    other_admin = UserFactory(username="o_admin", role=Role.ADMIN, union=tree.other)
    for user in (admins["xinshi"], other_admin):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.post(reverse("recuperation:manage_rules_edit", args=[rules.pk]),
                           {**RULES, "max_days": "1"}).status_code == 404
        assert client.post(reverse("recuperation:manage_route_edit", args=[route.pk]),
                           {"name": "x", "days": "9", "price_per_day": "1"}).status_code == 404
        assert "武康基地" not in client.get(reverse("recuperation:manage")).content.decode()
    rules.refresh_from_db()
    route.refresh_from_db()
    assert (rules.max_days, route.days) == (5, 1)
    # The county's admin changes them; 武康's admin sees the county's rules as set above.
    client.force_login(admins["county"])
    for url in urls:
        assert client.get(url).status_code == 200, url
    services.rules_set(actor=admins["county"], effective_from=dt.date(2023, 1, 1),
                       max_cost_per_day="350", max_cost_per_year="1800", max_days=4,
                       max_days_paired=6, source="县级办法")
    client.force_login(admins["wukang"])
    page = client.get(reverse("recuperation:manage")).content.decode()
    assert "县级办法" in page and "set above your union" in page
    assert reverse("recuperation:manage_rules_edit",
                   args=[Rules.objects.get(owner=tree.county).pk]) not in page


def test_manage_pages_in_chinese(client, tree, admins):
    admin = admins["county"]
    admin.language = "zh-hans"
    admin.save()
    base = services.base_add(actor=admin, name="莫干山基地", certified_year=2020, capacity=20)
    route = services.route_add(actor=admin, base=base, name="二日线", days=2, price_per_day="1")
    rules = services.rules_set(actor=admin, effective_from=dt.date(2024, 1, 1),
                               max_cost_per_day="400", max_cost_per_year="2000", max_days=5,
                               max_days_paired=7)
    client.force_login(admin)
    for url in (reverse("recuperation:manage"), reverse("recuperation:manage_rules_create"),
                reverse("recuperation:manage_base_create"),
                reverse("recuperation:manage_base_edit", args=[base.pk]),
                reverse("recuperation:manage_route_create", args=[base.pk]),
                reverse("recuperation:manage_route_edit", args=[route.pk]),
                reverse("recuperation:manage_rules_edit", args=[rules.pk])):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 200, url
    page = client.get(reverse("recuperation:manage")).content.decode()
    assert "管理疗休养" in page and "疗休养规定" in page and "莫干山基地" in page
    form = client.get(reverse("recuperation:manage_rules_create")).content.decode()
    assert "结对地区天数上限" in form
