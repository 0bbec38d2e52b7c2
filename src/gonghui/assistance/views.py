"""Pages of the assistance context. Every record is fetched through the scope rule
(``visible_to`` / ``get_visible_or_404``); every write calls a service function, whose
domain errors are shown as messages. Sensitive values are shown masked; the full value only
in the response to a logged POST reveal, never in a URL or a log line."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from gonghui.core import submissions
from gonghui.core.errors import DomainError
from gonghui.core.forms import apply_form
from gonghui.core.scope import get_visible_or_404
from gonghui.core.xlsx import append_row

from . import importing, selectors, services
from .forms import AidForm, FileForm, ImportForm, MemberForm, RevealForm
from .models import Aid, Cause, HardshipFile

ACTIONS = {
    "admit": services.file_admit,
    "lift": services.file_lift,
    "exit": services.file_exit,
    "safety_net": services.file_to_safety_net,
    "cancel": services.file_cancel,
    "relapse": services.file_relapse,
    "review": services.file_review,
    "sudden": services.file_mark_sudden,
}


def _filters(request) -> dict:
    g = request.GET
    return {
        "status": g.get("status", ""),
        "severity": g.get("severity", ""),
        "cause": g.get("cause", ""),
        "overdue": g.get("overdue") == "1",
        "q": g.get("q", "")[:50],
    }


def _files(request):
    if request.GET.get("attention") == "1":
        return selectors.files_needing_attention(request.user)
    return selectors.file_list(request.user, **_filters(request))


@login_required
def file_list(request):
    """Files in scope with filters; identity numbers masked."""
    page = Paginator(_files(request).order_by("-applied_on", "-id"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "assistance/file_list.html", {
        "page": page, "filters": _filters(request), "statuses": HardshipFile.Status.choices,
        "severities": HardshipFile.Severity.choices[1:], "causes": Cause.choices,
        "attention": request.GET.get("attention") == "1",
        "query": request.GET.urlencode(),
        "can_record": request.user.has_role(*services.RECORD_ROLES),
    })


@login_required
def file_export(request):
    """The filtered list as .xlsx, masked, stamped with the exporter and time, and logged.
    Amounts are number cells (CNY, 0.00), dates date cells (yyyy-mm-dd)."""
    rows = list(_files(request).order_by("union__path", "id"))
    now = timezone.localtime()
    wb = Workbook()
    ws = wb.active
    ws.title = "困难职工档案"
    ws.append([_("Exported by %(user)s at %(time)s; identity numbers and phones masked.")
               % {"user": request.user, "time": now.strftime("%Y-%m-%d %H:%M")}])
    head = ["档案号", "户主姓名", "身份证号码", "联系电话", "所属工会", "家庭人口", "主要致困原因",
            "人均月收入(元)", "困难类别", "状态", "建档日期", "复核到期", "帮扶合计(元)"]
    ws.append(head)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for f in rows:
        append_row(ws, [
            f.pk, f.head_name, f.head_id_masked, f.head_phone_masked, f.union.name,
            f.household_size, f.get_primary_cause_display(), f.per_capita_income,
            f.get_severity_display(), f.get_status_display(), f.filed_on, f.review_due_on,
            getattr(f, "aid_total", None) or Decimal("0.00"),
        ])
        # Typed cells: money to the cent (H, M), dates as dates (K, L).
        for col in ("H", "M"):
            ws[f"{col}{ws.max_row}"].number_format = "0.00"
        for col in ("K", "L"):
            ws[f"{col}{ws.max_row}"].number_format = "yyyy-mm-dd"
    services.log_export(actor=request.user, what="hardship file list", rows=len(rows),
                        filters={k: v for k, v in request.GET.items() if k != "page"})
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="hardship-files-{now:%Y%m%d-%H%M}.xlsx"'
    )
    return response



def _labelled(events) -> list:
    """The timeline events with ``from_label``/``to_label``: status names in the reader's
    language, not the stored keys."""
    labels = dict(HardshipFile.Status.choices)
    rows = list(events)
    for e in rows:
        e.from_label = labels.get(e.from_status, e.from_status)
        e.to_label = labels.get(e.to_status, e.to_status)
    return rows

def _detail_context(request, file: HardshipFile, **extra) -> dict:
    aids = (Aid.objects.visible_to(request.user).filter(file=file)
            .select_related("union").prefetch_related("goods"))
    user = request.user
    actions = [
        name for name, spec in services.TRANSITIONS.items()
        if file.status in spec.sources and user.has_role(*spec.roles)
    ]
    return {
        "file": file,
        "members": file.members.all(),
        "aids": aids,
        "totals": selectors.aid_for_file(file),
        "events": _labelled(file.events.select_related("actor")),
        "action_labels": services.ACTION_LABELS,
        "actions": actions,
        "cancel_reasons": HardshipFile.CancelReason.choices[1:],
        "can_reveal": user.has_role(*services.REVEAL_ROLES),
        "can_record": user.has_role(*services.RECORD_ROLES) and file.is_open,
        "member_form": MemberForm(),
        "sensitive_fields": services.SENSITIVE_FIELDS,
        **extra,
    }


@login_required
def file_detail(request, pk: int):
    file = get_visible_or_404(HardshipFile.objects.select_related("union"), request.user, pk=pk)
    return render(request, "assistance/file_detail.html", _detail_context(request, file))


def _file_kwargs(data: dict) -> dict:
    keys = ("head_name", "primary_cause", "secondary_causes", "household_size",
            "monthly_income", "yearly_income", "medical_expenses", "education_expenses",
            "head_phone", "bank_card", "health", "employer", "address", "notes")
    return {k: data[k] for k in keys if k in data}


def _require_record_role(user, message: str) -> None:
    """403 (the site's "Not allowed" page) for a role that may not record: the page would
    only refuse the save (the services check the same roles)."""
    if not user.has_role(*services.RECORD_ROLES):
        raise HttpForbidden(message)


@login_required
def file_create(request):
    _require_record_role(request.user, _("Your role may not register hardship files."))
    form = FileForm(request.POST or None, user=request.user,
                    initial={"applied_on": timezone.localdate(), "household_size": 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            file = services.file_register(
                actor=request.user, union=d["union"], head_id_number=d["head_id_number"],
                applied_on=d["applied_on"], **_file_kwargs(d),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("File %(pk)s registered.") % {"pk": file.pk})
            return redirect("assistance:file_detail", pk=file.pk)
    return render(request, "assistance/file_form.html", {"form": form, "file": None},
                  status=400 if form.errors else 200)


@login_required
def file_edit(request, pk: int):
    file = get_visible_or_404(HardshipFile, request.user, pk=pk)
    _require_record_role(request.user, _("Your role may not edit hardship files."))
    initial = {k: getattr(file, k) for k in (
        "head_name", "primary_cause", "household_size", "monthly_income", "yearly_income",
        "medical_expenses", "education_expenses", "employer", "address", "notes")}
    initial["secondary_causes"] = file.secondary_cause_list
    form = FileForm(request.POST or None, user=request.user, instance=file, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        for keep in ("head_phone", "bank_card", "health"):
            if not d.get(keep):
                d[keep] = getattr(file, keep)
        try:
            services.file_update(file=file, actor=request.user,
                                 version=int(request.POST.get("version", 0)), **_file_kwargs(d))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("File updated."))
            return redirect("assistance:file_detail", pk=file.pk)
    return render(request, "assistance/file_form.html", {"form": form, "file": file},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def file_action(request, pk: int, action: str):
    file = get_visible_or_404(HardshipFile, request.user, pk=pk)
    func = ACTIONS.get(action)
    if func is None:
        raise Http404
    p = request.POST
    kwargs = {"file": file, "actor": request.user}
    try:
        kwargs["version"] = int(p.get("version", ""))
        if action == "cancel":
            kwargs["reason"] = p.get("cancel_reason", "")
        if action == "sudden":
            kwargs["reason"] = p.get("note", "")
        else:
            kwargs["note"] = p.get("note", "")
        if action == "review" and p.get("reviewed_on"):
            kwargs["reviewed_on"] = dt.date.fromisoformat(p["reviewed_on"])
        func(**kwargs)
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc) if isinstance(exc, DomainError) else _("Bad input."))
    else:
        messages.success(request, _("Done: %(action)s.") % {
            "action": services.ACTION_LABELS[action]})
    return redirect("assistance:file_detail", pk=file.pk)


@login_required
@require_POST
def member_add(request, pk: int):
    file = get_visible_or_404(HardshipFile, request.user, pk=pk)
    form = MemberForm(request.POST)
    if not apply_form(request, form, services.member_add, _("Member added."), inline=True,
                      file=file, actor=request.user):
        return render(request, "assistance/file_detail.html",
                      _detail_context(request, file, member_form=form))
    return redirect("assistance:file_detail", pk=file.pk)


@login_required
def aid_create(request, pk: int):
    """Record one aid for the file. The form carries a one-time submission key
    (:mod:`gonghui.core.submissions`): the same form sent again records nothing and
    opens the file with a message."""
    file = get_visible_or_404(HardshipFile, request.user, pk=pk)
    _require_record_role(request.user, _("Your role may not record aid."))
    submission = submissions.submission_key(request)
    if request.method == "POST":
        done = submissions.recorded_visible(request, "aid", submission,
                                            Aid.objects.visible_to(request.user))
        if done:
            messages.info(request, _("This aid was already recorded: the form was sent "
                                     "twice, and nothing was recorded again."))
            return redirect("assistance:file_detail", pk=file.pk)
    form = AidForm(request.POST or None, user=request.user,
                   initial={"date": timezone.localdate(), "union": request.user.union_id})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        goods = [
            services.GoodsLine(d[f"goods_{i}_name"], d[f"goods_{i}_quantity"] or Decimal(0),
                               d[f"goods_{i}_unit"], d[f"goods_{i}_value"] or Decimal(0))
            for i in range(1, AidForm.GOODS_LINES + 1) if d[f"goods_{i}_name"]
        ]
        try:
            aid = services.aid_record(
                actor=request.user, file=file, union=d["union"], kind=d["kind"],
                date=d["date"], cash=d["cash"] or 0, goods=goods,
                student_name=d["student_name"], school=d["school"], grade=d["grade"],
                delegation=d["delegation"], notes=d["notes"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            submissions.remember(request, "aid", submission, aid.pk)
            messages.success(request, _("Aid recorded."))
            return redirect("assistance:file_detail", pk=file.pk)
    return render(request, "assistance/aid_form.html",
                  {"form": form, "file": file, "submission": submission},
                  status=400 if form.errors else 200)


@login_required
@require_POST
@never_cache
def reveal(request, pk: int):
    """Show one sensitive value in full, after the service checked role, scope and reason
    and logged the access. The value is only in this response's body."""
    file = get_visible_or_404(HardshipFile.objects.select_related("union"), request.user, pk=pk)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            value = services.reveal_sensitive(
                actor=request.user, file=file, field=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"], member=form.cleaned_data["member"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            member = form.cleaned_data["member"]
            revealed = {"field": form.cleaned_data["field"], "member": member, "value": value}
    else:
        messages.error(request, _("Say why you need to see the full value."))
    status = 200 if revealed else 403
    response = render(request, "assistance/file_detail.html",
                      _detail_context(request, file, revealed=revealed), status=status)
    return response


@login_required
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = importing.IMPORTERS[d["ledger"]](
                d["file"], actor=request.user, union=d["union"],
                dry_run=d["mode"] == "check", valid_rows_only=d["mode"] == "valid",
            )
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "assistance/import.html", {"form": form, "report": report})


@login_required
def import_template(request, ledger: str):
    if ledger not in importing.LEDGERS:
        raise Http404
    buf = io.BytesIO()
    importing.write_template(ledger, buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{ledger}-template.xlsx"'
    return response


