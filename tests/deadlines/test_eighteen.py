"""Looked-after duties end at the 18th birthday (Children Act 1989 s105(1)).

Each test puts a child's duty on the day before the 18th birthday (kept) and on the
birthday itself (not produced), with the dates worked out by hand. The child is born
on 10 June 2008, so turns 18 on Wednesday 10 June 2026. Working days are numbered
after day 0; [25 May 2026] is the spring bank holiday.
"""

from datetime import date

import pytest

from deadlines.calendar import WorkingCalendar
from deadlines.facts import PlacementFact, RecordDate
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from health.deadline_rules import IhaFact
from reviews.deadline_rules import BookingFact, MidwayFact, ReviewFact

DOB = date(2008, 6, 10)
EIGHTEEN = date(2026, 6, 10)
TODAY = date(2026, 6, 5)


def run(code: str, facts: ChildFacts, today: date = TODAY) -> list[Due]:
    ctx = RuleContext(today, WorkingCalendar(), RuleSettings())
    return list(REGISTRY[code].function(facts, ctx))


def child(start: date, dob: date = DOB, **kwargs) -> ChildFacts:
    kwargs.setdefault("placements", [PlacementFact(10, start, None, False)])
    return ChildFacts(child_id=1, date_of_birth=dob, period_id=1, period_start=start, **kwargs)


def dates(code: str, facts: ChildFacts, today: date = TODAY) -> list[date]:
    return [d.due_date for d in run(code, facts, today)]


def test_the_first_review_and_the_iha_the_day_before_18_are_kept():
    # Looked after from Monday 11 May 2026: 12(1) 13 14 15 18(5) 19 20 21 22 [25] 26(10)
    # 27 28 29 1 Jun 2(15) 3 4 5 8 9(20): due Tuesday 9 June, the day before the birthday.
    facts = child(date(2026, 5, 11))
    assert dates("cic_review", facts) == [date(2026, 6, 9)]
    assert dates("iha", facts) == [date(2026, 6, 9)]


def test_the_first_review_and_the_iha_on_the_18th_birthday_are_not_produced():
    # From Tuesday 12 May: the 20th working day is Wednesday 10 June, the birthday.
    facts = child(date(2026, 5, 12))
    assert dates("cic_review", facts) == []
    assert dates("iha", facts) == []
    # The duties due before it stand: health notified in 5 working days (19 May), the
    # IRO in 2 (14 May), the care plan and the PEP in 10 (27 May).
    assert dates("health_notification", facts) == [date(2026, 5, 19)]
    assert dates("iro_allocation", facts) == [date(2026, 5, 14)]
    assert dates("care_plan", facts) == [date(2026, 5, 27)]
    assert dates("pep_initial", facts) == [date(2026, 5, 27)]


def test_a_child_turning_18_mid_cycle_has_no_review_after_the_birthday():
    start = date(2025, 1, 2)
    held = [ReviewFact(1, date(2025, 1, 20)), ReviewFact(2, date(2025, 4, 17))]
    # The third review held 15 December 2025: the fourth would be due 6 months later,
    # 15 June 2026, after the 18th birthday. Only the three occasions met remain.
    # The first was due 20 working days after Thursday 2 January 2025: 3(1) 6 7 8 9 10(6)
    # 13 14 15 16 17(11) 20 21 22 23 24(16) 27 28 29 30(20); the second 3 months after
    # the first (20 April); the third 6 months after the second (17 October).
    late = child(start, reviews=[*held, ReviewFact(3, date(2025, 12, 15))])
    due = run("cic_review", late)
    assert [d.due_date for d in due] == [date(2025, 1, 30), date(2025, 4, 20), date(2025, 10, 17)]
    assert all(d.met_on for d in due)
    # Held 9 December 2025: the fourth is due 9 June 2026, the day before: kept, open.
    kept = child(start, reviews=[*held, ReviewFact(3, date(2025, 12, 9))])
    last = run("cic_review", kept)[-1]
    assert (last.due_date, last.met_on) == (date(2026, 6, 9), None)


def test_a_29_february_birthday_turns_18_on_1_march_in_a_common_year():
    dob = date(2008, 2, 29)
    # Looked after from 1 March 2025: the first dental check would be due 12 months
    # later, 1 March 2026, the 18th birthday in the common year 2026: none.
    assert dates("dental_check", child(date(2025, 3, 1), dob=dob), date(2026, 2, 1)) == []
    # From 28 February 2025: due Saturday 28 February 2026, the day before: kept.
    assert dates("dental_check", child(date(2025, 2, 28), dob=dob), date(2026, 2, 1)) == [
        date(2026, 2, 28)
    ]


def test_the_visit_due_on_the_18th_birthday_is_not_produced():
    # A new placement: the first visit within 7 days (reg 28).
    on_birthday = child(
        date(2026, 1, 5), placements=[PlacementFact(10, date(2026, 6, 3), None, False)]
    )
    assert dates("sw_visit", on_birthday) == []
    day_before = child(
        date(2026, 1, 5), placements=[PlacementFact(10, date(2026, 6, 2), None, False)]
    )
    assert dates("sw_visit", day_before) == [date(2026, 6, 9)]


def test_the_review_health_assessment_due_at_18_is_not_produced():
    # The child was 17 at the IHA: the next assessment 12 months later.
    start = date(2025, 5, 1)
    done = child(start, iha=IhaFact(1, date(2025, 5, 2), date(2025, 6, 10)))
    assert dates("rha", done) == []
    earlier = child(start, iha=IhaFact(1, date(2025, 5, 2), date(2025, 6, 9)))
    assert dates("rha", earlier) == [date(2026, 6, 9)]


def test_no_pep_for_the_term_the_child_turns_18_in():
    # In care since 3 November 2025: the spring term 2026 (ends 31 March) is due; the
    # summer term (ends 31 August) would end after the 18th birthday.
    facts = child(date(2025, 11, 3), peps=[RecordDate(1, date(2025, 11, 14))])
    assert dates("pep_termly", facts) == [date(2026, 3, 31)]


def test_no_midway_review_or_review_papers_on_or_after_18():
    start = date(2025, 1, 2)
    # Midway review 3 months after the second review: 10 March 2026 gives 10 June.
    late = child(start, reviews=[ReviewFact(1, date(2025, 9, 1)), ReviewFact(2, date(2026, 3, 10))])
    assert dates("midway_review", late) == []
    kept = child(start, reviews=[ReviewFact(1, date(2025, 9, 1)), ReviewFact(2, date(2026, 3, 9))])
    assert dates("midway_review", kept) == [date(2026, 6, 9)]
    # Invitations 10 working days before the review booked for Wednesday 24 June:
    # 23(1) 22 19 18 17(5) 16 15 12 11 10(10): Wednesday 10 June, the birthday.
    booked = child(start, review_bookings=[BookingFact(5, date(2026, 6, 24), "booked")])
    assert dates("review_invitations", booked) == []
    # Booked for Tuesday 23 June: the invitations are due Tuesday 9 June.
    booked = child(start, review_bookings=[BookingFact(5, date(2026, 6, 23), "booked")])
    assert dates("review_invitations", booked) == [date(2026, 6, 9)]


@pytest.mark.parametrize(
    "code",
    [
        "iro_allocation",
        "care_plan",
        "sw_visit",
        "cic_review",
        "review_invitations",
        "review_report",
        "midway_review",
        "health_notification",
        "iha",
        "rha",
        "dental_check",
        "sdq",
        "pep_initial",
        "pep_termly",
    ],
)
def test_every_looked_after_rule_says_it_ends_at_18(code):
    assert "s105(1)" in REGISTRY[code].description


def test_a_looked_after_child_past_18_has_no_looked_after_deadline_at_all():
    # Care left open on the record past the birthday: nothing is produced for the
    # looked-after rules, whatever is on the record.
    facts = child(
        date(2026, 6, 10),
        reviews=[],
        midway_reviews=[MidwayFact(1, 1, date(2026, 6, 11))],
    )
    looked_after_rules = [code for code, r in REGISTRY.items() if "s105(1)" in r.description]
    assert looked_after_rules
    for code in looked_after_rules:
        assert dates(code, facts, date(2026, 7, 1)) == [], code
