"""``make loadtest``: gunicorn on PostgreSQL on loopback, 50 simulated officers and
reviewers doing the main job with Locust, then a check that no update was lost.

Run from the repository root::

    PYTHONPATH=src python bench/loadtest.py [--seconds 300] [--users 50] [--items 4000]

Steps:

1. (Re)creates its own database ``gonghui_load`` (``LOAD_DB``) on the PostgreSQL server
   of ``DATABASE_URL`` when that is PostgreSQL, else on ``postgres://postgres@127.0.0.1:5432``;
   never another database. Migrates it, loads the demo (``gonghui load-demo``) and adds
   ``--items`` synthetic items spread over the workflow's states (registered, accepted,
   assigned, in progress, resolved) in 德清县总工会's subtree, and the accounts
   ``load_officer_NN`` / ``load_reviewer_NN`` (county union, language English).
2. Starts gunicorn (deploy/gunicorn.conf.py; ``GUNICORN_WORKERS`` etc. apply) on a free
   port of 127.0.0.1 with production-like settings (DEBUG off, JSON logs at WARNING;
   connections kept for the whole run, so that the CPU time of the PostgreSQL backends
   can be read at the end).
3. Runs ``locust -f bench/locustfile.py --headless -u USERS -r 10 -t SECONDS`` (loopback
   only; the run stops by itself).
4. Prints requests per second, p50/p95/p99 (ms; all requests, and the main job without
   the one login per user, whose password hashing is slow by design) and the errors, then
   checks "no lost update" against the database (:func:`check_log`): for every item the
   accepted transitions form one chain of versions v, v+1, ... ending at the item's
   current version and state, no version was accepted twice, every stale re-post was
   refused with the conflict message, and the ItemEvent rows written by the load
   accounts equal the accepted transitions, item by item and action by action; the items
   of the recorded visits are all there.

It also prints the CPU time per request of the gunicorn workers and of the PostgreSQL
backends (from /proc), which does not depend on how busy the shared machine is.

Exit status: 0 when there was no failed request, no unexpected answer and no lost
update; 1 otherwise. The p95 target (300 ms) is printed, not enforced: the machine is
shared.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password-2026"
P95_TARGET_MS = 300


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_database_url(name: str) -> tuple[str, str]:
    """(URL of the load database, URL of its server's ``postgres`` database): the server
    of ``DATABASE_URL`` when that is PostgreSQL, else 127.0.0.1:5432 as ``postgres``."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(given)
    else:
        parts = urllib.parse.urlsplit("postgres://postgres@127.0.0.1:5432/postgres")
    return (urllib.parse.urlunsplit(parts._replace(path="/" + name)),
            urllib.parse.urlunsplit(parts._replace(path="/postgres")))


def recreate_database(admin_url: str, name: str) -> None:
    """Drop and create the database ``name`` (ours alone) on the server of ``admin_url``."""
    import psycopg

    if not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing the database name {name!r}")
    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1),
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(n_items: int, users: int, seed: int = 7) -> dict:
    """Load accounts and synthetic items; the ids the Locust users need (a dict saved as
    the ``LOAD_CONFIG`` JSON). Needs Django set up on the load database."""
    import random

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from gonghui.accounts.models import Role, User
    from gonghui.orgs.models import Enterprise, ResponsibleUnit, Union
    from gonghui.services.models import Category, Item, ItemEvent, ServiceTeam

    rng = random.Random(seed)
    county = Union.objects.get(name="德清县总工会")
    unions = list(Union.objects.filter(path__startswith=county.path))
    categories = list(Category.objects.filter(is_active=True))
    units = list(ResponsibleUnit.objects.filter(owner__path__startswith=county.path))
    creator = User.objects.get(username="dq_officer")
    hashed = make_password(PASSWORD)
    with transaction.atomic():
        for role in (Role.OFFICER, Role.REVIEWER):
            User.objects.bulk_create([
                User(username=f"load_{role}_{n:02d}", display_name=f"压测{role}{n}", role=role,
                     union=county, language="en", password=hashed, is_active=True)
                for n in range(1, users + 1)
            ])
        now = timezone.now()
        today = timezone.localdate()
        S = Item.Status
        states = [S.REGISTERED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED]
        items = []
        for i in range(n_items):
            status = states[i % len(states)]
            item = Item(union=rng.choice(unions), kind=rng.choice(Item.Kind.values),
                        category=rng.choice(categories), subject=f"压测事项 {i + 1}",
                        persons_affected=1, found_on=today, status=status,
                        created_by=creator)
            if status in (S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED):
                item.responsible_unit = rng.choice(units)
                item.assigned_at = now
                item.deadline = today + dt.timedelta(days=20)
            if status == S.RESOLVED:
                item.resolved_at = now
                item.outcome = Item.Outcome.RESOLVED
                item.resolution = "已解决"
            items.append(item)
        Item.objects.bulk_create(items, batch_size=1000)
        ItemEvent.objects.bulk_create(
            [ItemEvent(item=item, actor=creator, action="register", from_status="",
                       to_status=S.REGISTERED) for item in items], batch_size=1000)
    return {
        "password": PASSWORD,
        "today": timezone.localdate().isoformat(),
        "teams": list(ServiceTeam.objects.filter(union__path__startswith=county.path)
                      .values_list("pk", flat=True)),
        "enterprises": list(Enterprise.objects.filter(union__path__startswith=county.path)
                            .values_list("pk", flat=True)[:200]),
        "categories": [c.pk for c in categories],
        "units": [u.pk for u in units],
        "items": Item.objects.count(),
    }


def check_log(entries: list[dict]) -> list[str]:
    """Compare the Locust log (one dict per transition attempt, outcome or recorded visit)
    with the database; a list of problems (empty: no lost update). Needs Django set up.

    An attempt without an outcome (the run stopped while it was in flight) may or may not
    have been applied: it is allowed, not required, in the database."""
    from django.db.models import Count

    from gonghui.services.models import Item, ItemEvent

    problems: list[str] = []
    accepted: dict[int, list[dict]] = collections.defaultdict(list)
    attempts = collections.Counter()
    outcomes = collections.Counter()
    for e in entries:
        key = (e.get("item"), e.get("action"), e.get("version"))
        if e["kind"] == "attempt":
            attempts[key] += 1
        elif e["kind"] in ("transition", "stale_replay"):
            outcomes[key] += 1
            if e["kind"] == "stale_replay" and e["result"] != "conflict":
                problems.append(f"item {e['item']}: a stale {e['action']} (version "
                                f"{e['version']}) was {e['result']}, not refused with the "
                                "conflict message")
            if e["result"] == "accepted":
                accepted[e["item"]].append(e)
    unknown: dict[int, list[tuple[str, int, str]]] = collections.defaultdict(list)
    for (pk, action, version), n in (attempts - outcomes).items():
        target = next(e["to"] for e in entries if e["kind"] == "attempt"
                      and (e["item"], e["action"], e["version"]) == (pk, action, version))
        unknown[pk].extend([(action, version, target)] * n)
    items = Item.objects.in_bulk(set(accepted) | set(unknown))
    for pk in set(accepted) | set(unknown):
        chain = sorted(accepted.get(pk, []), key=lambda e: e["version"])
        versions = [e["version"] for e in chain]
        if len(set(versions)) != len(versions):
            problems.append(f"item {pk}: version accepted twice {versions}")
            continue
        if versions and versions != list(range(versions[0], versions[0] + len(versions))):
            problems.append(f"item {pk}: accepted versions not one chain {versions}")
        item = items[pk]
        ends = {(e["to"], e["version"] + 1) for e in chain[-1:]}
        ends |= {(to, version + 1) for _action, version, to in unknown.get(pk, [])}
        if chain and (item.status, item.version) not in ends:
            last = chain[-1]
            problems.append(f"item {pk}: database says {item.status} v{item.version}; the last "
                            f"accepted transition {last['action']} v{last['version']} → "
                            f"{last['to']}")
    logged = collections.Counter((pk, e["action"], e["to"]) for pk, chain in accepted.items()
                                 for e in chain)
    maybe = collections.Counter((pk, action, to) for pk, rows in unknown.items()
                                for action, _v, to in rows)
    in_db = collections.Counter()
    rows = (ItemEvent.objects.filter(actor__username__startswith="load_")
            .exclude(action="register").values_list("item_id", "action", "to_status")
            .annotate(n=Count("id")))
    for item_id, action, to_status, n in rows:
        in_db[(item_id, action, to_status)] = n
    for key in sorted(set(logged) | set(in_db)):
        if not logged[key] <= in_db[key] <= logged[key] + maybe[key]:
            problems.append(f"item {key[0]} {key[1]}→{key[2]}: {logged[key]} accepted by the "
                            f"load tool, {in_db[key]} ItemEvent rows")
    registered = sum(e["items"] for e in entries if e["kind"] == "visit")
    made = Item.objects.filter(created_by__username__startswith="load_").count()
    events = ItemEvent.objects.filter(actor__username__startswith="load_",
                                      action="register").count()
    if not (made == events and registered <= made <= registered + 3 * _cut_visits(entries)):
        problems.append(f"visits: {registered} items recorded, {made} items and {events} "
                        "register events in the database")
    return problems


def _cut_visits(entries: list[dict]) -> int:
    """Visits posted whose answer the tool never saw (cut off at the end of the run)."""
    posted = sum(1 for e in entries if e["kind"] == "visit_attempt")
    return posted - sum(1 for e in entries if e["kind"] == "visit")


def figures(times: list[tuple[str, float, bool]], seconds: float) -> dict:
    """Requests, failures, requests per second and p50/p95/p99 (ms, nearest rank) of
    ``times`` (name, ms, failed) over a run of ``seconds``."""
    ms = sorted(t for _name, t, _failed in times)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, max(0, round(p / 100 * len(ms)) - 1))] if ms else 0.0

    return {"requests": len(ms), "failures": sum(1 for *_x, failed in times if failed),
            "rps": len(ms) / seconds, "p50": pct(50), "p95": pct(95), "p99": pct(99)}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by the processes ``pids`` (from /proc; 0.0
    for a process that is gone or on a system without /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (gunicorn's workers)."""
    try:
        return [int(p) for p in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def backends(db_name: str) -> list[int]:
    """The PostgreSQL server processes serving ``db_name`` (by their process title)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if f" {db_name} ".encode() in stat.read_bytes():
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found


def line(label: str, f: dict) -> str:
    return (f"{label:<34} requests {f['requests']:>6}  requests/s {f['rps']:6.1f}  "
            f"p50 {f['p50']:5.0f} ms  p95 {f['p95']:5.0f} ms  p99 {f['p99']:5.0f} ms  "
            f"errors {f['failures']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 300)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 50)))
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--items", type=int, default=int(os.environ.get("LOAD_ITEMS", 4000)))
    args = parser.parse_args()

    db_name = os.environ.get("LOAD_DB", "gonghui_load")
    url, admin_url = load_database_url(db_name)
    tmp = Path(tempfile.mkdtemp(prefix="gonghui-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        PYTHONPATH=str(ROOT / "src"), DJANGO_SETTINGS_MODULE="gonghui.settings",
        DATABASE_URL=url, DEBUG="false", LOG_LEVEL="WARNING", LOG_FORMAT="json",
        SECRET_KEY="load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        GONGHUI_FIELD_KEY="Z29uZ2h1aS1ERVYtT05MWS1maWVsZC1rZXktMzJieSE=",
        GONGHUI_VAR_DIR=str(tmp), GONGHUI_AXES_FAILURES="1000",
        CONN_MAX_AGE="900",  # keep each worker's connection for the run (CPU accounting)
    )
    os.environ.update(env)
    print(f"== database {db_name} on {urllib.parse.urlsplit(url).netloc}: migrate, demo, "
          f"{args.items} synthetic items", flush=True)
    started = time.monotonic()
    recreate_database(admin_url, db_name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    config = prepare(args.items, args.users)
    connections.close_all()
    (tmp / "config.json").write_text(json.dumps(config), encoding="utf-8")
    log_path = tmp / "transitions.jsonl"
    print(f"   ready in {time.monotonic() - started:.0f} s: {config['items']} items", flush=True)

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py"),
         "gonghui.wsgi"],
        env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}",
                 PYTHONWARNINGS="ignore:No directory at"), cwd=tmp,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(host + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            print("gunicorn did not answer /healthz")
            return 1
        time.sleep(5)  # every worker booted: their start-up is not the requests' cost
        app_cpu0 = cpu_seconds(children(server.pid))
        print(f"== locust: {args.users} users (officers:reviewers 3:2), {args.seconds} s, "
              f"against gunicorn at {host}", flush=True)
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/locustfile.py"),
             "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
             "-t", f"{args.seconds}s", "--host", host, "--csv", str(tmp / "load"),
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "60"],
            env=dict(env, LOAD_CONFIG=str(tmp / "config.json"), LOAD_LOG=str(log_path),
                     LOAD_TIMES=str(tmp / "times.json")),
            cwd=ROOT,
        )
        app_cpu = cpu_seconds(children(server.pid)) - app_cpu0
        db_cpu = cpu_seconds(backends(db_name))
    finally:
        server.terminate()
        server.wait(timeout=60)

    times = json.loads((tmp / "times.json").read_text(encoding="utf-8"))
    every = figures(times, args.seconds)
    work = figures([t for t in times if "/login/" not in t[0]], args.seconds)
    entries = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    problems = check_log(entries)
    outcomes = collections.Counter((e["kind"], e.get("result")) for e in entries)
    cut = sum(1 for e in entries if e["kind"] == "attempt") - sum(
        1 for e in entries if e["kind"] in ("transition", "stale_replay"))
    by_action = collections.Counter(e["action"] for e in entries
                                    if e["kind"] == "transition" and e["result"] == "accepted")
    load = os.getloadavg()
    print()
    print(f"== Gonghui load test: {args.users} users, {args.seconds} s, PostgreSQL, "
          f"gunicorn ({os.environ.get('GUNICORN_WORKERS', 'default')} workers), "
          f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(line("all requests", every))
    print(line("main job (without the logins)", work))
    for name in ("GET /items/?status=[s]", "GET /items/[id]/", "POST /visits/new/ POST"):
        print(line("  " + name, figures([t for t in times if t[0] == name], args.seconds)))
    for name in sorted({t[0] for t in times if t[0].startswith("POST /items/")}):
        print(line("  " + name, figures([t for t in times if t[0] == name], args.seconds)))
    per = 1000 / max(1, every["requests"])
    print(f"CPU per request (the logins' password hashing included): gunicorn workers {app_cpu * per:.0f} ms, PostgreSQL backends "
          f"{db_cpu * per:.0f} ms (so about {2000 / max(1.0, (app_cpu + db_cpu) * per):.0f} "
          f"requests/s on 2 idle cores)")
    print(f"p95 target {P95_TARGET_MS} ms (main job): "
          f"{'met' if work['p95'] < P95_TARGET_MS else 'NOT met'}")
    print(f"transitions accepted {sum(by_action.values())} ({dict(sorted(by_action.items()))}), "
          f"refused as conflicts {outcomes[('transition', 'conflict')]}, "
          f"stale re-posts refused {outcomes[('stale_replay', 'conflict')]}, "
          f"visits recorded {outcomes[('visit', None)]}, "
          f"unexpected {outcomes[('transition', 'unexpected')]}, "
          f"cut off by the end of the run {cut}")
    if problems:
        print(f"LOST UPDATE CHECK FAILED ({len(problems)}):")
        for p in problems[:30]:
            print("  ", p)
    else:
        print("no lost update: every accepted transition is the item's state chain in the "
              "database, every conflict was refused, ItemEvent rows = accepted transitions")
    failed = every["failures"] > 0 or bool(problems) or locust.returncode not in (0, 1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
