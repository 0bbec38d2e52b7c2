"""The operation log (操作日志) and the login log (登录日志): one append-only table.

Each :class:`AuditEntry` says who (actor, and the actor's union then: the scope in which
admins may read it), when, from which address, what kind of act, on which object, with a
short summary. Entries are written by :func:`gonghui.audit.record` and the receivers in
:mod:`gonghui.audit.signals`; no page edits or deletes them; ``gonghui prune-logs``
deletes only entries older than ``AUDIT_RETENTION_DAYS`` (at least 180, the six months
of network logs required by China's Cybersecurity Law, art. 21).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import ScopedQuerySet


class Kind(models.TextChoices):
    CREATE = "create", _("create")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    TRANSITION = "transition", _("state change")
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")
    REVEAL = "reveal", _("reveal sensitive data")
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOCKED_OUT = "locked_out", _("locked out")
    LOGOUT = "logout", _("logout")


LOGIN_KINDS = (Kind.LOGIN, Kind.LOGIN_FAILED, Kind.LOCKED_OUT, Kind.LOGOUT)

# Object types that name no model (an export of a report, a list, an imported ledger),
# as the log shows them in the reader's language.
OTHER_OBJECT_TYPES = {
    "reports.Report": _("report"),
    "hardship file list": _("hardship file list"),
    "hardship ledger": _("hardship ledger"),
    "aid ledger": _("aid ledger"),
}


class ReadOnlyEntry(Exception):
    """Raised on an attempt to change or delete a stored log entry."""


class AuditEntry(models.Model):
    """One logged act. ``union`` is the actor's union at the time (None for an unknown
    user's failed login or a command-line act), and decides who may read the entry."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    union = models.ForeignKey(
        "orgs.Union",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("union"),
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    scope_lookups = ("union__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.kind} {self.object_repr}"

    def save(self, *args, **kwargs):
        """Insert only: saving an entry that is already stored raises ReadOnlyEntry."""
        if not self._state.adding:
            raise ReadOnlyEntry("log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Always raises ReadOnlyEntry: entries leave only through ``prune-logs``."""
        raise ReadOnlyEntry("log entries cannot be deleted one by one")

    @property
    def object_type_label(self) -> str:
        """The object type as the reader's language names it (the model's verbose name
        for ``services.Item``), else as stored."""
        from .signals import _model

        model = _model(self.object_type) if self.object_type else None
        if model is not None:
            return str(model._meta.verbose_name)
        return str(OTHER_OBJECT_TYPES.get(self.object_type, self.object_type))
