"""A social worker records a child's EU Settlement Scheme application; a manager lists it."""

import pytest

from accounts.models import User
from children.models import Nationality
from children.selectors import children_visible_to
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day, month, year):
    page.locator(f"#id_{name}_0").fill(str(day))
    page.locator(f"#id_{name}_1").fill(str(month))
    page.locator(f"#id_{name}_2").fill(str(year))


def test_update_euss_status_then_see_it_in_the_managers_list(page, demo):
    worker = User.objects.get(username="social.worker")
    manager = User.objects.get(username="team.manager")
    shared = children_visible_to(user=worker) & children_visible_to(user=manager)
    child = shared.exclude(nationalities__country__in=["PL"]).order_by("pk").first()
    assert child is not None
    Nationality.objects.get_or_create(child=child, country="PL")

    sign_in(page, "social.worker")
    page.goto(f"/children/{child.pk}/")
    banner = page.get_by_role("region", name="EU Settlement Scheme")
    assert "no EUSS record" in banner.inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Change EUSS status").click()
    assert page.locator("h1").inner_text() == "Change EUSS status"
    assert_no_axe_violations(page)
    page.get_by_label("Applied (certificate of application)").check()
    page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)

    fill_date(page, "identified_date", 2, 9, 2026)
    fill_date(page, "coa_date", 14, 10, 2026)
    page.get_by_label("Certificate of application reference").fill("CoA-1234")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == child.full_name
    assert "no decision yet" in banner.inner_text()
    assert "CoA-1234, 14 October 2026" in page.locator("#euss-heading + dl").inner_text()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, "team.manager")
    page.get_by_role("link", name="EU Settlement Scheme").click()
    assert page.locator("h1").inner_text() == "EU Settlement Scheme"
    assert_no_axe_violations(page)
    page.get_by_label("Only children needing action").check()
    page.get_by_role("button", name="Filter").click()
    row = page.locator("tr", has_text=child.la_reference)
    assert "Applied (certificate of application)" in row.inner_text()
    assert_no_axe_violations(page)
