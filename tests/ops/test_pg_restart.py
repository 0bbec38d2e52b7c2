"""Fault test: PostgreSQL stopped and started again while gunicorn serves requests.

A private cluster (tests/ops/pgcluster.py; never the machine's shared server) holds a
small database; gunicorn (deploy/gunicorn.conf.py, 2 workers, DEBUG off) serves it on
loopback; four client threads keep listing items, accepting items and recording visits
with an item while the test runs ``pg_ctl stop -m fast``, waits, and starts the server
again. Asserts:

- no request gets anything but 200, 302 or 503: never a server error (500);
- every request made entirely while the database was down gets the 503 "service
  unavailable" page with ``Retry-After``;
- the app recovers by itself: ``/healthz`` answers 200 again and every later request
  succeeds, writes included, without restarting gunicorn;
- nothing is half-applied: every item is either registered (version 1, no accept event,
  no transition log entry) or accepted (version 2, one accept event, one log entry);
  every visit has its item and the item its register event; every write answered with
  success is in the database.

Skipped only when the PostgreSQL server binaries are missing (CI installs them).
``make loadtest`` runs this file with ``-s`` and so prints its figures.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from .pgcluster import PrivateCluster, free_port, missing_reason

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "fault-test-password-2026"
N_ITEMS = 400

pytestmark = pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason()))

SETUP = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Union
from gonghui.services.models import Category, Item, ItemEvent, ServiceTeam
county = Union.objects.add_root(create_kwargs={"name": "德清县总工会", "level": "county",
                                               "kind": "federation"})
users = {}
for name, role in (("fault_officer", Role.OFFICER), ("fault_reviewer", Role.REVIEWER)):
    u = User(username=name, role=role, union=county, language="en")
    u.set_password(%(password)r)
    u.save()
    users[name] = u
category = Category.objects.create(name="民生服务")
team = ServiceTeam.objects.create(name="第一联系服务小组", union=county)
items = Item.objects.bulk_create([
    Item(union=county, kind="problem", category=category, subject=f"事项 {i}",
         created_by=users["fault_officer"]) for i in range(%(n)d)])
ItemEvent.objects.bulk_create([
    ItemEvent(item=i, actor=users["fault_officer"], action="register", from_status="",
              to_status="registered") for i in items])
print(json.dumps({"items": [i.pk for i in items], "category": category.pk, "team": team.pk,
                  "union": county.pk}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A logged-in session (cookies, CSRF token) that never follows redirects."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.request("GET", "/login/")
        status, _h, _b = self.request("POST", "/login/",
                                      {"username": username, "password": PASSWORD})
        assert status == 302, f"login of {username} failed ({status})"

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: dict | None = None):
        """(status, headers, body text) of one request; HTTP errors are answers too."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()},
                                          doseq=True).encode()
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers={"Accept-Language": "en"})
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode()


def wait_for(url: str, status: int, limit: float) -> float:
    """Seconds until GET ``url`` answers ``status`` (fails after ``limit`` seconds)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                got = resp.status
        except urllib.error.HTTPError as err:
            got = err.code
        except OSError:
            got = None
        if got == status:
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer {status} within {limit} s")


@pytest.fixture
def served(tmp_path):
    """(base URL, ids from SETUP, cluster, database URL): gunicorn on a private cluster."""
    with PrivateCluster() as cluster:
        cluster.create_database("gonghui_fault")
        url = cluster.url("gonghui_fault")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_"))}
        env.update(
            PYTHONPATH=str(ROOT / "src"), DJANGO_SETTINGS_MODULE="gonghui.settings",
            DATABASE_URL=url, DEBUG="false", LOG_LEVEL="CRITICAL", GONGHUI_VAR_DIR=str(tmp_path),
            SECRET_KEY="fault-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            GONGHUI_FIELD_KEY="Z29uZ2h1aS1ERVYtT05MWS1maWVsZC1rZXktMzJieSE=",
            PYTHONWARNINGS="ignore",
        )
        setup = subprocess.run(
            [sys.executable, "-c", SETUP % {"password": PASSWORD, "n": N_ITEMS}],
            env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert setup.returncode == 0, setup.stderr[-3000:]
        ids = json.loads(setup.stdout.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py"),
             "gonghui.wsgi"],
            env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2"),
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/healthz", 200, 60)
            yield base, ids, cluster, url
        finally:
            server.terminate()
            server.wait(timeout=60)


def test_postgres_restart_during_load(served):
    base, ids, cluster, url = served
    reviewer = Client(base, "fault_reviewer")
    officer = Client(base, "fault_officer")
    next_item = iter(ids["items"]).__next__
    lock = threading.Lock()
    records: list[dict] = []
    stop = threading.Event()
    hard_deadline = time.monotonic() + 120  # bounded whatever happens

    def accept(client: Client) -> dict:
        with lock:
            pk = next_item()
        status, headers, body = client.request("POST", f"/items/{pk}/accept/",
                                               {"version": "1", "note": ""})
        return {"op": "accept", "item": pk, "status": status, "headers": headers, "body": body}

    def visit(client: Client) -> dict:
        token = uuid.uuid4().hex
        status, headers, body = client.request("POST", "/visits/new/", {
            "date": time.strftime("%Y-%m-%d"), "team": ids["team"], "target_type": "union",
            "target": f"u:{ids['union']}", "notes": token, "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0", "items-0-kind": "need",
            "items-0-category": ids["category"], "items-0-subject": "故障测试事项",
            "items-0-persons_affected": "1"})
        return {"op": "visit", "token": token, "status": status, "headers": headers,
                "body": body}

    def listing(client: Client) -> dict:
        status, headers, body = client.request("GET", "/items/?page=2")
        return {"op": "list", "status": status, "headers": headers, "body": body}

    def drive(client: Client, ops) -> None:
        for op in itertools.cycle(ops):
            if stop.is_set() or time.monotonic() > hard_deadline:
                return
            start = time.monotonic()
            try:
                rec = op(client)
            except StopIteration:
                return
            except OSError as exc:  # a refused or reset connection is a failure too
                rec = {"op": op.__name__, "status": f"error {exc}", "headers": {}, "body": ""}
            rec.update(start=start, end=time.monotonic())
            with lock:
                records.append(rec)
            time.sleep(0.02)

    threads = [
        threading.Thread(target=drive, args=(reviewer, [accept, listing])),
        threading.Thread(target=drive, args=(reviewer, [accept])),
        threading.Thread(target=drive, args=(officer, [visit, listing])),
        threading.Thread(target=drive, args=(officer, [listing, visit])),
    ]
    for t in threads:
        t.start()
    try:
        time.sleep(2)
        t_stop0 = time.monotonic()
        cluster.stop("fast")
        t_stop1 = time.monotonic()
        time.sleep(3)
        t_start0 = time.monotonic()
        cluster.start()
        t_start1 = time.monotonic()
        recovery = wait_for(base + "/healthz", 200, 60)
        t_recovered = time.monotonic()
        time.sleep(3)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)

    statuses = [r["status"] for r in records]
    assert set(statuses) <= {200, 302, 503}, [
        (r["op"], r["status"], r["body"][:300]) for r in records if r["status"] not in (200, 302, 503)][:3]
    in_gap = [r for r in records if r["start"] > t_stop1 and r["end"] < t_start0]
    after = [r for r in records if r["start"] > t_recovered]
    assert in_gap, "no request fell in the outage"
    assert all(r["status"] == 503 for r in in_gap), [r["status"] for r in in_gap]
    for r in in_gap:
        assert "Service unavailable" in r["body"]
        assert r["headers"].get("Retry-After") == "10"
    assert after and all(r["status"] in (200, 302) for r in after), \
        [(r["op"], r["status"]) for r in after]
    assert any(r["op"] in ("accept", "visit") and r["status"] == 302 for r in after)

    # Nothing half-applied, every acknowledged write present.
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        rows = conn.execute(
            "SELECT i.id, i.status, i.version,"
            " (SELECT count(*) FROM services_itemevent e WHERE e.item_id = i.id"
            "  AND e.action = 'accept'),"
            " (SELECT count(*) FROM audit_auditentry a WHERE a.kind = 'transition'"
            "  AND a.object_id = i.id::text)"
            " FROM services_item i WHERE i.id = ANY(%s)", (ids["items"],)).fetchall()
        state = {pk: (status, version, events, logs) for pk, status, version, events, logs in rows}
        visits = {notes: (vid, n_items, n_events) for notes, vid, n_items, n_events in
                  conn.execute(
                      "SELECT v.notes, v.id, count(DISTINCT i.id), count(e.id)"
                      " FROM services_visit v LEFT JOIN services_item i ON i.visit_id = v.id"
                      " LEFT JOIN services_itemevent e ON e.item_id = i.id"
                      "  AND e.action = 'register' GROUP BY v.id").fetchall()}
    whole = {("registered", 1, 0, 0), ("accepted", 2, 1, 1)}
    assert all(s in whole for s in state.values()), [s for s in state.values() if s not in whole]
    assert all(v[1:] == (1, 1) for v in visits.values()), visits
    accepts = [r for r in records if r["op"] == "accept"]
    posted_visits = [r for r in records if r["op"] == "visit"]
    for r in accepts:
        if r["status"] == 302:
            assert state[r["item"]][0] == "accepted", r["item"]
    for r in posted_visits:
        if r["status"] == 302:
            assert r["token"] in visits
    touched = {r["item"] for r in accepts}
    assert all(state[pk][0] == "registered" for pk in set(ids["items"]) - touched)
    refused_writes = [r for r in accepts + posted_visits if r["status"] == 503]
    applied_anyway = sum(1 for r in refused_writes if (
        state.get(r.get("item"), ("",))[0] == "accepted" if r["op"] == "accept"
        else r["token"] in visits))
    print(
        f"\n== PostgreSQL restart under load: {len(records)} requests "
        f"({len(accepts)} accepts, {len(posted_visits)} visits), "
        f"stop took {t_stop1 - t_stop0:.1f} s, outage {t_start1 - t_stop0:.1f} s; "
        f"503 answers {statuses.count(503)} (all {len(in_gap)} requests made in the gap), "
        f"500 answers {statuses.count(500)}; /healthz back {recovery:.1f} s after the start, "
        f"{len(after)} later requests all succeeded; writes answered 503: "
        f"{len(refused_writes)}, of them applied whole {applied_anyway}, half-applied 0")
