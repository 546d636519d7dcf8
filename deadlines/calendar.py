"""The working-day calendar (DOMAIN.md section 3).

Working days exclude Saturdays, Sundays, bank holidays in England (the
`holidays` package, GB subdivision ENG) and any extra non-working day an
administrator has added (`NonWorkingDay`: a one-off bank holiday announced at
short notice).

Day 0 is the event date: "within 20 working days of D" means on or before the
20th working day after D, so `add_working_days(D, 20)` is the last day that is
in time. D itself is never counted, whether or not it is a working day.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from core.dates import long_date as long_date


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


class WorkingCalendar:
    """Working days: weekends, England's bank holidays and `extra` days excluded."""

    def __init__(self, extra: Iterable[date] = ()) -> None:
        self.extra = frozenset(extra)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _bank_holidays(day.year) and day not in self.extra

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (before it when n is negative); `start`
        itself when n is 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        day = start
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days after `start` `end` is: 0 for the same day, and
        negative when `end` is earlier. `add_working_days(start, k)` is the first
        day, counting away from `start`, for which this returns k (so counting
        back, as adding does, passes over `start` and lands on each working day
        before it: a Saturday's "-1" is the Friday)."""
        step = timedelta(days=1 if end >= start else -1)
        sign = 1 if end >= start else -1
        count = 0
        day = start
        while day != end:
            day += step
            if self.is_working_day(day):
                count += sign
        return count

    def non_working_days(self, start: date, end: date) -> list[date]:
        """The non-working weekdays from `start` to `end` inclusive (bank holidays and
        extra days), for explanations."""
        days = []
        day = start
        while day <= end:
            if day.weekday() < 5 and not self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def current_calendar() -> WorkingCalendar:
    """The calendar with the administrator's extra non-working days (one query)."""
    from deadlines.models import NonWorkingDay

    return WorkingCalendar(NonWorkingDay.objects.values_list("date", flat=True))


def add_working_days(start: date, n: int) -> date:
    """`WorkingCalendar.add_working_days` on the current calendar."""
    return current_calendar().add_working_days(start, n)


def is_working_day(day: date) -> bool:
    return current_calendar().is_working_day(day)


def working_days_between(start: date, end: date) -> int:
    return current_calendar().working_days_between(start, end)
