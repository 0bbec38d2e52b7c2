"""The close-out clock: working days with the 2025/2026 schedules and an entered 2027
schedule, time limits by class, extensions (approved re-bases, refused does not), and
returns (退回) for reassignment."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.accounts.models import Role
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.services import workflow as wf
from gonghui.services.models import ExtensionRequest, Item, ItemEvent, TimeLimit
from gonghui.services.workdays import add_working_days, is_workday

from ..factories import ResponsibleUnitFactory, UserFactory
from .helpers import register, snapshot

S = Item.Status
D = dt.date

# A 2027 schedule entered for these tests (the official one is not in the package):
# New Year 1-3 January; Spring Festival 6-14 February with make-up working days on
# Sunday 31 January and Saturday 20 February.
HOLIDAYS_2027 = [D(2027, 1, d) for d in (1, 2, 3)] + [D(2027, 2, d) for d in range(6, 15)]
WORKDAYS_2027 = [D(2027, 1, 31), D(2027, 2, 20)]


@pytest.fixture
def limits(category):
    for cls, days in (("ordinary", 5), ("difficult", 10), ("complex", 30)):
        TimeLimit.objects.create(category=category, item_class=cls, working_days=days)


def accepted(people, tree, category, subject="职工子女入托难") -> Item:
    item = register(people, tree, category, subject)
    return wf.item_accept(item=item, actor=people.reviewer, version=item.version)


def events(item, action):
    return list(ItemEvent.objects.filter(item_id=item.pk, action=action).order_by("id"))


# ------------------------------------------------------------------- working days


@pytest.mark.django_db
def test_national_day_2025_holiday_and_make_up_days():
    # 1-8 October 2025 off; Sunday 28 September and Saturday 11 October are working days.
    assert is_workday(D(2025, 9, 28)) == (True, False)
    assert is_workday(D(2025, 10, 8)) == (False, False)
    assert is_workday(D(2025, 10, 11)) == (True, False)
    assert add_working_days(D(2025, 9, 26), 3).date == D(2025, 9, 30)  # 28, 29, 30
    assert add_working_days(D(2025, 9, 30), 1).date == D(2025, 10, 9)
    assert add_working_days(D(2025, 9, 30), 3).date == D(2025, 10, 11)


@pytest.mark.django_db
def test_national_day_2026_holiday_and_make_up_days():
    # 1-7 October 2026 off; Sunday 20 September and Saturday 10 October are working days.
    assert add_working_days(D(2026, 9, 18), 1).date == D(2026, 9, 20)
    assert add_working_days(D(2026, 9, 30), 3) == add_working_days(D(2026, 9, 30), 3)
    assert add_working_days(D(2026, 9, 30), 3).date == D(2026, 10, 10)


@pytest.mark.parametrize(
    ("item_class", "due"),
    [("ordinary", D(2025, 10, 10)), ("difficult", D(2025, 10, 16)), ("complex", D(2025, 11, 13))],
)
def test_time_limit_by_class_across_national_day_2025(people, tree, category, unit, limits,
                                                      item_class, due):
    """From Friday 26 September 2025: ordinary 5 (28 Sep, 29, 30, 9 Oct, 10), difficult
    10 (... 11 Oct Saturday, 13, 14, 15, 16), especially complex 30 (... 10-13 Nov)."""
    item = accepted(people, tree, category)
    wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                   item_class=item_class, today=D(2025, 9, 26))
    item = Item.objects.get(pk=item.pk)
    assert (item.item_class, item.deadline, item.deadline_provisional) == (item_class, due, False)
    assert (item.deadline_base, item.time_limit_days) == (
        D(2025, 9, 26), {"ordinary": 5, "difficult": 10, "complex": 30}[item_class])


def test_time_limit_by_class_across_spring_festival_2026(people, tree, category, unit, limits):
    # From Friday 13 February 2026, difficult (10): 14 (make-up Saturday), 24-28 (28 is
    # a make-up Saturday), 2, 3, 4, 5 March.
    item = accepted(people, tree, category)
    wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                   item_class="difficult", today=D(2026, 2, 13))
    assert Item.objects.get(pk=item.pk).deadline == D(2026, 3, 5)


def test_assign_without_limit_or_deadline_is_refused(people, tree, category, unit):
    item = accepted(people, tree, category)
    before = snapshot(item)
    with pytest.raises(DomainError, match="no time limit is set"):
        wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit)
    assert snapshot(item) == before


# ------------------------------------------------------------------ 2027 schedule


def test_entering_the_2027_schedule_recomputes_provisional_deadlines(
    people, tree, category, unit, limits
):
    complex_item = accepted(people, tree, category, "企业拖欠工资")
    wf.item_assign(item=complex_item, actor=people.reviewer, version=complex_item.version,
                   unit=unit, item_class="complex", today=D(2026, 12, 28))
    fixed = accepted(people, tree, category, "固定日期")
    wf.item_assign(item=fixed, actor=people.reviewer, version=fixed.version, unit=unit,
                   deadline=D(2027, 1, 20), today=D(2026, 12, 28))
    complex_item = Item.objects.get(pk=complex_item.pk)
    # Provisional: weekdays less 1 January: 29-31 Dec, 4 Jan ... 5 Feb (28), 8, 9 Feb.
    assert (complex_item.deadline, complex_item.deadline_provisional) == (D(2027, 2, 9), True)
    out = StringIO()
    call_command("workdays", "add", "2026-12-28", "30", stdout=out)
    assert out.getvalue().startswith("2027-02-09 provisional")
    fixed_before = snapshot(fixed)

    wf.holiday_schedule_enter(actor=people.admin, year=2027, holidays=HOLIDAYS_2027,
                              workdays=WORKDAYS_2027, source="国务院办公厅通知")

    complex_item = Item.objects.get(pk=complex_item.pk)
    # Now: ... 25-29 Jan (23), Sunday 31 Jan (24), 1-5 Feb (29), 15 Feb (30).
    assert (complex_item.deadline, complex_item.deadline_provisional) == (D(2027, 2, 15), False)
    assert complex_item.version == 4
    [event] = events(complex_item, "recompute")
    assert event.data == {"year": 2027, "old": "2027-02-09", "new": "2027-02-15",
                          "was_provisional": True, "provisional": False}
    assert "2027" in event.note
    assert snapshot(fixed) == fixed_before  # a fixed date is never provisional
    out = StringIO()
    call_command("workdays", "add", "2026-12-28", "30", stdout=out)
    assert out.getvalue().strip() == "2027-02-15 confirmed"
    assert is_workday(D(2027, 1, 31)) == (True, False)
    assert is_workday(D(2027, 2, 8)) == (False, False)
    assert is_workday(D(2027, 3, 1)) == (True, False)  # unlisted weekday


def test_schedule_with_a_date_of_another_year_is_refused_and_saves_nothing(people):
    from gonghui.services.models import HolidaySchedule

    with pytest.raises(DomainError, match="Dates outside 2027: 2026-12-31"):
        wf.holiday_schedule_enter(actor=people.admin, year=2027, holidays=[D(2026, 12, 31)],
                                  workdays=[])
    with pytest.raises(PermissionDenied):
        wf.holiday_schedule_enter(actor=people.reviewer, year=2027, holidays=[], workdays=[])
    assert not HolidaySchedule.objects.exists()


# ---------------------------------------------------------------------- extensions


@pytest.fixture
def on_clock(people, tree, category, unit):
    item = accepted(people, tree, category)
    return wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                          deadline=D(2026, 9, 30), today=D(2026, 9, 1))


def test_approved_extension_rebases_the_deadline_over_national_day(people, on_clock):
    req = wf.extension_request(item=on_clock, actor=people.officer, version=3, days=3,
                               reason="需协调企业财务")
    item = Item.objects.get(pk=on_clock.pk)
    assert (item.deadline, item.version) == (D(2026, 9, 30), 4)  # unchanged until approved
    assert wf.clock_actions(item, people.reviewer) == ["attach", "split", "add_co_unit",
                                                      "decide_extension"]
    assert wf.clock_actions(item, people.officer) == ["attach"]
    wf.extension_decide(item=item, actor=people.reviewer, version=4, approve=True, note="同意")
    item = Item.objects.get(pk=item.pk)
    # 8, 9 October and Saturday 10 October (make-up day).
    assert (item.deadline, item.deadline_provisional, item.version) == (D(2026, 10, 10), False, 5)
    req.refresh_from_db()
    assert (req.status, req.old_deadline, req.new_deadline, req.decided_by) == (
        "approved", D(2026, 9, 30), D(2026, 10, 10), people.reviewer)
    assert [e.action for e in ItemEvent.objects.filter(item=item).order_by("id")][-2:] == [
        "request_extension", "approve_extension"]
    assert events(item, "approve_extension")[0].data["new"] == "2026-10-10"


def test_refused_extension_changes_no_deadline(people, on_clock):
    wf.extension_request(item=on_clock, actor=people.officer, version=3, days=10, reason="忙")
    wf.extension_decide(item=on_clock, actor=people.reviewer, version=4, approve=False,
                        note="理由不充分")
    item = Item.objects.get(pk=on_clock.pk)
    assert item.deadline == D(2026, 9, 30)
    assert ExtensionRequest.objects.get().status == "refused"
    assert events(item, "refuse_extension")[0].note == "理由不充分"
    # A new request may follow a refusal.
    assert wf.clock_actions(item, people.officer) == ["attach", "request_extension"]


def test_extension_refusals_change_nothing(people, tree, on_clock):
    town_reviewer = people.wukang_reviewer
    with pytest.raises(DomainError, match="between 1 and 90"):
        wf.extension_request(item=on_clock, actor=people.officer, version=3, days=0, reason="x")
    with pytest.raises(DomainError, match="Say why"):
        wf.extension_request(item=on_clock, actor=people.officer, version=3, days=2, reason=" ")
    with pytest.raises(Conflict):
        wf.extension_request(item=on_clock, actor=people.officer, version=2, days=2, reason="x")
    with pytest.raises(DomainError, match="no extension request waiting"):
        wf.extension_decide(item=on_clock, actor=people.reviewer, version=3, approve=True)
    wf.extension_request(item=on_clock, actor=people.officer, version=3, days=2, reason="x")
    before = snapshot(on_clock)
    with pytest.raises(DomainError, match="already waiting"):
        wf.extension_request(item=on_clock, actor=people.officer, version=4, days=2, reason="y")
    with pytest.raises(PermissionDenied):
        wf.extension_decide(item=on_clock, actor=people.officer, version=4, approve=True)
    with pytest.raises(PermissionDenied):
        wf.extension_decide(item=on_clock, actor=town_reviewer, version=4, approve=True)
    other = UserFactory(role=Role.REVIEWER, union=tree.other)
    with pytest.raises(PermissionDenied, match="outside your scope"):
        wf.extension_decide(item=on_clock, actor=other, version=4, approve=True)
    assert snapshot(on_clock) == before
    assert ExtensionRequest.objects.get().status == "pending"


def test_extension_only_on_the_clock(people, tree, category):
    item = accepted(people, tree, category)
    with pytest.raises(InvalidTransition):
        wf.extension_request(item=item, actor=people.officer, version=2, days=2, reason="x")


def test_provisional_extension_is_recomputed_with_the_schedule(people, tree, category, unit):
    item = accepted(people, tree, category)
    item = wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                          working_days=3, today=D(2026, 12, 28))
    assert (item.deadline, item.deadline_provisional) == (D(2026, 12, 31), False)
    wf.extension_request(item=item, actor=people.officer, version=3, days=5, reason="x")
    wf.extension_decide(item=item, actor=people.reviewer, version=4, approve=True)
    item = Item.objects.get(pk=item.pk)
    assert (item.deadline, item.deadline_provisional) == (D(2027, 1, 8), True)  # 4-8 Jan
    wf.holiday_schedule_enter(actor=people.admin, year=2027,
                              holidays=[D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3), D(2027, 1, 4)],
                              workdays=[D(2027, 1, 9)])
    item = Item.objects.get(pk=item.pk)
    assert (item.deadline, item.deadline_provisional) == (D(2027, 1, 9), False)  # 5-8, Sat 9


# ------------------------------------------------------------------------- returns


def test_return_goes_back_to_the_reviewer_for_reassignment(people, tree, category, unit):
    town_unit = ResponsibleUnitFactory(name="武康街道总工会", kind="union", union=tree.wukang,
                                       owner=tree.county)
    item = accepted(people, tree, category)
    item = wf.item_assign(item=item, actor=people.reviewer, version=item.version,
                          unit=town_unit, working_days=5, today=D(2026, 3, 2))
    item = wf.item_start(item=item, actor=people.wukang_officer, version=item.version)
    wf.extension_request(item=item, actor=people.wukang_officer, version=item.version, days=2,
                         reason="x")
    item = wf.item_return(item=item, actor=people.wukang_officer, version=item.version + 1,
                          reason="属于人社部门职责")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.responsible_unit, item.deadline, item.time_limit_days) == (
        S.ACCEPTED, None, None, None)
    ev = events(item, "return")[0]
    assert (ev.from_status, ev.to_status, ev.note, ev.data) == (
        S.IN_PROGRESS, S.ACCEPTED, "属于人社部门职责",
        {"unit": "武康街道总工会", "deadline": "2026-03-09"})
    assert ExtensionRequest.objects.get().status == "refused"  # lapsed with the return
    # The town can no longer see it; the county reviewer reassigns.
    assert not Item.objects.visible_to(people.wukang_officer).filter(pk=item.pk).exists()
    item = wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                          working_days=5, today=D(2026, 3, 9))
    assert (item.status, item.responsible_unit, item.deadline) == (S.ASSIGNED, unit, D(2026, 3, 16))


def test_return_needs_a_reason(people, tree, category, unit):
    item = accepted(people, tree, category)
    item = wf.item_assign(item=item, actor=people.reviewer, version=item.version, unit=unit,
                          deadline=D(2026, 3, 31), today=D(2026, 3, 2))
    before = snapshot(item)
    with pytest.raises(DomainError, match="returned"):
        wf.item_return(item=item, actor=people.officer, version=item.version, reason="  ")
    assert snapshot(item) == before
