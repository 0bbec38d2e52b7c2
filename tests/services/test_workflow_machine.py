"""A hypothesis state machine drives random sequences of workflow actions on one item.

Random actions (every transition and supervision) by random actors (the county officer,
reviewer and leader, and an officer and a reviewer of another county) with the current
version or a stale one, and with valid or bad input. The test keeps its own model of the
item: the transition table below is written from ARCHITECTURE.md's diagram and the role
table, not imported from ``workflow.py``. After every step the stored item must match
the model: legal moves applied with their fields, illegal ones refused with the expected
``DomainError`` subclass and the item (every column, events, history) unchanged, version
= applied transitions + 1, events = 1 + transitions + supervisions.

How this runs under pytest-django
---------------------------------
``hypothesis.extra.django.TestCase`` resets the database per example through its
``setup_example``/``teardown_example`` hooks, but hypothesis only calls those hooks for
a ``@given`` *method* of the test case; a state machine runs through
``run_state_machine_as_test``, whose ``@given`` function is not a method, so with it all
examples would share one transaction (and pytest fixtures are not available in a
``unittest`` class anyway). So this is a plain pytest test with the ``db`` fixture (one
transaction around the test, rolled back at the end) that creates the union tree and
the users once; each example of the machine opens its own savepoint in ``__init__``
and rolls it back in ``teardown`` (which hypothesis calls even when a step fails), so
every example starts from the same database. The workflow's own ``transaction.atomic``
blocks nest as inner savepoints, and a refused action rolls back only its own. The same
works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from gonghui.accounts.models import Role
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.services import workflow as wf
from gonghui.services.models import Item, ItemEvent

from ..factories import UserFactory
from .helpers import snapshot

R, A, RJ, M, C, AS, IP, RS, E, CL = (
    "registered",
    "accepted",
    "rejected",
    "merged",
    "consulting",
    "assigned",
    "in_progress",
    "resolved",
    "escalated",
    "closed",
)

# ARCHITECTURE.md, "The close-out workflow": (action, from) -> to.
TABLE = {
    ("accept", R): A,
    ("reject", R): RJ,
    ("merge", R): M,
    ("consult", A): C,
    ("conclude", C): A,
    ("assign", A): AS,
    ("start", AS): IP,
    ("resolve", IP): RS,
    ("escalate", IP): E,
    ("close", RS): CL,
    ("close", E): CL,
    ("reopen", RS): IP,
}
# The role table: reviewers pass the review gate and close out; officers (and reviewers)
# do the work; leaders only read and supervise.
ROLES = {
    "accept": {"reviewer"},
    "reject": {"reviewer"},
    "merge": {"reviewer"},
    "consult": {"reviewer"},
    "conclude": {"reviewer"},
    "assign": {"reviewer"},
    "start": {"officer", "reviewer"},
    "resolve": {"officer", "reviewer"},
    "escalate": {"officer", "reviewer"},
    "close": {"reviewer"},
    "reopen": {"reviewer"},
}
ACTIONS = sorted(ROLES) + ["supervise"]
OPEN = {R, A, C, AS, IP}
ACTORS = ["officer", "reviewer", "leader", "foreign_officer", "foreign_reviewer"]

# Assignment variants: (kwargs, expected (deadline, provisional) or None when refused).
ASSIGN = {
    "date": (
        {"deadline": dt.date(2026, 3, 31), "today": dt.date(2026, 3, 2)},
        (dt.date(2026, 3, 31), False),
    ),
    "spring_festival": (
        {"working_days": 5, "today": dt.date(2026, 2, 13)},
        (dt.date(2026, 2, 27), False),
    ),
    "into_2027": ({"working_days": 3, "today": dt.date(2026, 12, 30)}, (dt.date(2027, 1, 5), True)),
    "zero_days": ({"working_days": 0, "today": dt.date(2026, 3, 2)}, None),
    "past": ({"deadline": dt.date(2026, 3, 1), "today": dt.date(2026, 3, 2)}, None),
}
MERGE_TARGETS = ["open", "self", "rejected", "foreign"]
# A legal path to each state (from the diagram), to start examples anywhere.
PATH_TO = {
    R: [],
    A: ["accept"],
    RJ: ["reject"],
    M: ["merge"],
    C: ["accept", "consult"],
    AS: ["accept", "assign"],
    IP: ["accept", "assign", "start"],
    RS: ["accept", "assign", "start", "resolve"],
    E: ["accept", "assign", "start", "escalate"],
    CL: ["accept", "assign", "start", "resolve", "close"],
}
TEXT_ACTIONS = {
    "reject": "reason",
    "resolve": "resolution",
    "escalate": "target",
    "reopen": "reason",
}


class WorkflowMachine(RuleBasedStateMachine):
    """One county item and its model; class attributes are set by the test below."""

    people = tree = category = unit = foreign_reviewer = None

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.actors = {
            "officer": self.people.officer,
            "reviewer": self.people.reviewer,
            "leader": self.people.leader,
            "foreign_officer": self.people.other_officer,
            "foreign_reviewer": self.foreign_reviewer,
        }
        reg = dict(actor=self.people.officer, kind=Item.Kind.NEED, category=self.category)
        self.item = wf.item_register(union=self.tree.county, subject="被测事项", **reg)
        self.targets = {
            "open": wf.item_register(union=self.tree.county, subject="合并目标", **reg),
            "rejected": wf.item_register(union=self.tree.county, subject="已驳回", **reg),
            "foreign": wf.item_register(
                union=self.tree.other,
                subject="外县事项",
                **reg | {"actor": self.people.other_officer},
            ),
            "self": self.item,
        }
        wf.item_reject(
            item=self.targets["rejected"], actor=self.people.reviewer, version=1, reason="不属实"
        )
        self.target_snapshots = {k: snapshot(v) for k, v in self.targets.items() if k != "self"}
        # The model.
        self.status = R
        self.version = 1
        self.transitions = 0
        self.events = 1
        self.fields = {
            "outcome": "",
            "rejection_reason": "",
            "merged_into_id": None,
            "responsible_unit_id": None,
            "deadline": None,
            "deadline_provisional": False,
            "resolution": "",
            "escalation_target": "",
            "satisfaction": "",
            "evidence_statement": "",
        }
        self.closed = False
        self.log: list[tuple] = []

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # ------------------------------------------------------------------ expectations

    def expected_error(self, action, who, stale, variant, valid_text):
        """The DomainError subclass the workflow must raise, or None if legal. Order:
        bad input, scope (the item, then a merge target), role, version, state, then
        the merge target's own state."""
        in_scope = not who.startswith("foreign")
        base_role = who.removeprefix("foreign_")
        if action == "supervise":
            if base_role != "leader":
                return PermissionDenied
            if not in_scope:
                return PermissionDenied
            return None if self.status in OPEN else InvalidTransition
        if action in TEXT_ACTIONS and not valid_text:
            return DomainError
        if action == "assign" and ASSIGN[variant][1] is None:
            return DomainError
        if not in_scope:
            return PermissionDenied
        if action == "merge" and variant == "foreign":
            return PermissionDenied
        if base_role not in ROLES[action]:
            return PermissionDenied
        if stale:
            return Conflict
        if (action, self.status) not in TABLE:
            return InvalidTransition
        if action == "merge" and variant in ("self", "rejected"):
            return DomainError
        return None

    def apply_model(self, action, who, variant, note):
        f = self.fields
        self.status = TABLE[(action, self.status)]
        self.version += 1
        self.transitions += 1
        self.events += 1
        if action == "reject":
            f["rejection_reason"] = note
        elif action == "merge":
            f["merged_into_id"] = self.targets["open"].pk
        elif action == "assign":
            f["responsible_unit_id"] = self.unit.pk
            f["deadline"], f["deadline_provisional"] = ASSIGN[variant][1]
        elif action == "resolve":
            f["resolution"], f["outcome"] = note, "resolved"
        elif action == "escalate":
            f["escalation_target"], f["outcome"] = note, "escalated"
        elif action == "reopen":
            f["outcome"] = ""
        elif action == "close":
            f["satisfaction"] = "满意"
            f["evidence_statement"] = "回访记录已存档"
            self.closed = True

    # ------------------------------------------------------------------------ acting

    def act(self, action, who, stale, variant, valid_text):
        actor = self.actors[who]
        note = f"第{self.transitions + 1}步" if valid_text else "  "
        kwargs = {"item": self.item.pk, "actor": actor}
        if action != "supervise":
            offset = {False: 0, "behind": -1, "ahead": +1}[stale]
            kwargs["version"] = self.version + offset
        if action in TEXT_ACTIONS:
            kwargs[TEXT_ACTIONS[action]] = note
        elif action == "supervise":
            kwargs["note"] = "请加快办理"
        if action == "assign":
            kwargs |= ASSIGN[variant][0] | {"unit": self.unit}
        if action == "merge":
            kwargs["into"] = self.targets[variant].pk
        if action == "close":
            kwargs["satisfaction"] = "满意"
            kwargs["evidence_statement"] = "回访记录已存档"

        expected = self.expected_error(action, who, stale, variant, valid_text)
        before = snapshot(self.item)
        self.log.append((action, who, stale, variant, valid_text, expected and expected.__name__))
        try:
            getattr(wf, f"item_{action}")(**kwargs)
        except DomainError as exc:
            assert expected is not None, f"{action} by {who} from {self.status} refused: {exc}"
            assert type(exc) is expected, (type(exc).__name__, expected.__name__, str(exc))
            assert snapshot(self.item) == before, "a refused action changed the item"
            return
        assert expected is None, f"{action} by {who} from {self.status} was not refused"
        if action == "supervise":
            self.events += 1
            after = snapshot(self.item)
            assert after.pop("_event_ids")[:-1] == before.pop("_event_ids")
            assert after == before
            return
        self.apply_model(action, who, variant, note.strip())
        event = ItemEvent.objects.filter(item_id=self.item.pk).order_by("-id").first()
        assert (event.action, event.actor_id, event.to_status) == (action, actor.pk, self.status)

    @initialize(start=st.sampled_from(sorted(PATH_TO)), by=st.sampled_from(["officer", "reviewer"]))
    def start_somewhere(self, start, by):
        """Walk the item to ``start`` by legal moves (work steps by ``by``), each checked."""
        for action in PATH_TO[start]:
            who = by if by in ROLES[action] else "reviewer"
            self.act(action, who, False, "date" if action == "assign" else "open", True)
        assert self.status == start

    @rule(
        action=st.sampled_from(ACTIONS),
        who=st.sampled_from(ACTORS),
        stale=st.sampled_from([False, False, False, "behind", "ahead"]),
        variant=st.sampled_from(sorted(ASSIGN) + MERGE_TARGETS),
        valid_text=st.booleans(),
    )
    def anything(self, action, who, stale, variant, valid_text):
        """Any action by anyone, often illegal."""
        if action == "assign" and variant not in ASSIGN:
            variant = "date"
        if action == "merge" and variant not in MERGE_TARGETS:
            variant = "open"
        self.act(action, who, stale, variant, valid_text)

    @rule(data=st.data())
    def a_legal_move(self, data):
        """A move the model says is legal (so random runs reach the later states)."""
        moves = [a for (a, s) in TABLE if s == self.status]
        if not moves:
            return
        action = data.draw(st.sampled_from(sorted(moves)))
        who = data.draw(st.sampled_from(sorted(ROLES[action])))
        variant = {"assign": data.draw(st.sampled_from(["date", "spring_festival", "into_2027"]))}
        self.act(action, who, False, variant.get(action, "open"), True)

    @rule(data=st.data())
    def a_move_the_state_forbids(self, data):
        """The right role, the right version, good input, but the wrong state."""
        moves = sorted({a for a in ROLES if (a, self.status) not in TABLE})
        if self.status not in OPEN:
            moves.append("supervise")
        action = data.draw(st.sampled_from(moves))
        who = "leader" if action == "supervise" else sorted(ROLES[action])[0]
        self.act(action, who, False, "date" if action == "assign" else "open", True)

    # -------------------------------------------------------------------- invariants

    @invariant()
    def stored_item_matches_the_model(self):
        item = Item.objects.get(pk=self.item.pk)
        assert item.status == self.status, self.log
        assert item.version == self.transitions + 1 == self.version
        assert ItemEvent.objects.filter(item_id=item.pk).count() == self.events
        for field, value in self.fields.items():
            assert getattr(item, field) == value, (field, self.log)
        assert (item.closed_at is not None) == self.closed
        assert (item.resolved_at is not None) == (self.fields["outcome"] != "")
        if self.fields["responsible_unit_id"] is not None:
            assert item.assigned_at is not None

    @invariant()
    def other_items_are_untouched(self):
        for key, snap in self.target_snapshots.items():
            assert snapshot(self.targets[key]) == snap, key


def test_random_action_sequences_match_the_diagram(people, tree, category, unit):
    WorkflowMachine.people = people
    WorkflowMachine.tree = tree
    WorkflowMachine.category = category
    WorkflowMachine.unit = unit
    WorkflowMachine.foreign_reviewer = UserFactory(
        username="foreign_reviewer", role=Role.REVIEWER, union=tree.other
    )
    run_state_machine_as_test(
        WorkflowMachine,
        settings=settings(
            max_examples=60,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_the_model_reaches_every_state():
    """Guard against a model that silently skips states: the table covers the diagram."""
    targets = set(TABLE.values()) | {R}
    assert targets == {R, A, RJ, M, C, AS, IP, RS, E, CL}
    assert {a for a, _ in TABLE} == set(ROLES)
