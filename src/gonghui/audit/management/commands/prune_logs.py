"""``gonghui prune-logs``: delete log entries older than the retention period."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.audit.models import AuditEntry

MINIMUM_DAYS = 180  # Cybersecurity Law art. 21: network logs kept at least six months


class Command(BaseCommand):
    help = "Delete operation/login log entries older than AUDIT_RETENTION_DAYS (>= 180)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="keep this many days (default the setting; at least 180)")
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < MINIMUM_DAYS:
            raise CommandError(
                f"--days: {days} is below the legal minimum of {MINIMUM_DAYS} days"
            )
        cutoff = timezone.now() - dt.timedelta(days=days)
        old = AuditEntry.objects.filter(at__lt=cutoff)
        count = old.count()
        if not dry_run:
            old._raw_delete(old.db)  # no per-row delete(): entries refuse it
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {count} log entries older than {cutoff:%Y-%m-%d %H:%M} UTC")
