"""Operational endpoints: ``/healthz`` for the load balancer and systemd."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok", "database": "ok"}`` when a ``SELECT 1`` on the default
    database succeeds; 503 ``{"status": "unavailable", "database": "error"}`` otherwise.
    Needs no login and reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("healthz: database check failed", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest):
    """``handler500``: an uncaught database connection error (raised in a middleware,
    e.g. while loading the session or the user, where
    :class:`~gonghui.core.middleware.DatabaseUnavailableMiddleware` cannot see it) gets
    the 503 "service unavailable" page; any other error Django's plain 500 page."""
    from django.db import InterfaceError, OperationalError
    from django.views.defaults import server_error as default_server_error

    from .middleware import service_unavailable

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    return default_server_error(request)


def bad_request(request: HttpRequest, exception=None):
    """``handler400``: Django's session middleware turns a database error while saving
    the session into ``SessionInterrupted`` (a 400 "bad request"); when the database is
    unreachable that is an outage, not the user's fault, and gets the 503 "service
    unavailable" page. Any other bad request gets Django's plain 400 page."""
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.views.defaults import bad_request as default_bad_request

    from .middleware import service_unavailable

    if isinstance(exception, SessionInterrupted) and not _database_reachable():
        return service_unavailable(request)
    return default_bad_request(request, exception)


def _database_reachable() -> bool:
    """Whether the default database answers ``SELECT 1`` now."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True
