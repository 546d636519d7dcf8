"""Care-leaver categories from the care history, worked by hand (DOMAIN.md section 4).

Days are counted as the SSDA903 counts them: care from S to E is E - S days, and the
young person is looked after on day D when S <= D < E. 13 weeks is 91 days.
"""

from datetime import date

from care_leavers.categories import (
    CarePeriod,
    Category,
    Interval,
    birthday,
    care_leaver_status,
)

# Born 10 May 2008: 14 on 10 May 2022, 16 on 10 May 2024, 18 on 10 May 2026,
# 21 on 10 May 2029, 25 on 10 May 2033.
DOB = date(2008, 5, 10)


def status(periods, on, short_breaks=(), dob=DOB):
    return care_leaver_status(date_of_birth=dob, periods=periods, short_breaks=short_breaks, on=on)


def test_13_weeks_exactly_is_91_days_and_meets_the_test():
    # 1 March to 31 May 2024 is 31 + 30 + 30 = 91 days; care ended after the 16th birthday.
    s = status([CarePeriod(date(2024, 3, 1), date(2024, 5, 31), "E4A")], date(2024, 6, 15))
    assert s.category == Category.RELEVANT
    assert s.days_since_14 == 91
    assert s.eligible_from == date(2024, 5, 31)
    assert s.reason == (
        "Looked after 91 days since the 14th birthday, eligible from 31 May 2024, "
        "left care on 31 May 2024; living with a parent or someone with parental "
        "responsibility since 31 May 2024: not relevant from 30 November 2024 if still "
        "there (reg 3)"
    )


def test_a_day_short_of_13_weeks_is_qualifying():
    s = status([CarePeriod(date(2024, 3, 1), date(2024, 5, 30), "E4A")], date(2024, 6, 15))
    assert s.category == Category.QUALIFYING
    assert s.days_since_14 == 90


def test_eligible_on_the_day_the_91st_day_is_complete_while_still_looked_after():
    periods = [CarePeriod(date(2024, 3, 1), None)]
    assert status(periods, date(2024, 5, 30)).category == Category.NONE
    on_day = status(periods, date(2024, 5, 31))
    assert on_day.category == Category.ELIGIBLE
    assert on_day.eligible_from == date(2024, 5, 31)


def test_still_looked_after_at_16_with_412_days_is_eligible_from_the_16th_birthday():
    # In care from 25 March 2023: on 10 May 2024 that is 412 days.
    s = status([CarePeriod(date(2023, 3, 25), None)], date(2024, 5, 10))
    assert s.category == Category.ELIGIBLE
    assert s.eligible_from == date(2024, 5, 10)
    assert s.reason.startswith(
        "Looked after 412 days since the 14th birthday, still looked after at 16"
    )


def test_care_ending_on_the_16th_birthday_was_not_care_after_16():
    # Ceased on the birthday: no night looked after at 16 (DfE rule 1001: TOTAL16 >= 1).
    s = status([CarePeriod(date(2023, 1, 1), date(2024, 5, 10), "E4A")], date(2024, 6, 1))
    assert s.category == Category.NONE
    assert "Not looked after on or after the 16th birthday" in s.reason
    # One more day and the young person is relevant, eligible from the birthday itself.
    s = status([CarePeriod(date(2023, 1, 1), date(2024, 5, 11), "E4A")], date(2024, 6, 1))
    assert (s.category, s.eligible_from) == (Category.RELEVANT, date(2024, 5, 10))


def test_only_care_since_the_14th_birthday_counts():
    # In care from age 10; left 30 days after turning 14, back for 70 days at 16.
    periods = [
        CarePeriod(date(2018, 6, 1), date(2022, 6, 9), "E4A"),  # 30 days from 10 May 2022
        CarePeriod(date(2024, 6, 1), date(2024, 8, 10), "E4A"),  # 70 days
    ]
    s = status(periods, date(2024, 9, 1))
    assert s.days_since_14 == 100
    # 30 days before; the 91st day is complete 61 days into the second period.
    assert (s.category, s.eligible_from) == (Category.RELEVANT, date(2024, 8, 1))


def test_short_breaks_are_excluded_from_the_13_weeks():
    period = CarePeriod(date(2024, 3, 1), date(2024, 6, 30), "E4A")  # 121 days
    # Short breaks for the first 40 days: 81 days count.
    breaks = [Interval(date(2024, 3, 1), date(2024, 4, 10))]
    s = status([period], date(2024, 7, 15), short_breaks=breaks)
    assert (s.category, s.days_since_14) == (Category.QUALIFYING, 81)
    assert status([period], date(2024, 7, 15)).category == Category.RELEVANT


def test_a_young_person_only_ever_on_short_breaks_is_not_a_care_leaver():
    period = CarePeriod(date(2023, 1, 1), date(2024, 12, 1), "E8")
    breaks = [Interval(date(2023, 1, 1), date(2024, 12, 1))]
    s = status([period], date(2025, 1, 1), short_breaks=breaks)
    assert s.category == Category.NONE


def test_left_care_at_17_is_relevant_then_former_relevant_at_18():
    periods = [CarePeriod(date(2022, 9, 1), date(2025, 11, 3), "E5")]
    relevant = status(periods, date(2026, 5, 9))
    assert relevant.category == Category.RELEVANT
    assert relevant.left_care_on == date(2025, 11, 3)
    assert status(periods, date(2026, 5, 10)).category == Category.FORMER_RELEVANT


def test_left_care_at_17_without_13_weeks_is_qualifying_until_21():
    periods = [CarePeriod(date(2025, 10, 1), date(2025, 12, 1), "E4A")]
    assert status(periods, date(2026, 1, 1)).category == Category.QUALIFYING
    assert status(periods, date(2029, 5, 9)).category == Category.QUALIFYING
    assert status(periods, date(2029, 5, 10)).category == Category.NONE


def test_former_relevant_until_the_day_before_the_25th_birthday():
    periods = [CarePeriod(date(2020, 1, 6), date(2026, 5, 10), "E17")]
    assert status(periods, date(2033, 5, 9)).category == Category.FORMER_RELEVANT
    assert status(periods, date(2033, 5, 10)).category == Category.NONE
    # Aged 25 and a day.
    s = status(periods, date(2033, 5, 11))
    assert s.category == Category.NONE
    assert s.reason == "Aged 25 or over (25 on 10 May 2033)"


def test_not_yet_16_and_adopted_are_not_care_leavers():
    assert status([CarePeriod(date(2020, 1, 1), None)], date(2024, 5, 9)).category == "none"
    adopted = [CarePeriod(date(2022, 6, 1), date(2024, 8, 1), "E12")]
    assert status(adopted, date(2024, 9, 1)).reason == "Adopted"


def test_special_guardianship_after_16_without_13_weeks_is_qualifying():
    periods = [CarePeriod(date(2024, 4, 1), date(2024, 6, 1), "E45")]
    assert status(periods, date(2024, 7, 1)).category == Category.QUALIFYING


def test_born_29_february_turns_14_and_16_on_1_march_or_29_february():
    dob = date(2008, 2, 29)
    assert birthday(dob, 14) == date(2022, 3, 1)
    assert birthday(dob, 16) == date(2024, 2, 29)
    assert birthday(dob, 18) == date(2026, 3, 1)
    # In care from the 14th birthday (1 March 2022): on 28 February 2022 nothing counts.
    periods = [CarePeriod(date(2022, 2, 1), date(2022, 3, 1), "E4A")]
    s = status(periods + [CarePeriod(date(2024, 2, 1), None)], date(2024, 2, 29), dob=dob)
    # 0 days from the first period (it ended on the 14th birthday) and 28 from the second.
    assert (s.category, s.days_since_14) == (Category.NONE, 28)
    # The 18th birthday is 1 March 2026: the day before, still eligible; on it, former
    # relevant (care would have ended).
    long = [CarePeriod(date(2023, 1, 1), date(2026, 3, 1), "E17")]
    assert status(long, date(2026, 2, 28), dob=dob).category == Category.ELIGIBLE
    assert status(long, date(2026, 3, 1), dob=dob).category == Category.FORMER_RELEVANT
