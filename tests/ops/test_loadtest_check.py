"""The "no lost update" check of ``make loadtest`` (bench/loadtest.py: check_log) finds
what it must: an accepted transition missing from the database, a version accepted
twice, a stale re-post that was not refused, an event the tool never saw accepted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from gonghui.accounts.models import Role
from gonghui.services import workflow
from gonghui.services.models import Item

from ..factories import UserFactory

_spec = importlib.util.spec_from_file_location(
    "loadtest", Path(__file__).resolve().parents[2] / "bench" / "loadtest.py")
loadtest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loadtest)


def entry(kind, item, action, version, to, result=None):
    e = {"kind": kind, "item": item.pk, "action": action, "version": version, "to": to,
         "user": "load_reviewer_01"}
    if result:
        e["result"] = result
    return e


@pytest.fixture
def accepted_item(tree, category):
    """An item the load reviewer accepted (version 1 → 2), with its log lines."""
    reviewer = UserFactory(username="load_reviewer_01", role=Role.REVIEWER, union=tree.county)
    officer = UserFactory(username="dq_officer", role=Role.OFFICER, union=tree.county)
    item = workflow.item_register(actor=officer, union=tree.county, kind=Item.Kind.NEED,
                                  category=category, subject="培训需求")
    workflow.item_accept(item=item, actor=reviewer, version=1)
    log = [entry("attempt", item, "accept", 1, "accepted"),
           entry("transition", item, "accept", 1, "accepted", "accepted"),
           entry("attempt", item, "accept", 1, "accepted"),
           entry("stale_replay", item, "accept", 1, "accepted", "conflict")]
    return item, log


@pytest.mark.django_db
def test_a_consistent_log_passes(accepted_item):
    _item, log = accepted_item
    assert loadtest.check_log(log) == []


@pytest.mark.django_db
def test_an_accepted_transition_missing_from_the_database_is_a_lost_update(accepted_item):
    item, log = accepted_item
    log += [entry("attempt", item, "assign", 2, "assigned"),
            entry("transition", item, "assign", 2, "assigned", "accepted")]
    problems = loadtest.check_log(log)
    assert f"item {item.pk}: database says accepted v2; the last accepted transition " \
           "assign v2 → assigned" in problems
    assert f"item {item.pk} assign→assigned: 1 accepted by the load tool, 0 ItemEvent rows" \
        in problems


@pytest.mark.django_db
def test_a_version_accepted_twice_is_reported(accepted_item):
    item, log = accepted_item
    log += [entry("attempt", item, "accept", 1, "accepted"),
            entry("transition", item, "accept", 1, "accepted", "accepted")]
    assert f"item {item.pk}: version accepted twice [1, 1]" in loadtest.check_log(log)


@pytest.mark.django_db
def test_a_stale_repost_that_was_not_refused_is_reported(accepted_item):
    item, log = accepted_item
    log[-1] = entry("stale_replay", item, "accept", 1, "accepted", "unexpected")
    assert loadtest.check_log(log) == [
        f"item {item.pk}: a stale accept (version 1) was unexpected, not refused with the "
        "conflict message"]


@pytest.mark.django_db
def test_an_event_the_tool_never_saw_accepted_is_reported(accepted_item):
    item, log = accepted_item
    assert loadtest.check_log(log[2:]) == [
        f"item {item.pk} accept→accepted: 0 accepted by the load tool, 1 ItemEvent rows"]
    # unless its request was cut off by the end of the run (an attempt, no outcome)
    assert loadtest.check_log(log[:1] + log[2:]) == []
