"""The selectors the IRO home page and the IRO annual report read."""

from datetime import date

import pytest

from accounts.models import Role
from resolutions import selectors, services
from resolutions.models import Kind, Stage, StageOutcome
from tests.factories import ChildFactory, allocate
from tests.resolutions.conftest import person

pytestmark = pytest.mark.django_db


def raise_(child, iro, kind, on, themes, responder=None):
    return services.resolution_raise(
        child=child,
        by=iro,
        kind=kind,
        raised_on=on,
        themes=themes,
        concern="c",
        requested="r",
        responder=responder,
    )


def answer(resolution, by, on):
    services.stage_respond(
        resolution=resolution, by=by, response="x", responded_on=on, outcome=StageOutcome.AGREED
    )


def test_open_resolutions_are_the_iros_own_or_all_for_an_iro_manager_soonest_due_first(
    child, iro, other_iro, iro_manager, team_manager, drift
):
    late = raise_(child, iro, Kind.FORMAL, date(2025, 12, 17), [drift], team_manager)
    early = raise_(child, iro, Kind.FORMAL, date(2025, 11, 3), [drift], team_manager)
    informal = raise_(child, iro, Kind.INFORMAL, date(2025, 10, 1), [drift])
    done = raise_(child, iro, Kind.INFORMAL, date(2025, 10, 1), [drift])
    services.resolution_resolve(resolution=done, by=iro, resolved_on=date(2025, 10, 2), outcome="o")
    rows = selectors.open_resolutions(user=iro)
    # Mon 3 Nov 2025 + 10 working days = Mon 17 Nov 2025; the informal one has no timescale.
    assert [(r.resolution, r.due) for r in rows] == [
        (early, date(2025, 11, 17)),
        (late, date(2026, 1, 5)),
        (informal, None),
    ]
    assert selectors.open_resolutions(user=other_iro) == []
    assert [r.resolution for r in selectors.open_resolutions(user=iro_manager)] == [
        early,
        late,
        informal,
    ]
    assert [r.resolution for r in selectors.open_resolutions(user=iro, stage=Stage.INFORMAL)] == [
        informal
    ]


def test_the_soonest_open_resolutions_are_the_first_of_the_full_list_in_its_order(
    child, iro, other_iro, iro_manager, team_manager, drift
):
    informal = raise_(child, iro, Kind.INFORMAL, date(2025, 10, 1), [drift])
    late = raise_(child, iro, Kind.FORMAL, date(2025, 12, 17), [drift], team_manager)
    # Saturday 1 and Sunday 2 November 2025: both due Friday 14 November (10 working
    # days from the Monday), so the one raised first comes first.
    sunday = raise_(child, iro, Kind.FORMAL, date(2025, 11, 2), [drift], team_manager)
    saturday = raise_(child, iro, Kind.FORMAL, date(2025, 11, 1), [drift], team_manager)
    # Escalated: due 10 working days after its stage 2 began on Monday 1 December 2025
    # (Monday 15 December), not after it was raised.
    escalated = raise_(child, iro, Kind.FORMAL, date(2025, 10, 6), [drift], team_manager)
    services.resolution_escalate(
        resolution=escalated, by=iro, started_on=date(2025, 12, 1), responder=iro_manager
    )
    everything = selectors.open_resolutions(user=iro)
    assert [(r.resolution, r.due) for r in everything] == [
        (saturday, date(2025, 11, 14)),
        (sunday, date(2025, 11, 14)),
        (escalated, date(2025, 12, 15)),
        (late, date(2026, 1, 5)),
        (informal, None),
    ]
    for limit in (1, 2, 3, 5, 10):
        first = selectors.soonest_open_resolutions(user=iro, limit=limit)
        assert [(r.resolution, r.due) for r in first] == [
            (r.resolution, r.due) for r in everything[:limit]
        ]
    assert [
        r.resolution for r in selectors.soonest_open_resolutions(user=iro_manager, limit=2)
    ] == [
        saturday,
        sunday,
    ]
    assert selectors.soonest_open_resolutions(user=other_iro, limit=10) == []
    assert selectors.open_resolution_records(user=iro).count() == len(everything)


def test_awaiting_response_is_the_latest_unanswered_stage_named_to_the_user(
    child, iro, team_manager, iro_manager, drift
):
    first = raise_(child, iro, Kind.FORMAL, date(2025, 12, 17), [drift], team_manager)
    moved_on = raise_(child, iro, Kind.FORMAL, date(2025, 12, 1), [drift], team_manager)
    services.resolution_escalate(
        resolution=moved_on, by=iro, started_on=date(2025, 12, 16), responder=iro_manager
    )
    answered = raise_(child, iro, Kind.FORMAL, date(2025, 12, 1), [drift], team_manager)
    answer(answered, team_manager, date(2025, 12, 2))
    assert [r.resolution for r in selectors.awaiting_response(user=team_manager)] == [first]
    assert [r.resolution for r in selectors.awaiting_response(user=iro_manager)] == [moved_on]


def test_figures_count_by_kind_stage_reached_theme_and_response_time(
    child, iro, team_manager, iro_manager, senior, social_worker, drift, no_pep, chronology
):
    # Outside the period (raised the day before it starts): not counted.
    raise_(child, iro, Kind.FORMAL, date(2025, 3, 31), [drift], team_manager)
    # Informal, stays informal.
    informal = raise_(child, iro, Kind.INFORMAL, date(2025, 4, 1), [drift, no_pep])
    # Formal, answered in time at stage 1 (Tue 1 Apr + 10 working days = Tue 15 Apr 2025).
    in_time = raise_(child, iro, Kind.FORMAL, date(2025, 4, 1), [drift], team_manager)
    answer(in_time, team_manager, date(2025, 4, 15))
    # Formal, stage 1 answered late, escalated to stage 3, unanswered at stage 2.
    # Stage 1 from Mon 2 Jun 2025 due Mon 16 Jun; answered Tue 17 Jun: 11 working days.
    far = raise_(child, iro, Kind.FORMAL, date(2025, 6, 2), [no_pep], team_manager)
    answer(far, team_manager, date(2025, 6, 17))
    services.resolution_escalate(
        resolution=far, by=iro, started_on=date(2025, 6, 18), responder=iro_manager
    )
    services.resolution_escalate(
        resolution=far, by=iro, started_on=date(2025, 7, 7), responder=senior
    )
    answer(far, senior, date(2025, 7, 8))
    services.qop_raise(
        child=child,
        by=iro,
        raised_on=date(2025, 5, 1),
        reasons=[chronology],
        details="d",
        recipient=social_worker,
    )
    figures = selectors.resolution_figures(
        user=person(Role.IRO_MANAGER), start=date(2025, 4, 1), end=date(2026, 3, 31)
    )
    assert {f.label: f.items for f in figures.by_kind} == {
        "Informal": [informal],
        "Formal": [in_time, far],
    }
    assert {f.label: f.count for f in figures.by_stage_reached} == {
        "Informal discussion": 1,
        "Stage 1 (team manager)": 1,
        "Stage 2 (group manager)": 0,
        "Stage 3 (head of service)": 1,
        "Stage 4 (director of children's services)": 0,
        "Referral to Cafcass": 0,
    }
    assert [(f.label, f.count) for f in figures.by_theme] == [
        ("Drift and delay in the plan", 2),
        ("No PEP", 2),
    ]
    times = {f.label: f.count for f in figures.response_times}
    assert times["Answered in time"] == 2  # in_time stage 1 and far's stage 3 (1 day)
    assert times["Answered late"] == 1
    assert times["Not answered"] == 1  # far's stage 2, escalated unanswered
    assert times["Awaiting a response"] == 0
    assert times["Within 5 working days"] == 1
    assert times["6 to 10 working days"] == 1
    assert times["11 to 20 working days"] == 1
    # Answered stages took 10, 11 and 1 working days.
    assert figures.average_response_working_days == 7.3
    assert figures.formal == 2
    assert [f.count for f in figures.qop_by_reason] == [1]
    assert figures.qop_escalated.count == 0


def test_figures_only_count_children_the_user_may_see(child, iro, team_manager, drift):
    raise_(child, iro, Kind.INFORMAL, date(2025, 4, 1), [drift])
    stranger = person(Role.IRO)
    allocate(ChildFactory(), worker=stranger, kind="iro")
    figures = selectors.resolution_figures(
        user=stranger, start=date(2025, 4, 1), end=date(2026, 3, 31)
    )
    assert figures.resolutions == []
