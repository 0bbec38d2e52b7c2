from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from .triggers import after_migrate

        # After every migrate: a table rebuilt by a later migration (SQLite) loses its
        # triggers; put them back (see triggers.py).
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="reports-triggers")
