from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gonghui.ingest"
    verbose_name = _("Ingest")
