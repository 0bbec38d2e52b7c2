"""Account pages: the per-user language switch, the second factor, and the lockouts an
admin can lift."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST


@require_POST
@login_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Save the user's language (zh-hans or en) and return to the page they were on."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target or "/"


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of login: a 6-digit TOTP code from the user's confirmed device.
    Without a confirmed device the user is sent to :func:`otp_setup`. A wrong code shows
    an error and leaves the session unverified."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect("otp_setup")
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        device = next((d for d in devices if token.isdigit() and d.verify_token(token)), None)
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        error = _("Code: wrong or expired. Enter the 6 digits your authenticator app shows now.")
    return render(request, "registration/otp_verify.html", {"error": error})


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code: a ``data:image/svg+xml;base64,…`` URI for an ``<img>`` (the
    content security policy allows ``data:`` images; no script, no inline style). The SVG
    is one path (no seams between modules) with a quiet zone of 4 modules, as scanners
    expect; the page draws it on white."""
    from base64 import b64encode

    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    return "data:image/svg+xml;base64," + b64encode(image.to_string()).decode("ascii")


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Register a TOTP authenticator for the user: shows the ``otpauth://`` URL as a QR
    code to scan, the secret (base32) and the URL as text, and confirms the device when
    the user enters a current code."""
    from base64 import b32encode

    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_safe_next(request))
        error = _("Code: wrong or expired. Enter the 6 digits your authenticator app shows now.")
    context = {
        "secret": b32encode(device.bin_key).decode(),
        "config_url": device.config_url,
        "qr_data_uri": qr_data_uri(device.config_url),
        "error": error,
    }
    return render(request, "registration/otp_setup.html", context)


def _require_admin(user) -> None:
    from django.core.exceptions import PermissionDenied

    from .models import Role

    if not user.has_role(Role.ADMIN):
        raise PermissionDenied(_("Only administrators may lift login lockouts."))


def current_lockouts(user) -> dict[str, list[dict]]:
    """The login lockouts ``user`` (an admin) may lift, as ``{"accounts": [...],
    "addresses": [...]}``: accounts of the users in the admin's scope with at least
    ``AXES_FAILURE_LIMIT`` failures within the cool-off time, and addresses with at least
    ``AXES_ADDRESS_FAILURE_LIMIT`` from which a login to such an account was tried (by
    the attempts or the login log; every address for the root union's admins). Each
    row is ``{"key", "failures", "last"}`` (failures: count; last: aware datetime)."""
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum
    from django.utils import timezone

    from .models import User

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    names = set(User.objects.visible_to(user).values_list("username", flat=True))
    accounts = [
        {"key": row["username"], "failures": row["n"], "last": row["last"]}
        for row in recent.filter(username__in=names).values("username")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time")).order_by("username")
        if row["n"] >= settings.AXES_FAILURE_LIMIT
    ]
    ours = set(recent.filter(username__in=names).values_list("ip_address", flat=True))
    # Failed logins to the scope's accounts stay in the login log after an account's
    # attempts are reset; the root union's admins see every address.
    from gonghui.audit.models import AuditEntry, Kind

    logged = AuditEntry.objects.visible_to(user).filter(
        kind__in=(Kind.LOGIN_FAILED, Kind.LOCKED_OUT), at__gte=since
    )
    ours |= set(logged.exclude(address=None).values_list("address", flat=True))
    if user.union is not None and user.union.depth == 1:
        ours = set(recent.values_list("ip_address", flat=True))
    addresses = [
        {"key": row["ip_address"], "failures": row["n"], "last": row["last"]}
        for row in recent.filter(ip_address__in=ours).values("ip_address")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("ip_address")
        if row["n"] >= settings.AXES_ADDRESS_FAILURE_LIMIT
    ]
    return {"accounts": accounts, "addresses": addresses}


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """Admins: the current login lockouts in their scope, each with a button to lift it
    (POST ``kind`` account|address and ``key``). Lifting is logged in the operation log;
    a key that is not among the admin's lockouts is refused (404), so nothing outside the
    scope can be reset by guessing."""
    from axes.utils import reset

    from gonghui import audit

    _require_admin(request.user)
    current = current_lockouts(request.user)
    if request.method == "POST":
        kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
        rows = current["accounts" if kind == "account" else "addresses"] if kind in {
            "account", "address"} else []
        if key not in {row["key"] for row in rows}:
            raise Http404
        if kind == "account":
            reset(username=key)
            summary = (gettext_noop("lockout of account %(key)s lifted"), {"key": key})
        else:
            reset(ip=key)
            summary = (gettext_noop("lockout of address %(key)s lifted"), {"key": key})
        audit.record(audit.Kind.CHANGE, request=request, object_type="axes.AccessAttempt",
                     object_id=key, summary=summary)
        messages.success(request, _("Lockout lifted: %(key)s") % {"key": key})
        return redirect("lockouts")
    return render(request, "registration/lockouts.html", {
        **current, "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "account_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
    })
