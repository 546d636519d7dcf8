"""The demo's IRO-service records: every late review has a reason and no review in
time has one; formats, ratings and output timeliness in realistic proportions;
recommendations with owners; bookings for reviews coming up."""

from collections import Counter
from datetime import date

import pytest

from deadlines.models import Deadline, DeadlineStatus
from demo.builder import build_demo
from reviews.models import MidwayReview, Recommendation, Review, ReviewBooking

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(children=150, seed=5, today=TODAY)
        try:
            yield
        finally:
            from tests.demo.test_seed_demo import wipe_everything

            wipe_everything()


def test_every_late_review_has_a_reason_and_none_in_time_does(demo):
    reviews = {r.pk: r for r in Review.objects.all()}
    met = Deadline.objects.filter(rule="cic_review", status=DeadlineStatus.MET)
    late = in_time = 0
    for deadline in met:
        review = reviews[int(deadline.met_by.split(":")[1])]
        if deadline.met_late:
            late += 1
            assert review.lateness_reason_id is not None, review.pk
        else:
            in_time += 1
            assert review.lateness_reason_id is None, review.pk
    assert late > 0 and in_time > late
    assert all(r.format and r.views_obtained and r.care_plan_rating for r in reviews.values())
    assert all(r.care_plan_rating_reason for r in reviews.values() if r.care_plan_rating != "green")
    assert Review.history.filter(history_type="+", format="").count() == 0


def test_proportions_are_roughly_real(demo):
    reviews = list(Review.objects.all())
    formats = Counter(r.format for r in reviews)
    assert 0.6 < formats["in_person"] / len(reviews) < 0.8
    assert Counter(r.care_plan_rating for r in reviews).most_common(1)[0][0] == "green"
    recommendations = Deadline.objects.filter(rule="review_recommendations", status="met")
    on_time = sum(not d.met_late for d in recommendations) / recommendations.count()
    assert 0.75 < on_time < 0.95
    minutes = Deadline.objects.filter(rule="review_minutes", status="met")
    assert 0.7 < sum(not d.met_late for d in minutes) / minutes.count() < 0.9
    per_review = Counter(Recommendation.objects.values_list("review_id", flat=True))
    assert set(per_review.values()) <= {2, 3, 4, 5}
    statuses = Counter(Recommendation.objects.values_list("status", flat=True))
    assert statuses["completed"] > statuses["open"] > 0
    assert Recommendation.objects.filter(status="open", due_date__lt=TODAY).exists()
    assert MidwayReview.objects.exists()
    assert any(r.letter for r in reviews)


def test_bookings_are_for_the_next_review_and_their_papers_mostly_on_time(demo):
    bookings = list(ReviewBooking.objects.all())
    assert bookings
    assert all(b.booked_for > TODAY and b.status == "booked" for b in bookings)
    assert len({b.child_id for b in bookings}) == len(bookings)
    assert all(b.invitees.exists() for b in bookings)
    invitations = Deadline.objects.filter(rule="review_invitations")
    assert invitations.count() == len(bookings)
    assert not invitations.filter(status=DeadlineStatus.OVERDUE).count() > len(bookings) / 2
