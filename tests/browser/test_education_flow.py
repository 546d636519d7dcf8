"""A social worker opens a demo child's education tab, records a PEP (a bad submission
first), and sees it listed; a manager opens the education work list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from children.models import PeriodOfCare
from children.selectors import children_visible_to
from education.models import Pep
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day):
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_record_a_pep_from_the_education_tab_then_see_the_work_list(page, demo):
    worker = User.objects.get(username="social.worker")
    meeting = timezone.localdate() - timedelta(days=1)
    in_care = PeriodOfCare.objects.filter(end_date__isnull=True, start_date__lt=meeting)
    child = (
        children_visible_to(user=worker)
        .filter(pk__in=in_care.values("child_id"))
        .exclude(peps__meeting_date=meeting)
        .order_by("pk")
        .first()
    )
    assert child is not None

    sign_in(page, "social.worker")
    page.goto(f"/children/{child.pk}/")
    assert "Year group" in page.locator("#education-heading + dl").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Education record of {child.full_name}").click()
    assert page.locator("h1").inner_text() == "Education"
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Record a PEP").click()
    assert page.locator("h1").inner_text() == "Record a PEP"
    assert_no_axe_violations(page)
    # Completed the day before the meeting: refused, with the error summary.
    fill_date(page, "meeting_date", meeting)
    fill_date(page, "completed_date", meeting - timedelta(days=1))
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert "completed on or after the day of the meeting" in summary.inner_text()
    assert not Pep.objects.filter(child=child, meeting_date=meeting).exists()
    assert_no_axe_violations(page)

    fill_date(page, "completed_date", meeting)
    page.get_by_label("Who attended").fill("Child, carer, designated teacher")
    page.get_by_label("The child's views").fill("I want to stay in the football team.")
    page.get_by_label("Targets").fill("Maths catch-up twice a week.")
    page.get_by_label("Meets the required standard").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Education"
    long_date = f"{meeting.day} {meeting:%B %Y}"
    card = page.locator(".govuk-summary-card", has_text=f"PEP meeting {long_date}")
    assert "I want to stay in the football team." in card.inner_text()
    assert "Meets the required standard" in card.inner_text()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, "team.manager")
    page.get_by_role("link", name="Education", exact=True).click()
    assert page.locator("h1").inner_text() == "Education work list"
    assert_no_axe_violations(page)
    page.get_by_label("Show").select_option("all")
    page.get_by_role("button", name="Filter").click()
    assert_no_axe_violations(page)
