"""Per-request middleware of the accounts: the idle session timeout (renewed at most
once a minute), the user's language, the admins' second factor."""

import time

from django.conf import settings
from django.utils import translation


class SessionIdleRenewMiddleware:
    """The idle timeout of a session (``SESSION_COOKIE_AGE``, 30 min) is renewed by
    activity, but written at most once every ``SESSION_RENEW_SECONDS`` (60 s) instead of
    on every request (Django's ``SESSION_SAVE_EVERY_REQUEST``: an UPDATE of the session
    row and a commit per page view, decision 0016).

    The session keeps the time it was last renewed (``_renewed``, Unix seconds); a
    response to a request with a non-empty session whose stamp is missing or older than
    ``SESSION_RENEW_SECONDS`` stamps it again, which marks the session modified, so
    Django's ``SessionMiddleware`` (after this one in ``MIDDLEWARE``, so it acts on the
    response after it) saves it with a new expiry and sends the cookie again. A session
    therefore ends between ``SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS`` and
    ``SESSION_COOKIE_AGE`` after the last request, never later. Requests that change the
    session anyway (log-in, messages) are saved as before."""

    KEY = "_renewed"

    def __init__(self, get_response):
        self.get_response = get_response
        self.every = getattr(settings, "SESSION_RENEW_SECONDS", 60)

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No cookie: nothing to renew (and no session is created for an anonymous visitor).
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        stamp = session.get(self.KEY)
        if not isinstance(stamp, int) or not 0 <= now - stamp < self.every:
            session[self.KEY] = now
        return response


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
