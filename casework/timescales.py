"""Statutory timescales for casework, as pure functions of dates (no database)."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class VisitRules:
    """The visit intervals: the regulation's, or a council's stricter local policy."""

    first_days: int = 7
    first_year_days: int = 42
    long_term_months: int = 3
    other_days: int = 42

    @classmethod
    def from_settings(cls) -> "VisitRules":
        """The council's current intervals (editable by an administrator: constance)."""
        from deadlines.rules import rule_settings

        return rule_settings().visits


@dataclass(frozen=True)
class VisitDue:
    due_date: date | None
    reason_text: str
    overdue: bool


def long_date(value: date) -> str:
    """ "3 January 2025", as GOV.UK writes dates."""
    return f"{value.day} {value:%B %Y}"


def _days(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    return "1 day" if days == 1 else f"{days} days"


def _months(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"


def first_anniversary(placement_start: date) -> date:
    """The day the placement's second year begins. A placement that started on 29 February
    reaches its anniversary on 1 March (the later day, so the stricter first-year interval
    applies for longer)."""
    if placement_start.month == 2 and placement_start.day == 29:
        return date(placement_start.year + 1, 3, 1)
    return placement_start.replace(year=placement_start.year + 1)


def next_visit_due(
    placement_start: date | None,
    intended_until_18: bool,
    visits_in_placement: list[date],
    today: date,
    *,
    rules: VisitRules | None = None,
) -> VisitDue:
    """When the social worker must next visit a looked-after child in their placement.

    The Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)
    and (3): the child must be visited

    - within 1 week of the start of any placement (a new placement starts the clock
      again: only visits on or after its start date count);
    - then at intervals of not more than 6 weeks for the first year of the placement;
    - after the first year, at intervals of not more than 3 months where the placement
      is intended to last until the child is 18, and otherwise not more than 6 weeks.

    The interval that follows a visit is the one for the year the visit fell in: a visit
    made in the placement's first year is followed by the first-year interval, even where
    it would end after the first anniversary. Months are calendar months (3 months from
    31 August is 30 November). The intervals are settings (`VisitRules`), so that a
    council may set a stricter local policy.

    `placement_start` is None when the child is not looked after (or has no placement):
    no visit is due. The next visit is overdue when `today` is after the due date.
    """
    if placement_start is None:
        return VisitDue(None, "Not looked after: no statutory visit is due", False)
    rules = rules or VisitRules.from_settings()
    visits = [v for v in visits_in_placement if v >= placement_start]
    if not visits:
        due = placement_start + timedelta(days=rules.first_days)
        reason = (
            f"First visit within {_days(rules.first_days)} of the placement starting on "
            f"{long_date(placement_start)}"
        )
    else:
        last = max(visits)
        if last < first_anniversary(placement_start):
            due = last + timedelta(days=rules.first_year_days)
            reason = (
                f"At least every {_days(rules.first_year_days)} in the placement's first "
                f"year; last visit {long_date(last)}"
            )
        elif intended_until_18:
            due = last + relativedelta(months=rules.long_term_months)
            reason = (
                f"At least every {_months(rules.long_term_months)} after the first year of a "
                f"placement intended to last until 18; last visit {long_date(last)}"
            )
        else:
            due = last + timedelta(days=rules.other_days)
            reason = (
                f"At least every {_days(rules.other_days)}: the placement is not intended to "
                f"last until 18; last visit {long_date(last)}"
            )
    return VisitDue(due, reason, today > due)
