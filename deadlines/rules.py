"""Every statutory deadline rule, in one module.

Each rule is a small function registered with `@rule(...)`: it takes one child's
facts (`ChildFacts`, loaded in bulk by `deadlines.facts`) and a `RuleContext`
(today, the working-day calendar, the council's settings) and yields the
deadlines the record gives rise to (`Due`). Rules are pure: no database, no
clock, so they are tested with hand-worked dates (tests/deadlines/test_rules.py).

The source of each rule is in its docstring and in `source`, which the work
lists show. Numbers that are a council's choice come from `RuleSettings`
(constance, editable by an administrator), with DOMAIN.md's defaults.

Keys: a deadline belongs to an occasion, named by `key`: "period:<id>" for a
once-per-period-of-care deadline, "placement:<id>" for a placement's visits,
"euss" for the child's EU Settlement Scheme record. A deadline that a rule no
longer yields is marked "no longer applies" by the recompute.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache, wraps

from dateutil.relativedelta import relativedelta

from casework import timescales
from casework.timescales import CareOrder, VisitRules, next_visit_due_for, visit_situation
from children.codes import birthday as codes_birthday
from deadlines.calendar import WorkingCalendar

# Explanations name the same dates for many children: each is written out once.
long_date = lru_cache(maxsize=16384)(timescales.long_date)

# --- settings --------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSettings:
    """A snapshot of the council's timescale settings (config/settings/base.py,
    CONSTANCE_CONFIG). The defaults here are DOMAIN.md's and the constance defaults."""

    IRO_ALLOCATION_WORKING_DAYS: int = 2
    CARE_PLAN_WORKING_DAYS: int = 10
    VISIT_FIRST_DAYS: int = 7
    VISIT_INTERVAL_FIRST_YEAR_DAYS: int = 42
    VISIT_INTERVAL_LONG_TERM_MONTHS: int = 3
    VISIT_INTERVAL_OTHER_DAYS: int = 42
    DUE_SOON_WORKING_DAYS: int = 10
    REVIEW_INVITATIONS_WORKING_DAYS: int = 10
    REVIEW_SW_REPORT_WORKING_DAYS: int = 3
    REVIEW_RECOMMENDATIONS_WORKING_DAYS: int = 5
    REVIEW_MINUTES_WORKING_DAYS: int = 20
    MIDWAY_REVIEW_MONTHS: int = 3
    RESOLUTION_RESPONSE_WORKING_DAYS: int = 10
    HEALTH_NOTIFICATION_WORKING_DAYS: int = 5
    IHA_WORKING_DAYS: int = 20
    DENTAL_CHECK_MONTHS: int = 12
    SDQ_MIN_AGE: int = 4
    SDQ_MAX_AGE: int = 16
    PEP_INITIAL_WORKING_DAYS: int = 10
    PEP_MIN_AGE: int = 3
    PEP_MAX_AGE: int = 18
    PA_ALLOCATION_AGE_YEARS: int = 16
    PA_ALLOCATION_AGE_MONTHS: int = 0
    CARE_LEAVER_CONTACT_DAYS: int = 56
    NEEDS_ASSESSMENT_MONTHS: int = 3
    PATHWAY_PLAN_REVIEW_MONTHS: int = 6

    @property
    def visits(self) -> VisitRules:
        return VisitRules(
            first_days=self.VISIT_FIRST_DAYS,
            first_year_days=self.VISIT_INTERVAL_FIRST_YEAR_DAYS,
            long_term_months=self.VISIT_INTERVAL_LONG_TERM_MONTHS,
            other_days=self.VISIT_INTERVAL_OTHER_DAYS,
        )


def rule_settings() -> RuleSettings:
    """The council's current settings (one query)."""
    from constance.utils import get_values_for_keys

    names = [f.name for f in fields(RuleSettings)]
    values = get_values_for_keys(names)
    return RuleSettings(**{name: int(values[name]) for name in names})


# --- facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementFact:
    id: int
    start: date
    end: date | None
    intended_until_18: bool
    # What reg 28(3) and (4) turn on: the type (P1 is with a parent), a reg 19
    # placement, and a reg 24 temporary approval with the day it ended.
    placement_type: str = ""
    placed_before_assessment: bool = False
    temporary_approval: bool = False
    temporary_approval_ended: date | None = None


@dataclass(frozen=True)
class AllocationFact:
    id: int
    start: date
    end: date | None


@dataclass(frozen=True)
class RecordDate:
    """A dated record: its id and date (a care plan agreed, a visit made)."""

    id: int
    on: date


@dataclass(frozen=True)
class EussFact:
    id: int
    status: str
    family_member: bool
    coa_date: date | None
    pre_settled_date: date | None
    settled_date: date | None
    residence_start: date | None
    pre_settled_expiry: date | None


@dataclass(frozen=True)
class ReviewFact:
    id: int
    held_on: date
    next_review_directed_by: date | None = None


@dataclass
class ChildFacts:
    """What the rules need to know about one child. Loaded for many children at once
    by `deadlines.facts.load_facts`; built by hand in tests."""

    child_id: int
    date_of_birth: date
    # The open period of care, if the child is looked after.
    period_id: int | None = None
    period_start: date | None = None
    # When the child's last earlier period of care ended, if they had one.
    previous_period_end: date | None = None
    # The placements of the open period, earliest first.
    placements: list[PlacementFact] = field(default_factory=list)
    # The interim (C1) and full (C2) care orders of the open period (reg 28(4), (5)).
    care_orders: list[CareOrder] = field(default_factory=list)
    iro_allocations: list[AllocationFact] = field(default_factory=list)
    care_plans: list[RecordDate] = field(default_factory=list)
    last_visit: RecordDate | None = None
    # Reviews held in the open period, earliest first.
    reviews: list["ReviewFact"] = field(default_factory=list)
    euss: EussFact | None = None
    # An EU, EEA or Swiss nationality is recorded.
    euss_nationality: bool = False
    # Reviews booked in the open period, earliest first; reviews held with their outputs;
    # midway reviews held.
    review_bookings: list["BookingFact"] = field(default_factory=list)
    review_outputs: list["ReviewOutputFact"] = field(default_factory=list)
    midway_reviews: list["MidwayFact"] = field(default_factory=list)
    # Formal stages of the child's dispute resolutions with a responder.
    resolution_stages: list["ResolutionStageFact"] = field(default_factory=list)
    # Health (the health section at the end): the open period's initial health
    # assessment, and the dated records of the periodic checks, earliest first.
    iha: "IhaFact | None" = None
    review_health_assessments: list[RecordDate] = field(default_factory=list)
    dental_checks: list[RecordDate] = field(default_factory=list)
    # The date of the last dental check recorded before the open period began.
    dental_check_before_period: date | None = None
    sdqs: list[RecordDate] = field(default_factory=list)
    health_summaries: list[RecordDate] = field(default_factory=list)
    # Personal education plans completed in the open period: (id, date completed),
    # earliest first.
    peps: list["RecordDate"] = field(default_factory=list)
    # Care leavers (loaded only for young people aged 15 to 25): every period of care,
    # the short-break (V3/V4) stretches, and what the leaving-care rules look for.
    care_periods: list["CarePeriodFact"] = field(default_factory=list)
    short_breaks: list["AllocationFact"] = field(default_factory=list)
    # Agreed series of short breaks (reg 48), with their breaks, reviews and visits.
    short_break_plans: list["ShortBreakPlanFact"] = field(default_factory=list)
    needs_assessments: list[RecordDate] = field(default_factory=list)
    pathway_plans: list[RecordDate] = field(default_factory=list)
    pa_allocations: list[AllocationFact] = field(default_factory=list)
    # The latest contact in which the young person was in touch, and the latest
    # contact's outcome (an SSDA903 IN_TOUCH code).
    last_in_touch: RecordDate | None = None
    last_contact_outcome: str = ""
    # When care ended with a return home: the placements with parents (P1) and the
    # accommodation after care, as (start, OC3 ACCOM letter), for reg 3's six months.
    placements_with_parents: list[AllocationFact] = field(default_factory=list)
    housing: list[tuple[date, str]] = field(default_factory=list)

    @property
    def looked_after(self) -> bool:
        return self.period_start is not None

    @property
    def current_placement(self) -> PlacementFact | None:
        return next((p for p in self.placements if p.end is None), None)


@dataclass(frozen=True)
class RuleContext:
    today: date
    calendar: WorkingCalendar
    settings: RuleSettings


@dataclass(frozen=True)
class Due:
    """One deadline a rule yields: the occasion's key, the due date, and how it was
    met (the date and the record) if it was."""

    key: str
    due_date: date
    explanation: str
    met_on: date | None = None
    met_by: str = ""
    # The occasion passed without being met and can no longer be (a midway review once
    # the next review is held): it stays on record as missed, not "no longer applies".
    missed: bool = False


# --- the registry ----------------------------------------------------------------------

RuleFunction = Callable[[ChildFacts, RuleContext], Iterator[Due]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    source: str
    # Whose work it is: the kind of allocation (children.AllocationKind) whose holder
    # sees it in "My work" and gets its reminders, or a role (accounts.Role) whose
    # holders all do (the IRO manager allocates IROs).
    responsible: str
    function: RuleFunction

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip()


REGISTRY: dict[str, Rule] = {}


def rule(*, code: str, title: str, source: str, responsible: str) -> Callable:
    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise ValueError(f"Deadline rule {code!r} is registered twice")
        REGISTRY[code] = Rule(code, title, source, responsible, function)
        return function

    return register


def rule_choices() -> list[tuple[str, str]]:
    return [(r.code, r.title) for r in REGISTRY.values()]


def evaluate(facts: ChildFacts, context: RuleContext) -> Iterator[tuple[str, Due]]:
    """Every deadline the child's record gives rise to, as (rule code, Due)."""
    for registered in REGISTRY.values():
        for due in registered.function(facts, context):
            yield registered.code, due


def _working_days(n: int) -> str:
    return "1 working day" if n == 1 else f"{n} working days"


# --- the end of care at 18 -------------------------------------------------------------


def until_eighteen(function: RuleFunction) -> RuleFunction:
    """A looked-after duty: a looked-after child is under 18 (Children Act 1989 s105(1)),
    so a deadline the rule would give on or after the 18th birthday is not produced
    (a 29 February birthday is reached on 1 March in a common year: `birthday`). The
    care-leaver rules take over from then. Applied under `@rule` to each such rule."""

    @wraps(function)
    def gated(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
        eighteen = birthday(facts.date_of_birth, 18)
        return (due for due in function(facts, ctx) if due.due_date < eighteen)

    gated.__doc__ = (
        f"{(function.__doc__ or '').rstrip()}\n\n    Nothing is due on or after the 18th "
        "birthday: care ends at 18 (Children Act 1989 s105(1)).\n"
    )
    return gated


# --- the child's record ----------------------------------------------------------------


@rule(
    code="iro_allocation",
    title="IRO allocated",
    source="IRO Handbook (2010), chapter 2; local policy (default 2 working days)",
    responsible="iro_manager",
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
        f"IRO allocated by {long_date(due)}: {_working_days(days)} after becoming looked "
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
    code="care_plan",
    title="Care plan agreed",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 4(2)",
    responsible="social_worker",
)
@until_eighteen
def care_plan(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The care plan is prepared before the child is first placed or, if that is not
    practicable, within 10 working days of the start of the first placement (reg 4(2);
    the number of days is the setting CARE_PLAN_WORKING_DAYS).

    The first placement is the earliest placement of the current period of care. Met by
    the earliest care plan agreed on or after the period's start, or in the 28 days
    before it (a plan made in preparation for a planned admission), but not one agreed
    during an earlier period of care: that plan was for the care that ended.
    """
    if facts.period_start is None or not facts.placements:
        return
    first = facts.placements[0]
    days = ctx.settings.CARE_PLAN_WORKING_DAYS
    due = ctx.calendar.add_working_days(first.start, days)
    explanation = (
        f"Care plan agreed by {long_date(due)}: {_working_days(days)} after the first "
        f"placement started on {long_date(first.start)} (reg 4)"
    )
    earliest_counted = facts.period_start - timedelta(days=28)
    if facts.previous_period_end is not None:
        earliest_counted = max(earliest_counted, facts.previous_period_end + timedelta(days=1))
    plans = sorted(
        (p for p in facts.care_plans if p.on >= earliest_counted), key=lambda p: (p.on, p.id)
    )
    met_on, met_by = None, ""
    if plans:
        met_on, met_by = max(plans[0].on, facts.period_start), f"casework.careplan:{plans[0].id}"
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


@rule(
    code="sw_visit",
    title="Social worker visit",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28: "
    "(2) any placement; (3) placed with a parent under reg 19; (4) a connected person "
    "under reg 24, or an interim care order at home; (5) a care order at home",
    responsible="social_worker",
)
@until_eighteen
def sw_visit(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The next statutory visit to the child in their current placement, under the
    paragraph of reg 28 that applies (casework.timescales.next_visit_due_for has the
    detail; the explanation names the paragraph):

    - reg 28(2), any placement: within 1 week of the placement starting, then at most
      every 6 weeks in its first year, then at most every 3 months where it is intended
      to last until 18 and otherwise every 6 weeks (the intervals are settings, so that a
      council may be stricter);
    - reg 28(3), placed with a parent under reg 19 before the assessment is complete: at
      least weekly until the first review, then at most every 6 weeks;
    - reg 28(4), a connected person with temporary approval under reg 24, or living with
      a parent (PLACE P1) under an interim care order (LS C1): at least weekly until the
      first review, then at most every 4 weeks;
    - reg 28(5), living with a parent under a care order (LS C2): within 1 week of the
      order being made, then at most every 6 weeks.

    Weeks are calendar weeks (7 days), not working days. "The first review" is the
    first review of the period of care. One deadline per placement, moving on with each
    visit, and with each change of placement, legal status or approval that changes the
    paragraph; when the placement ends it no longer applies, and the next placement's
    first visit is due.
    """
    current = facts.current_placement
    if facts.period_start is None or current is None:
        return
    situation = visit_situation(
        placement_type=current.placement_type,
        placed_before_assessment=current.placed_before_assessment,
        temporary_approval=current.temporary_approval,
        temporary_approval_ended=current.temporary_approval_ended,
        care_orders=facts.care_orders,
        first_review=facts.reviews[0].held_on if facts.reviews else None,
        today=ctx.today,
    )
    visits = [facts.last_visit.on] if facts.last_visit else []
    result = next_visit_due_for(
        current.start,
        current.intended_until_18,
        visits,
        ctx.today,
        situation,
        rules=ctx.settings.visits,
    )
    if result.due_date is None:
        return
    yield Due(
        f"placement:{current.id}",
        result.due_date,
        f"Next visit by {long_date(result.due_date)}: {result.reason_text[0].lower()}"
        f"{result.reason_text[1:]}",
    )


@rule(
    code="cic_review",
    title="Child-in-care review",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
    responsible="iro",
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
    for number, review in enumerate(facts.reviews, start=1):
        due, explanation = _review_due(facts.period_start, number, previous, ctx)
        key = f"period:{facts.period_id}:review:{number}"
        yield Due(key, due, explanation, review.held_on, f"reviews.review:{review.id}")
        previous = review
    number = len(facts.reviews) + 1
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
            f"{name} due by {long_date(due)}: {_working_days(FIRST_REVIEW_WORKING_DAYS)} "
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


def _eighteenth_birthday(date_of_birth: date) -> date:
    from euss.rules import eighteenth_birthday

    return eighteenth_birthday(date_of_birth)


@rule(
    code="euss_apply",
    title="EU Settlement Scheme application",
    source="IMA assurance review (2025), paragraphs 7 and 10; Home Office EUSS guidance",
    responsible="social_worker",
)
def euss_apply(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child who may be eligible for the EU Settlement Scheme (an EU,
    EEA or Swiss national, or a family member of one) has an application made before
    they leave care: due by their 18th birthday. Met on the date of the certificate of
    application, or the date status was granted. No deadline once "not eligible" is
    recorded (DOMAIN.md sections 3 and 8).
    """
    from euss.models import EussStatus

    if facts.period_start is None:
        return
    euss = facts.euss
    eligible = facts.euss_nationality or bool(euss and euss.family_member)
    if not eligible or (euss and euss.status == EussStatus.NOT_ELIGIBLE):
        return
    due = _eighteenth_birthday(facts.date_of_birth)
    explanation = (
        f"EU Settlement Scheme application made by {long_date(due)}: before leaving care "
        "at 18 (IMA review)"
    )
    met_on, met_by = None, ""
    if euss is not None:
        made = [d for d in (euss.coa_date, euss.pre_settled_date, euss.settled_date) if d]
        if euss.status != EussStatus.NOT_APPLIED and made:
            met_on, met_by = min(made), f"euss.eussrecord:{euss.id}"
    yield Due("euss", due, explanation, met_on, met_by)


@rule(
    code="euss_settled",
    title="EUSS: apply for settled status",
    source="Immigration Rules Appendix EU, EU11; IMA assurance review (2025), paragraph 12",
    responsible="social_worker",
)
def euss_settled(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child with pre-settled status can get settled status 5 years
    after their continuous residence began (euss.rules.settled_eligibility_date): the
    deadline is that date, so that the upgrade is applied for as soon as it can be and
    before the child leaves care. Met when settled status is granted.
    """
    from euss.models import EussStatus
    from euss.rules import settled_eligibility_date

    euss = facts.euss
    if facts.period_start is None or euss is None or euss.residence_start is None:
        return
    if euss.status not in (EussStatus.PRE_SETTLED, EussStatus.SETTLED):
        return
    due = settled_eligibility_date(euss.residence_start)
    explanation = (
        f"Eligible for settled status from {long_date(due)}: 5 years after residence "
        f"began on {long_date(euss.residence_start)} (Appendix EU, EU11)"
    )
    met_on, met_by = None, ""
    if euss.status == EussStatus.SETTLED and euss.settled_date:
        met_on, met_by = euss.settled_date, f"euss.eussrecord:{euss.id}"
    yield Due("euss", due, explanation, met_on, met_by)


@rule(
    code="euss_expiry",
    title="EUSS: pre-settled status expires",
    source="Immigration Rules Appendix EU, EU3; IMA assurance review (2025), paragraph 12",
    responsible="social_worker",
)
def euss_expiry(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child's pre-settled status has an expiry date: settled status is
    granted (or the extension confirmed and the new date recorded) before it. Met when
    settled status is granted.
    """
    from euss.models import EussStatus

    euss = facts.euss
    if facts.period_start is None or euss is None or euss.pre_settled_expiry is None:
        return
    if euss.status not in (EussStatus.PRE_SETTLED, EussStatus.SETTLED):
        return
    due = euss.pre_settled_expiry
    explanation = f"Pre-settled status expires on {long_date(due)}: settled status before then"
    met_on, met_by = None, ""
    if euss.status == EussStatus.SETTLED and euss.settled_date:
        met_on, met_by = euss.settled_date, f"euss.eussrecord:{euss.id}"
    yield Due("euss", due, explanation, met_on, met_by)


# --- the IRO service: review bookings, outputs and midway reviews ----------------------


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
        f"{what} by {long_date(due)}: {_working_days(days)} before the review booked for "
        f"{long_date(booking.booked_for)}"
    )
    met_by = f"reviews.reviewbooking:{booking.id}" if met_on else ""
    return Due(f"booking:{booking.id}", due, explanation, met_on, met_by)


@rule(
    code="review_invitations",
    title="Review invitations sent",
    source="Local policy (default 10 working days before the review); seeds 001 and 003",
    responsible="business_support",
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
    for booking in facts.review_bookings:
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
)
@until_eighteen
def review_report(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The social worker's report reaches the IRO REVIEW_SW_REPORT_WORKING_DAYS working
    days (default 3) before the date the review is booked for. Met on the date the
    report was received. Rebooking moves the due date; a cancelled booking has none.
    """
    if facts.period_start is None:
        return
    for booking in facts.review_bookings:
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
)
def review_recommendations(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The IRO issues the review's recommendations to the social worker and team manager
    within REVIEW_RECOMMENDATIONS_WORKING_DAYS working days (default 5) of the day the
    review was held (day 0). Met on the date they were issued.
    """
    if facts.period_start is None:
        return
    days = ctx.settings.REVIEW_RECOMMENDATIONS_WORKING_DAYS
    for review in facts.review_outputs:
        due = ctx.calendar.add_working_days(review.held_on, days)
        met = review.recommendations_issued_on
        yield Due(
            f"review:{review.id}",
            due,
            f"Recommendations issued by {long_date(due)}: {_working_days(days)} after the "
            f"review on {long_date(review.held_on)}",
            met,
            f"reviews.review:{review.id}" if met else "",
        )


@rule(
    code="review_minutes",
    title="Review minutes distributed",
    source="IRO Handbook (2010), paragraph 3.77; local policy (default 20 working days)",
    responsible="iro",
)
def review_minutes(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The minutes of the review are completed and distributed within
    REVIEW_MINUTES_WORKING_DAYS working days (default 20) of the day the review was held
    (day 0). Met on the date they were distributed.
    """
    if facts.period_start is None:
        return
    days = ctx.settings.REVIEW_MINUTES_WORKING_DAYS
    for review in facts.review_outputs:
        due = ctx.calendar.add_working_days(review.held_on, days)
        met = review.minutes_distributed_on
        yield Due(
            f"review:{review.id}",
            due,
            f"Minutes distributed by {long_date(due)}: {_working_days(days)} after the "
            f"review on {long_date(review.held_on)}",
            met,
            f"reviews.review:{review.id}" if met else "",
        )


@rule(
    code="midway_review",
    title="Midway review",
    source="IRO Handbook (2010), paragraph 3.73 (monitoring between reviews); seed 001",
    responsible="iro",
)
@until_eighteen
def midway_review(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """After each review whose next review is on the 6-month cycle (the second and later
    reviews of the period of care, unless the IRO directed a next review earlier than
    6 months, as deadlines.rules.cic_review reads a direction), the
    IRO holds a midway review MIDWAY_REVIEW_MONTHS calendar months (default 3) after it.
    Met by the first midway review recorded against that review.
    A midway review not held before the next review was held is missed: it stays on
    record as missed (so the IRO annual report counts it), and is no longer open work.
    """
    if facts.period_start is None:
        return
    months = ctx.settings.MIDWAY_REVIEW_MONTHS
    reviews = facts.reviews
    for number, review in enumerate(reviews, start=1):
        directed = review.next_review_directed_by
        if number < 2 or (
            directed is not None and directed < review.held_on + relativedelta(months=6)
        ):
            continue
        following = reviews[number] if number < len(reviews) else None
        held = sorted(
            (m for m in facts.midway_reviews if m.review_id == review.id),
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


# --- dispute resolutions (resolutions app) ---------------------------------------------


@dataclass(frozen=True)
class ResolutionStageFact:
    """A formal stage (1 to 4) of a dispute resolution with a named responder."""

    id: int
    resolution_id: int
    stage: int
    started_on: date
    responded_on: date | None
    # The stage is the resolution's latest and the resolution is still open: a response
    # is awaited. A stage passed over (escalated, or resolved) without a response no
    # longer awaits one.
    awaiting: bool


@rule(
    code="resolution_response",
    title="Dispute resolution: stage response",
    source="IRO Handbook (2010), chapter 6; local dispute resolution protocol",
    responsible="resolution_responder",
)
def resolution_response(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """Each formal stage of a dispute resolution (stage 1 team manager, 2 group manager,
    3 head of service, 4 director) is answered by its responder within
    RESOLUTION_RESPONSE_WORKING_DAYS working days (default 10) of the day the stage
    started (day 0). Met on the date of the response. A stage escalated or resolved
    without a response no longer applies. One deadline per stage:
    "resolution:<id>:stage:<n>".
    """
    days = ctx.settings.RESOLUTION_RESPONSE_WORKING_DAYS
    for stage in facts.resolution_stages:
        if stage.responded_on is None and not stage.awaiting:
            continue
        due = ctx.calendar.add_working_days(stage.started_on, days)
        explanation = (
            f"Stage {stage.stage} response by {long_date(due)}: {_working_days(days)} after "
            f"the stage started on {long_date(stage.started_on)}"
        )
        met_by = f"resolutions.resolutionstage:{stage.id}" if stage.responded_on else ""
        yield Due(
            f"resolution:{stage.resolution_id}:stage:{stage.stage}",
            due,
            explanation,
            stage.responded_on,
            met_by,
        )


# --- health (health/) ------------------------------------------------------------------
# Source for all of them, unless said: Promoting the health and well-being of looked-after
# children, statutory guidance for local authorities, clinical commissioning groups and NHS
# England (DfE and DH, March 2015); the timescales councils report (seed 002). The
# readings the guidance leaves open are in docs/decisions/0014-health-timescales.md.

HEALTH_GUIDANCE = "Promoting the health and well-being of looked-after children (DfE/DH, 2015)"
RHA_MONTHS_UNDER_FIVE = 6
RHA_MONTHS_FROM_FIVE = 12
SDQ_INTERVAL_MONTHS = 12
SDQ_LOOKED_AFTER_MONTHS = 12


@dataclass(frozen=True)
class IhaFact:
    """The open period's initial health assessment: when health were notified and when
    it was completed."""

    id: int
    notified_on: date | None
    completed_on: date | None


def birthday(date_of_birth: date, years: int) -> date:
    """The day a child turns `years` (`children.codes.birthday`: 29 February birthdays
    fall on 1 March in other years)."""
    return codes_birthday(date_of_birth, years)


def _age_on(date_of_birth: date, on: date) -> int:
    from children.codes import age_on

    return age_on(date_of_birth, on)


def iha_due_date(period_start: date, calendar: WorkingCalendar, settings: RuleSettings) -> date:
    """When the initial health assessment of a period of care starting on `period_start`
    is due: IHA_WORKING_DAYS working days after (day 0 is the day care started). The
    rule and the IHA form's "late" check both use it."""
    return calendar.add_working_days(period_start, settings.IHA_WORKING_DAYS)


@rule(
    code="health_notification",
    title="Health notified of entry to care",
    source=f"{HEALTH_GUIDANCE}; local policy (seed 002: 5 working days)",
    responsible="social_worker",
)
@until_eighteen
def health_notification(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """Health (the looked-after children's health team) is notified that the child has
    become looked after within HEALTH_NOTIFICATION_WORKING_DAYS working days (default 5)
    of the day they did, so that the initial health assessment can be done in time.
    One per period of care; met on the notification date of the period's initial
    health assessment record.
    """
    if facts.period_start is None:
        return
    days = ctx.settings.HEALTH_NOTIFICATION_WORKING_DAYS
    due = ctx.calendar.add_working_days(facts.period_start, days)
    explanation = (
        f"Health notified by {long_date(due)}: {_working_days(days)} after becoming looked "
        f"after on {long_date(facts.period_start)}"
    )
    iha = facts.iha
    met_on = iha.notified_on if iha else None
    met_by = f"health.initialhealthassessment:{iha.id}" if iha and met_on else ""
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


@rule(
    code="iha",
    title="Initial health assessment",
    source=f"{HEALTH_GUIDANCE}; Care Planning, Placement and Case Review (England) "
    "Regulations 2010, reg 7",
    responsible="social_worker",
)
@until_eighteen
def iha(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The initial health assessment is done in time to inform the first review: within
    IHA_WORKING_DAYS working days (default 20) of the day the child became looked after
    (day 0). One per period of care: a child who comes back into care has one again.
    Met on the date the assessment was completed (not the date the report came back).
    """
    if facts.period_start is None:
        return
    due = iha_due_date(facts.period_start, ctx.calendar, ctx.settings)
    days = ctx.settings.IHA_WORKING_DAYS
    explanation = (
        f"Initial health assessment by {long_date(due)}: {_working_days(days)} after "
        f"becoming looked after on {long_date(facts.period_start)}"
    )
    iha = facts.iha
    met_on = iha.completed_on if iha else None
    met_by = f"health.initialhealthassessment:{iha.id}" if iha and met_on else ""
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


def rha_interval_months(date_of_birth: date, assessed_on: date) -> int:
    """Months to the next review health assessment after one on `assessed_on`: 6 when
    the child was under 5 that day, 12 when they were 5 or over. The child's age on the
    day of the last assessment decides, so an under-5 is never left longer than 6
    months, even if they turn 5 before the next one is due."""
    if _age_on(date_of_birth, assessed_on) < 5:
        return RHA_MONTHS_UNDER_FIVE
    return RHA_MONTHS_FROM_FIVE


@rule(
    code="rha",
    title="Review health assessment",
    source=f"{HEALTH_GUIDANCE}; Care Planning, Placement and Case Review (England) "
    "Regulations 2010, reg 7",
    responsible="social_worker",
)
@until_eighteen
def rha(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """Review health assessments: every 6 months before the child's 5th birthday and
    every 12 months from it. The interval runs from the latest health assessment of
    either kind in the current period of care (the first from the initial health
    assessment), and is decided by the child's age on the day of that assessment
    (`rha_interval_months`): a child assessed at 4 years 11 months is next due 6 months
    later, at 5 years 5 months; one assessed on or after their 5th birthday, 12 months
    later. Months are calendar months (6 months after 31 August is 28 February, or 29
    in a leap year); a child born on 29 February turns 5 on 1 March in other years.

    No review assessment is due until a first health assessment is recorded: until
    then the initial health assessment is the work (rule "iha"). One deadline per
    occasion ("period:<id>:rha:<n>"): each assessment meets the one before; the next is
    open.
    """
    if facts.period_start is None:
        return
    start = facts.period_start
    done: list[tuple[date, int, str, str]] = [
        (r.on, r.id, "review health assessment", f"health.reviewhealthassessment:{r.id}")
        for r in facts.review_health_assessments
        if r.on >= start
    ]
    iha = facts.iha
    if iha is not None and iha.completed_on is not None:
        done.append(
            (
                iha.completed_on,
                0,
                "initial health assessment",
                f"health.initialhealthassessment:{iha.id}",
            )
        )
    if not done:
        return
    done.sort()
    key = f"period:{facts.period_id}:rha"

    def due_after(previous: tuple[date, int, str, str]) -> tuple[date, str]:
        on, _, label, _ = previous
        months = rha_interval_months(facts.date_of_birth, on)
        due = on + relativedelta(months=months)
        age = "under 5" if months == RHA_MONTHS_UNDER_FIVE else "5 or over"
        return due, (
            f"Review health assessment by {long_date(due)}: {months} months after the "
            f"{label} on {long_date(on)} (the child was {age} then)"
        )

    for number in range(1, len(done)):
        due, explanation = due_after(done[number - 1])
        on, _, _, met_by = done[number]
        yield Due(f"{key}:{number}", due, explanation, on, met_by)
    due, explanation = due_after(done[-1])
    yield Due(f"{key}:{len(done)}", due, explanation)


@rule(
    code="dental_check",
    title="Dental check",
    source="SSDA903 OC2 (TEETH_CHECK); local policy (default every 12 months)",
    responsible="social_worker",
)
@until_eighteen
def dental_check(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child sees a dentist every DENTAL_CHECK_MONTHS months (default
    12): the first within that many months of becoming looked after, then that many
    months after the last check. One deadline per occasion ("period:<id>:dental:<n>").

    A child coming into care for the first time has the full interval from entry: a
    check from before care does not bring the first one forward (decision 0014). A child
    back in care after an earlier period is due that many months after the last check
    recorded, wherever it fell (in the earlier period, or after it ended), not after
    re-entry: the council's own record shows when the child last saw a dentist, and the
    12 months run from then (decision 0018). If that day passed before the child came
    back, the check is overdue from re-entry. Checks in the current period count as
    before.
    """
    if facts.period_start is None:
        return
    start = facts.period_start
    months = ctx.settings.DENTAL_CHECK_MONTHS
    checks = sorted((c for c in facts.dental_checks if c.on >= start), key=lambda c: (c.on, c.id))
    key = f"period:{facts.period_id}:dental"
    before = facts.dental_check_before_period
    if facts.previous_period_end is not None and before is not None:
        due = before + relativedelta(months=months)
        explanation = (
            f"Dental check by {long_date(due)}: {months} months after the last check on "
            f"{long_date(before)}, before coming back into care on {long_date(start)}"
        )
    else:
        due = start + relativedelta(months=months)
        explanation = (
            f"Dental check by {long_date(due)}: {months} months after becoming looked "
            f"after on {long_date(start)}"
        )
    for number, check in enumerate(checks, start=1):
        yield Due(f"{key}:{number}", due, explanation, check.on, f"health.dentalcheck:{check.id}")
        due = check.on + relativedelta(months=months)
        explanation = (
            f"Dental check by {long_date(due)}: {months} months after the last check on "
            f"{long_date(check.on)}"
        )
    yield Due(f"{key}:{len(checks) + 1}", due, explanation)


def sdq_eligible(
    date_of_birth: date, period_start: date | None, on: date, settings: RuleSettings
) -> bool:
    """Whether a child is in the SDQ cohort on `on`: looked after continuously for 12
    months or more by then (the period of care began on or before the day 12 calendar
    months earlier) and aged SDQ_MIN_AGE to SDQ_MAX_AGE (default 4 to 16, so up to the
    day before the 17th birthday)."""
    if period_start is None:
        return False
    if period_start + relativedelta(months=SDQ_LOOKED_AFTER_MONTHS) > on:
        return False
    return settings.SDQ_MIN_AGE <= _age_on(date_of_birth, on) <= settings.SDQ_MAX_AGE


@rule(
    code="sdq",
    title="Strengths and Difficulties Questionnaire",
    source="SSDA903 OC2 (SDQ_SCORE, SDQ_REASON); "
    f"{HEALTH_GUIDANCE}; ages local policy (default 4 to 16)",
    responsible="social_worker",
)
@until_eighteen
def sdq(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An SDQ every 12 months for a child aged SDQ_MIN_AGE to SDQ_MAX_AGE (default 4 to
    16) who has been looked after for 12 months or more. The first is due on the day
    the child has been looked after for 12 months, or on their SDQ_MIN_AGE birthday if
    that is later; then 12 months after the last SDQ recorded in the period of care. A
    deadline falling on or after the birthday the child turns SDQ_MAX_AGE + 1 (17) is
    not yielded: the child has left the cohort. An SDQ record with a reason it was not
    completed (903 SDQ1 to SDQ5) meets the deadline as a score does: the return is
    complete, and the tab shows the reason. One deadline per occasion
    ("period:<id>:sdq:<n>").
    """
    if facts.period_start is None:
        return
    s = ctx.settings
    start = facts.period_start
    dob = facts.date_of_birth
    leaves_cohort = birthday(dob, s.SDQ_MAX_AGE + 1)
    twelve_months = start + relativedelta(months=SDQ_LOOKED_AFTER_MONTHS)
    joins = birthday(dob, s.SDQ_MIN_AGE)
    if twelve_months >= joins:
        due = twelve_months
        explanation = (
            f"SDQ by {long_date(due)}: looked after for 12 months since {long_date(start)}"
        )
    else:
        due = joins
        explanation = f"SDQ by {long_date(due)}: the child's {s.SDQ_MIN_AGE}th birthday"
    key = f"period:{facts.period_id}:sdq"
    records = sorted((r for r in facts.sdqs if r.on >= start), key=lambda r: (r.on, r.id))
    number = 1
    for record in records:
        if due >= leaves_cohort:
            return
        yield Due(f"{key}:{number}", due, explanation, record.on, f"health.sdq:{record.id}")
        number += 1
        due = record.on + relativedelta(months=SDQ_INTERVAL_MONTHS)
        explanation = (
            f"SDQ by {long_date(due)}: 12 months after the last one on {long_date(record.on)}"
        )
    if due < leaves_cohort:
        yield Due(f"{key}:{number}", due, explanation)


@rule(
    code="health_summary",
    title="Leaving care health summary",
    source=f"{HEALTH_GUIDANCE}; seed 002",
    responsible="social_worker",
)
def health_summary(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A young person leaving care at 18 is given a summary of their health history
    before they leave: due the day before the 18th birthday (care ends on the birthday;
    29 February birthdays on 1 March). The deadline appears once a looked-after child
    is 17 and a half (17 years and 6 calendar months), so it is in the work for the
    last six months. Met by the first summary issued in the current period of care on
    or after the 17th birthday (a summary given younger was not the leaving care one).
    """
    if facts.period_start is None:
        return
    dob = facts.date_of_birth
    shows_from = dob + relativedelta(years=17, months=6)
    if ctx.today < shows_from:
        return
    due = _eighteenth_birthday(dob) - timedelta(days=1)
    explanation = f"Leaving care health summary by {long_date(due)}: before the 18th birthday"
    counted_from = max(facts.period_start, birthday(dob, 17))
    issued = sorted(
        (s for s in facts.health_summaries if s.on >= counted_from), key=lambda s: (s.on, s.id)
    )
    met_on, met_by = None, ""
    if issued:
        met_on, met_by = issued[0].on, f"health.healthsummary:{issued[0].id}"
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


# --- education: personal education plans ------------------------------------------------
# The timescales, the terms and the ages are explained in
# docs/decisions/0011-pep-timescales.md.


def _pep_age(facts: ChildFacts, on: date, ctx: RuleContext) -> bool:
    """Whether the child is of an age to have a PEP on `on`: from PEP_MIN_AGE (3, early
    education) and under PEP_MAX_AGE (18)."""
    from children.codes import age_on

    age = age_on(facts.date_of_birth, on)
    return ctx.settings.PEP_MIN_AGE <= age < ctx.settings.PEP_MAX_AGE


@rule(
    code="pep_initial",
    title="Personal education plan in place",
    source="Promoting the education of looked-after children and previously looked-after "
    "children (DfE statutory guidance, 2018): the PEP as part of the care plan; local policy "
    "(default 10 working days)",
    responsible="social_worker",
)
@until_eighteen
def pep_initial(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A child who becomes looked after has a personal education plan (PEP) in place
    within PEP_INITIAL_WORKING_DAYS working days (default 10) of the day they became
    looked after (statutory guidance: the PEP is part of the care plan; councils' practice
    is to start it within 10 working days, in time for the first review). Only for a
    child aged from PEP_MIN_AGE (3) to under PEP_MAX_AGE (18) that day, the ages of early
    education to the end of education at 18.

    One per period of care, met by the first PEP completed and signed off in the period
    (a meeting held but not yet signed off does not meet it).
    """
    if facts.period_start is None or not _pep_age(facts, facts.period_start, ctx):
        return
    start = facts.period_start
    days = ctx.settings.PEP_INITIAL_WORKING_DAYS
    due = ctx.calendar.add_working_days(start, days)
    explanation = (
        f"PEP in place by {long_date(due)}: {_working_days(days)} after becoming looked "
        f"after on {long_date(start)}"
    )
    first = next((p for p in facts.peps if p.on >= start), None)
    met_on, met_by = (first.on, f"education.pep:{first.id}") if first else (None, "")
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


@rule(
    code="pep_termly",
    title="Personal education plan reviewed this term",
    source="Promoting the education of looked-after children and previously looked-after "
    "children (DfE statutory guidance, 2018): the PEP reviewed each term; terms as in "
    "decision 0011",
    responsible="social_worker",
)
@until_eighteen
def pep_termly(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """After the first PEP, the PEP is reviewed every school term: one PEP completed in
    each term, due by the term's last day. Terms: autumn 1 September to 31 December,
    spring 1 January to 31 March, summer 1 April to 31 August.

    Counted from the first term that begins after the child became looked after (the
    term they came into care in is covered by the first PEP, pep_initial), up to the
    current term, for each term the child starts aged from PEP_MIN_AGE to under
    PEP_MAX_AGE. A term is met by the first PEP completed on or after its first day: in
    time when within the term; a term missed is met late by the next PEP, which also
    counts for the term it falls in.
    """
    from education.school_year import terms_after

    if facts.period_start is None:
        return
    for term in terms_after(facts.period_start, ctx.today):
        if not _pep_age(facts, term.start, ctx):
            continue
        explanation = f"PEP for the {term.label.lower()} by {long_date(term.end)}"
        done = next((p for p in facts.peps if p.on >= term.start), None)
        met_on, met_by = (done.on, f"education.pep:{done.id}") if done else (None, "")
        yield Due(
            f"period:{facts.period_id}:term:{term.key}", term.end, explanation, met_on, met_by
        )


# --- care leavers ----------------------------------------------------------------------


@dataclass(frozen=True)
class CarePeriodFact:
    """A period of care, earlier ones included: the care-leaver category is worked out
    from the whole history (care_leavers.categories)."""

    start: date
    end: date | None
    reason_ceased: str


def _care_leaver(facts: ChildFacts, ctx: RuleContext):
    """The young person's care-leaver status today, from the facts (None when no period
    of care was loaded: younger than 15 or older than 25)."""
    from care_leavers.categories import CarePeriod, Housing, Interval, care_leaver_status

    if not facts.care_periods:
        return None
    return care_leaver_status(
        date_of_birth=facts.date_of_birth,
        periods=[CarePeriod(p.start, p.end, p.reason_ceased) for p in facts.care_periods],
        short_breaks=[Interval(b.start, b.end) for b in facts.short_breaks],
        with_parents=[Interval(p.start, p.end) for p in facts.placements_with_parents],
        housing=[Housing(start, letter) for start, letter in facts.housing],
        on=ctx.today,
    )


def _no_longer_requires_services_after_21(facts: ChildFacts, ctx: RuleContext) -> bool:
    """From 21 a former relevant young person has a pathway plan only if they ask for
    support (Children Act 1989 s23CZB): none once the latest contact says they no longer
    require services (NREQ)."""
    from care_leavers.categories import birthday

    return facts.last_contact_outcome == "NREQ" and ctx.today >= birthday(facts.date_of_birth, 21)


def _duty_starts(facts: ChildFacts, status) -> date:
    """The later of the 16th birthday and the day the young person became eligible."""
    sixteen = _sixteen(facts)
    return max(sixteen, status.eligible_from) if status.eligible_from else sixteen


@rule(
    code="needs_assessment",
    title="Leaving care needs assessment",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 42",
    responsible="social_worker",
)
def needs_assessment(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An eligible child's needs are assessed within 3 months (NEEDS_ASSESSMENT_MONTHS)
    of the 16th birthday, or of becoming eligible if that is later (reg 42). Applies to
    eligible, relevant and former relevant young people. Met by the first needs
    assessment recorded."""
    status = _care_leaver(facts, ctx)
    if status is None or not status.entitled:
        return
    start = _duty_starts(facts, status)
    months = ctx.settings.NEEDS_ASSESSMENT_MONTHS
    due = start + relativedelta(months=months)
    became = (
        "becoming eligible"
        if status.eligible_from and start == status.eligible_from and start != _sixteen(facts)
        else "the 16th birthday"
    )
    explanation = (
        f"Needs assessment by {long_date(due)}: {months} months after {became} on "
        f"{long_date(start)} (reg 42)"
    )
    met_on, met_by = None, ""
    if facts.needs_assessments:
        first = min(facts.needs_assessments, key=lambda r: (r.on, r.id))
        met_on, met_by = first.on, f"care_leavers.needsassessment:{first.id}"
    yield Due("leaving_care", due, explanation, met_on, met_by)


def _sixteen(facts: ChildFacts) -> date:
    from care_leavers.categories import birthday

    return birthday(facts.date_of_birth, 16)


@rule(
    code="pathway_plan",
    title="Pathway plan",
    source="Care Leavers (England) Regulations 2010, reg 6; Care Planning Regulations, reg 43",
    responsible="social_worker",
)
def pathway_plan(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An eligible child has a pathway plan, prepared as soon as possible after the needs
    assessment: due on the same day as the assessment (NEEDS_ASSESSMENT_MONTHS after the
    16th birthday or becoming eligible). Met by the first pathway plan agreed."""
    status = _care_leaver(facts, ctx)
    if status is None or not status.entitled:
        return
    start = _duty_starts(facts, status)
    months = ctx.settings.NEEDS_ASSESSMENT_MONTHS
    due = start + relativedelta(months=months)
    explanation = (
        f"Pathway plan by {long_date(due)}: with the needs assessment, {months} months "
        f"after {long_date(start)}"
    )
    met_on, met_by = None, ""
    if facts.pathway_plans:
        first = min(facts.pathway_plans, key=lambda r: (r.on, r.id))
        met_on, met_by = first.on, f"care_leavers.pathwayplan:{first.id}"
    yield Due("leaving_care", due, explanation, met_on, met_by)


@rule(
    code="pathway_plan_review",
    title="Pathway plan review",
    source="Care Leavers (England) Regulations 2010, reg 7",
    responsible="personal_adviser",
)
def pathway_plan_review(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The pathway plan is reviewed at least every 6 months (PATHWAY_PLAN_REVIEW_MONTHS;
    reg 7(2)). One deadline per plan: each review met the one before; the next is open.
    Months are calendar months (6 months after 31 August is 28 or 29 February)."""
    status = _care_leaver(facts, ctx)
    if status is None or not status.entitled or not facts.pathway_plans:
        return
    if _no_longer_requires_services_after_21(facts, ctx):
        return
    months = ctx.settings.PATHWAY_PLAN_REVIEW_MONTHS
    plans = sorted(facts.pathway_plans, key=lambda r: (r.on, r.id))
    for number, (plan, following) in enumerate(
        zip(plans, [*plans[1:], None], strict=True), start=1
    ):
        due = plan.on + relativedelta(months=months)
        explanation = (
            f"Pathway plan reviewed by {long_date(due)}: {months} months after the plan of "
            f"{long_date(plan.on)} (reg 7)"
        )
        if following is None:
            yield Due(f"leaving_care:plan:{number}", due, explanation)
        else:
            yield Due(
                f"leaving_care:plan:{number}",
                due,
                explanation,
                following.on,
                f"care_leavers.pathwayplan:{following.id}",
            )


@rule(
    code="pa_allocation",
    title="Personal adviser allocated",
    source="Children Act 1989 Sch 2 para 19C (from becoming eligible), s23B, s23CZB; "
    "a council's own policy may set an age",
    responsible="team_manager",
)
def pa_allocation(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An eligible child has a personal adviser from the day they become eligible
    (Children Act 1989 Sch 2 para 19C: the duty is owed to each eligible child), and a
    relevant or former relevant young person keeps one (s23B, s23CZB: support to 25).

    By default the deadline is the day the young person became eligible. A council whose
    own policy names an age (PA_ALLOCATION_AGE_YEARS and _MONTHS, for example 16 years 5
    months) gets the later of that age and becoming eligible. The default, 16 years 0
    months, is never later than eligibility (no child is eligible before 16), so it
    leaves the statutory day. Met by the first personal adviser allocation.
    """
    status = _care_leaver(facts, ctx)
    if status is None or not status.entitled:
        return
    years, months = ctx.settings.PA_ALLOCATION_AGE_YEARS, ctx.settings.PA_ALLOCATION_AGE_MONTHS
    age = facts.date_of_birth + relativedelta(years=years, months=months)
    eligible = status.eligible_from
    if eligible is not None and eligible >= age:
        due = eligible
        why = f"became eligible on {long_date(due)} (Sch 2 para 19C)"
    else:
        due = age
        why = f"aged {years} years {months} months (the council's policy)"
    explanation = f"Personal adviser allocated by {long_date(due)}: {why}"
    met_on, met_by = None, ""
    if facts.pa_allocations:
        first = min(facts.pa_allocations, key=lambda a: (a.start, a.id))
        met_on, met_by = first.start, f"children.allocation:{first.id}"
    yield Due("leaving_care", due, explanation, met_on, met_by)


@rule(
    code="care_leaver_contact",
    title="Care leaver contact",
    source="Care Leavers (England) Regulations 2010, reg 8; local policy (default 8 weeks)",
    responsible="personal_adviser",
)
def care_leaver_contact(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A relevant or former relevant young person (left care) is in touch with their
    personal adviser at least every CARE_LEAVER_CONTACT_DAYS days (default 56, 8
    weeks): due that many days after the last contact in which they were in touch, or
    after leaving care if there has been none since. One deadline that moves on with
    each contact. None once the young person no longer requires services or has died."""
    from care_leavers.categories import Category

    status = _care_leaver(facts, ctx)
    if status is None or status.category not in (
        Category.RELEVANT,
        Category.FORMER_RELEVANT,
    ):
        return
    if facts.last_contact_outcome in ("NREQ", "DIED"):
        return
    days = ctx.settings.CARE_LEAVER_CONTACT_DAYS
    left = status.left_care_on
    last = facts.last_in_touch
    if last is not None and (left is None or last.on >= left):
        due = last.on + timedelta(days=days)
        explanation = (
            f"Next contact by {long_date(due)}: {days} days after the last on {long_date(last.on)}"
        )
    elif left is not None:
        due = left + timedelta(days=days)
        explanation = (
            f"First contact by {long_date(due)}: {days} days after leaving care on "
            f"{long_date(left)}"
        )
    else:
        return
    yield Due("leaving_care", due, explanation)


# --- short breaks (reg 48) -------------------------------------------------------------
# A child looked after only under an agreed series of short breaks (903 LS V3/V4) has
# none of the full-care duties: deadlines.facts leaves `period_start` unset while the open
# period of care is a break. Reg 48 of the Care Planning, Placement and Case Review
# (England) Regulations 2010 disapplies regs 5, 7, 9, 13 and 28(2) and gives the series
# its own timescales for reviews and visits (decision 0019).

REG_48 = "Care Planning, Placement and Case Review (England) Regulations 2010, reg 48"
SHORT_BREAKS_FIRST_MONTHS = 3
SHORT_BREAKS_INTERVAL_MONTHS = 6


@dataclass
class ShortBreakPlanFact:
    """An agreed series of short breaks: its breaks (periods of care: id, start, end),
    the reviews recorded against them and the visits made on days of a break."""

    id: int
    start: date
    end: date | None
    breaks: list[AllocationFact] = field(default_factory=list)
    reviews: list[ReviewFact] = field(default_factory=list)
    visits: list[RecordDate] = field(default_factory=list)
    # The child's IRO allocations in force at some time since the series started.
    iro_allocations: list[AllocationFact] = field(default_factory=list)

    @property
    def first_break(self) -> date | None:
        return min((b.start for b in self.breaks), default=None)

    def placed_on(self, day: date) -> bool:
        """Whether the child was on a break of the series that day (the day a break
        ends counts: the child is there until they go home)."""
        return any(b.start <= day and (b.end is None or day <= b.end) for b in self.breaks)


def _short_break_occasions(
    plan: ShortBreakPlanFact,
    done: list[tuple[date, str]],
    what: str,
    key: str,
) -> Iterator[Due]:
    """The occasions of a short-break duty: the first within 3 months of the first break,
    then at most 6 months after the one before. `done` are the dates and records that
    met them, in order. The open occasion stands while the series does (and for one
    due before the series ended)."""
    first = plan.first_break
    if first is None:
        return
    due = first + relativedelta(months=SHORT_BREAKS_FIRST_MONTHS)
    explanation = (
        f"{what} by {long_date(due)}: within {SHORT_BREAKS_FIRST_MONTHS} months of the first "
        f"short break on {long_date(first)} (reg 48)"
    )
    number = 0
    for number, (on, met_by) in enumerate(done, start=1):
        yield Due(f"{key}:{number}", due, explanation, on, met_by)
        due = on + relativedelta(months=SHORT_BREAKS_INTERVAL_MONTHS)
        explanation = (
            f"{what} by {long_date(due)}: within {SHORT_BREAKS_INTERVAL_MONTHS} months of the "
            f"last on {long_date(on)} (reg 48)"
        )
    if plan.end is None or due < plan.end:
        yield Due(f"{key}:{number + 1}", due, explanation)


@rule(
    code="short_break_review",
    title="Short breaks review",
    source=f"{REG_48} (reg 33 as modified)",
    responsible="iro",
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
    for plan in facts.short_break_plans:
        held = sorted(plan.reviews, key=lambda r: (r.held_on, r.id))
        yield from _short_break_occasions(
            plan,
            [(r.held_on, f"reviews.review:{r.id}") for r in held],
            "Short breaks review",
            f"shortbreaks:{plan.id}:review",
        )


@rule(
    code="short_break_visit",
    title="Short breaks visit",
    source=f"{REG_48} (reg 28 as modified)",
    responsible="social_worker",
)
@until_eighteen
def short_break_visit(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The social worker's visits to a child on an agreed series of short breaks (reg 48,
    modifying reg 28): on days the child is on a break, the first within 3 months of
    the start of the first break, then at intervals of not more than 6 months. Only a
    visit on a day of a break of the series counts. One deadline per occasion
    ("shortbreaks:<id>:visit:<n>").
    """
    for plan in facts.short_break_plans:
        visits = sorted(
            (v for v in plan.visits if plan.placed_on(v.on)), key=lambda v: (v.on, v.id)
        )
        yield from _short_break_occasions(
            plan,
            [(v.on, f"casework.visit:{v.id}") for v in visits],
            "Short breaks visit",
            f"shortbreaks:{plan.id}:visit",
        )


@rule(
    code="short_break_iro",
    title="IRO allocated for short breaks",
    source=f"Children Act 1989 s25A; {REG_48}; IRO Handbook (2010), chapter 2; local policy "
    "(default 2 working days)",
    responsible="iro_manager",
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
            f"IRO allocated by {long_date(due)}: {_working_days(days)} after the first short "
            f"break on {long_date(first)}"
        )
        met_on, met_by = None, ""
        if plan.iro_allocations:
            allocation = min(plan.iro_allocations, key=lambda a: (a.start, a.id))
            met_on, met_by = max(allocation.start, first), f"children.allocation:{allocation.id}"
        elif plan.end is not None and due >= plan.end:
            continue  # the series ended before an IRO was due
        yield Due(f"shortbreaks:{plan.id}", due, explanation, met_on, met_by)
