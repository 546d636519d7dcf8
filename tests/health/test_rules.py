"""The health deadline rules, with the dates a practitioner would work out by hand.

Working days: each working day after day 0 is numbered; the days passed over are in
square brackets (weekends and England bank holidays). Months are calendar months.
"""

from datetime import date

import pytest

from deadlines.calendar import WorkingCalendar
from deadlines.facts import RecordDate
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from health.deadline_rules import HealthFacts, IhaFact, rha_interval_months, sdq_eligible

TODAY = date(2026, 1, 15)


def run(code: str, facts: ChildFacts, today: date = TODAY, **settings) -> list[Due]:
    context = RuleContext(today, WorkingCalendar(), RuleSettings().replace(**settings))
    return list(REGISTRY[code].function(facts, context))


def only(code: str, facts: ChildFacts, **kwargs) -> Due:
    [due] = run(code, facts, **kwargs)
    return due


def in_care(start: date, *, born: date = date(2012, 5, 1), **kwargs) -> ChildFacts:
    return ChildFacts(child_id=1, date_of_birth=born, period_id=7, period_start=start, **kwargs)


NOT_IN_CARE = ChildFacts(child_id=1, date_of_birth=date(2012, 5, 1))

# --- notification to health and the initial health assessment ---------------------------

CHRISTMAS_ENTRY = date(2025, 12, 19)  # a Friday


def test_health_is_notified_within_5_working_days_over_christmas():
    # Fri 19 Dec 2025 is day 0: Mon 22 (1), Tue 23 (2), Wed 24 (3), [Thu 25 Christmas Day,
    # Fri 26 Boxing Day, Sat 27, Sun 28], Mon 29 (4), Tue 30 (5).
    due = only("health_notification", in_care(CHRISTMAS_ENTRY))
    assert due.due_date == date(2025, 12, 30)
    assert due.key == "period:7"
    assert due.met_on is None
    assert "5 working days after becoming looked after on 19 December 2025" in due.explanation


def test_the_notification_timescale_is_a_setting_and_skips_new_years_day():
    # ... Tue 30 (5), Wed 31 (6), [Thu 1 Jan New Year's Day], Fri 2 Jan 2026 (7).
    due = only("health_notification", in_care(CHRISTMAS_ENTRY), HEALTH_NOTIFICATION_WORKING_DAYS=7)
    assert due.due_date == date(2026, 1, 2)


def test_the_notification_is_met_on_the_date_recorded():
    facts = in_care(CHRISTMAS_ENTRY, iha=IhaFact(3, date(2026, 1, 5), None))
    due = only("health_notification", facts)
    assert (due.met_on, due.met_by) == (date(2026, 1, 5), "health.initialhealthassessment:3")


def test_the_iha_is_due_20_working_days_after_entering_care_over_christmas():
    # Fri 19 Dec 2025 is day 0: Mon 22 (1), Tue 23 (2), Wed 24 (3), [25, 26, 27, 28],
    # Mon 29 (4), Tue 30 (5), Wed 31 (6), [Thu 1 Jan], Fri 2 (7), [3, 4], Mon 5 (8) to
    # Fri 9 (12), [10, 11], Mon 12 (13) to Fri 16 (17), [17, 18], Mon 19 (18), Tue 20 (19),
    # Wed 21 January 2026 (20).
    due = only("iha", in_care(CHRISTMAS_ENTRY))
    assert due.due_date == date(2026, 1, 21)
    assert due.key == "period:7"


def test_the_iha_due_date_skips_easter_and_the_early_may_bank_holiday():
    # Thu 2 Apr 2026 is day 0: [Fri 3 Good Friday, Sat 4, Sun 5, Mon 6 Easter Monday],
    # Tue 7 (1) to Fri 10 (4), Mon 13 (5) to Fri 17 (9), Mon 20 (10) to Fri 24 (14),
    # Mon 27 (15) to Fri 1 May (19), [Sat 2, Sun 3, Mon 4 May early May bank holiday],
    # Tue 5 May 2026 (20).
    assert only("iha", in_care(date(2026, 4, 2))).due_date == date(2026, 5, 5)


def test_an_iha_completed_after_the_due_date_is_met_late():
    facts = in_care(CHRISTMAS_ENTRY, iha=IhaFact(3, date(2025, 12, 22), date(2026, 1, 22)))
    due = only("iha", facts)
    assert due.due_date == date(2026, 1, 21)
    assert due.met_on == date(2026, 1, 22) and due.met_on > due.due_date
    assert due.met_by == "health.initialhealthassessment:3"


def test_an_iha_not_yet_completed_leaves_the_deadline_open():
    facts = in_care(CHRISTMAS_ENTRY, iha=IhaFact(3, date(2025, 12, 22), None))
    assert only("iha", facts).met_on is None


def test_no_health_deadlines_for_a_child_not_looked_after():
    for code in ("health_notification", "iha", "rha", "dental_check", "sdq", "health_summary"):
        assert run(code, NOT_IN_CARE, today=date(2031, 1, 1)) == []


# --- review health assessments ----------------------------------------------------------

BORN_10_MARCH_2021 = date(2021, 3, 10)


def test_rha_every_6_months_under_5_and_every_12_months_from_5():
    facts = in_care(
        date(2025, 1, 6),
        born=BORN_10_MARCH_2021,
        iha=IhaFact(3, date(2025, 1, 8), date(2025, 2, 1)),
        review_health_assessments=[
            RecordDate(20, date(2025, 8, 1)),
            RecordDate(21, date(2026, 2, 1)),
        ],
    )
    dues = run("rha", facts)
    # IHA 1 Feb 2025 (aged 3): next by 1 Aug 2025, met that day.
    # RHA 1 Aug 2025 (aged 4): next by 1 Feb 2026, met that day.
    # RHA 1 Feb 2026 (aged 4, turning 5 on 10 Mar 2026): next by 1 Aug 2026, open.
    assert [(d.key, d.due_date, d.met_on) for d in dues] == [
        ("period:7:rha:1", date(2025, 8, 1), date(2025, 8, 1)),
        ("period:7:rha:2", date(2026, 2, 1), date(2026, 2, 1)),
        ("period:7:rha:3", date(2026, 8, 1), None),
    ]
    assert dues[0].met_by == "health.reviewhealthassessment:20"
    assert "the initial health assessment on 1 February 2025" in dues[0].explanation
    assert "under 5" in dues[2].explanation

    # Assessed on 1 Aug 2026, now 5: the next is 12 months later, 1 Aug 2027.
    facts.part(HealthFacts).review_health_assessments.append(RecordDate(22, date(2026, 8, 1)))
    last = run("rha", facts, today=date(2026, 8, 2))[-1]
    assert (last.key, last.due_date, last.met_on) == ("period:7:rha:4", date(2027, 8, 1), None)
    assert "5 or over" in last.explanation


def test_a_child_who_turns_5_between_assessments_keeps_the_6_month_interval():
    # Assessed at 4 years 8 months on 1 Dec 2025; 5 on 10 Mar 2026; still due 6 months on.
    facts = in_care(
        date(2025, 11, 3), born=BORN_10_MARCH_2021, iha=IhaFact(3, None, date(2025, 12, 1))
    )
    assert only("rha", facts).due_date == date(2026, 6, 1)


def test_rha_for_a_child_born_on_29_february():
    born = date(2020, 2, 29)  # turns 5 on 1 March 2025 (not a leap year)
    assert rha_interval_months(born, date(2025, 2, 28)) == 6
    assert rha_interval_months(born, date(2025, 3, 1)) == 12
    before = in_care(date(2025, 1, 6), born=born, iha=IhaFact(3, None, date(2025, 2, 28)))
    assert only("rha", before).due_date == date(2025, 8, 28)
    on_birthday = in_care(date(2025, 1, 6), born=born, iha=IhaFact(3, None, date(2025, 3, 1)))
    assert only("rha", on_birthday).due_date == date(2026, 3, 1)
    # In a leap year the birthday is the day itself: 4 on 28 Feb 2024, 4 on 29 Feb 2024.
    assert rha_interval_months(date(2019, 2, 28), date(2024, 2, 28)) == 12


def test_rha_six_months_after_31_august_is_the_end_of_february():
    born = date(2021, 1, 1)
    facts = in_care(date(2023, 8, 1), born=born, iha=IhaFact(3, None, date(2023, 8, 31)))
    assert only("rha", facts, today=date(2023, 9, 1)).due_date == date(2024, 2, 29)
    facts = in_care(date(2024, 8, 1), born=born, iha=IhaFact(3, None, date(2024, 8, 31)))
    assert only("rha", facts, today=date(2024, 9, 1)).due_date == date(2025, 2, 28)


def test_no_rha_is_due_before_any_health_assessment():
    assert run("rha", in_care(date(2025, 11, 3), iha=IhaFact(3, date(2025, 11, 4), None))) == []


def test_an_rha_alone_starts_the_cycle_and_one_before_care_does_not_count():
    facts = in_care(
        date(2025, 6, 2),
        born=date(2012, 5, 1),
        review_health_assessments=[
            RecordDate(19, date(2025, 1, 10)),
            RecordDate(20, date(2025, 7, 14)),
        ],
    )
    # Aged 13: 12 months after 14 July 2025.
    assert only("rha", facts).due_date == date(2026, 7, 14)


# --- dental checks ----------------------------------------------------------------------


def test_the_first_dental_check_is_due_12_months_after_entering_care():
    due = only("dental_check", in_care(date(2025, 1, 15)))
    assert (due.key, due.due_date) == ("period:7:dental:1", date(2026, 1, 15))


def test_dental_checks_then_every_12_months_from_the_last():
    facts = in_care(
        date(2025, 1, 15),
        dental_checks=[RecordDate(1, date(2024, 12, 1)), RecordDate(2, date(2025, 11, 10))],
    )
    # The check of 1 Dec 2024 was before care: it does not count.
    dues = run("dental_check", facts)
    assert [(d.key, d.due_date, d.met_on) for d in dues] == [
        ("period:7:dental:1", date(2026, 1, 15), date(2025, 11, 10)),
        ("period:7:dental:2", date(2026, 11, 10), None),
    ]
    assert dues[0].met_by == "health.dentalcheck:2"


def test_the_dental_interval_is_a_setting_and_counts_calendar_months():
    assert only("dental_check", in_care(date(2025, 1, 15)), DENTAL_CHECK_MONTHS=6).due_date == (
        date(2025, 7, 15)
    )
    # 12 months after 29 February 2024 is 28 February 2025.
    leap = in_care(date(2024, 2, 29))
    assert only("dental_check", leap, today=date(2024, 3, 1)).due_date == date(2025, 2, 28)


def test_a_child_back_in_care_is_due_12_months_after_the_last_check_not_re_entry():
    # First period 1 March 2023 to 30 June 2024, last check 1 March 2024; back in care on
    # 1 September 2024: due 1 March 2025 (12 months after the check), not 1 September 2025.
    facts = in_care(
        date(2024, 9, 1),
        previous_period_end=date(2024, 6, 30),
        dental_check_before_period=date(2024, 3, 1),
    )
    due = only("dental_check", facts, today=date(2024, 9, 2))
    assert (due.key, due.due_date) == ("period:7:dental:1", date(2025, 3, 1))
    assert due.explanation == (
        "Dental check by 1 March 2025: 12 months after the last check on 1 March 2024, "
        "before coming back into care on 1 September 2024"
    )
    # A check in the new period on 20 February 2025 meets it; the next is due 20 February
    # 2026.
    facts.part(HealthFacts).dental_checks = [RecordDate(4, date(2025, 2, 20))]
    dues = run("dental_check", facts, today=date(2025, 3, 1))
    assert [(d.due_date, d.met_on) for d in dues] == [
        (date(2025, 3, 1), date(2025, 2, 20)),
        (date(2026, 2, 20), None),
    ]


def test_a_last_check_more_than_12_months_before_re_entry_is_overdue_from_re_entry():
    # Last check 10 January 2023, in the earlier period (ended 31 May 2023); back in care
    # on 1 April 2024: the check was due on 10 January 2024, before the child came back.
    facts = in_care(
        date(2024, 4, 1),
        previous_period_end=date(2023, 5, 31),
        dental_check_before_period=date(2023, 1, 10),
    )
    assert only("dental_check", facts, today=date(2024, 4, 2)).due_date == date(2024, 1, 10)


def test_a_check_before_a_first_period_of_care_does_not_count():
    facts = in_care(date(2025, 1, 15), dental_check_before_period=date(2024, 12, 1))
    assert only("dental_check", facts).due_date == date(2026, 1, 15)


# --- SDQ --------------------------------------------------------------------------------


def test_sdq_cohort_needs_12_months_in_care_364_days_is_not_enough():
    born, start = date(2015, 6, 1), date(2025, 3, 1)
    settings = RuleSettings()
    # 28 Feb 2026 is 364 days after 1 Mar 2025; 1 Mar 2026 is 365 days and 12 months.
    assert (date(2026, 2, 28) - start).days == 364
    assert not sdq_eligible(born, start, date(2026, 2, 28), settings)
    assert sdq_eligible(born, start, date(2026, 3, 1), settings)
    assert not sdq_eligible(born, None, date(2026, 3, 1), settings)
    due = only("sdq", in_care(start, born=born))
    assert (due.key, due.due_date) == ("period:7:sdq:1", date(2026, 3, 1))


def test_sdq_cohort_ages_4_to_16_and_29_february_birthdays():
    settings = RuleSettings()
    start = date(2020, 1, 1)
    born = date(2008, 2, 29)  # turns 17 on 1 March 2025
    assert sdq_eligible(born, start, date(2025, 2, 28), settings)
    assert not sdq_eligible(born, start, date(2025, 3, 1), settings)
    young = date(2021, 9, 10)  # turns 4 on 10 Sept 2025
    assert not sdq_eligible(young, start, date(2025, 9, 9), settings)
    assert sdq_eligible(young, start, date(2025, 9, 10), settings)
    assert not sdq_eligible(young, start, date(2025, 9, 10), settings.replace(SDQ_MIN_AGE=5))


def test_a_child_in_care_since_2_has_the_first_sdq_on_their_4th_birthday():
    facts = in_care(date(2024, 1, 1), born=date(2021, 9, 10))
    assert only("sdq", facts).due_date == date(2025, 9, 10)
    assert "4th birthday" in only("sdq", facts).explanation
    assert only("sdq", facts, SDQ_MIN_AGE=5).due_date == date(2026, 9, 10)


def test_sdqs_yearly_after_the_last_one_and_a_reason_meets_it():
    facts = in_care(
        date(2024, 1, 1),
        born=date(2014, 4, 4),
        sdqs=[RecordDate(5, date(2024, 12, 20)), RecordDate(6, date(2025, 12, 1))],
    )
    dues = run("sdq", facts)
    assert [(d.key, d.due_date, d.met_on) for d in dues] == [
        ("period:7:sdq:1", date(2025, 1, 1), date(2024, 12, 20)),
        ("period:7:sdq:2", date(2025, 12, 20), date(2025, 12, 1)),
        ("period:7:sdq:3", date(2026, 12, 1), None),
    ]
    assert dues[1].met_by == "health.sdq:6"


def test_no_sdq_is_due_once_the_child_turns_17():
    born = date(2008, 12, 1)  # 17 on 1 Dec 2025
    # The SDQ of 15 Dec 2024 makes the next due 15 Dec 2025: past the 17th birthday.
    late = in_care(date(2024, 1, 1), born=born, sdqs=[RecordDate(5, date(2024, 12, 15))])
    assert [(d.due_date, d.met_on) for d in run("sdq", late)] == [
        (date(2025, 1, 1), date(2024, 12, 15))
    ]
    # One on 30 Nov 2024 makes the next due 30 Nov 2025, the day before: still due.
    early = in_care(date(2024, 1, 1), born=born, sdqs=[RecordDate(5, date(2024, 11, 30))])
    assert run("sdq", early)[-1].due_date == date(2025, 11, 30)
    # A child who enters care at 16 and turns 17 within 12 months has none.
    assert run("sdq", in_care(date(2025, 3, 1), born=born)) == []


# --- leaving care health summary --------------------------------------------------------


def test_the_health_summary_appears_at_17_and_a_half_and_is_due_before_18():
    facts = in_care(date(2020, 1, 1), born=date(2008, 10, 20))
    assert run("health_summary", facts, today=date(2026, 4, 19)) == []
    due = only("health_summary", facts, today=date(2026, 4, 20))
    assert (due.key, due.due_date, due.met_on) == ("period:7", date(2026, 10, 19), None)


def test_the_health_summary_of_a_child_born_on_29_february():
    # 18 on 1 March 2026; 17 and a half on 29 August 2025.
    facts = in_care(date(2020, 1, 1), born=date(2008, 2, 29))
    assert run("health_summary", facts, today=date(2025, 8, 28)) == []
    assert only("health_summary", facts, today=date(2025, 8, 29)).due_date == date(2026, 2, 28)


def test_the_health_summary_is_met_by_one_issued_from_17_in_this_period():
    facts = in_care(
        date(2020, 1, 1),
        born=date(2008, 10, 20),
        health_summaries=[RecordDate(1, date(2025, 6, 1)), RecordDate(2, date(2026, 9, 30))],
    )
    due = only("health_summary", facts, today=date(2026, 5, 1))
    # The summary of 1 June 2025 was given at 16: not the leaving care one.
    assert (due.met_on, due.met_by) == (date(2026, 9, 30), "health.healthsummary:2")


@pytest.mark.parametrize(
    "code", ["health_notification", "iha", "rha", "dental_check", "sdq", "health_summary"]
)
def test_every_health_rule_is_registered_with_its_source(code):
    registered = REGISTRY[code]
    assert registered.source and registered.description
    assert registered.responsible == "social_worker"
