"""A health partner finds a shared child from their home page and records a review
health assessment (the error summary first); they cannot reach the child's full record.
The virtual school opens a shared child's education section. A social worker shares a
record and stops sharing it."""

from datetime import date

import pytest

from accounts.models import PartnerOrganisation, User
from children.models import ChildRecordView, ChildShare, PeriodOfCare
from children.selectors import children_shared_with, children_visible_to
from health.models import ReviewHealthAssessment
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.browser.test_health_flow import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_health_partner_records_a_review_health_assessment(page, demo):
    nurse = User.objects.get(username="health.partner")
    in_care = PeriodOfCare.objects.filter(
        end_date__isnull=True, start_date__lte=date(2026, 9, 1)
    ).values("child_id")
    child = children_shared_with(user=nurse).filter(pk__in=in_care).order_by("pk").first()
    assert child is not None
    ReviewHealthAssessment.objects.filter(child=child, assessed_on=date(2026, 11, 3)).delete()

    sign_in(page, "health.partner")
    assert_no_axe_violations(page)
    nav = page.locator(".govuk-service-navigation")
    assert "Children" not in nav.inner_text()
    page.get_by_label("Search by name, council reference or NHS number").fill(child.la_reference)
    page.get_by_role("button", name="Search").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=child.full_name).click()
    assert page.locator("h1").inner_text() == "Health"
    assert "Placement address" in page.locator("#identity-heading + dl").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record a review health assessment").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    assert (
        "Select who carried out the assessment" in page.locator(".govuk-error-summary").inner_text()
    )
    assert_no_axe_violations(page)
    fill_date(page, "assessed_on", 3, 11, 2026)
    page.get_by_label("School nurse").check()
    page.get_by_role("button", name="Save").click()
    assert "Review health assessment recorded" in page.content()
    rha = ReviewHealthAssessment.objects.get(child=child, assessed_on=date(2026, 11, 3))
    assert rha.history.get().history_user == nurse
    assert ChildRecordView.objects.filter(user=nurse, child=child).exists()

    # The rest of the record does not exist for them.
    page.goto(f"/children/{child.pk}/")
    assert page.locator("h1").inner_text() == "Page not found"
    page.goto(f"/education/children/{child.pk}/")
    assert page.locator("h1").inner_text() == "Page not found"

    page.goto("/health/?status=due_soon")
    assert page.locator("h1").inner_text() == "Health work"
    assert_no_axe_violations(page)


def test_the_virtual_school_opens_a_shared_childs_education(page, demo):
    teacher = User.objects.get(username="virtual.school")
    child = children_shared_with(user=teacher).order_by("pk").first()
    assert child is not None
    sign_in(page, "virtual.school")
    page.get_by_role("link", name="Education").first.click()
    assert_no_axe_violations(page)
    page.goto(f"/education/children/{child.pk}/")
    assert page.locator("h1").inner_text() == "Education"
    assert_no_axe_violations(page)


def test_a_social_worker_shares_a_record_and_stops_sharing(page, demo):
    worker = User.objects.get(username="social.worker")
    school = PartnerOrganisation.objects.get(kind="virtual_school")
    child = (
        children_visible_to(user=worker).exclude(shares__organisation=school).order_by("pk").first()
    )
    assert child is not None
    sign_in(page, "social.worker")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Share the record with a partner organisation").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    assert "Select the organisation" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Partner organisation").select_option(label=school.name)
    fill_date(page, "start_date", 1, 11, 2026)
    page.get_by_role("button", name="Save").click()
    assert "Record shared" in page.content()
    assert school.name in page.locator("#shares").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Stop sharing with {school.name}").click()
    fill_date(page, "end_date", 1, 12, 2026)
    page.get_by_role("button", name="Save").click()
    assert "Sharing stopped" in page.content()
    assert ChildShare.objects.get(child=child, organisation=school).end_date == date(2026, 12, 1)
