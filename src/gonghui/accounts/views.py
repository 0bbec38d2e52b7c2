"""Account pages: the per-user language switch."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
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
