"""Booking a review (business support, an IRO or IRO manager), its papers' deadlines,
rebooking and cancelling; then the IRO records the booked review held, with who came,
how the child and parents took part, the care plan's rating and, when it was late, why."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import my_work
from deadlines.services import recompute
from reviews.models import Attendee, BookingStatus, LatenessReason, Review, ReviewBooking
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

# Looked after from Monday 1 December 2025: the first review is due by Wednesday
# 31 December 2025 (20 working days: 2-5 Dec (4), 8-12 (9), 15-19 (14), 22-24 (17),
# [Christmas Day, Boxing Day, 27, 28], 29, 30, 31 (20)).
START = date(2025, 12, 1)


def person(role, **kw):
    return UserFactory(role=role, **kw)


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def booking_fields(on, **kw):
    return {
        **date_fields("booked_for", on),
        "starts_at": "10:00",
        "format": "hybrid",
        "venue": "Harbour House, room 2",
        "video_link": "https://meet.example.org/review",
        **kw,
    }


HELD = {
    "format": "hybrid",
    "participation": "PN1",
    "views_obtained": "met_iro_before",
    "parents_participation": "views_only",
    "care_plan_rating": "green",
}


@pytest.fixture
def looked_after(social_worker):
    return register(social_worker, START, first_name="Robin")


@pytest.fixture
def iro(looked_after):
    officer = person(Role.IRO, first_name="Ivy", last_name="Reed")
    allocate(looked_after, worker=officer, kind=AllocationKind.IRO, start=START)
    return officer


@pytest.fixture
def support(team_a):
    return person(Role.BUSINESS_SUPPORT, team=team_a)


def deadline(child, rule):
    return Deadline.objects.get(child=child, rule=rule)


def test_business_support_books_a_review_and_its_papers_are_due_before_it(
    client, looked_after, support, social_worker
):
    client.force_login(support)
    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    url = reverse("reviews:booking_add", args=[looked_after.pk])
    assert url in page
    assert "No review booked" in page

    body = client.post(url, booking_fields(date(2026, 1, 5), venue="")).content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the venue: the review is held in person or hybrid" in body
    body = client.post(url, booking_fields(date(2026, 1, 5), starts_at="ten")).content.decode()
    assert "Enter the time as hours and minutes, for example, 14:30" in body
    assert not ReviewBooking.objects.exists()

    response = client.post(url, booking_fields(date(2026, 1, 5)))
    booking = ReviewBooking.objects.get()
    assert response.url == reverse("reviews:booking", args=[booking.pk])
    assert (booking.status, booking.booked_by, booking.period) == (
        BookingStatus.BOOKED,
        support,
        looked_after.periods_of_care.get(),
    )
    assert booking.history.count() == 1

    invite = reverse("reviews:invitee_add", args=[booking.pk])
    body = client.post(invite, {"name": "", "role": "carer"}).content.decode()
    assert "Enter the name of the person invited" in body
    client.post(invite, {"name": "Pat Carer", "role": "carer"})
    client.post(invite, {"name": "Robin", "role": "child"})
    assert [str(i) for i in booking.invitees.all()] == ["Pat Carer (Carer)", "Robin (Child)"]

    # Only one booking at a time.
    body = client.post(url, booking_fields(date(2026, 1, 7))).content.decode()
    assert "A review is already booked for 5 January 2026" in body

    recompute(child_ids=[looked_after.pk], today=date(2025, 12, 10))
    # Invitations: 10 working days before Monday 5 January 2026, over New Year's Day,
    # Christmas and Boxing Day: Wednesday 17 December 2025. Report: 3 working days
    # before: Tuesday 30 December 2025.
    assert deadline(looked_after, "review_invitations").due_date == date(2025, 12, 17)
    assert deadline(looked_after, "review_report").due_date == date(2025, 12, 30)
    assert deadline(looked_after, "review_invitations").key == f"booking:{booking.pk}"
    # Business support's work: the invitations (not the report, the social worker's).
    assert [d.rule for d in my_work(user=support)] == ["review_invitations"]

    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    assert "5 January 2026 at 10:00" in page
    page = client.get(reverse("reviews:booking", args=[booking.pk])).content.decode()
    assert "Pat Carer" in page and "17 December 2025" in page
    # The social worker sees the booking too.
    client.force_login(social_worker)
    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    assert "5 January 2026 at 10:00" in page


def test_rebooking_moves_the_papers_and_recording_them_meets_the_deadlines(
    client, looked_after, iro
):
    client.force_login(iro)
    client.post(
        reverse("reviews:booking_add", args=[looked_after.pk]), booking_fields(date(2026, 1, 5))
    )
    booking = ReviewBooking.objects.get()
    client.post(
        reverse("reviews:booking_change", args=[booking.pk]),
        booking_fields(
            date(2026, 1, 6),
            format="virtual",
            venue="",
            **date_fields("invitations_sent_on", date(2025, 12, 16)),
        ),
    )
    booking.refresh_from_db()
    assert (booking.booked_for, booking.format, booking.invitations_sent_on) == (
        date(2026, 1, 6),
        "virtual",
        date(2025, 12, 16),
    )
    recompute(child_ids=[looked_after.pk], today=date(2025, 12, 20))
    invitations = deadline(looked_after, "review_invitations")
    # Back from Tuesday 6 January: Mon 5 (1), Fri 2 (2), [1 Jan], Wed 31 (3), Tue 30 (4),
    # Mon 29 (5), [28-25], Wed 24 (6), Tue 23 (7), Mon 22 (8), Fri 19 (9), Thu 18 Dec (10).
    assert invitations.due_date == date(2025, 12, 18)
    assert (invitations.status, invitations.met_on) == (DeadlineStatus.MET, date(2025, 12, 16))
    # The report: Mon 5 (1), Fri 2 (2), Wed 31 December (3); not yet received.
    report = deadline(looked_after, "review_report")
    assert (report.due_date, report.met_on) == (date(2025, 12, 31), None)
    assert booking.history.count() == 2


def test_cancelling_needs_a_reason_and_its_papers_no_longer_apply(client, looked_after, support):
    client.force_login(support)
    client.post(
        reverse("reviews:booking_add", args=[looked_after.pk]), booking_fields(date(2026, 1, 5))
    )
    booking = ReviewBooking.objects.get()
    recompute(child_ids=[looked_after.pk], today=date(2025, 12, 10))
    url = reverse("reviews:booking_cancel", args=[booking.pk])
    body = client.post(url, {"reason": "  "}).content.decode()
    assert "Enter why the review is cancelled" in body
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    client.post(url, {"reason": "Carer unwell; to be rebooked"})
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_reason) == (
        BookingStatus.CANCELLED,
        "Carer unwell; to be rebooked",
    )
    recompute(child_ids=[looked_after.pk], today=date(2025, 12, 10))
    assert deadline(looked_after, "review_invitations").status == DeadlineStatus.NO_LONGER_APPLIES
    # A cancelled booking cannot be changed; a new one can be made.
    body = client.post(url, {"reason": "again"}).content.decode()
    assert "This booking is cancelled" in body
    response = client.post(
        reverse("reviews:booking_add", args=[looked_after.pk]), booking_fields(date(2026, 1, 7))
    )
    assert response.status_code == 302


def test_the_iro_records_the_booked_review_held_late_with_a_reason_and_who_came(
    client, looked_after, iro
):
    client.force_login(iro)
    client.post(
        reverse("reviews:booking_add", args=[looked_after.pk]), booking_fields(date(2026, 1, 5))
    )
    booking = ReviewBooking.objects.get()
    for name, role in (("Pat Carer", "carer"), ("Robin", "child"), ("Sam Parent", "parent")):
        client.post(reverse("reviews:invitee_add", args=[booking.pk]), {"name": name, "role": role})
    carer, robin, _ = booking.invitees.all()

    url = reverse("reviews:review_add", args=[looked_after.pk])
    page = client.get(url).content.decode()
    # The date and format default to the booking's; the form says when it was due.
    assert 'inputmode="numeric" value="2026"' in page
    assert "This review is due by 31 December 2025" in page
    assert "Pat Carer (Carer)" in page

    held = {
        **HELD,
        **date_fields("held_on", date(2026, 1, 5)),
        "attended": [str(carer.pk), str(robin.pk)],
        "others_attended": "Jo Smith, advocate\nLee Teacher",
    }
    body = client.post(url, held).content.decode()
    assert "govuk-error-summary" in body
    assert "Select why the review was held late: it was due by 31 December 2025" in body
    body = client.post(
        url,
        {
            **held,
            "care_plan_rating": "amber",
            "lateness_reason": LatenessReason.objects.get(name="Family unavailable").pk,
        },
    ).content.decode()
    assert "Enter the reason the care plan is rated amber or red" in body
    assert not Review.objects.exists()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED

    reason = LatenessReason.objects.get(name="Family unavailable")
    response = client.post(
        url,
        {
            **held,
            "care_plan_rating": "amber",
            "care_plan_rating_reason": "Contact plan not yet agreed",
            "lateness_reason": reason.pk,
        },
    )
    review = Review.objects.get()
    assert response.url == reverse("reviews:review", args=[review.pk])
    booking.refresh_from_db()
    assert (booking.status, booking.review) == (BookingStatus.HELD, review)
    assert (review.lateness_reason, review.format, review.care_plan_rating) == (
        reason,
        "hybrid",
        "amber",
    )
    assert (review.views_obtained, review.parents_participation, review.chaired_by) == (
        "met_iro_before",
        "views_only",
        iro,
    )
    assert [(a.name, a.role, a.invitee_id) for a in review.attendees.all()] == [
        ("Pat Carer", "carer", carer.pk),
        ("Robin", "child", robin.pk),
        ("Jo Smith", "advocate", None),
        ("Lee Teacher", "other", None),
    ]
    assert Attendee.history.count() == 4
    recompute(child_ids=[looked_after.pk], today=date(2026, 1, 6))
    first = Deadline.objects.get(child=looked_after, rule="cic_review", met_by__startswith="rev")
    assert (first.due_date, first.met_on, first.met_late) == (
        date(2025, 12, 31),
        date(2026, 1, 5),
        True,
    )
    page = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Family unavailable" in page and "Contact plan not yet agreed" in page


def test_a_review_in_time_keeps_no_lateness_reason(client, looked_after, iro):
    client.force_login(iro)
    reason = LatenessReason.objects.get(name="Family unavailable")
    client.post(
        reverse("reviews:review_add", args=[looked_after.pk]),
        {**HELD, **date_fields("held_on", date(2025, 12, 31)), "lateness_reason": reason.pk},
    )
    assert Review.objects.get().lateness_reason is None


def test_outsiders_get_404_and_social_workers_may_not_book_or_record(
    client, looked_after, iro, outsider, social_worker
):
    client.force_login(iro)
    client.post(
        reverse("reviews:booking_add", args=[looked_after.pk]), booking_fields(date(2026, 1, 5))
    )
    booking = ReviewBooking.objects.get()
    client.post(
        reverse("reviews:review_add", args=[looked_after.pk]),
        {**HELD, **date_fields("held_on", date(2025, 12, 19))},
    )
    review = Review.objects.get()
    pages = [
        reverse("reviews:booking_add", args=[looked_after.pk]),
        reverse("reviews:booking", args=[booking.pk]),
        reverse("reviews:booking_change", args=[booking.pk]),
        reverse("reviews:booking_cancel", args=[booking.pk]),
        reverse("reviews:invitee_add", args=[booking.pk]),
        reverse("reviews:review", args=[review.pk]),
        reverse("reviews:review_close", args=[review.pk]),
        reverse("reviews:recommendation_add", args=[review.pk]),
        reverse("reviews:recommendations", args=[looked_after.pk]),
        reverse("reviews:letter", args=[review.pk]),
        reverse("reviews:letter_pdf", args=[review.pk]),
        reverse("reviews:midway_add", args=[looked_after.pk]),
    ]
    client.force_login(outsider)
    for url in pages:
        assert client.get(url).status_code == 404, url
    client.force_login(social_worker)
    # The social worker sees the booking and the review, and changes neither.
    assert client.get(reverse("reviews:booking", args=[booking.pk])).status_code == 200
    assert client.get(reverse("reviews:review", args=[review.pk])).status_code == 200
    for url in [pages[0], pages[2], pages[3], pages[4], pages[6], pages[7], pages[9], pages[11]]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    assert "Book a review" not in page
    # The booking became held with the review recorded; the social worker sees it.
    assert reverse("reviews:review", args=[review.pk]) in page
    assert ReviewBooking.objects.get().review == review


def test_booking_a_review_recomputes_the_childs_deadlines_when_it_commits(
    social_worker, support, django_capture_on_commit_callbacks
):
    from datetime import time

    from deadlines import triggers
    from reviews.services import BookingDetails, booking_create

    # Registered without a recompute queued, so that the booking's is the one seen.
    with triggers.suspended():
        child = register(social_worker, START, first_name="Sky", la_reference="C100009")
    # Celery runs eagerly in the tests: the recompute runs as the transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking_create(
            child=child,
            details=BookingDetails(date(2026, 1, 5), time(10), "virtual", video_link="https://x"),
            by=support,
        )
    assert len(callbacks) == 1
    assert deadline(child, "review_invitations").due_date == date(2025, 12, 17)


def test_a_review_recorded_before_one_already_held_leaves_the_booking_alone(looked_after, iro):
    from datetime import time

    from reviews.services import BookingDetails, booking_create, review_record

    review_record(child=looked_after, held_on=date(2025, 12, 19), participation="PN1", by=iro)
    booking = booking_create(
        child=looked_after,
        details=BookingDetails(date(2026, 3, 16), time(10), "virtual", video_link="https://x"),
        by=iro,
    )
    # Recorded late, a review held before the one on 19 December: not the booked one.
    review_record(child=looked_after, held_on=date(2025, 12, 17), participation="PN1", by=iro)
    booking.refresh_from_db()
    assert (booking.status, booking.review) == (BookingStatus.BOOKED, None)
    later = review_record(
        child=looked_after, held_on=date(2026, 3, 16), participation="PN1", by=iro
    )
    booking.refresh_from_db()
    assert (booking.status, booking.review) == (BookingStatus.HELD, later)
