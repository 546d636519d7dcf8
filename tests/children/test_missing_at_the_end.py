"""A missing or away episode ends by the end of the placement and of the care it started
in (SSDA903 rules 575 and 577): ending either while the child is missing asks for the
day the child came back, and records it with the ending, in one transaction."""

from datetime import date

import pytest

from casework.models import MissingEpisode
from casework.services import missing_episode_record
from children import services
from children.models import PeriodOfCare, Placement
from core.exceptions import ApplicationError
from tests.children.builders import move, placement, register

pytestmark = pytest.mark.django_db

# In foster care from Monday 6 January 2025; missing from Friday 7 March 2025.
START = date(2025, 1, 6)
MISSING_FROM = date(2025, 3, 7)


@pytest.fixture
def missing_child(social_worker):
    child = register(social_worker, START)
    missing_episode_record(child=child, kind="M", start_date=MISSING_FROM, by=social_worker)
    return child


def test_ending_care_while_the_child_is_missing_asks_when_they_came_back(
    missing_child, social_worker
):
    with pytest.raises(ApplicationError) as refused:
        services.period_of_care_end(
            child=missing_child, end_date=date(2025, 3, 14), reason="E8", by=social_worker
        )
    assert refused.value.field == "missing_returned_on"
    assert "missing since 7 March 2025" in str(refused.value)
    # Nothing was written: care and the episode are still open.
    assert PeriodOfCare.objects.get(child=missing_child).end_date is None
    assert MissingEpisode.objects.get(child=missing_child).end_date is None


def test_a_return_after_care_ended_is_refused_and_nothing_is_written(missing_child, social_worker):
    # Care ends on Friday 14 March; a return on Saturday 15 March is after it.
    with pytest.raises(ApplicationError) as refused:
        services.period_of_care_end(
            child=missing_child,
            end_date=date(2025, 3, 14),
            reason="E8",
            missing_returned_on=date(2025, 3, 15),
            by=social_worker,
        )
    assert refused.value.field == "missing_returned_on"
    assert PeriodOfCare.objects.get(child=missing_child).end_date is None
    assert MissingEpisode.objects.get(child=missing_child).end_date is None


def test_the_return_is_recorded_with_the_end_of_care(missing_child, social_worker):
    services.period_of_care_end(
        child=missing_child,
        end_date=date(2025, 3, 14),
        reason="E8",
        missing_returned_on=date(2025, 3, 12),
        by=social_worker,
    )
    assert PeriodOfCare.objects.get(child=missing_child).end_date == date(2025, 3, 14)
    episode = MissingEpisode.objects.get(child=missing_child)
    assert episode.end_date == date(2025, 3, 12)
    assert episode.history.count() == 2


def test_a_move_while_the_child_is_missing_asks_when_they_came_back(missing_child, social_worker):
    with pytest.raises(ApplicationError) as refused:
        move(missing_child, social_worker, date(2025, 3, 10), "U4", "Jones")
    assert refused.value.field == "missing_returned_on"
    assert Placement.objects.filter(child=missing_child).count() == 1
    # Back on Sunday 9 March, the day before the move: recorded with it.
    services.placement_change(
        child=missing_child,
        details=placement(date(2025, 3, 10), "U4", "Jones"),
        reason_for_change="CARPL",
        planned_ending=True,
        missing_returned_on=date(2025, 3, 9),
        by=social_worker,
    )
    assert Placement.objects.filter(child=missing_child).count() == 2
    assert MissingEpisode.objects.get(child=missing_child).end_date == date(2025, 3, 9)


def test_saying_the_child_came_back_when_they_are_not_missing_is_refused(social_worker):
    child = register(social_worker, START)
    with pytest.raises(ApplicationError) as refused:
        services.period_of_care_end(
            child=child,
            end_date=date(2025, 3, 14),
            reason="E8",
            missing_returned_on=date(2025, 3, 12),
            by=social_worker,
        )
    assert refused.value.field == "missing_returned_on"
    assert PeriodOfCare.objects.get(child=child).end_date is None
