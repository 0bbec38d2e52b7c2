"""``gonghui brief --union NAME [--from DATE --to DATE]``: print the work brief."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.dbrouter import reading_reports
from gonghui.reports.brief import generate_brief
from gonghui.reports.periods import Period
from gonghui.services.management.commands.report import find_union, parse_date


class Command(BaseCommand):
    help = (
        "Print the work brief (工作简报) of a union's subtree for a period: a Chinese "
        "paragraph whose every number is computed from the records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--union", required=True, help="the union's exact name")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day")

    def handle(self, *args, **options):
        date_from = parse_date("--from", options["date_from"])
        date_to = parse_date("--to", options["date_to"])
        if date_from and date_to and date_from > date_to:
            raise CommandError(
                _("--from (%(from)s) is after --to (%(to)s).")
                % {"from": date_from.isoformat(), "to": date_to.isoformat()}
            )
        union = find_union(options["union"])
        with reading_reports():
            text = generate_brief(union, Period(date_from, date_to), today=timezone.localdate())
        self.stdout.write(text)
