"""Two users act on one item at the same moment: one wins, the other is told, nothing lost.

Each user runs in its own thread with its own database connection (Django opens one
connection per thread), so these tests need committed data:
``django_db(transaction=True)``. A barrier releases both threads together, and the
workflow's lock step is slowed down (``_locked_item`` sleeps *after* taking the lock), so
the second user always arrives while the first one holds the item:

- on PostgreSQL the second ``SELECT ... FOR UPDATE`` blocks on the row lock until the first
  transaction commits, then reads the new version and raises ``Conflict``;
- on SQLite (WAL, ``transaction_mode=IMMEDIATE``, ``timeout=20``) the second
  ``BEGIN IMMEDIATE`` waits for the database write lock instead, with the same outcome.

Without the lock (or with the version read before it) both users would succeed and one
change would be lost; the assertions below would then fail.
"""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import translation

from gonghui.core.errors import Conflict, DomainError
from gonghui.services import workflow as wf
from gonghui.services.models import Item, ItemEvent

from .helpers import register, walk

pytestmark = pytest.mark.django_db(transaction=True)

S = Item.Status
HOLD = 0.4  # seconds the first user keeps the item locked


def run_together(*calls):
    """Run each zero-argument callable in its own thread, released together by a
    barrier. Returns ``[("ok", value) | ("error", exception), ...]`` and the seconds each
    call took."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    took: list = [0.0] * len(calls)

    def runner(i, fn):
        try:
            barrier.wait(timeout=10)
            start = time.monotonic()
            try:
                with translation.override("en"):  # messages are asserted in English
                    results[i] = ("ok", fn())
            except Exception as exc:  # recorded and asserted on by the test
                results[i] = ("error", exc)
            took[i] = time.monotonic() - start
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a user is still waiting: deadlock?"
    return results, took


@pytest.fixture
def slow_lock():
    """Hold the item lock for ``HOLD`` seconds once it is taken."""
    real = wf._locked_item

    def locked_then_wait(*args, **kwargs):
        item = real(*args, **kwargs)
        time.sleep(HOLD)
        return item

    with mock.patch.object(wf, "_locked_item", side_effect=locked_then_wait):
        yield


def test_the_backend_really_serialises_writers():
    """Guard: the settings under test are the ones the docstring relies on."""
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        with connection.cursor() as cur:
            cur.execute("PRAGMA journal_mode")
            assert cur.fetchone()[0] == "wal"
    else:
        assert connection.features.has_select_for_update


def test_accept_and_reject_at_once_one_wins(people, tree, category, slow_lock):
    item = register(people, tree, category)
    results, took = run_together(
        lambda: wf.item_accept(item=item.pk, actor=people.reviewer, version=1),
        lambda: wf.item_reject(item=item.pk, actor=people.reviewer, version=1, reason="重复"),
    )
    outcomes = [r[0] for r in results]
    assert sorted(outcomes) == ["error", "ok"], results
    winner = outcomes.index("ok")
    loser = 1 - winner
    err = results[loser][1]
    assert type(err) is Conflict
    assert "Someone else changed this item" in str(err)
    assert "nothing was saved" in str(err)
    # The loser waited for the winner's lock, so it really ran concurrently.
    assert took[loser] >= HOLD

    final = Item.objects.get(pk=item.pk)
    expected = S.ACCEPTED if winner == 0 else S.REJECTED
    assert (final.status, final.version) == (expected, 2)
    assert final.rejection_reason == ("" if winner == 0 else "重复")
    events = list(final.events.order_by("id").values_list("action", flat=True))
    assert events == ["register", "accept" if winner == 0 else "reject"]


def test_resolve_and_escalate_at_once_one_wins(people, tree, category, unit, slow_lock):
    item = walk(register(people, tree, category), S.IN_PROGRESS, people, unit)
    assert item.version == 4
    results, took = run_together(
        lambda: wf.item_resolve(item=item.pk, actor=people.officer, version=4, resolution="已解决"),
        lambda: wf.item_escalate(
            item=item.pk,
            actor=people.reviewer,
            version=4,
            target="湖州市总工会",
        ),
    )
    outcomes = [r[0] for r in results]
    assert sorted(outcomes) == ["error", "ok"], results
    winner = outcomes.index("ok")
    assert type(results[1 - winner][1]) is Conflict
    final = Item.objects.get(pk=item.pk)
    assert final.version == 5
    if winner == 0:
        assert (final.status, final.outcome, final.resolution, final.escalation_target) == (
            S.RESOLVED,
            Item.Outcome.RESOLVED,
            "已解决",
            "",
        )
    else:
        assert (final.status, final.outcome, final.resolution, final.escalation_target) == (
            S.ESCALATED,
            Item.Outcome.ESCALATED,
            "",
            "湖州市总工会",
        )
    assert final.events.count() == 5


def test_many_users_at_once_exactly_one_wins(people, tree, category, slow_lock):
    item = register(people, tree, category)
    results, _ = run_together(
        *[
            (
                lambda n=n: wf.item_accept(
                    item=item.pk, actor=people.reviewer, version=1, note=f"第{n}位"
                )
            )
            for n in range(4)
        ]
    )
    outcomes = [r[0] for r in results]
    assert outcomes.count("ok") == 1, results
    assert all(type(r[1]) is Conflict for r in results if r[0] == "error")
    final = Item.objects.get(pk=item.pk)
    assert (final.status, final.version, final.events.count()) == (S.ACCEPTED, 2, 2)
    winner_note = f"第{outcomes.index('ok')}位"
    assert final.events.order_by("id").last().note == winner_note


def test_mutual_merge_at_once_makes_no_cycle(people, tree, category, slow_lock):
    """A into B and B into A at once. Bug fixed in workflow.item_merge: the target was
    read before the lock, so both could succeed and each item ended merged into the other
    (two items gone, none left to work on). Now both rows are locked in id order first."""
    a = register(people, tree, category, "甲企业诉求")
    b = register(people, tree, category, "甲企业同一诉求")
    results, _ = run_together(
        lambda: wf.item_merge(item=a.pk, actor=people.reviewer, version=1, into=b.pk),
        lambda: wf.item_merge(item=b.pk, actor=people.reviewer, version=1, into=a.pk),
    )
    outcomes = [r[0] for r in results]
    assert sorted(outcomes) == ["error", "ok"], results
    winner = outcomes.index("ok")
    err = results[1 - winner][1]
    assert type(err) is DomainError
    assert "itself rejected or merged" in str(err)
    a, b = Item.objects.get(pk=a.pk), Item.objects.get(pk=b.pk)
    merged, kept = (a, b) if winner == 0 else (b, a)
    assert (merged.status, merged.merged_into_id, merged.version) == (S.MERGED, kept.pk, 2)
    assert (kept.status, kept.merged_into_id, kept.version) == (S.REGISTERED, None, 1)
    assert ItemEvent.objects.filter(action="merge").count() == 1


def test_stale_version_after_the_other_user_committed(people, tree, category):
    """The plain sequential case: both opened version 1; the second to act is refused."""
    item = register(people, tree, category)
    seen_by_first = seen_by_second = Item.objects.get(pk=item.pk).version
    wf.item_accept(item=item.pk, actor=people.reviewer, version=seen_by_first)
    with pytest.raises(Conflict, match="now accepted"):
        wf.item_reject(item=item.pk, actor=people.reviewer, version=seen_by_second, reason="重复")
    final = Item.objects.get(pk=item.pk)
    assert (final.status, final.version, final.rejection_reason, final.events.count()) == (
        S.ACCEPTED,
        2,
        "",
        2,
    )


def test_two_remind_runs_at_once_record_each_reminder_once(people, tree, category, unit):
    """Both runs find the overdue item; the unique claim lets exactly one record it (the
    claim is held open while notifying, so the runs overlap)."""
    import datetime as dt

    from gonghui.services import reminders
    from gonghui.services.models import Notification, Reminder

    item = walk(register(people, tree, category), S.ASSIGNED, people, unit)  # due 2026-03-31
    real_notify = reminders.notify

    def slow_notify(*args, **kwargs):
        real_notify(*args, **kwargs)
        time.sleep(HOLD)

    with mock.patch.object(reminders, "notify", slow_notify):
        results, _took = run_together(
            lambda: reminders.remind(dt.date(2026, 4, 1)),
            lambda: reminders.remind(dt.date(2026, 4, 1)),
        )
    assert [r[0] for r in results] == ["ok", "ok"], results
    assert sorted(len(r[1].created) for r in results) == [0, 1]
    assert sorted(r[1].skipped for r in results) == [0, 1]
    assert list(Reminder.objects.filter(item=item).values_list("kind", flat=True)) == ["overdue"]
    assert ItemEvent.objects.filter(item=item, action="remind_overdue").count() == 1
    assert Notification.objects.filter(item=item, user=people.officer).count() == 1
