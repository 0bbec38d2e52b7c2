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
from django.utils.translation import gettext_noop

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
    message = gettext_noop("created %(model)s%(fields)s") if created else gettext_noop(
        "changed %(model)s%(fields)s")
    record(
        Kind.CREATE if created else Kind.CHANGE,
        obj=instance,
        summary=(message, {"model": sender._meta.verbose_name, "fields": fields}),
    )


@receiver(post_delete, dispatch_uid="gonghui-audit-delete")
def log_delete(sender, instance, **kwargs):
    if _audited(sender):
        record(Kind.DELETE, obj=instance, summary=(gettext_noop("deleted %(model)s"),
                                                   {"model": sender._meta.verbose_name}))


def _log_event(event, target) -> None:
    if event.action in {"register"}:
        return  # the create of the item/file is logged already
    moved = event.from_status != event.to_status
    labels = dict(target._meta.get_field("status").choices)
    params = {
        "action": _action_label(event),
        "from": labels.get(event.from_status, event.from_status),
        "to": labels.get(event.to_status, event.to_status),
        "note": event.note[:200],
    }
    if event.note:
        message = gettext_noop("%(action)s: %(from)s → %(to)s; %(note)s")
    else:
        message = gettext_noop("%(action)s: %(from)s → %(to)s")
    record(Kind.TRANSITION if moved else Kind.CHANGE, actor=event.actor, obj=target,
           summary=(message, params))


def _action_label(event):
    """The translatable label of an item or file event's action (its key if unknown)."""
    from gonghui.services.models import ItemEvent

    if isinstance(event, ItemEvent):
        from gonghui.services.workflow import ACTION_LABELS
    else:
        from gonghui.assistance.services import ACTION_LABELS
    return ACTION_LABELS.get(event.action, event.action)


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
        detail = instance.detail if isinstance(instance.detail, dict) else {}
        params = {
            "record": _model_label(instance.record_type),
            "field": _field_label(instance.record_type, instance.field),
            "reason": instance.reason[:200],
            "rows": detail.get("rows", "?"), "created": detail.get("created", "?"),
            "filters": ", ".join(f"{k}={v}" for k, v in (detail.get("filters") or {}).items()
                                 if v not in (None, "")) or "-",
        }
        messages = {
            "reveal": gettext_noop("revealed %(field)s of %(record)s; reason: %(reason)s"),
            "export": gettext_noop("exported %(record)s (%(rows)s rows); filters: %(filters)s"),
            "import": gettext_noop("imported %(record)s (%(rows)s rows, %(created)s created)"),
        }
        message = messages.get(instance.action, gettext_noop("%(record)s %(field)s"))
        record(
            kind,
            actor=instance.user,
            object_type=instance.record_type,
            object_id=str(instance.record_id or ""),
            summary=(message, params),
        )

    post_save.connect(on_item_event, sender=ItemEvent, dispatch_uid="gonghui-audit-item", weak=False)
    post_save.connect(on_file_event, sender=FileEvent, dispatch_uid="gonghui-audit-file", weak=False)
    post_save.connect(on_access, sender=SensitiveAccessLog, dispatch_uid="gonghui-audit-acc", weak=False)


_connect_event_receivers()


def _model(label: str):
    from django.apps import apps

    for candidate in (label, f"assistance.{label}"):
        try:
            return apps.get_model(candidate)
        except (LookupError, ValueError):
            continue
    return None


def _model_label(label: str):
    """A model's verbose name for its label (``services.Item``, or a bare assistance
    model name as SensitiveAccessLog keeps it), else the label."""
    from .models import OTHER_OBJECT_TYPES

    model = _model(label)
    return model._meta.verbose_name if model is not None else OTHER_OBJECT_TYPES.get(label, label)


def _field_label(label: str, field: str):
    model = _model(label)
    if model is None or not field:
        return field
    try:
        return model._meta.get_field(field).verbose_name
    except Exception:  # noqa: BLE001 - a field name the model lacks is shown as it is
        return field


@receiver(user_logged_in, dispatch_uid="gonghui-audit-login")
def log_login(sender, request, user, **kwargs):
    record(Kind.LOGIN, actor=user, request=request, summary=(gettext_noop("logged in"), {}))


@receiver(user_logged_out, dispatch_uid="gonghui-audit-logout")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, actor=user, request=request, summary=(gettext_noop("logged out"), {}))


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
        summary=(gettext_noop("login failed"), {}),
    )


@receiver(user_locked_out, dispatch_uid="gonghui-audit-locked-out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    record(
        Kind.LOCKED_OUT,
        actor=_known_user(username or ""),
        actor_name=(username or "")[:150],
        request=request,
        summary=(gettext_noop("locked out after repeated failed logins"), {}),
    )
