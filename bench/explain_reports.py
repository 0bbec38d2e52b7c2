"""The SQL of the dashboard and the services report of a union, statement by statement.

Runs ``reports.dashboard.dashboard_summary`` and ``reports.rollup.services_rollup``
("this year so far") of each union given (primary keys; default 1 and 2: the province
and the first city of a generated province) under ``CaptureQueriesContext``, then replays
every statement with ``EXPLAIN (ANALYZE)`` on PostgreSQL and prints its execution time
(ms), the rows of its top plan node and its start, with the load average. Read-only:
it refuses to run when summary keys are dirty (the refresh would write).

    DATABASE_URL=postgres://…/gonghui_bench_province PYTHONPATH=src python bench/explain_reports.py 1 2
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")


def explain(connection, sql: str) -> tuple[float, int | None]:
    """(execution time in ms, rows of the top plan node) of ``sql`` (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    return plan["Execution Time"], plan["Plan"].get("Actual Rows")


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gonghui.orgs.models import Union
    from gonghui.reports.dashboard import dashboard_summary
    from gonghui.reports.models import SummaryDirty
    from gonghui.reports.periods import Period
    from gonghui.reports.rollup import services_rollup

    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (EXPLAIN ANALYZE)")
    if SummaryDirty.objects.exists():
        raise SystemExit("summary keys are dirty: the refresh would write; run gonghui refresh-summaries")
    today = timezone.localdate()
    this_year = Period(today.replace(month=1, day=1), today)
    for pk in argv or ["1", "2"]:
        union = Union.objects.get(pk=int(pk))
        for name, call in (("dashboard", lambda u=union: dashboard_summary(u, today=today)),
                           ("services report", lambda u=union: services_rollup(u, this_year, today=today))):
            call()  # warm
            with CaptureQueriesContext(connection) as ctx:
                call()
            print(f"== {name}, {union.name}: {len(ctx.captured_queries)} statements, "
                  f"load {os.getloadavg()[0]:.2f}")
            total = 0.0
            for query in ctx.captured_queries:
                ms, rows = explain(connection, query["sql"])
                total += ms
                print(f"  {ms:8.1f} ms  rows {rows}  {query['sql'][:100]}")
            print(f"  SQL total {total:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
