"""Deadlines met on time, against deadline rows whose answers are worked out by hand,
for the year 1 April 2025 to 31 March 2026.

Child A's social worker visits (rule sw_visit):
    due 31 Mar 2025, met 31 Mar      before the year: not counted
    due  1 Apr 2025, met  1 Apr      the first day, met that day: on time
    due 10 May 2025, met 11 May      met a day late: not on time
    due  1 Jun 2025, missed          not on time
    due  1 Jul 2025, still open      overdue: not on time
    due  1 Aug 2025, no longer applies  left out
    due 31 Mar 2026, met 30 Mar      the last day, met early: on time
    due  1 Apr 2026, open            after the year: not counted
Child B (another team): one IHA due 2 Jun 2025, met on 2 Jun: on time.

Visits: 2 on time of 5 due. IHAs: 1 of 1; for team A's children, 0 of 0.
"""

from datetime import date, timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from children.models import Child
from deadlines.models import Deadline, DeadlineStatus
from reporting.measures import MEASURES, Inputs, Period, on_time_results
from tests.factories import ChildFactory, TeamFactory, UserFactory, allocate

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))
S = DeadlineStatus
OCCASIONS = count(1)


def deadline(child, rule, due, status, met=None):
    return Deadline.objects.create(
        child=child,
        rule=rule,
        key=f"test:{next(OCCASIONS)}",
        due_date=due,
        status=status,
        met_on=met,
        explanation="",
        changed_at=timezone.now(),
    )


@pytest.fixture
def rows(db):
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    a = ChildFactory(la_reference="A")
    b = ChildFactory(la_reference="B")
    allocate(a, team=team_a, start=date(2020, 1, 1))
    allocate(b, team=team_b, start=date(2020, 1, 1))
    d = date
    for due, status, met in [
        (d(2025, 3, 31), S.MET, d(2025, 3, 31)),
        (d(2025, 4, 1), S.MET, d(2025, 4, 1)),
        (d(2025, 5, 10), S.MET, d(2025, 5, 11)),
        (d(2025, 6, 1), S.MISSED, None),
        (d(2025, 7, 1), S.OVERDUE, None),
        (d(2025, 8, 1), S.NO_LONGER_APPLIES, None),
        (d(2026, 3, 31), S.MET, d(2026, 3, 30)),
        (d(2026, 4, 1), S.UPCOMING, None),
    ]:
        deadline(a, "sw_visit", due, status, met)
    deadline(b, "iha", d(2025, 6, 2), S.MET, d(2025, 6, 2))
    return {"a": a, "b": b, "team_a": team_a}


def run(key, period=YEAR, team=None):
    return MEASURES[key](Inputs(period, Child.objects.all(), team))


def test_visits_on_time_of_those_due(rows):
    result = run("sw_visit_on_time")
    assert (result.count, result.denominator) == (2, 5)
    assert [d.due_date for d in result.records] == [date(2025, 4, 1), date(2026, 3, 31)]
    assert len(result.denominator_records) == 5
    assert result.percent == "40.0%"


def test_a_team_counts_only_the_children_it_held(rows):
    assert (run("iha_on_time").count, run("iha_on_time").denominator) == (1, 1)
    team = run("iha_on_time", team=rows["team_a"])
    assert (team.count, team.denominator) == (0, 0)


def test_a_deadline_not_yet_due_is_not_counted(rows):
    today = timezone.localdate()
    deadline(rows["a"], "dental_check", today, S.DUE_SOON)
    deadline(rows["a"], "dental_check", today + timedelta(days=1), S.DUE_SOON)
    result = run("dental_check_on_time", Period(today - timedelta(days=30), today + timedelta(60)))
    # Due today and not met: late already. Due tomorrow: not yet counted.
    assert (result.count, result.denominator) == (0, 1)


def test_the_dashboard_reads_every_duty_in_one_query_and_agrees(rows):
    inputs = Inputs(YEAR, Child.objects.all())
    together = {r.measure.key: (r.count, r.denominator) for r in on_time_results(inputs)}
    for key, figures in together.items():
        alone = run(key)
        assert (alone.count, alone.denominator) == figures, key


def test_the_deadlines_behind_a_figure_are_listed_and_downloaded(client, rows):
    senior = UserFactory(username="senior", role=Role.SENIOR_MANAGER)
    client.force_login(senior)
    query = {
        "start_0": 1,
        "start_1": 4,
        "start_2": 2025,
        "end_0": 31,
        "end_1": 3,
        "end_2": 2026,
        "measure": "sw_visit_on_time",
    }
    response = client.get(reverse("reporting:children"), query)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2
    response = client.get(reverse("reporting:children"), query | {"of": "cohort"})
    assert len(response.context["page"].object_list) == 5
    assert "Met late" in response.text
    response = client.get(reverse("reporting:children"), query | {"download": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "LA reference,First name,Last name,Due,Met on,Status"
    assert len(lines) == 3
