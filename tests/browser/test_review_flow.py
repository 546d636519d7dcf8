"""An IRO books a review on the demo, records it held (participation, rating, a
recommendation), closes it and prints the letter to the child; a bad submission shows
the error summary; axe finds nothing on any page visited."""

from datetime import timedelta

import pytest

from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name: str, day) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_the_iro_books_records_closes_a_review_and_prints_the_letter(page, demo):
    from django.utils import timezone

    from children.models import AllocationKind, Child
    from children.selectors import current_allocations

    today = timezone.localdate()
    child = (
        Child.objects.filter(
            pk__in=current_allocations()
            .filter(kind=AllocationKind.IRO, worker__username="iro")
            .values("child_id"),
            periods_of_care__end_date__isnull=True,
        )
        .exclude(review_bookings__status="booked")
        .exclude(reviews__held_on=today)
        .order_by("pk")
        .first()
    )
    assert child is not None, "the demo IRO has a child in care with no review booked"
    sign_in(page, "iro")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Book a review").click()
    assert page.locator("h1").inner_text() == "Book a review"
    assert_no_axe_violations(page)

    # A bad submission: the error summary says what to put right.
    page.get_by_label("In person", exact=True).check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter date of the review" in summary
    assert "Enter the time of the review" in summary
    assert_no_axe_violations(page)

    fill_date(page, "booked_for", today + timedelta(days=7))
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Venue (for an in-person or hybrid review)").fill("Harbour House")
    page.get_by_role("button", name="Save").click()
    assert "Review booked" in page.locator(".govuk-notification-banner--success").inner_text()
    assert page.locator("h1").inner_text().startswith("Review booked for")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add someone invited").click()
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("Pat Carer")
    page.get_by_label("Carer", exact=True).check()
    page.get_by_role("button", name="Save").click()
    assert "Pat Carer" in page.locator("#invitees").inner_text()

    page.get_by_role("link", name="Record the review as held").click()
    assert page.locator("h1").inner_text() == "Record a review"
    assert_no_axe_violations(page)
    fill_date(page, "held_on", today)
    page.get_by_label("Child attended and spoke for themselves").check()
    page.get_by_label("Spoke at the review").check()
    page.get_by_label("Attended", exact=True).check()
    page.get_by_label("Pat Carer (Carer)").check()
    page.get_by_label("Green: the plan is progressing").check()
    # Whether today is late depends on the demo child: a reason only counts if it is.
    page.get_by_label("Why was the review held late? (only for a late review)").select_option(
        label="Family unavailable"
    )
    page.get_by_role("button", name="Save").click()
    assert "Review recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    assert page.locator("h1").inner_text().startswith("Review held on")
    assert "Pat Carer" in page.locator("#review-details").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a recommendation").click()
    assert_no_axe_violations(page)
    page.get_by_label("Recommendation").fill("Arrange the dental check")
    page.get_by_label("Who is responsible for it?").select_option(index=1)
    fill_date(page, "due_date", today + timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    assert "Arrange the dental check" in page.locator("#review-recommendations").inner_text()

    page.get_by_role("link", name="Record recommendations issued and minutes").click()
    assert_no_axe_violations(page)
    fill_date(page, "recommendations_issued_on", today)
    fill_date(page, "minutes_distributed_on", today)
    page.get_by_role("button", name="Save").click()
    assert "Closed" in page.locator("#review-status").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name=f"Write a letter to {child.first_name}").click()
    assert_no_axe_violations(page)
    page.get_by_label("Letter to the child").fill("It was good to see you at your review.")
    page.get_by_role("button", name="Save").click()
    assert_no_axe_violations(page)
    href = page.get_by_role("link", name="Print the letter (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"

    page.goto(f"/children/{child.pk}/")
    assert_no_axe_violations(page)
    page.goto(f"/reviews/children/{child.pk}/recommendations/")
    assert "Arrange the dental check" in page.locator("#recommendations").inner_text()
    assert_no_axe_violations(page)


def test_a_booking_is_cancelled_and_recommendations_are_updated_at_a_midway_review(page, demo):
    from django.utils import timezone

    from reviews.models import Recommendation, ReviewBooking

    today = timezone.localdate()
    booking = ReviewBooking.objects.filter(status="booked").order_by("pk").first()
    assert booking is not None, "the demo has reviews booked"
    sign_in(page, "iro.manager")
    page.goto(f"/reviews/bookings/{booking.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Change the booking or papers").click()
    assert_no_axe_violations(page)
    page.goto(f"/reviews/bookings/{booking.pk}/")
    page.get_by_role("link", name="Cancel the review").click()
    page.get_by_role("button", name="Cancel the review").click()
    assert "Enter why the review is cancelled" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Why is the review cancelled?").fill("The carer is unwell")
    page.get_by_role("button", name="Cancel the review").click()
    assert "Review cancelled" in page.locator(".govuk-notification-banner--success").inner_text()
    assert_no_axe_violations(page)

    open_rec = (
        Recommendation.objects.filter(status="open", child__periods_of_care__end_date=None)
        .order_by("pk")
        .first()
    )
    assert open_rec is not None
    child = open_rec.child
    page.goto(f"/reviews/children/{child.pk}/recommendations/")
    assert_no_axe_violations(page)
    page.goto(f"/reviews/recommendations/{open_rec.pk}/update/")
    assert_no_axe_violations(page)

    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Record a midway review").click()
    assert page.locator("h1").inner_text() == "Record a midway review"
    assert_no_axe_violations(page)
    fill_date(page, "held_on", today)
    page.get_by_label("Progress of the care plan").fill("Plan on track")
    page.locator(f"#id_status_{open_rec.pk}_1").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the date it was completed" in summary
    assert_no_axe_violations(page)
    fill_date(page, f"completed_on_{open_rec.pk}", today)
    page.get_by_role("button", name="Save").click()
    assert (
        "Midway review recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    )
    open_rec.refresh_from_db()
    assert (open_rec.status, open_rec.completed_on) == ("completed", today)
