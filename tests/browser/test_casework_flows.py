"""A social worker records a visit, a missing episode and the child's return."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from casework.models import MissingEpisode, Visit
from children.selectors import children_visible_to
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day):
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_record_a_visit_then_a_missing_episode_and_the_return(page, demo):
    worker = User.objects.get(username="social.worker")
    child = (
        children_visible_to(user=worker)
        .filter(periods_of_care__end_date__isnull=True, missing_episodes__isnull=True)
        .order_by("pk")
        .first()
    )
    assert child is not None
    today = timezone.localdate()
    visits_before = Visit.objects.filter(child=child).count()

    sign_in(page, "social.worker")
    page.goto(f"/children/{child.pk}/")
    assert "Next visit due by" in page.locator("#next-visit").inner_text()
    assert_no_axe_violations(page)

    # A visit: submitted empty first, the errors are shown and accessible.
    page.get_by_role("button", name="Record a visit").click()
    page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    fill_date(page, "visit_date", today)
    page.locator("#id_seen_alone_0").check()
    page.locator("#id_bedroom_seen_0").check()
    page.get_by_label("Notes (optional)").fill("Talked about the new school.")
    page.get_by_role("button", name="Save").click()
    assert "Visit recorded" in page.content()
    assert Visit.objects.filter(child=child).count() == visits_before + 1
    assert "Overdue" not in page.locator("#next-visit").inner_text()
    assert_no_axe_violations(page)

    # A missing episode, still open.
    page.get_by_role("button", name="Record a missing episode").click()
    assert_no_axe_violations(page)
    page.get_by_label("Missing", exact=True).check()
    fill_date(page, "start_date", today - timedelta(days=2))
    page.get_by_role("button", name="Save").click()
    assert "Missing now: since" in page.content()
    assert_no_axe_violations(page)

    # The return.
    page.get_by_role("link", name="Record the return").click()
    assert_no_axe_violations(page)
    fill_date(page, "end_date", today - timedelta(days=1))
    page.get_by_label("Where the child was found").fill("A friend's house")
    page.locator("#id_return_interview_offered_0").check()
    page.locator("#id_return_interview_accepted_0").check()
    page.get_by_role("button", name="Save").click()
    assert "Return recorded" in page.content()
    assert "Missing now" not in page.content()
    assert_no_axe_violations(page)
    episode = MissingEpisode.objects.get(child=child)
    assert episode.end_date == today - timedelta(days=1)
    assert episode.return_interview_accepted is True
