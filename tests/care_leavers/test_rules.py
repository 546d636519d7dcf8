"""The leaving-care deadline rules, with dates worked by hand.

A young person born 10 May 2008: 16 on 10 May 2024, 18 on 10 May 2026. In care from
25 March 2023 (412 days by the 16th birthday), so eligible from the 16th birthday.
"""

from datetime import date

from care_leavers.deadline_rules import CareLeaverFacts, CarePeriodFact
from deadlines.calendar import WorkingCalendar
from deadlines.facts import AllocationFact, RecordDate
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings

DOB = date(2008, 5, 10)


def run(code: str, facts: ChildFacts, today: date, **settings) -> list[Due]:
    ctx = RuleContext(today, WorkingCalendar(), RuleSettings(**settings))
    return list(REGISTRY[code].function(facts, ctx))


def leaver(periods, **kwargs) -> ChildFacts:
    return ChildFacts(
        child_id=1,
        date_of_birth=DOB,
        care_periods=[CarePeriodFact(*p) for p in periods],
        **kwargs,
    )


IN_CARE = [(date(2023, 3, 25), None, "")]


def test_needs_assessment_due_3_months_after_the_16th_birthday():
    [due] = run("needs_assessment", leaver(IN_CARE), date(2024, 6, 1))
    assert due.due_date == date(2024, 8, 10)
    assert due.explanation == (
        "Needs assessment by 10 August 2024: 3 months after the 16th birthday on "
        "10 May 2024 (reg 42)"
    )
    assert due.met_on is None


def test_needs_assessment_due_3_months_after_becoming_eligible_when_later():
    # In care from 1 May 2024: the 91st day is complete on 31 July 2024.
    facts = leaver([(date(2024, 5, 1), None, "")])
    assert run("needs_assessment", facts, date(2024, 7, 30)) == []
    [due] = run("needs_assessment", facts, date(2024, 8, 1))
    # 31 July + 3 months = 31 October 2024.
    assert due.due_date == date(2024, 10, 31)
    assert "becoming eligible on 31 July 2024" in due.explanation


def test_needs_assessment_met_by_the_first_assessment():
    facts = leaver(IN_CARE, needs_assessments=[RecordDate(7, date(2024, 9, 2))])
    [due] = run("needs_assessment", facts, date(2024, 10, 1))
    assert (due.met_on, due.met_by) == (date(2024, 9, 2), "care_leavers.needsassessment:7")


def test_no_leaving_care_deadlines_for_a_child_not_yet_16_or_qualifying():
    assert run("needs_assessment", leaver(IN_CARE), date(2024, 5, 9)) == []
    qualifying = leaver([(date(2024, 6, 1), date(2024, 7, 1), "E4A")])
    assert run("pathway_plan", qualifying, date(2024, 8, 1)) == []
    assert run("pa_allocation", qualifying, date(2024, 8, 1)) == []


def test_pathway_plan_reviews_every_6_calendar_months():
    plans = [RecordDate(1, date(2024, 8, 31)), RecordDate(2, date(2025, 2, 20))]
    dues = run("pathway_plan_review", leaver(IN_CARE, pathway_plans=plans), date(2025, 3, 1))
    # 31 August 2024 + 6 months = 28 February 2025 (met by the review of 20 February);
    # 20 February 2025 + 6 months = 20 August 2025.
    assert [(d.due_date, d.met_on) for d in dues] == [
        (date(2025, 2, 28), date(2025, 2, 20)),
        (date(2025, 8, 20), None),
    ]
    [first] = run("pathway_plan", leaver(IN_CARE, pathway_plans=plans), date(2025, 3, 1))
    assert (first.due_date, first.met_on) == (date(2024, 8, 10), date(2024, 8, 31))


def test_pathway_plan_review_in_a_leap_year():
    plans = [RecordDate(1, date(2023, 8, 31))]
    [due] = run("pathway_plan_review", leaver(IN_CARE, pathway_plans=plans), date(2024, 6, 1))
    assert due.due_date == date(2024, 2, 29)


def test_pa_allocated_when_the_child_becomes_eligible_by_default():
    # In care since 25 March 2023: eligible on the 16th birthday, 10 May 2024 (Sch 2
    # para 19C).
    [due] = run("pa_allocation", leaver(IN_CARE), date(2024, 6, 1))
    assert due.due_date == date(2024, 5, 10)
    assert due.explanation == (
        "Personal adviser allocated by 10 May 2024: became eligible on 10 May 2024 (Sch 2 para 19C)"
    )
    allocated = leaver(IN_CARE, pa_allocations=[AllocationFact(5, date(2024, 9, 1), None)])
    [due] = run("pa_allocation", allocated, date(2024, 10, 1))
    assert (due.met_on, due.met_by) == (date(2024, 9, 1), "children.allocation:5")


def test_pa_allocated_on_becoming_eligible_after_16():
    # In care from 1 May 2024 (aged 15 years 11 months): 13 weeks are complete on
    # 31 July 2024, the day the child becomes eligible.
    facts = leaver([(date(2024, 5, 1), None, "")])
    [due] = run("pa_allocation", facts, date(2024, 8, 1))
    assert due.due_date == date(2024, 7, 31)


def test_a_councils_own_age_for_the_personal_adviser_applies_when_later_than_eligibility():
    # A policy of 16 years 5 months: 10 May 2024 + 5 months = 10 October 2024.
    [due] = run(
        "pa_allocation",
        leaver(IN_CARE),
        date(2024, 6, 1),
        PA_ALLOCATION_AGE_YEARS=16,
        PA_ALLOCATION_AGE_MONTHS=5,
    )
    assert due.due_date == date(2024, 10, 10)
    assert "aged 16 years 5 months (the council's policy)" in due.explanation
    # Eligible on 31 July 2024, before 16 years 5 months: the policy's day still stands.
    later = leaver([(date(2024, 5, 1), None, "")])
    [due] = run("pa_allocation", later, date(2024, 8, 1), PA_ALLOCATION_AGE_MONTHS=5)
    assert due.due_date == date(2024, 10, 10)
    # Eligible after the policy's age: the day of eligibility. In care from 1 October
    # 2024 (16 years 4 months): 13 weeks on is 31 December 2024.
    late = leaver([(date(2024, 10, 1), None, "")])
    [due] = run("pa_allocation", late, date(2025, 1, 2), PA_ALLOCATION_AGE_MONTHS=5)
    assert due.due_date == date(2024, 12, 31)


LEFT_AT_17 = [(date(2023, 3, 25), date(2025, 11, 3), "E5")]


def test_contact_due_8_weeks_after_leaving_care_then_after_each_contact_in_touch():
    facts = leaver(LEFT_AT_17)
    [due] = run("care_leaver_contact", facts, date(2025, 11, 10))
    # 3 November 2025 + 56 days = 29 December 2025.
    assert due.due_date == date(2025, 12, 29)
    facts.part(CareLeaverFacts).last_in_touch = RecordDate(3, date(2025, 12, 24))
    facts.part(CareLeaverFacts).last_contact_outcome = "NO"
    [due] = run("care_leaver_contact", facts, date(2026, 1, 5))
    # 24 December 2025 + 56 days = 18 February 2026.
    assert due.due_date == date(2026, 2, 18)
    [due] = run("care_leaver_contact", facts, date(2026, 1, 5), CARE_LEAVER_CONTACT_DAYS=28)
    assert due.due_date == date(2026, 1, 21)


def test_no_contact_deadline_while_looked_after_or_once_services_are_not_required():
    assert run("care_leaver_contact", leaver(IN_CARE), date(2024, 6, 1)) == []
    done = leaver(LEFT_AT_17, last_contact_outcome="NREQ")
    assert run("care_leaver_contact", done, date(2026, 1, 5)) == []


def test_pathway_plan_reviews_stop_from_21_once_services_are_not_required():
    # 21 on 10 May 2029. A plan of 1 March 2029 is due for review on 1 September 2029.
    plans = [RecordDate(1, date(2029, 3, 1))]
    before = leaver(LEFT_AT_17, pathway_plans=plans, last_contact_outcome="NREQ")
    [due] = run("pathway_plan_review", before, date(2029, 5, 9))
    assert due.due_date == date(2029, 9, 1)
    # From the 21st birthday, support is on request (s23CZB).
    assert run("pathway_plan_review", before, date(2029, 5, 10)) == []
    asked = leaver(LEFT_AT_17, pathway_plans=plans, last_contact_outcome="YES")
    [due] = run("pathway_plan_review", asked, date(2029, 5, 10))
    assert due.due_date == date(2029, 9, 1)
