"""``gonghui load-demo``: the regions, and the seed page's unions, enterprises, campaign,
visits and items (see :mod:`gonghui.services.demo`)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.text import format_table
from gonghui.orgs.models import Union
from gonghui.services import demo
from gonghui.services.selectors import service_figures


class Command(BaseCommand):
    help = (
        "Load the demo data (runs import-regions first). Idempotent: a second run adds "
        "nothing; --reset deletes the demo's visits and items and builds them again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the visits and items of 德清县总工会's subtree and build them again",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("import_regions", stdout=self.stdout, stderr=self.stderr)
        try:
            result = demo.load_demo(reset=options["reset"])
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        if result.built:
            self.stdout.write(self.style.SUCCESS(_("Demo visits and items built.")))
        else:
            self.stdout.write(
                _("Demo visits and items were already there (use --reset to build them again).")
            )
        # The other modules' demos stand on the unions built above (each is idempotent).
        from gonghui.assistance.demo import build_assistance_demo
        from gonghui.events.demo import build_competitions_events_demo
        from gonghui.pairing.demo import build_pairing_demo

        build_assistance_demo(stdout=self.stdout)
        build_competitions_events_demo(stdout=self.stdout)
        build_pairing_demo(stdout=self.stdout)
        # The figures as they stand after every module's demo (the training-centre visit
        # of the competitions demo is one more 德清 visit).
        f = service_figures(Union.objects.get(name=demo.COUNTY))
        self.stdout.write(
            _(
                "%(union)s: %(visits)d visits, %(items)d items; %(ent)d enterprises and "
                "%(hh)d households visited, %(dpt)d person-times of difficulties, %(needs)d "
                "needs, %(res)d resolved, %(esc)d escalated, %(open)d open, %(overdue)d overdue."
            )
            % {
                "union": f["union"], "visits": f["visits"], "items": f["items"],
                "ent": f["enterprises_visited"], "hh": f["households_visited"],
                "dpt": f["difficulty_person_times"], "needs": f["needs"],
                "res": f["resolved"], "esc": f["escalated"], "open": f["open"],
                "overdue": f["overdue"],
            }  # fmt: skip
        )
        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        headers = [_("username"), _("role"), _("union"), _("password")]
        rows = [(u, str(role), union, pw) for u, role, union, pw in result.logins]
        self.stdout.write(format_table(headers, rows))
        self.stdout.write(_("Done in %(s).1f s.") % {"s": time.monotonic() - started})
