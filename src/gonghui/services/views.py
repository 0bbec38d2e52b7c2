"""Pages of the main job (三服务): dashboard, visit entry and lists, the item list with
its Excel export, and the item detail with the workflow actions.

Every read goes through ``visible_to(request.user)`` or ``get_visible_or_404``: a record
outside the user's scope answers 404 exactly like a missing one. Every write to an item
goes through :mod:`gonghui.services.workflow`; a refused action (``DomainError``) is
shown as a message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui import audit
from gonghui.core import submissions
from gonghui.core.errors import DomainError
from gonghui.core.paging import KeysetPaginator, RowCount, count_parts, estimate_rows
from gonghui.core.scope import get_visible_or_404, scope_path
from gonghui.core.sqlcache import RowsById
from gonghui.orgs.models import Union

from . import workflow
from .export import service_list_file
from .forms import (
    ACTION_FORMS,
    ITEM_PREFIX,
    SATISFACTION_CHOICES,
    ItemFilterForm,
    ItemForm,
    ItemFormSet,
    VisitForm,
    target_choices,
)
from .models import Item, ItemEvent, Visit
from .selectors import item_list, overdue_q, service_figures
from .workdays import working_days_between

PAGE_SIZE = 25

#: Button label of each action (the timeline uses workflow.ACTION_LABELS).
ACTION_BUTTONS = {
    "accept": gettext_lazy("Accept"),
    "reject": gettext_lazy("Reject"),
    "merge": gettext_lazy("Merge into another item"),
    "consult": gettext_lazy("Send to consultation"),
    "conclude": gettext_lazy("Conclude consultation"),
    "assign": gettext_lazy("Assign"),
    "start": gettext_lazy("Start work"),
    "resolve": gettext_lazy("Record as resolved"),
    "escalate": gettext_lazy("Escalate"),
    "close": gettext_lazy("Close out"),
    "reopen": gettext_lazy("Reopen (verification failed)"),
    "supervise": gettext_lazy("Supervise"),
    "return": gettext_lazy("Return for reassignment"),
    "request_extension": gettext_lazy("Request an extension"),
    "decide_extension": gettext_lazy("Decide the extension request"),
    "split": gettext_lazy("Split off a child item"),
    "add_co_unit": gettext_lazy("Add a co-handling unit"),
    "co_resolve": gettext_lazy("Record a co-handling unit's resolution"),
    "attach": gettext_lazy("Attach evidence"),
    "follow_up": gettext_lazy("Record a follow-up"),
}

#: Actions whose button is the main one (the next normal step of the workflow).
PRIMARY_ACTIONS = {"accept", "assign", "start", "resolve", "close", "conclude"}

ITEM_ROW_RELATED = (
    "union",
    "category",
    "responsible_unit",
    "merged_into",
    "created_by",
    "visit__team",
    "visit__enterprise",
    "visit__target_union",
    "visit__worker",
)


# --- dashboard ----------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures of the user's scope, items by status and kind, the overdue items and
    this month's visits, in a fixed number of queries whatever the number of rows."""
    user = request.user
    today = timezone.localdate()
    path = scope_path(user)
    figures = None
    counts = None
    scope_union = None
    if path is not None:
        # A superuser without a union sees everything: the subtree of the empty path.
        scope_union = user.union or SimpleNamespace(path="", depth=0, name=_("All unions"))
        from gonghui.reports.dashboard import dashboard_summary

        # From the tallies at a county and above (None below: the records are counted).
        counts = dashboard_summary(scope_union, today=today)
        if counts is None:
            figures = service_figures(scope_union, today=today, with_clock=False)
        else:
            figures = {"union": scope_union.name, "date_from": None, "date_to": None,
                       **counts["figures"], "clock": []}
    items = Item.objects.visible_to(user)
    if counts is None:
        by_status_kind = {
            (row["status"], row["kind"]): row["n"]
            for row in items.order_by().values("status", "kind").annotate(n=Count("id"))
        }
    else:
        by_status_kind = counts["by_status_kind"]
    kinds = Item.Kind.choices
    status_rows = []
    for status, label in Item.Status.choices:
        cells = [by_status_kind.get((status, kind), 0) for kind, _label in kinds]
        status_rows.append({"status": status, "label": label, "cells": cells, "total": sum(cells)})
    kind_totals = [sum(by_status_kind.get((s, k), 0) for s, _l in Item.Status.choices) for k, _l in kinds]
    overdue = list(
        items.filter(overdue_q(today)).select_related("union", "responsible_unit", "category")
        .order_by("deadline", "id")[:10]
    )
    overdue_total = counts["overdue"] if counts else items.filter(overdue_q(today)).count()
    for item in overdue:
        item.days_late = (today - item.deadline).days
    month_start = today.replace(day=1)
    visits = Visit.objects.visible_to(user)
    month_visits = visits.filter(date__gte=month_start, date__lte=today)
    # The item count as a correlated subquery: computed for the five rows shown, not by
    # grouping every visit of the month before the LIMIT (130 ms for a county).
    n_items = Item.objects.filter(visit=OuterRef("pk")).order_by().values("visit").annotate(
        n=Count("id")).values("n")
    # The five newest ids first (a sliced subquery), then their joins: else the database
    # joins every visit of the month to its worker and enterprise before the LIMIT.
    newest = month_visits.order_by("-date", "-id").values("pk")[:5]
    recent_visits = Visit.objects.filter(pk__in=newest).select_related(
        "team", "enterprise", "target_union", "worker"
    ).annotate(n_items=Coalesce(Subquery(n_items), 0)).order_by("-date", "-id")
    report_query = f"?union={scope_union.pk}" if getattr(scope_union, "pk", None) else ""
    return render(
        request,
        "services/dashboard.html",
        {
            "figures": figures,
            "scope_name": figures["union"] if figures else "",
            "kinds": kinds,
            "status_rows": status_rows,
            "kind_totals": kind_totals,
            "items_total": sum(kind_totals),
            "overdue": overdue,
            "overdue_total": overdue_total,
            "month_start": month_start,
            "today": today,
            "month_visit_count": counts["month_visits"] if counts else month_visits.count(),
            "as_of": counts["as_of"] if counts else None,
            "report_query": report_query,
            "recent_visits": recent_visits,
            "can_register": user.has_role(*workflow.REGISTER_ROLES),
        },
    )


# --- visits -------------------------------------------------------------------------


def _require_register_role(user) -> None:
    if not user.has_role(*workflow.REGISTER_ROLES):
        raise HttpForbidden(_("Your role may not record visits."))


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    """Record a visit and its items. The visit and every item (through
    ``workflow.item_register``) are saved in one transaction, or nothing is. The form
    carries a submission key; the same form sent again (a browser resubmit, a network
    retry, a second tab) opens the visit it recorded instead of recording it twice."""
    user = request.user
    _require_register_role(user)
    submission = submissions.submission_key(request)
    if request.method == "POST":
        done = submissions.recorded_visible(request, "visit", submission,
                                            Visit.objects.visible_to(user))
        if done:
            messages.info(request, _("This visit was already recorded: the form was sent "
                                     "twice, and nothing was recorded again."))
            return redirect("visit_detail", pk=done)
        data = request.POST
        if "add_item" in data:  # without JavaScript: redisplay with one more item row
            data = data.copy()
            total = _int(data.get(f"{ITEM_PREFIX}-TOTAL_FORMS"), 1)
            data[f"{ITEM_PREFIX}-TOTAL_FORMS"] = str(min(total + 1, 50))
            form = VisitForm(data, user=user, quiet=True)
            formset = ItemFormSet(data, prefix=ITEM_PREFIX, form_kwargs={"quiet": True})
            return render(request, "services/visit_form.html",
                          {"form": form, "formset": formset, "submission": submission})
        form = VisitForm(data, user=user)
        formset = ItemFormSet(data, prefix=ITEM_PREFIX)
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    visit = form.save(commit=False)
                    visit.created_by = user
                    visit.save()
                    form.save_m2m()
                    n_items = 0
                    for item_form in formset:
                        if not item_form.cleaned_data:
                            continue  # an untouched empty row
                        workflow.item_register(
                            actor=user, union=visit.union, visit=visit, **item_form.cleaned_data
                        )
                        n_items += 1
            except DomainError as err:
                form.add_error(None, str(err))
            else:
                submissions.remember(request, "visit", submission, visit.pk)
                messages.success(
                    request,
                    _("Visit recorded with %(n)d item(s).") % {"n": n_items},
                )
                return redirect("visit_detail", pk=visit.pk)
    else:
        form = VisitForm(user=user)
        formset = ItemFormSet(prefix=ITEM_PREFIX)
    return render(request, "services/visit_form.html",
                  {"form": form, "formset": formset, "submission": submission})


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_GET
def visit_item_form(request: HttpRequest) -> HttpResponse:
    """htmx: one more empty item row for the visit form, and the formset's new total
    (swapped out of band into the management form)."""
    _require_register_role(request.user)
    index = min(max(_int(request.GET.get(f"{ITEM_PREFIX}-TOTAL_FORMS"), 1), 0), 49)
    # Like the formset's own extra rows: may stay empty, so no browser "required" check.
    form = ItemForm(
        prefix=f"{ITEM_PREFIX}-{index}", empty_permitted=True, use_required_attribute=False
    )
    return render(
        request,
        "services/_item_row.html",
        {"item_form": form, "number": index + 1, "new_total": index + 1, "oob": True},
    )


@login_required
@require_GET
def visit_targets(request: HttpRequest) -> HttpResponse:
    """htmx: the ``<option>``s of the target select for the chosen target type, keeping
    the current ``target`` selected when it is still among them."""
    choices = target_choices(request.user, request.GET.get("target_type") or None)
    return render(
        request,
        "services/_target_options.html",
        {"groups": choices[1:], "selected": request.GET.get("target", "")},
    )


@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    """The visits in the user's scope, newest first, 25 a page."""
    visits = (
        Visit.objects.visible_to(request.user)
        .select_related("union", "team", "enterprise", "target_union", "worker")
        .annotate(n_items=Count("items"))
        .order_by("-date", "-id")
    )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "services/visit_list.html",
        {"page": page, "can_register": request.user.has_role(*workflow.REGISTER_ROLES)},
    )


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit (404 outside scope) with its visitors and items."""
    visit = get_visible_or_404(
        Visit.objects.select_related(
            "union", "team", "campaign", "enterprise", "target_union", "worker", "created_by"
        ),
        request.user,
        pk=pk,
    )
    items = (
        Item.objects.visible_to(request.user)
        .filter(visit=visit)
        .select_related("category", "responsible_unit")
        .order_by("id")
    )
    return render(
        request,
        "services/visit_detail.html",
        {"visit": visit, "items": items, "visitors": visit.visitors.all()},
    )


# --- items --------------------------------------------------------------------------


def _filtered_items(request: HttpRequest, today: dt.date) -> tuple[ItemFilterForm, QuerySet[Item]]:
    """The filter form bound to the query string and the items in scope it selects
    (an invalid filter is reported on the form and not applied)."""
    form = ItemFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    return form, _apply_filters(form, request.user, today)


def _apply_filters(form: ItemFilterForm, user, today: dt.date, *,
                   base: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """The form's filters applied to ``base`` (default: the items visible to ``user``)."""
    data = getattr(form, "cleaned_data", {}) or {}
    return item_list(
        base if base is not None else Item.objects.visible_to(user),
        q=(data.get("q") or "").strip(),
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        category=data.get("category"),
        team=data.get("team"),
        unit=data.get("unit"),
        overdue=bool(data.get("overdue")),
        due_soon=bool(data.get("due_soon")),
        co_handled_by=user if data.get("co_handled") else None,
        today=today,
    )


#: The item list's orders: ``sort`` value -> (keyset keys, whether the first may be NULL).
#: Newest first walks the ``(created_at, id)`` index backwards; by deadline walks
#: ``(deadline, id)`` (the partial index of the open statuses when the filter is
#: "any open status"), items without a deadline last.
ITEM_SORTS = {
    "": (("-created_at", "-id"), False),
    "deadline": (("deadline", "id"), True),
}


def _sort_of(form: ItemFilterForm) -> str:
    data = getattr(form, "cleaned_data", {}) or {}
    sort = data.get("sort") or ""
    return sort if sort in ITEM_SORTS else ""


def _querystring(request: HttpRequest, drop: tuple[str, ...] = ("page", "cursor")) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def _item_count(user, form: ItemFilterForm, today: dt.date) -> RowCount:
    """The list's row count: exact for an officer of a county or below (counted per
    scope part through the foreign-key indexes, see ``visible_parts``; a county holds
    some 20,000 items), above that exact only when short, else an estimate from a
    sample: never a full count of a city or a province on a page view."""
    union = user.union if user.union_id else None
    if union is not None and union.level in EXACT_COUNT_LEVELS:
        return RowCount(count_parts([_apply_filters(form, user, today, base=part)
                                     for part in Item.objects.visible_parts(user)]))
    return estimate_rows(_apply_filters(form, user, today), exact_below=ESTIMATE_ABOVE)


#: Union levels whose officers see an exact count (a county holds some 20,000 items).
EXACT_COUNT_LEVELS = (Union.Level.COUNTY, Union.Level.TOWN, Union.Level.GRASSROOTS)
#: Above county level, lists longer than this show an estimate ("about N items").
ESTIMATE_ABOVE = 2_000


def _prepare_rows(rows: list[SimpleNamespace], today: dt.date) -> None:
    """Set on each row what its cells show, computed once in Python rather than by
    template tags per row: ``is_overdue`` and ``is_due_soon`` (the rules of
    ``overdue_q`` and ``due_soon_q``), ``url``, ``kind_label``, ``status_label`` and the
    dates as text (YYYY-MM-DD). A page of rows, no query."""
    from .workdays import add_working_days

    horizon = add_working_days(today, 4).date
    kinds = {value: str(label) for value, label in Item.Kind.choices}
    statuses = {value: str(label) for value, label in Item.Status.choices}
    url_zero = reverse("item_detail", args=[0])
    head, tail = url_zero[: url_zero.rindex("0")], url_zero[url_zero.rindex("0") + 1:]
    for item in rows:
        on_clock = item.status in Item.CLOCK_STATUSES and item.deadline is not None
        item.is_overdue = on_clock and item.deadline < today
        item.is_due_soon = on_clock and today <= item.deadline < horizon
        item.url = f"{head}{item.pk}{tail}"
        item.kind_label = kinds.get(item.kind, item.kind)
        item.status_label = statuses.get(item.status, item.status)
        item.found_on_text = item.found_on.isoformat() if item.found_on else ""
        item.deadline_text = item.deadline.isoformat() if item.deadline else ""


def _row_html(rows: list[SimpleNamespace], *, bulk: bool) -> None:
    """Set ``row_html`` on each row prepared by :func:`_prepare_rows`: its ``<tr>``,
    written in Python (byte for byte what the row of ``_item_table.html`` was; some 25
    variables and tags a row cost the template engine ~0.4 ms). Every value is escaped
    as the template's autoescape does (``conditional_escape``: ``__html__`` if the
    value has it, else ``html.escape``)."""
    from html import escape

    from django.utils.safestring import mark_safe

    def esc(value) -> str:  # Django's conditional_escape, without its lazy-text wrapper
        html = getattr(value, "__html__", None)
        return html() if html is not None else escape(str(value))

    overdue = f'<span class="badge text-bg-danger">{esc(_("overdue"))}</span>'
    due_soon = f'<span class="badge text-bg-warning">{esc(_("due soon"))}</span>'
    for item in rows:
        pk = item.pk
        box = (f'<td><input type="checkbox" class="form-check-input" name="ids" value="{pk}" '
               f'form="bulk-form" aria-label="#{pk}"></td>') if bulk else ""
        visit = ""
        if item.visit_id:
            team = f" · {esc(item.team_name)}" if item.team_name else ""
            visit = f'<div class="small text-muted">{esc(item.target_label or "")}{team}</div>'
        persons = (f' <span class="small text-muted">×{item.persons_affected}</span>'
                   if item.kind == "difficulty" else "")
        unit = esc(item.responsible_unit.name) if item.responsible_unit_id else ""
        flag = overdue if item.is_overdue else due_soon if item.is_due_soon else ""
        item.row_html = mark_safe(  # noqa: S308 - every value escaped above
            f'<tr data-item="{pk}">\n    {box}<td>{pk}</td>\n'
            f'    <td class="subject-cell"><a href="{esc(item.url)}">{esc(item.subject)}</a>'
            f"{visit}</td>\n"
            f'    <td class="d-none d-sm-table-cell">{esc(item.kind_label)}{persons}</td>\n'
            f'    <td class="d-none d-md-table-cell">'
            f'{esc(item.category.name) if item.category_id else ""}</td>\n'
            f'    <td class="d-none d-md-table-cell">{esc(item.union.name)}</td>\n'
            f'    <td class="text-nowrap d-none d-md-table-cell">{esc(item.found_on_text)}</td>\n'
            f'    <td><span class="badge status-badge status-{esc(item.status)}">'
            f"{esc(item.status_label)}</span></td>\n"
            f'    <td class="d-none d-md-table-cell">{unit}</td>\n'
            f'    <td class="text-nowrap">{esc(item.deadline_text)}\n      {flag}</td>\n  </tr>'
        )


@functools.cache
def _item_rows() -> RowsById:
    """The reader of the list's rows by id (:class:`~gonghui.core.sqlcache.RowsById`,
    its SQL compiled once per process): three joins (union, category, responsible unit)
    and the visit's team and target names as subqueries. (Joining the visit, its team
    and its three kinds of target as well made PostgreSQL spend 5–30 ms planning a
    nine-table join for 25 rows.)"""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from gonghui.orgs.models import Enterprise, Worker

    from .models import ServiceTeam

    def name_of(model, visit_field: str):
        return Subquery(model._base_manager.filter(
            pk=Subquery(Visit.objects.filter(pk=OuterRef(OuterRef("visit_id")))
                        .values(visit_field)[:1])).values("name")[:1])

    return RowsById(
        Item.objects.annotate(
            team_name=name_of(ServiceTeam, "team_id"),
            target_label=Coalesce(name_of(Enterprise, "enterprise_id"),
                                  name_of(Union, "target_union_id"),
                                  name_of(Worker, "worker_id")),
        ),
        ITEM_ROW_FIELDS,
    )


#: The values a list row shows (:func:`_item_rows`, :func:`_row_objects`).
ITEM_ROW_FIELDS = (
    "id", "subject", "kind", "persons_affected", "found_on", "status", "deadline",
    "visit_id", "union__name", "category_id", "category__name", "responsible_unit_id",
    "responsible_unit__name", "team_name", "target_label",
)


def _date(value) -> dt.date | None:
    """A date column's raw value as a date (SQLite's driver may hand back the text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _row_objects(ids: list[int]) -> list[SimpleNamespace]:
    """The list rows of the items ``ids`` (in any order): one plain object per item with
    the attributes :func:`_prepare_rows` and :func:`_row_html` read (``pk``,
    ``subject``, ``kind``, ..., ``union.name``, ``category.name`` or ``category`` None,
    ``responsible_unit.name`` or None, ``team_name``, ``target_label``). One query,
    compiled once per process; no model objects (25 rows were 100 of them, ~1 ms)."""
    names, tuples = _item_rows()(ids)
    rows = []
    for values in tuples:
        row = SimpleNamespace(**dict(zip(names, values, strict=True)))
        row.pk = row.id
        row.found_on, row.deadline = _date(row.found_on), _date(row.deadline)
        row.union = SimpleNamespace(name=row.union__name)
        row.category = SimpleNamespace(name=row.category__name) if row.category_id else None
        row.responsible_unit = (SimpleNamespace(name=row.responsible_unit__name)
                                if row.responsible_unit_id else None)
        rows.append(row)
    return rows


@login_required
@require_GET
def item_list_view(request: HttpRequest) -> HttpResponse:
    """The service list: filters, an order, 25 rows a page with next/previous links
    (keyset pages: ``?cursor=`` is a signed position, see :mod:`gonghui.core.paging`);
    an htmx request gets only the table."""
    today = timezone.localdate()
    user = request.user
    form, items = _filtered_items(request, today)
    keys, nullable = ITEM_SORTS[_sort_of(form)]
    querystring = _querystring(request)
    filters = _querystring(request, ("page", "cursor", "sort"))
    paginator = KeysetPaginator(
        items, PAGE_SIZE, keys=keys, nullable=nullable,
        context=f"items|{user.pk}|{scope_path(user)}|{filters}|{keys}",
        count=lambda _qs: _item_count(user, form, today),
        fetch=_row_objects,
    )
    page = paginator.page(request.GET.get("cursor"))
    _prepare_rows(page.object_list, today)
    context = {"form": form, "page": page, "querystring": querystring, "today": today}
    if user.has_role(*workflow.REVIEW_ROLES):
        from .forms import BulkForm

        context["bulk_form"] = BulkForm(user=user, auto_id="id_bulk_%s")
    _row_html(page.object_list, bulk="bulk_form" in context)
    if request.htmx and request.htmx.target == "item-table":
        return render(request, "services/_item_table.html", context)
    return render(request, "services/item_list.html", context)


@login_required
@require_GET
def item_export(request: HttpRequest) -> HttpResponse:
    """The filtered service list (服务清单) as .xlsx, in scope only, in the list's order.
    Written row by row (openpyxl write-only) from a server-side cursor into a temporary
    file, then sent from it: memory stays flat whatever the number of rows. The export
    is logged (audit) with its row count before the file is sent."""
    today = timezone.localdate()
    form, items = _filtered_items(request, today)
    keys, _nullable = ITEM_SORTS[_sort_of(form)]
    order = [("-" if k.startswith("-") else "") + k.lstrip("-") for k in keys]
    if keys[0] == "deadline":
        from django.db.models import F

        order = [F("deadline").asc(nulls_last=True), "id"]
    handle, n_rows = service_list_file(items.order_by(*order), today=today)
    audit.record(audit.Kind.EXPORT, request=request, object_type="services.Item",
                 summary=(gettext_noop("export of the service list (%(n)s rows)"), {"n": n_rows}))
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"服务清单-{today:%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


def _item_for(request: HttpRequest, pk: int, related=ITEM_ROW_RELATED) -> Item:
    """The item (404 outside scope) with ``related`` (by default what its page shows),
    and its responsible unit's union (``workflow.works_whole(..., loaded=True)`` needs
    no query then)."""
    return get_visible_or_404(
        Item.objects.select_related(*related, "responsible_unit__union"),
        request.user, pk=pk)


#: What an action's form and the workflow read of the item (the page's other relations
#: are read only when an invalid form redisplays the page, one query each).
ITEM_ACTION_RELATED = ("union", "category")


def _action_forms(item: Item, user, bound: dict | None = None, *,
                  whole: bool | None = None) -> list[dict]:
    """One entry per action ``user`` may take on ``item`` now: name, label and form.
    ``whole``: ``workflow.works_whole(item, user)``, when the caller has it."""
    bound = bound or {}
    entries = []
    if whole is None:
        whole = workflow.works_whole(item, user)
    for action in (workflow.allowed_actions(item, user, whole=whole)
                   + workflow.clock_actions(item, user, whole=whole)):
        form = bound.get(action) or ACTION_FORMS[action](
            initial={"version": item.version}, user=user, item=item, auto_id=f"id_{action}_%s"
        )
        entries.append(
            {
                "name": action,
                "label": ACTION_BUTTONS[action],
                "form": form,
                "primary": action in PRIMARY_ACTIONS,
                "danger": action in ("reject", "reopen", "return"),
                "open": action in bound,
            }
        )
    return entries


def _render_item(request: HttpRequest, item: Item, bound: dict | None = None) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    on_clock = item.status in Item.CLOCK_STATUSES and item.deadline is not None
    days_left, days_left_provisional = (None, False)
    if on_clock and item.deadline >= today:
        days_left, days_left_provisional = working_days_between(today, item.deadline)
    events = list(ItemEvent.objects.filter(item=item).select_related("actor"))
    whole = workflow.works_whole(item, user, loaded=True)  # read by _item_for
    co_units = list(item.co_units.select_related("unit"))
    if co_units:  # mark the parts that are the user's own (their union co-handles them)
        from .models import CoHandlingUnit

        mine = set(CoHandlingUnit.objects.visible_to(user).filter(item=item)
                   .values_list("pk", flat=True))
        for co in co_units:
            co.is_mine = co.pk in mine
    status_labels = dict(Item.Status.choices)
    for event in events:
        event.label = workflow.ACTION_LABELS.get(event.action, event.action)
        event.from_label = status_labels.get(event.from_status, "")
        event.to_label = status_labels.get(event.to_status, "")
    return render(
        request,
        "services/item_detail.html",
        {
            "item": item,
            "today": today,
            "is_overdue": on_clock and item.deadline < today,
            "is_due_soon": days_left is not None and days_left <= 3,
            "days_left": days_left,
            "days_left_provisional": days_left_provisional,
            "events": events,
            "actions": _action_forms(item, user, bound, whole=whole),
            "attachments": list(item.attachments.all()),
            "follow_ups": list(item.follow_ups.all()),
            "co_units": co_units,
            "co_handler_only": not whole,
            "children": list(item.children.order_by("pk")),
            "extensions": list(item.extensions.select_related("requested_by", "decided_by")),
            "satisfaction": dict(SATISFACTION_CHOICES).get(item.satisfaction, item.satisfaction),
        },
    )


@login_required
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item (404 outside scope): fields, flags, timeline and the user's actions."""
    return _render_item(request, _item_for(request, pk))


def _perform(action: str, item: Item, user, data: dict) -> None:
    """Call the workflow function of ``action`` with the form's cleaned ``data``."""
    common = {"item": item.pk, "actor": user}
    version = data.get("version")
    note = data.get("note", "")
    if action == "supervise":
        workflow.item_supervise(**common, note=note)
    elif action == "reject":
        workflow.item_reject(**common, version=version, reason=data["reason"])
    elif action == "return":
        workflow.item_return(**common, version=version, reason=data["reason"])
    elif action == "request_extension":
        workflow.extension_request(
            **common, version=version, days=data["days"], reason=data["reason"]
        )
    elif action == "decide_extension":
        workflow.extension_decide(
            **common, version=version, approve=data["decision"] == "approve", note=note
        )
    elif action == "attach":
        workflow.attachment_add(item=item.pk, actor=user, file=data["file"])
    elif action == "follow_up":
        workflow.item_follow_up(**common, version=version, date=data["date"],
                                method=data["method"], satisfied=data["satisfied"],
                                comment=data.get("comment", ""))
    elif action == "split":
        workflow.item_split(**common, version=version, subject=data["subject"],
                            description=data.get("description", ""))
    elif action == "add_co_unit":
        workflow.co_unit_add(**common, version=version, unit=data["unit"], part=data["part"])
    elif action == "co_resolve":
        workflow.co_unit_resolve(**common, version=version, co_unit=data["co_unit"],
                                 resolution=data["resolution"])
    elif action == "reopen":
        workflow.item_reopen(**common, version=version, reason=data["reason"])
    elif action == "merge":
        workflow.item_merge(**common, version=version, into=data["into"], note=note)
    elif action == "assign":
        workflow.item_assign(
            **common,
            version=version,
            unit=data["unit"],
            deadline=data.get("deadline"),
            working_days=data.get("working_days"),
            item_class=data.get("item_class") or None,
            note=note,
        )
    elif action == "resolve":
        workflow.item_resolve(**common, version=version, resolution=data["resolution"])
    elif action == "escalate":
        workflow.item_escalate(**common, version=version, target=data["target"], note=note)
    elif action == "close":
        workflow.item_close(
            **common, version=version, satisfaction=data.get("satisfaction", ""), note=note,
            evidence_statement=data.get("evidence_statement", ""),
        )
    else:  # accept, consult, conclude, start: version and note only
        getattr(workflow, f"item_{action}")(**common, version=version, note=note)


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """POST one workflow action on an item (404 outside scope). Invalid fields redisplay
    the page with the reasons; a refused action is shown as an error message. Either
    way the item is unchanged."""
    if action not in ACTION_FORMS:
        raise Http404
    item = _item_for(request, pk, ITEM_ACTION_RELATED)
    user = request.user
    form = ACTION_FORMS[action](
        request.POST, request.FILES, user=user, item=item, auto_id=f"id_{action}_%s"
    )
    detail_url = reverse("item_detail", args=[item.pk])
    if not form.is_valid():
        if action in workflow.allowed_actions(item, user) + workflow.clock_actions(item, user):
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
            return _render_item(request, item, bound={action: form})
        messages.error(request, _("That action is not available on this item now."))
        return redirect(detail_url)
    try:
        _perform(action, item, user, form.cleaned_data)
    except DomainError as err:
        messages.error(request, str(err))
    else:
        messages.success(
            request,
            _("Item %(id)s: %(action)s.")
            % {"id": item.pk, "action": workflow.ACTION_LABELS[action]},
        )
    return redirect(detail_url)


@login_required
@require_GET
def item_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """Download an evidence file of an item in the user's scope (404 otherwise)."""
    item = _item_for(request, pk)
    found = item.attachments.filter(pk=attachment).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's own notifications (reminders, supervision), newest first; POST marks
    them all read."""
    from .models import Notification

    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("inbox")
    page = Paginator(mine.select_related("item"), 50).get_page(request.GET.get("page"))
    return render(request, "services/inbox.html", {
        "page": page, "unread": mine.filter(read_at__isnull=True).count()})


@login_required
@require_POST
def item_bulk(request: HttpRequest) -> HttpResponse:
    """Apply accept or assign to the chosen items (reviewers only), item by item through
    the workflow; shows what succeeded and what was refused and why."""
    from gonghui.accounts.models import Role

    from .bulk import bulk_apply
    from .forms import BulkForm

    if not request.user.has_role(Role.REVIEWER):
        raise HttpForbidden
    form = BulkForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: %(errors)s") % {
            "errors": "; ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                                for f, e in form.errors.items())})
        return redirect("item_list")
    data = form.cleaned_data
    result = bulk_apply(action=data["action"], item_ids=data["ids"], actor=request.user,
                        unit=data.get("unit"), deadline=data.get("deadline"),
                        working_days=data.get("working_days"))
    return render(request, "services/bulk_result.html", {
        "result": result, "action": workflow.ACTION_LABELS[data["action"]]})


@login_required
@require_GET
def clock_report(request: HttpRequest) -> HttpResponse:
    """Clock quality per responsible unit for the user's scope and a period (``from``,
    ``to`` as YYYY-MM-DD on the items' found-on date; a bad date is named and ignored)."""
    from .selectors import clock_figures

    user = request.user
    period = {}
    for key in ("from", "to"):
        raw = request.GET.get(key, "")
        try:
            period[key] = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            period[key] = None
            messages.error(request, _("%(field)s: not a date (YYYY-MM-DD).") % {"field": key})
    rows = []
    if scope_path(user) is not None:
        scope_union = user.union or SimpleNamespace(path="", name=_("All unions"))
        rows = clock_figures(scope_union, period["from"], period["to"])
    for row in rows:
        for key in ("on_time_rate", "last_day_share"):
            row[key + "_pct"] = None if row[key] is None else round(row[key] * 100, 1)
    return render(request, "services/clock_report.html", {
        "rows": rows, "date_from": period["from"], "date_to": period["to"]})
