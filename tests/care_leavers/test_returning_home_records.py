"""Six months at home (reg 3) from the recorded history: the young person's page, the
list, the deadline rules and the SSDA903 OC3 table all see the same category.

Born 14 June 2006: 16 on 14 June 2022, 18 on 14 June 2024, 19 on 14 June 2025 (in the
collection year 2025/26), 21 on 14 June 2027. In care from 1 September 2021.
"""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Role
from care_leavers import services as leaver_services
from care_leavers.categories import Category
from care_leavers.selectors import care_leaver_rows, status_for
from children import services
from deadlines.calendar import WorkingCalendar
from deadlines.facts import Batch, load_facts
from deadlines.rules import REGISTRY, RuleContext, RuleSettings
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return
from tests.care_leavers.helpers import person
from tests.children.builders import move, register

pytestmark = pytest.mark.django_db

DOB = date(2006, 6, 14)


def gone_home(by, reference="RH1", placed_with_parents: date | None = None, left=date(2023, 12, 1)):
    """Looked after from 1 September 2021 until `left` (aged 17), when they went home
    (E4A); with parents (P1) from `placed_with_parents` if given."""
    child = register(by, date(2021, 9, 1), la_reference=reference, date_of_birth=DOB)
    child.placements.update(home_postcode="WS1 1DQ", postcode="WS2 8AL", urn="SC999001")
    if placed_with_parents:
        move(child, by, placed_with_parents, "P1", "Mother", provider="PR0")
    services.period_of_care_end(child=child, end_date=left, reason="E4A", by=by)
    return child


def test_a_placement_with_parents_counts_and_a_move_away_makes_them_relevant_again(
    social_worker,
):
    # With parents from 1 August 2023, care ended on 1 December 2023: six months on
    # 1 February 2024.
    child = gone_home(social_worker, placed_with_parents=date(2023, 8, 1))
    assert status_for(child=child, on=date(2024, 1, 31)).category == Category.RELEVANT
    home = status_for(child=child, on=date(2024, 2, 1))
    assert (home.category, home.returned_home_on) == (Category.QUALIFYING, date(2024, 2, 1))
    assert "since 1 August 2023, six months on 1 February 2024" in home.reason
    leaver_services.accommodation_record(
        child=child, start_date=date(2024, 3, 1), accommodation="D", suitable=True, by=social_worker
    )
    assert status_for(child=child, on=date(2024, 3, 1)).category == Category.RELEVANT
    assert status_for(child=child, on=date(2024, 7, 1)).category == Category.FORMER_RELEVANT


def test_the_list_and_the_deadline_rules_see_the_same_category(social_worker):
    today = timezone.localdate()
    # Went home at 17 (1 December 2023) and still there: qualifying until 21.
    child = gone_home(social_worker)
    manager = person(Role.SENIOR_MANAGER, username="sm-home")
    [row] = [r for r in care_leaver_rows(user=manager) if r.child.pk == child.pk]
    assert row.status.category == Category.QUALIFYING
    facts = load_facts(Batch(ids=[child.pk]))[child.pk]
    ctx = RuleContext(today, WorkingCalendar(), RuleSettings())
    # Qualifying young people are owed no pathway plan or contact deadlines.
    assert list(REGISTRY["pathway_plan_review"].function(facts, ctx)) == []
    assert list(REGISTRY["care_leaver_contact"].function(facts, ctx)) == []
    # A move away from home brings the duties back.
    leaver_services.accommodation_record(
        child=child, start_date=today, accommodation="U", suitable=True, by=social_worker
    )
    facts = load_facts(Batch(ids=[child.pk]))[child.pk]
    assert list(REGISTRY["care_leaver_contact"].function(facts, ctx)) != []


def test_oc3_reports_a_young_person_at_home_six_months_as_rhom(social_worker):
    # Home since 1 December 2023: six months on 1 June 2024, before the 19th birthday.
    gone_home(social_worker)
    rows = build_return(year=2026)[tables.OC3]
    assert rows == [
        {"CHILD": "RH1", "DOB": "14/06/2006", "IN_TOUCH": "RHOM", "ACTIV": "0", "ACCOM": "0"}
    ]
