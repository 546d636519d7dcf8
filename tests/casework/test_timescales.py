"""Reg 28 visit timescales, worked by hand as a practitioner would check them."""

from datetime import date

import pytest
from constance.test import override_config

from casework.timescales import VisitRules, first_anniversary, next_visit_due


def due(start, long_term, visits, today=date(2020, 1, 1)):
    return next_visit_due(start, long_term, visits, today, rules=VisitRules())


def test_first_visit_within_a_week_of_the_placement_starting():
    # Placement starts Friday 27 December 2024: first visit by Friday 3 January 2025.
    result = due(date(2024, 12, 27), False, [], today=date(2024, 12, 30))
    assert result.due_date == date(2025, 1, 3)
    assert result.reason_text == (
        "First visit within 1 week of the placement starting on 27 December 2024"
    )
    assert not result.overdue


def test_every_six_weeks_in_the_first_year():
    # Visited Friday 10 January 2025: 42 days later is Friday 21 February 2025.
    result = due(date(2025, 1, 6), True, [date(2025, 1, 10)])
    assert result.due_date == date(2025, 2, 21)
    assert "every 6 weeks in the placement's first year" in result.reason_text
    # The latest visit counts, in whatever order the visits come.
    result = due(date(2025, 1, 6), True, [date(2025, 2, 20), date(2025, 1, 10)])
    assert result.due_date == date(2025, 4, 3)


def test_three_months_after_the_first_year_of_a_long_term_placement():
    # Started 1 January 2024; in its second year; last visit 15 November 2025.
    result = due(date(2024, 1, 1), True, [date(2025, 11, 15)])
    assert result.due_date == date(2026, 2, 15)
    assert "every 3 months after the first year" in result.reason_text
    assert "last visit 15 November 2025" in result.reason_text


def test_a_visit_in_the_first_year_is_followed_by_the_six_week_interval():
    # Started 1 January 2025: 15 November 2025 is still in the first year, so 6 weeks
    # (27 December 2025), even though the placement is meant to last until 18.
    assert due(date(2025, 1, 1), True, [date(2025, 11, 15)]).due_date == date(2025, 12, 27)
    # From the first anniversary (1 January 2026) the 3-month interval applies.
    assert due(date(2025, 1, 1), True, [date(2026, 1, 1)]).due_date == date(2026, 4, 1)
    # The day before the anniversary is still the first year.
    assert due(date(2025, 1, 1), True, [date(2025, 12, 31)]).due_date == date(2026, 2, 11)


def test_three_calendar_months_from_31_august_is_30_november():
    assert due(date(2024, 1, 1), True, [date(2025, 8, 31)]).due_date == date(2025, 11, 30)


def test_six_weeks_after_the_first_year_when_not_long_term():
    result = due(date(2024, 1, 1), False, [date(2025, 11, 15)])
    assert result.due_date == date(2025, 12, 27)
    assert "not intended to last until 18" in result.reason_text


def test_a_placement_starting_on_29_february():
    start = date(2024, 2, 29)
    assert due(start, True, []).due_date == date(2024, 3, 7)
    # Its first anniversary is 1 March 2025: 28 February 2025 is still the first year.
    assert first_anniversary(start) == date(2025, 3, 1)
    assert due(start, True, [date(2025, 2, 28)]).due_date == date(2025, 4, 11)
    assert due(start, True, [date(2025, 3, 1)]).due_date == date(2025, 6, 1)
    # 6 weeks across the end of February in a leap year.
    assert due(date(2024, 1, 1), False, [date(2024, 2, 1)]).due_date == date(2024, 3, 14)


def test_a_new_placement_starts_the_clock_again():
    # Visited in the last placement on 20 February; moved on 1 March 2025.
    result = due(date(2025, 3, 1), True, [date(2024, 12, 1), date(2025, 2, 20)])
    assert result.due_date == date(2025, 3, 8)
    assert result.reason_text.startswith("First visit within 1 week")
    # A visit on the day of the move counts for the new placement.
    assert due(date(2025, 3, 1), True, [date(2025, 3, 1)]).due_date == date(2025, 4, 12)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2025, 1, 2), False), (date(2025, 1, 3), False), (date(2025, 1, 4), True)],
)
def test_overdue_only_after_the_due_date(today, overdue):
    assert due(date(2024, 12, 27), False, [], today=today).overdue is overdue


def test_no_visit_is_due_for_a_child_not_looked_after():
    result = due(None, False, [date(2025, 1, 1)], today=date(2025, 6, 1))
    assert result.due_date is None
    assert result.overdue is False
    assert "Not looked after" in result.reason_text


@pytest.mark.django_db
@override_config(
    VISIT_FIRST_DAYS=3, VISIT_INTERVAL_FIRST_YEAR_DAYS=28, VISIT_INTERVAL_LONG_TERM_MONTHS=2
)
def test_a_stricter_local_policy_comes_from_the_councils_settings():
    today = date(2025, 1, 1)
    assert next_visit_due(date(2024, 12, 27), False, [], today).due_date == date(2024, 12, 30)
    assert next_visit_due(date(2025, 1, 6), True, [date(2025, 1, 10)], today).due_date == date(
        2025, 2, 7
    )
    assert next_visit_due(date(2024, 1, 1), True, [date(2025, 8, 31)], today).due_date == date(
        2025, 10, 31
    )
    assert (
        "every 4 weeks"
        in next_visit_due(date(2025, 1, 6), True, [date(2025, 1, 10)], today).reason_text
    )
