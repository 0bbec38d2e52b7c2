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

#: Triggers of reports 0002: insert, update and delete on items and visits, union moves.
EXPECTED = 7


def _migration():
    return importlib.import_module("gonghui.reports.migrations.0002_summary_triggers")


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
    if ("reports", "0002_summary_triggers") not in applied:
        return False
    if installed(connection) >= EXPECTED:
        return False
    migration = _migration()
    with connection.schema_editor() as editor:
        migration.drop(None, editor)
        migration.create(None, editor)
    return True


def after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` receiver (connected once, for the reports app)."""
    ensure_triggers(using)
