"""The pairing delegation drafted from the seed's 杭州 ↔ 恩施 piece: 22 volunteers, five
days ending on the page date (近日), leader 夏亚林, destination 恩施, linked to the
pairing in the officer's scope (or saying which pairing is missing), shown beside its
source sentences, edited and confirmed into a Delegation that links back to its text."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from gonghui.accounts.models import Role
from gonghui.core.errors import DomainError
from gonghui.ingest.drafts import confirm, ingest, source_of
from gonghui.ingest.models import Draft
from gonghui.orgs.models import Union
from gonghui.pairing.models import Delegation, Pairing
from tests.factories import UserFactory, add_union

from .test_parsing import PAGE_DATE, seed_text


@pytest.fixture
def east_west(db):
    """杭州市总工会 (with 下城区总工会 below) paired with 恩施州总工会; an officer of each
    side's tree and one of an unrelated union."""
    hz = add_union("杭州市总工会", level="city")
    xiacheng = add_union("下城区总工会", hz)
    es = add_union("恩施州总工会", level="city")
    other = add_union("温州市总工会", level="city")
    # re-read: adding roots re-orders the tree's paths
    hz, xiacheng, es, other = (Union.objects.get(pk=u.pk) for u in (hz, xiacheng, es, other))
    pairing = Pairing.objects.create(giver=hz, receiver=es, kind=Pairing.Kind.EAST_WEST,
                                     since=dt.date(2017, 1, 1))
    return SimpleNamespace(
        hz=hz, es=es, pairing=pairing,
        officer=UserFactory(username="hz_officer", role=Role.OFFICER, union=hz),
        xiacheng_officer=UserFactory(username="xc_officer", role=Role.OFFICER, union=xiacheng),
        other_officer=UserFactory(username="wz_officer", role=Role.OFFICER, union=other))


def _sentences(stored, draft):
    article = stored.analysis["articles"][draft.article_index]
    texts = []
    for s in draft.spans:
        para = article["headline"] if s["paragraph"] == -1 else article["paragraphs"][s["paragraph"]]
        texts.append(para[s["start"]:s["end"]])
    return texts


def test_seed_delegation_proposed_and_linked_to_the_pairing(east_west):
    stored = ingest(actor=east_west.officer, text=seed_text(), page_date=PAGE_DATE)
    draft = stored.drafts.get(kind=Draft.Kind.DELEGATION)
    assert draft.article_index == 0
    p = draft.payload
    assert (p["title"], p["leader"], p["volunteer_count"], p["days"], p["destination"]) == (
        "杭州市工会帮扶志愿者代表团", "夏亚林", 22, 5, "恩施")
    # 近日 against the page date 2019-04-03: five days ending on it
    assert (p["starts_on"], p["ends_on"], p["dates_from_text"], p["dates_rule"]) == (
        "2019-03-30", "2019-04-03", "近日", "near_date")
    assert (p["sending_union"], p["receiving_union"]) == ("杭州市总工会", "恩施州总工会")
    assert (p["pairing"], p["pairing_label"]) == (east_west.pairing.pk, "杭州市总工会 ↔ 恩施州总工会")
    sentences = _sentences(stored, draft)
    assert sentences[0].startswith("近日,在杭州市总工会对口帮扶点湖北省恩施州总工会的会议室内")
    assert "22名帮扶志愿者" in sentences[0]
    assert "5天的对口帮扶活动,让22名工会帮扶志愿者受益匪浅。" in sentences
    assert any(s.startswith("杭州市工会帮扶志愿者代表团团长、下城区总工会副主席夏亚林表示") for s in sentences)
    assert Delegation.objects.count() == 0  # nothing written before confirmation


def test_confirm_creates_the_delegation_with_its_headcount_and_source(east_west, client):
    stored = ingest(actor=east_west.officer, text=seed_text(), page_date=PAGE_DATE)
    draft = stored.drafts.get(kind=Draft.Kind.DELEGATION)
    delegation = confirm(actor=east_west.officer, draft=draft,
                         payload=dict(draft.payload, starts_on="2019-03-29", ends_on="2019-04-02"))
    delegation.refresh_from_db()
    assert (delegation.pairing, delegation.title, delegation.leader, delegation.volunteer_count,
            delegation.destination) == (east_west.pairing, "杭州市工会帮扶志愿者代表团", "夏亚林", 22, "恩施")
    assert (delegation.starts_on, delegation.ends_on, delegation.days) == (
        dt.date(2019, 3, 29), dt.date(2019, 4, 2), 5)
    assert source_of(delegation) == Draft.objects.get(pk=draft.pk)
    client.force_login(east_west.officer)
    html = client.get(f"/pairing/delegations/{delegation.pk}/").content.decode()
    assert f'href="/ingest/{stored.pk}/#draft-{draft.pk}" data-source-link' in html
    # the same text again proposes nothing already confirmed
    again = ingest(actor=east_west.officer, text=seed_text(), page_date=PAGE_DATE)
    assert again.drafts.filter(kind=Draft.Kind.DELEGATION).count() == 1


def test_without_a_pairing_in_scope_the_draft_says_which_and_cannot_be_confirmed(people, client):
    stored = ingest(actor=people.officer, text=seed_text(), page_date=PAGE_DATE)
    draft = stored.drafts.get(kind=Draft.Kind.DELEGATION)
    assert draft.payload["pairing"] is None and draft.payload["volunteer_count"] == 22
    with pytest.raises(DomainError, match="Pairing: choose the pairing .*杭州市总工会 ↔ 恩施州总工会"):
        confirm(actor=people.officer, draft=draft)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PROPOSED and Delegation.objects.count() == 0
    client.force_login(people.officer)
    page = client.get(f"/ingest/{stored.pk}/").content.decode()
    assert "No pairing 杭州市总工会 ↔ 恩施州总工会 in your scope" in page
    # the source sentences are highlighted for this draft, the headline too
    assert f'<mark data-draft="{draft.pk}">5天的对口帮扶活动,让22名工会帮扶志愿者受益匪浅。</mark>' in page
    assert f'<mark data-draft="{draft.pk}">杭州市工会帮扶志愿者代表团走进恩施' in page


def test_edit_choose_the_pairing_and_confirm_on_the_page(east_west, client):
    client.force_login(east_west.xiacheng_officer)
    resp = client.post("/ingest/", {"page_date": "2019-04-03", "text": seed_text()})
    draft = Draft.objects.get(kind=Draft.Kind.DELEGATION)
    assert draft.payload["pairing"] == east_west.pairing.pk  # 下城 sees its city's pairing
    page = client.get(resp.url).content.decode()
    assert f'<option value="{east_west.pairing.pk}" selected>' in page
    assert "the page date 2019-04-03 taken as the last day" in page
    p = f"d{draft.pk}"
    post = {f"{p}-pairing": east_west.pairing.pk, f"{p}-title": "杭州市工会帮扶志愿者代表团赴恩施",
            f"{p}-leader": "夏亚林", f"{p}-starts_on": "2019-03-30", f"{p}-ends_on": "2019-04-03",
            f"{p}-destination": "恩施州", f"{p}-volunteer_count": "21"}
    resp = client.post(f"/ingest/drafts/{draft.pk}/confirm/", post)
    assert resp.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.title, delegation.volunteer_count, delegation.destination) == (
        "杭州市工会帮扶志愿者代表团赴恩施", 21, "恩施州")
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CONFIRMED and draft.payload["volunteer_count"] == 21
    page = client.get(f"/ingest/{draft.text_id}/").content.decode()
    assert f'href="/pairing/delegations/{delegation.pk}/" data-record-link' in page


def test_a_pairing_outside_scope_is_refused(east_west):
    stored = ingest(actor=east_west.other_officer, text=seed_text(), page_date=PAGE_DATE)
    draft = stored.drafts.get(kind=Draft.Kind.DELEGATION)
    assert draft.payload["pairing"] is None  # 温州 cannot see 杭州 ↔ 恩施
    with pytest.raises(DomainError, match="outside your scope"):
        confirm(actor=east_west.other_officer, draft=draft,
                payload=dict(draft.payload, pairing=east_west.pairing.pk))
    assert Delegation.objects.count() == 0


def test_without_page_date_the_dates_are_left_to_the_officer(east_west):
    stored = ingest(actor=east_west.officer, text=seed_text())
    draft = stored.drafts.get(kind=Draft.Kind.DELEGATION)
    p = draft.payload
    assert (p["starts_on"], p["ends_on"], p["dates_rule"], p["volunteer_count"]) == (
        None, None, "unresolved", 22)
    with pytest.raises(DomainError, match="From: required"):
        confirm(actor=east_west.officer, draft=draft)
    assert Delegation.objects.count() == 0
    delegation = confirm(actor=east_west.officer, draft=draft,
                         payload=dict(p, starts_on="2019-03-25", ends_on="2019-03-29"))
    assert delegation.days == 5
