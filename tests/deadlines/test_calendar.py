"""The working-day calendar, with dates counted by hand on a calendar.

Working days exclude Saturdays, Sundays, England's bank holidays and the extra
days an administrator adds. Day 0 is the event date (DOMAIN.md section 3). The
counts in the comments list each working day after day 0 with its number, and
the non-working days passed over in square brackets.
"""

from datetime import date, timedelta

import pytest

from deadlines import calendar
from deadlines.calendar import WorkingCalendar
from deadlines.models import NonWorkingDay

CAL = WorkingCalendar()


# --- weekends and day 0 -----------------------------------------------------------


def test_a_weekend_is_passed_over():
    # Fri 7 Mar 2025 (day 0): [Sat 8, Sun 9] Mon 10 (1).
    assert CAL.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)
    # Thu 6 Mar 2025 (day 0): Fri 7 (1), [Sat 8, Sun 9] Mon 10 (2).
    assert CAL.add_working_days(date(2025, 3, 6), 2) == date(2025, 3, 10)
    # Fri 7 Mar 2025 (day 0): Mon 10 (1), Tue 11 (2), Wed 12 (3), Thu 13 (4), Fri 14 (5).
    assert CAL.add_working_days(date(2025, 3, 7), 5) == date(2025, 3, 14)


def test_day_zero_is_the_event_date_itself_even_on_a_saturday():
    assert CAL.add_working_days(date(2025, 3, 7), 0) == date(2025, 3, 7)
    assert CAL.add_working_days(date(2025, 3, 8), 0) == date(2025, 3, 8)  # a Saturday


def test_an_event_on_a_saturday_counts_from_the_next_working_day():
    # Sat 8 Mar 2025 (day 0, not itself counted): [Sun 9] Mon 10 (1).
    assert CAL.add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)
    # Sun 9 Mar 2025 (day 0): Mon 10 (1), Tue 11 (2).
    assert CAL.add_working_days(date(2025, 3, 9), 2) == date(2025, 3, 11)
    # Sat 8 Mar 2025 (day 0): Mon 10 (1) ... Fri 14 (5), Mon 17 (6) ... Fri 21 (10).
    assert CAL.add_working_days(date(2025, 3, 8), 10) == date(2025, 3, 21)


def test_is_working_day():
    assert CAL.is_working_day(date(2025, 3, 7))  # Friday
    assert not CAL.is_working_day(date(2025, 3, 8))  # Saturday
    assert not CAL.is_working_day(date(2025, 3, 9))  # Sunday
    assert not CAL.is_working_day(date(2024, 12, 25))  # Christmas Day, a Wednesday


# --- bank holidays ----------------------------------------------------------------


def test_christmas_and_new_year_2024():
    # Tue 24 Dec 2024 (day 0): [Wed 25 Christmas, Thu 26 Boxing Day] Fri 27 (1).
    assert CAL.add_working_days(date(2024, 12, 24), 1) == date(2024, 12, 27)
    # Mon 23 Dec 2024 (day 0): Tue 24 (1), [25, 26] Fri 27 (2), [Sat 28, Sun 29]
    # Mon 30 (3), Tue 31 (4), [Wed 1 Jan New Year's Day] Thu 2 Jan 2025 (5).
    assert CAL.add_working_days(date(2024, 12, 23), 5) == date(2025, 1, 2)


def test_christmas_and_new_year_2025_falling_thursday_and_friday():
    # Wed 24 Dec 2025 (day 0): [Thu 25, Fri 26, Sat 27, Sun 28] Mon 29 (1).
    assert CAL.add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)
    # Wed 24 Dec 2025 (day 0): Mon 29 (1), Tue 30 (2), Wed 31 (3),
    # [Thu 1 Jan 2026 New Year's Day] Fri 2 Jan 2026 (4).
    assert CAL.add_working_days(date(2025, 12, 24), 4) == date(2026, 1, 2)


def test_easter_2025():
    # Thu 17 Apr 2025 (day 0): [Good Friday 18, Sat 19, Sun 20, Easter Monday 21] Tue 22 (1).
    assert CAL.add_working_days(date(2025, 4, 17), 1) == date(2025, 4, 22)
    # Wed 16 Apr 2025 (day 0): Thu 17 (1), [18-21] Tue 22 (2), Wed 23 (3).
    assert CAL.add_working_days(date(2025, 4, 16), 3) == date(2025, 4, 23)


def test_easter_2024_over_the_leap_day():
    # Tue 27 Feb 2024 (day 0): Wed 28 (1), Thu 29 Feb (2), Fri 1 Mar (3), Mon 4 (4), Tue 5 (5).
    assert CAL.add_working_days(date(2024, 2, 27), 5) == date(2024, 3, 5)
    # Thu 28 Mar 2024 (day 0): [Good Friday 29, Sat 30, Sun 31, Easter Monday 1 Apr] Tue 2 Apr (1).
    assert CAL.add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)


def test_leap_day_29_february_2024_is_a_working_day():
    assert CAL.is_working_day(date(2024, 2, 29))  # a Thursday
    # Wed 28 Feb 2024 (day 0): Thu 29 Feb (1).
    assert CAL.add_working_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
    # Thu 29 Feb 2024 (day 0): Fri 1 Mar (1).
    assert CAL.add_working_days(date(2024, 2, 29), 1) == date(2024, 3, 1)
    # Fri 1 Mar 2024 back 1: Thu 29 Feb.
    assert CAL.add_working_days(date(2024, 3, 1), -1) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("start", "expected", "count"),
    [
        # 2020: the early May bank holiday moved to Fri 8 May (VE Day 75); Mon 4 May worked.
        (date(2020, 5, 1), date(2020, 5, 4), "Fri 1 May 2020: Mon 4 May (1)"),
        (date(2020, 5, 7), date(2020, 5, 11), "Thu 7 May 2020: [Fri 8 VE Day] Mon 11 (1)"),
        # 2022: the spring bank holiday moved to Thu 2 June, with Fri 3 June for the
        # Platinum Jubilee; Mon 30 May worked.
        (date(2022, 5, 27), date(2022, 5, 30), "Fri 27 May 2022: Mon 30 May (1)"),
        (date(2022, 6, 1), date(2022, 6, 6), "Wed 1 Jun 2022: [Thu 2, Fri 3] Mon 6 (1)"),
        # 2022: the Queen's state funeral, Mon 19 September.
        (date(2022, 9, 16), date(2022, 9, 20), "Fri 16 Sep 2022: [Mon 19] Tue 20 (1)"),
        # 2023: the Coronation, Mon 8 May.
        (date(2023, 5, 5), date(2023, 5, 9), "Fri 5 May 2023: [Mon 8] Tue 9 (1)"),
    ],
)
def test_one_off_bank_holidays_of_past_years(start, expected, count):
    assert CAL.add_working_days(start, 1) == expected, count


# --- extra non-working days an administrator adds ------------------------------------


def test_an_extra_day_in_the_calendar_is_not_a_working_day():
    extra = WorkingCalendar([date(2025, 3, 7)])
    # Thu 6 Mar 2025 (day 0): [Fri 7 extra, Sat 8, Sun 9] Mon 10 (1).
    assert extra.add_working_days(date(2025, 3, 6), 1) == date(2025, 3, 10)
    assert CAL.add_working_days(date(2025, 3, 6), 1) == date(2025, 3, 7)
    assert extra.non_working_days(date(2025, 3, 3), date(2025, 3, 9)) == [date(2025, 3, 7)]


@pytest.mark.django_db
def test_the_module_functions_read_the_administrators_extra_days():
    # Thu 6 Mar 2025 (day 0): Fri 7 (1), while Friday is an ordinary day.
    assert calendar.add_working_days(date(2025, 3, 6), 1) == date(2025, 3, 7)
    assert calendar.is_working_day(date(2025, 3, 7))
    NonWorkingDay.objects.create(date=date(2025, 3, 7), name="Extra bank holiday")
    # Thu 6 Mar 2025 (day 0): [Fri 7 extra, Sat 8, Sun 9] Mon 10 (1).
    assert calendar.add_working_days(date(2025, 3, 6), 1) == date(2025, 3, 10)
    assert not calendar.is_working_day(date(2025, 3, 7))
    assert calendar.current_calendar().add_working_days(date(2025, 3, 6), 1) == date(2025, 3, 10)
    # Thu 6 Mar (day 0) to Mon 10 Mar: one working day, the Monday.
    assert calendar.working_days_between(date(2025, 3, 6), date(2025, 3, 10)) == 1


def test_non_working_days_lists_the_bank_holidays_on_weekdays():
    assert CAL.non_working_days(date(2024, 12, 20), date(2025, 1, 3)) == [
        date(2024, 12, 25),
        date(2024, 12, 26),
        date(2025, 1, 1),
    ]


# --- counting back ----------------------------------------------------------------


def test_negative_n_counts_back():
    # Tue 22 Apr 2025 back: [Mon 21 Easter Monday, Sun 20, Sat 19, Fri 18 Good Friday]
    # Thu 17 (1).
    assert CAL.add_working_days(date(2025, 4, 22), -1) == date(2025, 4, 17)
    # Mon 10 Mar 2025 back: [Sun 9, Sat 8] Fri 7 (1).
    assert CAL.add_working_days(date(2025, 3, 10), -1) == date(2025, 3, 7)
    # Thu 2 Jan 2025 back: [1 Jan] Tue 31 (1), Mon 30 (2), [29, 28, 26, 25] Fri 27 (3),
    # Tue 24 (4), Mon 23 Dec 2024 (5).
    assert CAL.add_working_days(date(2025, 1, 2), -5) == date(2024, 12, 23)
    # From a Saturday, Sat 8 Mar 2025 back: Fri 7 (1).
    assert CAL.add_working_days(date(2025, 3, 8), -1) == date(2025, 3, 7)


# --- working_days_between -----------------------------------------------------------


def test_working_days_between_counts_what_add_working_days_adds():
    # Fri 6 Dec 2024 to Wed 8 Jan 2025: 20 working days (see the first review in
    # test_rules.py for the count).
    assert CAL.working_days_between(date(2024, 12, 6), date(2025, 1, 8)) == 20
    assert CAL.working_days_between(date(2025, 1, 8), date(2024, 12, 6)) == -20
    assert CAL.working_days_between(date(2025, 3, 7), date(2025, 3, 7)) == 0
    # Sat 8 Mar 2025 to Mon 10 Mar: Mon 10 (1).
    assert CAL.working_days_between(date(2025, 3, 8), date(2025, 3, 10)) == 1
    # Fri 7 Mar 2025 to Sun 9 Mar: no working day after the Friday yet.
    assert CAL.working_days_between(date(2025, 3, 7), date(2025, 3, 9)) == 0
    # Sat 8 Mar 2025 back to Fri 7 Mar: Fri 7 is the first working day back (-1), as
    # add_working_days(Sat 8 Mar, -1) is Fri 7 Mar.
    assert CAL.working_days_between(date(2025, 3, 8), date(2025, 3, 7)) == -1


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def test_working_days_between_and_add_working_days_agree_on_every_pair_of_dates():
    # Every start from 13 Dec 2024 to 10 Jan 2025 (Christmas, New Year and weekends),
    # every end within 30 days either side of it.
    cal = WorkingCalendar([date(2025, 1, 3)])  # and an extra non-working day
    for d in _days(date(2024, 12, 13), date(2025, 1, 10)):
        for e in _days(d - timedelta(days=30), d + timedelta(days=30)):
            k = cal.working_days_between(d, e)
            reached = cal.add_working_days(d, k)
            if e >= d:
                # k working days after d is on or before e, and the next one is after it.
                assert k >= 0
                assert reached <= e < cal.add_working_days(d, k + 1), (d, e, k)
            else:
                assert k <= 0
                assert cal.add_working_days(d, k - 1) < e <= reached, (d, e, k)
            # Exactly e when e is a working day (or day 0 itself).
            assert (reached == e) == (cal.is_working_day(e) or e == d), (d, e, k)
        for n in range(-15, 16):
            assert cal.working_days_between(d, cal.add_working_days(d, n)) == n, (d, n)
