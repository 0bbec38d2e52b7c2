"""CPU time of the item list request (page 1 and page 200), per officer level, measured in
one process through Django's test client: stable on a busy machine, where wall-clock
times are not (``bench/bench_pages.py`` gives the wall-clock p50/p95).

Run from the repository root, after ``bench/bench_pages.py`` has filled its database::

    PYTHONPATH=src python bench/cpu_list.py [--scale county] [--db NAME] [--reps 30]
        [--profile LEVEL:PAGE] [--sort deadline]

The database is bench_pages.py's (``var/bench_<scale>.sqlite3``, or
``gonghui_bench_<scale>`` / ``--db NAME`` on the PostgreSQL server of ``DATABASE_URL``)
and its ``bench_county``, ``bench_city`` and ``bench_province`` officers. Page 200 is
reached by following the "next" link, as bench_pages.py does. Each request is made
``--reps`` times after two warm-ups; printed per row: the median and least CPU ms of the
process (``time.process_time``: Python, the template engine and the database driver;
with SQLite also the database's own work, with PostgreSQL not the server's), the SQL
statements per request and the wall-clock median. ``--profile county:1`` (or
``city:200`` ...) prints the cProfile top entries of that request over its repetitions
instead. Logs at WARNING (the request log line is not measured). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import html
import io
import logging
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import bench_database_url, load_average  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=["county", "city", "province"])
    parser.add_argument("--db", help="as in bench_pages.py")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--sort", default="", choices=["", "deadline"],
                        help="deadline: the open items by deadline instead of newest first")
    parser.add_argument("--profile", metavar="LEVEL:PAGE",
                        help="print cProfile's top entries of that request instead")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url(args.scale, args.db)
    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    query = "status=open&sort=deadline" if args.sort else ""
    base = "/items/" + (f"?{query}" if query else "")

    def deep_url(client: Client, depth: int) -> tuple[str, int]:
        url, number = base, 1
        while number < depth:
            body = client.get(url, headers={"HX-Request": "true", "HX-Target": "item-table"}
                              ).content.decode()
            found = re.search(r'data-page="next" href="(\?[^"]+)"', body)
            if not found:
                break
            url, number = "/items/" + html.unescape(found.group(1)), number + 1
        return url, number

    levels = ("county", "city", "province")
    requests = []
    for level in levels:
        client = Client()
        client.force_login(User.objects.get(username=f"bench_{level}"))
        requests.append((level, 1, client, base))
        url, number = deep_url(client, 200)
        requests.append((level, number, client, url))

    if args.profile:
        level, _, page = args.profile.partition(":")
        level_page = [r for r in requests if r[0] == level and (r[1] == 1) == (page == "1")]
        _level, _number, client, url = level_page[0]
        client.get(url)
        client.get(url)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.reps):
            client.get(url)
        profiler.disable()
        for key, restrict in (("cumulative", 45), ("tottime", 45), ("cumulative", "gonghui")):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(restrict)
            print(out.getvalue())
        return

    print(f"# {connection.vendor}, scale {args.scale}, {args.reps} reps, "
          f"list {base}; load average {load_average()} at the start")
    print("| request | CPU ms median | CPU ms least | SQL | wall ms median |")
    print("| --- | --- | --- | --- | --- |")
    for level, number, client, url in requests:
        for _ in range(2):
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        n_sql = len(ctx.captured_queries)  # before the next request resets the log
        cpu, wall = [], []
        for _ in range(args.reps):
            t0, w0 = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append(time.process_time() - t0)
            wall.append(time.perf_counter() - w0)
        print(f"| {level}, page {number} | {statistics.median(cpu) * 1000:.1f} | "
              f"{min(cpu) * 1000:.1f} | {n_sql} | "
              f"{statistics.median(wall) * 1000:.1f} |")
    print(f"# load average {load_average()} at the end")


if __name__ == "__main__":
    main()
