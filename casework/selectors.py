"""Reads of casework for a child's page."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from casework.models import CarePlan, CaseNote, CaseNoteAmendment, MissingEpisode, Visit
from casework.timescales import VisitDue, next_visit_due
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


def visit_due_for_child(*, child: Child, visits: list[Visit]) -> VisitDue:
    """The reg 28 timescale for the child's current placement (uses the child's
    prefetched placements and periods of care when it has them)."""
    today = timezone.localdate()
    looked_after = any(p.end_date is None for p in child.periods_of_care.all())
    current = next((p for p in child.placements.all() if p.end_date is None), None)
    if not looked_after or current is None:
        return next_visit_due(None, False, [], today)
    return next_visit_due(
        current.start_date,
        current.intended_until_18,
        [v.visit_date for v in visits if v.visit_date >= current.start_date],
        today,
    )


RECENT_EVENTS = 5


def casework_for_child(*, child: Child) -> dict:
    """What the child's page shows of casework, in a fixed number of queries."""
    from casework.chronology import chronology_for

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
        "recent_case_notes": list(
            CaseNote.objects.filter(child=child)
            .select_related("author")
            .order_by("-event_date", "-pk")[:3]
        ),
        # The front page's recent chronology: the same function as the chronology page.
        "recent_events": list(reversed(chronology_for(child)[-RECENT_EVENTS:])),
    }
