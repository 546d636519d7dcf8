"""A personal adviser records a care leaver's contact, accommodation and activity; a
team manager reads the list of care leavers. axe on every care-leaver page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Team, User
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.care_leavers.helpers import former_relevant, with_adviser
from tests.factories import allocate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day):
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_adviser_records_contact_accommodation_and_activity(page, demo):
    today = timezone.localdate()
    adviser = User.objects.get(username="personal.adviser")
    young = former_relevant(today, 19, first_name="Casey", last_name="Fenwright")
    with_adviser(young, adviser, start=today - timedelta(days=400))
    allocate(young, team=Team.objects.get(name="Children in Care North"))

    sign_in(page, "personal.adviser")
    page.get_by_role("link", name="My care leavers").click()
    assert page.locator("h1").inner_text() == "My care leavers"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Casey Fenwright").first.click()
    assert page.locator("h1").inner_text() == "Leaving care"
    assert "Former relevant" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Record a contact").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    fill_date(page, "contact_date", today)
    page.get_by_label("Visit in person").check()
    page.get_by_label("In touch", exact=True).check()
    page.get_by_label("Notes (optional)").fill("Talked about college.")
    page.get_by_role("button", name="Save").click()
    assert "Contact recorded" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("button", name="Change accommodation").click()
    assert_no_axe_violations(page)
    fill_date(page, "start_date", today)
    page.get_by_label("Independent living").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save").click()
    assert (
        "Say why the accommodation is not suitable"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_no_axe_violations(page)
    page.get_by_label("If not suitable, why not").fill("Damp flat; repairs requested")
    page.get_by_role("button", name="Save").click()
    assert "Accommodation recorded" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("button", name="Change activity").click()
    assert_no_axe_violations(page)
    fill_date(page, "start_date", today)
    page.get_by_label("Training or employment, full-time").check()
    page.get_by_label("Details").fill("Warehouse job")
    page.get_by_role("button", name="Save").click()
    main = page.locator("main").inner_text()
    assert "Activity recorded" in main
    assert "Independent living (U2)" in main
    assert "Training or employment, full-time (F5)" in main
    assert "Damp flat; repairs requested" in main
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Review the pathway plan").or_(
        page.get_by_role("button", name="Record the pathway plan")
    ).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Cancel").click()

    page.goto(f"/children/{young.pk}/")
    section = page.locator("#leaving-care-heading + dl").inner_text()
    assert "Former relevant" in section and "Independent living" in section
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, "team.manager")
    page.get_by_role("link", name="Care leavers").click()
    assert page.locator("h1").inner_text() == "Care leavers"
    assert_no_axe_violations(page)
    page.get_by_label("Age").select_option("19-21")
    page.get_by_label("In touch").select_option("yes")
    page.get_by_role("button", name="Filter").click()
    assert "Casey Fenwright" in page.locator("table", has_text="Young person").inner_text()
    assert_no_axe_violations(page)
    page.goto(f"/care-leavers/children/{young.pk}/personal-adviser/")
    assert page.locator("h1").inner_text() == "Allocate a personal adviser"
    assert_no_axe_violations(page)
