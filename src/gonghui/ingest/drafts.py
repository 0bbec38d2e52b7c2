"""Draft records proposed from ingested articles, and the officer's decisions on them.

:func:`propose` reads one analysed article (plain data) and proposes the records it
describes: a blood-drive (or culture, meeting, commemoration) :class:`~gonghui.events.
models.Event` with its measured figures, or a :class:`~gonghui.ingest.models.
VisitSummary` of a campaign's visit statistics. :func:`ingest` stores the text and its
proposals; nothing else is written until :func:`confirm` creates the record (through
:func:`gonghui.events.services.event_create` for events) and links it to the draft, and
so to its source text. A proposal whose fingerprint (kind, headline, proposed payload)
was already confirmed or dismissed in the union is not proposed again.

Pairing delegations (22 volunteers) are not proposed: the pairing app records a
delegation with each volunteer by name (``delegation_record``), not a volunteer count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.core.errors import DomainError, InvalidTransition, PermissionDenied

from .models import Draft, IngestedText, VisitSummary
from .pipeline import analyse

WRITE_ROLES = (Role.OFFICER, Role.REVIEWER)
EVENT_KINDS = {"blood_drive": "blood_drive", "culture": "culture", "meeting": "meeting",
               "commemoration": "commemoration"}
SENTENCE_END = "。！？!?；;"


def _sentence_span(paragraph: str, start: int, end: int) -> tuple[int, int]:
    s = start
    while s > 0 and paragraph[s - 1] not in SENTENCE_END:
        s -= 1
    e = end
    while e < len(paragraph) and paragraph[e] not in SENTENCE_END:
        e += 1
    if e < len(paragraph):
        e += 1
        while e < len(paragraph) and paragraph[e] in "”’」":
            e += 1
    return s, e


def _spans(article: dict, figures: list[dict]) -> list[dict]:
    out: list[dict] = []
    for f in figures:
        para = article["headline"] if f["paragraph"] == -1 else article["paragraphs"][f["paragraph"]]
        s, e = _sentence_span(para, f["start"], f["end"])
        span = {"paragraph": f["paragraph"], "start": s, "end": e}
        if span not in out:
            out.append(span)
    return out


def _event_metric(fig: dict) -> str | None:
    thing, unit = fig["thing"], fig["unit"]
    if unit == "mL":
        return "blood_volume"
    if unit == "letters":
        return "thank_you_letters"
    if unit == "persons":
        if "造血干细胞" in thing:
            return "stem_cell_registrations"
        if "献血" in thing:
            return "donors"
        return "participants"
    return None


def _visit_count(fig: dict) -> str | None:
    thing, unit = fig["thing"], fig["unit"]
    if unit == "organisations" and "企业" in thing:
        return "enterprises"
    if unit == "households":
        return "households"
    if unit == "person-times" and "困难" in thing:
        return "difficulties"
    if unit in ("item-times", "items"):
        if "需求" in thing:
            return "needs"
        if "解决" in thing:
            return "resolved"
        if "提交" in thing or "反映" in thing:
            return "escalated"
    return None


def _article_date(article: dict, page_date: str | None) -> str | None:
    for d in article["dates"]:
        if d["kind"] == "relative" and d["date_to"] and d["text"] in ("近日", "日前", "近期", "当日", "当天"):
            return page_date or d["date_to"]
        if d["kind"] == "absolute" and d["date_from"] == d["date_to"] and d["date_from"]:
            return d["date_from"]
    return page_date


def _clean_name(headline: str) -> str:
    return re.sub(r"^[“\"]|[”\"]$", "", headline.strip())[:150]


def propose(article: dict, page_date: str | None) -> list[dict]:
    """Proposals for one article (``ArticleAnalysis.as_dict()``): ``[{"kind",
    "payload", "spans"}]``. Values are numbers as read (8万多毫升 → 80000)."""
    proposals = []
    kind = article["kind"]
    if kind in EVENT_KINDS:
        figures, used = {}, []
        for fig in article["figures"]:
            metric = _event_metric(fig)
            if metric and metric not in figures and (kind == "blood_drive" or metric == "participants"):
                figures[metric] = fig["value"]
                used.append(fig)
        if kind == "blood_drive" and not figures:
            return []
        proposals.append({
            "kind": Draft.Kind.EVENT,
            "payload": {"event_kind": EVENT_KINDS[kind], "name": _clean_name(article["headline"]),
                        "date": _article_date(article, page_date), "place": "",
                        "figures": figures},
            "spans": _spans(article, used),
        })
    elif kind == "visits":
        counts, used = {}, []
        for fig in article["figures"]:
            field = _visit_count(fig)
            if field and field not in counts:
                counts[field] = fig["value"]
                used.append(fig)
        if len(counts) >= 2:
            period_from = next((d["date_from"] for d in article["dates"]
                                if d["text"].endswith(("年初", "年以来")) and d["date_from"]), None)
            proposals.append({
                "kind": Draft.Kind.VISIT_SUMMARY,
                "payload": {"title": _clean_name(article["headline"]), "period_from": period_from,
                            "period_to": page_date, **counts},
                "spans": _spans(article, used),
            })
    return proposals


def fingerprint(kind: str, headline: str, payload: dict) -> str:
    """SHA-256 of the kind, headline and proposed payload (the same article proposed
    again has the same fingerprint)."""
    data = json.dumps([kind, headline, payload], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def _require_writer(actor: User) -> None:
    if not actor.has_role(*WRITE_ROLES) or actor.union_id is None:
        raise PermissionDenied(_("Your role may not ingest texts or confirm drafts."))


def ingest(*, actor: User, text: str, page_date: dt.date | None = None,
           title: str = "") -> IngestedText:
    """Store ``text`` for ``actor``'s union (once per union: the same text again returns
    the stored one, re-dated if ``page_date`` is given) and propose its drafts, leaving
    out any proposal already decided (confirmed or dismissed) in the union."""
    _require_writer(actor)
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_("Text: paste or upload a report; the text is empty."))
    if len(text) > 200_000:
        raise DomainError(_("Text: at most 200,000 characters."))
    sha = hashlib.sha256(text.encode()).hexdigest()
    analysis = analyse(text, page_date).as_dict()
    with transaction.atomic():
        stored, _created = IngestedText.objects.get_or_create(
            union=actor.union, sha256=sha,
            defaults={"text": text, "page_date": page_date, "analysis": analysis,
                      "title": title.strip()[:200], "created_by": actor})
        if not _created and page_date and stored.page_date != page_date:
            stored.page_date, stored.analysis = page_date, analysis
            stored.save(update_fields=["page_date", "analysis"])
        date_iso = stored.page_date.isoformat() if stored.page_date else None
        for article in stored.analysis["articles"]:
            for proposal in propose(article, date_iso):
                fp = fingerprint(proposal["kind"], article["headline"], proposal["payload"])
                if Draft.objects.filter(text__union=actor.union, fingerprint=fp).exists():
                    continue
                Draft.objects.create(text=stored, article_index=article["index"],
                                     headline=article["headline"][:200], kind=proposal["kind"],
                                     payload=proposal["payload"], spans=proposal["spans"],
                                     fingerprint=fp)
    return stored


def _int(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("%(field)s: %(value)s is not a number.")
                          % {"field": field, "value": value}) from exc
    if number < 0 or not number.is_integer():
        raise DomainError(_("%(field)s: a whole number of at least 0.") % {"field": field})
    return int(number)


def _date(value, field: str, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("%(field)s: required.") % {"field": field})
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(_("%(field)s: %(value)s is not a date YYYY-MM-DD.")
                          % {"field": field, "value": value}) from exc


def _visible_draft(actor: User, draft: Draft) -> Draft:
    try:
        return Draft.objects.visible_to(actor).select_for_update().get(pk=draft.pk)
    except Draft.DoesNotExist as exc:
        raise PermissionDenied(_("Draft: this draft does not exist or is outside your scope.")) from exc


def confirm(*, actor: User, draft: Draft, payload: dict | None = None):
    """Create the record ``draft`` proposes, from ``payload`` as the officer edited it
    (default: as proposed), link it to the draft and mark the draft confirmed; all or
    nothing. Raises ``PermissionDenied`` (role, scope), ``InvalidTransition`` (already
    decided) or ``DomainError`` naming the bad field."""
    _require_writer(actor)
    from gonghui.events.services import event_create

    with transaction.atomic():
        draft = _visible_draft(actor, draft)
        if draft.status != Draft.Status.PROPOSED:
            raise InvalidTransition(_("Draft: already %(status)s.")
                                    % {"status": draft.get_status_display()})
        data = dict(draft.payload if payload is None else payload)
        union = draft.text.union
        if draft.kind == Draft.Kind.EVENT:
            figures = {m: (v, None) for m, v in (data.get("figures") or {}).items()
                       if v not in (None, "")}
            from gonghui.events.models import CANONICAL_UNITS

            figures = {m: (v, CANONICAL_UNITS.get(m, "")) for m, (v, _u) in figures.items()}
            record = event_create(
                actor=actor, union=union, kind=data.get("event_kind") or "",
                name=data.get("name") or "", date=_date(data.get("date"), _("Date"), True),
                place=data.get("place") or "",
                description=_("From ingested text: %(headline)s") % {"headline": draft.headline},
                figures=figures)
        else:
            title = (data.get("title") or "").strip()
            if not title:
                raise DomainError(_("Title: required."))
            period_from = _date(data.get("period_from"), _("From"))
            period_to = _date(data.get("period_to"), _("To"))
            if period_from and period_to and period_to < period_from:
                raise DomainError(_("To: the end is before the start."))
            counts = {f: _int(data.get(f), VisitSummary._meta.get_field(f).verbose_name)
                      for f in VisitSummary.COUNTS}
            record = VisitSummary.objects.create(union=union, title=title[:200],
                                                 period_from=period_from, period_to=period_to,
                                                 created_by=actor, **counts)
        draft.record = record
        draft.payload = data
        draft.status = Draft.Status.CONFIRMED
        draft.decided_by, draft.decided_at = actor, timezone.now()
        draft.save()
    return record


def dismiss(*, actor: User, draft: Draft) -> None:
    """Mark a proposed ``draft`` dismissed (nothing is created)."""
    _require_writer(actor)
    with transaction.atomic():
        draft = _visible_draft(actor, draft)
        if draft.status != Draft.Status.PROPOSED:
            raise InvalidTransition(_("Draft: already %(status)s.")
                                    % {"status": draft.get_status_display()})
        draft.status = Draft.Status.DISMISSED
        draft.decided_by, draft.decided_at = actor, timezone.now()
        draft.save(update_fields=["status", "decided_by", "decided_at"])


def source_of(record) -> Draft | None:
    """The confirmed draft (and so the ingested text) a record was created from."""
    from django.contrib.contenttypes.models import ContentType

    return (Draft.objects.filter(content_type=ContentType.objects.get_for_model(record),
                                 object_id=record.pk, status=Draft.Status.CONFIRMED)
            .select_related("text").first())
