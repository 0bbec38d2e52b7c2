"""``gonghui workdays add DATE N``: the date N working days after DATE, and whether it
is provisional (a counted day lies in a year whose official schedule is not known)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gonghui.services.workdays import add_working_days


class Command(BaseCommand):
    help = "Working-day arithmetic with the official holiday schedule."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        add = sub.add_parser("add", help="The date N working days after DATE.")
        add.add_argument("date", help="start date, YYYY-MM-DD (not itself counted)")
        add.add_argument("days", type=int, help="working days, at least 1")

    def handle(self, *args, op: str, date: str, days: int, **options):
        try:
            start = dt.date.fromisoformat(date)
        except ValueError as err:
            raise CommandError(f"DATE: not a date in the form YYYY-MM-DD: {date!r}") from err
        if days < 1:
            raise CommandError("N: at least 1 working day.")
        due = add_working_days(start, days)
        if due.provisional:
            self.stdout.write(
                f"{due.date.isoformat()} provisional (a counted year has no official "
                "schedule yet: weekends and fixed-date holidays only)"
            )
        else:
            self.stdout.write(f"{due.date.isoformat()} confirmed")
