"""Benchmark: start gunicorn on 127.0.0.1 and drive a bounded number of requests.

Run from the repository root::

    PYTHONPATH=src python bench/bench_http.py [--requests 400] [--concurrency 10]

Builds a throw-away SQLite database with the demo data in a temporary GONGHUI_VAR_DIR
(or uses DATABASE_URL as it is, which must already hold the demo: ``gonghui load-demo``),
starts gunicorn (deploy/gunicorn.conf.py, 2 workers) on a free loopback port, logs in
as the demo officer ``dq_officer`` in each client thread, and requests the main pages
(dashboard, service list, visit list, an item) round-robin. Prints requests per second,
p50/p95/p99 in ms and the errors. Loopback only; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/items/", "/visits/", "/healthz"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(base: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": "dq_officer", "password": "gonghui2026", "csrfmiddlewaretoken": token}
    ).encode()
    req = urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"})
    opener.open(req).read()
    return opener


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), DEBUG="false",
               SECRET_KEY="bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
               GONGHUI_FIELD_KEY="Z29uZ2h1aS1ERVYtT05MWS1maWVsZC1rZXktMzJieSE=",
               LOG_LEVEL="WARNING")
    tmp = tempfile.mkdtemp(prefix="gonghui-bench-")
    env.setdefault("GONGHUI_VAR_DIR", tmp)
    gonghui = [sys.executable, "-m", "gonghui"]
    if "DATABASE_URL" not in os.environ:
        print("building the demo database ...", flush=True)
        for cmd in (["migrate", "--noinput"], ["load-demo"]):
            subprocess.run(gonghui + cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py"),
         "gonghui.wsgi"],
        env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2"),
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        opener = client(base)
        html = opener.open(base + "/items/").read().decode()
        item = re.search(r'href="(/items/\d+/)"', html)
        pages = PAGES + ([item.group(1)] if item else [])
        openers = [client(base) for _ in range(args.concurrency)]
        times: list[float] = []
        errors: list[str] = []

        def one(i: int) -> None:
            url = base + pages[i % len(pages)]
            start = time.perf_counter()
            try:
                with openers[i % len(openers)].open(url, timeout=30) as r:
                    r.read()
                    if r.status != 200:
                        errors.append(f"{url}: {r.status}")
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                errors.append(f"{url}: {exc}")
            times.append((time.perf_counter() - start) * 1000)

        start = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(one, range(args.requests)))
        elapsed = time.perf_counter() - start
        q = statistics.quantiles(times, n=100)
        print(f"{args.requests} requests, {args.concurrency} clients, pages {pages}")
        print(f"requests/s {args.requests / elapsed:.1f}  p50 {q[49]:.0f} ms  "
              f"p95 {q[94]:.0f} ms  p99 {q[98]:.0f} ms  errors {len(errors)}")
        for e in errors[:10]:
            print("  ", e)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
