"""The measures defined elsewhere, read through reporting.measures: the same figures as
their own selectors give, with the children behind them and the team filter."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Role
from care_leavers.models import AccommodationRecord, ActivityRecord, Contact, InTouch
from care_leavers.selectors import care_leaver_rows, measures
from children.selectors import children_visible_to
from deadlines.models import Deadline, DeadlineStatus
from reporting.measures import MEASURES, Inputs, Period
from resolutions import services
from resolutions.models import Kind, Theme
from resolutions.selectors import resolution_figures
from reviews.selectors import review_timeliness
from tests.factories import ChildFactory, TeamFactory, UserFactory, allocate
from tests.reporting.test_measures import care

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


@pytest.fixture
def teams(db):
    return TeamFactory(name="Team A"), TeamFactory(name="Team B")


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.IRO_MANAGER)


def held(name, team):
    child = ChildFactory.create(la_reference=name, first_name=name)
    allocate(child, team=team, start=date(2024, 1, 1))
    return child


def review(child, due, met, n):
    return Deadline.objects.create(
        child=child,
        rule="cic_review",
        key=f"review-{n}",
        due_date=due,
        status=DeadlineStatus.MET,
        met_on=met,
        explanation="Review",
        changed_at=timezone.now(),
    )


def run(key, user, team=None):
    return MEASURES[key](Inputs(YEAR, children_visible_to(user=user), team, user))


def refs(result):
    return sorted(result.children.values_list("la_reference", flat=True))


def test_reviews_in_timescale_are_review_timeliness_with_the_children_behind(teams, manager):
    a, b = held("A", teams[0]), held("B", teams[1])
    review(a, date(2025, 5, 1), date(2025, 4, 30), 1)  # in time
    review(a, date(2025, 11, 1), date(2025, 11, 4), 2)  # late
    review(b, date(2026, 3, 31), date(2026, 3, 31), 3)  # in time, on the day due
    review(b, date(2025, 3, 1), date(2025, 3, 31), 4)  # held before the year
    result = run("reviews_in_timescale", manager)
    own = review_timeliness(user=manager, start=YEAR.start, end=YEAR.end)
    assert (result.count, result.denominator) == (len(own.in_time), own.held) == (2, 3)
    assert result.percent == "66.7%"
    assert refs(result) == ["A", "B"]
    assert sorted(result.denominator_children.values_list("la_reference", flat=True)) == [
        "A",
        "B",
    ]
    team_b = run("reviews_in_timescale", manager, teams[1])
    assert (team_b.count, team_b.denominator, refs(team_b)) == (1, 1, ["B"])


def test_resolutions_and_qop_forms_are_resolution_figures(teams, manager):
    from resolutions.seeds import ensure_lists

    ensure_lists()
    iro = UserFactory.create(role=Role.IRO)
    theme = Theme.objects.first()
    assert theme is not None
    a, b = held("A", teams[0]), held("B", teams[1])
    for child in (a, b):
        allocate(child, worker=iro, kind="iro", start=date(2024, 1, 1))
    for child, on in ((a, date(2025, 4, 1)), (a, date(2026, 3, 31)), (b, date(2025, 6, 2))):
        services.resolution_raise(
            child=child,
            by=iro,
            kind=Kind.INFORMAL,
            raised_on=on,
            themes=[theme],
            concern="c",
            requested="r",
            responder=None,
        )
    result = run("resolutions_raised", manager)
    own = resolution_figures(user=manager, start=YEAR.start, end=YEAR.end)
    assert result.count == len(own.resolutions) == 3
    assert refs(result) == ["A", "B"]  # the children behind three resolutions
    assert run("resolutions_raised", manager, teams[0]).count == 2
    assert run("qop_forms_raised", manager).count == len(own.qop_forms) == 0
    assert run("resolution_responses_in_time", manager).denominator == 0


def test_care_leavers_in_touch_are_the_care_leaver_measure(teams, manager):
    # Born 1 June 2005: 20 on 31 March 2026; looked after from 14 to 18.
    young = ChildFactory.create(la_reference="Y", date_of_birth=date(2005, 6, 1))
    allocate(young, team=teams[0], start=date(2019, 6, 1))
    care(young, date(2019, 6, 1), date(2023, 6, 1), "E17")
    Contact.objects.create(
        child=young, contact_date=date(2026, 3, 2), contact_type="phone", outcome=InTouch.YES
    )
    out = ChildFactory.create(la_reference="O", date_of_birth=date(2005, 9, 1))
    allocate(out, team=teams[1], start=date(2019, 6, 1))
    care(out, date(2019, 6, 1), date(2023, 9, 1), "E17")
    result = run("care_leavers_in_touch", manager)
    own = measures(care_leaver_rows(user=manager, today=YEAR.end))[0]
    assert (result.count, result.denominator) == (own.count, own.denominator) == (1, 2)
    assert refs(result) == ["Y"]
    assert sorted(result.denominator_children.values_list("la_reference", flat=True)) == [
        "O",
        "Y",
    ]
    team_b = run("care_leavers_in_touch", manager, teams[1])
    assert (team_b.count, team_b.denominator) == (0, 1)


def test_care_leavers_suitable_and_eet_are_out_of_those_with_a_record(teams, manager):
    young = ChildFactory.create(la_reference="Y", date_of_birth=date(2005, 6, 1))
    care(young, date(2019, 6, 1), date(2023, 6, 1), "E17")
    abroad = ChildFactory.create(la_reference="O", date_of_birth=date(2005, 9, 1))
    care(abroad, date(2019, 6, 1), date(2023, 9, 1), "E17")
    AccommodationRecord.objects.create(
        child=young, start_date=date(2025, 1, 1), accommodation="U", suitable=True
    )
    # Gone abroad: left out of the suitability measure.
    AccommodationRecord.objects.create(
        child=abroad, start_date=date(2025, 1, 1), accommodation="G", suitable=True
    )
    ActivityRecord.objects.create(child=young, start_date=date(2025, 1, 1), activity="F2")
    ActivityRecord.objects.create(child=abroad, start_date=date(2025, 1, 1), activity="G5")
    suitable = run("care_leavers_suitable", manager)
    assert (suitable.count, suitable.denominator) == (1, 1)
    assert refs(suitable) == ["Y"]
    assert list(suitable.denominator_children.values_list("la_reference", flat=True)) == ["Y"]
    eet = run("care_leavers_eet", manager)
    assert (eet.count, eet.denominator, eet.percent) == (1, 2, "50.0%")
    assert refs(eet) == ["Y"]


def test_a_reader_counts_only_what_they_may_see(teams):
    a = held("A", teams[0])
    review(a, date(2025, 5, 1), date(2025, 4, 30), 1)
    worker_b = UserFactory(role=Role.SOCIAL_WORKER, team=teams[1])
    assert run("reviews_in_timescale", worker_b).count == 0


def test_a_wrapped_measure_needs_its_reader(db):
    from children.models import Child

    with pytest.raises(ValueError, match="Inputs.user"):
        MEASURES["reviews_in_timescale"](Inputs(YEAR, Child.objects.all()))
