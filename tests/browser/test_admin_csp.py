"""The content security policy in a real browser: Django's admin pages (changelists,
change forms, the log entries) and the TOTP set-up page with its QR code load without a
single CSP violation, and the QR image is actually drawn."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import Role, User
from gonghui.services.models import Item
from tests.factories import CategoryFactory, UserFactory, add_union

PASSWORD = "pw-Secret-123"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def watch(page) -> list[str]:
    """Every console error, script error and failed resource of ``page`` from now on
    (the browser's own /favicon.ico probe aside). A failed resource is reported once, by
    its response, with its URL."""
    problems: list[str] = []
    page.set_default_timeout(60_000)  # the machine is shared: slow, not broken

    def console(m):
        if m.type == "error" and not m.text.startswith("Failed to load resource"):
            problems.append(f"console {m.type}: {m.text}")

    def response(r):
        if r.status >= 400 and not r.url.endswith("/favicon.ico"):
            problems.append(f"{r.status} {r.url}")

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", response)
    return problems


def violations(page) -> list[str]:
    """CSP violations reported to the document since it loaded (a listener added by
    Playwright before any script of the page runs)."""
    return page.evaluate("window.__csp || []")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_work_under_the_csp(live_server, page, shot):
    county = add_union("德清县总工会")
    root = User.objects.create_superuser("root", password=PASSWORD, language="en")
    category = CategoryFactory(name="民生服务")
    officer = UserFactory(username="dq_officer", role=Role.OFFICER, union=county)
    item = Item.objects.create(union=county, kind="need", category=category, subject="培训需求",
                               created_by=officer)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    problems = watch(page)
    log_in(page, live_server.url, root.username)
    pages = [
        "/admin/",
        "/admin/services/item/",
        f"/admin/services/item/{item.pk}/change/",
        "/admin/accounts/user/add/",
        "/admin/orgs/responsibleunit/add/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{officer.pk}/change/",
        "/admin/orgs/union/",
        f"/admin/orgs/union/{county.pk}/change/",
        "/admin/audit/auditentry/",
        "/admin/otp_totp/totpdevice/",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert violations(page) == [], (path, violations(page))
        assert page.locator("#content").count() == 1, path
    # the admin's own scripts run: "select all" ticks every row of a changelist, and the
    # two-pane permission picker is built by SelectFilter2.js on the change form
    page.goto(live_server.url + "/admin/accounts/user/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select").first.is_checked()
    shot(page, "admin-user-changelist")
    page.goto(live_server.url + f"/admin/accounts/user/{officer.pk}/change/")
    assert page.locator("#id_user_permissions_from").count() == 1
    shot(page, "admin-user-change")
    assert violations(page) == []
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_totp_setup_shows_a_drawn_qr_code(live_server, page, shot, settings):
    settings.ADMIN_OTP_REQUIRED = True
    county = add_union("德清县总工会")
    UserFactory(username="dq_admin", role=Role.ADMIN, union=county)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    problems = watch(page)
    log_in(page, live_server.url, "dq_admin")
    page.wait_for_url(f"{live_server.url}/account/otp/setup/")
    qr = page.locator("#otp-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    box = qr.bounding_box()
    assert box["width"] == 220 and box["height"] == 220
    shot(page, "totp-setup-qr")
    assert violations(page) == []
    assert problems == []
