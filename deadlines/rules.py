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
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from casework import timescales
from casework.timescales import VisitRules, next_visit_due
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
    PA_ALLOCATION_AGE_YEARS: int = 16
    PA_ALLOCATION_AGE_MONTHS: int = 5
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
    iro_allocations: list[AllocationFact] = field(default_factory=list)
    care_plans: list[RecordDate] = field(default_factory=list)
    last_visit: RecordDate | None = None
    # Reviews held in the open period, earliest first.
    reviews: list["ReviewFact"] = field(default_factory=list)
    euss: EussFact | None = None
    # An EU, EEA or Swiss nationality is recorded.
    euss_nationality: bool = False
    # Care leavers (loaded only for young people aged 15 to 25): every period of care,
    # the short-break (V3/V4) stretches, and what the leaving-care rules look for.
    care_periods: list["CarePeriodFact"] = field(default_factory=list)
    short_breaks: list["AllocationFact"] = field(default_factory=list)
    needs_assessments: list[RecordDate] = field(default_factory=list)
    pathway_plans: list[RecordDate] = field(default_factory=list)
    pa_allocations: list[AllocationFact] = field(default_factory=list)
    # The latest contact in which the young person was in touch, and the latest
    # contact's outcome (an SSDA903 IN_TOUCH code).
    last_in_touch: RecordDate | None = None
    last_contact_outcome: str = ""

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


# --- the child's record ----------------------------------------------------------------


@rule(
    code="iro_allocation",
    title="IRO allocated",
    source="IRO Handbook (2010), chapter 2; local policy (default 2 working days)",
    responsible="iro_manager",
)
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
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28",
    responsible="social_worker",
)
def sw_visit(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The next statutory visit to the child in their current placement: within 1 week
    of the placement starting, then at most every 6 weeks in its first year, then at
    most every 3 months where the placement is intended to last until 18 and otherwise
    every 6 weeks (reg 28(2) and (3); the intervals are settings, so that a council may
    be stricter). See casework.timescales.next_visit_due for the detail.

    One deadline per placement, moving on with each visit; when the placement ends it
    no longer applies, and the next placement's first visit is due.
    """
    current = facts.current_placement
    if facts.period_start is None or current is None:
        return
    visits = [facts.last_visit.on] if facts.last_visit else []
    result = next_visit_due(
        current.start, current.intended_until_18, visits, ctx.today, rules=ctx.settings.visits
    )
    if result.due_date is None:
        return
    yield Due(
        f"placement:{current.id}",
        result.due_date,
        f"Next visit by {long_date(result.due_date)}: {result.reason_text[0].lower()}"
        f"{result.reason_text[1:]} (reg 28)",
    )


@rule(
    code="cic_review",
    title="Child-in-care review",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
    responsible="iro",
)
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
    from care_leavers.categories import CarePeriod, Interval, care_leaver_status

    if not facts.care_periods:
        return None
    return care_leaver_status(
        date_of_birth=facts.date_of_birth,
        periods=[CarePeriod(p.start, p.end, p.reason_ceased) for p in facts.care_periods],
        short_breaks=[Interval(b.start, b.end) for b in facts.short_breaks],
        on=ctx.today,
    )


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
    source="Children Act 1989 s23B, s23CZB; local policy (default 16 years 5 months)",
    responsible="team_manager",
)
def pa_allocation(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An eligible, relevant or former relevant young person has a personal adviser from
    the age the council sets (PA_ALLOCATION_AGE_YEARS and _MONTHS, default 16 years 5
    months), or from becoming eligible if that is later (s23B: every relevant child has
    one; s23CZB: support to 25). Met by the first personal adviser allocation."""
    status = _care_leaver(facts, ctx)
    if status is None or not status.entitled:
        return
    years, months = ctx.settings.PA_ALLOCATION_AGE_YEARS, ctx.settings.PA_ALLOCATION_AGE_MONTHS
    age = facts.date_of_birth + relativedelta(years=years, months=months)
    due = max(age, status.eligible_from) if status.eligible_from else age
    why = (
        f"aged {years} years {months} months"
        if due == age
        else f"became eligible on {long_date(due)}"
    )
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
