"""Every deadline rule, with the dates a practitioner would work out by hand.

The facts are built by hand (no database): each test says what is on the child's
record and which date the rule must give, with the count in a comment. Working
days: each working day after day 0 is numbered, non-working days passed over are
in square brackets (England bank holidays, DOMAIN.md section 3).
"""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from accounts.models import Role
from casework.deadline_rules import CaseworkFacts
from children.models import AllocationKind
from deadlines.calendar import WorkingCalendar
from deadlines.facts import AllocationFact, PlacementFact, RecordDate
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings, evaluate
from euss.deadline_rules import EussFact, EussFacts
from euss.models import EussStatus
from reviews.deadline_rules import ReviewFact, ReviewsFacts

TODAY = date(2025, 1, 15)


def context(today: date = TODAY, settings: RuleSettings | None = None) -> RuleContext:
    return RuleContext(today, WorkingCalendar(), settings or RuleSettings())


def run(code: str, facts: ChildFacts, **kwargs) -> list[Due]:
    return list(REGISTRY[code].function(facts, context(**kwargs)))


def only(code: str, facts: ChildFacts, **kwargs) -> Due:
    [due] = run(code, facts, **kwargs)
    return due


def looked_after(
    start: date,
    *,
    period_id: int = 1,
    placements: list[PlacementFact] | None = None,
    date_of_birth: date = date(2012, 5, 1),
    **kwargs,
) -> ChildFacts:
    """A child looked after from `start`, placed that day (placement 10) unless told."""
    if placements is None:
        placements = [PlacementFact(10, start, None, False)]
    return ChildFacts(
        child_id=1,
        date_of_birth=date_of_birth,
        period_id=period_id,
        period_start=start,
        placements=placements,
        **kwargs,
    )


# --- the registry --------------------------------------------------------------------


def test_every_rule_has_a_title_a_source_a_docstring_and_someone_responsible():
    assert REGISTRY
    for code, registered in REGISTRY.items():
        assert registered.code == code
        assert registered.title.strip(), code
        assert registered.source.strip(), code
        assert len(registered.description) > 40, code
        # "resolution_responder": the person named on a dispute resolution stage.
        responsible = AllocationKind.values + Role.values + ["resolution_responder"]
        assert registered.responsible in responsible, code


def test_the_childs_record_rules_are_registered():
    assert {
        "iro_allocation",
        "care_plan",
        "sw_visit",
        "cic_review",
        "euss_apply",
        "euss_settled",
        "euss_expiry",
    } <= set(REGISTRY)


def test_a_child_who_is_not_looked_after_has_no_deadlines():
    facts = ChildFacts(
        child_id=1,
        date_of_birth=date(2010, 3, 10),
        iro_allocations=[AllocationFact(5, date(2024, 1, 1), None)],
        care_plans=[RecordDate(6, date(2024, 1, 2))],
        last_visit=RecordDate(0, date(2024, 1, 3)),
        euss=EussFact(
            7,
            EussStatus.PRE_SETTLED,
            False,
            None,
            date(2023, 1, 1),
            None,
            date(2020, 1, 1),
            date(2028, 1, 1),
        ),
        euss_nationality=True,
    )
    assert list(evaluate(facts, context())) == []


# --- IRO allocated ---------------------------------------------------------------------

# Looked after Fri 6 Dec 2024 (day 0): Mon 9 (1), Tue 10 Dec 2024 (2).
IRO_DUE = date(2024, 12, 10)


def test_iro_allocated_on_time():
    facts = looked_after(
        date(2024, 12, 6), iro_allocations=[AllocationFact(5, date(2024, 12, 9), None)]
    )
    due = only("iro_allocation", facts)
    assert due == Due(
        "period:1",
        IRO_DUE,
        "IRO allocated by 10 December 2024: 2 working days after becoming looked after "
        "on 6 December 2024",
        date(2024, 12, 9),
        "children.allocation:5",
    )


def test_iro_allocated_late_is_met_on_the_day_of_allocation():
    facts = looked_after(
        date(2024, 12, 6), iro_allocations=[AllocationFact(5, date(2024, 12, 12), None)]
    )
    due = only("iro_allocation", facts)
    assert due.due_date == IRO_DUE
    assert due.met_on == date(2024, 12, 12)


def test_no_iro_allocated_is_open():
    due = only("iro_allocation", looked_after(date(2024, 12, 6)))
    assert (due.due_date, due.met_on, due.met_by) == (IRO_DUE, None, "")


def test_an_iro_allocated_before_the_child_came_into_care_meets_it_on_day_0():
    facts = looked_after(
        date(2024, 12, 6), iro_allocations=[AllocationFact(5, date(2024, 11, 1), None)]
    )
    due = only("iro_allocation", facts)
    assert due.met_on == date(2024, 12, 6)
    assert due.met_by == "children.allocation:5"


def test_an_iro_allocation_that_ended_before_the_period_started_does_not_count():
    facts = looked_after(
        date(2024, 12, 6),
        iro_allocations=[
            AllocationFact(4, date(2023, 1, 10), date(2024, 6, 1)),  # an earlier period
            AllocationFact(5, date(2024, 12, 11), None),
        ],
    )
    due = only("iro_allocation", facts)
    assert (due.met_on, due.met_by) == (date(2024, 12, 11), "children.allocation:5")
    facts.iro_allocations.pop()
    assert only("iro_allocation", facts).met_on is None


def test_the_number_of_working_days_for_the_iro_is_a_setting():
    # Looked after Mon 23 Dec 2024 (day 0): Tue 24 (1), [Wed 25, Thu 26] Fri 27 (2),
    # [Sat 28, Sun 29] Mon 30 Dec (3).
    facts = looked_after(date(2024, 12, 23))
    assert only("iro_allocation", facts).due_date == date(2024, 12, 27)
    due = only("iro_allocation", facts, settings=RuleSettings(IRO_ALLOCATION_WORKING_DAYS=3))
    assert due.due_date == date(2024, 12, 30)
    assert due.explanation.startswith("IRO allocated by 30 December 2024: 3 working days after")


# --- care plan ------------------------------------------------------------------------

# First placement Mon 14 Apr 2025 (day 0): Tue 15 (1), Wed 16 (2), Thu 17 (3),
# [Good Friday 18, Sat 19, Sun 20, Easter Monday 21] Tue 22 (4), Wed 23 (5), Thu 24 (6),
# Fri 25 (7), [26, 27] Mon 28 (8), Tue 29 (9), Wed 30 Apr 2025 (10).
PLAN_START = date(2025, 4, 14)
PLAN_DUE = date(2025, 4, 30)


def test_care_plan_within_10_working_days_of_the_first_placement_across_easter():
    due = only("care_plan", looked_after(PLAN_START))
    assert due == Due(
        "period:1",
        PLAN_DUE,
        "Care plan agreed by 30 April 2025: 10 working days after the first placement "
        "started on 14 April 2025 (reg 4)",
    )


def test_care_plan_agreed_in_time_and_late():
    on_time = looked_after(PLAN_START, care_plans=[RecordDate(6, date(2025, 4, 30))])
    assert (only("care_plan", on_time).met_on, only("care_plan", on_time).met_by) == (
        date(2025, 4, 30),
        "casework.careplan:6",
    )
    late = looked_after(PLAN_START, care_plans=[RecordDate(7, date(2025, 5, 2))])
    assert only("care_plan", late).met_on == date(2025, 5, 2)


def test_the_earliest_placement_of_the_period_is_the_first():
    facts = looked_after(
        PLAN_START,
        placements=[
            PlacementFact(10, PLAN_START, date(2025, 6, 2), False),
            PlacementFact(11, date(2025, 6, 2), None, False),
        ],
    )
    assert only("care_plan", facts).due_date == PLAN_DUE


def test_a_plan_made_in_the_28_days_before_a_planned_admission_counts_from_day_0():
    # 14 Apr 2025 less 28 days is Mon 17 Mar 2025: a plan agreed that day counts.
    facts = looked_after(PLAN_START, care_plans=[RecordDate(6, date(2025, 3, 17))])
    due = only("care_plan", facts)
    assert (due.met_on, due.met_by) == (PLAN_START, "casework.careplan:6")
    # Sun 16 Mar 2025 is 29 days before: too early.
    facts = looked_after(PLAN_START, care_plans=[RecordDate(6, date(2025, 3, 16))])
    assert only("care_plan", facts).met_on is None


def test_a_plan_from_an_earlier_period_of_care_does_not_count():
    # The child's earlier period of care ended Tue 1 Apr 2025 and they came back
    # into care on Mon 14 Apr 2025. The plan of Tue 25 Mar 2025 (20 days before)
    # was that period's; the plan of Wed 9 Apr 2025, between the periods, is this one's.
    facts = looked_after(
        PLAN_START,
        period_id=2,
        previous_period_end=date(2025, 4, 1),
        care_plans=[RecordDate(5, date(2025, 3, 25))],
    )
    due = only("care_plan", facts)
    assert (due.key, due.met_on) == ("period:2", None)
    facts.part(CaseworkFacts).care_plans.append(RecordDate(6, date(2025, 4, 9)))
    due = only("care_plan", facts)
    assert (due.met_on, due.met_by) == (PLAN_START, "casework.careplan:6")
    # Nor does a plan agreed on the day the earlier period ended.
    facts.part(CaseworkFacts).care_plans[:] = [RecordDate(5, date(2025, 4, 1))]
    assert only("care_plan", facts).met_on is None


def test_no_care_plan_deadline_without_a_placement():
    assert run("care_plan", looked_after(PLAN_START, placements=[])) == []


# --- social worker visits (reg 28) -------------------------------------------------------


def test_first_visit_within_7_days_of_the_placement_starting():
    # Placed Mon 2 Dec 2024: 7 calendar days later is Mon 9 Dec 2024.
    due = only("sw_visit", looked_after(date(2024, 12, 2)))
    assert due == Due(
        "placement:10",
        date(2024, 12, 9),
        "Next visit by 9 December 2024: first visit within 1 week of the placement "
        "starting on 2 December 2024 (reg 28(2))",
    )


def test_the_first_visit_counts_calendar_days_over_christmas():
    # Placed Fri 20 Dec 2024: 7 calendar days (bank holidays included) is Fri 27 Dec 2024.
    assert only("sw_visit", looked_after(date(2024, 12, 20))).due_date == date(2024, 12, 27)


def test_a_visit_before_the_placement_started_does_not_count():
    facts = looked_after(date(2024, 12, 2), last_visit=RecordDate(0, date(2024, 12, 1)))
    assert only("sw_visit", facts).due_date == date(2024, 12, 9)


def test_visits_every_6_weeks_in_the_first_year():
    # Placed Mon 2 Dec 2024, visited Tue 7 Jan 2025: 42 days later is Tue 18 Feb 2025
    # (7 Jan + 24 = 31 Jan, + 18 = 18 Feb).
    facts = looked_after(date(2024, 12, 2), last_visit=RecordDate(0, date(2025, 1, 7)))
    due = only("sw_visit", facts)
    assert due.due_date == date(2025, 2, 18)
    assert due.key == "placement:10"
    assert "every 6 weeks in the placement's first year; last visit 7 January 2025" in (
        due.explanation
    )
    assert due.met_on is None


def test_a_long_term_placement_after_its_first_year_every_3_months():
    # Placed 1 Mar 2023, meant to last until 18; visited Sat 31 Aug 2024 (second year):
    # 3 calendar months later is 30 Nov 2024 (November has no 31st).
    placement = PlacementFact(10, date(2023, 3, 1), None, True)
    facts = looked_after(
        date(2023, 3, 1), placements=[placement], last_visit=RecordDate(0, date(2024, 8, 31))
    )
    assert only("sw_visit", facts).due_date == date(2024, 11, 30)
    # The same placement not meant to last until 18: 6 weeks, 31 Aug + 30 = 30 Sep,
    # + 12 = Sat 12 Oct 2024.
    facts.placements[0] = PlacementFact(10, date(2023, 3, 1), None, False)
    assert only("sw_visit", facts).due_date == date(2024, 10, 12)


def test_a_placement_that_started_on_29_february_2024():
    start = date(2024, 2, 29)
    placement = PlacementFact(10, start, None, True)
    # First visit: 29 Feb + 7 days (March after a 29-day February) is Thu 7 Mar 2024.
    assert only("sw_visit", looked_after(start, placements=[placement])).due_date == date(
        2024, 3, 7
    )
    # Visited Fri 28 Feb 2025: still the first year (the anniversary of 29 Feb is
    # taken as 1 Mar 2025), so 6 weeks: 28 Feb + 28 = 28 Mar, + 14 = Fri 11 Apr 2025.
    facts = looked_after(start, placements=[placement], last_visit=RecordDate(0, date(2025, 2, 28)))
    assert only("sw_visit", facts).due_date == date(2025, 4, 11)
    # Visited Sat 1 Mar 2025: the second year of a long-term placement, 3 months: 1 Jun 2025.
    facts = looked_after(start, placements=[placement], last_visit=RecordDate(0, date(2025, 3, 1)))
    assert only("sw_visit", facts).due_date == date(2025, 6, 1)


def test_a_placement_change_moves_the_visit_to_the_new_placement():
    # Placed Mon 2 Dec 2024 (placement 10): first visit due Mon 9 Dec, visited Thu 5 Dec.
    facts = looked_after(date(2024, 12, 2), last_visit=RecordDate(0, date(2024, 12, 5)))
    assert [d.key for d in run("sw_visit", facts)] == ["placement:10"]
    # Moved Fri 20 Dec 2024 (placement 11): the visit of 5 Dec was before the move, so
    # the first visit in the new placement is due 7 days later, Fri 27 Dec 2024; the
    # old placement's deadline is no longer yielded.
    facts.placements = [
        PlacementFact(10, date(2024, 12, 2), date(2024, 12, 20), False),
        PlacementFact(11, date(2024, 12, 20), None, False),
    ]
    due = only("sw_visit", facts)
    assert (due.key, due.due_date) == ("placement:11", date(2024, 12, 27))


def test_the_visit_intervals_are_settings():
    facts = looked_after(date(2024, 12, 2))
    # A council visiting within 5 days: Sat 7 Dec 2024.
    settings = RuleSettings(VISIT_FIRST_DAYS=5)
    assert only("sw_visit", facts, settings=settings).due_date == date(2024, 12, 7)


def test_no_visit_is_due_without_a_current_placement():
    facts = looked_after(
        date(2024, 12, 2),
        placements=[PlacementFact(10, date(2024, 12, 2), date(2024, 12, 20), False)],
    )
    assert run("sw_visit", facts) == []


# --- child-in-care reviews (reg 33) ------------------------------------------------------

# Looked after Fri 6 Dec 2024 (day 0): Mon 9 (1), Tue 10 (2), Wed 11 (3), Thu 12 (4),
# Fri 13 (5), Mon 16 (6), Tue 17 (7), Wed 18 (8), Thu 19 (9), Fri 20 (10), Mon 23 (11),
# Tue 24 (12), [Wed 25 Christmas, Thu 26 Boxing Day] Fri 27 (13), Mon 30 (14),
# Tue 31 (15), [Wed 1 Jan New Year's Day] Thu 2 Jan (16), Fri 3 (17), Mon 6 (18),
# Tue 7 (19), Wed 8 Jan 2025 (20).
CARE_START = date(2024, 12, 6)
FIRST_REVIEW_DUE = date(2025, 1, 8)


def reviews(facts: ChildFacts) -> list[tuple[str, date, date | None]]:
    return [(d.key, d.due_date, d.met_on) for d in run("cic_review", facts)]


def test_first_review_within_20_working_days_over_christmas_and_new_year():
    due = only("cic_review", looked_after(CARE_START))
    assert due == Due(
        "period:1:review:1",
        FIRST_REVIEW_DUE,
        "First review due by 8 January 2025: 20 working days after becoming looked after "
        "on 6 December 2024 (reg 33)",
    )


def test_first_review_looked_after_the_monday_before_christmas():
    # Mon 16 Dec 2024 (day 0): Tue 17 (1) ... Fri 20 (4), Mon 23 (5), Tue 24 (6),
    # [25, 26] Fri 27 (7), Mon 30 (8), Tue 31 (9), [1 Jan] Thu 2 (10), Fri 3 (11),
    # Mon 6 (12) ... Fri 10 (16), Mon 13 (17), Tue 14 (18), Wed 15 (19), Thu 16 Jan 2025 (20).
    assert only("cic_review", looked_after(date(2024, 12, 16))).due_date == date(2025, 1, 16)


def test_the_second_review_3_months_after_the_first():
    facts = looked_after(CARE_START, reviews=[ReviewFact(21, date(2025, 1, 7))])
    first, second = run("cic_review", facts)
    assert (first.key, first.due_date, first.met_on, first.met_by) == (
        "period:1:review:1",
        FIRST_REVIEW_DUE,
        date(2025, 1, 7),
        "reviews.review:21",
    )
    # Held Tue 7 Jan 2025: 3 months later, Mon 7 Apr 2025.
    assert (second.key, second.due_date, second.met_on) == (
        "period:1:review:2",
        date(2025, 4, 7),
        None,
    )
    assert second.explanation == (
        "Second review due by 7 April 2025: 3 months after the first review on "
        "7 January 2025 (reg 33)"
    )


def test_later_reviews_every_6_months():
    facts = looked_after(
        CARE_START,
        reviews=[ReviewFact(21, date(2025, 1, 7)), ReviewFact(22, date(2025, 4, 3))],
    )
    # Second held Thu 3 Apr 2025: third 6 months later, Fri 3 Oct 2025.
    assert reviews(facts) == [
        ("period:1:review:1", FIRST_REVIEW_DUE, date(2025, 1, 7)),
        ("period:1:review:2", date(2025, 4, 7), date(2025, 4, 3)),
        ("period:1:review:3", date(2025, 10, 3), None),
    ]
    facts.part(ReviewsFacts).reviews.append(ReviewFact(23, date(2025, 10, 1)))
    # Third held Wed 1 Oct 2025: fourth by 1 Apr 2026.
    assert reviews(facts)[-1] == ("period:1:review:4", date(2026, 4, 1), None)
    assert run("cic_review", facts)[-1].explanation.startswith(
        "Review 4 due by 1 April 2026: 6 months after the review on 1 October 2025"
    )


def test_a_late_review_is_met_late_and_the_next_runs_from_when_it_was_held():
    # First review held Mon 20 Jan 2025, after its due date of 8 Jan: the second is
    # 3 months after the day it was held, Sun 20 Apr 2025.
    facts = looked_after(CARE_START, reviews=[ReviewFact(21, date(2025, 1, 20))])
    assert reviews(facts) == [
        ("period:1:review:1", FIRST_REVIEW_DUE, date(2025, 1, 20)),
        ("period:1:review:2", date(2025, 4, 20), None),
    ]


def test_months_end_on_the_last_day_of_a_shorter_month():
    # Looked after Mon 2 Sep 2024; first review held Sat 30 Nov 2024 (late, but it
    # sets the cycle); second 3 months later: 30 Feb does not exist, so Fri 28 Feb 2025.
    facts = looked_after(date(2024, 9, 2), reviews=[ReviewFact(21, date(2024, 11, 30))])
    assert reviews(facts)[-1] == ("period:1:review:2", date(2025, 2, 28), None)
    # Second held Sun 31 Aug 2025: 6 months later is 28 Feb 2026 (not a leap year).
    facts.part(ReviewsFacts).reviews.append(ReviewFact(22, date(2025, 8, 31)))
    assert reviews(facts)[-1] == ("period:1:review:3", date(2026, 2, 28), None)


def test_six_months_after_31_august_2023_is_the_leap_day():
    # Looked after 1 Jun 2023; reviews held 29 Jun 2023 and Thu 31 Aug 2023: the third
    # by 29 Feb 2024 (2024 is a leap year).
    facts = looked_after(
        date(2023, 6, 1),
        reviews=[ReviewFact(21, date(2023, 6, 29)), ReviewFact(22, date(2023, 8, 31))],
    )
    assert reviews(facts)[-1] == ("period:1:review:3", date(2024, 2, 29), None)


def test_an_early_review_directed_by_the_iro_resets_the_cycle():
    # At the second review (Thu 3 Apr 2025) the IRO directs the next by Tue 1 Jul 2025,
    # earlier than the 6-month limit of 3 Oct 2025.
    facts = looked_after(
        CARE_START,
        reviews=[
            ReviewFact(21, date(2025, 1, 7)),
            ReviewFact(22, date(2025, 4, 3), next_review_directed_by=date(2025, 7, 1)),
        ],
    )
    third = run("cic_review", facts)[-1]
    assert (third.key, third.due_date) == ("period:1:review:3", date(2025, 7, 1))
    assert third.explanation == (
        "Third review due by 1 July 2025: directed by the IRO at the review on 3 April 2025, "
        "earlier than the 6-month limit (reg 33)"
    )
    # The early review is held Mon 30 Jun 2025: it met the directed date, and the
    # next review is 6 months after it, Tue 30 Dec 2025 (not 6 months after 3 Oct).
    facts.part(ReviewsFacts).reviews.append(ReviewFact(23, date(2025, 6, 30)))
    assert reviews(facts)[-2:] == [
        ("period:1:review:3", date(2025, 7, 1), date(2025, 6, 30)),
        ("period:1:review:4", date(2025, 12, 30), None),
    ]


def test_an_iro_direction_later_than_the_limit_does_not_extend_it():
    facts = looked_after(
        CARE_START,
        reviews=[
            ReviewFact(21, date(2025, 1, 7)),
            ReviewFact(22, date(2025, 4, 3), next_review_directed_by=date(2025, 12, 1)),
        ],
    )
    assert reviews(facts)[-1] == ("period:1:review:3", date(2025, 10, 3), None)


def test_an_early_second_review_directed_at_the_first():
    # First held Tue 7 Jan 2025; the IRO directs the second by Fri 14 Feb 2025
    # (the 3-month limit is 7 Apr).
    facts = looked_after(
        CARE_START,
        reviews=[ReviewFact(21, date(2025, 1, 7), next_review_directed_by=date(2025, 2, 14))],
    )
    assert reviews(facts)[-1] == ("period:1:review:2", date(2025, 2, 14), None)
    # Held Thu 13 Feb 2025: the third is 6 months after it, Wed 13 Aug 2025.
    facts.part(ReviewsFacts).reviews.append(ReviewFact(22, date(2025, 2, 13)))
    assert reviews(facts)[-1] == ("period:1:review:3", date(2025, 8, 13), None)


def test_a_second_period_of_care_starts_again_at_the_first_review():
    # Back in care Mon 2 Jun 2025 (period 2, no reviews in it yet): Tue 3 (1) ... Fri 6 (4),
    # Mon 9 (5) ... Fri 13 (9), Mon 16 (10) ... Fri 20 (14), Mon 23 (15) ... Fri 27 (19),
    # Mon 30 Jun 2025 (20).
    due = only("cic_review", looked_after(date(2025, 6, 2), period_id=2))
    assert (due.key, due.due_date) == ("period:2:review:1", date(2025, 6, 30))
    assert due.explanation.startswith("First review due by 30 June 2025")


# --- EU Settlement Scheme ----------------------------------------------------------------


def euss(status: str, **kwargs: Any) -> EussFact:
    """The child's EUSS record (id 7) with `status` and the dates given."""
    return replace(EussFact(7, status, False, None, None, None, None, None), **kwargs)


# Born Wed 10 Mar 2010: 18 on 10 Mar 2028.
DOB = date(2010, 3, 10)
EIGHTEEN = date(2028, 3, 10)


def test_an_eu_national_applies_before_turning_18():
    facts = looked_after(date(2024, 12, 6), date_of_birth=DOB, euss_nationality=True)
    assert only("euss_apply", facts) == Due(
        "euss",
        EIGHTEEN,
        "EU Settlement Scheme application made by 10 March 2028: before leaving care at 18 "
        "(IMA review)",
    )


def test_a_family_member_of_an_eu_national_applies_too():
    facts = looked_after(
        date(2024, 12, 6),
        date_of_birth=DOB,
        euss=euss(EussStatus.NOT_APPLIED, family_member=True),
    )
    assert only("euss_apply", facts).due_date == EIGHTEEN


def test_no_euss_deadline_for_a_child_who_is_not_eligible():
    assert run("euss_apply", looked_after(date(2024, 12, 6), date_of_birth=DOB)) == []
    recorded = looked_after(
        date(2024, 12, 6),
        date_of_birth=DOB,
        euss_nationality=True,
        euss=euss(EussStatus.NOT_ELIGIBLE),
    )
    assert run("euss_apply", recorded) == []
    assert run("euss_settled", recorded) == []
    assert run("euss_expiry", recorded) == []


def test_the_application_is_met_on_the_date_of_the_certificate_of_application():
    facts = looked_after(
        date(2024, 12, 6),
        date_of_birth=DOB,
        euss_nationality=True,
        euss=euss(EussStatus.APPLIED, coa_date=date(2025, 1, 14)),
    )
    due = only("euss_apply", facts)
    assert (due.met_on, due.met_by) == (date(2025, 1, 14), "euss.eussrecord:7")
    # Granted later, the application still counts from its certificate.
    facts.part(EussFacts).euss = euss(
        EussStatus.PRE_SETTLED, coa_date=date(2025, 1, 14), pre_settled_date=date(2025, 4, 2)
    )
    assert only("euss_apply", facts).met_on == date(2025, 1, 14)
    # Not yet applied: open.
    facts.part(EussFacts).euss = euss(EussStatus.NOT_APPLIED)
    assert only("euss_apply", facts).met_on is None


def test_a_child_born_on_a_leap_day_turns_18_on_1_march():
    # Born Fri 29 Feb 2008: 2026 has no 29 February, so 18 on Sun 1 Mar 2026.
    facts = looked_after(date(2024, 12, 6), date_of_birth=date(2008, 2, 29), euss_nationality=True)
    assert only("euss_apply", facts).due_date == date(2026, 3, 1)


def test_settled_status_can_be_applied_for_5_years_after_residence_began():
    # Residence began 3 Sep 2021: 5 years later, 3 Sep 2026.
    facts = looked_after(
        date(2024, 12, 6),
        euss_nationality=True,
        euss=euss(
            EussStatus.PRE_SETTLED,
            pre_settled_date=date(2022, 1, 5),
            residence_start=date(2021, 9, 3),
        ),
    )
    assert only("euss_settled", facts) == Due(
        "euss",
        date(2026, 9, 3),
        "Eligible for settled status from 3 September 2026: 5 years after residence began "
        "on 3 September 2021 (Appendix EU, EU11)",
    )


def test_residence_from_29_february_reaches_5_years_on_28_february():
    # Residence began Sat 29 Feb 2020: 2025 has no 29 February, so 28 Feb 2025.
    facts = looked_after(
        date(2024, 12, 6),
        euss_nationality=True,
        euss=euss(
            EussStatus.PRE_SETTLED,
            pre_settled_date=date(2020, 6, 1),
            residence_start=date(2020, 2, 29),
        ),
    )
    assert only("euss_settled", facts).due_date == date(2025, 2, 28)


def test_settled_status_granted_meets_the_settled_and_expiry_deadlines():
    facts = looked_after(
        date(2024, 12, 6),
        euss_nationality=True,
        euss=euss(
            EussStatus.SETTLED,
            pre_settled_date=date(2020, 6, 1),
            settled_date=date(2025, 3, 3),
            residence_start=date(2020, 2, 29),
            pre_settled_expiry=date(2025, 6, 1),
        ),
    )
    settled = only("euss_settled", facts)
    assert (settled.due_date, settled.met_on, settled.met_by) == (
        date(2025, 2, 28),
        date(2025, 3, 3),
        "euss.eussrecord:7",
    )
    expiry = only("euss_expiry", facts)
    assert (expiry.due_date, expiry.met_on) == (date(2025, 6, 1), date(2025, 3, 3))


def test_pre_settled_status_expires():
    facts = looked_after(
        date(2024, 12, 6),
        euss_nationality=True,
        euss=euss(
            EussStatus.PRE_SETTLED,
            pre_settled_date=date(2021, 6, 14),
            pre_settled_expiry=date(2026, 6, 14),
        ),
    )
    assert only("euss_expiry", facts) == Due(
        "euss",
        date(2026, 6, 14),
        "Pre-settled status expires on 14 June 2026: settled status before then",
    )
    # No residence start recorded: no settled-status date yet.
    assert run("euss_settled", facts) == []


@pytest.mark.parametrize(
    "status", [EussStatus.NOT_APPLIED, EussStatus.APPLIED, EussStatus.REFUSED, EussStatus.APPEAL]
)
def test_no_settled_or_expiry_deadline_before_pre_settled_status(status):
    facts = looked_after(
        date(2024, 12, 6),
        euss_nationality=True,
        euss=euss(
            status,
            coa_date=date(2024, 1, 2),
            residence_start=date(2020, 1, 1),
            pre_settled_expiry=date(2026, 1, 1),
        ),
    )
    assert run("euss_settled", facts) == []
    assert run("euss_expiry", facts) == []


# --- all rules together ------------------------------------------------------------------


def test_evaluate_yields_every_rule_for_a_looked_after_child():
    facts = looked_after(CARE_START, date_of_birth=DOB, euss_nationality=True)
    assert {
        "iro_allocation",
        "care_plan",
        "sw_visit",
        "cic_review",
        "euss_apply",
    } <= {code for code, _ in evaluate(facts, context())}
