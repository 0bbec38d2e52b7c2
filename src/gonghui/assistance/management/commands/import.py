"""``gonghui import hardship|aid FILE.xlsx [--dry-run] [--union NAME] [--valid-rows-only]``
and ``gonghui import hardship|aid --template FILE.xlsx``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import User
from gonghui.assistance import importing
from gonghui.orgs.models import Union


class Command(BaseCommand):
    help = (
        "Import a hardship ledger or an aid ledger (.xlsx), or write its template. Prints one "
        "line per problem (sheet, row, column, reason) and exits non-zero when anything was "
        "refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("ledger", choices=sorted(importing.IMPORTERS))
        parser.add_argument("file", nargs="?", help="the .xlsx ledger to import")
        parser.add_argument("--template", metavar="FILE.xlsx", help="write the empty template")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        parser.add_argument("--union", help="union for rows without a union column value")
        parser.add_argument("--user", help="import as this user (their scope and role)")
        parser.add_argument(
            "--valid-rows-only", action="store_true",
            help="write the valid rows even when others are refused (they are listed)",
        )

    def handle(self, *args, **opts):
        if opts["template"]:
            importing.write_template(opts["ledger"], opts["template"])
            self.stdout.write(f"template written: {opts['template']}")
            return
        if not opts["file"]:
            raise CommandError("give the ledger FILE.xlsx, or --template FILE.xlsx")
        union = None
        if opts["union"]:
            union = Union.objects.filter(name=opts["union"]).first()
            if union is None:
                raise CommandError(f"no union named {opts['union']}")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"no user named {opts['user']}")
        try:
            with open(opts["file"], "rb") as fh:
                report = importing.IMPORTERS[opts["ledger"]](
                    fh, actor=actor, union=union, dry_run=opts["dry_run"],
                    valid_rows_only=opts["valid_rows_only"],
                )
        except OSError as exc:
            raise CommandError(f"cannot read {opts['file']}: {exc.strerror}") from None
        for line in report.lines():
            self.stdout.write(line)
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} problem(s); "
                + ("valid rows written" if report.written else "nothing written"),
                returncode=2,
            )
