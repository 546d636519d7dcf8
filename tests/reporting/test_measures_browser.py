"""A senior manager reads the measures for a team, follows a figure and lands on exactly
the children behind it; both pages pass axe."""

import re

import pytest

from tests.browser.conftest import (  # noqa: F401 (the browser, page and demo fixtures)
    assert_no_axe_violations,
    browser,
    demo,
    page,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_senior_manager_filters_by_team_and_follows_a_figure(page, demo):  # noqa: F811
    from accounts.models import Team

    team = Team.objects.order_by("name").first()
    assert team is not None
    sign_in(page, "senior.manager")
    page.get_by_role("link", name="Measures").click()
    assert page.locator("h1").inner_text() == "Measures"
    assert_no_axe_violations(page)

    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_role("button", name="Show figures").click()
    assert team.name in page.locator(".govuk-caption-l").inner_text()
    assert_no_axe_violations(page)

    figure = page.locator('a[data-figure="looked_after_at_end"]')
    number = re.match(r"\d+", figure.inner_text())
    assert number is not None, figure.inner_text()
    count = int(number.group())
    assert count > 0, "the demo team holds children in care"
    figure.click()
    assert page.locator("h1").inner_text() == "Looked after at the end of the period"
    caption = page.locator("#children-behind caption").inner_text()
    assert caption.startswith(f"{count} child")
    assert page.locator("#children-behind tbody tr td a").count() == min(count, 50)
    assert_no_axe_violations(page)
