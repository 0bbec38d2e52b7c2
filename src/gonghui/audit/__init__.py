"""Operation and login logs. Call :func:`record` for an act worth logging; creates,
changes, deletes, item and file transitions, assistance reveals/exports/imports and
logins are recorded automatically by :mod:`gonghui.audit.signals`."""

from __future__ import annotations

from typing import Any


class _Kinds:
    """``audit.Kind.EXPORT`` etc. without importing models at package import time."""

    def __getattr__(self, name: str) -> str:
        from .models import Kind

        return getattr(Kind, name)


Kind = _Kinds()


def record(
    kind: str,
    *,
    actor=None,
    obj: Any = None,
    summary: str | tuple[str, dict] = "",
    request=None,
    object_type: str = "",
    object_id: str = "",
    actor_name: str = "",
):
    """Append one :class:`~gonghui.audit.models.AuditEntry` and return it.

    ``kind`` is a :class:`~gonghui.audit.models.Kind` value; ``actor`` defaults to the
    current request's user; ``obj`` (a model instance) fills the object fields; the
    address and request id come from ``request`` or the current request. ID numbers and
    mobiles in ``summary`` and the object text are masked. ``summary`` is text, or a
    ``(message, params)`` pair whose message (an English msgid marked with
    ``gettext_noop``) is translated into the platform's language (``LANGUAGE_CODE``,
    Chinese) with its params (lazy labels included) rendered in it: a log is one record
    for every reader, not in the language of whoever acted. Runs in the caller's
    transaction, so a rolled-back act leaves no entry."""
    from gonghui.accounts.security import client_ip
    from gonghui.core.logs import mask_text

    from .context import current_request
    from .models import AuditEntry

    summary = render_summary(summary)
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        object_repr = mask_text(str(obj))[:200]
    else:
        object_repr = ""
    return AuditEntry.objects.create(
        kind=kind,
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else actor_name)[:150],
        union_id=getattr(actor, "union_id", None),
        address=(client_ip(request) or None) if request is not None else None,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=object_repr,
        summary=mask_text(summary),
        request_id=getattr(request, "id", "")[:64] if request is not None else "",
    )


def render_summary(summary: str | tuple[str, dict]) -> str:
    """``summary`` as text in the platform's language (see :func:`record`)."""
    if isinstance(summary, str):
        return summary
    from django.conf import settings
    from django.utils import translation

    message, params = summary
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message) % {k: str(v) for k, v in params.items()}
