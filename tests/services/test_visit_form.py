"""Visit entry with items added inline: one transaction, field errors, nothing half-saved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.orgs.models import Enterprise
from gonghui.services import workflow
from gonghui.services.models import Item, ItemEvent, Visit

from ..factories import EnterpriseFactory, WorkerFactory
from .pages_helpers import make_team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def entry(people, tree, category):
    return {
        "team": make_team(tree.county, "第一联系服务小组"),
        "enterprise": EnterpriseFactory(union=tree.wukang, name="浙江德清华莎制衣有限公司"),
        "category": category,
    }


def post_data(entry, people, **overrides) -> dict:
    data = {
        "date": timezone.localdate().isoformat(),
        "team": entry["team"].pk,
        "target_type": "enterprise",
        "target": f"e:{entry['enterprise'].pk}",
        "visitors": [people.officer.pk, people.wukang_officer.pk],
        "notes": "座谈了解用工情况",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "difficulty",
        "items-0-category": entry["category"].pk,
        "items-0-subject": "职工子女入学困难",
        "items-0-description": "三名外来务工人员子女入学",
        "items-0-persons_affected": "3",
        "items-1-kind": "need",
        "items-1-category": entry["category"].pk,
        "items-1-subject": "技能培训需求",
        "items-1-persons_affected": "1",
        "items-2-persons_affected": "1",  # an untouched empty row
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def counts() -> tuple[int, int, int]:
    return Visit.objects.count(), Item.objects.count(), ItemEvent.objects.count()


def test_the_form_renders_with_scoped_choices(client, people, entry):
    client.force_login(people.officer)
    response = client.get(reverse("visit_create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "第一联系服务小组" in html and "浙江德清华莎制衣有限公司" in html
    assert 'name="items-TOTAL_FORMS"' in html and 'name="items-0-subject"' in html
    assert 'hx-get="/visits/new/item-row/"' in html


def test_saving_creates_the_visit_and_registers_each_item(client, people, entry, tree):
    client.force_login(people.officer)
    response = client.post(reverse("visit_create"), post_data(entry, people))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/visits/{visit.pk}/"
    assert (visit.union, visit.team, visit.enterprise, visit.target_type, visit.created_by) == (
        tree.county, entry["team"], entry["enterprise"], "enterprise", people.officer)
    assert set(visit.visitors.all()) == {people.officer, people.wukang_officer}
    items = list(visit.items.order_by("id").values_list(
        "kind", "subject", "persons_affected", "status", "union", "found_on"))
    assert items == [
        ("difficulty", "职工子女入学困难", 3, "registered", tree.county.pk, visit.date),
        ("need", "技能培训需求", 1, "registered", tree.county.pk, visit.date),
    ]
    assert ItemEvent.objects.filter(action="register", actor=people.officer).count() == 2


def test_the_same_form_sent_twice_records_one_visit(client, people, entry):
    """Fresh-eyes finding: a resubmit or network retry recorded the visit and its items
    twice. The form's submission key makes the second send open the first visit."""
    client.force_login(people.officer)
    page = client.get(reverse("visit_create")).content.decode()
    key = re.search(r'name="submission" value="([0-9a-f]{32})"', page).group(1)
    first = client.post(reverse("visit_create"), post_data(entry, people, submission=key))
    again = client.post(reverse("visit_create"), post_data(entry, people, submission=key),
                        follow=True)
    visit = Visit.objects.get()
    assert counts() == (1, 2, 2)
    assert first["Location"] == again.redirect_chain[-1][0] == f"/visits/{visit.pk}/"
    assert "This visit was already recorded" in again.content.decode()
    # A new form (a new key) records a new visit.
    other = re.search(r'name="submission" value="([0-9a-f]{32})"',
                      client.get(reverse("visit_create")).content.decode()).group(1)
    assert other != key
    client.post(reverse("visit_create"), post_data(entry, people, submission=other))
    assert counts() == (2, 4, 4)


def test_household_visit(client, people, entry, tree):
    worker = WorkerFactory(union=tree.wukang, name="张秀英", in_hardship=True)
    client.force_login(people.officer)
    response = client.post(reverse("visit_create"), post_data(
        entry, people, target_type="household", target=f"w:{worker.pk}", **{"items-TOTAL_FORMS": "0"}))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.target_type, visit.worker, visit.enterprise) == ("household", worker, None)


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"date": None}, "date", "This field is required."),
        ({"date": "2026-02-30"}, "date", "Enter a valid date."),
        ({"date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "date",
         "A visit cannot be dated in the future."),
        ({"target": None}, "target", "This field is required."),
        ({"target_type": "household"}, "target", "Select a valid choice."),
        ({"target_type": "rocket"}, "target_type", "Select a valid choice."),
        ({"date": "1900-01-01"}, "date", "A visit cannot be dated before 2000-01-01."),
        ({"notes": "长" * 5001}, "notes", "Ensure this value has at most 5000 characters"),
    ],
)
def test_bad_visit_fields_show_the_field_and_save_nothing(client, people, entry, overrides,
                                                         field, message):
    client.force_login(people.officer)
    before = counts()
    response = client.post(reverse("visit_create"), post_data(entry, people, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in errors[field][0]
    assert "Nothing was saved" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"items-1-subject": ""}, "subject", "This field is required."),
        ({"items-1-persons_affected": "0"}, "persons_affected",
         "Ensure this value is greater than or equal to 1."),
        ({"items-1-persons_affected": "2147483648"}, "persons_affected",
         "Ensure this value is less than or equal to 10000."),
        ({"items-1-description": "x" * 5001}, "description",
         "Ensure this value has at most 5000 characters"),
        ({"items-1-kind": "wish"}, "kind", "Select a valid choice."),
        ({"items-2-subject": "只填了事项"}, "kind", "This field is required."),
    ],
)
def test_an_invalid_item_shows_the_field_and_saves_nothing(client, people, entry, overrides,
                                                          field, message):
    client.force_login(people.officer)
    before = counts()
    response = client.post(reverse("visit_create"), post_data(entry, people, **overrides))
    assert response.status_code == 200
    row_errors = [form.errors for form in response.context["formset"] if form.errors]
    assert len(row_errors) == 1 and message in row_errors[0][field][0]
    html = response.content.decode()
    assert f"{message}" in html
    assert counts() == before


def test_a_refusal_while_registering_rolls_back_the_whole_visit(client, people, entry,
                                                                 monkeypatch):
    real = workflow.item_register
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs["subject"])
        if len(calls) == 2:
            raise DomainError("refused for the test")
        return real(**kwargs)

    monkeypatch.setattr(workflow, "item_register", second_fails)
    client.force_login(people.officer)
    before = counts()
    response = client.post(reverse("visit_create"), post_data(entry, people))
    assert response.status_code == 200
    assert "refused for the test" in response.content.decode()
    assert counts() == before and calls == ["职工子女入学困难", "技能培训需求"]


def test_a_leader_may_not_record_visits(client, people, entry):
    client.force_login(people.leader)
    assert client.get(reverse("visit_create")).status_code == 403
    before = counts()
    assert client.post(reverse("visit_create"), post_data(entry, people)).status_code == 403
    assert counts() == before


def test_htmx_add_item_row_and_target_options(client, people, entry, tree):
    worker = WorkerFactory(union=tree.wukang, name="周匠心", title="craftsman")
    client.force_login(people.officer)
    row = client.get(reverse("visit_item_form"), {"items-TOTAL_FORMS": "2"},
                     headers={"HX-Request": "true"}).content.decode()
    assert 'name="items-2-subject"' in row and 'name="items-1-subject"' not in row
    assert 'id="id_items-TOTAL_FORMS" value="3" hx-swap-oob="true"' in row
    assert " required" not in row  # an added row may stay empty, like the formset's own
    options = client.get(reverse("visit_targets"), {"target_type": "model_worker"}).content.decode()
    assert f'value="w:{worker.pk}"' in options and "e:" not in options
    kept = client.get(reverse("visit_targets"),
                      {"target_type": "model_worker", "target": f"w:{worker.pk}"}).content.decode()
    assert f'value="w:{worker.pk}" selected' in kept
    assert Enterprise.objects.count() == 1


def test_add_item_without_javascript_redisplays_one_more_row(client, people, entry):
    client.force_login(people.officer)
    before = counts()
    response = client.post(reverse("visit_create"),
                           post_data(entry, people, add_item="1", target=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" not in html and "is-invalid" not in html  # not saving yet
    assert 'value="技能培训需求"' in html  # what was typed is kept
    assert response.context["formset"].total_form_count() == 4
    assert 'name="items-3-subject"' in response.content.decode()
    assert counts() == before
