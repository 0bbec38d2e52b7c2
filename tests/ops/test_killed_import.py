"""Fault test: ``gonghui import hardship FILE.xlsx`` killed with SIGKILL while it writes
leaves the database as it was (no file, event or log row), and the same import run
again afterwards writes everything. On the suite's database: SQLite (a file) or, in the
PostgreSQL run, PostgreSQL.

The kill is timed on the database itself, so it lands inside the import's one write
transaction rather than during the reading and checking of the rows: on PostgreSQL
when the importer's backend has a transaction id (``pg_stat_activity.backend_xid``,
i.e. it has inserted rows), on SQLite when the importer holds the write lock (another
connection's ``BEGIN IMMEDIATE`` is refused)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import Workbook

from gonghui.assistance import services
from gonghui.assistance.models import FileEvent, HardshipFile, SensitiveAccessLog
from gonghui.audit.models import AuditEntry
from gonghui.orgs.models import Region
from gonghui.orgs.validators import id_check_digit

from ..factories import add_union

SRC = Path(__file__).resolve().parents[2] / "src"
ROWS = 8000


def ledger(path: Path, rows: int) -> None:
    """A clean hardship ledger of ``rows`` households of 武康街道总工会."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["户主姓名", "身份证号码", "联系电话", "所属工会", "家庭人口", "主要致困原因",
               "家庭月收入", "医疗支出", "建档日期"])
    for i in range(rows):
        day = dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000)
        first17 = f"330521{day:%Y%m%d}{i % 1000:03d}"
        ws.append([f"职工{i}", first17 + id_check_digit(first17), "13800000000",
                   "武康街道总工会", 3, "因病", "1,500元", 0, "2024-03-01"])
    wb.save(path)


def database_url() -> str:
    """The URL of the suite's (test) database, for a subprocess."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (":" + s["PASSWORD"] if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def writing() -> bool:
    """True while another connection is inside a write transaction on the database."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0,
                                isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True  # locked: the importer holds the write lock
        else:
            probe.execute("ROLLBACK")
            return False
        finally:
            probe.close()
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")
        return c.fetchone()[0] > 0


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count()
            for m in (HardshipFile, FileEvent, SensitiveAccessLog, AuditEntry)}


@pytest.mark.django_db(transaction=True)
def test_import_killed_mid_write_writes_nothing(tmp_path):
    region = Region.objects.create(code="330521", name="德清县", level="county")
    add_union("武康街道总工会", level="town", region=region)
    services.subsistence_line_set(actor=None, region=region, year=2024, amount="1000")
    path = tmp_path / "ledger.xlsx"
    ledger(path, ROWS)
    before = counts()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_"))}
    env.update(PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="gonghui.settings", DEBUG="true",
               DATABASE_URL=database_url(), PYTHONWARNINGS="ignore")
    command = [sys.executable, "-m", "gonghui", "import", "hardship", str(path)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    seen_writing = False
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if writing():
                seen_writing = True
                time.sleep(0.05)  # a few batches in
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        if proc.poll() is None and not seen_writing:
            proc.kill()
        proc.communicate(timeout=60)
    assert seen_writing, f"the import ended ({proc.returncode}) before it was seen writing"
    assert proc.returncode == -signal.SIGKILL
    connection.close()  # a fresh connection, as after a crash
    assert counts() == before

    # The database is usable and the same ledger imports whole afterwards.
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    after = counts()
    assert after["HardshipFile"] == before["HardshipFile"] + ROWS
    assert after["FileEvent"] == before["FileEvent"] + ROWS
    assert after["SensitiveAccessLog"] == before["SensitiveAccessLog"] + 1
