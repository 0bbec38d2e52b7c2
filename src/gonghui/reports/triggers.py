"""Keep the summary tables' triggers in place after every ``migrate``.

On SQLite, Django changes a table by rebuilding it (create a copy, move the rows, drop
the old table), and dropping a table drops its triggers: a later migration that adds a
field to ``services_item`` or ``services_visit`` would silently switch off the marking
of dirty summary keys (decision 0014). So after every ``migrate`` the triggers are
checked and, when any is missing, all are recreated and every tally is marked for a
rebuild on the next read (writes made while a trigger was missing were not marked)."""

from __future__ import annotations

import importlib

from django.db import connections

#: Triggers by migration: reports 0002 (insert, update and delete on items and visits, union moves)
#: and 0004 (a responsible unit's union changed).
EXPECTED = {"0002_summary_triggers": 7, "0004_assigned_in_tallies": 1}


def _migration(name: str = "0002_summary_triggers"):
    return importlib.import_module(f"gonghui.reports.migrations.{name}")


def installed(connection) -> int:
    """How many of the summary triggers exist on ``connection``'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'reports_dirty_%%'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'reports_dirty_%'")
        return cursor.fetchone()[0]


def ensure_triggers(using: str = "default") -> bool:
    """Recreate the summary triggers on database ``using`` when any is missing (and mark
    every tally for a rebuild). Returns True when it had to. Does nothing before the
    reports migrations have run."""
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    names = [name for name in EXPECTED if ("reports", name) in applied]
    if not names:
        return False
    if installed(connection) >= sum(EXPECTED[name] for name in names):
        return False
    with connection.schema_editor() as editor:
        for name in names:
            migration = _migration(name)
            migration.drop(None, editor)
            migration.create(None, editor)
    return True


def after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` receiver (connected once, for the reports app)."""
    ensure_triggers(using)
