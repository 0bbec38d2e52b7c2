"""The ingest pages: paste or upload a report, see its articles with the proposed drafts
beside their highlighted source sentences, edit and confirm or dismiss each draft.
Reads go through the scope rule; writes through :mod:`.drafts`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.scope import get_visible_or_404

from . import drafts as services
from .forms import IngestForm, draft_form, payload_from
from .kinds import KIND_LABELS
from .models import Draft, IngestedText, VisitSummary


def _bodies(mentions: list[dict]) -> list[dict]:
    """An article's organisation mentions as the page lists them: each body once, as the
    mention of its fullest name (``same_as``), without delegations and teams (``group``);
    an analysis stored before those keys existed lists every name."""
    out: dict[str, dict] = {}
    for o in mentions:
        if o.get("group"):
            continue
        key = o.get("same_as") or o["name"]
        if key not in out or o["name"] == key:
            out[key] = o
    return list(out.values())


@login_required
def ingest_page(request: HttpRequest) -> HttpResponse:
    """GET: the paste/upload form and the union's recent texts. POST: ingest and show."""
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stored = services.ingest(actor=request.user, text=data["text"],
                                     page_date=data["page_date"], title=data["title"])
        except DomainError as err:
            form.add_error(None, str(err))
        else:
            return redirect("ingest:text", pk=stored.pk)
    texts = IngestedText.objects.visible_to(request.user).select_related("union")[:20]
    return render(request, "ingest/index.html", {"form": form, "texts": texts})


def _too_big(request: HttpRequest) -> HttpResponse:
    """The paste form with the limit stated, for a post too big to read (413)."""
    texts = IngestedText.objects.visible_to(request.user).select_related("union")[:20]
    return render(request, "ingest/index.html", {
        "form": IngestForm(), "texts": texts,
        "too_big": _("Text: at most 200,000 characters.")}, status=413)


ingest_page.request_too_big = _too_big  # see gonghui.core.middleware.RequestTooBigMiddleware


def _segments(paragraph: str, spans: list[tuple[int, int, int]]) -> list[tuple[str, int | None]]:
    """``paragraph`` cut into ``(text, draft_pk or None)`` pieces for <mark>."""
    spans = sorted(spans)
    out, pos = [], 0
    for start, end, pk in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((paragraph[pos:start], None))
        out.append((paragraph[start:end], pk))
        pos = end
    if pos < len(paragraph):
        out.append((paragraph[pos:], None))
    return out


def _record_url(draft: Draft) -> str:
    if draft.record is None:
        return ""
    if draft.kind == Draft.Kind.EVENT:
        return reverse("events:detail", args=[draft.object_id])
    if draft.kind == Draft.Kind.DELEGATION:
        return reverse("pairing:delegation", args=[draft.object_id])
    return reverse("ingest:summary", args=[draft.object_id])


def _url_of(record) -> str:
    """The page of an event or visit-statistics record."""
    if isinstance(record, VisitSummary):
        return reverse("ingest:summary", args=[record.pk])
    return reverse("events:detail", args=[record.pk])


@login_required
def text_page(request: HttpRequest, pk: int, forms_by_pk: dict | None = None) -> HttpResponse:
    """One ingested text: articles, repairs, drafts with edit forms."""
    stored = get_visible_or_404(IngestedText.objects.select_related("union"), request.user, pk=pk)
    drafts = list(stored.drafts.all())
    forms_by_pk = forms_by_pk or {}
    recorded = services.already_recorded(stored)
    articles = []
    for article in stored.analysis.get("articles", []):
        mine = [d for d in drafts if d.article_index == article["index"]]
        by_para: dict[int, list] = {}
        for d in mine:
            for s in d.spans:
                by_para.setdefault(s["paragraph"], []).append((s["start"], s["end"], d.pk))
        articles.append({
            "a": article,
            "kind_label": KIND_LABELS.get(article["kind"], ""),
            "headline": _segments(article["headline"], by_para.get(-1, [])),
            "paragraphs": [_segments(p, by_para.get(i, [])) for i, p in enumerate(article["paragraphs"])],
            "drafts": [{"d": d, "record_url": _record_url(d),
                        "form": (forms_by_pk[d.pk] if d.pk in forms_by_pk
                                 else draft_form(d, user=request.user)),
                        "missing_pairing": (services.missing_pairing(d.payload)
                                            if d.kind == Draft.Kind.DELEGATION
                                            and not d.payload.get("pairing") else "")}
                       for d in mine],
            "recorded": [{"record": r, "url": _url_of(r)} for r in recorded.get(article["index"], [])],
            "orgs": _bodies(article["organisations"]),
            "dates": article["dates"],
        })
    return render(request, "ingest/text.html", {
        "stored": stored, "articles": articles,
        "repairs": stored.analysis.get("repairs", [])})


@login_required
@require_POST
def draft_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(Draft.objects.select_related("text"), request.user, pk=pk)
    form = draft_form(draft, request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Check the highlighted fields of the draft."))
        return text_page(request, draft.text_id, forms_by_pk={draft.pk: form})
    try:
        services.confirm(actor=request.user, draft=draft,
                         payload=payload_from(draft, form.cleaned_data))
    except DomainError as err:
        messages.error(request, str(err))
        return text_page(request, draft.text_id, forms_by_pk={draft.pk: form})
    messages.success(request, _("Record created from the draft."))
    return redirect(f"{reverse('ingest:text', args=[draft.text_id])}#draft-{draft.pk}")


@login_required
@require_POST
def draft_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(Draft.objects.select_related("text"), request.user, pk=pk)
    try:
        services.dismiss(actor=request.user, draft=draft)
    except DomainError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("Draft dismissed."))
    return redirect("ingest:text", pk=draft.text_id)


@login_required
def summary_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmed visit-statistics record and the text it came from."""
    summary = get_visible_or_404(VisitSummary.objects.select_related("union"), request.user, pk=pk)
    counts = [(VisitSummary._meta.get_field(f).verbose_name, getattr(summary, f))
              for f in VisitSummary.COUNTS]
    return render(request, "ingest/summary.html", {
        "summary": summary, "counts": counts, "source": services.source_of(summary)})
