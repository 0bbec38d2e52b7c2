"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server.

Chromium is looked up at ``GONGHUI_CHROMIUM`` or /usr/bin/chromium. Where it is missing
the tests are skipped and the run says so plainly at the end; with
``GONGHUI_REQUIRE_BROWSER=1`` (as in CI) a missing browser is an error instead.
Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GONGHUI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path("test-artifacts/screenshots")
_skipped: list[str] = []


def _chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium browser (session-wide)."""
    missing = _chromium_missing()
    if missing:
        if os.environ.get("GONGHUI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {missing}")
        _skipped.append(missing)
        pytest.skip(missing)
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # in a thread with a running loop unless told the use is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser context and page (Chinese locale, Shanghai time zone)."""
    context = chromium.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot(request):
    """``shot(page, "name")`` saves a full-page screenshot named after the test."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(page, name: str) -> Path:
        path = SHOTS / f"{request.node.name}-{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED: {_skipped[0]}", yellow=True, bold=True
        )
