"""The reports page (``/reports/``) and its .xlsx export, in the user's scope only.

The union is chosen by id (``?union=``) among the unions of the user's scope; any other
id answers 404, exactly like one that does not exist (:func:`get_visible_or_404`). The
period is ``from``/``to`` (both inclusive) or a ``preset`` (``month``, ``year``); with
neither, this year so far. ``?module=`` (a report name: ``services``, ``assistance``,
…) shows that module alone, without the brief; without it, every module and the brief.
An unknown module answers 404.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET

from gonghui import audit
from gonghui.core.reports import EARLIEST_DAY, LATEST_DAY
from gonghui.core.scope import get_visible_or_404, scope_path
from gonghui.orgs.models import Union
from gonghui.services.models import Item, Visit

from .build import build_report, change, report_names
from .export import SERVICE_COLUMNS, report_workbook, service_rows
from .periods import Period, preset
from .rollup import all_unions_root

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeriodForm(forms.Form):
    """The period of the report: from/to dates, or a preset."""

    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False,
        validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)],
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False,
        validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)],
    )
    preset = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("month", gettext_lazy("This month")), ("year", gettext_lazy("This year"))],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The last day must not be before the first day."))
        return data

    def period(self, today) -> Period:
        """The chosen period (call after ``is_valid()``)."""
        data = self.cleaned_data
        if data.get("preset"):
            return preset(data["preset"], today)
        if data.get("date_from") or data.get("date_to"):
            return Period(data.get("date_from"), data.get("date_to"))
        return preset("year", today)


def selected_union(request: HttpRequest):
    """The union of ``?union=`` within the user's scope (404 outside it or when the id is
    not a number); without it, the user's own union (the all-unions stand-in for a
    superuser without one). 404 for a user without a scope."""
    user = request.user
    if scope_path(user) is None:
        raise Http404
    raw = request.GET.get("union", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_visible_or_404(Union, user, pk=int(raw))
    return user.union if user.union_id else all_unions_root()


def union_choices(user, selected) -> list[tuple[str, str]]:
    """(id, indented name) of the federations in the user's scope, the selected union
    included even when it is a grassroots union; "" for all unions (superusers only)."""
    qs = Union.objects.visible_to(user).exclude(level=Union.Level.GRASSROOTS)
    rows = list(qs.values_list("pk", "name", "depth"))
    if selected.pk and selected.pk not in {pk for pk, _n, _d in rows}:
        rows.append((selected.pk, selected.name, selected.depth))
    base = min((d for _pk, _n, d in rows), default=1)
    choices = [(str(pk), "\u3000" * (depth - base) + name) for pk, name, depth in rows]
    if scope_path(user) == "":
        choices.insert(0, ("", _("All unions")))
    return choices


def _table(result: dict, keys: list[str]) -> list[dict]:
    own_label, total_label = _("Own records"), _("Total")
    rows = service_rows(result, own_label, total_label)
    out = []
    for i, (name, figures) in enumerate(rows):
        kind = "child" if i < len(rows) - 2 else ("own" if i == len(rows) - 2 else "total")
        out.append({"name": name, "kind": kind, "cells": [figures[k] for k in keys]})
    return out


def selected_module(request: HttpRequest) -> str:
    """The report name of ``?module=`` ("" for all modules); 404 for an unknown one."""
    name = request.GET.get("module", "").strip()
    if name and name not in report_names():
        raise Http404
    return name


def module_tabs(request: HttpRequest, selected: str) -> list[dict]:
    """The links of the module views: all modules, then each registered report, each
    with the page's other parameters kept."""
    from gonghui.core.reports import available_reports

    registry = available_reports()
    query = request.GET.copy()
    query.pop("module", None)
    tabs = []
    for name in ["", *report_names()]:
        if name:
            query["module"] = name
        else:
            query.pop("module", None)
        tabs.append({
            "name": name,
            "label": registry[name].title if name else _("All modules and the brief"),
            "query": query.urlencode(),
            "active": name == selected,
        })
    return tabs


def _page_context(request: HttpRequest, form: PeriodForm, union, only, today) -> dict:
    """What the report page shows whatever the period: the form, the union choices."""
    return {
        "form": form,
        "union": union,
        "union_choices": union_choices(request.user, union),
        "today": today,
        "from_value": request.GET.get("date_from", ""),
        "to_value": request.GET.get("date_to", ""),
        "module": only,
        "module_tabs": module_tabs(request, only),
    }


def _invalid_period(request: HttpRequest, form: PeriodForm, union, only, today) -> HttpResponse:
    """The report page without figures, the period's errors on its fields (400): for the
    page and for its export alike."""
    return render(request, "reports/report.html", _page_context(request, form, union, only, today),
                  status=400)


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """Tables, the year before, charts and the brief of a union subtree and period
    (``?module=``: one module alone, see the module docstring)."""
    union = selected_union(request)
    only = selected_module(request)
    today = timezone.localdate()
    form = PeriodForm({k: v for k, v in request.GET.items() if k != "module"} or None)
    if form.is_bound and not form.is_valid():
        return _invalid_period(request, form, union, only, today)
    period = form.period(today) if form.is_bound else preset("year", today)
    report = build_report(union, period, today=today, only=only)
    context = _page_context(request, form, union, only, today)
    context["from_value"] = period.date_from.isoformat() if period.date_from else ""
    context["to_value"] = period.date_to.isoformat() if period.date_to else ""
    export = request.GET.copy()
    export.pop("module", None)  # the export is the whole report
    context.update(report=report, period=period, export_query=export.urlencode(),
                   selected_id=str(union.pk or ""))
    s = report.services
    if s is None:
        return render(request, "reports/report.html", context)
    keys = [key for key, _label, _zh in SERVICE_COLUMNS]
    cur, prev = s["current"]["total"], s["previous"]["total"]
    context.update(
        columns=[label for _key, label, _zh in SERVICE_COLUMNS],
        rows=_table(s["current"], keys),
        previous_rows=_table(s["previous"], keys),
        comparison=[
            (label, cur[k], prev[k], change(cur[k], prev[k])) for k, label, _zh in SERVICE_COLUMNS
        ],
        by_kind=[(label, cur["items_by_kind"][k], prev["items_by_kind"][k]) for k, label in Item.Kind.choices],
        by_status=[
            (label, cur["items_by_status"][k], prev["items_by_status"][k]) for k, label in Item.Status.choices
        ],
        by_target=[
            (label, cur["visits_by_target"][k], prev["visits_by_target"][k])
            for k, label in Visit.TargetType.choices
        ],
        by_category=sorted(
            (
                (name, n, prev["items_by_category"].get(name, 0))
                for name, n in cur["items_by_category"].items()
            ),
            key=lambda r: -r[1],
        ),
        chart_data={
            "trend": s["trend"],
            "categories": [{"name": n, "value": v} for n, v in cur["items_by_category"].items()],
            "overdueByUnit": s["overdue_by_unit"],
            "tree": s["tree"],
            "labels": {
                "visits": _("Visits"),
                "items": _("Items found"),
                "overdue": _("Overdue"),
                "open": _("Open items"),
                "share": _("Overdue share"),
            },
        },
    )
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    """The report as .xlsx (a sheet per table), in scope only."""
    union = selected_union(request)
    today = timezone.localdate()
    form = PeriodForm({k: v for k, v in request.GET.items() if k != "module"} or None)
    if form.is_bound and not form.is_valid():
        return _invalid_period(request, form, union, None, today)
    period = form.period(today) if form.is_bound else preset("year", today)
    report = build_report(union, period, today=today)
    content = report_workbook(report)
    audit.record(
        audit.Kind.EXPORT,
        request=request,
        object_type="reports.Report",
        summary=(gettext_noop("export of the report of %(union)s"), {"union": union.name}),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"工作报表-{union.name}-{today:%Y%m%d}.xlsx"
    )
    return response
