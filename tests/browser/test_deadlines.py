"""A social worker opens My work, filters it by a rule with the keyboard alone, and follows
a child's link to the overdue deadlines at the top of the child's page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from deadlines.models import DeadlineStatus
from deadlines.rules import rule_choices
from deadlines.selectors import my_work
from deadlines.services import recompute
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.children.builders import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element with `element_id` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_my_work_filtered_by_rule_leads_to_the_childs_overdue_deadlines(page, demo):
    worker = User.objects.get(username="social.worker")
    # A child of theirs who came into care two months ago and has not been visited.
    newcomer = register(worker, timezone.localdate() - timedelta(days=60))
    recompute(child_ids=[newcomer.pk])
    overdue = (
        my_work(user=worker)
        .filter(status=DeadlineStatus.OVERDUE)
        .select_related("child")
        .order_by("rule", "due_date", "pk")
        .first()
    )
    assert overdue is not None, "the demo social worker has something overdue"
    codes = [code for code, _ in rule_choices()]

    sign_in(page, "social.worker")
    page.get_by_role("link", name="My work", exact=True).click()
    assert page.locator("h1").inner_text() == "My work"
    assert page.get_by_role("heading", name="Overdue").count() == 1
    assert_no_axe_violations(page)

    # Keyboard only: Tab to the rule, choose it with the arrow keys, Tab to Filter, Enter.
    tab_to(page, "id_rule")
    for _ in range(codes.index(overdue.rule) + 1):
        page.keyboard.press("ArrowDown")
    assert page.locator("#id_rule").input_value() == overdue.rule
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Filter"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/deadlines/?rule={overdue.rule}")
    overdue_table = page.locator("#overdue + table")
    assert overdue.child.la_reference in overdue_table.inner_text()
    assert all(
        title == overdue.rule_title
        for title in page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    )
    assert_no_axe_violations(page)

    overdue_table.get_by_role("link", name=overdue.child.full_name).first.click()
    assert page.locator("h1").inner_text() == overdue.child.full_name
    banner = page.get_by_role("region", name="Overdue deadlines")
    assert f"Overdue: {overdue.explanation}" in banner.inner_text()
    assert "Deadlines" in page.locator("#deadlines-heading").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Changes to these deadlines").click()
    assert page.locator("h1").inner_text() == "Changes to deadlines"
    assert overdue.explanation in page.locator("table").inner_text()
    assert_no_axe_violations(page)


def test_managers_lists_and_summary_links(page, demo):
    sign_in(page, "team.manager")
    page.get_by_role("link", name="Team deadlines").click()
    assert page.locator("h1").inner_text() == "Team deadlines"
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, "senior.manager")
    page.get_by_role("link", name="All deadlines").click()
    assert page.locator("h1").inner_text() == "All deadlines"
    assert_no_axe_violations(page)
    link = page.locator("#summary tbody td a").first
    count = link.inner_text().split()[0]
    link.click()
    caption = page.locator("table:not(#summary) caption").inner_text()
    assert caption.startswith(f"{count} open deadline")
    assert_no_axe_violations(page)
