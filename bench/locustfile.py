"""Locust users for ``make loadtest`` (bench/loadtest.py starts the server and runs this).

Officers list and open items, record visits with items found, and work assigned items
(start, resolve); reviewers pass registered items through the review gate (accept),
assign accepted items to a responsible unit, and close out resolved ones. Each simulated
user logs in as its own account (``load_officer_NN`` / ``load_reviewer_NN``, made by
bench/loadtest.py, language English so the result messages can be read).

Every transition's outcome is appended as one JSON line to ``LOAD_LOG``:
``{"item": id, "action": "accept", "version": v, "to": "accepted", "result": R}`` where R
is ``accepted`` (the success message), ``conflict`` (the version message: someone else
changed the item first) or ``unexpected`` (anything else, also counted as a failure).
Reviewers pick from the first page of a status, so two of them often take the same item:
that must end in one ``accepted`` and one ``conflict``. After some accepted transitions
the user re-posts the same form with the now stale version, which must be refused
(``stale_replay`` lines). Each POST is preceded by an ``attempt`` line, so a request cut
off when the run stops is known as one whose outcome the tool never saw. bench/loadtest.py compares the log with the database.

Each request's name, time in ms and failure go to the JSON file ``LOAD_TIMES`` when
Locust quits. Configuration comes from the JSON file ``LOAD_CONFIG`` (ids of teams, enterprises,
categories, units; the password).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read())
LOG_PATH = os.environ["LOAD_LOG"]
_log_lock = threading.Lock()
_log_file = open(LOG_PATH, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run

TARGET = {"accept": "accepted", "assign": "assigned", "start": "in_progress",
          "resolve": "resolved", "close": "closed"}
ITEM_LINK = re.compile(r'href="/items/(\d+)/"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SUCCESS = re.compile(r'alert-success" role="alert">Item (\d+): ([^<]+)\.<')
CONFLICT = "Someone else changed this item"
VISIT_OK = re.compile(r"Visit recorded with (\d+) item")
_counters = {"officer": itertools.count(1), "reviewer": itertools.count(1)}


def log(entry: dict) -> None:
    """Append one transition outcome to the log (a line of JSON)."""
    with _log_lock:
        _log_file.write(json.dumps(entry) + "\n")
        _log_file.flush()


_times: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _timing(request_type, name, response_time, response_length, exception=None, **_kw):
    """Every request's name, time (ms) and failure, for exact percentiles afterwards."""
    _times.append((f"{request_type} {name}", response_time, exception is not None))


@events.quitting.add_listener
def _close_log(environment, **_kw):
    _log_file.close()
    with open(os.environ["LOAD_TIMES"], "w", encoding="utf-8") as f:
        json.dump(_times, f)


#: Think time between two actions of one user, in seconds ("MIN,MAX"; a person reads
#: the page and fills the form before the next click).
WAIT = [float(x) for x in os.environ.get("LOAD_WAIT", "3,10").split(",")]


class Staff(HttpUser):
    """A logged-in member of staff of the county union (abstract)."""

    abstract = True
    wait_time = between(WAIT[0], WAIT[1])
    role = ""

    def on_start(self) -> None:
        # A GET on a keep-alive connection that gunicorn closed while the user was
        # thinking (keepalive 5 s < think time) is retried once, as nginx retries an
        # idempotent request on a closed upstream connection. POSTs are never retried.
        retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods={"GET"},
                      raise_on_status=False)
        self.client.mount("http://", HTTPAdapter(max_retries=retry))
        n = next(_counters[self.role])
        self.username = f"load_{self.role}_{n:02d}"
        self.client.get("/login/", name="/login/")
        with self.client.post(
            "/login/",
            data={"username": self.username, "password": CONFIG["password"],
                  "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="/login/ POST", catch_response=True,
        ) as resp:
            if "/login/" in resp.url:
                resp.failure(f"login of {self.username} refused")

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def _pick(self, status: str) -> int | None:
        """An item of ``status`` from the first page of the list (often the same one
        another user picks: that is how conflicts arise)."""
        resp = self.client.get(f"/items/?status={status}", name="/items/?status=[s]")
        ids = ITEM_LINK.findall(resp.text)
        return int(random.choice(ids[:10])) if ids else None

    def _open(self, pk: int, action: str | None = None) -> int | None:
        """Open an item; the version its forms carry, or None when it offers no form (or
        not the form of ``action``: the item moved on since the list was read)."""
        resp = self.client.get(f"/items/{pk}/", name="/items/[id]/")
        if action is not None and f'action="/items/{pk}/{action}/"' not in resp.text:
            return None
        found = VERSION.search(resp.text)
        return int(found.group(1)) if found else None

    def _transition(self, pk: int, action: str, version: int, extra: dict,
                    kind: str = "transition") -> str:
        """POST ``action`` on item ``pk`` as at ``version``; classify and log the outcome."""
        data = {"version": str(version), "csrfmiddlewaretoken": self._csrf(), **extra}
        # Logged first: a request cut off when the run stops has an attempt and no result.
        log({"kind": "attempt", "item": pk, "action": action, "version": version,
             "to": TARGET[action], "user": self.username})
        with self.client.post(f"/items/{pk}/{action}/", data=data,
                              name=f"/items/[id]/{action}/", catch_response=True) as resp:
            text = resp.text or ""
            ok = SUCCESS.search(text)
            if resp.status_code == 200 and ok and int(ok.group(1)) == pk:
                result = "accepted"
            elif resp.status_code == 200 and CONFLICT in text:
                result = "conflict"
            else:
                result = "unexpected"
                resp.failure(f"{action} on {pk}: status {resp.status_code}, no result message")
        log({"kind": kind, "item": pk, "action": action, "version": version,
             "to": TARGET[action], "result": result, "user": self.username})
        return result

    def _work(self, status: str, action: str, extra: dict) -> None:
        pk = self._pick(status)
        if pk is None:
            return
        version = self._open(pk, action)
        if version is None:  # the item moved on before we opened it
            return
        if self._transition(pk, action, version, extra) == "accepted" and random.random() < 0.2:
            # The same form posted again (a double click, a second tab): must be refused.
            self._transition(pk, action, version, extra, kind="stale_replay")

    @task(3)
    def list_items(self) -> None:
        self.client.get(f"/items/?page={random.randint(1, 5)}", name="/items/?page=[n]")

    @task(3)
    def open_item(self) -> None:
        resp = self.client.get("/items/", name="/items/")
        ids = ITEM_LINK.findall(resp.text)
        if ids:
            self._open(int(random.choice(ids)))

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")


class Officer(Staff):
    """经办人: records visits with the items found, starts and resolves assigned items."""

    role = "officer"
    weight = 3

    @task(2)
    def record_visit(self) -> None:
        self.client.get("/visits/new/", name="/visits/new/")
        n = random.randint(1, 3)
        data = {
            "csrfmiddlewaretoken": self._csrf(),
            "date": CONFIG["today"],
            "team": random.choice(CONFIG["teams"]),
            "target_type": "enterprise",
            "target": f"e:{random.choice(CONFIG['enterprises'])}",
            "notes": "负载测试走访",
            "items-TOTAL_FORMS": str(n),
            "items-INITIAL_FORMS": "0",
        }
        for i in range(n):
            data.update({
                f"items-{i}-kind": random.choice(["difficulty", "need", "problem"]),
                f"items-{i}-category": random.choice(CONFIG["categories"]),
                f"items-{i}-subject": f"负载测试发现的问题 {random.randint(1, 10**6)}",
                f"items-{i}-persons_affected": str(random.randint(1, 3)),
            })
        log({"kind": "visit_attempt", "items": n, "user": self.username})
        with self.client.post("/visits/new/", data=data, name="/visits/new/ POST",
                              catch_response=True) as resp:
            found = VISIT_OK.search(resp.text or "")
            if not found or int(found.group(1)) != n:
                resp.failure(f"visit not recorded (status {resp.status_code})")
                return
        log({"kind": "visit", "items": n, "user": self.username})
        self.client.get("/visits/", name="/visits/")

    @task(3)
    def start_work(self) -> None:
        self._work("assigned", "start", {"note": ""})

    @task(3)
    def resolve(self) -> None:
        self._work("in_progress", "resolve", {"resolution": "已协调解决（负载测试）"})


class Reviewer(Staff):
    """审核人: the review gate, assignment and close-out."""

    role = "reviewer"
    weight = 2

    @task(3)
    def accept(self) -> None:
        self._work("registered", "accept", {"note": ""})

    @task(3)
    def assign(self) -> None:
        self._work("accepted", "assign", {"unit": random.choice(CONFIG["units"]),
                                          "working_days": "10", "note": ""})

    @task(3)
    def close(self) -> None:
        # Close-out needs evidence (decision 0010): a written statement, as a reviewer
        # types it when the receipt is on paper.
        self._work("resolved", "close", {"satisfaction": "satisfied", "note": "",
                                         "evidence_statement": "办理回执已存档，职工满意"})
