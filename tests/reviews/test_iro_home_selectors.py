"""What the IRO's home page lists: reviews to book, recommendations overdue and reviews
booked, each limited to the IRO's caseload (every child for an IRO manager)."""

from datetime import date, time

import pytest

from accounts.models import Role
from children.models import AllocationKind
from deadlines.services import recompute
from reviews.selectors import bookings_upcoming, recommendations_overdue, reviews_to_book
from reviews.services import BookingDetails, booking_create, recommendation_add, review_record
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 10)


def person(role, **kw):
    return UserFactory(role=role, **kw)


@pytest.fixture
def setting(social_worker, team_a):
    """Two children of one IRO, one of another."""
    iro, other_iro = person(Role.IRO), person(Role.IRO)
    # Looked after 1 December 2025: first review due 31 December 2025 (overdue).
    overdue = register(social_worker, date(2025, 12, 1), la_reference="C1")
    # Looked after 5 January 2026: first review due 2 February 2026 (within 8 weeks).
    soon = register(social_worker, date(2026, 1, 5), la_reference="C2", first_name="Sky")
    # Looked after 1 December 2025, other IRO.
    theirs = register(social_worker, date(2025, 12, 1), la_reference="C3", first_name="Ash")
    for child, officer in ((overdue, iro), (soon, iro), (theirs, other_iro)):
        allocate(
            child,
            worker=officer,
            kind=AllocationKind.IRO,
            start=child.periods_of_care.get().start_date,
        )
    return iro, other_iro, overdue, soon, theirs


def test_reviews_to_book_are_the_iros_children_due_within_8_weeks_with_none_booked(setting):
    iro, other_iro, overdue, soon, theirs = setting
    recompute(today=TODAY)
    assert [d.child for d in reviews_to_book(user=iro, today=TODAY)] == [overdue, soon]
    assert [d.child for d in reviews_to_book(user=other_iro, today=TODAY)] == [theirs]
    manager = person(Role.IRO_MANAGER)
    assert len(reviews_to_book(user=manager, today=TODAY)) == 3
    # Due 2 February is more than 8 weeks away on 1 December 2025.
    assert [d.child for d in reviews_to_book(user=iro, today=date(2025, 12, 1))] == [overdue]
    # Once booked, a review is no longer to book; it is upcoming.
    booking = booking_create(
        child=overdue,
        details=BookingDetails(date(2026, 1, 14), time(10), "virtual", video_link="https://x"),
        by=iro,
    )
    assert [d.child for d in reviews_to_book(user=iro, today=TODAY)] == [soon]
    assert list(bookings_upcoming(user=iro, today=TODAY)) == [booking]
    assert list(bookings_upcoming(user=other_iro, today=TODAY)) == []
    assert list(bookings_upcoming(user=manager, today=TODAY)) == [booking]
    assert list(bookings_upcoming(user=iro, today=date(2026, 1, 15))) == []
    # A social worker is not an IRO: nothing on their IRO caseload.
    assert reviews_to_book(user=person(Role.SOCIAL_WORKER), today=TODAY) == []


def test_recommendations_overdue_are_open_and_past_due_on_the_iros_caseload(setting, social_worker):
    iro, other_iro, overdue, soon, theirs = setting
    review = review_record(child=overdue, held_on=date(2025, 12, 19), participation="PN1", by=iro)
    late = recommendation_add(
        review=review, text="Dentist", owner=social_worker, due_date=date(2026, 1, 9), by=iro
    )
    recommendation_add(
        review=review, text="Contact", owner=social_worker, due_date=date(2026, 1, 10), by=iro
    )
    done = recommendation_add(
        review=review, text="PEP", owner=social_worker, due_date=date(2026, 1, 2), by=iro
    )
    done.status, done.completed_on = "completed", date(2026, 1, 2)
    done.save()
    assert list(recommendations_overdue(user=iro, today=TODAY)) == [late]
    assert list(recommendations_overdue(user=other_iro, today=TODAY)) == []
    assert list(recommendations_overdue(user=person(Role.IRO_MANAGER), today=TODAY)) == [late]
