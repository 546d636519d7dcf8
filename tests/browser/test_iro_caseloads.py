"""An IRO manager reads the IRO caseloads and follows a number to the children behind it."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_iro_manager_reads_caseloads_and_the_children_behind_one(page, demo):
    sign_in(page, "iro.manager")
    page.get_by_role("link", name="IRO caseloads").click()
    assert page.locator("h1").inner_text() == "IRO caseloads"
    assert_no_axe_violations(page)

    first = page.locator("table tbody tr").first
    count = int(first.locator("td").nth(1).inner_text().split()[0])
    assert count > 0
    first.locator("td").nth(1).get_by_role("link").click()
    assert page.locator("h1").inner_text().endswith(f"{count} children")
    assert page.locator("table tbody tr").count() == count
    assert_no_axe_violations(page)
