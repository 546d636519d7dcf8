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
    PEP_INITIAL_WORKING_DAYS: int = 10
    PEP_MIN_AGE: int = 3
    PEP_MAX_AGE: int = 18

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
    # Personal education plans completed in the open period: (id, date completed),
    # earliest first.
    peps: list["RecordDate"] = field(default_factory=list)

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
