"""``gonghui refresh-summaries [--all]``: bring the report summary tables up to date."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gonghui.reports.summary import rebuild, refresh


class Command(BaseCommand):
    help = (
        "Recompute the report summary tables (monthly tallies per county) for the records "
        "changed since the last refresh; with --all, rebuild them from every record. Pages "
        "refresh on read, so this is only needed after restoring a backup or to check them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild from every record")

    def handle(self, *args, **options):
        t0 = time.perf_counter()
        result = rebuild() if options["all"] else refresh()
        what = "rebuilt from every record" if result["all"] else f"{result['keys']} changed keys recomputed"
        self.stdout.write(f"report summary tables: {what} in {time.perf_counter() - t0:.1f} s "
                          f"(as of {result['as_of']:%Y-%m-%d %H:%M:%S %Z})")
