"""Backup and restore round trip: restore into an empty database gives back every table
with the same row count and the same checksum (SQLite always; PostgreSQL when the suite
runs there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gonghui.core.backup import fingerprint
from gonghui.services import workflow
from gonghui.services.models import Item

SRC = Path(__file__).resolve().parents[2] / "src"
FINGERPRINT = (
    "import django, json; django.setup(); from gonghui.core.backup import fingerprint; "
    "print(json.dumps(fingerprint()))"
)


def run(env_extra: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_"))}
    env.update(env_extra, PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="gonghui.settings")
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)


@pytest.fixture
def target_url(tmp_path):
    """The URL of a new, empty database of the suite's kind; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"gonghui_restore_{uuid.uuid4().hex[:8]}"
    base = f"postgres://{s['USER']}{':' + s['PASSWORD'] if s['PASSWORD'] else ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    with connection.cursor() as c:
        c.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    with connection.cursor() as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(people, category, tmp_path, target_url):
    item = workflow.item_register(actor=people.officer, union=people.officer.union,
                                  kind=Item.Kind.PROBLEM, category=category, subject="欠薪")
    workflow.item_accept(item=item, actor=people.reviewer, version=item.version)
    path = tmp_path / "gonghui.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0
    before = fingerprint()
    assert before["services_item"][0] == 1
    assert before["accounts_user"][0] == 8

    restored = run({"DATABASE_URL": target_url}, "-m", "gonghui", "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert f"restored {len(before)} tables" in restored.stdout
    after = run({"DATABASE_URL": target_url}, "-c", FINGERPRINT)
    assert after.returncode == 0, after.stderr
    got = {t: tuple(v) for t, v in json.loads(after.stdout).items()}
    assert got == before

    # a second restore into the now non-empty database is refused and changes nothing
    again = run({"DATABASE_URL": target_url}, "-m", "gonghui", "restore", str(path))
    assert again.returncode != 0
    assert "not empty" in again.stderr


@pytest.mark.django_db
def test_restore_refuses_missing_file_and_non_empty_database(people, tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "missing.backup"))
    (tmp_path / "x.backup").write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "x.backup"))
