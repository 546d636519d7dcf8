"""The response deadline of each formal stage of a dispute resolution, with dates worked
out by hand: each working day after day 0 is numbered, non-working days passed over are
in square brackets (England bank holidays, DOMAIN.md section 3)."""

from datetime import date

import pytest
from django.urls import reverse

from deadlines.calendar import WorkingCalendar
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from deadlines.selectors import my_work
from deadlines.services import recompute
from resolutions import services
from resolutions.deadline_rules import ResolutionStageFact
from resolutions.models import Kind, StageOutcome
from tests.children.builders import register


def run(facts: ChildFacts, today: date, settings: RuleSettings | None = None) -> list[Due]:
    ctx = RuleContext(today, WorkingCalendar(), settings or RuleSettings())
    return list(REGISTRY["resolution_response"].function(facts, ctx))


def facts(*stages: ResolutionStageFact) -> ChildFacts:
    return ChildFacts(child_id=1, date_of_birth=date(2012, 3, 4), resolution_stages=list(stages))


def test_a_stage_started_on_17_december_2025_is_due_on_5_january_2026():
    # Day 0 Wed 17 Dec 2025. 1 Thu 18, 2 Fri 19, 3 Mon 22, 4 Tue 23, 5 Wed 24,
    # [Thu 25 Christmas Day, Fri 26 Boxing Day], 6 Mon 29, 7 Tue 30, 8 Wed 31,
    # [Thu 1 Jan New Year's Day], 9 Fri 2 Jan, 10 Mon 5 Jan 2026.
    stage = ResolutionStageFact(7, 3, 1, date(2025, 12, 17), None, awaiting=True)
    [due] = run(facts(stage), today=date(2025, 12, 18))
    assert due.key == "resolution:3:stage:1"
    assert due.due_date == date(2026, 1, 5)
    assert due.met_on is None
    assert due.explanation == (
        "Stage 1 response by 5 January 2026: 10 working days after the stage started on "
        "17 December 2025"
    )


def test_the_number_of_days_is_the_councils_setting():
    # Day 0 Fri 28 Feb 2025 (not a leap year). 1 Mon 3 Mar ... 5 Fri 7 Mar 2025.
    stage = ResolutionStageFact(7, 3, 2, date(2025, 2, 28), None, awaiting=True)
    [due] = run(
        facts(stage),
        today=date(2025, 3, 1),
        settings=RuleSettings(RESOLUTION_RESPONSE_WORKING_DAYS=5),
    )
    assert due.due_date == date(2025, 3, 7)


def test_a_stage_started_on_a_saturday_in_a_leap_year_over_easter():
    # Day 0 Sat 29 Feb 2020 (leap day). 1 Mon 2 Mar, ..., 5 Fri 6 Mar, 6 Mon 9, 7 Tue 10,
    # 8 Wed 11, 9 Thu 12, 10 Fri 13 Mar 2020.
    stage = ResolutionStageFact(1, 1, 3, date(2020, 2, 29), None, awaiting=True)
    [due] = run(facts(stage), today=date(2020, 3, 2))
    assert due.due_date == date(2020, 3, 13)
    # Day 0 Thu 9 Apr 2020. [Fri 10 Good Friday], [Mon 13 Easter Monday], 1 Tue 14,
    # 2 Wed 15, 3 Thu 16, 4 Fri 17, 5 Mon 20, ..., 9 Fri 24, 10 Mon 27 Apr 2020.
    easter = ResolutionStageFact(2, 2, 4, date(2020, 4, 9), None, awaiting=True)
    [due] = run(facts(easter), today=date(2020, 4, 9))
    assert due.due_date == date(2020, 4, 27)


def test_a_response_meets_it_on_its_date_even_after_the_resolution_moved_on():
    answered = ResolutionStageFact(7, 3, 1, date(2025, 12, 17), date(2026, 1, 6), awaiting=False)
    [due] = run(facts(answered), today=date(2026, 2, 1))
    assert (due.met_on, due.met_by) == (date(2026, 1, 6), "resolutions.resolutionstage:7")
    assert due.due_date == date(2026, 1, 5)  # answered a day late


def test_a_stage_passed_over_without_a_response_no_longer_applies():
    passed = ResolutionStageFact(7, 3, 1, date(2025, 12, 17), None, awaiting=False)
    current = ResolutionStageFact(8, 3, 2, date(2026, 1, 12), None, awaiting=True)
    # Day 0 Mon 12 Jan 2026: 10 working days on is Mon 26 Jan 2026.
    assert [(d.key, d.due_date) for d in run(facts(passed, current), today=date(2026, 1, 12))] == [
        ("resolution:3:stage:2", date(2026, 1, 26))
    ]


@pytest.mark.django_db
def test_the_responder_sees_the_stage_in_my_work_until_they_answer(
    client, social_worker, team_manager, team_a
):
    from accounts.models import Role
    from children.models import AllocationKind
    from resolutions.models import Theme
    from tests.factories import allocate
    from tests.resolutions.conftest import person

    child = register(social_worker, date(2025, 11, 3), first_name="Robin")
    officer = person(Role.IRO)
    allocate(child, worker=officer, kind=AllocationKind.IRO, start=date(2025, 11, 3))
    resolution = services.resolution_raise(
        child=child,
        by=officer,
        kind=Kind.FORMAL,
        raised_on=date(2025, 12, 17),
        themes=[Theme.objects.get(name="No PEP")],
        concern="No PEP since September.",
        requested="A PEP meeting.",
        responder=team_manager,
    )
    recompute(child_ids=[child.pk], today=date(2025, 12, 18))
    deadline = Deadline.objects.get(rule="resolution_response")
    assert deadline.key == f"resolution:{resolution.pk}:stage:1"
    assert deadline.due_date == date(2026, 1, 5)
    assert list(my_work(user=team_manager).filter(rule="resolution_response")) == [deadline]
    # Nobody else has it in their work, not even the IRO or the social worker.
    for other in (officer, social_worker, person(Role.TEAM_MANAGER, team=team_a)):
        assert not my_work(user=other).filter(rule="resolution_response").exists()
    client.force_login(team_manager)
    body = client.get(reverse("deadlines:my_work")).content.decode()
    assert "Dispute resolution: stage response" in body
    # Due within 10 working days: the responder's reminder digest has it.
    from deadlines.reminders import digest_for

    digest = digest_for(user=team_manager, today=date(2025, 12, 18))
    assert [(i.rule_title, i.due_date) for i in digest.due_soon] == [
        ("Dispute resolution: stage response", date(2026, 1, 5))
    ]

    services.stage_respond(
        resolution=resolution,
        by=team_manager,
        response="PEP meeting on 8 January.",
        responded_on=date(2025, 12, 19),
        outcome=StageOutcome.AGREED,
    )
    recompute(child_ids=[child.pk], today=date(2025, 12, 19))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == (DeadlineStatus.MET, date(2025, 12, 19))
    assert not my_work(user=team_manager).filter(rule="resolution_response").exists()
