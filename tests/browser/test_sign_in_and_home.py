import pytest

from demo.builder import DEMO_USERS
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_styled_and_has_no_axe_violations(page, demo):
    page.goto("/accounts/sign-in/")
    assert page.locator("h1").inner_text() == "Sign in to Harbour"
    # GOV.UK Frontend's stylesheet is served locally and applied (Arial, not GDS Transport).
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert_no_axe_violations(page)


def test_failed_sign_in_shows_error_summary_with_no_axe_violations(page, demo):
    sign_in(page, "social.worker", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct username and password" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("login", DEMO_USERS, ids=[u.username for u in DEMO_USERS])
def test_each_role_signs_in_and_reaches_its_home_page(page, demo, login):
    sign_in(page, login.username)
    assert page.url.endswith("/")
    # A partner's caption names their organisation too.
    assert page.locator(".govuk-caption-l").inner_text().startswith(login.role.label)
    assert page.locator("h1").inner_text().startswith("Welcome")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/sign-in/")


def test_home_and_child_pages_have_no_axe_violations(page, demo):
    sign_in(page, "team.manager")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Children", exact=True).click()
    page.wait_for_url("**/children/")
    assert_no_axe_violations(page)
    page.locator("tbody a.govuk-link").first.click()
    page.wait_for_load_state()
    assert "Who has viewed this record" in page.content()
    assert_no_axe_violations(page)


def test_accessibility_and_cookies_pages_have_no_axe_violations(page, demo):
    page.goto("/accessibility")
    assert "Accessibility statement" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    page.goto("/cookies")
    assert_no_axe_violations(page)


def test_keyboard_user_can_skip_to_main_content_and_sign_in(page, demo):
    page.goto("/accounts/sign-in/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("social.worker")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    # The skip link's #main-content fragment survives the redirect home.
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert page.locator("h1").inner_text().startswith("Welcome")


@pytest.mark.parametrize("username", ["iro", "iro.manager"])
def test_the_iro_home_pages_have_no_axe_violations(page, demo, username):
    sign_in(page, username)
    heading = "My IRO work" if username == "iro" else "The IRO service's work"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert_no_axe_violations(page)
