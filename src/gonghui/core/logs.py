"""Structured logging: a JSON formatter, the request id on every record, and a filter
that masks anything that looks like a resident ID number or a mobile number.

The masks follow the house rule (ID numbers: first 6 + last 4; mobiles: 3 + 4), so a
number that slips into a log message, an exception text or an argument is never
written whole. The request id comes from :mod:`gonghui.core.middleware`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re

#: The current request's id ("-" outside a request); set by RequestIdMiddleware.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "gonghui_request_id", default="-"
)

# 18-character resident ID (17 digits + digit or X) and 11-digit mainland mobile, not
# part of a longer run of digits.
_ID_RE = re.compile(r"(?<![0-9])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(1[3-9]\d)\d{4}(\d{4})(?![0-9])")


def mask_text(text: str) -> str:
    """``text`` with ID numbers shown as ``330521********1234`` and mobiles as
    ``138****5678``."""
    text = _ID_RE.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return _MOBILE_RE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


class MaskSensitiveFilter(logging.Filter):
    """Rewrites a record's message (after %-formatting) and exception text masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
            record.exc_info = None  # the masked text is what gets printed
        return True


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (the current request's id, or ``-``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message,
    request_id, plus ``exc`` for an exception and any ``extra`` keys that are JSON-safe."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD and not key.startswith("_"):
                if isinstance(value, str | int | float | bool) or value is None:
                    out[key] = mask_text(value) if isinstance(value, str) else value
        if record.exc_info:
            out["exc"] = mask_text(self.formatException(record.exc_info))
        elif record.exc_text:
            out["exc"] = record.exc_text
        return json.dumps(out, ensure_ascii=False)
