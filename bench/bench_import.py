"""Benchmark: build a clean 10,000-row hardship ledger and time its validation and import.

Run from the repository root::

    PYTHONPATH=src python bench/bench_import.py [ROWS]

Uses a throw-away SQLite database (or ``DATABASE_URL``'s server with a ``_bench``
database suffix via Django's test-database machinery) and PRINTS the times; it asserts
nothing (the target is under 15 s on a 2-core machine).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
os.environ.setdefault("DEBUG", "1")


def main(rows: int = 10_000) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment
    from openpyxl import Workbook

    from gonghui.assistance import importing, services
    from gonghui.orgs.models import Region, Union
    from gonghui.orgs.validators import id_check_digit

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        region = Region.objects.create(code="330521", name="德清县", level="county")
        Union.objects.add_root(
            create_kwargs={"name": "武康街道总工会", "level": "town", "kind": "federation", "region": region}
        )
        services.subsistence_line_set(actor=None, region=region, year=2024, amount="1000")

        t0 = time.perf_counter()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("台账")
        ws.append(["户主姓名", "身份证号码", "联系电话", "所属工会", "家庭人口", "主要致困原因",
                   "家庭月收入", "医疗支出", "建档日期"])
        for i in range(rows):
            day = dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000)
            first17 = f"330521{day:%Y%m%d}{i % 1000:03d}"
            ws.append([f"职工{i}", first17 + id_check_digit(first17), "13800000000",
                       "武康街道总工会", 3, "因病", "1,500元", 0, "2024-03-01"])
        buf = io.BytesIO()
        wb.save(buf)
        build = time.perf_counter() - t0

        buf.seek(0)
        t1 = time.perf_counter()
        dry = importing.import_hardship(buf, actor=None, dry_run=True)
        validate = time.perf_counter() - t1
        buf.seek(0)
        t2 = time.perf_counter()
        report = importing.import_hardship(buf, actor=None)
        full = time.perf_counter() - t2
        buf.seek(0)
        t3 = time.perf_counter()
        again = importing.import_hardship(buf, actor=None)
        reimport = time.perf_counter() - t3
        print(f"database: {connection.vendor}")
        print(f"build workbook ({rows} rows): {build:.2f} s")
        print(f"validate only (dry run): {validate:.2f} s, {dry.valid} valid, "
              f"{len(dry.problems)} problems")
        print(f"validate and import: {full:.2f} s, {report.created} files created")
        print(f"re-import (no duplicates): {reimport:.2f} s, {again.created} created, "
              f"{again.already_present} already present")
        print(f"target < 15 s for validate and import: {'met' if full < 15 else 'NOT met'}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
