"""Send report reads to a PostgreSQL read replica when one is configured.

Reports (``gonghui report``, the dashboard figures) are read-heavy aggregate queries
that may be a few seconds stale. When ``DATABASE_REPLICA_URL`` is set, settings add a
``replica`` database and code that computes a report wraps its reads in
:func:`reading_reports`; :class:`ReportReplicaRouter` then sends every read inside that
block to ``replica``. Writes, and reads outside such a block, always use ``default``,
so a page never reads its own write from a lagging replica.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings

_REPORTS = contextvars.ContextVar("gonghui_reading_reports", default=False)

REPLICA = "replica"


def replica_configured() -> bool:
    """True when settings define a ``replica`` database."""
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reading_reports() -> Iterator[None]:
    """Within this block, ORM reads go to the replica (if configured)."""
    token = _REPORTS.set(True)
    try:
        yield
    finally:
        _REPORTS.reset(token)


class ReportReplicaRouter:
    """Database router: reads inside :func:`reading_reports` go to ``replica`` when it is
    configured; everything else goes to ``default``. Objects from either database may be
    related (they are the same data); migrations run only on ``default``."""

    def db_for_read(self, model, **hints):
        if _REPORTS.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
