"""``gonghui remind``: each reminder once however often it runs, and supervision that
climbs the union tree exactly one level per configured delay."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from gonghui.accounts.models import Role
from gonghui.orgs.models import Union
from gonghui.services import workflow as wf
from gonghui.services.models import Item, ItemEvent, Notification, Reminder

from ..factories import ResponsibleUnitFactory, UserFactory, add_union

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def chain(db, category, settings):
    """湖州市总工会 > 德清县总工会 > 武康街道总工会; a county item assigned to the town
    with the deadline Tuesday 10 March 2026."""
    settings.REMIND_DUE_SOON_DAYS = 3
    settings.SUPERVISION_DELAY_DAYS = 2
    city = add_union("湖州市总工会", level=Union.Level.CITY)
    county = add_union("德清县总工会", city)
    town = add_union("武康街道总工会", county, level=Union.Level.TOWN)
    people = {
        "city_leader": UserFactory(role=Role.LEADER, union=city, email="city@example.cn"),
        "county_leader": UserFactory(role=Role.LEADER, union=county),
        "county_reviewer": UserFactory(role=Role.REVIEWER, union=county),
        "town_officer": UserFactory(role=Role.OFFICER, union=town, email="town@example.cn"),
    }
    unit = ResponsibleUnitFactory(name="武康街道总工会", kind="union", union=town, owner=county)
    reviewer = people["county_reviewer"]
    item = wf.item_register(actor=reviewer, union=Union.objects.get(pk=county.pk),
                            kind=Item.Kind.NEED, category=category, subject="职工食堂改造")
    item = wf.item_accept(item=item, actor=reviewer, version=1)
    item = wf.item_assign(item=item, actor=reviewer, version=2, unit=unit,
                          deadline=D(2026, 3, 10), today=D(2026, 3, 2))
    return item, people, {"city": city, "county": county, "town": town}


def run(day: dt.date) -> str:
    out = StringIO()
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 8, tzinfo=SHANGHAI),
                             tick=False):
        call_command("remind", stdout=out)
    return out.getvalue().strip()


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("message",
                                                                                  flat=True))


def test_run_twice_records_each_reminder_once(chain):
    item, people, _unions = chain
    # Wednesday 4 March: 5, 6, 9, 10 March left (4 > 3); Thursday 5 March: 3 left.
    assert run(D(2026, 3, 4)) == "due_soon=0 overdue=0 supervision=0 already_recorded=0"
    assert run(D(2026, 3, 5)) == "due_soon=1 overdue=0 supervision=0 already_recorded=0"
    assert run(D(2026, 3, 5)) == "due_soon=0 overdue=0 supervision=0 already_recorded=1"
    assert run(D(2026, 3, 9)) == "due_soon=0 overdue=0 supervision=0 already_recorded=1"
    assert run(D(2026, 3, 11)) == "due_soon=0 overdue=1 supervision=0 already_recorded=0"
    assert run(D(2026, 3, 11)) == "due_soon=0 overdue=0 supervision=0 already_recorded=1"
    assert Reminder.objects.filter(item=item).count() == 2
    assert inbox(people["town_officer"]) == [
        f"Item #{item.pk} 职工食堂改造 is due on 2026-03-10 (3 working days left).",
        f"Item #{item.pk} 职工食堂改造 is overdue: the deadline was 2026-03-10.",
    ]
    assert len(inbox(people["county_reviewer"])) == 1  # the owning side hears of overdue
    actions = list(ItemEvent.objects.filter(item=item, action__startswith="remind_")
                   .values_list("action", flat=True))
    assert actions == ["remind_due_soon", "remind_overdue"]


def test_supervision_climbs_one_level_per_delay(chain):
    item, people, unions = chain
    # Late working days after 10 March: 11 (1), 12 (2), 13 (3), 16 (4), 17 (5).
    assert run(D(2026, 3, 12)).endswith("supervision=0 already_recorded=0")  # late 2: not > 2
    assert run(D(2026, 3, 13)).endswith("supervision=1 already_recorded=1")  # late 3 > 2
    sup = Reminder.objects.get(kind="supervision")
    assert (sup.level, sup.union_id) == (1, unions["county"].pk)
    assert run(D(2026, 3, 16)).endswith("supervision=0 already_recorded=2")  # late 4: not > 4
    assert run(D(2026, 3, 17)).endswith("supervision=1 already_recorded=2")  # late 5 > 4
    assert run(D(2026, 3, 31)).endswith("supervision=0 already_recorded=3")  # no union above city
    levels = list(Reminder.objects.filter(kind="supervision").order_by("level")
                  .values_list("level", "union__name"))
    assert levels == [(1, "德清县总工会"), (2, "湖州市总工会")]
    assert inbox(people["county_leader"]) == [
        f"Supervision by 德清县总工会: item #{item.pk} 职工食堂改造 is 3 working days late "
        "(deadline 2026-03-10)."]
    assert len(inbox(people["city_leader"])) == 1
    events = ItemEvent.objects.filter(item=item, action="remind_supervision").order_by("id")
    assert [e.data["union"] for e in events] == ["德清县总工会", "湖州市总工会"]


def test_a_new_deadline_makes_reminders_due_again(chain):
    item, people, _unions = chain
    run(D(2026, 3, 11))
    wf.extension_request(item=item, actor=people["town_officer"], version=item.version, days=5,
                         reason="设备采购")
    wf.extension_decide(item=item, actor=people["county_reviewer"], version=item.version + 1,
                        approve=True)
    assert Item.objects.get(pk=item.pk).deadline == D(2026, 3, 17)
    assert run(D(2026, 3, 12)).startswith("due_soon=1 overdue=0")


def test_email_adapter_behind_the_setting(chain, settings, django_capture_on_commit_callbacks):
    settings.GONGHUI_NOTIFY_BACKENDS = ["gonghui.services.notify.InAppBackend",
                                        "gonghui.services.notify.EmailBackend"]
    with django_capture_on_commit_callbacks(execute=True):  # mail goes after the commit
        run(D(2026, 3, 6))
    assert [m.to for m in mail.outbox] == [["town@example.cn"]]
    assert "is due on 2026-03-10" in mail.outbox[0].body


def test_inbox_page_shows_only_my_messages_and_marks_them_read(chain, client):
    item, people, _unions = chain
    run(D(2026, 3, 11))
    client.force_login(people["town_officer"])
    html = client.get(reverse("inbox")).content.decode()
    assert "is overdue: the deadline was 2026-03-10" in html, html[html.find("<main"):][:1500]
    assert "1 unread" in html
    client.post(reverse("inbox"))
    assert not Notification.objects.filter(user=people["town_officer"], read_at=None).exists()
    client.force_login(people["city_leader"])
    assert "职工食堂改造" not in client.get(reverse("inbox")).content.decode()


def test_co_handling_unions_hear_due_soon_and_overdue_while_their_part_is_open(chain):
    """Decision 0009: the union working a co-handling part is told of the item's deadline
    like the lead unit's union, until its part is resolved."""
    item, people, unions = chain
    qianyuan = add_union("乾元镇总工会", unions["county"], level=Union.Level.TOWN)
    xinshi = add_union("新市镇总工会", unions["county"], level=Union.Level.TOWN)
    qy_officer = UserFactory(role=Role.OFFICER, union=qianyuan)
    xs_officer = UserFactory(role=Role.OFFICER, union=xinshi)
    reviewer = people["county_reviewer"]
    qy_unit = ResponsibleUnitFactory(name="乾元镇总工会", kind="union", union=qianyuan,
                                     owner=unions["county"])
    xs_unit = ResponsibleUnitFactory(name="新市镇总工会", kind="union", union=xinshi,
                                     owner=unions["county"])
    wf.co_unit_add(item=item, actor=reviewer, version=item.version, unit=qy_unit,
                   part="核实乾元厂区食堂")
    item = Item.objects.get(pk=item.pk)
    xs_part = wf.co_unit_add(item=item, actor=reviewer, version=item.version, unit=xs_unit,
                             part="核实新市厂区食堂")
    item = Item.objects.get(pk=item.pk)
    wf.co_unit_resolve(item=item, actor=xs_officer, version=item.version, co_unit=xs_part,
                       resolution="已核实")
    assert run(D(2026, 3, 5)) == "due_soon=1 overdue=0 supervision=0 already_recorded=0"
    assert run(D(2026, 3, 11)) == "due_soon=0 overdue=1 supervision=0 already_recorded=0"
    assert inbox(qy_officer) == [
        f"Item #{item.pk} 职工食堂改造 is due on 2026-03-10 (3 working days left).",
        f"Item #{item.pk} 职工食堂改造 is overdue: the deadline was 2026-03-10.",
    ]
    assert inbox(xs_officer) == []  # its part is resolved
    assert len(inbox(people["town_officer"])) == 2  # the lead unit's union as before
    assert len(inbox(reviewer)) == 1  # the owning side hears of overdue once
