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

