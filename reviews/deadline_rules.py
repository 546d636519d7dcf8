"""The IRO service's deadline rules: the IRO allocated, the child-in-care reviews and
their papers and outputs, the midway reviews, and the reviews and IRO of an agreed
series of short breaks. Registered with the deadline engine (deadlines.rules), with the
facts they read and their timescales (decision 0023)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from deadlines.facts import Batch, Children, register_facts, series_by_child
from deadlines.rules import (
    REG_48,
    ChildFacts,
    Due,
    RuleContext,
    long_date,
    rule,
    short_break_occasions,
    until_eighteen,
    working_days,
)
from deadlines.timescales import timescale

# --- timescales ------------------------------------------------------------------------

timescale(
    "IRO_ALLOCATION_WORKING_DAYS",
    2,
    "Working days after a child becomes looked after by which an IRO is allocated "
    "(IRO Handbook; 48 hours in many councils).",
    fieldset="Child's record",
)
timescale(
    "REVIEW_INVITATIONS_WORKING_DAYS",
    10,
    "Working days before a booked review by which invitations are sent (seeds 001, 003: 10).",
    fieldset="IRO service",
)
timescale(
    "REVIEW_SW_REPORT_WORKING_DAYS",
    3,
    "Working days before a booked review by which the social worker's report reaches "
    "the IRO (seeds 001, 003: 3).",
    fieldset="IRO service",
)
timescale(
    "REVIEW_RECOMMENDATIONS_WORKING_DAYS",
    5,
    "Working days after a review by which the IRO issues the recommendations (seed 001: 5).",
    fieldset="IRO service",
)
timescale(
    "REVIEW_MINUTES_WORKING_DAYS",
    20,
    "Working days after a review by which the minutes are completed and distributed "
    "(seed 001, IRO Handbook: 20).",
    fieldset="IRO service",
)
timescale(
    "MIDWAY_REVIEW_MONTHS",
    3,
    "Months after a review on the 6-month cycle by which the IRO's midway review is "
    "done (seed 001: 3).",
    fieldset="IRO service",
)

# --- facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFact:
    id: int
    held_on: date
    next_review_directed_by: date | None = None


@dataclass(frozen=True)
class BookingFact:
    """A review booked (reviews.ReviewBooking) in the open period of care."""

    id: int
    booked_for: date
    status: str  # "booked", "held" or "cancelled"
    invitations_sent_on: date | None = None
    report_received_on: date | None = None


@dataclass(frozen=True)
class ReviewOutputFact:
    """A review held in the open period, with the dates its outputs went out."""

    id: int
    held_on: date
    recommendations_issued_on: date | None = None
    minutes_distributed_on: date | None = None


@dataclass(frozen=True)
class MidwayFact:
    """A midway review held (reviews.MidwayReview), and the review it followed."""

    id: int
    review_id: int
    held_on: date


@dataclass
class ReviewsFacts:
    """The IRO service's records of the open period of care, earliest first: the
    reviews held (not those of a short-breaks series), the reviews booked, the reviews
    held with the dates their outputs went out (not those read from a return), the
    midway reviews held; and the reviews of each agreed series of short breaks, by
    series id."""

    reviews: list[ReviewFact] = field(default_factory=list)
    review_bookings: list[BookingFact] = field(default_factory=list)
    review_outputs: list[ReviewOutputFact] = field(default_factory=list)
    midway_reviews: list[MidwayFact] = field(default_factory=list)
    short_break_reviews: dict[int, list[ReviewFact]] = field(default_factory=dict)


@register_facts(
    ReviewsFacts,
    tables={
        "reviews.Review": "child_id",
        "reviews.ReviewBooking": "child_id",
        "reviews.MidwayReview": "child_id",
    },
)
def load_review_facts(batch: Batch, facts: Children) -> None:
    from django.db.models import F, Q

    from reviews.models import MidwayReview, Review, ReviewBooking

    _load_short_break_reviews(facts)
    if facts.earliest_start() is None:
        return
    # A review of a short-breaks series held before full care began is the series'.
    held = batch.filter(Review.objects.filter(period__end_date__isnull=True)).exclude(
        Q(period__short_break_series__isnull=False)
        & (
            Q(period__short_break_series__end_date__isnull=True)
            | Q(period__short_break_series__end_date__gt=F("held_on"))
        )
    )
    for child_id, pk, held_on, directed, issued, minutes, imported in held.order_by(
        "child_id", "held_on", "pk"
    ).values_list(
        "child_id",
        "pk",
        "held_on",
        "next_review_directed_by",
        "recommendations_issued_on",
        "minutes_distributed_on",
        "imported",
    ):
        part = facts[child_id].part(ReviewsFacts)
        part.reviews.append(ReviewFact(pk, held_on, directed))
        # The same rows, with the dates the review's outputs went out; a review read from
        # a return has none to track.
        if not imported:
            part.review_outputs.append(ReviewOutputFact(pk, held_on, issued, minutes))

    bookings = batch.filter(ReviewBooking.objects.filter(period__end_date__isnull=True))
    for child_id, *row in bookings.order_by("child_id", "booked_for", "pk").values_list(
        "child_id", "pk", "booked_for", "status", "invitations_sent_on", "report_received_on"
    ):
        facts[child_id].part(ReviewsFacts).review_bookings.append(BookingFact(*row))
    midway = batch.filter(MidwayReview.objects.filter(review__period__end_date__isnull=True))
    for child_id, *row in midway.values_list("child_id", "pk", "review_id", "held_on"):
        facts[child_id].part(ReviewsFacts).midway_reviews.append(MidwayFact(*row))


def _load_short_break_reviews(facts: Children) -> None:
    """The reviews recorded against the breaks of each series, held before it ended:
    one query, for the children with a series only."""
    from reviews.models import Review

    plans = {
        plan.id: (child_id, plan)
        for child_id, series in series_by_child(facts).items()
        for plan in series
    }
    if not plans:
        return
    for series_id, pk, held_on in Review.objects.filter(
        period__short_break_series_id__in=plans
    ).values_list("period__short_break_series_id", "pk", "held_on"):
        child_id, plan = plans[series_id]
        if plan.end is None or held_on < plan.end:
            held = facts[child_id].part(ReviewsFacts).short_break_reviews
            held.setdefault(series_id, []).append(ReviewFact(pk, held_on))


# --- the child's record ----------------------------------------------------------------


@rule(
    code="iro_allocation",
    title="IRO allocated",
    source="IRO Handbook (2010), chapter 2; local policy (default 2 working days)",
    responsible="iro_manager",
    order=100,
)
@until_eighteen
def iro_allocation(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An IRO is allocated within IRO_ALLOCATION_WORKING_DAYS working days (default 2)
    of the day the child became looked after. Source: IRO Handbook (2010), chapter 2
    (the IRO is appointed when the child becomes looked after); the number of days is
    local policy (seeds 003: "within 48 hours").

    Met by the first IRO allocation in force during the period of care, on the later of
    its start and the period's start (an IRO already allocated before the child came into
    care meets it on day 0).
    """
    if facts.period_start is None:
        return
    start = facts.period_start
    days = ctx.settings.IRO_ALLOCATION_WORKING_DAYS
    due = ctx.calendar.add_working_days(start, days)
    explanation = (
        f"IRO allocated by {long_date(due)}: {working_days(days)} after becoming looked "
        f"after on {long_date(start)}"
    )
    in_period = [a for a in facts.iro_allocations if a.end is None or a.end > start]
    met_on, met_by = None, ""
    if in_period:
        first = min(in_period, key=lambda a: (a.start, a.id))
        met_on = max(first.start, start)
        met_by = f"children.allocation:{first.id}"
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


@rule(
    code="cic_review",
    title="Child-in-care review",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
    responsible="iro",
    order=130,
)
@until_eighteen
def cic_review(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The child's reviews (reg 33): the first within 20 working days of the day the
    child became looked after; the second no more than 3 months after the first; later
    ones no more than 6 months after the one before. Months are calendar months (6
    months after 31 August is 28 February, or 29 in a leap year).

    The IRO may direct an earlier review (reg 33(3)(b), IRO Handbook): the deadline is
    then the directed date, and once that early review is held the cycle runs from it.
    Reviews count within the current period of care: a child who comes back into care
    has a first review again. One deadline per review occasion ("period:<id>:review:<n>"):
    each review held met the one before it; the next is open.
    """
    if facts.period_start is None:
        return
    previous: ReviewFact | None = None
    for number, review in enumerate(facts.part(ReviewsFacts).reviews, start=1):
        due, explanation = _review_due(facts.period_start, number, previous, ctx)
        key = f"period:{facts.period_id}:review:{number}"
        yield Due(key, due, explanation, review.held_on, f"reviews.review:{review.id}")
        previous = review
    number = len(facts.part(ReviewsFacts).reviews) + 1
    due, explanation = _review_due(facts.period_start, number, previous, ctx)
    yield Due(f"period:{facts.period_id}:review:{number}", due, explanation)


FIRST_REVIEW_WORKING_DAYS = 20
_ORDINALS = {1: "First", 2: "Second", 3: "Third"}


def _review_due(
    period_start: date, number: int, previous: ReviewFact | None, ctx: RuleContext
) -> tuple[date, str]:
    """When review `number` of the period is due, and why."""
    name = f"{_ORDINALS[number]} review" if number in _ORDINALS else f"Review {number}"
    if previous is None:
        due = ctx.calendar.add_working_days(period_start, FIRST_REVIEW_WORKING_DAYS)
        return due, (
            f"{name} due by {long_date(due)}: {working_days(FIRST_REVIEW_WORKING_DAYS)} "
            f"after becoming looked after on {long_date(period_start)} (reg 33)"
        )
    months = 3 if number == 2 else 6
    due = previous.held_on + relativedelta(months=months)
    directed = previous.next_review_directed_by
    if directed is not None and directed < due:
        return directed, (
            f"{name} due by {long_date(directed)}: directed by the IRO at the review on "
            f"{long_date(previous.held_on)}, earlier than the {months}-month limit (reg 33)"
        )
    after = "the first review" if number == 2 else "the review"
    return due, (
        f"{name} due by {long_date(due)}: {months} months after {after} on "
        f"{long_date(previous.held_on)} (reg 33)"
    )


# --- review bookings, outputs and midway reviews ------------------------------------


def _papers_due(
    booking: BookingFact, days: int, met_on: date | None, what: str, ctx: RuleContext
) -> Due | None:
    """A review paper due `days` working days before the booked date; while the booking
    stands, or once it was held if the paper was done. None for a cancelled booking, or a
    review held without it (that booking no longer has a paper to wait for)."""
    if booking.status == "cancelled" or (booking.status == "held" and met_on is None):
        return None
    due = ctx.calendar.add_working_days(booking.booked_for, -days)
    explanation = (
        f"{what} by {long_date(due)}: {working_days(days)} before the review booked for "
        f"{long_date(booking.booked_for)}"
    )
    met_by = f"reviews.reviewbooking:{booking.id}" if met_on else ""
    return Due(f"booking:{booking.id}", due, explanation, met_on, met_by)


@rule(
    code="review_invitations",
    title="Review invitations sent",
    source="Local policy (default 10 working days before the review); seeds 001 and 003",
    responsible="business_support",
    order=300,
)
@until_eighteen
def review_invitations(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The invitations to a booked review are sent REVIEW_INVITATIONS_WORKING_DAYS working
    days (default 10) before the date it is booked for, counted back from that date
    (weekends and bank holidays passed over). Met on the date the invitations were sent.
    Rebooking moves the due date; a cancelled booking has none.
    """
    if facts.period_start is None:
        return
    for booking in facts.part(ReviewsFacts).review_bookings:
        due = _papers_due(
            booking,
            ctx.settings.REVIEW_INVITATIONS_WORKING_DAYS,
            booking.invitations_sent_on,
            "Invitations sent",
            ctx,
        )
        if due is not None:
            yield due


@rule(
    code="review_report",
    title="Social worker's report for the review",
    source="Local policy (default 3 working days before the review); seeds 001 and 003",
    responsible="social_worker",
    order=310,
)
@until_eighteen
def review_report(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The social worker's report reaches the IRO REVIEW_SW_REPORT_WORKING_DAYS working
    days (default 3) before the date the review is booked for. Met on the date the
    report was received. Rebooking moves the due date; a cancelled booking has none.
    """
    if facts.period_start is None:
        return
    for booking in facts.part(ReviewsFacts).review_bookings:
        due = _papers_due(
            booking,
            ctx.settings.REVIEW_SW_REPORT_WORKING_DAYS,
            booking.report_received_on,
            "Social worker's report received",
            ctx,
        )
        if due is not None:
            yield due


@rule(
    code="review_recommendations",
    title="Review recommendations issued",
    source="IRO Handbook (2010), paragraph 3.76; local policy (default 5 working days)",
    responsible="iro",
    order=320,
)
def review_recommendations(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The IRO issues the review's recommendations to the social worker and team manager
    within REVIEW_RECOMMENDATIONS_WORKING_DAYS working days (default 5) of the day the
    review was held (day 0). Met on the date they were issued.
    """
    if facts.period_start is None:
        return
    days = ctx.settings.REVIEW_RECOMMENDATIONS_WORKING_DAYS
    for review in facts.part(ReviewsFacts).review_outputs:
        due = ctx.calendar.add_working_days(review.held_on, days)
        met = review.recommendations_issued_on
        yield Due(
            f"review:{review.id}",
            due,
            f"Recommendations issued by {long_date(due)}: {working_days(days)} after the "
            f"review on {long_date(review.held_on)}",
            met,
            f"reviews.review:{review.id}" if met else "",
        )


@rule(
    code="review_minutes",
    title="Review minutes distributed",
    source="IRO Handbook (2010), paragraph 3.77; local policy (default 20 working days)",
    responsible="iro",
    order=330,
)
def review_minutes(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The minutes of the review are completed and distributed within
    REVIEW_MINUTES_WORKING_DAYS working days (default 20) of the day the review was held
    (day 0). Met on the date they were distributed.
    """
    if facts.period_start is None:
        return
    days = ctx.settings.REVIEW_MINUTES_WORKING_DAYS
    for review in facts.part(ReviewsFacts).review_outputs:
        due = ctx.calendar.add_working_days(review.held_on, days)
        met = review.minutes_distributed_on
        yield Due(
            f"review:{review.id}",
            due,
            f"Minutes distributed by {long_date(due)}: {working_days(days)} after the "
            f"review on {long_date(review.held_on)}",
            met,
            f"reviews.review:{review.id}" if met else "",
        )


@rule(
    code="midway_review",
    title="Midway review",
    source="IRO Handbook (2010), paragraph 3.73 (monitoring between reviews); seed 001",
    responsible="iro",
    order=340,
)
@until_eighteen
def midway_review(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """After each review whose next review is on the 6-month cycle (the second and later
    reviews of the period of care, unless the IRO directed a next review earlier than
    6 months, as reviews.deadline_rules.cic_review reads a direction), the
    IRO holds a midway review MIDWAY_REVIEW_MONTHS calendar months (default 3) after it.
    Met by the first midway review recorded against that review.
    A midway review not held before the next review was held is missed: it stays on
    record as missed (so the IRO annual report counts it), and is no longer open work.
    """
    if facts.period_start is None:
        return
    months = ctx.settings.MIDWAY_REVIEW_MONTHS
    reviews = facts.part(ReviewsFacts).reviews
    for number, review in enumerate(reviews, start=1):
        directed = review.next_review_directed_by
        if number < 2 or (
            directed is not None and directed < review.held_on + relativedelta(months=6)
        ):
            continue
        following = reviews[number] if number < len(reviews) else None
        held = sorted(
            (m for m in facts.part(ReviewsFacts).midway_reviews if m.review_id == review.id),
            key=lambda m: (m.held_on, m.id),
        )
        due = review.held_on + relativedelta(months=months)
        explanation = (
            f"Midway review by {long_date(due)}: {months} months after the review on "
            f"{long_date(review.held_on)}"
        )
        if held:
            first = held[0]
            yield Due(
                f"review:{review.id}",
                due,
                explanation,
                first.held_on,
                f"reviews.midwayreview:{first.id}",
            )
        elif following is not None:
            yield Due(
                f"review:{review.id}",
                due,
                f"{explanation}; missed: the next review was held on "
                f"{long_date(following.held_on)} without one",
                missed=True,
            )
        else:
            yield Due(f"review:{review.id}", due, explanation)


# --- short breaks (reg 48) -------------------------------------------------------------


@rule(
    code="short_break_review",
    title="Short breaks review",
    source=f"{REG_48} (reg 33 as modified)",
    responsible="iro",
    order=800,
)
@until_eighteen
def short_break_review(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The review of an agreed series of short breaks (reg 48, modifying reg 33): the
    first within 3 months of the start of the first break of the series, then at
    intervals of not more than 6 months. Months are calendar months (3 months after 30
    November is 28 February, or 29 in a leap year). A review is a reviews.Review recorded
    against a break of the series (the latest break begun by the day it was held). One
    deadline per occasion ("shortbreaks:<id>:review:<n>"): each review meets the one
    before it; the next stays open while the series does.
    """
    series_reviews = facts.part(ReviewsFacts).short_break_reviews
    for plan in facts.short_break_plans:
        held = sorted(series_reviews.get(plan.id, []), key=lambda r: (r.held_on, r.id))
        yield from short_break_occasions(
            plan,
            [(r.held_on, f"reviews.review:{r.id}") for r in held],
            "Short breaks review",
            f"shortbreaks:{plan.id}:review",
        )


@rule(
    code="short_break_iro",
    title="IRO allocated for short breaks",
    source=f"Children Act 1989 s25A; {REG_48}; IRO Handbook (2010), chapter 2; local policy "
    "(default 2 working days)",
    responsible="iro_manager",
    order=820,
)
@until_eighteen
def short_break_iro(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A child on an agreed series of short breaks is looked after during each break, so
    has an IRO (s25A), who reviews the series (reg 48): allocated within
    IRO_ALLOCATION_WORKING_DAYS working days (default 2) of the start of the first break,
    as for a child coming into care (rule iro_allocation). Met by the first IRO
    allocation in force since the series started, on the later of its start and the
    first break's. One per series ("shortbreaks:<id>").
    """
    days = ctx.settings.IRO_ALLOCATION_WORKING_DAYS
    for plan in facts.short_break_plans:
        first = plan.first_break
        if first is None:
            continue
        due = ctx.calendar.add_working_days(first, days)
        explanation = (
            f"IRO allocated by {long_date(due)}: {working_days(days)} after the first short "
            f"break on {long_date(first)}"
        )
        met_on, met_by = None, ""
        if plan.iro_allocations:
            allocation = min(plan.iro_allocations, key=lambda a: (a.start, a.id))
            met_on, met_by = max(allocation.start, first), f"children.allocation:{allocation.id}"
        elif plan.end is not None and due >= plan.end:
            continue  # the series ended before an IRO was due
        yield Due(f"shortbreaks:{plan.id}", due, explanation, met_on, met_by)
