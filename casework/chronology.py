"""The child's chronology: the significant events of their time in care, in date order.

Each kind of event comes from one *source*: a small function that reads the child (with
what it needs prefetched) and yields `Event`s. To add a kind of event (reviews, health
assessments...), add its `EventKind`, then write one function and register it:

    @source("reviews")
    def _reviews(child):
        for review in child.reviews.all():
            yield Event(review.date, EventKind.REVIEW, "Review held", _child_url(child))

`chronology_for` loads the child once with every source's lookups prefetched, so the
number of queries is fixed however long the history is.
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import Truncator

from casework.models import CaseNote, CaseNoteType, MissingKind, Visit
from children.models import Allocation, AllocationKind, Child


class EventKind:
    """The kinds of event, in the order events on the same day are listed."""

    ENTRY = "entry"
    LEGAL_STATUS = "legal_status"
    PLACEMENT = "placement"
    ALLOCATION = "allocation"
    PERMANENCE = "permanence"
    CARE_PLAN = "care_plan"
    VISIT = "visit"
    MISSING = "missing"
    RETURN = "return"
    CASE_NOTE = "case_note"
    EUSS = "euss"
    LEFT_CARE = "left_care"

    LABELS: dict[str, str] = {
        ENTRY: "Entry to care",
        LEGAL_STATUS: "Legal status",
        PLACEMENT: "Placement",
        ALLOCATION: "Allocation change",
        PERMANENCE: "Permanence plan",
        CARE_PLAN: "Care plan",
        VISIT: "Visit",
        MISSING: "Missing",
        RETURN: "Return from missing",
        CASE_NOTE: "Case note",
        EUSS: "EU Settlement Scheme",
        LEFT_CARE: "Left care",
    }
    ORDER: dict[str, int] = {kind: rank for rank, kind in enumerate(LABELS)}

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return list(cls.LABELS.items())


@dataclass(frozen=True)
class Event:
    date: date
    kind: str
    title: str
    link: str
    # Set by chronology_for: the position among events of the same date and kind.
    sequence: int = field(default=0, compare=False)

    @property
    def kind_label(self) -> str:
        return EventKind.LABELS[self.kind]


SourceFunction = Callable[[Child], Iterable[Event]]


@dataclass(frozen=True)
class Source:
    name: str
    function: SourceFunction
    prefetch: tuple[str | Prefetch, ...]


SOURCES: list[Source] = []


def source(*prefetch: str | Prefetch) -> Callable[[SourceFunction], SourceFunction]:
    """Register a function as a source of events; `prefetch` are the lookups it reads."""

    def register(function: SourceFunction) -> SourceFunction:
        SOURCES.append(Source(function.__name__.strip("_"), function, tuple(prefetch)))
        return function

    return register


def chronology_for(child: Child, *, kinds: Collection[str] | None = None) -> list[Event]:
    """Every event in the child's chronology (only those of `kinds`, when given), sorted by
    date, then kind, then the order their source gave them."""
    lookups: list[str | Prefetch] = []
    for src in SOURCES:
        lookups += src.prefetch
    loaded = Child.objects.prefetch_related(*lookups).get(pk=child.pk)
    events: list[tuple[date, int, int, Event]] = []
    for src in SOURCES:
        for position, event in enumerate(src.function(loaded)):
            if kinds is None or event.kind in kinds:
                events.append((event.date, EventKind.ORDER[event.kind], position, event))
    events.sort(key=lambda row: row[:3])
    return [row[3] for row in events]


# --- the sources -------------------------------------------------------------------


def _child_url(child: Child) -> str:
    return reverse("children:detail", args=[child.pk])


@source("periods_of_care")
def _periods_of_care(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for period in sorted(child.periods_of_care.all(), key=lambda p: (p.start_date, p.pk)):
        yield Event(
            period.start_date,
            EventKind.ENTRY,
            f"Started to be looked after: {period.get_category_of_need_display()}",
            url,
        )
        if period.end_date:
            reason = period.get_reason_ceased_display() or "reason not recorded"
            yield Event(period.end_date, EventKind.LEFT_CARE, f"Left care: {reason}", url)


@source("legal_statuses")
def _legal_statuses(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for status in sorted(child.legal_statuses.all(), key=lambda s: (s.start_date, s.pk)):
        yield Event(
            status.start_date,
            EventKind.LEGAL_STATUS,
            f"Legal status {status.code}: {status.get_code_display()}",
            url,
        )


@source("placements")
def _placements(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for placement in sorted(child.placements.all(), key=lambda p: (p.start_date, p.pk)):
        carer = f" with {placement.carer_name}" if placement.carer_name else ""
        yield Event(
            placement.start_date,
            EventKind.PLACEMENT,
            f"Placed {placement.placement_type}: {placement.get_placement_type_display()}{carer}",
            url,
        )


@source(
    Prefetch(
        "allocations",
        queryset=Allocation.objects.select_related("worker", "team"),
        to_attr="chronology_allocations",
    )
)
def _allocations(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for allocation in sorted(
        child.chronology_allocations,  # type: ignore[attr-defined]
        key=lambda a: (a.start_date, a.pk),
    ):
        who = allocation.team if allocation.kind == AllocationKind.TEAM else allocation.worker
        yield Event(
            allocation.start_date,
            EventKind.ALLOCATION,
            f"{allocation.get_kind_display()} allocated: {who}",
            url,
        )


@source("permanence_plans")
def _permanence_plans(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for plan in sorted(child.permanence_plans.all(), key=lambda p: (p.start_date, p.pk)):
        yield Event(
            plan.start_date,
            EventKind.PERMANENCE,
            f"Permanence plan: {plan.get_plan_display()}",
            url,
        )


@source("care_plans")
def _care_plans(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for plan in sorted(child.care_plans.all(), key=lambda p: (p.agreed_date, p.pk)):
        summary = " ".join(plan.summary.split())
        about = f": {Truncator(summary).chars(100)}" if summary else ""
        yield Event(plan.agreed_date, EventKind.CARE_PLAN, f"Care plan agreed{about}", url)


@source(
    Prefetch(
        "visits",
        queryset=Visit.objects.select_related("visited_by"),
        to_attr="chronology_visits",
    )
)
def _visits(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for visit in sorted(
        child.chronology_visits,  # type: ignore[attr-defined]
        key=lambda v: (v.visit_date, v.pk),
    ):
        alone = "seen alone" if visit.seen_alone else "not seen alone"
        yield Event(
            visit.visit_date,
            EventKind.VISIT,
            f"Statutory visit by {visit.visited_by} ({alone})",
            url,
        )


@source("missing_episodes")
def _missing_episodes(child: Child) -> Iterable[Event]:
    url = _child_url(child)
    for episode in sorted(child.missing_episodes.all(), key=lambda m: (m.start_date, m.pk)):
        title = (
            "Went missing" if episode.kind == MissingKind.MISSING else episode.get_kind_display()
        )
        yield Event(episode.start_date, EventKind.MISSING, title, url)
        if episode.end_date:
            found = f": {episode.where_found}" if episode.where_found else ""
            yield Event(episode.end_date, EventKind.RETURN, f"Returned{found}", url)


@source(
    Prefetch(
        "case_notes",
        queryset=CaseNote.objects.select_related("author"),
        to_attr="chronology_notes",
    )
)
def _case_notes(child: Child) -> Iterable[Event]:
    notes_url = reverse("casework:notes", args=[child.pk])
    for note in sorted(
        child.chronology_notes,  # type: ignore[attr-defined]
        key=lambda n: (n.event_date, n.pk),
    ):
        label = note.get_note_type_display()
        if note.management_decision and note.note_type != CaseNoteType.MANAGEMENT_DECISION:
            label += ", management decision"
        yield Event(
            note.event_date,
            EventKind.CASE_NOTE,
            f"{label}: {note.subject} ({note.author})",
            f"{notes_url}#note-{note.pk}",
        )


@source("euss_record")
def _euss(child: Child) -> Iterable[Event]:
    from euss.models import EussRecord

    try:
        record = child.euss_record
    except EussRecord.DoesNotExist:
        return
    url = _child_url(child)
    for on, title in (
        (record.identified_date, "Identified as eligible for the EU Settlement Scheme"),
        (record.coa_date, "EU Settlement Scheme application made (certificate of application)"),
        (record.pre_settled_date, "Pre-settled status granted"),
        (record.settled_date, "Settled status granted"),
    ):
        if on:
            yield Event(on, EventKind.EUSS, title, url)
