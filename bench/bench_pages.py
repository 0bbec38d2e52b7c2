"""Benchmark of the reading pages on generated data (``make bench``).

Run from the repository root::

    PYTHONPATH=src python bench/bench_pages.py [--scale county|city|province] [--reps N]

The database is the benchmark's own: a SQLite file ``var/bench_<scale>.sqlite3`` by
default, or, when ``DATABASE_URL`` names a PostgreSQL server, the database
``gonghui_bench_<scale>`` on that server (created when missing). It is migrated and
filled with ``gonghui generate --scale <scale>`` the first time and reused afterwards
(``--fresh`` rebuilds it); ``GONGHUI_BENCH_DB`` names another database (or file)
instead. ``var/gonghui.sqlite3`` is never touched.

Every page is requested through Django's test ``Client`` (the whole request: middleware,
session, view, template), ``--reps`` times after one warm-up, and the p50/p95 printed
next to:

- the **floor**: the same SQL statements the page ran (captured once), replayed on a
  raw cursor with every row fetched: the time the database alone needs for that page;
- the **peer**: Django admin's changelist of the same model with the same filter and
  page, logged in as a superuser (item-list rows only).

The .xlsx export is timed and its peak Python memory measured with ``tracemalloc`` in
a separate run. Nothing is asserted; the numbers go in README.md ("Performance").
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
# The generated hardship files are synthetic: a fixed, public key for the bench database.
os.environ.setdefault("GONGHUI_FIELD_KEY", "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy4uLi4=")
ROOT = Path(__file__).resolve().parent.parent


def bench_database_url(scale: str) -> str:
    """The benchmark's own database URL for ``scale`` (see the module docstring)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = os.environ.get("GONGHUI_BENCH_DB") or f"gonghui_bench_{scale}"
        import psycopg

        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return urlunsplit(parts._replace(path=f"/{name}"))
    (ROOT / "var").mkdir(exist_ok=True)
    name = os.environ.get("GONGHUI_BENCH_DB") or f"bench_{scale}"
    return f"sqlite:///{ROOT / 'var' / f'{name}.sqlite3'}"


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values`` in ms, nearest-rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=["county", "city", "province"])
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--only", default="items,dashboard,report,brief,export",
                        help="comma-separated parts to measure (default: all of "
                             "items,dashboard,report,brief,export)")
    args = parser.parse_args()
    only = set(args.only.split(","))

    os.environ["DATABASE_URL"] = bench_database_url(args.scale)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.orgs.models import Union
    from gonghui.reports.brief import generate_brief
    from gonghui.reports.periods import preset
    from gonghui.services.models import Item

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor = connection.vendor
    if args.fresh:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    if not Union.objects.exists():
        t0 = time.perf_counter()
        call_command("generate", scale=args.scale, stdout=sys.stderr)
        print(f"# generated {args.scale} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        if vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cur:
                cur.execute("ANALYZE")

    root = Union.objects.get(depth=1)
    city = Union.objects.filter(depth=2).order_by("path").first()
    county = Union.objects.filter(depth=3).order_by("path").first()

    def user(name: str, union: Union | None, **extra) -> User:
        u, _created = User.objects.get_or_create(
            username=name, defaults={"union": union, "role": "leader", **extra}
        )
        return u

    officers = {
        "county": user("bench_county", county),
        "city": user("bench_city", city),
        "province": user("bench_province", root),
    }
    admin = user("bench_admin", None, is_superuser=True, is_staff=True, role="admin")
    clients = {}
    for key, u in [*officers.items(), ("admin", admin)]:
        c = Client()
        c.force_login(u)
        clients[key] = c

    def timed(client: Client, url: str) -> list[float]:
        r = client.get(url)  # warm-up
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        out = []
        for _ in range(args.reps):
            t = time.perf_counter()
            resp = client.get(url)
            if hasattr(resp, "streaming_content"):
                b"".join(resp.streaming_content)
            out.append(time.perf_counter() - t)
        return out

    def floor(client: Client, url: str) -> tuple[list[float], int]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        statements = []
        for q in ctx.captured_queries:
            sql = q["sql"]
            if sql.upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "CLOSE", "FETCH")):
                continue
            if sql.upper().startswith("DECLARE"):  # a server-side cursor: its SELECT
                sql = sql[sql.upper().index(" FOR ") + 5:]
            statements.append(sql)
        out = []
        with connection.cursor() as cur:
            for _ in range(args.reps):
                t = time.perf_counter()
                for sql in statements:
                    cur.execute(sql)
                    if cur.description:
                        cur.fetchall()
                out.append(time.perf_counter() - t)
        return out, len(statements)

    rows: list[tuple] = []

    def measure(label: str, key: str, url: str, peer: str | None = None) -> None:
        page = timed(clients[key], url)
        fl, n_queries = floor(clients[key], url)
        peer_p95 = f"{pct(timed(clients['admin'], peer), 0.95):8.1f}" if peer else "       —"
        rows.append((label, f"{pct(page, .5):8.1f}", f"{pct(page, .95):8.1f}",
                     f"{pct(fl, .95):8.1f}", f"{n_queries:3d}", peer_p95))
        print(f"  {label} done", file=sys.stderr)

    page_size = 25
    for level, union in (("county", county), ("city", city), ("province", root)) if "items" in only else ():
        n = Item.objects.filter(union__path__startswith=union.path).count()
        deep = max(1, min(200, n // page_size))
        measure(f"item list, {level}, page 1", level, "/items/",
                "/admin/services/item/")
        measure(f"item list, {level}, page {deep}", level, f"/items/?page={deep}",
                f"/admin/services/item/?p={deep * 25 // 100 or 1}")
    if "items" in only:
        measure("item list, county, status=in progress + kind=need", "county",
                "/items/?status=in_progress&kind=need",
                "/admin/services/item/?status__exact=in_progress&kind__exact=need")
        measure("item list, county, overdue", "county", "/items/?overdue=on")
    for level in ("county", "city", "province") if "dashboard" in only else ():
        measure(f"dashboard, {level}", level, "/")
    for level in ("county", "city", "province") if "report" in only else ():
        measure(f"report page, {level} (this year)", level, "/reports/")

    today = timezone.localdate()
    times = []
    for _ in range(args.reps if "brief" in only else 0):
        t = time.perf_counter()
        generate_brief(county, preset("year", today), today=today)
        times.append(time.perf_counter() - t)
    if times:
        rows.append(("brief, county (function)", f"{pct(times, .5):8.1f}",
                     f"{pct(times, .95):8.1f}", "       —", "  —", "       —"))

    if "export" in only:
        # The export: the largest officer scope whose items are nearest 100,000.
        export_key, export_union = "county", county
        for key, union in (("city", city), ("province", root)):
            if Item.objects.filter(union__path__startswith=union.path).count() <= 120_000:
                export_key, export_union = key, union
        n_export = Item.objects.filter(union__path__startswith=export_union.path).count()
        url = "/items/export.xlsx"
        t = time.perf_counter()
        resp = clients[export_key].get(url)
        size = len(b"".join(resp.streaming_content) if hasattr(resp, "streaming_content") else resp.content)
        export_s = time.perf_counter() - t
        tracemalloc.start()
        resp = clients[export_key].get(url)
        if hasattr(resp, "streaming_content"):
            b"".join(resp.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    print()
    cpu = platform.processor() or platform.machine()
    print(f"Gonghui bench: {vendor}, scale {args.scale}, {args.reps} reps; "
          f"{os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Load average (1, 5, 15 min) at the end: {load} — the machine may be shared")
    print(f"Items: county {Item.objects.filter(union__path__startswith=county.path).count():,}, "
          f"city {Item.objects.filter(union__path__startswith=city.path).count():,}, "
          f"province {Item.objects.count():,}")
    print()
    header = ("page (whole request)", "p50 ms", "p95 ms", "floor p95", "SQL", "admin p95")
    width = max(len(r[0]) for r in rows) + 2
    print(f"| {header[0]:<{width}} | " + " | ".join(f"{h:>8}" for h in header[1:]) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * 10 for _ in header[1:]) + "|")
    for r in rows:
        print(f"| {r[0]:<{width}} | " + " | ".join(f"{c:>8}" for c in r[1:]) + " |")
    print()
    if "export" in only:
        print(f".xlsx export of {n_export:,} items ({export_key} officer, {size / 1e6:.1f} MB): "
              f"{export_s:.1f} s, peak traced Python memory {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
