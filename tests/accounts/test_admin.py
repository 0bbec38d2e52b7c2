"""The Django admin: who may open it, and the scope rule inside it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.accounts.models import Role, User
from gonghui.orgs.models import ResponsibleUnit, Union
from gonghui.services.models import Category

from ..factories import CategoryFactory, ResponsibleUnitFactory, UserFactory, add_union

USERS = reverse("admin:accounts_user_changelist")


@pytest.fixture
def county_admin(people):
    people.admin.is_staff = True
    people.admin.save()
    return people.admin


@pytest.fixture
def admin_client(client, county_admin):
    client.force_login(county_admin)
    return client


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {
        str(obj.username if hasattr(obj, "username") else obj)
        for obj in response.context["cl"].result_list
    }


def test_county_admin_lists_only_the_users_of_the_county_subtree(admin_client, people):
    assert listed(admin_client.get(USERS)) == {
        "county_officer",
        "county_reviewer",
        "county_leader",
        "county_admin",
        "wukang_officer",
        "wukang_reviewer",
        "xinshi_officer",
    }  # not other_officer of 长兴县


def test_county_admin_search_does_not_reach_another_county(admin_client, people):
    assert listed(admin_client.get(USERS, {"q": "other"})) == set()


def test_county_admin_cannot_open_another_countys_user_by_id(admin_client, people):
    url = reverse("admin:accounts_user_change", args=[people.other_officer.pk])
    response = admin_client.get(url)
    assert response.status_code == 302  # "doesn't exist. Perhaps it was deleted?"
    assert response.url == reverse("admin:index")
    pw = reverse("admin:auth_user_password_change", args=[people.other_officer.pk])
    new = {"password1": "X-new-pass-987", "password2": "X-new-pass-987"}
    assert admin_client.post(pw, new).status_code == 404
    people.other_officer.refresh_from_db()
    assert people.other_officer.check_password("pw-Secret-123")


def test_a_superuser_in_scope_is_hidden_from_a_role_admin(admin_client, tree):
    boss = UserFactory(
        username="boss", role=Role.ADMIN, union=tree.county, is_superuser=True, is_staff=True
    )
    assert "boss" not in listed(admin_client.get(USERS))
    assert (
        admin_client.get(reverse("admin:accounts_user_change", args=[boss.pk])).status_code == 302
    )


def test_county_admin_adds_a_town_user_but_not_one_in_another_county(admin_client, tree):
    url = reverse("admin:accounts_user_add")
    form = admin_client.get(url).context["adminform"].form
    assert set(form.fields["union"].queryset) == {tree.county, tree.wukang, tree.xinshi}
    data = {
        "username": "wukang_new",
        "display_name": "新同事",
        "role": Role.OFFICER,
        "password1": "Zhe-Jiang-2026!",
        "password2": "Zhe-Jiang-2026!",
    }
    response = admin_client.post(url, data | {"union": tree.other.pk})
    assert response.status_code == 200
    assert "union" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="wukang_new").exists()
    response = admin_client.post(url, data)  # no union at all
    assert "union" in response.context["adminform"].form.errors
    response = admin_client.post(url, data | {"union": tree.wukang.pk})
    assert response.status_code == 302
    assert User.objects.get(username="wukang_new").union == tree.wukang


def test_county_admin_cannot_make_a_superuser(admin_client, people):
    url = reverse("admin:accounts_user_change", args=[people.wukang_officer.pk])
    response = admin_client.get(url)
    assert "is_superuser" not in response.context["adminform"].form.fields
    data = {
        "username": "wukang_officer",
        "role": Role.ADMIN,
        "union": people.wukang_officer.union_id,
        "language": "zh-hans",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
    }
    assert admin_client.post(url, data).status_code == 302
    people.wukang_officer.refresh_from_db()
    assert (people.wukang_officer.role, people.wukang_officer.is_staff) == (Role.ADMIN, True)
    assert people.wukang_officer.is_superuser is False


def test_responsible_units_are_scoped_and_their_union_choices_too(admin_client, tree, unit):
    ResponsibleUnitFactory(name="长兴县人力社保局", owner=tree.other)
    url = reverse("admin:orgs_responsibleunit_changelist")
    assert listed(admin_client.get(url)) == {"德清县人力社保局"}
    form = admin_client.get(reverse("admin:orgs_responsibleunit_add")).context["adminform"].form
    assert set(form.fields["owner"].queryset) == {tree.county, tree.wukang, tree.xinshi}
    assert set(form.fields["union"].queryset) == {tree.county, tree.wukang, tree.xinshi}
    response = admin_client.post(
        reverse("admin:orgs_responsibleunit_add"),
        {"name": "越界单位", "kind": "government", "owner": tree.other.pk, "contact": ""},
    )
    assert "owner" in response.context["adminform"].form.errors
    assert not ResponsibleUnit.objects.filter(name="越界单位").exists()


def test_county_admin_manages_the_global_category_taxonomy(admin_client):
    CategoryFactory(name="民生服务")
    CategoryFactory(name="精神文化")
    url = reverse("admin:services_category_changelist")
    assert listed(admin_client.get(url)) == {"民生服务", "精神文化"}
    response = admin_client.post(
        reverse("admin:services_category_add"),
        {"name": "法律援助", "is_active": "on", "sort_order": 3},
    )
    assert response.status_code == 302
    assert Category.objects.get(name="法律援助").sort_order == 3


@pytest.mark.parametrize(
    "name",
    [
        "admin:services_item_changelist",
        "admin:services_visit_changelist",
        "admin:orgs_union_changelist",
        "admin:orgs_worker_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_county_admin_cannot_open_the_superuser_models(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 403


def test_the_admin_index_shows_a_role_admin_only_their_models(admin_client):
    models = {
        m["object_name"]
        for app in admin_client.get(reverse("admin:index")).context["app_list"]
        for m in app["models"]
    }
    assert models == {"User", "ResponsibleUnit", "Category", "TimeLimit", "HolidaySchedule"}


@pytest.mark.parametrize("role", [Role.OFFICER, Role.REVIEWER, Role.LEADER])
@pytest.mark.parametrize("staff", [False, True])
def test_other_roles_cannot_open_the_admin_at_all(client, tree, role, staff):
    user = UserFactory(role=role, union=tree.county, is_staff=staff)
    client.force_login(user)
    for url in (reverse("admin:index"), USERS):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_a_role_admin_without_staff_status_cannot_open_the_admin(client, people):
    client.force_login(people.admin)  # role admin, is_staff False
    assert client.get(USERS).status_code == 302


def test_superuser_sees_everyone_and_items_read_only(client, people, tree, category):
    from gonghui.services import workflow as wf

    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    assert "other_officer" in listed(client.get(USERS))
    item = wf.item_register(
        actor=people.officer, union=tree.county, kind="need", category=category, subject="入托难"
    )
    url = reverse("admin:services_item_change", args=[item.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    client.post(url, {"status": "closed"})
    item.refresh_from_db()
    assert (item.status, item.version) == ("registered", 1)


def test_superuser_sees_worker_id_numbers_masked(client, tree):
    from ..factories import WorkerFactory, make_id_number

    number = make_id_number()
    WorkerFactory(name="王师傅", union=tree.county, id_number=number, phone="13812345678")
    client.force_login(User.objects.create_superuser("root", password="Root-pass-2026"))
    html = client.get(reverse("admin:orgs_worker_changelist")).content.decode()
    assert "王师傅" in html
    assert number not in html and "13812345678" not in html
    assert number[:6] in html and number[-4:] in html


# A town administrator (武康街道): the global configuration read-only, and the scoped
# models limited to the town.


@pytest.fixture
def town_client(client, tree):
    town_admin = UserFactory(
        username="wukang_admin", role=Role.ADMIN, union=tree.wukang, is_staff=True
    )
    client.force_login(town_admin)
    return client


def test_a_town_admin_sees_the_category_taxonomy_read_only(town_client):
    cat = CategoryFactory(name="民生服务", sort_order=1)
    url = reverse("admin:services_category_change", args=[cat.pk])
    response = town_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    assert listed(town_client.get(reverse("admin:services_category_changelist"))) == {"民生服务"}
    town_client.post(url, {"name": "改名了", "is_active": "on", "sort_order": 9})
    cat.refresh_from_db()
    assert (cat.name, cat.sort_order) == ("民生服务", 1)
    assert town_client.get(reverse("admin:services_category_add")).status_code == 403
    add = town_client.post(
        reverse("admin:services_category_add"), {"name": "法律援助", "sort_order": 3}
    )
    assert add.status_code == 403
    assert not Category.objects.filter(name="法律援助").exists()
    delete = reverse("admin:services_category_delete", args=[cat.pk])
    assert town_client.post(delete, {"post": "yes"}).status_code == 403
    assert Category.objects.filter(pk=cat.pk).exists()


def test_a_town_admin_cannot_add_or_change_a_time_limit(town_client):
    from gonghui.services.models import TimeLimit

    cat = CategoryFactory(name="劳动关系")
    limit = TimeLimit.objects.create(category=cat, item_class="ordinary", working_days=15)
    assert town_client.get(reverse("admin:services_timelimit_changelist")).status_code == 200
    add = town_client.post(
        reverse("admin:services_timelimit_add"),
        {"category": cat.pk, "item_class": "ordinary", "working_days": 1},
    )
    assert add.status_code == 403
    change = reverse("admin:services_timelimit_change", args=[limit.pk])
    town_client.post(change, {"category": cat.pk, "item_class": "ordinary", "working_days": 1})
    limit.refresh_from_db()
    assert limit.working_days == 15
    assert TimeLimit.objects.count() == 1


def test_a_town_admin_cannot_add_a_holiday_schedule(town_client):
    from gonghui.services.models import HolidaySchedule

    url = reverse("admin:services_holidayschedule_add")
    assert town_client.get(url).status_code == 403
    assert town_client.post(url, {"year": 2031, "source": "国办发"}).status_code == 403
    assert not HolidaySchedule.objects.exists()
    assert town_client.get(reverse("admin:services_holidayschedule_changelist")).status_code == 200


def test_a_root_union_admin_changes_a_time_limit(admin_client, tree):
    from gonghui.services.models import TimeLimit

    assert tree.county.depth == 1  # the test tree's county is a root
    cat = CategoryFactory(name="劳动关系")
    limit = TimeLimit.objects.create(category=cat, item_class="ordinary", working_days=15)
    change = reverse("admin:services_timelimit_change", args=[limit.pk])
    response = admin_client.post(
        change, {"category": cat.pk, "item_class": "ordinary", "working_days": 10}
    )
    assert response.status_code == 302
    limit.refresh_from_db()
    assert limit.working_days == 10


def test_an_admin_below_the_root_sees_the_configuration_read_only(client, tree):
    city = add_union("湖州市总工会", level=Union.Level.CITY)
    county = add_union("安吉县总工会", city)
    user = UserFactory(username="aj_admin", role=Role.ADMIN, union=county, is_staff=True)
    client.force_login(user)
    cat = CategoryFactory(name="民生服务")
    response = client.get(reverse("admin:services_category_change", args=[cat.pk]))
    assert response.context["has_change_permission"] is False
    assert client.get(reverse("admin:services_category_add")).status_code == 403


def test_a_town_admin_lists_only_the_towns_users_and_units(town_client, people, tree, unit):
    assert listed(town_client.get(USERS)) == {"wukang_officer", "wukang_reviewer", "wukang_admin"}
    ResponsibleUnitFactory(name="武康街道劳动保障所", owner=tree.wukang)
    ResponsibleUnitFactory(name="新市镇劳动保障所", owner=tree.xinshi)
    units = reverse("admin:orgs_responsibleunit_changelist")
    assert listed(town_client.get(units)) == {"武康街道劳动保障所"}
    for obj in (unit, ResponsibleUnit.objects.get(name="新市镇劳动保障所")):
        url = reverse("admin:orgs_responsibleunit_change", args=[obj.pk])
        assert town_client.get(url).status_code == 302  # as if it did not exist
        town_client.post(url, {"name": "改名", "kind": "government", "owner": tree.wukang.pk})
        obj.refresh_from_db()
        assert obj.name != "改名"
    for other in (people.officer, people.xinshi_officer, people.admin):
        url = reverse("admin:accounts_user_change", args=[other.pk])
        assert town_client.get(url).status_code == 302


def test_a_town_admin_cannot_move_a_user_out_of_the_town(town_client, people, tree):
    url = reverse("admin:accounts_user_change", args=[people.wukang_officer.pk])
    form = town_client.get(url).context["adminform"].form
    assert set(form.fields["union"].queryset) == {tree.wukang}
    data = {
        "username": "wukang_officer",
        "role": Role.OFFICER,
        "language": "zh-hans",
        "is_active": "on",
    }
    for union in (tree.county, tree.xinshi):
        response = town_client.post(url, data | {"union": union.pk})
        assert response.status_code == 200
        assert "union" in response.context["adminform"].form.errors
    people.wukang_officer.refresh_from_db()
    assert people.wukang_officer.union == tree.wukang
    add = town_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "x_new", "role": Role.OFFICER, "union": tree.county.pk,
         "password1": "Zhe-Jiang-2026!", "password2": "Zhe-Jiang-2026!"},
    )
    assert "union" in add.context["adminform"].form.errors
    assert not User.objects.filter(username="x_new").exists()


def test_a_root_union_admin_enters_a_holiday_schedule_with_its_days(admin_client):
    from gonghui.services.models import HolidaySchedule

    url = reverse("admin:services_holidayschedule_add")
    assert len(admin_client.get(url).context["inline_admin_formsets"]) == 1
    data = {
        "year": 2031, "source": "国办发明电〔2030〕7号",
        "days-TOTAL_FORMS": "2", "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2031-01-01", "days-0-kind": "holiday", "days-0-name": "元旦",
        "days-1-date": "2031-01-05", "days-1-kind": "workday", "days-1-name": "",
    }
    assert admin_client.post(url, data).status_code == 302
    schedule = HolidaySchedule.objects.get(year=2031)
    assert sorted(schedule.days.values_list("date", "kind")) == [
        (dt.date(2031, 1, 1), "holiday"), (dt.date(2031, 1, 5), "workday")]


def test_a_town_admin_sees_a_schedules_days_read_only(town_client, county_admin):
    from gonghui.services.models import HolidaySchedule, HolidayScheduleDay

    schedule = HolidaySchedule.objects.create(year=2031, entered_by=county_admin)
    HolidayScheduleDay.objects.create(schedule=schedule, date=dt.date(2031, 1, 1),
                                      kind="holiday", name="元旦")
    url = reverse("admin:services_holidayschedule_change", args=[schedule.pk])
    response = town_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "元旦" in response.content.decode()
