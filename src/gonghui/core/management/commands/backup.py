"""``gonghui backup PATH``: a consistent copy of the whole database (see core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to PATH (SQLite online backup, or pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")

    def handle(self, path, database, **options):
        try:
            written = backup(path, database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backup written to {written} ({written.stat().st_size} bytes)")
