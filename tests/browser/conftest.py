"""Browser tests: Playwright drives Debian's Chromium against a live server.

Chromium comes from Debian (`apt-get install chromium`), never from Playwright's
own download. Where it is missing the tests are skipped, unless
HARBOUR_REQUIRE_BROWSER is set (as CI sets it), when they fail.
"""

import json
import os
from datetime import date
from pathlib import Path

import pytest

from demo.builder import build_demo

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make for set-up are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if not AXE.exists():
        return "axe-core not installed (make install)"
    return None


# One browser a module: while Playwright runs, its event loop is running in this
# thread, and django-constance then answers with awaitables; when the suite runs in
# parallel, other modules' tests follow on the same worker.
@pytest.fixture(scope="module")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("HARBOUR_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
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
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def demo(transactional_db):
    return build_demo(children=25, seed=1, today=date(2026, 11, 23))


def sign_in(page, username: str, password: str = "demo") -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core (served from node_modules, no CDN) over the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
    ]
    assert violations == [], f"axe found on {page.url}:\n{json.dumps(summary, indent=2)}"
