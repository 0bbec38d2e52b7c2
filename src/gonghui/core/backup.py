"""Backup and restore of the whole database, for ``gonghui backup`` / ``gonghui restore``.

- SQLite: the online backup API (``sqlite3.Connection.backup``), consistent while the app
  keeps writing; the backup file is itself a SQLite database.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` (same major version or newer
  as the server) with the connection from ``DATABASE_URL``; the password is passed in
  ``PGPASSWORD``, never on the command line.

:func:`fingerprint` gives each table's row count and a SHA-256 over its rows, to check
that a restore gives back exactly what was backed up.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """A backup or restore could not be done; the message says why."""


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    s = connections[alias].settings_dict
    args = []
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def backup(path: str | Path, alias: str = "default") -> Path:
    """Write a backup of database ``alias`` to ``path`` (overwritten). Returns the path.
    Raises BackupError if the tool fails or the backend is not SQLite/PostgreSQL."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connections[alias]
    if _vendor(alias) == "sqlite":
        conn.ensure_connection()
        tmp = path.with_suffix(path.suffix + ".part")
        target = sqlite3.connect(tmp)
        try:
            conn.connection.backup(target)
        finally:
            target.close()
        tmp.replace(path)
        return path
    if _vendor(alias) == "postgresql":
        args, env = _pg_env(alias)
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args,
               conn.settings_dict["NAME"]]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return path
    raise BackupError(f"backup: database backend {_vendor(alias)!r} is not supported")


def is_empty(alias: str = "default") -> bool:
    """True when the database has no tables, or none of them has a row."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        for table in conn.introspection.table_names(cursor):
            cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return False
    return True


def restore(path: str | Path, alias: str = "default", *, force: bool = False) -> None:
    """Replace database ``alias`` with the backup at ``path``. Refuses (BackupError) when
    the database holds data, unless ``force``. On PostgreSQL the restore runs in one
    transaction: a failure leaves the database as it was."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"restore: no backup file at {path}")
    if not force and not is_empty(alias):
        raise BackupError("restore: the database is not empty; use --force to replace it")
    conn = connections[alias]
    if _vendor(alias) == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"restore: {path} is not an intact SQLite database")
            conn.ensure_connection()
            source.backup(conn.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"restore: {path} is not a SQLite backup ({exc})") from None
        finally:
            source.close()
        return
    if _vendor(alias) == "postgresql":
        args, env = _pg_env(alias)
        conn.close()
        cmd = ["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error",
               *(["--clean", "--if-exists"] if force else []), *args,
               "--dbname", conn.settings_dict["NAME"], str(path)]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"restore: database backend {_vendor(alias)!r} is not supported")


def fingerprint(alias: str = "default") -> dict[str, tuple[int, str]]:
    """``{table: (row count, sha256 hex of its rows)}`` for every table; rows are hashed
    in sorted order of their text form, so the order of storage does not matter."""
    conn = connections[alias]
    out = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")
            rows = sorted(repr(tuple(r)) for r in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            out[table] = (len(rows), digest)
    return out
