"""The SMS adapter of the reminders, against a fake HTTP SMS gateway on 127.0.0.1: the exact
text and recipient of a due-soon and an overdue reminder; a gateway failure leaves the
in-app reminder in place, breaks nothing, is logged without the number and is not
retried in a storm. The mobile number itself is encrypted at rest and shown masked."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Union
from gonghui.orgs.validators import validate_mobile
from gonghui.services import workflow as wf
from gonghui.services.models import Item, Notification, Reminder
from gonghui.services.notify import SmsBackend

from ..factories import ResponsibleUnitFactory, UserFactory, add_union

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
TOWN_MOBILE = "13800001234"
COUNTY_MOBILE = "13900005678"


class Gateway:
    """A fake SMS gateway: records each POST (path, headers, JSON body) and answers
    ``status`` after ``delay`` seconds."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append({"path": self.path, "headers": dict(self.headers),
                                         "body": json.loads(body)})
                time.sleep(gateway.delay)
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"code":"OK"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def bodies(self) -> list[dict]:
        return [r["body"] for r in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    gw = Gateway()
    settings.GONGHUI_NOTIFY_BACKENDS = ["gonghui.services.notify.InAppBackend",
                                        "gonghui.services.notify.SmsBackend"]
    settings.SMS_GATEWAY_URL = gw.url
    settings.SMS_API_KEY = "test-key-1"
    settings.SMS_SIGN_NAME = "德清县总工会"
    settings.SMS_TEMPLATE_ID = "SMS_REMIND_01"
    settings.SMS_TIMEOUT = 2
    settings.SMS_PAUSE = 300
    SmsBackend.reset()
    yield gw
    SmsBackend.reset()
    gw.close()


@pytest.fixture
def chain(db, category, settings):
    """湖州市总工会 > 德清县总工会 > 武康街道总工会; a county item assigned to the town,
    due Tuesday 10 March 2026. The town officer and the county reviewer have mobiles."""
    settings.REMIND_DUE_SOON_DAYS = 3
    settings.SUPERVISION_DELAY_DAYS = 2
    city = add_union("湖州市总工会", level=Union.Level.CITY)
    county = add_union("德清县总工会", city)
    town = add_union("武康街道总工会", county, level=Union.Level.TOWN)
    officer = UserFactory(role=Role.OFFICER, union=town, mobile=TOWN_MOBILE)
    reviewer = UserFactory(role=Role.REVIEWER, union=county, mobile=COUNTY_MOBILE)
    UserFactory(role=Role.REVIEWER, union=town)  # no mobile: in-app only
    unit = ResponsibleUnitFactory(name="武康街道总工会", kind="union", union=town, owner=county)
    item = wf.item_register(actor=reviewer, union=Union.objects.get(pk=county.pk),
                            kind=Item.Kind.NEED, category=category, subject="职工食堂改造")
    item = wf.item_accept(item=item, actor=reviewer, version=1)
    item = wf.item_assign(item=item, actor=reviewer, version=2, unit=unit,
                          deadline=D(2026, 3, 10), today=D(2026, 3, 2))
    return item, officer, reviewer


def run(day: dt.date, capture) -> str:
    """``gonghui remind`` at 08:00 on ``day``, with the after-commit deliveries run."""
    out = StringIO()
    with capture(execute=True), time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 8, tzinfo=SHANGHAI), tick=False
    ):
        call_command("remind", stdout=out)
    return out.getvalue().strip()


def test_due_soon_and_overdue_reminders_by_sms(gateway, chain, django_capture_on_commit_callbacks):
    item, officer, reviewer = chain
    assert run(D(2026, 3, 5), django_capture_on_commit_callbacks).startswith("due_soon=1")
    assert gateway.bodies() == [{
        "to": TOWN_MOBILE,
        "sign_name": "德清县总工会",
        "template_id": "SMS_REMIND_01",
        "params": {"item": str(item.pk), "subject": "职工食堂改造", "deadline": "2026-03-10",
                   "kind": "due_soon"},
        "text": f"Item #{item.pk} 职工食堂改造 is due on 2026-03-10 (3 working days left).",
    }]
    request = gateway.requests[0]
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Bearer test-key-1"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert run(D(2026, 3, 11), django_capture_on_commit_callbacks).startswith(
        "due_soon=0 overdue=1")
    overdue = f"Item #{item.pk} 职工食堂改造 is overdue: the deadline was 2026-03-10."
    assert [(b["to"], b["params"]["kind"], b["text"]) for b in gateway.bodies()[1:]] == [
        (TOWN_MOBILE, "overdue", overdue), (COUNTY_MOBILE, "overdue", overdue)]
    # The in-app inbox has the same messages; a run again sends nothing more.
    assert list(Notification.objects.filter(user=officer).order_by("id")
                .values_list("message", flat=True))[-1] == overdue
    run(D(2026, 3, 11), django_capture_on_commit_callbacks)
    assert len(gateway.requests) == 3


@pytest.mark.parametrize("failure", ["http_503", "refused", "timeout"])
def test_a_gateway_failure_keeps_the_in_app_reminder(gateway, chain, caplog, settings, failure,
                                                     django_capture_on_commit_callbacks):
    item, officer, reviewer = chain
    if failure == "http_503":
        gateway.status = 503
    elif failure == "refused":
        settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms/send"  # discard port: nobody there
    else:
        gateway.delay, settings.SMS_TIMEOUT = 1.0, 0.2
    with caplog.at_level(logging.WARNING, logger="gonghui.notify"):
        out = run(D(2026, 3, 11), django_capture_on_commit_callbacks)
    assert out == "due_soon=0 overdue=1 supervision=0 already_recorded=0"
    reminder = Reminder.objects.get(item=item)
    assert reminder.kind == "overdue"
    expected = f"Item #{item.pk} 职工食堂改造 is overdue: the deadline was 2026-03-10."
    assert list(Notification.objects.filter(reminder=reminder).order_by("user_id")
                .values_list("user_id", "message")) == sorted(
        [(officer.pk, expected), (reviewer.pk, expected),
         (User.objects.get(role=Role.REVIEWER, union__name="武康街道总工会").pk, expected)])
    # One attempt, then the gateway is left alone: the county reviewer's text is skipped,
    # not tried again (no storm of timeouts).
    assert len(gateway.requests) == (0 if failure == "refused" else 1)
    logged = [r.getMessage() for r in caplog.records if r.name == "gonghui.notify"]
    assert logged[0].startswith(f"SMS to user {officer.pk} for item {item.pk} not delivered: ")
    assert logged[1] == (f"SMS to user {reviewer.pk} for item {item.pk} skipped: the gateway "
                         "failed recently")
    assert not any(TOWN_MOBILE in m or COUNTY_MOBILE in m for m in caplog.text.splitlines())


def test_without_the_setting_no_text_is_sent(chain, settings, django_capture_on_commit_callbacks):
    gw = Gateway()
    try:
        settings.SMS_GATEWAY_URL = gw.url  # configured, but the backend is not listed
        run(D(2026, 3, 5), django_capture_on_commit_callbacks)
        assert gw.requests == []
        assert Notification.objects.count() == 2  # town officer and town reviewer, in-app
    finally:
        gw.close()


def test_the_mobile_is_encrypted_validated_and_masked(chain, client):
    _item, officer, _reviewer = chain
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile FROM accounts_user WHERE id = %s", [officer.pk])
        stored = cursor.fetchone()[0]
    assert TOWN_MOBILE not in stored and stored.startswith("gAAAA")  # a Fernet token
    assert User.objects.get(pk=officer.pk).mobile == TOWN_MOBILE
    assert officer.mobile_masked == "138****1234"
    assert validate_mobile("+86 139-0000-5678") == "13900005678"
    assert validate_mobile("１３８００００１２３４") == "13800001234"
    for bad in ("1380000123", "23800001234", "138000012345"):
        with pytest.raises(ValidationError, match="11 digits starting with 13 to 19"):
            validate_mobile(bad)
    # The admin page shows the number masked and never sends it back whole.
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, union=None)
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_change", args=[officer.pk])).content.decode()
    assert "138****1234" in page and TOWN_MOBILE not in page
