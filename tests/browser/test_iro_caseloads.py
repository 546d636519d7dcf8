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


def test_the_iro_records_a_review_from_the_childs_page(page, demo):
    from django.utils import timezone

    from children.models import AllocationKind, Child
    from children.selectors import current_allocations

    held = timezone.localdate()
    child = (
        Child.objects.filter(
            pk__in=current_allocations()
            .filter(kind=AllocationKind.IRO, worker__username="iro")
            .values("child_id"),
            periods_of_care__end_date__isnull=True,
        )
        .exclude(reviews__held_on=held)
        .exclude(review_bookings__status="booked")
        .order_by("pk")
        .first()
    )
    assert child is not None, "the demo IRO has a child in care"
    sign_in(page, "iro")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Record a review").click()
    assert page.locator("h1").inner_text() == "Record a review"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter date the review was held" in summary.inner_text()
    assert_no_axe_violations(page)

    page.locator("#id_held_on_0").fill(str(held.day))
    page.locator("#id_held_on_1").fill(str(held.month))
    page.locator("#id_held_on_2").fill(str(held.year))
    page.get_by_label("Child attended and spoke for themselves").check()
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Spoke at the review").check()
    page.get_by_label("Attended", exact=True).check()
    page.get_by_label("Green: the plan is progressing").check()
    page.get_by_label("Why was the review held late? (only for a late review)").select_option(
        label="Family unavailable"
    )
    page.get_by_role("button", name="Save").click()
    assert "Review recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    page.goto(f"/children/{child.pk}/")
    reviews = page.locator("#reviews-held").inner_text()
    assert f"{held.day} {held:%B %Y}" in reviews
    assert_no_axe_violations(page)


def test_iro_manager_moves_a_child_to_another_iro(page, demo):
    sign_in(page, "iro.manager")
    page.get_by_role("link", name="IRO caseloads").click()
    first = page.locator("table tbody tr").first
    first.locator("td").nth(1).get_by_role("link").click()
    before = page.locator("table tbody tr").count()
    page.get_by_role("link", name="Move children to another IRO").click()
    assert page.locator("h1").inner_text() == "Move children to another IRO"
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Move children").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select the children to move" in summary
    assert_no_axe_violations(page)

    from django.utils import timezone

    today = timezone.localdate()
    page.locator("#id_children_0").check()
    page.get_by_label("Move them to").select_option(index=1)
    page.locator("#id_start_date_0").fill(str(today.day))
    page.locator("#id_start_date_1").fill(str(today.month))
    page.locator("#id_start_date_2").fill(str(today.year))
    page.get_by_role("button", name="Move children").click()
    banner = page.locator(".govuk-notification-banner--success").inner_text()
    assert "1 child moved to" in banner
    assert page.locator("table tbody tr").count() == before - 1
    assert_no_axe_violations(page)
