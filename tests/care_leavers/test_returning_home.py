"""Six months at home end relevance (Care Leavers (England) Regulations 2010 reg 3),
worked by hand.

Born 10 May 2008: 16 on 10 May 2024, 18 on 10 May 2026, 21 on 10 May 2029. In care
from 1 January 2023, so eligible from the 16th birthday whenever care ends after it.
"""

from datetime import date

from care_leavers.categories import (
    CarePeriod,
    Category,
    Housing,
    Interval,
    care_leaver_status,
)

DOB = date(2008, 5, 10)
IN_CARE_FROM = date(2023, 1, 1)


def status(periods, on, *, with_parents=(), housing=(), dob=DOB):
    return care_leaver_status(
        date_of_birth=dob, periods=periods, with_parents=with_parents, housing=housing, on=on
    )


def home_on(end: date, reason: str = "E4A", start: date = IN_CARE_FROM) -> list[CarePeriod]:
    return [CarePeriod(start, end, reason)]


def test_six_months_less_a_day_at_home_is_still_relevant_and_six_months_is_not():
    # Home on 1 September 2024: six months on 1 March 2025.
    periods = home_on(date(2024, 9, 1))
    before = status(periods, date(2025, 2, 28))
    assert before.category == Category.RELEVANT
    assert before.returned_home_on is None
    assert before.reason == (
        "Looked after 609 days since the 14th birthday, eligible from 10 May 2024, left care "
        "on 1 September 2024; living with a parent or someone with parental responsibility "
        "since 1 September 2024: not relevant from 1 March 2025 if still there (reg 3)"
    )
    after = status(periods, date(2025, 3, 1))
    assert after.category == Category.QUALIFYING
    assert after.returned_home_on == date(2025, 3, 1)
    assert after.reason == (
        "Looked after 609 days since the 14th birthday, eligible from 10 May 2024, left care "
        "on 1 September 2024; living with a parent or someone with parental responsibility "
        "since 1 September 2024, six months on 1 March 2025: not a relevant child (Care "
        "Leavers (England) Regulations 2010, reg 3)"
    )
    assert not after.entitled


def test_six_months_from_31_august_end_on_the_last_day_of_february():
    # 2025 is not a leap year: 31 August 2024 + 6 months = 28 February 2025.
    periods = home_on(date(2024, 8, 31), "E4B")
    assert status(periods, date(2025, 2, 27)).category == Category.RELEVANT
    assert status(periods, date(2025, 2, 28)).category == Category.QUALIFYING


def test_six_months_from_31_august_2023_end_on_29_february_2024():
    # Born 10 May 2007 (16 on 10 May 2023); 2024 is a leap year.
    dob = date(2007, 5, 10)
    periods = [CarePeriod(date(2022, 1, 1), date(2023, 8, 31), "E4A")]
    assert status(periods, date(2024, 2, 28), dob=dob).category == Category.RELEVANT
    leap = status(periods, date(2024, 2, 29), dob=dob)
    assert (leap.category, leap.returned_home_on) == (Category.QUALIFYING, date(2024, 2, 29))
    # 1 March 2024 is the same.
    assert status(periods, date(2024, 3, 1), dob=dob).category == Category.QUALIFYING


def test_placements_with_parents_before_care_ended_count_towards_the_six_months():
    # With parents (P1) from 1 June 2024, in two placements, until care ended on 1 December
    # 2024: six months on 1 December 2024, so never relevant.
    periods = home_on(date(2024, 12, 1))
    p1 = [
        Interval(date(2024, 6, 1), date(2024, 9, 1)),
        Interval(date(2024, 9, 1), date(2024, 12, 1)),
    ]
    assert status(periods, date(2024, 11, 30), with_parents=p1).category == Category.ELIGIBLE
    s = status(periods, date(2024, 12, 1), with_parents=p1)
    assert (s.category, s.returned_home_on) == (Category.QUALIFYING, date(2024, 12, 1))
    assert "since 1 June 2024, six months on 1 December 2024" in s.reason
    # Without the placements, six months from 1 December 2024 end on 1 June 2025.
    assert status(periods, date(2025, 5, 31)).category == Category.RELEVANT
    assert status(periods, date(2025, 6, 1)).category == Category.QUALIFYING


def test_a_placement_elsewhere_between_stretches_with_parents_breaks_the_count():
    periods = home_on(date(2024, 12, 1))
    p1 = [
        Interval(date(2024, 6, 1), date(2024, 8, 1)),
        # Foster care from 1 August to 1 September.
        Interval(date(2024, 9, 1), date(2024, 12, 1)),
    ]
    # Counted from 1 September 2024: six months on 1 March 2025.
    assert status(periods, date(2025, 2, 28), with_parents=p1).category == Category.RELEVANT
    assert status(periods, date(2025, 3, 1), with_parents=p1).category == Category.QUALIFYING


def test_left_care_for_parents_or_relatives_without_pr_counts_only_from_a_placement_with_parents():
    # E13 alone cannot tell a parent from a relative without parental responsibility.
    periods = home_on(date(2024, 9, 1), "E13")
    assert status(periods, date(2025, 4, 1)).category == Category.RELEVANT
    p1 = [Interval(date(2024, 7, 1), date(2024, 9, 1))]
    # With parents from 1 July 2024: six months on 1 January 2025.
    assert status(periods, date(2024, 12, 31), with_parents=p1).category == Category.RELEVANT
    assert status(periods, date(2025, 1, 1), with_parents=p1).category == Category.QUALIFYING


def test_special_guardianship_counts_from_the_day_care_ended():
    # A special guardian has parental responsibility; a P1 placement before it is with
    # someone else and does not count.
    periods = home_on(date(2024, 9, 1), "E45")
    p1 = [Interval(date(2024, 6, 1), date(2024, 9, 1))]
    assert status(periods, date(2025, 2, 28), with_parents=p1).category == Category.RELEVANT
    assert status(periods, date(2025, 3, 1), with_parents=p1).category == Category.QUALIFYING


def test_leaving_for_independent_living_never_counts():
    periods = home_on(date(2024, 9, 1), "E5")
    p1 = [Interval(date(2024, 6, 1), date(2024, 9, 1))]
    assert status(periods, date(2025, 6, 1), with_parents=p1).category == Category.RELEVANT


def test_when_home_breaks_down_after_six_months_the_young_person_is_relevant_again():
    periods = home_on(date(2024, 9, 1))
    moved = [Housing(date(2024, 9, 1), "B"), Housing(date(2025, 4, 1), "U")]
    assert status(periods, date(2025, 3, 31), housing=moved).category == Category.QUALIFYING
    again = status(periods, date(2025, 4, 1), housing=moved)
    assert again.category == Category.RELEVANT
    assert again.returned_home_on is None
    assert again.reason.endswith(
        "; lived with a parent or someone with parental responsibility since 1 September "
        "2024, six months on 1 March 2025, moved on 1 April 2025: relevant again (reg 3)"
    )
    # And former relevant at 18 (would be relevant if under 18: s23C(1)(a)).
    assert status(periods, date(2026, 5, 10), housing=moved).category == (Category.FORMER_RELEVANT)


def test_moving_out_before_six_months_keeps_the_young_person_relevant():
    periods = home_on(date(2024, 9, 1))
    moved = [Housing(date(2025, 2, 28), "D")]
    s = status(periods, date(2025, 3, 1), housing=moved)
    assert s.category == Category.RELEVANT
    assert "reg 3" not in s.reason


def test_living_with_parents_or_relatives_after_care_is_still_home():
    periods = home_on(date(2024, 9, 1))
    assert status(
        periods, date(2025, 3, 1), housing=[Housing(date(2024, 10, 1), "B")]
    ).category == (Category.QUALIFYING)


def test_still_at_home_at_18_is_not_former_relevant_and_qualifying_ends_at_21():
    periods = home_on(date(2024, 9, 1))
    assert status(periods, date(2026, 5, 10)).category == Category.QUALIFYING
    assert status(periods, date(2029, 5, 9)).category == Category.QUALIFYING
    s = status(periods, date(2029, 5, 10))
    assert (s.category, s.returned_home_on) == (Category.NONE, date(2025, 3, 1))
    assert s.reason.endswith("; qualifying care leavers are supported until 21 (10 May 2029)")


def test_six_months_completing_after_18_end_former_relevance_then():
    # Left care at 17 on 1 March 2026: six months on 1 September 2026, aged 18.
    periods = home_on(date(2026, 3, 1))
    assert status(periods, date(2026, 8, 31)).category == Category.FORMER_RELEVANT
    assert status(periods, date(2026, 9, 1)).category == Category.QUALIFYING


def test_looked_after_at_18_stays_former_relevant_whatever_follows():
    # Care ended on 1 June 2026 (after the 18th birthday) with a return home.
    periods = home_on(date(2026, 6, 1))
    p1 = [Interval(date(2025, 1, 1), date(2026, 6, 1))]
    assert status(periods, date(2027, 6, 1), with_parents=p1).category == (Category.FORMER_RELEVANT)


def test_a_return_to_care_starts_afresh():
    periods = home_on(date(2024, 9, 1)) + [CarePeriod(date(2025, 4, 1), None)]
    assert status(periods, date(2025, 4, 1)).category == Category.ELIGIBLE
    # Leaving again for independent living: relevant.
    left_again = home_on(date(2024, 9, 1)) + [CarePeriod(date(2025, 4, 1), date(2025, 5, 1), "E6")]
    assert status(left_again, date(2025, 12, 1)).category == Category.RELEVANT
