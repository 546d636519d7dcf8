"""The leaving-care deadline rules: the needs assessment, the pathway plan and its
reviews, the personal adviser and keeping in touch. Registered with the deadline engine
(deadlines.rules), with the facts they read and their timescales (decision 0023). Who
is a care leaver, and of which category, is care_leavers.categories'."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from deadlines.facts import AllocationFact, Batch, Children, RecordDate, register_facts
from deadlines.rules import ChildFacts, Due, RuleContext, long_date, rule
from deadlines.timescales import timescale

# --- timescales ------------------------------------------------------------------------

timescale(
    "PA_ALLOCATION_AGE_YEARS",
    16,
    "A council's own age (years, with the months below) by which an eligible child "
    "has a personal adviser, where its policy is later than the law's: the duty starts "
    "when the child becomes eligible (Children Act 1989 Sch 2 para 19C), which the "
    "default 16 years 0 months leaves as it is. The later of the two is due.",
    fieldset="Care leavers",
)
timescale(
    "PA_ALLOCATION_AGE_MONTHS",
    0,
    "Months beyond PA_ALLOCATION_AGE_YEARS (0 by default; 5 for a policy of 16 years 5 months).",
    fieldset="Care leavers",
)
timescale(
    "CARE_LEAVER_CONTACT_DAYS",
    56,
    "Most days between contacts in which a care leaver is in touch (default 56, 8 weeks).",
    fieldset="Care leavers",
)
timescale(
    "NEEDS_ASSESSMENT_MONTHS",
    3,
    "Months after the 16th birthday, or becoming eligible if later, by which the needs "
    "assessment is done (reg 42: 3).",
    fieldset="Care leavers",
)
timescale(
    "PATHWAY_PLAN_REVIEW_MONTHS",
    6,
    "Most months between reviews of a pathway plan (Care Leavers Regulations: 6).",
    fieldset="Care leavers",
)

# --- facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CarePeriodFact:
    """A period of care, earlier ones included: the care-leaver category is worked out
    from the whole history (care_leavers.categories)."""

    start: date
    end: date | None
    reason_ceased: str


@dataclass
class CareLeaverFacts:
    """Loaded only for young people aged 15 to 25: every period of care, the
    short-break (V3/V4) stretches, and what the leaving-care rules look for. The latest
    contact in which the young person was in touch, and the latest contact's outcome
    (an SSDA903 IN_TOUCH code). When care ended with a return home: the placements with
    parents (P1) and the accommodation after care, as (start, OC3 ACCOM letter), for
    reg 3's six months."""

    care_periods: list[CarePeriodFact] = field(default_factory=list)
    short_breaks: list[AllocationFact] = field(default_factory=list)
    needs_assessments: list[RecordDate] = field(default_factory=list)
    pathway_plans: list[RecordDate] = field(default_factory=list)
    pa_allocations: list[AllocationFact] = field(default_factory=list)
    last_in_touch: RecordDate | None = None
    last_contact_outcome: str = ""
    placements_with_parents: list[AllocationFact] = field(default_factory=list)
    housing: list[tuple[date, str]] = field(default_factory=list)


@register_facts(
    CareLeaverFacts,
    tables={
        "care_leavers.Contact": "child_id",
        "care_leavers.NeedsAssessment": "child_id",
        "care_leavers.PathwayPlan": "child_id",
        # A move away from home after six months there makes a young person relevant again.
        "care_leavers.AccommodationRecord": "child_id",
    },
)
def load_care_leaver_facts(batch: Batch, facts: Children) -> None:
    """The leaving-care facts of the batch's young people aged 15 to 25: every period of
    care (not only the open one), the short breaks, needs assessments, pathway plans,
    personal adviser allocations and contacts. Loaded whether or not anyone in the batch
    is looked after now: most care leavers are not."""
    from django.db.models import Q
    from django.utils import timezone

    from care_leavers.categories import birthday
    from care_leavers.models import Contact, InTouch, NeedsAssessment, PathwayPlan
    from children.codes import SHORT_BREAK_STATUSES
    from children.models import Allocation, AllocationKind, LegalStatusRecord, PeriodOfCare

    today = timezone.localdate()
    # Born after the 26th birthday's eve and at least 15 years ago (a margin either side).
    young = Q(child__date_of_birth__gt=birthday(today, -26)) & Q(
        child__date_of_birth__lte=birthday(today, -15)
    )
    periods = batch.filter(PeriodOfCare.objects.filter(young))
    for child_id, start, end, reason in periods.order_by("child_id", "start_date").values_list(
        "child_id", "start_date", "end_date", "reason_ceased"
    ):
        facts[child_id].part(CareLeaverFacts).care_periods.append(
            CarePeriodFact(start, end, reason)
        )
    parts = {pk: f.part(CareLeaverFacts) for pk, f in facts.items()}
    leavers = [pk for pk, part in parts.items() if part.care_periods]
    if not leavers:
        return
    in_batch = Batch(ids=leavers)
    breaks = in_batch.filter(LegalStatusRecord.objects.filter(code__in=SHORT_BREAK_STATUSES))
    for child_id, pk, start, end in breaks.values_list("child_id", "pk", "start_date", "end_date"):
        facts[child_id].part(CareLeaverFacts).short_breaks.append(AllocationFact(pk, start, end))
    for child_id, pk, on in in_batch.filter(NeedsAssessment.objects.all()).values_list(
        "child_id", "pk", "completed_on"
    ):
        facts[child_id].part(CareLeaverFacts).needs_assessments.append(RecordDate(pk, on))
    for child_id, pk, on in in_batch.filter(PathwayPlan.objects.all()).values_list(
        "child_id", "pk", "agreed_on"
    ):
        facts[child_id].part(CareLeaverFacts).pathway_plans.append(RecordDate(pk, on))
    advisers = in_batch.filter(Allocation.objects.filter(kind=AllocationKind.PERSONAL_ADVISER))
    for child_id, pk, start, end in advisers.values_list(
        "child_id", "pk", "start_date", "end_date"
    ):
        facts[child_id].part(CareLeaverFacts).pa_allocations.append(AllocationFact(pk, start, end))
    # The contacts, latest first: the first row of each child is the latest contact.
    for child_id, pk, on, outcome in (
        in_batch.filter(Contact.objects.all())
        .order_by("child_id", "-contact_date", "-pk")
        .values_list("child_id", "pk", "contact_date", "outcome")
    ):
        f = facts[child_id].part(CareLeaverFacts)
        if not f.last_contact_outcome:
            f.last_contact_outcome = outcome
        if outcome == InTouch.YES and f.last_in_touch is None:
            f.last_in_touch = RecordDate(pk, on)
    _load_return_home_facts(facts, leavers)


def _load_return_home_facts(facts: Children, leavers: list[int]) -> None:
    """Placements with parents and accommodation after care, for the young people whose
    care ended with a return home (reg 3's six months at home): two queries."""
    from care_leavers.categories import HOME_REASONS, WITH_PARENTS
    from care_leavers.models import AccommodationRecord
    from children.models import Placement

    home = [
        pk
        for pk in leavers
        if max(facts[pk].part(CareLeaverFacts).care_periods, key=lambda p: p.start).reason_ceased
        in HOME_REASONS
    ]
    if not home:
        return
    for child_id, pk, start, end in Placement.objects.filter(
        child_id__in=home, placement_type=WITH_PARENTS
    ).values_list("child_id", "pk", "start_date", "end_date"):
        facts[child_id].part(CareLeaverFacts).placements_with_parents.append(
            AllocationFact(pk, start, end)
        )
    for child_id, start, letter in AccommodationRecord.objects.filter(
        child_id__in=home
    ).values_list("child_id", "start_date", "accommodation"):
        facts[child_id].part(CareLeaverFacts).housing.append((start, letter))


# --- the rules -------------------------------------------------------------------------


def _care_leaver(facts: ChildFacts, ctx: RuleContext):
    """The young person's care-leaver status today, from the facts (None when no period
    of care was loaded: younger than 15 or older than 25)."""
    from care_leavers.categories import CarePeriod, Housing, Interval, care_leaver_status

    leaving = facts.part(CareLeaverFacts)
    if not leaving.care_periods:
        return None
    return care_leaver_status(
        date_of_birth=facts.date_of_birth,
        periods=[CarePeriod(p.start, p.end, p.reason_ceased) for p in leaving.care_periods],
        short_breaks=[Interval(b.start, b.end) for b in leaving.short_breaks],
        with_parents=[Interval(p.start, p.end) for p in leaving.placements_with_parents],
        housing=[Housing(start, letter) for start, letter in leaving.housing],
        on=ctx.today,
    )


def _no_longer_requires_services_after_21(facts: ChildFacts, ctx: RuleContext) -> bool:
    """From 21 a former relevant young person has a pathway plan only if they ask for
    support (Children Act 1989 s23CZB): none once the latest contact says they no longer
    require services (NREQ)."""
    from care_leavers.categories import birthday

    outcome = facts.part(CareLeaverFacts).last_contact_outcome
    return outcome == "NREQ" and ctx.today >= birthday(facts.date_of_birth, 21)


def _duty_starts(facts: ChildFacts, status) -> date:
    """The later of the 16th birthday and the day the young person became eligible."""
    sixteen = _sixteen(facts)
    return max(sixteen, status.eligible_from) if status.eligible_from else sixteen


@rule(
    code="needs_assessment",
    title="Leaving care needs assessment",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 42",
    responsible="social_worker",
    order=700,
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
    if facts.part(CareLeaverFacts).needs_assessments:
        first = min(facts.part(CareLeaverFacts).needs_assessments, key=lambda r: (r.on, r.id))
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
    order=710,
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
    if facts.part(CareLeaverFacts).pathway_plans:
        first = min(facts.part(CareLeaverFacts).pathway_plans, key=lambda r: (r.on, r.id))
        met_on, met_by = first.on, f"care_leavers.pathwayplan:{first.id}"
    yield Due("leaving_care", due, explanation, met_on, met_by)


@rule(
    code="pathway_plan_review",
    title="Pathway plan review",
    source="Care Leavers (England) Regulations 2010, reg 7",
    responsible="personal_adviser",
    order=720,
)
def pathway_plan_review(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The pathway plan is reviewed at least every 6 months (PATHWAY_PLAN_REVIEW_MONTHS;
    reg 7(2)). One deadline per plan: each review met the one before; the next is open.
    Months are calendar months (6 months after 31 August is 28 or 29 February)."""
    status = _care_leaver(facts, ctx)
    if status is None or not status.entitled or not facts.part(CareLeaverFacts).pathway_plans:
        return
    if _no_longer_requires_services_after_21(facts, ctx):
        return
    months = ctx.settings.PATHWAY_PLAN_REVIEW_MONTHS
    plans = sorted(facts.part(CareLeaverFacts).pathway_plans, key=lambda r: (r.on, r.id))
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
    order=730,
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
    if facts.part(CareLeaverFacts).pa_allocations:
        first = min(facts.part(CareLeaverFacts).pa_allocations, key=lambda a: (a.start, a.id))
        met_on, met_by = first.start, f"children.allocation:{first.id}"
    yield Due("leaving_care", due, explanation, met_on, met_by)


@rule(
    code="care_leaver_contact",
    title="Care leaver contact",
    source="Care Leavers (England) Regulations 2010, reg 8; local policy (default 8 weeks)",
    responsible="personal_adviser",
    order=740,
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
    if facts.part(CareLeaverFacts).last_contact_outcome in ("NREQ", "DIED"):
        return
    days = ctx.settings.CARE_LEAVER_CONTACT_DAYS
    left = status.left_care_on
    last = facts.part(CareLeaverFacts).last_in_touch
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
