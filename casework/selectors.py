"""Reads of casework for a child's page."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from casework.models import CarePlan, CaseNote, CaseNoteAmendment, MissingEpisode, Visit
from casework.timescales import (
    CareOrder,
    VisitDue,
    next_visit_due,
    next_visit_due_for,
    visit_situation,
)
from children.codes import CARE_ORDERS
from children.models import Child


def case_notes_for_child(*, child: Child, note_type: str = "") -> QuerySet[CaseNote]:
    """The child's case notes, newest event first, each with its author and amendments."""
    notes = CaseNote.objects.filter(child=child)
    if note_type:
        notes = notes.filter(note_type=note_type)
    return (
        notes.select_related("author")
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=CaseNoteAmendment.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("-event_date", "-pk")
    )


def visits_for_child(*, child: Child) -> list[Visit]:
    return list(
        Visit.objects.filter(child=child)
        .select_related("visited_by")
        .order_by("-visit_date", "-pk")
    )


def missing_episodes_for_child(*, child: Child) -> list[MissingEpisode]:
    return list(MissingEpisode.objects.filter(child=child).order_by("-start_date", "-pk"))


def _on_short_break(period) -> bool:
    """An open period of care that is a break of a current series of short breaks."""
    return (
        period.end_date is None
        and period.short_break_series_id is not None
        and period.short_break_series.end_date is None
    )


def visit_due_for_child(*, child: Child, visits: list[Visit]) -> VisitDue:
    """The reg 28 timescale for the child's current placement, under the paragraph that
    applies (uses the child's prefetched placements, periods of care and legal statuses
    when it has them; the first review is read only for a child whose placement is under
    reg 28(3) to (5))."""
    from dataclasses import replace

    from reviews.models import Review

    today = timezone.localdate()
    period = next((p for p in child.periods_of_care.all() if p.end_date is None), None)
    # On a short break (reg 48): the series' visits apply, not reg 28 (decision 0019).
    if any(_on_short_break(p) for p in child.periods_of_care.all()):
        return VisitDue(
            None, "On a short break: visits follow the series of short breaks (reg 48)", False
        )
    current = next((p for p in child.placements.all() if p.end_date is None), None)
    if period is None or current is None:
        return next_visit_due(None, False, [], today)
    situation = visit_situation(
        placement_type=current.placement_type,
        placed_before_assessment=current.placed_before_assessment,
        temporary_approval=current.temporary_approval,
        temporary_approval_ended=current.temporary_approval_ended,
        care_orders=[
            CareOrder(s.code, s.start_date, s.end_date, s.order_date)
            for s in child.legal_statuses.all()
            if s.code in CARE_ORDERS and s.period_id == period.pk
        ],
        first_review=None,
        today=today,
    )
    if situation.applies:
        first = (
            Review.objects.filter(period=period)
            .order_by("held_on", "pk")
            .values_list("held_on", flat=True)
            .first()
        )
        situation = replace(situation, first_review=first)
    return next_visit_due_for(
        current.start_date,
        current.intended_until_18,
        [v.visit_date for v in visits if v.visit_date >= current.start_date],
        today,
        situation,
    )


RECENT_EVENTS = 5


def casework_for_child(*, child: Child) -> dict:
    """The casework section of the child's page (care plan, visits, missing episodes,
    youth justice), in a fixed number of queries."""
    visits = visits_for_child(child=child)
    missing = missing_episodes_for_child(child=child)
    return {
        "visits": visits,
        "last_visit": visits[0] if visits else None,
        "visit_due": visit_due_for_child(child=child, visits=visits),
        "missing_episodes": missing,
        "missing_now": next((m for m in missing if m.end_date is None), None),
        "youth_justice_outcomes": list(child.youth_justice_outcomes.order_by("-outcome_on")),
        "latest_care_plan": CarePlan.objects.filter(child=child)
        .order_by("-agreed_date", "-pk")
        .first(),
    }


def recent_for_child(*, child: Child) -> dict:
    """The child page's latest case notes and chronology events, in a fixed number of
    queries."""
    from casework.chronology import chronology_for

    return {
        "recent_case_notes": list(
            CaseNote.objects.filter(child=child)
            .select_related("author")
            .order_by("-event_date", "-pk")[:3]
        ),
        # The front page's recent chronology: the same function as the chronology page.
        "recent_events": list(reversed(chronology_for(child)[-RECENT_EVENTS:])),
    }
