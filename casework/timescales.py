"""Statutory timescales for casework, as pure functions of dates (no database)."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from children.codes import long_date


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
        from casework.deadline_rules import visit_rules
        from deadlines.timescales import rule_settings

        return visit_rules(rule_settings())


@dataclass(frozen=True)
class VisitDue:
    due_date: date | None
    reason_text: str
    overdue: bool


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
    (where none of reg 28(3) to (5) applies: `next_visit_due_for`): the child must be
    visited

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


# --- reg 28(3) to (5): children living with a parent, and connected persons ------------

WEEK = 7
# The regulation's intervals after the first review (reg 28(3)(b), (4)(b)) and after the
# visit following a care order (reg 28(5)(b)).
REG_28_3_DAYS = 42
REG_28_4_DAYS = 28
REG_28_5_DAYS = 42
REG_19_WORDS = "placed with a parent before the assessment is complete (reg 19)"
REG_24_WORDS = "a connected person with temporary approval (reg 24)"
INTERIM_ORDER_WORDS = "living with a parent under an interim care order"


@dataclass(frozen=True)
class VisitSituation:
    """What reg 28(3) to (5) turn on, for the child's current placement as the record
    stands (`visit_situation` works it out). Nothing set: reg 28(2) applies."""

    # Reg 28(3): placed with a parent under reg 19, before the assessment is complete.
    before_assessment: bool = False
    # Reg 28(4): the carer is a connected person whose reg 24 temporary approval is in force.
    temporary_approval: bool = False
    # Reg 28(4): living with a parent under an interim care order: the day it began.
    interim_care_order_from: date | None = None
    # Reg 28(5): living with a parent under a care order: the day the order was made.
    care_order_made: date | None = None
    # The child's first review of the period of care (reg 33(1)), if held.
    first_review: date | None = None

    @property
    def applies(self) -> bool:
        return bool(
            self.before_assessment
            or self.temporary_approval
            or self.interim_care_order_from
            or self.care_order_made
        )


@dataclass(frozen=True)
class CareOrder:
    """A legal status record that reg 28 reads: C1 interim or C2 full care order."""

    code: str
    start: date
    end: date | None
    order_date: date | None = None


def visit_situation(
    *,
    placement_type: str,
    placed_before_assessment: bool,
    temporary_approval: bool,
    temporary_approval_ended: date | None,
    care_orders: list[CareOrder],
    first_review: date | None,
    today: date,
) -> VisitSituation:
    """The reg 28 situation of a current placement on `today`: the deadline rule (from
    bulk facts) and the child's page (from the child's rows) both call it.

    "Living with P" is a placement with a parent or other person with parental
    responsibility (PLACE P1). An interim care order (C1) or care order (C2) counts while
    its record is open on `today`; the care order was made on its order date, or on the
    day it began when none is recorded. A temporary approval is in force until the day it
    ended."""
    from children import codes

    with_parent = placement_type == codes.WITH_PARENT_PLACEMENT

    def current(code: str) -> CareOrder | None:
        found = [o for o in care_orders if o.code == code and o.start <= today and o.end is None]
        return max(found, key=lambda o: o.start) if found else None

    interim = current(codes.LegalStatus.C1) if with_parent else None
    full = current(codes.LegalStatus.C2) if with_parent else None
    return VisitSituation(
        before_assessment=with_parent and placed_before_assessment,
        temporary_approval=temporary_approval
        and (temporary_approval_ended is None or temporary_approval_ended > today),
        interim_care_order_from=interim.start if interim else None,
        care_order_made=(full.order_date or full.start) if full else None,
        first_review=first_review,
    )


def _weekly_then(
    *,
    since: date,
    since_words: str,
    visits: list[date],
    first_review: date | None,
    then_days: int,
    paragraph: str,
    why: str,
    rules: VisitRules,
) -> tuple[date, str]:
    """Reg 28(3) and (4): at least once a week until the first review, then at intervals
    of not more than `then_days`. The first visit is within a week of `since`."""
    counted = [v for v in visits if v >= since]
    weekly = min(WEEK, rules.first_days)
    if not counted:
        due = since + timedelta(days=weekly)
        return due, (
            f"First visit within {_days(weekly)} of {since_words} {long_date(since)}: {why}, "
            f"at least weekly until the first review (reg 28({paragraph}))"
        )
    last = max(counted)
    if first_review is None or last + timedelta(days=WEEK) < first_review:
        due = last + timedelta(days=WEEK)
        return due, (
            f"At least weekly until the first review (reg 28({paragraph})): {why}; last "
            f"visit {long_date(last)}"
        )
    days = min(then_days, rules.first_year_days, rules.other_days)
    due = last + timedelta(days=days)
    return due, (
        f"At least every {_days(days)} after the first review on {long_date(first_review)} "
        f"(reg 28({paragraph})): {why}; last visit {long_date(last)}"
    )


def next_visit_due_for(
    placement_start: date | None,
    intended_until_18: bool,
    visits_in_placement: list[date],
    today: date,
    situation: VisitSituation,
    *,
    rules: VisitRules | None = None,
) -> VisitDue:
    """When the social worker must next visit the child, under whichever paragraph of
    reg 28 of the Care Planning, Placement and Case Review (England) Regulations 2010
    applies (reg 28(2) is "subject to paragraphs (3) to (6)"):

    - reg 28(3), placed with a parent under reg 19 (before the assessment is complete):
      at least once a week until the first review, then at intervals of not more than
      6 weeks;
    - reg 28(4), a connected person with temporary approval under reg 24, or an interim
      care order and living with a parent: at least once a week until the first review,
      then at intervals of not more than 4 weeks;
    - reg 28(5), a care order and living with a parent: within 1 week of the making of
      the order, then at intervals of not more than 6 weeks;
    - otherwise reg 28(2) (`next_visit_due`).

    These are calendar days and weeks, not working days: a visit due on a Saturday or a
    bank holiday is due that day. "The first review" is the child's first review of the
    period of care (reg 33(1)): once it has been held the weekly visits give way to the
    longer interval, counted from the last visit; a weekly visit that fell due before the
    review stays due. When a placement starts after the first review the first visit is
    still within a week of its start (reg 28(2)(a)). Where a care order was made before
    the placement began (the child went home under it), the first visit is within a week
    of the placement starting. When more than one paragraph applies (a reg 19 placement
    under an interim care order), the earliest date is due: each paragraph is a duty of
    its own. The council's reg 28(2) settings cap the longer intervals, so that a
    stricter local policy is never loosened.
    """
    rules = rules or VisitRules.from_settings()
    if placement_start is None or not situation.applies:
        result = next_visit_due(
            placement_start, intended_until_18, visits_in_placement, today, rules=rules
        )
        if placement_start is None:
            return result
        return VisitDue(result.due_date, f"{result.reason_text} (reg 28(2))", result.overdue)
    visits = [v for v in visits_in_placement if v >= placement_start]
    weekly: list[tuple[date, str, int, str, str]] = []  # since, words, days, para, why
    if situation.before_assessment:
        weekly.append((placement_start, "", REG_28_3_DAYS, "3", REG_19_WORDS))
    if situation.temporary_approval:
        weekly.append((placement_start, "", REG_28_4_DAYS, "4", REG_24_WORDS))
    if situation.interim_care_order_from is not None:
        since = max(placement_start, situation.interim_care_order_from)
        words = "" if since == placement_start else "the interim care order made on"
        weekly.append((since, words, REG_28_4_DAYS, "4", INTERIM_ORDER_WORDS))
    candidates = [
        _weekly_then(
            since=since,
            since_words=words or "the placement starting on",
            visits=visits,
            first_review=situation.first_review,
            then_days=days,
            paragraph=paragraph,
            why=why,
            rules=rules,
        )
        for since, words, days, paragraph, why in weekly
    ]
    if situation.care_order_made is not None:
        made = situation.care_order_made
        since, words = (
            (made, "the care order made on")
            if made >= placement_start
            else (placement_start, "the placement starting on")
        )
        counted = [v for v in visits if v >= since]
        first = min(WEEK, rules.first_days)
        if not counted:
            due = since + timedelta(days=first)
            reason = (
                f"First visit within {_days(first)} of {words} {long_date(since)}: living "
                "with a parent under a care order (reg 28(5))"
            )
        else:
            last = max(counted)
            days = min(REG_28_5_DAYS, rules.first_year_days, rules.other_days)
            due = last + timedelta(days=days)
            reason = (
                f"At least every {_days(days)} living with a parent under a care order "
                f"(reg 28(5)); last visit {long_date(last)}"
            )
        candidates.append((due, reason))
    due, reason = min(candidates, key=lambda c: c[0])
    return VisitDue(due, reason, today > due)
