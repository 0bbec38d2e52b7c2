"""``gonghui report MODULE --union NAME [--from DATE --to DATE] [--json]``."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.reports import EARLIEST_DAY, LATEST_DAY, available_reports, in_report_range
from gonghui.core.text import format_table
from gonghui.orgs.models import Union

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(option: str, value: str | None) -> dt.date | None:
    """``value`` (YYYY-MM-DD) as a date, None when not given; ``CommandError`` naming
    the option when it is not a real date in that form."""
    if value is None:
        return None
    try:
        if not DATE_RE.fullmatch(value.strip()):
            raise ValueError
        day = dt.date.fromisoformat(value.strip())
        if not in_report_range(day):
            raise ValueError
        return day
    except ValueError:
        raise CommandError(
            _("%(option)s: '%(value)s' is not a date in the form YYYY-MM-DD between %(first)s "
              "and %(last)s.")
            % {"option": option, "value": value, "first": EARLIEST_DAY.isoformat(),
               "last": LATEST_DAY.isoformat()}
        ) from None


def find_union(name: str) -> Union:
    """The union named exactly ``name``; ``CommandError`` with close names otherwise."""
    union = Union.objects.filter(name=name.strip()).first()
    if union is not None:
        return union
    names = list(Union.objects.values_list("name", flat=True))
    close = [n for n in names if name.strip() and name.strip() in n][:5]
    close += [n for n in difflib.get_close_matches(name, names, n=5, cutoff=0.5) if n not in close]
    message = _("--union: there is no union named '%(name)s'.") % {"name": name}
    if close:
        message += " " + _("Did you mean: %(names)s?") % {"names": ", ".join(close[:5])}
    raise CommandError(message)


class Command(BaseCommand):
    help = (
        "Print a module's figures for a union's subtree over a period, as a table or, "
        "with --json, as one JSON object. Modules: see the first argument's choices."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "module", choices=list(available_reports()), help="which figures (e.g. services)"
        )
        parser.add_argument("--union", required=True, help="the union's exact name")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--xlsx",
            metavar="PATH",
            help="also write the full report (every module, by unit, the year before) to PATH",
        )

    def handle(self, *args, **options):
        report = available_reports()[options["module"]]
        date_from = parse_date("--from", options["date_from"])
        date_to = parse_date("--to", options["date_to"])
        if date_from and date_to and date_from > date_to:
            raise CommandError(
                _("--from (%(from)s) is after --to (%(to)s).")
                % {"from": date_from.isoformat(), "to": date_to.isoformat()}
            )
        union = find_union(options["union"])
        figures = report.compute(
            union, date_from=date_from, date_to=date_to, today=timezone.localdate()
        )
        if options["xlsx"]:
            from gonghui.reports.build import build_report
            from gonghui.reports.export import report_workbook
            from gonghui.reports.periods import Period

            full = build_report(union, Period(date_from, date_to), today=timezone.localdate())
            try:
                with open(options["xlsx"], "wb") as out:
                    out.write(report_workbook(full))
            except OSError as exc:
                raise CommandError(f"--xlsx: {exc.strerror}: {options['xlsx']}") from None
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        period = f"{figures.get('date_from') or _('start')} – {figures.get('date_to') or _('today')}"
        self.stdout.write(f"{report.title} · {union.name} · {period}")
        rows = [(label, figures[key]) for key, label in report.labels.items() if key in figures]
        self.stdout.write(format_table([_("figure"), _("value")], rows))
