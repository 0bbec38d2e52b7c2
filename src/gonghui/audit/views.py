"""Admin pages of the operation and login logs: search and .xlsx export, read-only,
within the admin's scope (entries whose actor's union is in the admin's subtree)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from gonghui.accounts.models import Role
from gonghui.core.reports import in_report_range
from gonghui.core.xlsx import append_row

from . import record
from .models import LOGIN_KINDS, AuditEntry, Kind

EXPORT_LIMIT = 50_000


def _require_admin(user) -> None:
    if not user.has_role(Role.ADMIN):
        raise PermissionDenied(_("Only administrators may read the logs."))


def _date(value: str) -> dt.date | None:
    """An ISO date within the report range (``reports.periods``), else None (ignored)."""
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is None or in_report_range(day) else None


def filters_from(request: HttpRequest) -> dict:
    """The search filters from the query string, cleaned: ``log`` (operation|login|""),
    ``kind``, ``q`` (actor, object or summary text, up to 100 characters), ``date_from``
    and ``date_to`` (ISO dates, inclusive; a malformed date, or one outside 1950–2099, is ignored)."""
    g = request.GET
    log = g.get("log", "")
    kind = g.get("kind", "")
    return {
        "log": log if log in {"operation", "login"} else "",
        "kind": kind if kind in Kind.values else "",
        "q": g.get("q", "").strip()[:100],
        "date_from": _date(g.get("date_from", "")),
        "date_to": _date(g.get("date_to", "")),
    }


def entries_for(user, f: dict):
    """Entries visible to ``user`` matching filters ``f`` (see :func:`filters_from`).
    Entries without a union (a failed login with an unknown username, a command-line
    act) are visible to the admins of the root union, so that password spraying with
    made-up names is seen by someone."""
    qs = AuditEntry.objects.visible_to(user)
    union = getattr(user, "union", None)
    if union is not None and union.depth == 1:
        qs = qs | AuditEntry.objects.filter(union__isnull=True)
    qs = qs.select_related("union")
    if f["log"] == "login":
        qs = qs.filter(kind__in=LOGIN_KINDS)
    elif f["log"] == "operation":
        qs = qs.exclude(kind__in=LOGIN_KINDS)
    if f["kind"]:
        qs = qs.filter(kind=f["kind"])
    if f["q"]:
        q = f["q"]
        qs = qs.filter(
            Q(actor_name__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(summary__icontains=q)
            | Q(object_type__icontains=q)
            | Q(address__startswith=q)
        )
    tz = timezone.get_current_timezone()
    if f["date_from"]:
        qs = qs.filter(at__gte=dt.datetime.combine(f["date_from"], dt.time.min, tz))
    if f["date_to"]:
        end = dt.datetime.combine(f["date_to"] + dt.timedelta(days=1), dt.time.min, tz)
        qs = qs.filter(at__lt=end)
    return qs


def _query(f: dict) -> str:
    return urlencode({k: v for k, v in f.items() if v})


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """Search the logs (admins only, 50 a page, newest first)."""
    _require_admin(request.user)
    f = filters_from(request)
    page = Paginator(entries_for(request.user, f), 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": f, "query": _query(f), "kinds": Kind.choices}
    return render(request, "audit/entry_list.html", context)


@login_required
@require_GET
def entry_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as .xlsx (at most 50,000, newest first); the export itself is
    logged."""
    _require_admin(request.user)
    f = filters_from(request)
    rows = entries_for(request.user, f)[:EXPORT_LIMIT]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Logs"))
    headers = [_("Time"), _("Kind"), _("User"), _("Union"), _("Address"), _("Object type"),
               _("Object id"), _("Object"), _("Summary"), _("Request id")]
    ws.append(headers)
    tz = timezone.get_current_timezone()
    n = 0
    for e in rows.iterator(chunk_size=2000):
        n += 1
        append_row(ws, [
            e.at.astimezone(tz).replace(tzinfo=None), e.get_kind_display(), e.actor_name,
            str(e.union or ""), e.address or "", e.object_type_label, e.object_id, e.object_repr,
            e.summary, e.request_id,
        ])
    buffer = io.BytesIO()
    wb.save(buffer)
    record(Kind.EXPORT, request=request, object_type="audit.AuditEntry",
           summary=(gettext_noop("export of %(n)s log entries; filters: %(filters)s"),
                    {"n": n, "filters": _query(f) or "-"}))
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = content_disposition_header(True, f"logs-{stamp}.xlsx")
    return response


