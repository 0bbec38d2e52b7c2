"""CPU time per request of the pages the load test hits (bench/locustfile.py), measured in
one process through Django's test client: stable on a busy machine, where wall-clock
times are not.

Run from the repository root::

    PYTHONPATH=src python bench/bench_requests.py [--db NAME] [--reps 50] [--profile KEY]

The database is its own, on the PostgreSQL server of ``DATABASE_URL`` (else
``postgres://postgres@127.0.0.1:5432``): ``NAME`` (default ``gonghui_requests``), filled
the first time as ``make loadtest`` fills ``gonghui_load`` (``load-demo``, 4,000
synthetic items over the workflow's states in 德清县总工会's subtree, the ``load_*``
accounts; bench/loadtest.py ``prepare``) and reused afterwards (``--fresh`` refills it).
Settings as in the load test: DEBUG off, logs at WARNING, CSRF checked.

Each request kind is made ``--reps`` times after two warm-ups, each time by a logged-in
officer or reviewer (language English, as in the load test); printed per kind: mean and
median and least CPU ms of the process (``time.process_time``: Python, the template engine and the
database driver, not the PostgreSQL server), the SQL statements per request, and the
wall-clock median. The transitions are made on different items each time (the load
accounts' items move through the workflow), so every POST is a real, accepted
transition. ``--profile KEY`` prints the cProfile top entries (cumulative and own time)
of that kind over its repetitions instead (keys: see ``KINDS``). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

from loadtest import load_database_url  # bench/ is on the path when run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

#: Request kinds: key -> (role, description). Each is made by ``request_of``.
KINDS = {
    "list": ("officer", "GET /items/?page=[n] (item list, page 1)"),
    "list_status": ("reviewer", "GET /items/?status=registered"),
    "list_htmx": ("officer", "GET /items/ htmx table (next page)"),
    "detail": ("officer", "GET /items/[id]/ (assigned item, officer)"),
    "detail_reviewer": ("reviewer", "GET /items/[id]/ (registered item, reviewer)"),
    "accept": ("reviewer", "POST /items/[id]/accept/"),
    "assign": ("reviewer", "POST /items/[id]/assign/"),
    "start": ("officer", "POST /items/[id]/start/"),
    "resolve": ("officer", "POST /items/[id]/resolve/"),
    "close": ("reviewer", "POST /items/[id]/close/"),
    "detail_after_post": ("officer", "GET /items/[id]/ after a POST (the redirect, message)"),
    "visit_form": ("officer", "GET /visits/new/"),
    "visit_row": ("officer", "GET /visits/new/item-row/ (htmx)"),
    "visit_post": ("officer", "POST /visits/new/ (2 items)"),
    "visit_list": ("officer", "GET /visits/"),
    "dashboard": ("officer", "GET / (dashboard)"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="gonghui_requests")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--profile", choices=sorted(KINDS))
    parser.add_argument("--only", help="comma-separated kinds (default: all)")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--dump", help="with --profile: also save the pstats to this file")
    args = parser.parse_args()
    if args.db in ("gonghui_load", "gonghui_bench_province"):
        raise SystemExit(f"refusing {args.db}: another tool's database")

    url, admin_url = load_database_url(args.db)
    os.environ.update(
        DATABASE_URL=url, DEBUG="false", LOG_LEVEL="WARNING", LOG_FORMAT="json",
        DJANGO_SETTINGS_MODULE="gonghui.settings",
        SECRET_KEY="load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        GONGHUI_FIELD_KEY="Z29uZ2h1aS1ERVYtT05MWS1maWVsZC1rZXktMzJieSE=",
        GONGHUI_AXES_FAILURES="1000",
    )
    os.environ.setdefault("GONGHUI_VAR_DIR", str(ROOT / "var"))
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1),
                         autocommit=True) as conn:
        if args.fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [args.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User
    from gonghui.services.models import Item

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.filter(username="load_officer_01").exists():
        import loadtest

        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        loadtest.prepare(4000, 2)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    import json

    config_path = ROOT / "var" / f"{args.db}.json"
    if not config_path.exists():
        from gonghui.orgs.models import Enterprise, ResponsibleUnit, Union
        from gonghui.services.models import Category, ServiceTeam

        county = Union.objects.get(name="德清县总工会")
        config_path.write_text(json.dumps({
            "teams": list(ServiceTeam.objects.filter(union__path__startswith=county.path)
                          .values_list("pk", flat=True)),
            "enterprises": list(Enterprise.objects.filter(
                union__path__startswith=county.path).values_list("pk", flat=True)[:200]),
            "categories": list(Category.objects.filter(is_active=True)
                               .values_list("pk", flat=True)),
            "units": list(ResponsibleUnit.objects.filter(owner__path__startswith=county.path)
                          .values_list("pk", flat=True)),
        }))
    config = json.loads(config_path.read_text())

    clients = {}
    for role in ("officer", "reviewer"):
        c = Client(enforce_csrf_checks=True)
        c.force_login(User.objects.get(username=f"load_{role}_01"))
        c.get("/items/")  # the CSRF cookie
        clients[role] = c

    def csrf(client) -> str:
        return client.cookies["csrftoken"].value

    queues: dict[str, list[int]] = {}

    def next_item(status: str) -> Item:
        """An item of ``status`` in the county not used before by this run."""
        q = queues.setdefault(status, [])
        if not q:
            q.extend(Item.objects.filter(status=status, subject__startswith="压测事项")
                     .order_by("?").values_list("pk", flat=True)[:400])
        return Item.objects.get(pk=q.pop())

    SUCCESS = re.compile(r'alert-success" role="alert">Item (\d+): ')
    counter = iter(range(10**9))

    def transition(client, action: str, status: str, extra: dict):
        item = next_item(status)
        data = {"version": str(item.version), "csrfmiddlewaretoken": csrf(client), **extra}
        return lambda: client.post(f"/items/{item.pk}/{action}/", data=data), (action, item.pk)

    def request_of(kind: str):
        """(a function making the request, what to check the response against)."""
        role = KINDS[kind][0]
        c = clients[role]
        if kind == "list":
            n = next(counter) % 5 + 1
            return lambda: c.get(f"/items/?page={n}"), None
        if kind == "list_status":
            return lambda: c.get("/items/?status=registered"), None
        if kind == "list_htmx":
            body = c.get("/items/").content.decode()
            import html

            found = re.search(r'data-page="next" href="(\?[^"]+)"', body)
            url = "/items/" + html.unescape(found.group(1))
            return lambda: c.get(url, headers={"HX-Request": "true",
                                               "HX-Target": "item-table"}), None
        if kind == "detail":
            pk = next_item("assigned").pk
            return lambda: c.get(f"/items/{pk}/"), None
        if kind == "detail_reviewer":
            pk = next_item("registered").pk
            return lambda: c.get(f"/items/{pk}/"), None
        if kind == "detail_after_post":
            make, (_a, pk) = transition(c, "start", "assigned", {"note": ""})
            make()
            return lambda: c.get(f"/items/{pk}/"), None
        if kind == "accept":
            return transition(c, "accept", "registered", {"note": ""})
        if kind == "assign":
            return transition(c, "assign", "accepted", {
                "unit": config["units"][next(counter) % len(config["units"])],
                "working_days": "10", "note": ""})
        if kind == "start":
            return transition(c, "start", "assigned", {"note": ""})
        if kind == "resolve":
            return transition(c, "resolve", "in_progress", {"resolution": "已协调解决（基准）"})
        if kind == "close":
            return transition(c, "close", "resolved", {
                "satisfaction": "satisfied", "note": "", "evidence_statement": "电话回访核实"})
        if kind == "visit_form":
            return lambda: c.get("/visits/new/"), None
        if kind == "visit_row":
            return lambda: c.get("/visits/new/item-row/?items-TOTAL_FORMS=1",
                                 headers={"HX-Request": "true"}), None
        if kind == "visit_post":
            i = next(counter)
            data = {
                "csrfmiddlewaretoken": csrf(c), "date": time.strftime("%Y-%m-%d"),
                "team": config["teams"][i % len(config["teams"])],
                "target_type": "enterprise",
                "target": f"e:{config['enterprises'][i % len(config['enterprises'])]}",
                "notes": "基准走访", "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
            }
            for j in range(2):
                data.update({f"items-{j}-kind": "need",
                             f"items-{j}-category": config["categories"][j],
                             f"items-{j}-subject": f"基准发现的问题 {i}-{j}",
                             f"items-{j}-persons_affected": "1"})
            return lambda: c.post("/visits/new/", data=data), "visit"
        if kind == "visit_list":
            return lambda: c.get("/visits/"), None
        if kind == "dashboard":
            return lambda: c.get("/"), None
        raise KeyError(kind)

    def check(kind: str, resp, expect) -> None:
        if expect is None:
            if resp.status_code != 200:
                raise SystemExit(f"{kind}: HTTP {resp.status_code}")
        elif expect == "visit":
            if resp.status_code != 302:
                raise SystemExit(f"{kind}: HTTP {resp.status_code}: {resp.content[:3000]!r}")
        else:
            action, pk = expect
            if resp.status_code != 302:
                raise SystemExit(f"{kind}: HTTP {resp.status_code}")
            page = clients[KINDS[kind][0]].get(resp["Location"]).content.decode()
            if not SUCCESS.search(page):
                raise SystemExit(f"{kind} on {pk}: no success message")

    kinds = args.only.split(",") if args.only else list(KINDS)
    if args.profile:
        kinds = [args.profile]
    print(f"# {connection.vendor}, database {args.db}, {args.reps} reps, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
    print(f"| {'request':<58} | CPU ms mean | CPU ms p50 | CPU ms min | SQL | wall ms p50 |")
    print(f"|{'-' * 60}|-------------|------------|------------|-----|-------------|")
    for kind in kinds:
        for _ in range(2):  # warm-up
            make, expect = request_of(kind)
            check(kind, make(), expect)
        cpu, wall = [], []
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        for _ in range(args.reps):
            make, expect = request_of(kind)
            if profiler:
                profiler.enable()
            t0, w0 = time.process_time(), time.perf_counter()
            resp = make()
            cpu.append(time.process_time() - t0)
            wall.append(time.perf_counter() - w0)
            if profiler:
                profiler.disable()
            check(kind, resp, expect)
        make, expect = request_of(kind)  # once more, counting its statements
        with CaptureQueriesContext(connection) as ctx:
            resp = make()
        n_sql = len(ctx.captured_queries)
        check(kind, resp, expect)
        print(f"| {KINDS[kind][1]:<58} | {statistics.mean(cpu) * 1000:11.1f} | "
              f"{statistics.median(cpu) * 1000:10.1f} | {min(cpu) * 1000:10.1f} | {n_sql:3d} | "
              f"{statistics.median(wall) * 1000:11.1f} |", flush=True)
        if profiler and args.dump:
            profiler.dump_stats(args.dump)
        if profiler:
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(
                    args.top)
                print(out.getvalue())


if __name__ == "__main__":
    main()
