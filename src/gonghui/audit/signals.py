"""Receivers that fill the operation and login logs without touching each service.

- every ``save()`` (create or change) and ``delete()`` of a model of the product's apps,
  except the event tables below and django-simple-history's historical copies;
- changes of items and hardship files are logged from their event rows (``ItemEvent``,
  ``FileEvent``: one per transition or edit, written in the same transaction), as a
  state change when the status moved;
- reveals, exports and imports of assistance data from their ``SensitiveAccessLog`` rows;
- logins, failed logins, logouts (Django's auth signals) and lockouts (django-axes).

Bulk writes (``bulk_create``, ``update()``) send no signals: code doing them calls
:func:`gonghui.audit.record` itself (the ledger imports do, through SensitiveAccessLog).
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import record
from .models import Kind

AUDITED_APPS = {"accounts", "orgs", "services", "competitions", "events", "assistance"}
EVENT_MODELS = {"services.ItemEvent", "assistance.FileEvent", "assistance.SensitiveAccessLog"}
# Changes to these are logged from their event rows (richer, and not twice).
CHANGES_FROM_EVENTS = {"services.Item", "assistance.HardshipFile"}


def _audited(sender) -> bool:
    meta = sender._meta
    return (
        meta.app_label in AUDITED_APPS
        and meta.label not in EVENT_MODELS
        and not meta.model_name.startswith("historical")
    )


@receiver(post_save, dispatch_uid="gonghui-audit-save")
def log_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _audited(sender):
        return
    label = sender._meta.label
    if not created and label in CHANGES_FROM_EVENTS:
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # the login itself is logged
    fields = f" ({', '.join(sorted(update_fields))})" if update_fields else ""
    verb = "created" if created else "changed"
    record(
        Kind.CREATE if created else Kind.CHANGE,
        obj=instance,
        summary=f"{verb} {sender._meta.verbose_name}{fields}",
    )


@receiver(post_delete, dispatch_uid="gonghui-audit-delete")
def log_delete(sender, instance, **kwargs):
    if _audited(sender):
        record(Kind.DELETE, obj=instance, summary=f"deleted {sender._meta.verbose_name}")


def _log_event(event, target) -> None:
    if event.action in {"register"}:
        return  # the create of the item/file is logged already
    moved = event.from_status != event.to_status
    summary = f"{event.action}: {event.from_status} → {event.to_status}"
    if event.note:
        summary += f"; {event.note[:200]}"
    record(Kind.TRANSITION if moved else Kind.CHANGE, actor=event.actor, obj=target,
           summary=summary)


def _connect_event_receivers() -> None:
    from gonghui.assistance.models import FileEvent, SensitiveAccessLog
    from gonghui.services.models import ItemEvent

    def on_item_event(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            _log_event(instance, instance.item)

    def on_file_event(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            _log_event(instance, instance.file)

    def on_access(sender, instance, created, raw=False, **kwargs):
        if not created or raw:
            return
        kind = {"reveal": Kind.REVEAL, "export": Kind.EXPORT, "import": Kind.IMPORT}.get(
            instance.action, Kind.CHANGE
        )
        detail = f" {instance.field}" if instance.field else ""
        reason = f"; reason: {instance.reason[:200]}" if instance.reason else ""
        extra = f"; {instance.detail}" if instance.detail else ""
        record(
            kind,
            actor=instance.user,
            object_type=instance.record_type,
            object_id=str(instance.record_id or ""),
            summary=f"{instance.action} {instance.record_type}{detail}{reason}{extra}"[:1000],
        )

    post_save.connect(on_item_event, sender=ItemEvent, dispatch_uid="gonghui-audit-item", weak=False)
    post_save.connect(on_file_event, sender=FileEvent, dispatch_uid="gonghui-audit-file", weak=False)
    post_save.connect(on_access, sender=SensitiveAccessLog, dispatch_uid="gonghui-audit-acc", weak=False)


_connect_event_receivers()


@receiver(user_logged_in, dispatch_uid="gonghui-audit-login")
def log_login(sender, request, user, **kwargs):
    record(Kind.LOGIN, actor=user, request=request, summary="logged in")


@receiver(user_logged_out, dispatch_uid="gonghui-audit-logout")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, actor=user, request=request, summary="logged out")


def _known_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_login_failed, dispatch_uid="gonghui-audit-login-failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(
        Kind.LOGIN_FAILED,
        actor=_known_user(username),
        actor_name=username,
        request=request,
        summary="login failed",
    )


@receiver(user_locked_out, dispatch_uid="gonghui-audit-locked-out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    record(
        Kind.LOCKED_OUT,
        actor=_known_user(username or ""),
        actor_name=(username or "")[:150],
        request=request,
        summary="locked out after repeated failed logins",
    )
