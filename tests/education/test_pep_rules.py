"""The PEP deadline rules and the school year, with the dates a practitioner would work out
by hand (decision 0011). Working days: each working day after day 0 is numbered,
non-working days passed over are in square brackets."""

from datetime import date

from deadlines.calendar import WorkingCalendar
from deadlines.facts import RecordDate
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from education.school_year import (
    born_between_for_year_groups,
    term_of,
    terms_after,
    year_group,
)


def run(code: str, facts: ChildFacts, today: date, settings: RuleSettings | None = None):
    ctx = RuleContext(today, WorkingCalendar(), settings or RuleSettings())
    return list(REGISTRY[code].function(facts, ctx))


def in_care(start: date, *, born: date = date(2014, 3, 15), peps=()) -> ChildFacts:
    return ChildFacts(
        child_id=1,
        date_of_birth=born,
        period_id=7,
        period_start=start,
        peps=[RecordDate(i, on) for i, on in enumerate(peps, start=100)],
    )


# --- the first PEP ------------------------------------------------------------------------


def test_first_pep_over_christmas_is_due_on_wednesday_7_january_2026():
    # Looked after from Friday 19 December 2025. 22 Dec (1), 23 (2), 24 (3), [25 Christmas
    # Day], [26 Boxing Day], 29 (4), 30 (5), 31 (6), [1 Jan New Year's Day], 2 Jan (7),
    # 5 (8), 6 (9), 7 (10).
    [due] = run("pep_initial", in_care(date(2025, 12, 19)), today=date(2026, 1, 2))
    assert due == Due(
        "period:7",
        date(2026, 1, 7),
        "PEP in place by 7 January 2026: 10 working days after becoming looked after on "
        "19 December 2025",
    )


def test_first_pep_is_met_by_the_first_pep_completed_in_the_period():
    facts = in_care(date(2025, 12, 19), peps=[date(2026, 1, 9), date(2026, 3, 2)])
    [due] = run("pep_initial", facts, today=date(2026, 3, 3))
    # Completed on Friday 9 January: two days late.
    assert (due.met_on, due.met_by) == (date(2026, 1, 9), "education.pep:100")
    assert due.met_on > due.due_date


def test_the_number_of_working_days_is_the_council_s_setting():
    # 5 working days from Friday 19 December 2025: 22 (1), 23 (2), 24 (3), [25], [26],
    # 29 (4), 30 (5).
    settings = RuleSettings().replace(PEP_INITIAL_WORKING_DAYS=5)
    [due] = run("pep_initial", in_care(date(2025, 12, 19)), date(2026, 1, 2), settings)
    assert due.due_date == date(2025, 12, 30)


def test_no_first_pep_for_a_child_under_3_or_aged_18_or_not_looked_after():
    # Born 10 January 2023: 2 years old on 2 September 2025.
    assert (
        run("pep_initial", in_care(date(2025, 9, 2), born=date(2023, 1, 10)), date(2025, 10, 1))
        == []
    )
    # Born 10 January 2022: 3 on 2 September 2025.
    assert (
        len(
            run("pep_initial", in_care(date(2025, 9, 2), born=date(2022, 1, 10)), date(2025, 10, 1))
        )
        == 1
    )
    # 18 on the day: no longer of PEP age.
    assert (
        run("pep_initial", in_care(date(2025, 9, 2), born=date(2007, 9, 2)), date(2025, 10, 1))
        == []
    )
    not_looked_after = ChildFacts(child_id=1, date_of_birth=date(2014, 3, 15))
    assert run("pep_initial", not_looked_after, date(2025, 10, 1)) == []
    assert run("pep_termly", not_looked_after, date(2025, 10, 1)) == []


# --- every term -----------------------------------------------------------------------------


def test_a_child_entering_care_mid_term_has_the_first_pep_then_one_by_the_end_of_next_term():
    # Looked after from Wednesday 15 October 2025 (autumn term): first PEP by
    # 16 (1), 17 (2), 20 (3), 21 (4), 22 (5), 23 (6), 24 (7), 27 (8), 28 (9), 29 (10)
    # Wednesday 29 October 2025. The autumn term is the first PEP's: no termly deadline
    # until the spring term begins on 1 January.
    facts = in_care(date(2025, 10, 15), peps=[date(2025, 10, 24)])
    [first] = run("pep_initial", facts, today=date(2025, 12, 1))
    assert (first.due_date, first.met_on) == (date(2025, 10, 29), date(2025, 10, 24))
    assert run("pep_termly", facts, today=date(2025, 12, 31)) == []
    [spring] = run("pep_termly", facts, today=date(2026, 1, 1))
    assert spring == Due(
        "period:7:term:2025-spring",
        date(2026, 3, 31),
        "PEP for the spring term 2025/26 by 31 March 2026",
    )


def test_over_christmas_the_first_pep_also_counts_for_the_spring_term():
    # Looked after from 19 December 2025, first PEP completed Tuesday 6 January 2026:
    # in time for the first PEP (due 7 January) and the spring term's (due 31 March).
    facts = in_care(date(2025, 12, 19), peps=[date(2026, 1, 6)])
    [first] = run("pep_initial", facts, today=date(2026, 4, 20))
    spring, summer = run("pep_termly", facts, today=date(2026, 4, 20))
    assert first.met_on == spring.met_on == date(2026, 1, 6)
    assert spring.due_date == date(2026, 3, 31)
    # The summer term (1 April to 31 August) has no PEP yet: open, due 31 August.
    assert (summer.key, summer.due_date, summer.met_on) == (
        "period:7:term:2025-summer",
        date(2026, 8, 31),
        None,
    )


def test_a_term_with_no_pep_is_met_late_by_the_next_pep_which_also_counts_for_its_own_term():
    # Looked after from Monday 2 September 2024; first PEP 12 September; none in the spring
    # term 2025 (1 January to 31 March); the next on 10 April 2025 (summer term).
    facts = in_care(date(2024, 9, 2), peps=[date(2024, 9, 12), date(2025, 4, 10)])
    # On 1 April 2025 the spring term has no PEP: not met (the recompute makes it
    # overdue), and the summer term has begun.
    spring, summer = run(
        "pep_termly", in_care(date(2024, 9, 2), peps=[date(2024, 9, 12)]), date(2025, 4, 1)
    )
    assert (spring.due_date, spring.met_on) == (date(2025, 3, 31), None)
    assert (summer.due_date, summer.met_on) == (date(2025, 8, 31), None)

    spring, summer = run("pep_termly", facts, today=date(2025, 5, 1))
    assert (spring.due_date, spring.met_on, spring.met_by) == (
        date(2025, 3, 31),
        date(2025, 4, 10),
        "education.pep:101",
    )
    assert spring.met_on > spring.due_date  # met late
    assert (summer.due_date, summer.met_on) == (date(2025, 8, 31), date(2025, 4, 10))


def test_terms_counted_only_while_the_child_is_of_pep_age():
    # Born 10 January 2023: 2 on 1 January 2026 (spring term starts), 3 on 1 April 2026.
    facts = in_care(date(2025, 9, 2), born=date(2023, 1, 10))
    [summer] = run("pep_termly", facts, today=date(2026, 5, 1))
    assert summer.key == "period:7:term:2025-summer"
    # Born 1 April 2008: 17 when the spring term starts on 1 January 2026, 18 on 1 April
    # 2026, the day after it ends (31 March): the spring term is counted, the summer not.
    facts = in_care(date(2025, 9, 2), born=date(2008, 4, 1))
    [spring] = run("pep_termly", facts, today=date(2026, 5, 1))
    assert spring.key == "period:7:term:2025-spring"
    # Born 1 February 2008: 18 on 1 February 2026, in the spring term, which would be due
    # at its end, after the birthday (Children Act 1989 s105(1)): not counted either.
    assert (
        run("pep_termly", in_care(date(2025, 9, 2), born=date(2008, 2, 1)), date(2026, 5, 1)) == []
    )
    # A council that starts PEPs at 4 (Reception year) sees neither term for the first child.
    settings = RuleSettings().replace(PEP_MIN_AGE=4)
    assert (
        run(
            "pep_termly",
            in_care(date(2025, 9, 2), born=date(2023, 1, 10)),
            date(2026, 5, 1),
            settings,
        )
        == []
    )


# --- terms and year groups --------------------------------------------------------------------


def test_terms_are_autumn_spring_and_summer():
    assert (term_of(date(2025, 9, 1)).name, term_of(date(2025, 12, 31)).name) == (
        "autumn",
        "autumn",
    )
    assert term_of(date(2026, 1, 1)).label == "Spring term 2025/26"
    assert (term_of(date(2026, 3, 31)).end, term_of(date(2026, 4, 1)).start) == (
        date(2026, 3, 31),
        date(2026, 4, 1),
    )
    assert term_of(date(2026, 8, 31)).label == "Summer term 2025/26"
    # Terms beginning after 19 December 2025, up to the one containing 1 September 2026.
    assert [t.key for t in terms_after(date(2025, 12, 19), date(2026, 9, 1))] == [
        "2025-spring",
        "2025-summer",
        "2026-autumn",
    ]
    # A period starting on the first day of a term: that term is the first PEP's.
    assert [t.key for t in terms_after(date(2025, 9, 1), date(2025, 12, 31))] == []


def test_year_groups_follow_the_english_school_year():
    # Born 31 August 2019 and 1 September 2019: a day apart, a year group apart.
    assert year_group(date(2019, 8, 31), date(2024, 9, 1)) == "Year 1"
    assert year_group(date(2019, 9, 1), date(2024, 9, 1)) == "Reception"
    # Born 1 September 2018 and 31 August 2019: the same year group.
    assert year_group(date(2018, 9, 1), date(2024, 9, 1)) == "Year 1"
    # Born 15 March 2014: Year 6 on 31 August 2025, Year 7 from 1 September 2025.
    assert year_group(date(2014, 3, 15), date(2025, 8, 31)) == "Year 6"
    assert year_group(date(2014, 3, 15), date(2025, 9, 1)) == "Year 7"
    # Born on 29 February 2020 (leap day): Reception in 2024/25, Year 2 in 2026/27.
    assert year_group(date(2020, 2, 29), date(2024, 10, 1)) == "Reception"
    assert year_group(date(2020, 2, 29), date(2026, 12, 1)) == "Year 2"
    assert year_group(date(2021, 6, 1), date(2025, 1, 10)) == "Nursery"
    assert year_group(date(2023, 6, 1), date(2025, 1, 10)) == "Below school age"
    # Born 1 June 2006: Year 13 in 2023/24, turning 18 in it.
    assert year_group(date(2006, 6, 1), date(2023, 9, 1)) == "Year 13"
    assert year_group(date(2006, 6, 1), date(2024, 9, 1)) == "Beyond Year 13"


def test_reception_to_year_11_birth_dates():
    # In 2025/26, Reception were born September 2020 to August 2021; Year 11 September
    # 2009 to August 2010.
    assert born_between_for_year_groups(0, 11, date(2025, 12, 1)) == (
        date(2009, 9, 1),
        date(2021, 8, 31),
    )
