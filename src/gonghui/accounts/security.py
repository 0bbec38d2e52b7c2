"""Login protection helpers: the lockout page (django-axes) and the client address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The page shown to a locked-out account or address: HTTP 429, translated, naming
    the cool-off in minutes (``AXES_COOLOFF_TIME``) and not the username."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429
    )


def address_failures(ip_address: str) -> int:
    """Failed logins from ``ip_address`` within the cool-off time, on any accounts
    (django-axes' attempt rows)."""
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def lockout_parameters(request_or_attempt, credentials=None) -> list[str]:
    """django-axes' lockout parameters for a login (``AXES_LOCKOUT_PARAMETERS``): the
    account always (``AXES_FAILURE_LIMIT`` failures lock it); the address as well once
    ``AXES_ADDRESS_FAILURE_LIMIT`` failures came from it, so that then every login from
    it is refused. ``request_or_attempt`` is a request (axes sets ``axes_ip_address``)
    or an ``AccessAttempt``."""
    ip = getattr(request_or_attempt, "axes_ip_address", None) or getattr(
        request_or_attempt, "ip_address", None
    )
    if ip is None and isinstance(request_or_attempt, HttpRequest):
        ip = client_ip(request_or_attempt)
    if ip and address_failures(ip) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
        return ["username", "ip_address"]
    return ["username"]


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or with ``PROXY_COUNT`` trusted proxies in
    front, the address that many hops from the right of ``X-Forwarded-For``."""
    count = getattr(settings, "PROXY_COUNT", 0)
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def otp_required_for(user) -> bool:
    """True when ``settings.ADMIN_OTP_REQUIRED`` and ``user`` is an admin or superuser."""
    from .models import Role

    return bool(
        getattr(settings, "ADMIN_OTP_REQUIRED", False)
        and user.is_authenticated
        and (user.is_superuser or user.role == Role.ADMIN)
    )

