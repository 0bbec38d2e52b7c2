"""The current request, for log entries written deep inside services and signals."""

from __future__ import annotations

import contextvars

_request: contextvars.ContextVar = contextvars.ContextVar("gonghui_audit_request", default=None)


def current_request():
    """The request being handled in this thread/task, or None (command line, tests)."""
    return _request.get()


class AuditContextMiddleware:
    """Makes the request available to :func:`current_request` (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
