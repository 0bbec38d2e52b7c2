"""Per-request id: taken from the gateway's ``X-Request-ID`` header when it is sane,
otherwise generated; put on ``request.id``, on every log record, and on the response."""

from __future__ import annotations

import logging
import re
import time
import uuid

from .logs import request_id_var

logger = logging.getLogger("gonghui.request")
_SANE = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class RequestIdMiddleware:
    """Sets the request id and logs one line per request (method, path without the
    query string, status, duration in ms, user id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SANE.match(given) else uuid.uuid4().hex
        request.id = rid
        token = request_id_var.set(rid)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - start) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RejectNulMiddleware:
    """A query string with a NUL character (``%00``) is refused with 400 "bad request"
    before any view reads it: no real address has one, and PostgreSQL refuses NUL in
    text, so a view filtering on the raw value would otherwise fail with a server error.
    (Form fields refuse NUL themselves: Django's ``ProhibitNullCharactersValidator``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import BadRequest

        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in v for v in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


class RequestTooBigMiddleware:
    """A POST whose form fields are too big to read (``RequestDataTooBig``: more than
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes) to a view with a ``request_too_big`` function
    gets that function's answer (its form with the limit stated) instead of a bare 400.
    Placed before ``CsrfViewMiddleware``, which would raise reading the token; the
    answer writes nothing, so it needs no token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, args, kwargs):
        from django.core.exceptions import RequestDataTooBig

        handler = getattr(view_func, "request_too_big", None)
        if handler is None or request.method != "POST" or not request.user.is_authenticated:
            return None
        try:
            request.POST  # noqa: B018 - read once here; the view reads it again from cache
        except RequestDataTooBig:
            return handler(request, *args, **kwargs)
        return None


class DatabaseUnavailableMiddleware:
    """A request that fails because the database cannot be reached (PostgreSQL stopped
    or restarting) gets a plain 503 "service unavailable" page with ``Retry-After``,
    instead of a server error. The failed transaction was rolled back by the database;
    the next request opens a new connection (``CONN_HEALTH_CHECKS``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        return service_unavailable(request)


def service_unavailable(request):
    """The 503 "service unavailable" page (``503.html``) with ``Retry-After: 10``."""
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    body = render_to_string("503.html", {"request_id": getattr(request, "id", "")})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "10"
    return response
