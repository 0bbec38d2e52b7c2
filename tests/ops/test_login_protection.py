"""Login protection: lockout per account and per address, password rules, idle session
timeout, content security policy without inline scripts, TOTP for admins."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "pw-Secret-123"
SRC = Path(__file__).resolve().parents[2] / "src" / "gonghui"


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.django_db
def test_right_password_logs_in(client, people):
    response = login(client, "county_officer", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_account_locked_after_failures_from_many_addresses(client, people, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for i in range(4):
        assert login(client, "county_officer", "wrong", ip=f"10.1.0.{i}").status_code == 200
    locked = login(client, "county_officer", "wrong", ip="10.1.0.9")
    assert locked.status_code == 429
    # now even the right password from a fresh address is refused
    again = login(client, "county_officer", PASSWORD, ip="10.9.9.9")
    assert again.status_code == 429
    assert b"Too many failed logins" in again.content
    assert not logged_in(client)
    # another account from another address is not affected
    assert login(client, "county_reviewer", PASSWORD, ip="10.2.0.1").status_code == 302


@pytest.mark.django_db
def test_address_locked_after_failures_on_many_accounts(client, people, settings):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 30
    for i in range(29):
        login(client, f"a{i}", "wrong", ip="10.3.0.1")
    assert login(client, "county_leader", PASSWORD, ip="10.3.0.1").status_code == 302
    client.logout()
    login(client, "a29", "wrong", ip="10.3.0.1")  # the 30th failure from the address
    refused = login(client, "county_leader", PASSWORD, ip="10.3.0.1")
    assert refused.status_code == 429
    assert not logged_in(client)
    assert login(client, "county_leader", PASSWORD, ip="10.3.0.2").status_code == 302


@pytest.mark.django_db
def test_a_few_typos_at_one_office_lock_no_one_else(client, people):
    """Five failures on three accounts from one NAT address lock the account that had
    five, not the address: the office's admin still logs in (fresh-eyes finding)."""
    for name in ("nobody", "county_officer", "county_officer"):
        login(client, name, "wrong", ip="10.4.0.1")
    for _ in range(5):
        login(client, "county_reviewer", "wrong", ip="10.4.0.1")
    assert login(client, "county_reviewer", PASSWORD, ip="10.4.0.1").status_code == 429
    assert login(client, "county_admin", PASSWORD, ip="10.4.0.1").status_code == 302


@pytest.mark.django_db
def test_admin_lifts_a_lockout_in_scope_and_it_is_logged(client, people, tree):
    """A town's admin (not the root's) lifts the lockout of a town account and of the
    address it was tried from, seen through the login log after the account's reset."""
    from gonghui.accounts.models import Role
    from gonghui.audit.models import AuditEntry

    from ..factories import UserFactory

    town_admin = UserFactory(username="wukang_admin", role=Role.ADMIN, union=tree.wukang)
    for _ in range(5):
        login(client, "wukang_officer", "wrong", ip="10.5.0.1")
    for i in range(30):
        login(client, f"x{i}", "wrong", ip="10.5.0.2")
    login(client, "wukang_officer", "wrong", ip="10.5.0.2")
    client.force_login(people.wukang_reviewer)  # (a login resets its own account only)
    assert client.get("/account/lockouts/").status_code == 403
    client.force_login(town_admin)
    page = client.get("/account/lockouts/").content.decode()
    assert "wukang_officer" in page and "10.5.0.2" in page
    assert "10.5.0.1" not in page  # five failures lock the account, not the address
    assert client.post("/account/lockouts/", {"kind": "account", "key": "x3"}).status_code == 404
    response = client.post("/account/lockouts/", {"kind": "account", "key": "wukang_officer"})
    assert response.status_code == 302
    response = client.post("/account/lockouts/", {"kind": "address", "key": "10.5.0.2"})
    assert response.status_code == 302
    entries = list(AuditEntry.objects.filter(object_type="axes.AccessAttempt")
                   .order_by("id").values_list("summary", flat=True))
    assert entries == ["lockout of account wukang_officer lifted",
                       "lockout of address 10.5.0.2 lifted"]
    client.logout()
    assert login(client, "wukang_officer", PASSWORD, ip="10.5.0.2").status_code == 302


@pytest.mark.django_db
def test_an_admin_of_another_union_cannot_lift_it(client, people, tree):
    from gonghui.accounts.models import Role

    from ..factories import UserFactory, add_union

    town = add_union("和平镇总工会", tree.other)
    other = UserFactory(username="other_admin", role=Role.ADMIN, union=town)
    for _ in range(5):
        login(client, "county_reviewer", "wrong", ip="10.6.0.1")
    for i in range(30):
        login(client, f"y{i}", "wrong", ip="10.6.0.2")
    client.force_login(other)
    page = client.get("/account/lockouts/").content.decode()
    assert "county_reviewer" not in page and "10.6.0.2" not in page
    response = client.post("/account/lockouts/", {"kind": "account", "key": "county_reviewer"})
    assert response.status_code == 404
    assert client.post("/account/lockouts/", {"kind": "address", "key": "10.6.0.2"}
                       ).status_code == 404


@pytest.mark.django_db
def test_lockout_ends_after_cooloff(client, people, settings):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            login(client, "county_admin", "wrong")
        assert login(client, "county_admin", PASSWORD).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1))
        assert login(client, "county_admin", PASSWORD).status_code == 302


def test_password_rules():
    with pytest.raises(ValidationError) as short:
        validate_password("Kx9#mQ2!z")  # 9 characters
    assert "at least 10 characters" in " ".join(short.value.messages)
    with pytest.raises(ValidationError):
        validate_password("1234567890123")  # entirely numeric
    with pytest.raises(ValidationError):
        validate_password("password123")  # common
    assert validate_password("Kx9#mQ2!zT") is None


@pytest.mark.django_db
def test_idle_session_times_out_and_activity_renews(client, people, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_SECONDS == 60
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(people.officer)
        traveller.shift(dt.timedelta(minutes=20))
        assert logged_in(client)  # activity at 20 min renews the session
        traveller.shift(dt.timedelta(minutes=25))  # 45 min after login, 25 idle
        assert logged_in(client)
        traveller.shift(dt.timedelta(minutes=31))  # idle longer than the timeout
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def _session_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_session_renewal_is_written_at_most_once_a_minute(client, people):
    """Activity renews the idle timeout, but the session row is written only when its
    last renewal is 60 s old or more (decision 0016): a page view 30 s after the last
    write leaves the row and the cookie alone; one 61 s after it moves the expiry."""
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(people.officer)
        assert client.get("/items/").status_code == 200  # first page: stamped and saved
        first = _session_expiry(client)
        assert first == start + dt.timedelta(minutes=30)
        traveller.shift(dt.timedelta(seconds=30))
        response = client.get("/items/")
        assert response.status_code == 200
        assert "sessionid" not in response.cookies  # not sent again: nothing written
        assert _session_expiry(client) == first
        traveller.shift(dt.timedelta(seconds=31))  # 61 s after the last write
        response = client.get("/items/")
        assert response.cookies["sessionid"]["max-age"] == 30 * 60
        assert _session_expiry(client) == start + dt.timedelta(seconds=61, minutes=30)


@pytest.mark.django_db
def test_idle_timeout_with_throttled_renewal_ends_within_the_minute(client, people):
    """The last write may be up to 59 s before the last request: the session then ends
    between 29 and 30 minutes after the last request, never later than 30."""
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(people.officer)
        assert logged_in(client)  # written at 0:00
        traveller.shift(dt.timedelta(seconds=50))
        assert logged_in(client)  # at 0:50, not written
        traveller.shift(dt.timedelta(minutes=29, seconds=20))  # 30:10: 29:20 after 0:50
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(people.officer)
        assert logged_in(client)  # written at 0:00
        traveller.shift(dt.timedelta(seconds=50))
        assert logged_in(client)  # at 0:50, not written
        traveller.shift(dt.timedelta(minutes=28, seconds=50))  # 29:40: 28:50 idle
        assert logged_in(client)  # written: renewed to 59:40
        traveller.shift(dt.timedelta(minutes=29, seconds=59))
        assert logged_in(client)
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_csp_header_forbids_inline_scripts(client, people):
    client.force_login(people.officer)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_rendered_page_has_no_inline_script(client, people):
    client.force_login(people.officer)
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert "data-autosubmit" in html
    assert "onchange" not in html


def test_no_template_has_inline_script_or_handler():
    offenders = []
    for path in SRC.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.name}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: {match.group(0)}")
        if "javascript:" in text:
            offenders.append(f"{path.name}: javascript:")
    assert offenders == []


@pytest.mark.django_db
def test_admin_otp_not_required_by_default(client, people):
    client.force_login(people.admin)
    assert client.get("/").status_code == 200


def _token(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.django_db
def test_admin_must_set_up_and_pass_totp_when_required(client, people, settings):
    settings.ADMIN_OTP_REQUIRED = True
    client.force_login(people.admin)
    first = client.get("/items/")
    assert first.status_code == 302 and first["Location"] == "/account/otp/"
    assert client.get("/account/otp/")["Location"] == "/account/otp/setup/"
    page = client.get("/account/otp/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=people.admin)
    assert device.confirmed is False
    bad = "000000" if _token(device) != "000000" else "111111"
    wrong = client.post("/account/otp/setup/", {"token": bad})
    assert b"wrong or expired" in wrong.content
    device.refresh_from_db()
    assert device.confirmed is False
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()
    assert client.get("/items/").status_code == 302
    ok = client.post("/account/otp/setup/", {"token": _token(device), "next": "/items/"})
    assert ok.status_code == 302 and ok["Location"] == "/items/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/items/").status_code == 200
    # next login: the code is asked again
    client.logout()
    client.force_login(people.admin)
    assert client.get("/")["Location"] == "/account/otp/"
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    assert client.post("/account/otp/", {"token": _token(device)}).status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_officer_needs_no_totp_when_required_for_admins(client, people, settings):
    settings.ADMIN_OTP_REQUIRED = True
    client.force_login(people.officer)
    assert client.get("/").status_code == 200
