"""``gonghui restore PATH``: replace the database with a backup (see core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, fingerprint, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `gonghui backup` (empty database, or --force)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that already holds data")

    def handle(self, path, database, force, **options):
        try:
            restore(path, database, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        tables = fingerprint(database)
        rows = sum(n for n, _ in tables.values())
        self.stdout.write(f"restored {len(tables)} tables, {rows} rows from {path}")
