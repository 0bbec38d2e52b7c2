"""``gonghui generate --scale county|city|province [--seed N]``: synthetic data."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.reports.generate import SCALES, generate


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with realistic synthetic data (union tree, enterprises, "
        "workers, visits, items, hardship files, aid) at county, city or province scale, "
        "and print the time taken. For benchmarks and load tests, never production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, choices=sorted(SCALES))
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args, **options):
        t0 = time.perf_counter()
        try:
            counts = generate(options["scale"], seed=options["seed"],
                              log=lambda line: self.stdout.write(line))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for model, n in sorted(counts.items()):
            self.stdout.write(f"{model:>16}: {n:>10,}")
        self.stdout.write(f"generated at {options['scale']} scale in {time.perf_counter() - t0:.1f} s")
