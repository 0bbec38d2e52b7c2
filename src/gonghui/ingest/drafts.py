"""Draft records proposed from ingested articles, and the officer's decisions on them.

:func:`propose` reads one analysed article (plain data) and proposes the records it
describes: a blood-drive (or culture, meeting, commemoration) :class:`~gonghui.events.
models.Event` with its measured figures, a :class:`~gonghui.ingest.models.VisitSummary`
of a campaign's visit statistics, or a pairing :class:`~gonghui.pairing.models.
Delegation` (title, dates, leader, volunteer headcount, destination). :func:`ingest`
stores the text and its proposals, linking a delegation to the matching pairing in the
officer's scope when there is one; nothing else is written until :func:`confirm` creates
the record (through :func:`gonghui.events.services.event_create` for events and
:func:`gonghui.pairing.services.delegation_record` for delegations) and links it to the
draft, and so to its source text. A proposal whose fingerprint (kind, headline, proposed
payload) was already confirmed or dismissed in the union is not proposed again, nor one
describing a record the union already has (:func:`recorded_match`: same kind, date and
figures; decision 0029), which the text page links as already recorded.
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
    while s < start and paragraph[s] in "”’」":  # 。”|杭州市… : the quote closes the sentence before
        s += 1
    e = end
    while e < len(paragraph) and paragraph[e] not in SENTENCE_END:
        e += 1
    if e < len(paragraph):
        e += 1
        while e < len(paragraph) and paragraph[e] in "”’」":
            e += 1
    return s, e


def _spans(article: dict, figures: list[dict]) -> list[dict]:
    """The sentences (``{"paragraph", "start", "end"}``) holding each of ``figures``
    (anything with ``paragraph``, ``start`` and ``end``), each once, in order given."""
    out: list[dict] = []
    for f in figures:
        para = article["headline"] if f["paragraph"] == -1 else article["paragraphs"][f["paragraph"]]
        s, e = _sentence_span(para, f["start"], f["end"])
        span = {"paragraph": f["paragraph"], "start": s, "end": e}
        if span not in out:
            out.append(span)
    return out


CLAUSE_END = "，,。；;！？!?"


def _clause_after(article: dict, fig: dict) -> str:
    """The rest of the clause after figure ``fig`` (86名职工|参加献血，… → 参加献血): what
    the counted persons did."""
    para = article["headline"] if fig["paragraph"] == -1 else article["paragraphs"][fig["paragraph"]]
    end = fig["end"]
    stop = end
    while stop < len(para) and para[stop] not in CLAUSE_END:
        stop += 1
    return para[end:stop]


def _event_metric(fig: dict, after: str = "") -> str | None:
    """The event metric of figure ``fig`` read from its counted thing and, for persons,
    what they did in the rest of the clause (``after``): 86名职工参加献血 → donors,
    9名职工登记加入中华骨髓库 → stem-cell registrations."""
    thing, unit = fig["thing"], fig["unit"]
    if unit == "mL":
        return "blood_volume"
    if unit == "letters":
        return "thank_you_letters"
    if unit == "persons":
        if any(w in thing + after for w in ("造血干细胞", "骨髓")):
            return "stem_cell_registrations"
        if "献血" in thing + after:
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
        done, _de, _counted = thing.rpartition("的")  # 解决的具体需求: resolved needs
        if "解决" in done or (not done and "解决" in thing and "需求" not in thing):
            return "resolved"
        if "提交" in done or "反映" in done or (not done and ("提交" in thing or "反映" in thing)):
            return "escalated"
        if "需求" in thing:
            return "needs"
    return None


def _article_date(article: dict, page_date: str | None) -> str | None:
    """The day an event article's event took place (ISO): the first day it names, with
    or without the year (``2019年4月3日``; ``11月20日`` resolved against the page date), or a
    near date (近日, 当天) as the page date; else the page date."""
    for d in article["dates"]:
        if d["kind"] == "relative" and d["date_to"] and d["text"] in ("近日", "日前", "近期", "当日", "当天"):
            return page_date or d["date_to"]
        if (d["date_from"] and d["date_from"] == d["date_to"]
                and d["text"] not in ("今天", "今日", "目前")):
            return d["date_from"]  # 2019年4月3日, 11月20日, 去年12月5日, 昨天
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
            metric = _event_metric(fig, _clause_after(article, fig))
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
    elif kind == "delegation":
        proposal = _propose_delegation(article)
        if proposal:
            proposals.append(proposal)
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


# Verbs before the place a delegation went to (走进恩施, 赴恩施州).
_TRAVEL_VERBS = ("走进", "赴", "前往", "来到", "奔赴", "到达", "深入")
_NEAR_DATES = ("近日", "日前", "近期", "当日", "当天", "连日来")


def _destination(article: dict) -> tuple[str, dict | None]:
    """The place a delegation went to, read after a travel verb in the headline or the
    body (杭州市工会帮扶志愿者代表团走进恩施 → 恩施), and where it was read."""
    from .segment import tokens

    parts = [(-1, article["headline"])] + list(enumerate(article["paragraphs"]))
    for index, text in parts:
        words = tokens(text)
        for k, (word, _flag, start) in enumerate(words):
            if word not in _TRAVEL_VERBS:
                continue
            place = ""
            for w, f, _s in words[k + 1:]:
                if f.startswith(("n", "j")) and len(place + w) <= 20:
                    place += w  # 恩施, 恩施州, 湖北省恩施州
                    continue
                break
            if place:
                return place, {"paragraph": index, "start": start, "end": start + len(word) + len(place)}
    return "", None


def _leader(article: dict) -> tuple[str, dict | None]:
    """The delegation's leader: the first person's name after 团长 or 领队 in the same
    clause (代表团团长、下城区总工会副主席夏亚林表示 → 夏亚林), or before 带队; and where."""
    from .segment import tokens

    for index, text in enumerate(article["paragraphs"]):
        words = tokens(text)
        for k, (word, _flag, _start) in enumerate(words):
            if word.endswith(("团长", "领队")):
                for w, f, s in words[k + 1:k + 12]:
                    if w in "，,。；;！？!?":
                        break
                    if f == "nr" and 2 <= len(w) <= 3:
                        return w, {"paragraph": index, "start": s, "end": s + len(w)}
            if word == "带队":
                for w, f, s in reversed(words[max(0, k - 4):k]):
                    if f == "nr" and 2 <= len(w) <= 3:
                        return w, {"paragraph": index, "start": s, "end": s + len(w)}
    return "", None


def _union_sides(article: dict, destination: str) -> tuple[str, str]:
    """``(sending union, receiving union)`` as written: the receiving one is the first
    union whose name holds the destination (恩施州总工会), the sending one the first
    other 总工会 (杭州市总工会)."""
    unions = [o["name"] for o in article["organisations"] if o["name"].endswith("总工会")]
    receiving = ""
    if destination:
        here = [n for n in unions if destination[:2] in n]
        receiving = min(here, key=len) if here else ""
    sending = next((n for n in unions if n != receiving and not (receiving and n.endswith(receiving))
                    and not (destination and destination[:2] in n)), "")
    return sending, receiving


def _delegation_dates(article: dict, days: int | None) -> tuple[str | None, str | None, str, str]:
    """``(starts_on, ends_on, read_from, rule)``: a day the article names (3月25日) is
    the first day (rule ``named_day``); a near date (近日, resolved against the page
    date) ends the trip on its last day, the page date (rule ``near_date``); ``days``
    (5天的对口帮扶活动) gives the other end. ``read_from`` is the date as written (``""``
    when none); both dates are ``None`` when it could not be resolved (a near date and
    no page date)."""
    span = (days or 1) - 1
    for d in article["dates"]:
        if d["kind"] == "absolute" and d["date_from"] and d["date_from"] == d["date_to"]:
            start = dt.date.fromisoformat(d["date_from"])
            return (start.isoformat(), (start + dt.timedelta(days=span)).isoformat(), d["text"],
                    "named_day")
    for d in article["dates"]:
        if d["kind"] == "relative" and d["text"] in _NEAR_DATES:
            if not d["date_to"]:
                return None, None, d["text"], "unresolved"
            end = dt.date.fromisoformat(d["date_to"])
            return (end - dt.timedelta(days=span)).isoformat(), end.isoformat(), d["text"], "near_date"
    return None, None, "", ""


def _propose_delegation(article: dict) -> dict | None:
    """A pairing delegation proposed from ``article`` (kind ``delegation``): its
    headcount of volunteers (22名帮扶志愿者), days, dates, leader, destination and the
    two unions as written; ``None`` when the article names no volunteers and no
    delegation (代表团)."""
    figures = article["figures"]
    volunteers = next((f for f in figures if f["unit"] == "persons"
                       and any(w in f["thing"] for w in ("志愿者", "队员", "团员"))), None)
    days_fig = next((f for f in figures if f["unit"] == "days"), None)
    named = next((o for o in article["organisations"] if o["name"].endswith("代表团")), None)
    if volunteers is None and named is None:
        return None
    days = int(days_fig["value"]) if days_fig else None
    starts_on, ends_on, read_from, rule = _delegation_dates(article, days)
    destination, dest_span = _destination(article)
    leader, leader_span = _leader(article)
    sending, receiving = _union_sides(article, destination)
    used = [f for f in (volunteers, days_fig) if f]
    used += [s for s in (leader_span, dest_span) if s]
    used += [d for d in article["dates"] if d["text"] in _NEAR_DATES][:1]
    return {
        "kind": Draft.Kind.DELEGATION,
        "payload": {"title": (named["name"] if named else _clean_name(article["headline"]))[:150],
                    "leader": leader, "starts_on": starts_on, "ends_on": ends_on, "days": days,
                    "dates_from_text": read_from, "dates_rule": rule, "destination": destination,
                    "volunteer_count": int(volunteers["value"]) if volunteers else None,
                    "sending_union": sending, "receiving_union": receiving},
        "spans": _spans(article, used),
    }


def find_pairing(actor: User, payload: dict, article: dict):
    """The :class:`~gonghui.pairing.models.Pairing` in ``actor``'s scope between the
    delegation's two unions, either way round, or ``None`` when there is none or more
    than one. A union is one of the two when the name as written is its name (or ends
    with it, or it ends with the name), or when the article's organisation of that name
    was matched to it."""
    from gonghui.pairing.models import Pairing

    from .entities import _match

    matched = {o["name"]: o["match_id"] for o in article["organisations"]
               if o.get("match_kind") == "union" and o.get("match_id")}
    sending, receiving = payload.get("sending_union") or "", payload.get("receiving_union") or ""

    def side(union, written: str) -> bool:
        return bool(written) and (matched.get(written) == union.pk
                                  or _match(written, {union.name: ("union", union.pk)}) is not None)

    found = [p for p in Pairing.objects.visible_to(actor).select_related("giver", "receiver")
             if (side(p.giver, sending) and side(p.receiver, receiving))
             or (side(p.receiver, sending) and side(p.giver, receiving))]
    return found[0] if len(found) == 1 else None


def fingerprint(kind: str, headline: str, payload: dict) -> str:
    """SHA-256 of the kind, headline and proposed payload (the same article proposed
    again has the same fingerprint)."""
    data = json.dumps([kind, headline, payload], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def recorded_match(union, proposal: dict):
    """The record in ``union`` that ``proposal`` (from :func:`propose`) describes
    already, or ``None``: an event of the same kind and date with the same figures, or
    visit statistics with the same counts over the same period (an end of the period
    missing on either side, as in a text pasted without its page date, matches any). Delegations are matched by fingerprint only."""
    from decimal import Decimal

    payload = proposal["payload"]
    if proposal["kind"] == Draft.Kind.EVENT:
        from gonghui.events.models import Event

        if not payload.get("date"):
            return None
        wanted = {m: Decimal(str(v)) for m, v in (payload.get("figures") or {}).items()}
        for event in (Event.objects.filter(union=union, kind=payload.get("event_kind"),
                                           date=payload["date"]).prefetch_related("figures")):
            if {f.metric: f.value for f in event.figures.all()} == wanted:
                return event
        return None
    if proposal["kind"] == Draft.Kind.VISIT_SUMMARY:
        counts = {f: payload.get(f) for f in VisitSummary.COUNTS}
        for summary in VisitSummary.objects.filter(union=union, **counts):
            if all(not payload.get(f) or not getattr(summary, f)
                   or _iso(getattr(summary, f)) == payload[f] for f in ("period_from", "period_to")):
                return summary
    return None


def already_recorded(stored: IngestedText) -> dict[int, list]:
    """Article index -> the records (events, visit statistics) that the article's
    proposals describe already and that were therefore not proposed again."""
    date_iso = _iso(stored.page_date)
    fingerprints = set(stored.drafts.values_list("fingerprint", flat=True))
    out: dict[int, list] = {}
    for article in stored.analysis.get("articles", []):
        if article["kind"] not in EVENT_KINDS and article["kind"] != "visits":
            continue
        for proposal in propose(article, date_iso):
            if fingerprint(proposal["kind"], article["headline"], proposal["payload"]) in fingerprints:
                continue
            record = recorded_match(stored.union, proposal)
            if record is not None:
                out.setdefault(article["index"], []).append(record)
    return out


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
                if recorded_match(actor.union, proposal) is not None:
                    continue  # the text page says "already recorded" with a link
                payload = proposal["payload"]
                if proposal["kind"] == Draft.Kind.DELEGATION:  # after the fingerprint
                    pairing = find_pairing(actor, payload, article)
                    payload = dict(payload, pairing=pairing.pk if pairing else None,
                                   pairing_label=str(pairing) if pairing else "")
                Draft.objects.create(text=stored, article_index=article["index"],
                                     headline=article["headline"][:200], kind=proposal["kind"],
                                     payload=payload, spans=proposal["spans"],
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
        elif draft.kind == Draft.Kind.DELEGATION:
            record = _confirm_delegation(actor, draft, data)
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


def missing_pairing(payload: dict) -> str:
    """The pairing a delegation draft needs, as written (``杭州市总工会 ↔ 恩施州总工会``)."""
    sides = [payload.get("sending_union") or "?", payload.get("receiving_union") or "?"]
    return " ↔ ".join(sides)


def _confirm_delegation(actor: User, draft: Draft, data: dict):
    """Record the delegation ``data`` describes, with its reported headcount
    (``volunteer_count``, persons), through the pairing services; raises ``DomainError``
    naming the field (the pairing first: a delegation cannot be recorded until one is
    chosen)."""
    from gonghui.pairing.models import Pairing
    from gonghui.pairing.services import delegation_record

    if not data.get("pairing"):
        raise DomainError(_("Pairing: choose the pairing of this delegation (%(pairing)s is not "
                            "in your scope).") % {"pairing": missing_pairing(data)})
    pairing = Pairing.objects.visible_to(actor).filter(pk=_int(data.get("pairing"), _("Pairing"))).first()
    if pairing is None:
        raise DomainError(_("Pairing: this pairing does not exist or is outside your scope."))
    return delegation_record(
        actor=actor, pairing=pairing, title=data.get("title") or "", leader=data.get("leader") or "",
        starts_on=_date(data.get("starts_on"), _("From"), True),
        ends_on=_date(data.get("ends_on"), _("To"), True),
        destination=(data.get("destination") or "")[:100],
        volunteer_count=_int(data.get("volunteer_count"), _("Volunteers (headcount)")),
        notes=_("From ingested text: %(headline)s") % {"headline": draft.headline})


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
