"""One-time submission keys for create forms, so that the same form sent twice (the
browser's Back and Save again, a resubmit, a network retry, a second tab) records once.

A create form carries a hidden ``submission`` field, a random key made when the form is
shown. After the record is saved, the view remembers ``{key: record id}`` in the session,
per form; a later POST with a remembered key records nothing and opens the first record.
The session keeps the newest :data:`KEPT` keys of each form.
"""

from __future__ import annotations

import re
import uuid

from django.http import HttpRequest

#: How many recorded submissions a session remembers per form (the newest).
KEPT = 20
#: The hidden form field carrying the key.
FIELD = "submission"


def session_key(form: str) -> str:
    """The session entry of one form's recorded submissions, e.g. ``"visit_submissions"``."""
    return f"{form}_submissions"


def submission_key(request: HttpRequest) -> str:
    """The form's submission key: the posted one when it is well-formed (32 hex digits),
    else a new random one for a new form."""
    posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return posted if re.fullmatch(r"[0-9a-f]{32}", posted) else uuid.uuid4().hex


def recorded(request: HttpRequest, form: str, key: str) -> int | None:
    """The id of the record this form's submission ``key`` already saved, or None."""
    return request.session.get(session_key(form), {}).get(key)


def recorded_visible(request: HttpRequest, form: str, key: str, records) -> int | None:
    """The id of the record this form's submission ``key`` already saved when that record
    is still among ``records`` (a queryset, e.g. the actor's visible visits), else None:
    a record since deleted or out of scope does not block the form."""
    done = recorded(request, form, key)
    return done if done and records.filter(pk=done).exists() else None


def remember(request: HttpRequest, form: str, key: str, pk: int) -> None:
    """Note that submission ``key`` of ``form`` saved the record ``pk``."""
    done = dict(request.session.get(session_key(form), {}))
    done[key] = pk
    request.session[session_key(form)] = dict(list(done.items())[-KEPT:])
