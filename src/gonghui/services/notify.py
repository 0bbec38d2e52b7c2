"""Pluggable notification delivery. ``settings.GONGHUI_NOTIFY_BACKENDS`` lists dotted
paths of backends; each gets ``send(users, message, item=None, reminder=None)``.

* :class:`InAppBackend` (the default): the in-app inbox, written in the caller's
  transaction, so the inbox row commits (or not) with the reminder it belongs to.
* :class:`EmailBackend`: Django's mail to users who have an e-mail address.
* :class:`SmsBackend`: a text message (短信) to users who have a mobile number, POSTed
  to an HTTP SMS gateway (``GONGHUI_SMS_*`` settings, docs/deploy.md).

Backends that leave the machine (``external = True``: e-mail, SMS) are run only after
the caller's transaction commits (``transaction.on_commit``): a rolled-back reminder
sends nothing, and a slow gateway holds no database lock. A failing external backend is
logged (never with a phone number or address) and changes nothing else: the in-app
record stays, ``gonghui remind`` goes on.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from .models import Notification

DEFAULT_BACKENDS = ["gonghui.services.notify.InAppBackend"]

log = logging.getLogger("gonghui.notify")


class InAppBackend:
    """One :class:`~gonghui.services.models.Notification` per user (the inbox)."""

    external = False

    def send(self, users, message: str, item=None, reminder=None) -> None:
        """Insert one inbox row per user, in the caller's transaction."""
        Notification.objects.bulk_create(
            [Notification(user=u, item=item, reminder=reminder, message=message) for u in users]
        )


class EmailBackend:
    """An e-mail per user with an address, through Django's configured mail backend."""

    external = True

    def send(self, users, message: str, item=None, reminder=None) -> None:
        """Send ``message`` (its first line, 80 characters, as the subject)."""
        subject = message.splitlines()[0][:80]
        for user in users:
            if user.email:
                send_mail(subject, message, None, [user.email], fail_silently=True)


class SmsGatewayError(Exception):
    """The SMS gateway did not accept a message (the text names the status or the
    network error, never the number)."""


class SmsBackend:
    """A text message per user with a mobile number (``User.mobile``), one HTTP POST
    each to ``GONGHUI_SMS_GATEWAY_URL``, JSON of :meth:`payload`, with the header
    ``Authorization: Bearer <GONGHUI_SMS_API_KEY>`` when a key is set. A 2xx answer is
    success; anything else, a timeout (``GONGHUI_SMS_TIMEOUT`` seconds) or a network
    error is a failure: logged by user id, not retried, and the gateway is left alone
    for ``GONGHUI_SMS_PAUSE`` seconds (every message meanwhile is skipped and logged),
    so an outage costs one timeout, not one per message.

    Aliyun and Tencent Cloud SMS sign their API requests with their own schemes: point
    the URL at a small relay that holds those credentials (or subclass this backend and
    override :meth:`post`). The payload carries both the template id with its parameters
    (for template-only providers) and the full text (for gateways that take text)."""

    external = True
    _lock = threading.Lock()
    _paused_until = 0.0  # time.monotonic(); shared by every instance in the process

    @classmethod
    def reset(cls) -> None:
        """Forget a recorded outage (tests; an operator after fixing the gateway)."""
        with cls._lock:
            cls._paused_until = 0.0

    def __init__(self) -> None:
        self.url = getattr(settings, "SMS_GATEWAY_URL", "")
        self.api_key = getattr(settings, "SMS_API_KEY", "")
        self.sign_name = getattr(settings, "SMS_SIGN_NAME", "")
        self.template_id = getattr(settings, "SMS_TEMPLATE_ID", "")
        self.timeout = float(getattr(settings, "SMS_TIMEOUT", 5))
        self.pause = float(getattr(settings, "SMS_PAUSE", 300))

    def payload(self, mobile: str, message: str, item=None, reminder=None) -> dict:
        """The JSON body for one message: ``to`` (11 digits), ``sign_name`` (短信签名),
        ``template_id`` (模板 ID), ``params`` (``item``, ``subject``, ``deadline``,
        ``kind``; strings, "" when unknown) and ``text`` (the whole message)."""
        deadline = getattr(reminder, "deadline", None) or getattr(item, "deadline", None)
        return {
            "to": mobile,
            "sign_name": self.sign_name,
            "template_id": self.template_id,
            "params": {
                "item": str(item.pk) if item is not None else "",
                "subject": item.subject if item is not None else "",
                "deadline": deadline.isoformat() if deadline else "",
                "kind": reminder.kind if reminder is not None else "",
            },
            "text": message,
        }

    def post(self, body: dict) -> None:
        """POST ``body`` as JSON; raises :class:`SmsGatewayError` unless answered 2xx."""
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(
            self.url, data=json.dumps(body, ensure_ascii=False).encode(), headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsGatewayError(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmsGatewayError(type(reason).__name__ + ": " + str(reason)[:100]) from None
        if not 200 <= status < 300:
            raise SmsGatewayError(f"HTTP {status}")

    def send(self, users, message: str, item=None, reminder=None) -> None:
        """Send ``message`` to each user with a mobile number; never raises for a
        gateway failure (logged by user id and item id)."""
        if not self.url:  # settings.py refuses to start so; kept safe all the same
            log.error("SMS not sent: GONGHUI_SMS_GATEWAY_URL is not set")
            return
        for user in users:
            mobile = getattr(user, "mobile", "")
            if not mobile:
                continue
            with self._lock:
                paused = time.monotonic() < SmsBackend._paused_until
            if paused:
                log.warning("SMS to user %s for item %s skipped: the gateway failed recently",
                            user.pk, getattr(item, "pk", None))
                continue
            try:
                self.post(self.payload(mobile, message, item=item, reminder=reminder))
            except SmsGatewayError as exc:
                with self._lock:
                    SmsBackend._paused_until = time.monotonic() + self.pause
                log.warning("SMS to user %s for item %s not delivered: %s",
                            user.pk, getattr(item, "pk", None), exc)


def backends() -> list:
    """Instances of the configured backends (``GONGHUI_NOTIFY_BACKENDS``)."""
    paths = getattr(settings, "GONGHUI_NOTIFY_BACKENDS", None) or DEFAULT_BACKENDS
    return [import_string(path)() for path in paths]


def _deliver(backend, users: list, message: str, item, reminder) -> None:
    try:
        backend.send(users, message, item=item, reminder=reminder)
    except Exception as exc:  # an external channel never breaks the caller
        log.error("notification by %s for item %s failed: %s", type(backend).__name__,
                  getattr(item, "pk", None), type(exc).__name__)


def notify(users: Iterable, message: str, item=None, reminder=None) -> None:
    """Deliver ``message`` to ``users`` by every configured backend: the in-app inbox
    at once (in the caller's transaction), e-mail and SMS after it commits."""
    users = list(users)
    if not users:
        return
    for backend in backends():
        if getattr(backend, "external", False):
            transaction.on_commit(
                lambda b=backend: _deliver(b, users, message, item, reminder)
            )
        else:
            backend.send(users, message, item=item, reminder=reminder)
