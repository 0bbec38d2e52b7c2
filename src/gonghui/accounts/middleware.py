"""Activate the logged-in user's chosen language for each request."""

from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class AdminOTPRequiredMiddleware:
    """With ``ADMIN_OTP_REQUIRED``, an admin who has logged in with a password but not
    yet with a TOTP code (django-otp's ``user.is_verified()``) is sent to the OTP page
    (set-up on first use, then verify) for every page but those, logout and /healthz."""

    EXEMPT_NAMES = {"otp_verify", "otp_setup", "logout", "healthz", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.urls import Resolver404, resolve

        from .security import otp_required_for

        user = getattr(request, "user", None)
        if user is not None and otp_required_for(user) and not user.is_verified():
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.EXEMPT_NAMES and not request.path.startswith("/static/"):
                return redirect("otp_verify")
        return self.get_response(request)
