"""A social worker writes a case note, then finds it on the child's page and in the
chronology."""

import pytest
from django.utils import timezone

from accounts.models import User
from casework.models import CaseNote
from children.selectors import children_visible_to
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day):
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_write_a_case_note_and_find_it_in_the_chronology(page, demo):
    worker = User.objects.get(username="social.worker")
    child = (
        children_visible_to(user=worker)
        .filter(periods_of_care__end_date__isnull=True)
        .order_by("pk")
        .first()
    )
    assert child is not None
    today = timezone.localdate()
    subject = "Call with the designated teacher"

    sign_in(page, "social.worker")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="All case notes").click()
    assert page.get_by_role("heading", name="Case notes").is_visible()
    assert_no_axe_violations(page)

    # The form: submitted empty first, the errors are shown and accessible.
    page.get_by_role("button", name="Write a case note").click()
    page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Phone call").check()
    fill_date(page, "event_date", today)
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Case note").fill("Attendance is up to 96% this term.")
    page.get_by_role("button", name="Save").click()
    assert "Case note saved" in page.content()
    assert page.get_by_role("link", name=f"Change the note {subject}").is_visible()
    assert_no_axe_violations(page)
    note = CaseNote.objects.get(child=child, subject=subject)
    assert note.author == worker

    # On the child's page, among the most recent notes.
    page.goto(f"/children/{child.pk}/")
    assert subject in page.locator("#recent-case-notes").inner_text()

    # In the chronology, and still there when only case notes are shown.
    page.get_by_role("link", name="Chronology").first.click()
    assert subject in page.locator("#chronology").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Case note", exact=True).check()
    page.get_by_role("button", name="Apply filter").click()
    table = page.locator("#chronology").inner_text()
    assert subject in table
    assert "Started to be looked after" not in table
    assert_no_axe_violations(page)
    response = page.request.get(
        page.get_by_role("link", name="Download as PDF").get_attribute("href")
    )
    assert response.headers["content-type"] == "application/pdf"
