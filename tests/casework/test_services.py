"""The rules on recording visits and missing episodes."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework import services
from casework.models import MissingEpisode
from children import services as child_services
from core.exceptions import ApplicationError
from tests.children.builders import register

pytestmark = pytest.mark.django_db

START = date(2024, 5, 1)


@pytest.fixture
def child(social_worker):
    return register(social_worker, START, date_of_birth=date(2010, 6, 1))


def record(child, by, start, end=None, **kw):
    return services.missing_episode_record(
        child=child, kind=kw.pop("kind", "M"), start_date=start, end_date=end, by=by, **kw
    )


def visit(child, by, on, **kw):
    return services.visit_record(
        child=child, visit_date=on, seen_alone=True, bedroom_seen=False, visited_by=by, by=by, **kw
    )


def test_a_visit_is_recorded_with_its_history(child, social_worker):
    made = visit(child, social_worker, date(2024, 5, 3), notes="  Settled well. ")
    assert made.notes == "Settled well."
    assert made.history.count() == 1


def test_a_visit_cannot_be_in_the_future_or_outside_care(child, social_worker):
    with pytest.raises(ApplicationError) as error:
        visit(child, social_worker, timezone.localdate() + timedelta(days=1))
    assert error.value.field == "visit_date"
    with pytest.raises(ApplicationError, match="was not looked after") as error:
        visit(child, social_worker, date(2024, 4, 30))
    assert error.value.field == "visit_date"


def test_a_missing_episode_and_its_return(child, social_worker):
    episode = record(child, social_worker, date(2024, 6, 1))
    assert episode.end_date is None
    services.missing_episode_return(
        episode=episode,
        end_date=date(2024, 6, 2),
        where_found="A friend's house",
        return_interview_offered=True,
        return_interview_accepted=False,
        by=social_worker,
    )
    episode.refresh_from_db()
    assert (episode.end_date, episode.where_found) == (date(2024, 6, 2), "A friend's house")
    assert episode.return_interview_offered is True
    assert episode.history.count() == 2


def test_the_return_cannot_be_before_the_child_went_missing(child, social_worker):
    with pytest.raises(ApplicationError, match="cannot be before") as error:
        record(child, social_worker, date(2024, 6, 5), date(2024, 6, 4))
    assert error.value.field == "end_date"
    episode = record(child, social_worker, date(2024, 6, 5))
    with pytest.raises(ApplicationError) as error:
        services.missing_episode_return(
            episode=episode, end_date=date(2024, 6, 4), by=social_worker
        )
    assert error.value.field == "end_date"


def test_missing_episodes_do_not_overlap(child, social_worker):
    record(child, social_worker, date(2024, 6, 5), date(2024, 6, 8))
    for start, end in [
        (date(2024, 6, 4), date(2024, 6, 6)),
        (date(2024, 6, 6), date(2024, 6, 7)),
        (date(2024, 6, 7), None),
        (date(2024, 6, 1), None),
        (date(2024, 6, 5), date(2024, 6, 5)),
    ]:
        with pytest.raises(ApplicationError, match="overlaps") as error:
            record(child, social_worker, start, end)
        assert error.value.field == "start_date"
    # One may start on the day the last ended.
    record(child, social_worker, date(2024, 6, 8), date(2024, 6, 9), kind="A")
    open_one = record(child, social_worker, date(2024, 7, 1))
    with pytest.raises(ApplicationError, match="still open"):
        record(child, social_worker, date(2024, 7, 3), date(2024, 7, 4))
    assert MissingEpisode.objects.filter(child=child).count() == 3
    assert open_one.end_date is None


def test_missing_only_while_looked_after_and_not_in_the_future(child, social_worker):
    with pytest.raises(ApplicationError, match="was not looked after"):
        record(child, social_worker, date(2024, 4, 20), date(2024, 4, 21))
    with pytest.raises(ApplicationError, match="today or in the past") as error:
        record(child, social_worker, timezone.localdate() + timedelta(days=1))
    assert error.value.field == "start_date"
    with pytest.raises(ApplicationError, match="today or in the past") as error:
        record(child, social_worker, date(2024, 6, 1), timezone.localdate() + timedelta(days=2))
    assert error.value.field == "end_date"
    with pytest.raises(ApplicationError) as error:
        record(child, social_worker, date(2024, 6, 1), kind="X")
    assert error.value.field == "kind"


def test_after_care_ends_an_episode_must_end_by_then(child, social_worker):
    child_services.period_of_care_end(
        child=child, end_date=date(2024, 9, 1), reason="E4A", by=social_worker
    )
    with pytest.raises(ApplicationError, match="enter the date the child returned"):
        record(child, social_worker, date(2024, 8, 20))
    with pytest.raises(ApplicationError, match="must end by then"):
        record(child, social_worker, date(2024, 8, 20), date(2024, 9, 2))
    with pytest.raises(ApplicationError, match="was not looked after"):
        record(child, social_worker, date(2024, 9, 2), date(2024, 9, 3))
    assert record(child, social_worker, date(2024, 8, 20), date(2024, 9, 1)).pk


def test_an_interview_is_accepted_only_if_offered(child, social_worker):
    with pytest.raises(ApplicationError) as error:
        record(
            child,
            social_worker,
            date(2024, 6, 1),
            date(2024, 6, 2),
            return_interview_offered=False,
            return_interview_accepted=True,
        )
    assert error.value.field == "return_interview_accepted"
