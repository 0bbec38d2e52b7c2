"""Abstract models shared by the domain apps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEvent(models.Model):
    """One line of a record's timeline: who (``actor``, None for the system) did what
    (``action``), when (``at``, aware UTC), from which state to which (``from_status`` →
    ``to_status``, blank when the state did not change), with a note and structured
    ``data``. Subclasses add the foreign key to their record (``related_name="events"``)
    and their verbose names; rows are written by the domain's services, never edited.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
