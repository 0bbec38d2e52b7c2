"""Pluggable notification delivery. ``settings.GONGHUI_NOTIFY_BACKENDS`` lists dotted
paths of backends; each gets ``send(users, message, item=None, reminder=None)``. The
in-app inbox (:class:`InAppBackend`) is the default; :class:`EmailBackend` sends with
Django's mail to users who have an e-mail address. An SMS adapter implements the same
``send`` for a provider's API."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notification

DEFAULT_BACKENDS = ["gonghui.services.notify.InAppBackend"]


class InAppBackend:
    """One :class:`~gonghui.services.models.Notification` per user (the inbox)."""

    def send(self, users, message: str, item=None, reminder=None) -> None:
        Notification.objects.bulk_create(
            [Notification(user=u, item=item, reminder=reminder, message=message) for u in users]
        )


class EmailBackend:
    """An e-mail per user with an address, through Django's configured mail backend."""

    def send(self, users, message: str, item=None, reminder=None) -> None:
        subject = message.splitlines()[0][:80]
        for user in users:
            if user.email:
                send_mail(subject, message, None, [user.email], fail_silently=True)


def backends() -> list:
    """Instances of the configured backends."""
    paths = getattr(settings, "GONGHUI_NOTIFY_BACKENDS", None) or DEFAULT_BACKENDS
    return [import_string(path)() for path in paths]


def notify(users, message: str, item=None, reminder=None) -> None:
    """Deliver ``message`` to ``users`` by every configured backend."""
    users = list(users)
    if not users:
        return
    for backend in backends():
        backend.send(users, message, item=item, reminder=reminder)
