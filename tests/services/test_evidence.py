"""Close-out evidence (stored with its SHA-256) and follow-ups (回访): an unsatisfied one
reopens a resolved or closed item."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.services import workflow as wf
from gonghui.services.models import FollowUp, Item, ItemEvent

from .helpers import register, snapshot, walk

S = Item.Status
D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_evidence_is_stored_with_its_checksum_and_served_in_scope(client, people, tree, category,
                                                                  unit):
    item = walk(register(people, tree, category), S.RESOLVED, people, unit)
    body = "回执：已为职工子女办理入学。".encode()
    att = wf.attachment_add(item=item, actor=people.officer,
                            file=SimpleUploadedFile("回执.txt", body))
    assert (att.name, att.size, att.sha256) == ("回执.txt", len(body), hashlib.sha256(body).hexdigest())
    with att.file.open("rb") as fh:
        assert fh.read() == body
    ev = ItemEvent.objects.filter(item=item, action="attach").get()
    assert ev.data == {"file": "回执.txt", "sha256": att.sha256}
    client.force_login(people.reviewer)
    response = client.get(reverse("item_attachment", args=[item.pk, att.pk]))
    assert b"".join(response.streaming_content) == body
    client.force_login(people.other_officer)
    assert client.get(reverse("item_attachment", args=[item.pk, att.pk])).status_code == 404


def test_empty_evidence_is_refused(people, tree, category):
    item = register(people, tree, category)
    with pytest.raises(DomainError, match="File: the file is empty"):
        wf.attachment_add(item=item, actor=people.officer, file=SimpleUploadedFile("a.txt", b""))
    assert not item.attachments.exists()


@pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED])
def test_unsatisfied_follow_up_reopens(people, tree, category, unit, status):
    item = walk(register(people, tree, category), status, people, unit)
    follow = wf.item_follow_up(item=item, actor=people.reviewer, version=item.version,
                               date=D(2026, 3, 20), method="phone", satisfied=False,
                               comment="孩子仍未入园", today=D(2026, 3, 20))
    fresh = Item.objects.get(pk=item.pk)
    assert (fresh.status, fresh.outcome, fresh.resolved_at, fresh.closed_at, fresh.version) == (
        S.IN_PROGRESS, "", None, None, item.version + 1)
    assert (follow.satisfied, follow.method, follow.comment) == (False, "phone", "孩子仍未入园")
    ev = ItemEvent.objects.filter(item=item).order_by("-id").first()
    assert (ev.action, ev.from_status, ev.to_status, ev.note) == (
        "follow_up", status, S.IN_PROGRESS, "孩子仍未入园")


def test_satisfied_follow_up_changes_no_state(people, tree, category, unit):
    item = walk(register(people, tree, category), S.CLOSED, people, unit)
    wf.item_follow_up(item=item, actor=people.reviewer, version=item.version,
                      date=D(2026, 3, 20), method="visit", satisfied=True, today=D(2026, 3, 20))
    assert Item.objects.get(pk=item.pk).status == S.CLOSED
    assert FollowUp.objects.get().satisfied is True


def test_follow_up_refusals_change_nothing(people, tree, category, unit):
    item = walk(register(people, tree, category), S.RESOLVED, people, unit)
    before = snapshot(item)
    kwargs = dict(item=item, version=item.version, date=D(2026, 3, 20), method="phone",
                  today=D(2026, 3, 20))
    with pytest.raises(DomainError, match="Comment"):
        wf.item_follow_up(actor=people.reviewer, satisfied=False, **kwargs)
    with pytest.raises(DomainError, match="future"):
        wf.item_follow_up(actor=people.reviewer, satisfied=True,
                          **{**kwargs, "date": D(2026, 3, 21)})
    with pytest.raises(PermissionDenied):
        wf.item_follow_up(actor=people.officer, satisfied=False, comment="x", **kwargs)
    assert snapshot(item) == before
    assert not FollowUp.objects.exists()


# ------------------------------------------------------------- close-out needs evidence

NO_EVIDENCE = (
    "Close-out needs evidence: attach at least one evidence file (a photo or a document) "
    "or write an evidence statement saying how the result was verified."
)


@pytest.mark.parametrize("status", [S.RESOLVED, S.ESCALATED])
@pytest.mark.parametrize("statement", ["", "   "])
def test_close_out_without_evidence_is_refused(people, tree, category, unit, status, statement):
    item = walk(register(people, tree, category), status, people, unit)
    before = snapshot(item)
    with pytest.raises(DomainError) as info:
        wf.item_close(item=item, actor=people.reviewer, version=item.version,
                      satisfaction="满意", evidence_statement=statement)
    assert str(info.value) == NO_EVIDENCE
    assert snapshot(item) == before


def test_close_out_with_an_evidence_file(people, tree, category, unit):
    item = walk(register(people, tree, category), S.RESOLVED, people, unit)
    wf.attachment_add(item=item, actor=people.officer,
                      file=SimpleUploadedFile("入学通知书.jpg", b"\xff\xd8\xffphoto"))
    closed = wf.item_close(item=item, actor=people.reviewer, version=item.version)
    assert (closed.status, closed.evidence_statement) == (S.CLOSED, "")
    ev = ItemEvent.objects.filter(item=item).latest("id")
    assert (ev.action, ev.data) == ("close", {"evidence_files": 1})


def test_close_out_with_a_written_statement(people, tree, category, unit):
    item = walk(register(people, tree, category), S.ESCALATED, people, unit)
    closed = wf.item_close(item=item, actor=people.reviewer, version=item.version,
                           evidence_statement=" 已向湖州市总工会报送提交反映函，对方已签收 ")
    fresh = Item.objects.get(pk=item.pk)
    assert (closed.status, fresh.evidence_statement) == (S.CLOSED, "已向湖州市总工会报送提交反映函，对方已签收")
    ev = ItemEvent.objects.filter(item=item).latest("id")
    assert ev.data == {"evidence_files": 0,
                       "evidence_statement": "已向湖州市总工会报送提交反映函，对方已签收"}


def test_a_category_or_the_setting_may_waive_the_evidence(people, tree, category, unit, settings):
    category.evidence_required = False
    category.save()
    item = walk(register(people, tree, category), S.RESOLVED, people, unit)
    assert wf.item_close(item=item, actor=people.reviewer, version=item.version).status == S.CLOSED
    category.evidence_required = True
    category.save()
    settings.CLOSEOUT_EVIDENCE_REQUIRED = False
    other = walk(register(people, tree, category, "另一事项"), S.RESOLVED, people, unit)
    assert wf.item_close(item=other, actor=people.reviewer, version=other.version).status == S.CLOSED


def test_close_form_names_the_missing_evidence(client, people, tree, category, unit):
    item = walk(register(people, tree, category), S.RESOLVED, people, unit)
    people.reviewer.language = "en"
    people.reviewer.save()
    client.force_login(people.reviewer)
    before = snapshot(item)
    response = client.post(reverse("item_action", args=[item.pk, "close"]),
                           {"version": item.version, "satisfaction": "satisfied"})
    assert response.status_code == 200
    form = next(a["form"] for a in response.context["actions"] if a["name"] == "close")
    assert form.errors == {"evidence_statement": [NO_EVIDENCE]}
    assert snapshot(item) == before
    response = client.post(reverse("item_action", args=[item.pk, "close"]),
                           {"version": item.version, "satisfaction": "satisfied",
                            "evidence_statement": "电话回访家长，孩子已入园"}, follow=True)
    html = response.content.decode()
    assert Item.objects.get(pk=item.pk).status == S.CLOSED
    assert 'id="evidence-statement">电话回访家长，孩子已入园<' in html


@pytest.mark.parametrize(("name", "body", "message"), [
    ("evil.html", b"<p>hi</p>", "a .html file is not accepted"),
    ("evil.svg", b"<svg onload=alert(1)>", "a .svg file is not accepted"),
    ("scan.pdf", b"<!DOCTYPE html><html><script>x</script>", "a web page or markup"),
    ("scan.pdf", b"just text", "not a .pdf file"),
    ("photo.jpg", b"GIF89a...", "not a .jpg file"),
])  # fmt: skip
def test_evidence_that_a_browser_would_run_or_that_lies_about_its_type_is_refused(
        people, tree, category, unit, name, body, message):
    """Fresh-eyes finding: evil.html, evil.svg and an HTML page renamed .pdf satisfied the
    close-out evidence rule."""
    item = walk(register(people, tree, category), S.RESOLVED, people, unit)
    with pytest.raises(DomainError, match=message):
        wf.attachment_add(item=item, actor=people.officer, file=SimpleUploadedFile(name, body))
    assert not item.attachments.exists()
    wf.attachment_add(item=item, actor=people.officer,
                      file=SimpleUploadedFile("scan.pdf", b"%PDF-1.7 receipt"))
    wf.attachment_add(item=item, actor=people.officer,
                      file=SimpleUploadedFile("回执.txt", "已办结".encode()))
    assert item.attachments.count() == 2
