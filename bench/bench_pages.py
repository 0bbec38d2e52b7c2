"""Benchmark of the reading pages on generated data (``make bench``).

Run from the repository root::

    PYTHONPATH=src python bench/bench_pages.py [--scale county|city|province] [--reps N]

The database is the benchmark's own: a SQLite file ``var/bench_<scale>.sqlite3`` by
default, or, when ``DATABASE_URL`` names a PostgreSQL server, the database
``gonghui_bench_<scale>`` on that server (created when missing). It is migrated and
filled with ``gonghui generate --scale <scale>`` the first time and reused afterwards
(``--fresh`` rebuilds it). ``var/gonghui.sqlite3`` is never touched.

Every page is requested through Django's test ``Client`` (the whole request: middleware,
session, view, template), ``--reps`` times after one warm-up, and the p50/p95 printed
next to the columns below. The item list pages by keyset (``?cursor=``): "page 200" is
reached as a user reaches it, by following the "next" link from page 1 199 times, and
that page's URL (its cursor) is then timed; its count travels in the cursor, so deep
pages count nothing.

- the **floor**: the same SQL statements the page ran (captured once), replayed on a
  raw cursor with every row fetched: the time the database alone needs for that page;
- the **peer**: Django admin's changelist of the same model with the same filter and
  page, logged in as a superuser (item-list rows only).

The .xlsx export (``--export N``, default 100,000: the officer and filter whose rows
are nearest N) is timed with the peak resident memory of the process sampled during
the run, then run again under ``tracemalloc`` for the peak Python allocations.
The reports rows are the dashboard, the services report (``/reports/?module=services``:
the services roll-up, the year before and the charts, without the other modules and
the brief), the whole report page (every module and the brief) and the brief.
``--db NAME`` uses another database (a name on the PostgreSQL server, or a SQLite file)
filled before; ``--skip-pages`` measures only the export, ``--items-only`` the item
list and the export. The machine's load average is
printed (other work on a shared machine inflates every time). Nothing is asserted;
the numbers go in README.md ("Performance").
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
# The generated hardship files are synthetic: a fixed, public key for the bench database.
os.environ.setdefault("GONGHUI_FIELD_KEY", "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy4uLi4=")
ROOT = Path(__file__).resolve().parent.parent


def bench_database_url(scale: str, name: str | None = None) -> str:
    """The benchmark's own database URL for ``scale`` (see the module docstring)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = name or f"gonghui_bench_{scale}"
        import psycopg

        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return urlunsplit(parts._replace(path=f"/{name}"))
    if name:  # a SQLite file filled before
        return f"sqlite:///{Path(name).resolve()}"
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / f'bench_{scale}.sqlite3'}"


def load_average() -> str:
    """The 1/5/15-minute load averages, e.g. "4.1 3.9 3.2" (other work on the machine)."""
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def rss_mib() -> float:
    """This process's resident memory now, in MiB (Linux /proc; else the peak so far)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakRSS:
    """Samples :func:`rss_mib` every 20 ms in a thread while in the ``with`` block;
    ``peak`` is the largest sample (MiB) and ``before`` the value on entry."""

    def __enter__(self) -> PeakRSS:
        self.before = self.peak = rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mib())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values`` in ms, nearest-rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=["county", "city", "province"])
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--db", help="PostgreSQL database name (default gonghui_bench_<scale>),"
                        " or with SQLite the path of a database file")
    parser.add_argument("--export", type=int, default=100_000, metavar="N",
                        help="export about N items (the nearest officer and filter)")
    parser.add_argument("--skip-pages", action="store_true", help="measure the export only")
    parser.add_argument("--items-only", action="store_true",
                        help="item list rows and the export only (no dashboard, report, brief)")
    parser.add_argument("--reports-only", action="store_true",
                        help="dashboard, report page and brief only (no item list, no export)")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url(args.scale, args.db)
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
        try:
            peer_p95 = f"{pct(timed(clients['admin'], peer), 0.95):8.1f}" if peer else "       —"
        except SystemExit as refused:  # the admin refused the filter (HTTP 302 to ?e=1)
            print(f"  admin peer: {refused}", file=sys.stderr)
            peer_p95 = "       —"
        rows.append((label, f"{pct(page, .5):8.1f}", f"{pct(page, .95):8.1f}",
                     f"{pct(fl, .95):8.1f}", f"{n_queries:3d}", peer_p95))
        print(f"  {label} done", file=sys.stderr)

    load_before = load_average()
    page_size = 25

    def deep_url(key: str, query: str, depth: int) -> tuple[str, int]:
        """The URL of page ``depth`` of ``/items/?query`` (or of the last page) and its
        number, reached as a user does: following the page's "next" link from page 1."""
        import html
        import re

        client, url, number = clients[key], "/items/" + (f"?{query}" if query else ""), 1
        while number < depth:
            body = client.get(url, headers={"HX-Request": "true", "HX-Target": "item-table"}
                              ).content.decode()
            found = re.search(r'data-page="next" href="(\?[^"]+)"', body)
            if not found:
                break
            url, number = "/items/" + html.unescape(found.group(1)), number + 1
        return url, number

    if not args.skip_pages and not args.reports_only:
        for level in ("county", "city", "province"):
            measure(f"item list, {level}, page 1", level, "/items/", "/admin/services/item/")
            url, number = deep_url(level, "", 200)
            measure(f"item list, {level}, page {number} (cursor)", level, url,
                    f"/admin/services/item/?p={(number - 1) * page_size // 100 + 1}")
        for level in ("county", "city", "province"):
            query = "status=open&sort=deadline"
            measure(f"open items by deadline, {level}, page 1", level, f"/items/?{query}",
                    "/admin/services/item/?o=6.0&status__in=" + ",".join(Item.OPEN_STATUSES))
            url, number = deep_url(level, query, 200)
            measure(f"open items by deadline, {level}, page {number}", level, url)
        measure("item list, county, status=in progress + kind=need", "county",
                "/items/?status=in_progress&kind=need",
                "/admin/services/item/?status__exact=in_progress&kind__exact=need")
        measure("item list, county, overdue", "county", "/items/?overdue=on")
    if not args.skip_pages and not args.items_only:
        for level in ("county", "city", "province"):
            measure(f"dashboard, {level}", level, "/")
        for level in ("county", "city", "province"):
            measure(f"services report, {level} (this year)", level, "/reports/?module=services")
        for level in ("county", "city", "province"):
            measure(f"report page, {level} (this year)", level, "/reports/")

        today = timezone.localdate()
        times = []
        for _ in range(args.reps):
            t = time.perf_counter()
            generate_brief(county, preset("year", today), today=today)
            times.append(time.perf_counter() - t)
        rows.append(("brief, county (function)", f"{pct(times, .5):8.1f}",
                     f"{pct(times, .95):8.1f}", "       —", "  —", "       —"))

    # The export: the officer and filter whose items are nearest --export N.
    candidates = []
    for key, union in (("county", county), ("city", city), ("province", root)):
        scoped = Item.objects.filter(union__path__startswith=union.path)
        candidates.append((scoped.count(), key, ""))
        for status in ("closed", "in_progress"):
            candidates.append((scoped.filter(status=status).count(), key, f"status={status}"))
        for kind in ("need", "difficulty"):
            candidates.append((scoped.filter(kind=kind).count(), key, f"kind={kind}"))
    n_export, export_key, export_query = min(candidates, key=lambda c: abs(c[0] - args.export))
    url = "/items/export.xlsx" + (f"?{export_query}" if export_query else "")

    def run_export() -> int:
        resp = clients[export_key].get(url)
        size = 0
        for chunk in resp.streaming_content:  # streamed: never the whole file in memory
            size += len(chunk)
        resp.close()
        return size

    if not args.reports_only:
        with PeakRSS() as memory:
            t = time.perf_counter()
            size = run_export()
            export_s = time.perf_counter() - t
        tracemalloc.start()
        run_export()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    print()
    cpu = platform.processor() or platform.machine()
    print(f"Gonghui bench: {vendor}, scale {args.scale}, {args.reps} reps; "
          f"{os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}")
    print(f"Load average (1/5/15 min): {load_before} at the start, {load_average()} at the end")
    print(f"Items: county {Item.objects.filter(union__path__startswith=county.path).count():,}, "
          f"city {Item.objects.filter(union__path__startswith=city.path).count():,}, "
          f"province {Item.objects.count():,}")
    print()
    if rows:
        header = ("page (whole request)", "p50 ms", "p95 ms", "floor p95", "SQL", "admin p95")
        width = max(len(r[0]) for r in rows) + 2
        print(f"| {header[0]:<{width}} | " + " | ".join(f"{h:>8}" for h in header[1:]) + " |")
        print(f"|{'-' * (width + 2)}|" + "|".join("-" * 10 for _ in header[1:]) + "|")
        for r in rows:
            print(f"| {r[0]:<{width}} | " + " | ".join(f"{c:>8}" for c in r[1:]) + " |")
        print()
    if args.reports_only:
        return
    print(f".xlsx export of {n_export:,} items ({export_key} officer, {export_query or 'no filter'}, "
          f"{size / 1e6:.1f} MB): {export_s:.1f} s; peak RSS of the process {memory.peak:.0f} MiB "
          f"({memory.peak - memory.before:+.0f} MiB during the export); "
          f"peak traced Python memory {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
