"""The close-out workflow, transition by transition, with real values.

Legal moves: status, version + 1, the timeline event (actor, action, from, to, note,
data) and each field the transition sets. Refusals: the exact DomainError subclass and
an item left exactly as it was (every column, its events and its audit history).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from gonghui.accounts.models import Role
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.services import workflow as wf
from gonghui.services.models import Item, ItemEvent

from ..factories import CategoryFactory, ResponsibleUnitFactory, UserFactory
from .helpers import ASSIGN_DEADLINE, ASSIGN_TODAY, PATHS, actor_for, call, register, snapshot, walk

S = Item.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Sources of each action, copied from ARCHITECTURE.md's diagram (not from workflow.py).
SOURCES = {
    "accept": {S.REGISTERED},
    "reject": {S.REGISTERED},
    "merge": {S.REGISTERED},
    "consult": {S.ACCEPTED},
    "conclude": {S.CONSULTING},
    "assign": {S.ACCEPTED},
    "start": {S.ASSIGNED},
    "resolve": {S.IN_PROGRESS},
    "escalate": {S.IN_PROGRESS},
    "close": {S.RESOLVED, S.ESCALATED},
    "reopen": {S.RESOLVED},
    "return": {S.ASSIGNED, S.IN_PROGRESS},
}
REVIEW_ACTIONS = ["accept", "reject", "merge", "consult", "conclude", "assign", "close", "reopen"]
WORK_ACTIONS = ["start", "resolve", "escalate", "return"]


@pytest.fixture
def ctx(people, tree, category, unit):
    """Everything a workflow test needs, plus a reviewer of the other county and a second
    registered county item to merge into."""
    other_reviewer = UserFactory(username="other_reviewer", role=Role.REVIEWER, union=tree.other)
    c = SimpleNamespace(
        people=people, tree=tree, category=category, unit=unit, other_reviewer=other_reviewer
    )
    c.target = register(people, tree, category, subject="同一企业的重复诉求")
    return c


def at(c, status: str) -> Item:
    """A fresh county item in ``status``."""
    item = register(c.people, c.tree, c.category)
    return walk(item, status, c.people, c.unit, into=c.target)


def last_event(item: Item) -> ItemEvent:
    return ItemEvent.objects.filter(item_id=item.pk).order_by("-id").first()


def assert_refused(exc_type, fn, item: Item, *, message: str | None = None, also=()):
    """``fn()`` raises exactly ``exc_type`` and changes neither ``item`` nor ``also``."""
    before = [snapshot(item)] + [snapshot(o) for o in also]
    events_before = ItemEvent.objects.count()
    with pytest.raises(DomainError) as info:
        fn()
    assert type(info.value) is exc_type, f"{type(info.value).__name__}: {info.value}"
    if message is not None:
        assert message in str(info.value)
    assert [snapshot(item)] + [snapshot(o) for o in also] == before
    assert ItemEvent.objects.count() == events_before
    return info.value


# ---------------------------------------------------------------------------- legal moves


def test_register_creates_a_registered_item_with_its_first_event(ctx):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI), tick=False):
        item = wf.item_register(
            actor=ctx.people.officer,
            union=ctx.tree.county,
            kind=Item.Kind.DIFFICULTY,
            category=ctx.category,
            subject="  职工子女入托难  ",
            description="厂区附近无公办托育机构",
            persons_affected=12,
        )
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.outcome) == (S.REGISTERED, 1, "")
    assert item.subject == "职工子女入托难"
    assert item.persons_affected == 12
    assert item.found_on == dt.date(2026, 3, 2)
    assert item.created_by == ctx.people.officer
    assert item.union == ctx.tree.county
    ev = last_event(item)
    assert (ev.actor, ev.action, ev.from_status, ev.to_status) == (
        ctx.people.officer,
        "register",
        "",
        S.REGISTERED,
    )


def test_accept(ctx):
    item = at(ctx, S.REGISTERED)
    out = wf.item_accept(item=item, actor=ctx.people.reviewer, version=1, note="属实")
    item = Item.objects.get(pk=item.pk)
    assert (out.status, item.status, item.version) == (S.ACCEPTED, S.ACCEPTED, 2)
    ev = last_event(item)
    assert (ev.actor, ev.action, ev.from_status, ev.to_status, ev.note) == (
        ctx.people.reviewer,
        "accept",
        S.REGISTERED,
        S.ACCEPTED,
        "属实",
    )
    assert item.events.count() == 2


def test_accept_by_item_id(ctx):
    item = at(ctx, S.REGISTERED)
    wf.item_accept(item=item.pk, actor=ctx.people.reviewer, version=1)
    assert Item.objects.get(pk=item.pk).status == S.ACCEPTED


def test_reject_keeps_the_reason(ctx):
    item = at(ctx, S.REGISTERED)
    wf.item_reject(item=item, actor=ctx.people.reviewer, version=1, reason="  不属于工会职责  ")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.rejection_reason) == (S.REJECTED, 2, "不属于工会职责")
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note) == (
        "reject",
        S.REGISTERED,
        S.REJECTED,
        "不属于工会职责",
    )


def test_merge_points_to_the_other_item(ctx):
    item = at(ctx, S.REGISTERED)
    target_before = snapshot(ctx.target)
    wf.item_merge(item=item, actor=ctx.people.reviewer, version=1, into=ctx.target, note="重复")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.merged_into_id) == (S.MERGED, 2, ctx.target.pk)
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note, ev.data) == (
        "merge",
        S.REGISTERED,
        S.MERGED,
        "重复",
        {"into": ctx.target.pk},
    )
    assert snapshot(ctx.target) == target_before  # the surviving item is not touched


def test_merge_by_ids(ctx):
    item = at(ctx, S.REGISTERED)
    wf.item_merge(item=item.pk, actor=ctx.people.reviewer, version=1, into=ctx.target.pk)
    assert Item.objects.get(pk=item.pk).merged_into_id == ctx.target.pk


def test_consult_then_conclude_returns_to_accepted(ctx):
    item = at(ctx, S.ACCEPTED)
    wf.item_consult(item=item, actor=ctx.people.reviewer, version=2, note="需多部门会商")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version) == (S.CONSULTING, 3)
    assert (last_event(item).from_status, last_event(item).to_status) == (S.ACCEPTED, S.CONSULTING)
    wf.item_conclude(item=item, actor=ctx.people.reviewer, version=3, note="由人社局牵头")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version) == (S.ACCEPTED, 4)
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note) == (
        "conclude",
        S.CONSULTING,
        S.ACCEPTED,
        "由人社局牵头",
    )


def test_assign_with_a_date(ctx):
    item = at(ctx, S.ACCEPTED)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        wf.item_assign(
            item=item,
            actor=ctx.people.reviewer,
            version=2,
            unit=ctx.unit,
            deadline=dt.date(2026, 3, 31),
            note="请于月底前办结",
        )
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version) == (S.ASSIGNED, 3)
    assert item.responsible_unit == ctx.unit
    assert (item.deadline, item.deadline_provisional) == (dt.date(2026, 3, 31), False)
    assert item.assigned_at == dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note) == (
        "assign",
        S.ACCEPTED,
        S.ASSIGNED,
        "请于月底前办结",
    )
    assert ev.data == {
        "unit": "德清县人力社保局",
        "deadline": "2026-03-31",
        "provisional": False,
        "class": "ordinary",
        "working_days": None,
    }
    assert (item.deadline_base, item.time_limit_days) == (dt.date(2026, 3, 31), None)


def test_assign_today_is_a_valid_deadline(ctx):
    item = at(ctx, S.ACCEPTED)
    wf.item_assign(
        item=item,
        actor=ctx.people.reviewer,
        version=2,
        unit=ctx.unit,
        deadline=dt.date(2026, 3, 2),
        today=dt.date(2026, 3, 2),
    )
    assert Item.objects.get(pk=item.pk).deadline == dt.date(2026, 3, 2)


def test_assign_in_working_days_across_spring_festival_2026(ctx):
    """Friday 13 February 2026 + 5 working days: Saturday 14 (make-up day), then the
    holiday 15-23 February is skipped: 24, 25, 26, 27 February."""
    item = at(ctx, S.ACCEPTED)
    # No ``today=``: the function's own clock (Asia/Shanghai) decides the start day.
    with time_machine.travel(dt.datetime(2026, 2, 13, 17, 0, tzinfo=SHANGHAI), tick=False):
        wf.item_assign(
            item=item, actor=ctx.people.reviewer, version=2, unit=ctx.unit, working_days=5
        )
    item = Item.objects.get(pk=item.pk)
    assert (item.deadline, item.deadline_provisional) == (dt.date(2026, 2, 27), False)
    assert last_event(item).data["deadline"] == "2026-02-27"


def test_assign_in_working_days_uses_the_shanghai_date_not_utc(ctx):
    # 23:30 UTC on 12 February is already Friday 13 February in Shanghai.
    item = at(ctx, S.ACCEPTED)
    with time_machine.travel(dt.datetime(2026, 2, 12, 23, 30, tzinfo=dt.UTC), tick=False):
        wf.item_assign(
            item=item, actor=ctx.people.reviewer, version=2, unit=ctx.unit, working_days=1
        )
    assert Item.objects.get(pk=item.pk).deadline == dt.date(2026, 2, 14)  # make-up Saturday


def test_assign_ten_working_days_from_the_eve_with_today_argument(ctx):
    item = at(ctx, S.ACCEPTED)
    wf.item_assign(
        item=item,
        actor=ctx.people.reviewer,
        version=2,
        unit=ctx.unit,
        working_days=10,
        today=dt.date(2026, 2, 13),
    )
    # 14, 24, 25, 26, 27, 28 (make-up Saturday) February, 2, 3, 4, 5 March.
    assert Item.objects.get(pk=item.pk).deadline == dt.date(2026, 3, 5)


def test_assign_into_2027_is_provisional(ctx):
    item = at(ctx, S.ACCEPTED)
    wf.item_assign(
        item=item,
        actor=ctx.people.reviewer,
        version=2,
        unit=ctx.unit,
        working_days=3,
        today=dt.date(2026, 12, 30),
    )
    item = Item.objects.get(pk=item.pk)
    # 31 December counts; 1 January 2027 fixed holiday; 2-3 January weekend; 4, 5 January.
    assert (item.deadline, item.deadline_provisional) == (dt.date(2027, 1, 5), True)
    assert last_event(item).data == {
        "unit": "德清县人力社保局",
        "deadline": "2027-01-05",
        "provisional": True,
        "class": "ordinary",
        "working_days": 3,
    }
    assert (item.deadline_base, item.time_limit_days) == (dt.date(2026, 12, 30), 3)


def test_assign_explicit_date_in_2027_is_not_provisional(ctx):
    item = at(ctx, S.ACCEPTED)
    wf.item_assign(
        item=item,
        actor=ctx.people.reviewer,
        version=2,
        unit=ctx.unit,
        deadline=dt.date(2027, 1, 15),
        today=dt.date(2026, 12, 30),
    )
    item = Item.objects.get(pk=item.pk)
    assert (item.deadline, item.deadline_provisional) == (dt.date(2027, 1, 15), False)


def test_start(ctx):
    item = at(ctx, S.ASSIGNED)
    wf.item_start(item=item, actor=ctx.people.officer, version=3, note="已联系企业")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version) == (S.IN_PROGRESS, 4)
    ev = last_event(item)
    assert (ev.actor, ev.action, ev.from_status, ev.to_status, ev.note) == (
        ctx.people.officer,
        "start",
        S.ASSIGNED,
        S.IN_PROGRESS,
        "已联系企业",
    )


def test_start_by_a_reviewer_is_allowed(ctx):
    item = at(ctx, S.ASSIGNED)
    wf.item_start(item=item, actor=ctx.people.reviewer, version=3)
    assert Item.objects.get(pk=item.pk).status == S.IN_PROGRESS


def test_resolve(ctx):
    item = at(ctx, S.IN_PROGRESS)
    with time_machine.travel(dt.datetime(2026, 3, 20, 15, 0, tzinfo=SHANGHAI), tick=False):
        wf.item_resolve(item=item, actor=ctx.people.officer, version=4, resolution=" 已协调入托 ")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.outcome) == (S.RESOLVED, 5, Item.Outcome.RESOLVED)
    assert item.resolution == "已协调入托"
    assert item.resolved_at == dt.datetime(2026, 3, 20, 15, 0, tzinfo=SHANGHAI)
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note) == (
        "resolve",
        S.IN_PROGRESS,
        S.RESOLVED,
        "已协调入托",
    )


def test_escalate(ctx):
    item = at(ctx, S.IN_PROGRESS)
    wf.item_escalate(
        item=item, actor=ctx.people.officer, version=4, target=" 湖州市总工会 ", note="超出县级权限"
    )
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.outcome) == (S.ESCALATED, 5, Item.Outcome.ESCALATED)
    assert item.escalation_target == "湖州市总工会"
    assert item.resolved_at is not None
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note, ev.data) == (
        "escalate",
        S.IN_PROGRESS,
        S.ESCALATED,
        "超出县级权限",
        {"target": "湖州市总工会"},
    )


@pytest.mark.parametrize("before", [S.RESOLVED, S.ESCALATED])
def test_close_keeps_the_outcome(ctx, before):
    item = at(ctx, before)
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        wf.item_close(
            item=item, actor=ctx.people.reviewer, version=5, satisfaction="满意", note="回访",
            evidence_statement="电话回访，职工确认已办妥",
        )
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.satisfaction) == (S.CLOSED, 6, "满意")
    assert item.outcome == (
        Item.Outcome.RESOLVED if before == S.RESOLVED else Item.Outcome.ESCALATED
    )
    assert item.closed_at == dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI)
    ev = last_event(item)
    assert (ev.actor, ev.action, ev.from_status, ev.to_status, ev.note) == (
        ctx.people.reviewer,
        "close",
        before,
        S.CLOSED,
        "回访",
    )
    assert item.events.count() == 6


def test_reopen_clears_the_outcome(ctx):
    item = at(ctx, S.RESOLVED)
    wf.item_reopen(item=item, actor=ctx.people.reviewer, version=5, reason=" 职工反映仍未入托 ")
    item = Item.objects.get(pk=item.pk)
    assert (item.status, item.version, item.outcome, item.resolved_at) == (
        S.IN_PROGRESS,
        6,
        "",
        None,
    )
    ev = last_event(item)
    assert (ev.action, ev.from_status, ev.to_status, ev.note) == (
        "reopen",
        S.RESOLVED,
        S.IN_PROGRESS,
        "职工反映仍未入托",
    )
    # Work goes on: it can be escalated this time, and the outcome follows.
    wf.item_escalate(item=item, actor=ctx.people.officer, version=6, target="湖州市总工会")
    assert Item.objects.get(pk=item.pk).outcome == Item.Outcome.ESCALATED


def test_supervise_adds_an_event_but_changes_nothing_else(ctx):
    item = at(ctx, S.ASSIGNED)
    before = snapshot(item)
    ev = wf.item_supervise(item=item, actor=ctx.people.leader, note=" 请本周内办结 ")
    after = snapshot(item)
    assert after.pop("_event_ids") == before.pop("_event_ids") + [ev.pk]
    assert after == before  # status, version, every field unchanged
    assert (ev.actor, ev.action, ev.from_status, ev.to_status, ev.note) == (
        ctx.people.leader,
        "supervise",
        S.ASSIGNED,
        S.ASSIGNED,
        "请本周内办结",
    )
    # The handlers hear of it: the responsible unit's union (fresh-eyes finding: a
    # supervision notified nobody).
    from gonghui.services.models import Notification

    handling = ctx.unit.union or ctx.unit.owner
    heard = Notification.objects.filter(item=item).values_list("user__union_id", "message")
    assert {u for u, _m in heard} == {handling.pk}
    assert {m for _u, m in heard} == {
        f"Supervision by {ctx.people.leader}: item #{item.pk} {item.subject}: 请本周内办结"}


def test_the_full_path_records_every_step(ctx):
    item = at(ctx, S.CLOSED)
    steps = list(item.events.order_by("id").values_list("action", "from_status", "to_status"))
    assert steps == [
        ("register", "", S.REGISTERED),
        ("accept", S.REGISTERED, S.ACCEPTED),
        ("assign", S.ACCEPTED, S.ASSIGNED),
        ("start", S.ASSIGNED, S.IN_PROGRESS),
        ("resolve", S.IN_PROGRESS, S.RESOLVED),
        ("close", S.RESOLVED, S.CLOSED),
    ]
    assert item.version == 6
    assert item.history.count() == 6  # the audit trail has one row per save


def test_a_town_officer_acts_on_an_item_assigned_to_the_town_union(ctx):
    """An item assigned to a unit that is the town union is in that town's scope."""
    town_unit = ResponsibleUnitFactory(
        name="武康街道总工会", kind="union", union=ctx.tree.wukang, owner=ctx.tree.county
    )
    item = at(ctx, S.ACCEPTED)
    wf.item_assign(
        item=item,
        actor=ctx.people.reviewer,
        version=2,
        unit=town_unit,
        deadline=ASSIGN_DEADLINE,
        today=ASSIGN_TODAY,
    )
    wf.item_start(item=item, actor=ctx.people.wukang_officer, version=3)
    wf.item_resolve(item=item, actor=ctx.people.wukang_officer, version=4, resolution="已办结")
    assert Item.objects.get(pk=item.pk).status == S.RESOLVED


@pytest.mark.parametrize("status", list(PATHS))
def test_allowed_actions_match_the_diagram(ctx, status):
    item = at(ctx, status)
    expected = {a for a, sources in SOURCES.items() if status in sources}
    review = expected & set(REVIEW_ACTIONS)
    work = expected & set(WORK_ACTIONS)
    assert set(wf.allowed_actions(item, ctx.people.reviewer)) == review | work
    assert set(wf.allowed_actions(item, ctx.people.officer)) == work
    leader = {"supervise"} if status in Item.OPEN_STATUSES else set()
    assert set(wf.allowed_actions(item, ctx.people.leader)) == leader
    assert wf.allowed_actions(item, ctx.people.admin) == []


# ------------------------------------------------------------------------------- refusals


ILLEGAL = [
    (action, status)
    for action, sources in SOURCES.items()
    for status in PATHS
    if status not in sources
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_wrong_state_is_refused_and_changes_nothing(ctx, action, status):
    item = at(ctx, status)
    actor = actor_for(action, ctx.people)
    err = assert_refused(
        InvalidTransition,
        lambda: call(action, item, actor, item.version, unit=ctx.unit, into=ctx.target),
        item,
        also=[ctx.target],
    )
    assert "cannot be" in str(err)


@pytest.mark.parametrize(
    ("action", "role"),
    [(a, r) for a in REVIEW_ACTIONS for r in ("officer", "leader", "admin")]
    + [(a, r) for a in WORK_ACTIONS for r in ("leader", "admin")],
)
def test_wrong_role_is_refused_and_changes_nothing(ctx, action, role):
    status = sorted(SOURCES[action])[0]
    item = at(ctx, status)
    actor = getattr(ctx.people, role)
    err = assert_refused(
        PermissionDenied,
        lambda: call(action, item, actor, item.version, unit=ctx.unit, into=ctx.target),
        item,
        also=[ctx.target],
    )
    assert "Your role may not" in str(err)


@pytest.mark.parametrize("action", list(SOURCES))
def test_stale_version_is_a_conflict_and_changes_nothing(ctx, action):
    item = at(ctx, sorted(SOURCES[action])[0])
    actor = actor_for(action, ctx.people)
    for stale in (item.version - 1, item.version + 1):
        assert_refused(
            Conflict,
            lambda v=stale: call(action, item, actor, v, unit=ctx.unit, into=ctx.target),
            item,
            message="Someone else changed this item",
            also=[ctx.target],
        )


@pytest.mark.parametrize("action", list(SOURCES) + ["supervise"])
@pytest.mark.parametrize("who", ["wukang", "other"])
def test_out_of_scope_is_refused_and_changes_nothing(ctx, action, who):
    """A town below the county and another county cannot act on a county item, though
    their role could; the message does not say whether the item exists."""
    item = at(ctx, S.ASSIGNED if action == "supervise" else sorted(SOURCES[action])[0])
    role = {"start": "officer", "resolve": "officer", "escalate": "officer",
            "return": "officer"}.get(action, "reviewer")
    if action == "supervise":
        actor = UserFactory(role=Role.LEADER, union=getattr(ctx.tree, who))
    elif who == "other":
        actor = ctx.other_reviewer if role == "reviewer" else ctx.people.other_officer
    else:
        actor = getattr(ctx.people, f"wukang_{role}")
    assert_refused(
        PermissionDenied,
        lambda: call(action, item, actor, item.version, unit=ctx.unit, into=ctx.target),
        item,
        message="does not exist or is outside your scope",
        also=[ctx.target],
    )


def test_unknown_item_id_is_refused_like_an_out_of_scope_one(ctx):
    with pytest.raises(PermissionDenied, match="outside your scope"):
        wf.item_accept(item=999_999, actor=ctx.people.reviewer, version=1)


@pytest.mark.parametrize(
    ("action", "bad"),
    [
        ("reject", {"reason": ""}),
        ("reject", {"reason": "   "}),
        ("resolve", {"resolution": ""}),
        ("resolve", {"resolution": " \n "}),
        ("escalate", {"target": ""}),
        ("escalate", {"target": "  "}),
        ("reopen", {"reason": ""}),
        ("supervise", {"note": "  "}),
    ],
)
def test_missing_text_is_refused_and_changes_nothing(ctx, action, bad):
    status = S.ASSIGNED if action == "supervise" else sorted(SOURCES[action])[0]
    item = at(ctx, status)
    assert_refused(
        DomainError,
        lambda: call(action, item, actor_for(action, ctx.people), item.version, **bad),
        item,
    )


def test_merge_into_itself_is_refused(ctx):
    item = at(ctx, S.REGISTERED)
    assert_refused(
        DomainError,
        lambda: wf.item_merge(item=item, actor=ctx.people.reviewer, version=1, into=item),
        item,
        message="cannot be merged into itself",
    )


def test_merge_into_an_out_of_scope_item_is_refused(ctx):
    foreign = wf.item_register(
        actor=UserFactory(role=Role.OFFICER, union=ctx.tree.other),
        union=ctx.tree.other,
        kind=Item.Kind.NEED,
        category=ctx.category,
        subject="长兴县的事项",
    )
    item = at(ctx, S.REGISTERED)
    assert_refused(
        PermissionDenied,
        lambda: wf.item_merge(item=item, actor=ctx.people.reviewer, version=1, into=foreign),
        item,
        message="outside your scope",
        also=[foreign],
    )


@pytest.mark.parametrize("target_status", [S.REJECTED, S.MERGED])
def test_merge_into_a_rejected_or_merged_item_is_refused(ctx, target_status):
    dead = walk(
        register(ctx.people, ctx.tree, ctx.category, "已处理"),
        target_status,
        ctx.people,
        ctx.unit,
        into=ctx.target,
    )
    item = at(ctx, S.REGISTERED)
    assert_refused(
        DomainError,
        lambda: wf.item_merge(item=item, actor=ctx.people.reviewer, version=1, into=dead),
        item,
        message="itself rejected or merged",
        also=[dead],
    )


@pytest.mark.parametrize("target_status", [S.RESOLVED, S.CLOSED])
def test_merge_into_a_resolved_or_closed_item_is_refused(ctx, target_status):
    """A new report must not vanish into a finished case (fresh-eyes finding)."""
    done = walk(register(ctx.people, ctx.tree, ctx.category, "已办结"), target_status,
                ctx.people, ctx.unit)
    item = at(ctx, S.REGISTERED)
    assert_refused(
        DomainError,
        lambda: wf.item_merge(item=item, actor=ctx.people.reviewer, version=1, into=done),
        item,
        message="already resolved or closed out",
        also=[done],
    )


def test_merge_back_into_the_item_it_absorbed_is_refused(ctx):
    """A merged into B, then B into A would make a cycle: B's target A is merged."""
    a = at(ctx, S.REGISTERED)
    wf.item_merge(item=a, actor=ctx.people.reviewer, version=1, into=ctx.target)
    assert_refused(
        DomainError,
        lambda: wf.item_merge(item=ctx.target, actor=ctx.people.reviewer, version=1, into=a),
        ctx.target,
        also=[a],
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deadline": dt.date(2026, 3, 1)}, "cannot be in the past"),
        ({"working_days": 0}, "at least 1 working day"),
        ({"working_days": -3}, "at least 1 working day"),
        ({}, "A deadline or a time limit"),
        ({"deadline": dt.date(2026, 3, 31), "working_days": 5}, "not both"),
    ],
)
def test_assign_with_a_bad_deadline_is_refused(ctx, kwargs, message):
    item = at(ctx, S.ACCEPTED)
    assert_refused(
        DomainError,
        lambda: wf.item_assign(
            item=item,
            actor=ctx.people.reviewer,
            version=2,
            unit=ctx.unit,
            today=dt.date(2026, 3, 2),
            **kwargs,
        ),
        item,
        message=message,
    )


def test_assign_to_an_out_of_scope_unit_is_refused(ctx):
    foreign_unit = ResponsibleUnitFactory(name="长兴县人力社保局", owner=ctx.tree.other)
    item = at(ctx, S.ACCEPTED)
    assert_refused(
        PermissionDenied,
        lambda: call("assign", item, ctx.people.reviewer, 2, unit=foreign_unit),
        item,
        message="responsible unit is outside your scope",
    )


@pytest.mark.parametrize(
    ("action", "status", "bad", "field"),
    [
        ("escalate", S.IN_PROGRESS, {"target": "县" * 101}, "escalated to"),
        ("close", S.RESOLVED, {"satisfaction": "满" * 21}, "satisfaction"),
    ],
)
def test_text_longer_than_its_column_is_a_domain_error(ctx, action, status, bad, field):
    """Never a database error (PostgreSQL refuses the row; SQLite would store it)."""
    item = at(ctx, status)
    err = assert_refused(
        DomainError,
        lambda: call(action, item, actor_for(action, ctx.people), item.version, **bad),
        item,
    )
    assert field in str(err).lower()


def test_supervise_refusals(ctx):
    item = at(ctx, S.ASSIGNED)
    for actor in (ctx.people.officer, ctx.people.reviewer, ctx.people.admin):
        assert_refused(
            PermissionDenied,
            lambda a=actor: wf.item_supervise(item=item, actor=a, note="快"),
            item,
            message="Only a leader",
        )
    closed = at(ctx, S.CLOSED)
    assert_refused(
        InvalidTransition,
        lambda: wf.item_supervise(item=closed, actor=ctx.people.leader, note="快"),
        closed,
    )


# ----------------------------------------------------------------------------- register


@pytest.mark.parametrize(
    ("who", "exc"),
    [
        ("leader", PermissionDenied),
        ("admin", PermissionDenied),
        ("other_officer", PermissionDenied),
        ("wukang_officer", PermissionDenied),
    ],
)
def test_register_refused_for_role_or_scope(ctx, who, exc):
    before = Item.objects.count(), ItemEvent.objects.count()
    with pytest.raises(exc):
        wf.item_register(
            actor=getattr(ctx.people, who),
            union=ctx.tree.county,
            kind=Item.Kind.NEED,
            category=ctx.category,
            subject="越权登记",
        )
    assert (Item.objects.count(), ItemEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"subject": "  "}, "subject is required"),
        ({"subject": "\u200b\u200b\ufeff"}, "subject is required"),  # zero-width only
        ({"subject": "事" * 101}, "Subject: at most 100 characters (this has 101)"),
        ({"kind": "wish"}, "Unknown item kind"),
        ({"persons_affected": 0}, "at least 1"),
    ],
)
def test_register_refuses_bad_input(ctx, bad, message):
    before = Item.objects.count(), ItemEvent.objects.count()
    kwargs = {
        "actor": ctx.people.officer,
        "union": ctx.tree.county,
        "kind": Item.Kind.NEED,
        "category": ctx.category,
        "subject": "正常",
    } | bad
    with pytest.raises(DomainError) as info:
        wf.item_register(**kwargs)
    assert type(info.value) is DomainError
    assert message in str(info.value)
    assert (Item.objects.count(), ItemEvent.objects.count()) == before


def test_register_drops_bidi_overrides_and_zero_width_characters(ctx):
    """An RLO made a stored subject display reversed (fresh-eyes finding)."""
    item = wf.item_register(actor=ctx.people.officer, union=ctx.tree.county,
                            kind=Item.Kind.NEED, category=ctx.category,
                            subject="\u202e已办结\u202c 食\u200b堂")
    assert Item.objects.get(pk=item.pk).subject == "已办结 食堂"


def test_register_refuses_an_inactive_category(ctx):
    retired = CategoryFactory(name="已停用分类", is_active=False)
    with pytest.raises(DomainError, match="category"):
        wf.item_register(
            actor=ctx.people.officer,
            union=ctx.tree.county,
            kind=Item.Kind.NEED,
            category=retired,
            subject="旧分类",
        )
    assert not Item.objects.filter(subject="旧分类").exists()


def test_found_on_defaults_to_the_shanghai_date(ctx):
    with time_machine.travel(dt.datetime(2026, 2, 28, 17, 0, tzinfo=dt.UTC), tick=False):
        item = register(ctx.people, ctx.tree, ctx.category)
        assert timezone.localdate() == dt.date(2026, 3, 1)
    assert Item.objects.get(pk=item.pk).found_on == dt.date(2026, 3, 1)


def test_the_assigned_union_works_the_item_but_cannot_verify_it(people, tree, category):
    """A county item assigned to 武康街道总工会: its reviewer may start and resolve it
    (work), but closing out (销号) and reopening stay with the county's reviewers."""
    town_unit = ResponsibleUnitFactory(
        name="武康街道总工会", kind="union", union=tree.wukang, owner=tree.county
    )
    item = register(people, tree, category)
    item = wf.item_accept(item=item, actor=people.reviewer, version=item.version)
    item = wf.item_assign(
        item=item, actor=people.reviewer, version=item.version, unit=town_unit,
        deadline=ASSIGN_DEADLINE, today=ASSIGN_TODAY,
    )  # fmt: skip
    town = people.wukang_reviewer
    assert wf.allowed_actions(Item.objects.get(pk=item.pk), town) == ["start", "return"]
    item = wf.item_start(item=item, actor=town, version=item.version)
    item = wf.item_resolve(item=item, actor=town, version=item.version, resolution="已办")
    assert wf.allowed_actions(Item.objects.get(pk=item.pk), town) == []
    before = snapshot(item)
    with pytest.raises(PermissionDenied, match="Only reviewers of the union that registered"):
        wf.item_close(item=item, actor=town, version=item.version)
    with pytest.raises(PermissionDenied):
        wf.item_reopen(item=item, actor=town, version=item.version, reason="x")
    assert snapshot(item) == before
    assert wf.allowed_actions(Item.objects.get(pk=item.pk), people.reviewer) == ["close", "reopen"]
    closed = wf.item_close(item=item, actor=people.reviewer, version=item.version,
                           evidence_statement="现场核实")
    assert closed.status == "closed"


def test_deadline_beyond_two_years_and_absurd_persons_are_refused(people, tree, category, unit):
    item = register(people, tree, category)
    item = wf.item_accept(item=item, actor=people.reviewer, version=item.version)
    before = snapshot(item)
    with pytest.raises(DomainError, match="within two years"):
        wf.item_assign(
            item=item, actor=people.reviewer, version=item.version, unit=unit,
            deadline=dt.date(9999, 12, 31), today=ASSIGN_TODAY,
        )  # fmt: skip
    assert snapshot(item) == before
    with pytest.raises(DomainError, match="at most 10000"):
        wf.item_register(
            actor=people.officer, union=tree.county, kind="difficulty", category=category,
            subject="x", persons_affected=2147483648,
        )  # fmt: skip
    assert Item.objects.count() == 1


def test_merge_only_into_an_item_of_ones_own_side(people, tree, category):
    """A town reviewer sees a county item assigned to the town, but may not merge its own
    item into it."""
    town_unit = ResponsibleUnitFactory(
        name="武康街道总工会", kind="union", union=tree.wukang, owner=tree.county
    )
    county_item = register(people, tree, category)
    county_item = wf.item_accept(item=county_item, actor=people.reviewer, version=county_item.version)
    wf.item_assign(
        item=county_item, actor=people.reviewer, version=county_item.version, unit=town_unit,
        deadline=ASSIGN_DEADLINE, today=ASSIGN_TODAY,
    )  # fmt: skip
    town_item = wf.item_register(
        actor=people.wukang_officer, union=tree.wukang, kind="need", category=category,
        subject="重复事项",
    )  # fmt: skip
    before = snapshot(town_item)
    with pytest.raises(PermissionDenied, match="merge only into an item registered by your union"):
        wf.item_merge(
            item=town_item, actor=people.wukang_reviewer, version=town_item.version,
            into=county_item,
        )  # fmt: skip
    assert snapshot(town_item) == before
