"""Draft records: proposals for the seed's blood drive and 德清 visits, nothing written
before confirmation, the confirmed record linked to its source, no re-proposal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError, InvalidTransition, PermissionDenied
from gonghui.events.models import Event
from gonghui.ingest.drafts import confirm, dismiss, ingest, source_of
from gonghui.ingest.models import Draft, IngestedText, VisitSummary

from .test_parsing import PAGE_DATE, seed_text


@pytest.fixture
def seed_ingested(people):
    return ingest(actor=people.officer, text=seed_text(), page_date=PAGE_DATE)


def test_seed_proposals(seed_ingested):
    drafts = list(seed_ingested.drafts.all())
    blood = next(d for d in drafts if d.payload.get("event_kind") == "blood_drive")
    assert blood.kind == Draft.Kind.EVENT and blood.article_index == 6
    assert blood.payload["figures"] == {"donors": 242, "blood_volume": 80000,
                                        "stem_cell_registrations": 15, "thank_you_letters": 200}
    assert blood.payload["name"] == "我为祖国献热血" and blood.payload["date"] == "2019-04-03"
    para = seed_ingested.analysis["articles"][6]["paragraphs"]
    sentences = [para[s["paragraph"]][s["start"]:s["end"]] for s in blood.spans]
    assert sentences[0] == "据统计,共有242人参加无偿献血,累计献血8万多毫升,15人参加造血干细胞登记。"
    visits = next(d for d in drafts if d.kind == Draft.Kind.VISIT_SUMMARY)
    assert visits.article_index == 7
    assert {k: visits.payload[k] for k in VisitSummary.COUNTS} == {
        "enterprises": 57, "households": 29, "difficulties": 26, "needs": 11,
        "resolved": 34, "escalated": 3}
    assert (visits.payload["period_from"], visits.payload["period_to"]) == ("2019-01-01", "2019-04-03")
    # nothing written before confirmation
    assert Event.objects.count() == 0 and VisitSummary.objects.count() == 0
    assert all(d.status == Draft.Status.PROPOSED for d in drafts)


def test_confirm_blood_drive_with_an_edit_links_the_source(seed_ingested, people):
    draft = seed_ingested.drafts.get(payload__event_kind="blood_drive")
    payload = dict(draft.payload, figures=dict(draft.payload["figures"], donors=240))
    event = confirm(actor=people.officer, draft=draft, payload=payload)
    assert event.kind == "blood_drive" and event.union == people.officer.union
    assert {f.metric: f.value for f in event.figures.all()} == {
        "donors": Decimal(240), "blood_volume": Decimal(80000),
        "stem_cell_registrations": Decimal(15), "thank_you_letters": Decimal(200)}
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CONFIRMED and draft.record == event
    assert source_of(event).text == seed_ingested
    with pytest.raises(InvalidTransition):
        confirm(actor=people.officer, draft=draft)
    assert Event.objects.count() == 1


def test_confirm_visit_summary(seed_ingested, people):
    draft = seed_ingested.drafts.get(kind=Draft.Kind.VISIT_SUMMARY)
    summary = confirm(actor=people.officer, draft=draft)
    assert (summary.enterprises, summary.households, summary.difficulties, summary.needs,
            summary.resolved, summary.escalated) == (57, 29, 26, 11, 34, 3)
    assert summary.period_from == dt.date(2019, 1, 1)
    assert source_of(summary).pk == draft.pk


def test_bad_edit_names_the_field_and_writes_nothing(seed_ingested, people):
    draft = seed_ingested.drafts.get(kind=Draft.Kind.VISIT_SUMMARY)
    with pytest.raises(DomainError, match="enterprises visited"):
        confirm(actor=people.officer, draft=draft, payload=dict(draft.payload, enterprises="x"))
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PROPOSED and VisitSummary.objects.count() == 0


def test_ingesting_twice_proposes_nothing_already_decided(seed_ingested, people):
    n = seed_ingested.drafts.count()
    blood = seed_ingested.drafts.get(payload__event_kind="blood_drive")
    confirm(actor=people.officer, draft=blood)
    dismiss(actor=people.officer, draft=seed_ingested.drafts.get(kind=Draft.Kind.VISIT_SUMMARY))
    again = ingest(actor=people.officer, text=seed_text(), page_date=PAGE_DATE)
    assert again.pk == seed_ingested.pk and IngestedText.objects.count() == 1
    assert again.drafts.count() == n
    assert Draft.objects.filter(payload__event_kind="blood_drive").count() == 1
    # the same article pasted in another text is not proposed again either
    other = ingest(actor=people.officer, text=seed_text() + "\n", page_date=PAGE_DATE)
    assert other.pk == seed_ingested.pk
    article = "“我为祖国献热血”\n\n" + seed_text().split("“我为祖国献热血”")[1].split("深化")[0]
    third = ingest(actor=people.officer, text=article, page_date=PAGE_DATE)
    assert third.pk != seed_ingested.pk and third.drafts.count() == 0


def test_scope_and_role(seed_ingested, people):
    draft = seed_ingested.drafts.get(payload__event_kind="blood_drive")
    with pytest.raises(PermissionDenied):
        confirm(actor=people.other_officer, draft=draft)
    with pytest.raises(PermissionDenied):
        confirm(actor=people.leader, draft=draft)
    with pytest.raises(PermissionDenied):
        ingest(actor=people.leader, text="近日,会议举行。")
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PROPOSED and Event.objects.count() == 0
    assert Draft.objects.visible_to(people.other_officer).count() == 0


def test_empty_text_refused(people):
    with pytest.raises(DomainError, match="Text"):
        ingest(actor=people.officer, text="   ")
    assert IngestedText.objects.count() == 0
