"""Dates, one rule each: ages and birthdays, the long date GOV.UK writes, the half-open
ranges a care history is kept in (decision 0005), and the check that a day someone
records is neither in the future nor before the child was born."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from core.exceptions import ApplicationError


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a day. Someone born on 29 February has their birthday on
    1 March in other years."""
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def birthday(date_of_birth: date, years: int) -> date:
    """The day someone born on `date_of_birth` turns `years`. Born on 29 February, the
    birthday is 1 March in other years (Family Law Reform Act 1969 s9), as `age_on` counts."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return date(date_of_birth.year + years, 3, 1)


def long_date(value: date) -> str:
    """ "3 January 2025", as GOV.UK writes dates."""
    return f"{value.day} {value:%B %Y}"


def covers(start: date, end: date | None, day: date) -> bool:
    """Whether a record kept as [start, end) is in force on `day`: from its first day,
    up to but not including the day it ended (an open record has no end). A placement
    ending on the day the next one starts belongs, that day, to the next one."""
    return start <= day and (end is None or end > day)


def overlapping(start: date, end: date | None, *, prefix: str = "") -> Q:
    """The rows kept as [start_date, end_date) that share a day with [start, end): they
    start before it ends and end after it starts. A row that ended on the day the new
    one starts does not overlap it."""
    q = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": start})
    if end is not None:
        q &= Q(**{f"{prefix}start_date__lt": end})
    return q


def check_day(
    value: date | None,
    *,
    field: str,
    what: str,
    born: date | None = None,
    future_allowed: bool = False,
    today: date | None = None,
) -> None:
    """Refuse a recorded day that is after `today` (the council's today unless given;
    never, with `future_allowed`) or before the child's date of birth `born`, with the
    message the form shows by `field`: "<what> must be today or in the past"."""
    if value is None:
        return
    if not future_allowed and value > (today or timezone.localdate()):
        raise ApplicationError(f"{what} must be today or in the past", field=field)
    if born is not None and value < born:
        raise ApplicationError(
            f"{what} must be on or after the child's date of birth ({long_date(born)})",
            field=field,
        )
