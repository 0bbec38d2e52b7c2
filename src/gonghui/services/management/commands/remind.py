"""``gonghui remind [--today YYYY-MM-DD]``: record due-soon and overdue reminders and
supervision up the union tree (run from cron; safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gonghui.services.reminders import remind


class Command(BaseCommand):
    help = "Record due-soon and overdue reminders and supervision, each once."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to remind for (default: today)")

    def handle(self, *args, today: str | None = None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as err:
                raise CommandError(f"--today: not a date YYYY-MM-DD: {today!r}") from err
        result = remind(day)
        self.stdout.write(
            f"due_soon={result.count('due_soon')} overdue={result.count('overdue')} "
            f"supervision={result.count('supervision')} already_recorded={result.skipped}"
        )
