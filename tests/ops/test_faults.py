"""Fault tests: a database error in the middle of a transition leaves nothing
half-written (item, event and log entry all rolled back)."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from gonghui.audit.models import AuditEntry, Kind
from gonghui.services import workflow
from gonghui.services.models import Item, ItemEvent


@pytest.mark.django_db
def test_database_error_mid_transition_writes_nothing(people, category, monkeypatch):
    item = workflow.item_register(actor=people.officer, union=people.officer.union,
                                  kind=Item.Kind.PROBLEM, category=category, subject="欠薪")
    events_before = ItemEvent.objects.count()
    log_before = AuditEntry.objects.count()

    def fail(*args, **kwargs):  # the item row is already saved when this runs
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ItemEvent.objects, "create", fail)
    with pytest.raises(OperationalError):
        workflow.item_accept(item=item, actor=people.reviewer, version=item.version)
    monkeypatch.undo()
    item.refresh_from_db()
    assert (item.status, item.version) == (Item.Status.REGISTERED, 1)
    assert ItemEvent.objects.count() == events_before
    assert AuditEntry.objects.count() == log_before
    assert not item.history.filter(status=Item.Status.ACCEPTED).exists()
    # and the same transition succeeds afterwards
    workflow.item_accept(item=item, actor=people.reviewer, version=1)
    item.refresh_from_db()
    assert item.status == Item.Status.ACCEPTED
    assert AuditEntry.objects.filter(kind=Kind.TRANSITION, object_id=str(item.pk)).count() == 1


@pytest.mark.django_db
def test_database_down_while_loading_the_user_gives_503_not_500(client, people, settings,
                                                                monkeypatch):
    """The database fails in a middleware (loading the session's user), before any view:
    handler500 answers with the same 503 page instead of a server error."""
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(people.officer)

    def down(request):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.contrib.auth.middleware.auth.get_user", down)
    response = client.get("/items/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"Service unavailable" in response.content


@pytest.mark.django_db
def test_other_errors_still_give_500(client, people, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(people.officer)

    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr("django.contrib.auth.middleware.auth.get_user", broken)
    assert client.get("/items/").status_code == 500



@pytest.mark.django_db
@pytest.mark.parametrize("reachable, status", [(False, 503), (True, 400)])
def test_session_lost_to_an_outage_gives_503_not_400(client, people, settings, monkeypatch,
                                                     reachable, status):
    """Saving the session while the database is down makes Django's session middleware
    raise SessionInterrupted (a 400); during an outage that is the 503 page (seen in the
    PostgreSQL restart test). With the database up it stays a 400."""
    from django.contrib.sessions.backends.base import UpdateError

    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(people.officer)

    def save_fails(self, must_create=False):
        raise UpdateError

    # The first page after logging in stamps the session's renewal time and saves it
    # (accounts.middleware.SessionIdleRenewMiddleware)
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    monkeypatch.setattr(store, "save", save_fails)
    monkeypatch.setattr("gonghui.core.views._database_reachable", lambda: reachable)
    response = client.get("/items/")
    assert response.status_code == status
    if status == 503:
        assert response["Retry-After"] == "10"
