"""The social worker's deadline rules on the child's record: the care plan agreed
(reg 4) and the statutory visits (reg 28, and reg 48's visits on short breaks).
Registered with the deadline engine (deadlines.rules), with the facts they read and
their timescales (decision 0023)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from casework.timescales import CareOrder, VisitRules, next_visit_due_for, visit_situation
from deadlines.facts import Batch, Children, RecordDate, register_facts, series_by_child
from deadlines.rules import (
    REG_48,
    ChildFacts,
    Due,
    RuleContext,
    RuleSettings,
    long_date,
    rule,
    short_break_occasions,
    until_eighteen,
    working_days,
)
from deadlines.timescales import timescale
from reviews.deadline_rules import ReviewsFacts

# --- timescales ------------------------------------------------------------------------

timescale(
    "CARE_PLAN_WORKING_DAYS",
    10,
    "Working days after the first placement starts by which the care plan is agreed, "
    "where it could not be before (reg 4: 10).",
    fieldset="Child's record",
)
VISITS = "Social worker visits (reg 28)"
timescale(
    "VISIT_FIRST_DAYS",
    7,
    "Days after any placement starts by which the social worker visits (reg 28: 7).",
    fieldset=VISITS,
)
timescale(
    "VISIT_INTERVAL_FIRST_YEAR_DAYS",
    42,
    "Most days between visits in a placement's first year (reg 28: 42, 6 weeks).",
    fieldset=VISITS,
)
timescale(
    "VISIT_INTERVAL_LONG_TERM_MONTHS",
    3,
    "Most months between visits after the first year of a placement intended to last "
    "until 18 (reg 28: 3).",
    fieldset=VISITS,
)
timescale(
    "VISIT_INTERVAL_OTHER_DAYS",
    42,
    "Most days between visits after the first year of any other placement (reg 28: 42).",
    fieldset=VISITS,
)


def visit_rules(settings: RuleSettings) -> VisitRules:
    """The visit intervals of the council's settings."""
    return VisitRules(
        first_days=settings.VISIT_FIRST_DAYS,
        first_year_days=settings.VISIT_INTERVAL_FIRST_YEAR_DAYS,
        long_term_months=settings.VISIT_INTERVAL_LONG_TERM_MONTHS,
        other_days=settings.VISIT_INTERVAL_OTHER_DAYS,
    )


# --- facts -----------------------------------------------------------------------------


@dataclass
class CaseworkFacts:
    """The interim (C1) and full (C2) care orders of the open period (reg 28(4), (5)),
    the care plans agreed since shortly before the earliest open period, the latest
    visit, and the visits made since each agreed series of short breaks began, by
    series id."""

    care_orders: list[CareOrder] = field(default_factory=list)
    care_plans: list[RecordDate] = field(default_factory=list)
    last_visit: RecordDate | None = None
    short_break_visits: dict[int, list[RecordDate]] = field(default_factory=dict)


@register_facts(
    CaseworkFacts,
    tables={
        "casework.Visit": "child_id",
        "casework.CarePlan": "child_id",
        "children.LegalStatusRecord": "child_id",
    },
)
def load_casework_facts(batch: Batch, facts: Children) -> None:
    from django.db.models import Max

    from casework.models import CarePlan, Visit
    from children.codes import CARE_ORDERS
    from children.models import LegalStatusRecord

    # Interim and full care orders of the open period (reg 28(4) and (5)).
    orders = batch.filter(
        LegalStatusRecord.objects.filter(period__end_date__isnull=True, code__in=CARE_ORDERS)
    )
    for child_id, *row in orders.values_list(
        "child_id", "code", "start_date", "end_date", "order_date"
    ):
        facts[child_id].part(CaseworkFacts).care_orders.append(CareOrder(*row))
    _load_short_break_visits(facts)

    earliest = facts.earliest_start()
    if earliest is None:
        return
    plans = batch.filter(CarePlan.objects.filter(agreed_date__gte=earliest - timedelta(days=28)))
    for child_id, pk, agreed in plans.values_list("child_id", "pk", "agreed_date"):
        facts[child_id].part(CaseworkFacts).care_plans.append(RecordDate(pk, agreed))

    # The latest visit to each child: an aggregate in the database.
    visits = batch.filter(Visit.objects.filter(visit_date__gte=earliest))
    for child_id, last in (
        visits.values("child_id").annotate(last=Max("visit_date")).values_list("child_id", "last")
    ):
        facts[child_id].part(CaseworkFacts).last_visit = RecordDate(0, last)


def _load_short_break_visits(facts: Children) -> None:
    """The visits to the children on an agreed series of short breaks, since the series
    began: one query, for the children with a series only."""
    from casework.models import Visit

    by_child = series_by_child(facts)
    if not by_child:
        return
    earliest = min(plan.start for series in by_child.values() for plan in series)
    for child_id, pk, on in Visit.objects.filter(
        child_id__in=by_child, visit_date__gte=earliest
    ).values_list("child_id", "pk", "visit_date"):
        visits = facts[child_id].part(CaseworkFacts).short_break_visits
        for plan in by_child[child_id]:
            if plan.start <= on and (plan.end is None or on <= plan.end):
                visits.setdefault(plan.id, []).append(RecordDate(pk, on))


# --- the child's record ----------------------------------------------------------------


@rule(
    code="care_plan",
    title="Care plan agreed",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 4(2)",
    responsible="social_worker",
    order=110,
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
        f"Care plan agreed by {long_date(due)}: {working_days(days)} after the first "
        f"placement started on {long_date(first.start)} (reg 4)"
    )
    earliest_counted = facts.period_start - timedelta(days=28)
    if facts.previous_period_end is not None:
        earliest_counted = max(earliest_counted, facts.previous_period_end + timedelta(days=1))
    plans = sorted(
        (p for p in facts.part(CaseworkFacts).care_plans if p.on >= earliest_counted),
        key=lambda p: (p.on, p.id),
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
    order=120,
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
    casework = facts.part(CaseworkFacts)
    reviews = facts.part(ReviewsFacts).reviews
    situation = visit_situation(
        placement_type=current.placement_type,
        placed_before_assessment=current.placed_before_assessment,
        temporary_approval=current.temporary_approval,
        temporary_approval_ended=current.temporary_approval_ended,
        care_orders=casework.care_orders,
        first_review=reviews[0].held_on if reviews else None,
        today=ctx.today,
    )
    visits = [casework.last_visit.on] if casework.last_visit else []
    result = next_visit_due_for(
        current.start,
        current.intended_until_18,
        visits,
        ctx.today,
        situation,
        rules=visit_rules(ctx.settings),
    )
    if result.due_date is None:
        return
    yield Due(
        f"placement:{current.id}",
        result.due_date,
        f"Next visit by {long_date(result.due_date)}: {result.reason_text[0].lower()}"
        f"{result.reason_text[1:]}",
    )


# --- short breaks (reg 48) -------------------------------------------------------------


@rule(
    code="short_break_visit",
    title="Short breaks visit",
    source=f"{REG_48} (reg 28 as modified)",
    responsible="social_worker",
    order=810,
)
@until_eighteen
def short_break_visit(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The social worker's visits to a child on an agreed series of short breaks (reg 48,
    modifying reg 28): on days the child is on a break, the first within 3 months of
    the start of the first break, then at intervals of not more than 6 months. Only a
    visit on a day of a break of the series counts. One deadline per occasion
    ("shortbreaks:<id>:visit:<n>").
    """
    made = facts.part(CaseworkFacts).short_break_visits
    for plan in facts.short_break_plans:
        visits = sorted(
            (v for v in made.get(plan.id, []) if plan.placed_on(v.on)), key=lambda v: (v.on, v.id)
        )
        yield from short_break_occasions(
            plan,
            [(v.on, f"casework.visit:{v.id}") for v in visits],
            "Short breaks visit",
            f"shortbreaks:{plan.id}:visit",
        )
