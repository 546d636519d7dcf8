"""Loading what the rules need for many children at once.

One query per table for a whole batch of children (a range of ids, or a list),
reading only the columns the rules use: set-based, never a query per child.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Max, Min, OuterRef, Q, QuerySet, Subquery

from casework.models import CarePlan, Visit
from casework.timescales import CareOrder
from children.codes import CARE_ORDERS, EUSS_COUNTRIES
from children.models import (
    Allocation,
    AllocationKind,
    Child,
    LegalStatusRecord,
    Nationality,
    PeriodOfCare,
    Placement,
)
from deadlines.rules import (
    AllocationFact,
    ChildFacts,
    EussFact,
    IhaFact,
    PlacementFact,
    RecordDate,
    ResolutionStageFact,
    ReviewFact,
    ReviewOutputFact,
)
from euss.models import EussRecord
from reviews.models import Review

# The placement columns the rules read (PlacementFact, after the child's id).
PLACEMENT_COLUMNS = (
    "child_id",
    "pk",
    "start_date",
    "end_date",
    "intended_until_18",
    "placement_type",
    "placed_before_assessment",
    "temporary_approval",
    "temporary_approval_ended",
)


class Batch:
    """The children a recompute is working on: ids `lo` to `hi` inclusive, or a list."""

    def __init__(
        self, *, ids: Sequence[int] | None = None, lo: int | None = None, hi: int | None = None
    ):
        self.ids = list(ids) if ids is not None else None
        self.lo, self.hi = lo, hi

    def filter(self, queryset: QuerySet[Any], field: str = "child_id") -> QuerySet[Any]:
        if self.ids is not None:
            return queryset.filter(**{f"{field}__in": self.ids})
        return queryset.filter(**{f"{field}__gte": self.lo, f"{field}__lte": self.hi})


class _Children(dict[int, ChildFacts]):
    """The batch's children by id. A row of a child registered after the batch read the
    children table (each query sees what has committed by then) goes into a throwaway:
    that child is recomputed by the trigger of their own registration."""

    def __missing__(self, child_id: int) -> ChildFacts:
        return ChildFacts(child_id=child_id, date_of_birth=date.min)


def load_facts(batch: Batch) -> dict[int, ChildFacts]:
    """The rules' facts for every child in the batch, keyed by child id."""
    facts = _Children(
        (pk, ChildFacts(child_id=pk, date_of_birth=dob))
        for pk, dob in batch.filter(Child.objects.all(), "pk").values_list("pk", "date_of_birth")
    )
    # With the end of the child's previous period of care, if any (the care plan rule).
    previous_end = (
        PeriodOfCare.objects.filter(child_id=OuterRef("child_id"), end_date__isnull=False)
        .order_by("-end_date")
        .values("end_date")[:1]
    )
    # And the last dental check recorded before the period began (dental_check: a child
    # back in care is due 12 months after it).
    from health.models import DentalCheck

    dental_before = (
        DentalCheck.objects.filter(
            child_id=OuterRef("child_id"), checked_on__lt=OuterRef("start_date")
        )
        .order_by("-checked_on", "-pk")
        .values("checked_on")[:1]
    )
    open_periods = batch.filter(PeriodOfCare.objects.filter(end_date__isnull=True)).annotate(
        previous_end=Subquery(previous_end), dental_before=Subquery(dental_before)
    )
    for period_id, child_id, start, previous, dental in open_periods.values_list(
        "pk", "child_id", "start_date", "previous_end", "dental_before"
    ):
        facts[child_id].period_id = period_id
        facts[child_id].period_start = start
        facts[child_id].previous_period_end = previous
        facts[child_id].dental_check_before_period = dental

    _load_short_break_facts(batch, facts)

    placements = batch.filter(Placement.objects.filter(period__end_date__isnull=True))
    for child_id, *row in placements.order_by("child_id", "start_date", "pk").values_list(
        *PLACEMENT_COLUMNS
    ):
        facts[child_id].placements.append(PlacementFact(*row))
    # Interim and full care orders of the open period (reg 28(4) and (5)).
    orders = batch.filter(
        LegalStatusRecord.objects.filter(period__end_date__isnull=True, code__in=CARE_ORDERS)
    )
    for child_id, *row in orders.values_list(
        "child_id", "code", "start_date", "end_date", "order_date"
    ):
        facts[child_id].care_orders.append(CareOrder(*row))

    # Dispute resolutions, read before the early return below: a child who has left care
    # may still have a stage awaiting its response. Every stage in one query; the formal
    # stages with a responder are facts, and whether each awaits its response depends on
    # the resolution's latest stage.
    from resolutions.models import RESPONDED_STAGES, ResolutionStage, Status

    stage_rows = list(
        batch.filter(ResolutionStage.objects.all(), "resolution__child_id")
        .order_by("resolution_id", "stage")
        .values_list(
            "resolution__child_id",
            "pk",
            "resolution_id",
            "stage",
            "started_on",
            "responded_on",
            "responder_id",
            "resolution__status",
        )
    )
    latest = {row[2]: row[3] for row in stage_rows}  # ordered by stage: the last wins
    for child_id, pk, resolution_id, stage, started, responded, responder, status in stage_rows:
        if stage not in RESPONDED_STAGES or responder is None:
            continue
        awaiting = status == Status.OPEN and latest[resolution_id] == stage
        facts[child_id].resolution_stages.append(
            ResolutionStageFact(pk, resolution_id, stage, started, responded, awaiting)
        )

    looked_after = [f for f in facts.values() if f.looked_after]
    if not looked_after:
        return _load_care_leaver_facts(batch, facts)
    earliest = min(f.period_start for f in looked_after if f.period_start)

    iro = batch.filter(
        Allocation.objects.filter(kind=AllocationKind.IRO).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=earliest)
        )
    )
    for child_id, pk, start, end in iro.values_list("child_id", "pk", "start_date", "end_date"):
        facts[child_id].iro_allocations.append(AllocationFact(pk, start, end))

    plans = batch.filter(CarePlan.objects.filter(agreed_date__gte=earliest - timedelta(days=28)))
    for child_id, pk, agreed in plans.values_list("child_id", "pk", "agreed_date"):
        facts[child_id].care_plans.append(RecordDate(pk, agreed))

    # The latest visit to each child: an aggregate in the database.
    visits = batch.filter(Visit.objects.filter(visit_date__gte=earliest))
    for child_id, last in (
        visits.values("child_id").annotate(last=Max("visit_date")).values_list("child_id", "last")
    ):
        facts[child_id].last_visit = RecordDate(0, last)

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
        facts[child_id].reviews.append(ReviewFact(pk, held_on, directed))
        # The same rows, with the dates the review's outputs went out; a review read from
        # a return has none to track.
        if not imported:
            facts[child_id].review_outputs.append(ReviewOutputFact(pk, held_on, issued, minutes))

    for row in batch.filter(EussRecord.objects.all()).values_list(
        "child_id",
        "pk",
        "status",
        "family_member",
        "coa_date",
        "pre_settled_date",
        "settled_date",
        "residence_start",
        "pre_settled_expiry",
    ):
        facts[row[0]].euss = EussFact(*row[1:])

    nationals = batch.filter(Nationality.objects.filter(country__in=EUSS_COUNTRIES))
    for child_id in nationals.values_list("child_id", flat=True):
        facts[child_id].euss_nationality = True

    # The IRO service: bookings, review outputs and midway reviews in the open period.
    from deadlines.rules import BookingFact, MidwayFact
    from reviews.models import MidwayReview, ReviewBooking

    bookings = batch.filter(ReviewBooking.objects.filter(period__end_date__isnull=True))
    for child_id, *row in bookings.order_by("child_id", "booked_for", "pk").values_list(
        "child_id", "pk", "booked_for", "status", "invitations_sent_on", "report_received_on"
    ):
        facts[child_id].review_bookings.append(BookingFact(*row))
    midway = batch.filter(MidwayReview.objects.filter(review__period__end_date__isnull=True))
    for child_id, *row in midway.values_list("child_id", "pk", "review_id", "held_on"):
        facts[child_id].midway_reviews.append(MidwayFact(*row))

    # Health (health/): the open period's initial health assessment, and the dated
    # checks since the earliest open period began, earliest first.
    from health.models import (
        DentalCheck,
        HealthSummary,
        InitialHealthAssessment,
        ReviewHealthAssessment,
        Sdq,
    )

    initial = batch.filter(InitialHealthAssessment.objects.filter(period__end_date__isnull=True))
    for child_id, pk, notified, completed in initial.values_list(
        "child_id", "pk", "notified_on", "completed_on"
    ):
        facts[child_id].iha = IhaFact(pk, notified, completed)
    for model, field_name, attribute in (
        (ReviewHealthAssessment, "assessed_on", "review_health_assessments"),
        (DentalCheck, "checked_on", "dental_checks"),
        (Sdq, "completed_on", "sdqs"),
        (HealthSummary, "issued_on", "health_summaries"),
    ):
        rows = batch.filter(model.objects.filter(**{f"{field_name}__gte": earliest}))
        for child_id, pk, on in rows.order_by("child_id", field_name, "pk").values_list(
            "child_id", "pk", field_name
        ):
            getattr(facts[child_id], attribute).append(RecordDate(pk, on))

    # Personal education plans completed in the open period (pep_initial, pep_termly).
    from education.models import Pep

    peps = batch.filter(
        Pep.objects.filter(period__end_date__isnull=True, completed_date__isnull=False)
    )
    for child_id, pk, completed in peps.order_by("child_id", "completed_date", "pk").values_list(
        "child_id", "pk", "completed_date"
    ):
        facts[child_id].peps.append(RecordDate(pk, completed))
    _load_care_leaver_facts(batch, facts)
    return facts


# --- short breaks (reg 48) -------------------------------------------------------------


def _load_short_break_facts(batch: Batch, facts: dict[int, ChildFacts]) -> None:
    """Full care runs from the first legal status of the open period that is not a short
    break (V3/V4): while the open period is a break, the child has none of the full-care
    duties (`period_start` unset). Then each agreed series of short breaks with its
    breaks, the reviews recorded against them and the visits to the child: a query per
    table, for the children with a series only. Decision 0019."""
    from casework.models import Visit
    from children.codes import SHORT_BREAK_STATUSES
    from children.models import LegalStatusRecord, ShortBreakSeries
    from deadlines.rules import ShortBreakPlanFact

    full_care = dict(
        batch.filter(LegalStatusRecord.objects.filter(period__end_date__isnull=True))
        .exclude(code__in=SHORT_BREAK_STATUSES)
        .values("period_id")
        .annotate(first=Min("start_date"))
        .values_list("period_id", "first")
    )
    for f in facts.values():
        if f.period_id is None or f.period_start is None:
            continue
        started = full_care.get(f.period_id)
        if started is None:
            f.period_id = f.period_start = None
        else:
            f.period_start = max(f.period_start, started)

    plans: dict[int, ShortBreakPlanFact] = {}
    for child_id, pk, start, end in (
        batch.filter(ShortBreakSeries.objects.all())
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "pk", "start_date", "end_date")
    ):
        plans[pk] = ShortBreakPlanFact(pk, start, end)
        facts[child_id].short_break_plans.append(plans[pk])
    if not plans:
        return
    for series_id, pk, start, end in PeriodOfCare.objects.filter(
        short_break_series_id__in=plans
    ).values_list("short_break_series_id", "pk", "start_date", "end_date"):
        plans[series_id].breaks.append(AllocationFact(pk, start, end))
    for series_id, pk, held_on in Review.objects.filter(
        period__short_break_series_id__in=plans
    ).values_list("period__short_break_series_id", "pk", "held_on"):
        plan = plans[series_id]
        if plan.end is None or held_on < plan.end:
            plan.reviews.append(ReviewFact(pk, held_on))
    by_child: dict[int, list[ShortBreakPlanFact]] = {}
    for f in facts.values():
        if f.short_break_plans:
            by_child[f.child_id] = f.short_break_plans
    earliest = min(p.start for p in plans.values())
    for child_id, pk, start, end in Allocation.objects.filter(
        child_id__in=by_child, kind=AllocationKind.IRO
    ).values_list("child_id", "pk", "start_date", "end_date"):
        for plan in by_child[child_id]:
            if (end is None or end > plan.start) and (plan.end is None or start <= plan.end):
                plan.iro_allocations.append(AllocationFact(pk, start, end))
    for child_id, pk, on in Visit.objects.filter(
        child_id__in=by_child, visit_date__gte=earliest
    ).values_list("child_id", "pk", "visit_date"):
        for plan in by_child[child_id]:
            if plan.start <= on and (plan.end is None or on <= plan.end):
                plan.visits.append(RecordDate(pk, on))


# --- care leavers ----------------------------------------------------------------------


def _load_care_leaver_facts(batch: Batch, facts: dict[int, ChildFacts]) -> dict[int, ChildFacts]:
    """The leaving-care facts of the batch's young people aged 15 to 25: every period of
    care (not only the open one), the short breaks, needs assessments, pathway plans,
    personal adviser allocations and contacts. Called whether or not anyone in the batch
    is looked after now: most care leavers are not."""
    from django.utils import timezone

    from care_leavers.categories import birthday
    from care_leavers.models import Contact, InTouch, NeedsAssessment, PathwayPlan
    from children.codes import SHORT_BREAK_STATUSES
    from children.models import LegalStatusRecord
    from deadlines.rules import CarePeriodFact

    today = timezone.localdate()
    # Born after the 26th birthday's eve and at least 15 years ago (a margin either side).
    young = Q(child__date_of_birth__gt=birthday(today, -26)) & Q(
        child__date_of_birth__lte=birthday(today, -15)
    )
    periods = batch.filter(PeriodOfCare.objects.filter(young))
    for child_id, start, end, reason in periods.order_by("child_id", "start_date").values_list(
        "child_id", "start_date", "end_date", "reason_ceased"
    ):
        facts[child_id].care_periods.append(CarePeriodFact(start, end, reason))
    leavers = [f.child_id for f in facts.values() if f.care_periods]
    if not leavers:
        return facts
    in_batch = Batch(ids=leavers)
    breaks = in_batch.filter(LegalStatusRecord.objects.filter(code__in=SHORT_BREAK_STATUSES))
    for child_id, pk, start, end in breaks.values_list("child_id", "pk", "start_date", "end_date"):
        facts[child_id].short_breaks.append(AllocationFact(pk, start, end))
    for child_id, pk, on in in_batch.filter(NeedsAssessment.objects.all()).values_list(
        "child_id", "pk", "completed_on"
    ):
        facts[child_id].needs_assessments.append(RecordDate(pk, on))
    for child_id, pk, on in in_batch.filter(PathwayPlan.objects.all()).values_list(
        "child_id", "pk", "agreed_on"
    ):
        facts[child_id].pathway_plans.append(RecordDate(pk, on))
    advisers = in_batch.filter(Allocation.objects.filter(kind=AllocationKind.PERSONAL_ADVISER))
    for child_id, pk, start, end in advisers.values_list(
        "child_id", "pk", "start_date", "end_date"
    ):
        facts[child_id].pa_allocations.append(AllocationFact(pk, start, end))
    # The contacts, latest first: the first row of each child is the latest contact.
    for child_id, pk, on, outcome in (
        in_batch.filter(Contact.objects.all())
        .order_by("child_id", "-contact_date", "-pk")
        .values_list("child_id", "pk", "contact_date", "outcome")
    ):
        f = facts[child_id]
        if not f.last_contact_outcome:
            f.last_contact_outcome = outcome
        if outcome == InTouch.YES and f.last_in_touch is None:
            f.last_in_touch = RecordDate(pk, on)
    _load_return_home_facts(facts, leavers)
    return facts


def _load_return_home_facts(facts: dict[int, ChildFacts], leavers: list[int]) -> None:
    """Placements with parents and accommodation after care, for the young people whose
    care ended with a return home (reg 3's six months at home): two queries."""
    from care_leavers.categories import HOME_REASONS, WITH_PARENTS
    from care_leavers.models import AccommodationRecord

    home = [
        pk
        for pk in leavers
        if max(facts[pk].care_periods, key=lambda p: p.start).reason_ceased in HOME_REASONS
    ]
    if not home:
        return
    for child_id, pk, start, end in Placement.objects.filter(
        child_id__in=home, placement_type=WITH_PARENTS
    ).values_list("child_id", "pk", "start_date", "end_date"):
        facts[child_id].placements_with_parents.append(AllocationFact(pk, start, end))
    for child_id, start, letter in AccommodationRecord.objects.filter(
        child_id__in=home
    ).values_list("child_id", "start_date", "accommodation"):
        facts[child_id].housing.append((start, letter))
