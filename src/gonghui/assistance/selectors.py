"""Reads of the assistance context: filtered file lists, review lists and aid totals.

Every function that takes a ``user`` reads through ``visible_to(user)``; the ones taking a
``union`` read that union's subtree (for reports, which check scope themselves). Amounts are
Decimal CNY (strings in :func:`assistance_figures`, which is JSON-able).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.core.money import CentsField, cents
from gonghui.orgs.models import Union

from .models import ZERO, Aid, FileEvent, HardshipFile, add_years


def file_list(user, *, status: str = "", severity: str = "", cause: str = "",
              overdue: bool = False, union: Union | None = None, q: str = "",
              today: dt.date | None = None) -> QuerySet[HardshipFile]:
    """Files in ``user``'s scope, filtered; ``cause`` matches primary or secondary causes;
    ``overdue`` keeps in-file files whose annual review is past due; ``q`` searches the
    head's name (identity numbers are never searched by text: use the exact look-up)."""
    qs = HardshipFile.objects.visible_to(user).select_related("union")
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if cause:
        qs = qs.filter(Q(primary_cause=cause) | Q(secondary_causes__contains=f",{cause},"))
    if union is not None:
        qs = qs.filter(union__path__startswith=union.path)
    if q:
        qs = qs.filter(head_name__icontains=q.strip())
    if overdue:
        qs = qs.filter(review_overdue_q(today or timezone.localdate()))
    return qs.annotate(
        aid_total=ExpressionWrapper(
            Coalesce(Sum("aids__cash"), ZERO) + Coalesce(Sum("aids__goods_value"), ZERO),
            output_field=CentsField(),
        ),
        aid_count=Count("aids"),
    )


def review_overdue_q(today: dt.date) -> Q:
    """In file and not reviewed within 12 months (of the last review, else of filing)."""
    cutoff = add_years(today, -1)
    return Q(status=HardshipFile.Status.IN_FILE) & (
        Q(last_reviewed_on__lt=cutoff)
        | Q(last_reviewed_on__isnull=True, filed_on__lt=cutoff)
        | Q(last_reviewed_on__isnull=True, filed_on__isnull=True, applied_on__lt=cutoff)
    )


def files_needing_attention(user, *, today: dt.date | None = None) -> QuerySet[HardshipFile]:
    """In-file files in scope that are overdue for annual review or were never aided."""
    today = today or timezone.localdate()
    aided = Aid.objects.filter(file=OuterRef("pk"))
    return (
        HardshipFile.objects.visible_to(user)
        .filter(status=HardshipFile.Status.IN_FILE)
        .annotate(aided=Exists(aided))
        .filter(review_overdue_q(today) | Q(aided=False))
        .select_related("union")
        .order_by("last_reviewed_on", "filed_on", "id")
    )


def _period(qs: QuerySet[Aid], date_from, date_to) -> QuerySet[Aid]:
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs


def aid_totals(qs: QuerySet[Aid]) -> dict:
    """``{"count", "cash", "goods", "total"}`` of the aid records in ``qs`` (Decimal CNY
    to the cent)."""
    row = qs.aggregate(
        count=Count("id"), cash=Coalesce(Sum("cash"), ZERO), goods=Coalesce(Sum("goods_value"), ZERO)
    )
    row["cash"], row["goods"] = cents(row["cash"]), cents(row["goods"])
    row["total"] = row["cash"] + row["goods"]
    return row


def aid_totals_by_kind(qs: QuerySet[Aid]) -> dict[str, dict]:
    """Per kind code: count, cash, goods, total (Decimal CNY to the cent); kinds with no
    aid omitted."""
    out: dict[str, dict] = {}
    for row in qs.order_by().values("kind").annotate(
        count=Count("id"), cash=Coalesce(Sum("cash"), ZERO), goods=Coalesce(Sum("goods_value"), ZERO)
    ):
        cash, goods = cents(row["cash"]), cents(row["goods"])
        out[row["kind"]] = {
            "count": row["count"], "cash": cash, "goods": goods, "total": cash + goods,
        }
    return out


def aid_for_file(file: HardshipFile) -> dict:
    """Totals of all aid to one file."""
    return aid_totals(Aid.objects.filter(file=file))


def aid_in_subtree(union: Union, *, date_from=None, date_to=None) -> QuerySet[Aid]:
    """Aid given by a union of ``union``'s subtree or to a file kept in it, in the period."""
    qs = Aid.objects.filter(
        Q(union__path__startswith=union.path) | Q(file__union__path__startswith=union.path)
    )
    return _period(qs, date_from, date_to)


CLOSED_STATUSES = tuple(s for s in HardshipFile.Status.values
                        if s not in HardshipFile.OPEN_STATUSES)


def files_as_of(files: QuerySet[HardshipFile], day: dt.date | None,
                today: dt.date | None = None) -> QuerySet[HardshipFile]:
    """``files`` as they were at the end of ``day``, annotated ``status_at`` (a status
    code): files applied for after ``day`` are left out. With no ``day``, or ``day`` today
    or later, the files as they stand (``status_at`` = ``status``).

    Rebuilt from the business dates the officers entered (``applied_on``, ``filed_on``,
    ``closed_on``): a file closed (lifted, exited, safety net, cancelled) after ``day`` was
    in file at ``day`` when filed by then, else applied; an open file is in file from its
    ``filed_on``, applied before. A file re-opened (返困) after ``day`` whose timeline has a
    closing recorded on or before ``day`` had that closing's status then (the timeline's
    dates are when events were recorded; a re-opening's own date is not kept)."""
    today = today or timezone.localdate()
    if day is None or day >= today:
        return files.annotate(status_at=F("status"))
    S = HardshipFile.Status
    filed_rule = Case(When(filed_on__lte=day, then=Value(S.IN_FILE)),
                      default=Value(S.APPLIED), output_field=CharField())
    events = FileEvent.objects.filter(file=OuterRef("pk"))
    reopened_after = Exists(events.filter(action="relapse", at__date__gt=day))
    closed_then = Subquery(
        events.filter(at__date__lte=day).exclude(to_status="")
        .order_by("-at", "-id").values("to_status")[:1]
    )
    return files.filter(applied_on__lte=day).annotate(status_at=Case(
        When(Q(status__in=CLOSED_STATUSES) & (Q(closed_on__lte=day) | Q(closed_on__isnull=True)),
             then=F("status")),
        When(Q(status__in=HardshipFile.OPEN_STATUSES) & reopened_after,
             then=Coalesce(Case(When(Exists(events.filter(
                 at__date__lte=day, to_status__in=CLOSED_STATUSES)), then=closed_then)),
                 filed_rule)),
        default=filed_rule,
        output_field=CharField(),
    ))


def assistance_figures(union: Union, *, date_from: dt.date | None = None,
                       date_to: dt.date | None = None, today: dt.date | None = None) -> dict:
    """JSON-able figures of ``union``'s subtree: files by status, severity and primary
    cause as they were at the period's end (``date_to``; today when open-ended or not yet
    past, see :func:`files_as_of`), files overdue for review (today), and aid in the
    period (count and CNY as strings with two decimals), in total and by kind. Three
    queries: files grouped by status, severity and cause (with the review-overdue count),
    and aid grouped by kind (the totals are the kinds' sums)."""
    today = today or timezone.localdate()
    files = files_as_of(HardshipFile.objects.filter(union__path__startswith=union.path),
                        date_to, today)
    overdue = review_overdue_q(today)
    by_status: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    by_cause: dict[str, int] = {}
    review_overdue = 0
    for row in files.order_by().values("status_at", "severity", "primary_cause").annotate(
        n=Count("id"), late=Count("id", filter=overdue)
    ):
        for counts, value in ((by_status, row["status_at"]), (by_severity, row["severity"]),
                              (by_cause, row["primary_cause"])):
            key = value or "none"
            counts[key] = counts.get(key, 0) + row["n"]
        review_overdue += row["late"]
    by_kind = aid_totals_by_kind(aid_in_subtree(union, date_from=date_from, date_to=date_to))
    totals = {key: sum((v[key] for v in by_kind.values()), ZERO if key != "count" else 0)
              for key in ("count", "cash", "goods", "total")}
    return {
        "union": union.name,
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "files_total": sum(by_status.values()),
        "files_open": sum(n for code, n in by_status.items() if code in HardshipFile.OPEN_STATUSES),
        "files_by_status": by_status,
        "files_by_severity": by_severity,
        "files_by_cause": by_cause,
        "files_review_overdue": review_overdue,
        "aid_count": totals["count"],
        "aid_cash_cny": f"{totals['cash']:.2f}",
        "aid_goods_cny": f"{totals['goods']:.2f}",
        "aid_total_cny": f"{totals['total']:.2f}",
        "aid_by_kind": {
            kind: {"count": v["count"], "total_cny": f"{v['total']:.2f}"}
            for kind, v in sorted(by_kind.items())
        },
    }


def money_str(value: Decimal) -> str:
    """``12,345.60``: CNY with thousands separators for pages."""
    return f"{value:,.2f}"
