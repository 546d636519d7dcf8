"""A social worker opens a demo child's health tab and records a review health
assessment (the error summary first); a manager opens the health work list."""

from datetime import date

import pytest

from accounts.models import User
from children.models import PeriodOfCare
from children.selectors import children_visible_to
from health.models import ReviewHealthAssessment
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day, month, year):
    page.locator(f"#id_{name}_0").fill(str(day))
    page.locator(f"#id_{name}_1").fill(str(month))
    page.locator(f"#id_{name}_2").fill(str(year))


def test_record_a_review_health_assessment_then_see_it_listed(page, demo):
    worker = User.objects.get(username="social.worker")
    in_care = PeriodOfCare.objects.filter(
        end_date__isnull=True, start_date__lte=date(2026, 9, 1)
    ).values("child_id")
    child = children_visible_to(user=worker).filter(pk__in=in_care).order_by("pk").first()
    assert child is not None
    ReviewHealthAssessment.objects.filter(child=child, assessed_on=date(2026, 11, 2)).delete()

    sign_in(page, "social.worker")
    page.goto(f"/children/{child.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Health records of {child.full_name}").click()
    assert page.locator("h1").inner_text() == "Health"
    assert "Initial health assessment" in page.locator("#iha-heading").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record a review health assessment").click()
    assert page.locator("h1").inner_text() == "Record a review health assessment"
    assert_no_axe_violations(page)
    fill_date(page, "assessed_on", 31, 2, 2026)
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "There is a problem" in summary
    assert "Date of the assessment must be a real date" in summary
    assert "Select who carried out the assessment" in summary
    assert_no_axe_violations(page)
    assert not ReviewHealthAssessment.objects.filter(child=child, assessed_on=date(2026, 11, 2))

    fill_date(page, "assessed_on", 2, 11, 2026)
    page.get_by_label("School nurse").check()
    page.get_by_label("Organisation (optional)").fill("Harbourside School Nursing")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Health"
    assert "Review health assessment recorded" in page.content()
    row = page.locator("#rhas tr", has_text="2 November 2026")
    assert "School nurse" in row.inner_text()
    assert "Harbourside School Nursing" in row.inner_text()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, "team.manager")
    page.get_by_role("link", name="Health work").click()
    assert page.locator("h1").inner_text() == "Health work"
    assert_no_axe_violations(page)
    page.get_by_label("Show").select_option("sdq")
    page.get_by_role("button", name="Filter").click()
    assert_no_axe_violations(page)
