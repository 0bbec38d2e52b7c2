"""Operation and login logs: entries of each kind, scope, search, export, read-only,
retention."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.assistance import services as assistance
from gonghui.audit.models import AuditEntry, Kind, ReadOnlyEntry
from gonghui.services import workflow
from gonghui.services.models import Item

from ..assistance.conftest import regions, register  # noqa: F401  (fixture)
from ..factories import make_id_number

PASSWORD = "pw-Secret-123"


def kinds(**filters) -> list[str]:
    return list(AuditEntry.objects.filter(**filters).order_by("id").values_list("kind", flat=True))


@pytest.mark.django_db
def test_login_failure_and_logout_are_logged_with_address(client, people):
    client.post("/login/", {"username": "county_officer", "password": "wrong"},
                REMOTE_ADDR="10.5.0.7")
    client.post("/login/", {"username": "county_officer", "password": PASSWORD},
                REMOTE_ADDR="10.5.0.7")
    client.post("/logout/", REMOTE_ADDR="10.5.0.7")
    entries = list(AuditEntry.objects.filter(actor_name="county_officer").order_by("id"))
    assert [e.kind for e in entries] == [Kind.LOGIN_FAILED, Kind.LOGIN, Kind.LOGOUT]
    assert {e.address for e in entries} == {"10.5.0.7"}
    assert all(e.actor == people.officer and e.union == people.officer.union for e in entries)
    assert all(len(e.request_id) == 32 for e in entries)


@pytest.mark.django_db
def test_unknown_user_failure_and_lockout_are_logged(client, people):
    for _ in range(5):
        client.post("/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="10.6.0.1")
    got = kinds(actor_name="nobody")  # axes signals the lockout inside the 5th failure
    assert sorted(got) == sorted([Kind.LOGIN_FAILED] * 5 + [Kind.LOCKED_OUT])
    assert AuditEntry.objects.filter(actor_name="nobody", union__isnull=False).count() == 0


@pytest.mark.django_db
def test_create_transition_and_export_are_logged(client, people, category):
    item = workflow.item_register(actor=people.officer, union=people.officer.union,
                                  kind=Item.Kind.PROBLEM, category=category, subject="欠薪")
    workflow.item_accept(item=item, actor=people.reviewer, version=item.version)
    created = AuditEntry.objects.get(kind=Kind.CREATE, object_type="services.Item")
    assert created.object_id == str(item.pk)
    assert created.actor is None  # no request: the service was called directly
    moved = AuditEntry.objects.get(kind=Kind.TRANSITION, object_id=str(item.pk))
    assert moved.actor == people.reviewer
    assert moved.summary == "accepted: registered → accepted"
    assert not AuditEntry.objects.filter(kind=Kind.CHANGE, object_type="services.Item").exists()

    client.force_login(people.officer)
    before = AuditEntry.objects.count()
    response = client.post(f"/items/{item.pk}/start/", {"version": 2}, REMOTE_ADDR="10.7.0.2")
    assert response.status_code in (200, 302)
    client.get("/items/export.xlsx", REMOTE_ADDR="10.7.0.2")
    export = AuditEntry.objects.get(kind=Kind.EXPORT)
    assert export.actor == people.officer and export.address == "10.7.0.2"
    assert export.summary == "export of the service list (1 rows)"
    assert AuditEntry.objects.count() == before + 1  # officer may not start: only the export


@pytest.mark.django_db
def test_reveal_export_and_change_of_assistance_are_logged(people, regions):  # noqa: F811
    number = make_id_number()
    file = register(people.wukang_officer, people.wukang_officer.union, id_number=number)
    value = assistance.reveal_sensitive(actor=people.wukang_reviewer, file=file,
                                        field="head_id_number", reason="核对身份")
    assert value == number
    reveal = AuditEntry.objects.get(kind=Kind.REVEAL)
    assert reveal.actor == people.wukang_reviewer
    assert reveal.object_id == str(file.pk)
    assert reveal.summary == "revealed identity number of hardship file; reason: 核对身份"
    assistance.log_export(actor=people.wukang_reviewer, what="hardship files", rows=3,
                          filters={"status": "in_file", "q": ""})
    export = AuditEntry.objects.get(kind=Kind.EXPORT, actor=people.wukang_reviewer)
    assert export.summary == "exported hardship files (3 rows); filters: status=in_file"
    # the full number is in no entry
    for e in AuditEntry.objects.all():
        assert number not in e.summary + e.object_repr


@pytest.mark.django_db
def test_logs_page_admins_only_and_in_scope(client, people):
    AuditEntry.objects.create(kind=Kind.LOGIN, actor=people.wukang_officer,
                              actor_name="wukang_officer", union=people.wukang_officer.union)
    AuditEntry.objects.create(kind=Kind.LOGIN, actor=people.other_officer,
                              actor_name="other_officer", union=people.other_officer.union)
    client.force_login(people.officer)
    assert client.get("/logs/").status_code == 403
    client.force_login(people.admin)
    page = client.get("/logs/?log=login").content.decode()
    assert "wukang_officer" in page
    assert "other_officer" not in page
    assert "county_admin" in page  # the admin's own login just now (force_login logs it)


@pytest.mark.django_db
def test_search_and_export_xlsx(client, people):
    AuditEntry.objects.create(kind=Kind.CHANGE, actor_name="wukang_officer",
                              union=people.wukang_officer.union, summary="changed visit")
    AuditEntry.objects.create(kind=Kind.CREATE, actor_name="wukang_officer",
                              union=people.wukang_officer.union, summary="created item")
    client.force_login(people.admin)
    page = client.get("/logs/", {"q": "visit", "log": "operation"}).content.decode()
    assert "changed visit" in page and "created item" not in page
    response = client.get("/logs/export.xlsx", {"q": "visit"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Time"
    assert [r[8] for r in rows[1:]] == ["changed visit"]
    logged = AuditEntry.objects.get(kind=Kind.EXPORT, object_type="audit.AuditEntry")
    assert logged.actor == people.admin and "1 log entries" in logged.summary
    # Dates whose local midnight is outside datetime's range used to be a 500: ignored.
    for params in ({"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}):
        page = client.get("/logs/", {"q": "visit", **params})
        assert page.status_code == 200 and "changed visit" in page.content.decode()
        assert client.get("/logs/export.xlsx", params).status_code == 200


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted(client, people):
    entry = AuditEntry.objects.create(kind=Kind.LOGIN, actor_name="x", summary="s",
                                      union=people.admin.union)
    entry.summary = "edited"
    with pytest.raises(ReadOnlyEntry):
        entry.save()
    with pytest.raises(ReadOnlyEntry):
        entry.delete()
    people.admin.is_superuser = True
    people.admin.is_staff = True
    people.admin.save()
    client.force_login(people.admin)
    url = f"/admin/audit/auditentry/{entry.pk}/change/"
    assert client.get(url).status_code == 200  # view only
    client.post(url, {"summary": "edited", "kind": "login"})
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "s"
    assert client.get("/admin/audit/auditentry/add/").status_code == 403


@pytest.mark.django_db
def test_prune_keeps_180_days(people):
    now = timezone.now()
    old = AuditEntry.objects.create(kind=Kind.LOGIN, actor_name="old")
    keep = AuditEntry.objects.create(kind=Kind.LOGIN, actor_name="keep")
    AuditEntry.objects.filter(pk=old.pk).update(at=now - dt.timedelta(days=181))
    AuditEntry.objects.filter(pk=keep.pk).update(at=now - dt.timedelta(days=179))
    with pytest.raises(CommandError, match="180"):
        call_command("prune_logs", days=30)
    assert AuditEntry.objects.filter(pk=old.pk).exists()
    out = io.StringIO()
    call_command("prune_logs", stdout=out)
    assert "deleted 1 log entries" in out.getvalue()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=keep.pk).exists()


@pytest.mark.django_db
def test_failed_logins_with_unknown_names_are_seen_by_the_root_admins(client, people, tree):
    """An unknown username has no union: the root union's admins see those entries (a
    password-spraying attempt is not invisible); a town's admin does not."""
    from gonghui.accounts.models import Role

    from ..factories import UserFactory

    client.post("/login/", {"username": "=HYPERLINK(1)", "password": "x"}, REMOTE_ADDR="10.7.0.1")
    client.force_login(people.admin)  # 德清县总工会 is the root of the test tree
    assert "=HYPERLINK(1)" in client.get("/logs/", {"log": "login"}).content.decode()
    town_admin = UserFactory(username="wukang_admin", role=Role.ADMIN, union=tree.wukang)
    client.force_login(town_admin)
    assert "=HYPERLINK(1)" not in client.get("/logs/", {"log": "login"}).content.decode()


@pytest.mark.django_db
def test_summaries_are_written_in_the_platform_language(client, people, category, settings):
    """A log is one record for every reader: written in Chinese (LANGUAGE_CODE) whatever
    the actor's language (fresh-eyes finding: English summaries in the Chinese UI)."""
    from gonghui.services import workflow as wf

    settings.LANGUAGE_CODE = "zh-hans"
    item = wf.item_register(actor=people.officer, union=people.officer.union,
                            kind="need", category=category, subject="食堂")
    wf.item_accept(item=item, actor=people.reviewer, version=1)
    client.post("/login/", {"username": "county_leader", "password": "wrong"})
    moved = AuditEntry.objects.get(kind=Kind.TRANSITION)
    assert moved.summary == "已受理：已登记 → 已受理"
    assert AuditEntry.objects.get(kind=Kind.LOGIN_FAILED).summary == "登录失败"
    client.force_login(people.admin)
    page = client.get("/logs/", {"kind": "transition"}).content.decode()
    assert "已受理：已登记 → 已受理" in page and "services.Item" not in page
