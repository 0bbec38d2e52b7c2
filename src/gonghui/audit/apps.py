from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    label = "audit"
    verbose_name = _("Operation and login logs")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
