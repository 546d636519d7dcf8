"""An IRO records the reviews held; the next review's date and whether each was held in
timescale follow from the record, and one function counts reviews held in timescale."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from core.exceptions import ApplicationError
from deadlines.models import Deadline
from deadlines.services import recompute
from reviews.models import Review
from reviews.selectors import review_timeliness
from reviews.services import HeldDetails, review_record
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

# Looked after from Friday 6 December 2024: the first review is due by Wednesday
# 8 January 2025 (20 working days over Christmas and New Year).
START = date(2024, 12, 6)


def person(role, **names):
    return UserFactory(role=role, **names)


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


# The rest of what the IRO's form asks for about a review held.
HELD = {
    "format": "in_person",
    "views_obtained": "spoke_at_review",
    "parents_participation": "attended",
    "care_plan_rating": "green",
}


def late_because():
    from reviews.models import LatenessReason

    return HeldDetails(lateness_reason=LatenessReason.objects.get(name="Family unavailable"))


@pytest.fixture
def looked_after(social_worker):
    child = register(social_worker, START, first_name="Robin")
    return child


@pytest.fixture
def iro(looked_after):
    officer = person(Role.IRO, first_name="Ivy", last_name="Reed")
    allocate(looked_after, worker=officer, kind=AllocationKind.IRO, start=START)
    return officer


def test_the_iro_records_a_review_and_the_next_one_is_due_three_months_later(
    client, looked_after, iro
):
    client.force_login(iro)
    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    url = reverse("reviews:review_add", args=[looked_after.pk])
    assert url in page

    body = client.post(url, {**HELD, **date_fields("held_on", date(2025, 1, 7))}).content.decode()
    assert "Select how the child took part in the review" in body
    response = client.post(
        url, {**HELD, **date_fields("held_on", date(2025, 1, 7)), "participation": "PN1"}
    )
    assert response.status_code == 302
    review = Review.objects.get(child=looked_after)
    assert review.participation == "PN1"
    assert review.period == looked_after.periods_of_care.get()
    assert review.history.count() == 1

    recompute(child_ids=[looked_after.pk], today=date(2025, 1, 8))
    first, second = Deadline.objects.filter(child=looked_after, rule="cic_review").order_by(
        "due_date"
    )
    assert (first.due_date, first.met_on, first.met_late) == (
        date(2025, 1, 8),
        date(2025, 1, 7),
        False,
    )
    # Second review no more than 3 months after the first: by 7 April 2025.
    assert second.due_date == date(2025, 4, 7)
    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    assert "Second review due by 7 April 2025" in page
    assert "In timescale" in page


def test_bad_review_dates_are_refused_with_a_message_and_nothing_saved(client, looked_after, iro):
    client.force_login(iro)
    url = reverse("reviews:review_add", args=[looked_after.pk])
    body = client.post(url, {**HELD, **date_fields("held_on", date(2024, 11, 1))}).content.decode()
    assert "The child was not looked after on the day of the review" in body
    body = client.post(
        url,
        {
            **HELD,
            **date_fields("held_on", date(2025, 1, 7)),
            **date_fields("next_review_directed_by", date(2025, 1, 7)),
        },
    ).content.decode()
    assert "must be after this review" in body
    assert not Review.objects.exists()
    review_record(child=looked_after, held_on=date(2025, 1, 7), participation="PN1", by=iro)
    with pytest.raises(ApplicationError, match="already recorded"):
        review_record(child=looked_after, held_on=date(2025, 1, 7), participation="PN1", by=iro)


def test_an_outsider_gets_404_and_a_social_worker_may_not_record_reviews(
    client, looked_after, outsider, social_worker
):
    url = reverse("reviews:review_add", args=[looked_after.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(social_worker)
    assert client.get(url).status_code == 403
    assert (
        "Record a review"
        not in client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    )


def test_reviews_in_timescale_are_counted_by_one_function(looked_after, iro, social_worker):
    # First review held late (due 8 January, held 10 January); the second in time
    # (due 10 April, held 3 April); the third due 3 October, held 6 October: late.
    for held in (date(2025, 1, 10), date(2025, 4, 3), date(2025, 10, 6)):
        review_record(
            child=looked_after,
            held_on=held,
            participation="PN6",
            details=late_because(),
            by=iro,
        )
    recompute(child_ids=[looked_after.pk], today=date(2025, 10, 7))
    manager = person(Role.IRO_MANAGER)

    year = review_timeliness(user=manager, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert year.held == 3
    assert [d.met_on for d in year.in_time] == [date(2025, 4, 3)]
    assert [d.met_on for d in year.late] == [date(2025, 1, 10), date(2025, 10, 6)]
    assert {d.child for d in year.late} == {looked_after}

    spring = review_timeliness(user=manager, start=date(2025, 2, 1), end=date(2025, 6, 30))
    assert (len(spring.in_time), len(spring.late)) == (1, 0)
    # Someone who may not see the child counts none of their reviews.
    stranger = person(Role.SOCIAL_WORKER)
    assert (
        review_timeliness(user=stranger, start=date(2025, 1, 1), end=date(2025, 12, 31)).held == 0
    )


def test_participation_is_pn0_for_a_child_under_4_and_chosen_from_4(social_worker):
    # Born 10 January 2021: 3 years old on 9 January 2025, 4 on 10 January 2025.
    child = register(social_worker, START, date_of_birth=date(2021, 1, 10))
    iro = person(Role.IRO)
    # Whatever was sent, a child under 4 is PN0.
    under = review_record(
        child=child, held_on=date(2025, 1, 9), participation="PN7", details=late_because(), by=iro
    )
    assert under.participation == "PN0"
    with pytest.raises(ApplicationError, match="how the child took part"):
        review_record(child=child, held_on=date(2025, 1, 10), participation="PN0", by=iro)
    with pytest.raises(ApplicationError, match="how the child took part"):
        review_record(child=child, held_on=date(2025, 1, 10), by=iro)
    four = review_record(
        child=child, held_on=date(2025, 1, 10), participation="PN3", details=late_because(), by=iro
    )
    assert four.participation == "PN3"


def test_a_leap_day_child_is_4_on_29_february_and_a_year_older_on_1_march_otherwise():
    from children.codes import age_on, participation_for_age

    born = date(2020, 2, 29)
    assert participation_for_age(born, date(2024, 2, 28)) == "PN0"
    assert participation_for_age(born, date(2024, 2, 29)) is None
    # In a year without 29 February, the birthday is 1 March.
    assert age_on(born, date(2025, 2, 28)) == 4
    assert age_on(born, date(2025, 3, 1)) == 5


def test_a_review_read_from_a_return_needs_no_lateness_reason_and_has_no_outputs_to_track(
    looked_after, iro, social_worker
):
    # Due by 8 January 2025 and held on the 10th: late, with no reason in a return.
    imported = review_record(
        child=looked_after, held_on=date(2025, 1, 10), participation="PN6", imported=True, by=iro
    )
    assert imported.imported and imported.lateness_reason is None
    recompute(child_ids=[looked_after.pk], today=date(2025, 3, 3))
    rules = set(Deadline.objects.filter(child=looked_after).values_list("rule", flat=True))
    assert "cic_review" in rules
    assert not rules & {"review_minutes", "review_recommendations"}
    # Recorded by the IRO, the same late review needs its reason.
    twin = register(social_worker, START, first_name="Sky", la_reference="C2")
    with pytest.raises(ApplicationError, match="held late: it was due by 8 January 2025"):
        review_record(child=twin, held_on=date(2025, 1, 10), participation="PN6", by=iro)
