"""After the review: its recommendations (owners, due dates, progress, overdue), the
dates the recommendations were issued and the minutes distributed (which close it),
the letter to the child as a PDF, and midway reviews."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import recompute
from reviews.models import MidwayReview, Recommendation, RecommendationStatus, Review
from reviews.services import HeldDetails, recommendation_add, review_record
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

# Looked after from Monday 1 December 2025 (first review due by 31 December 2025); the
# review is held on Friday 19 December 2025, in time.
START = date(2025, 12, 1)
HELD_ON = date(2025, 12, 19)


def person(role, **kw):
    return UserFactory(role=role, **kw)


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


@pytest.fixture
def looked_after(social_worker):
    return register(social_worker, START, first_name="Robin")


@pytest.fixture
def iro(looked_after):
    officer = person(Role.IRO, first_name="Ivy", last_name="Reed")
    allocate(looked_after, worker=officer, kind=AllocationKind.IRO, start=START)
    return officer


@pytest.fixture
def review(looked_after, iro):
    return review_record(
        child=looked_after,
        held_on=HELD_ON,
        participation="PN1",
        details=HeldDetails(format="in_person", care_plan_rating="green"),
        by=iro,
    )


def test_the_iro_adds_recommendations_one_after_another(client, review, iro, social_worker):
    client.force_login(iro)
    url = reverse("reviews:recommendation_add", args=[review.pk])
    body = client.post(url, {"text": "Life story work to start"}).content.decode()
    assert "govuk-error-summary" in body
    assert "Select who is responsible for it" in body
    assert "Enter due by" in body
    body = client.post(
        url,
        {
            "text": "Life story work to start",
            "owner": social_worker.pk,
            **date_fields("due_date", date(2025, 12, 1)),
        },
    ).content.decode()
    assert "The due date must be on or after the review (19 December 2025)" in body
    # Owners are the child's workers, their team's manager and the IRO recording it.
    stranger = person(Role.SOCIAL_WORKER)
    body = client.post(
        url,
        {"text": "Dentist", "owner": stranger.pk, **date_fields("due_date", date(2026, 1, 9))},
    ).content.decode()
    assert "Select who is responsible for it from the list" in body
    assert not Recommendation.objects.exists()
    for text, due in (
        ("Life story work to start", date(2026, 2, 27)),
        ("Dentist", date(2026, 1, 30)),
    ):
        response = client.post(
            url, {"text": text, "owner": social_worker.pk, **date_fields("due_date", due)}
        )
        assert response.status_code == 302
    page = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Life story work to start" in page and "Add another recommendation" in page
    dentist = Recommendation.objects.get(text="Dentist")
    assert (dentist.child, dentist.owner, dentist.status) == (
        review.child,
        social_worker,
        RecommendationStatus.OPEN,
    )
    assert dentist.history.count() == 1


def test_progress_on_a_recommendation_and_overdue_ones(client, review, iro, social_worker):
    dentist = recommendation_add(
        review=review, text="Dentist", owner=social_worker, due_date=date(2026, 1, 30), by=iro
    )
    recommendation_add(
        review=review, text="Contact plan", owner=social_worker, due_date=date(2026, 3, 1), by=iro
    )
    assert dentist.is_overdue(date(2026, 1, 31)) and not dentist.is_overdue(date(2026, 1, 30))
    client.force_login(iro)
    url = reverse("reviews:recommendation_update", args=[dentist.pk])
    body = client.post(url, {"status": "completed"}).content.decode()
    assert "Enter the date it was completed" in body
    body = client.post(
        url, {"status": "completed", **date_fields("completed_on", date(2025, 12, 18))}
    ).content.decode()
    assert "must be on or after the review that made it (19 December 2025)" in body
    client.post(url, {"status": "completed", **date_fields("completed_on", date(2026, 1, 20))})
    dentist.refresh_from_db()
    assert (dentist.status, dentist.completed_on) == ("completed", date(2026, 1, 20))
    assert not dentist.is_overdue(date(2026, 2, 1))
    # Back to open (say, recorded by mistake): the completed date goes.
    client.post(url, {"status": "open", **date_fields("completed_on", date(2026, 1, 20))})
    dentist.refresh_from_db()
    assert (dentist.status, dentist.completed_on) == ("open", None)
    assert dentist.history.count() == 3

    client.force_login(social_worker)
    page = client.get(reverse("reviews:recommendations", args=[review.child_id])).content.decode()
    assert "Dentist" in page and "Contact plan" in page
    assert client.get(url).status_code == 403


def test_closing_the_review_records_the_dates_that_meet_its_deadlines(client, review, iro):
    client.force_login(iro)
    url = reverse("reviews:review_close", args=[review.pk])
    body = client.post(url, {"recommendations_issued_on_0": ""}).content.decode()
    assert "Enter the date the recommendations were issued or the minutes distributed" in body
    body = client.post(
        url, date_fields("recommendations_issued_on", date(2025, 12, 18))
    ).content.decode()
    assert "must be on or after the review (19 December 2025)" in body
    client.post(url, date_fields("recommendations_issued_on", date(2025, 12, 31)))
    review.refresh_from_db()
    assert review.recommendations_issued_on == date(2025, 12, 31) and not review.is_closed
    client.post(
        url,
        {
            **date_fields("recommendations_issued_on", date(2025, 12, 31)),
            **date_fields("minutes_distributed_on", date(2026, 1, 21)),
        },
    )
    review.refresh_from_db()
    assert review.is_closed
    recompute(child_ids=[review.child_id], today=date(2026, 2, 2))
    # Recommendations due 5 working days after Friday 19 December 2025, over Christmas:
    # Tuesday 30 December; issued 31 December, a day late. Minutes due 20 working days
    # after: Wednesday 21 January 2026, distributed that day.
    recommendations = Deadline.objects.get(rule="review_recommendations")
    minutes = Deadline.objects.get(rule="review_minutes")
    assert (recommendations.key, recommendations.due_date, recommendations.met_late) == (
        f"review:{review.pk}",
        date(2025, 12, 30),
        True,
    )
    assert (minutes.due_date, minutes.status, minutes.met_late) == (
        date(2026, 1, 21),
        DeadlineStatus.MET,
        False,
    )
    page = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Closed" in page and "30 December 2025" in page


def test_the_letter_to_the_child_is_printed_with_their_first_name(
    client, review, iro, social_worker, outsider
):
    client.force_login(iro)
    pdf = reverse("reviews:letter_pdf", args=[review.pk])
    # No letter yet: back to the review with a message.
    assert client.get(pdf).status_code == 302
    url = reverse("reviews:letter", args=[review.pk])
    assert "Write the letter to the child" in client.post(url, {"letter": ""}).content.decode()
    client.post(url, {"letter": "It was good to see you at your review.\n\nWe agreed..."})
    review.refresh_from_db()
    assert review.letter.startswith("It was good to see you")

    from django.template.loader import render_to_string

    html = render_to_string(
        "reviews/letter_print.html", {"review": review, "child": review.child, "iro": iro}
    )
    assert "Dear Robin," in html and "From Ivy Reed" in html
    response = client.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(social_worker)
    assert client.get(pdf).status_code == 200
    client.force_login(outsider)
    assert client.get(pdf).status_code == 404


def test_a_midway_review_meets_its_deadline_and_updates_open_recommendations(
    client, looked_after, iro, social_worker
):
    # First review 19 December 2025; second 17 March 2026 (in time: due 19 March); the
    # midway review is due 3 months after the second: 17 June 2026.
    review_record(child=looked_after, held_on=HELD_ON, participation="PN1", by=iro)
    second = review_record(
        child=looked_after, held_on=date(2026, 3, 17), participation="PN1", by=iro
    )
    rec = recommendation_add(
        review=second, text="Dentist", owner=social_worker, due_date=date(2026, 5, 1), by=iro
    )
    recompute(child_ids=[looked_after.pk], today=date(2026, 4, 1))
    midway = Deadline.objects.get(rule="midway_review")
    assert (midway.key, midway.due_date, midway.status) == (
        f"review:{second.pk}",
        date(2026, 6, 17),
        DeadlineStatus.UPCOMING,
    )

    client.force_login(iro)
    url = reverse("reviews:midway_add", args=[looked_after.pk])
    body = client.post(
        url,
        {
            **date_fields("held_on", date(2026, 6, 10)),
            "notes": "Plan on track",
            f"status_{rec.pk}": "completed",
        },
    ).content.decode()
    assert "Enter the date it was completed (Dentist)" in body
    assert not MidwayReview.objects.exists()
    client.post(
        url,
        {
            **date_fields("held_on", date(2026, 6, 10)),
            "notes": "Plan on track",
            f"status_{rec.pk}": "completed",
            **date_fields(f"completed_on_{rec.pk}", date(2026, 4, 28)),
            f"note_{rec.pk}": "Seen 28 April",
        },
    )
    held = MidwayReview.objects.get()
    assert (held.review, held.by) == (second, iro)
    rec.refresh_from_db()
    assert (rec.status, rec.completed_on) == ("completed", date(2026, 4, 28))
    assert held.progress.get().note == "Seen 28 April"
    recompute(child_ids=[looked_after.pk], today=date(2026, 6, 11))
    midway.refresh_from_db()
    assert (midway.status, midway.met_on) == (DeadlineStatus.MET, date(2026, 6, 10))
    assert midway.met_by == f"reviews.midwayreview:{held.pk}"
    assert Review.objects.count() == 2


def test_the_next_review_lists_the_open_recommendations_of_earlier_ones(
    client, review, iro, social_worker
):
    open_one = recommendation_add(
        review=review, text="Dentist", owner=social_worker, due_date=date(2026, 1, 30), by=iro
    )
    done = recommendation_add(
        review=review, text="PEP", owner=social_worker, due_date=date(2026, 1, 30), by=iro
    )
    done.status, done.completed_on = "completed", date(2026, 1, 5)
    done.save()
    second = review_record(
        child=review.child, held_on=date(2026, 3, 17), participation="PN1", by=iro
    )
    client.force_login(iro)
    page = client.get(reverse("reviews:review", args=[second.pk])).content.decode()
    assert "Still open from earlier reviews" in page
    assert reverse("reviews:recommendation_update", args=[open_one.pk]) in page
    assert reverse("reviews:recommendation_update", args=[done.pk]) not in page
    # The first review's own page does not list its own as earlier.
    page = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Still open from earlier reviews" not in page


def test_a_midway_review_not_held_before_the_next_review_stays_on_record_as_missed(
    looked_after, iro
):
    # Second review 17 March 2026: midway due 17 June 2026. None is held; on 1 July it is
    # overdue. The third review is held on 10 September 2026: the midway review is
    # missed, not removed or "no longer applies", and no longer open work.
    review_record(child=looked_after, held_on=HELD_ON, participation="PN1", by=iro)
    second = review_record(
        child=looked_after, held_on=date(2026, 3, 17), participation="PN1", by=iro
    )
    recompute(child_ids=[looked_after.pk], today=date(2026, 7, 1))
    midway = Deadline.objects.get(rule="midway_review", key=f"review:{second.pk}")
    assert (midway.due_date, midway.status) == (date(2026, 6, 17), DeadlineStatus.OVERDUE)

    third = review_record(
        child=looked_after, held_on=date(2026, 9, 10), participation="PN1", by=iro
    )
    recompute(child_ids=[looked_after.pk], today=date(2026, 9, 11))
    midway.refresh_from_db()
    assert (midway.due_date, midway.status, midway.met_on) == (
        date(2026, 6, 17),
        DeadlineStatus.MISSED,
        None,
    )
    assert "missed: the next review was held on 10 September 2026" in midway.explanation
    # The third review's own midway review is the open one: 10 December 2026.
    following = Deadline.objects.get(rule="midway_review", key=f"review:{third.pk}")
    assert (following.due_date, following.status) == (date(2026, 12, 10), DeadlineStatus.UPCOMING)
    # A second recompute leaves it as it is; it is counted as missed.
    recompute(child_ids=[looked_after.pk], today=date(2026, 9, 12))
    assert Deadline.objects.filter(rule="midway_review", status=DeadlineStatus.MISSED).count() == 1
