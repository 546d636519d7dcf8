"""What the rules know about a child, and how it is loaded for many children at once.

The engine loads the child's core facts, from `children` (the child, the open period
of care, its placements, the IRO allocations, the agreed series of short breaks).
Every other fact belongs to the app whose records it comes from: the app declares a
dataclass of its facts (its *part*, every field with a default) and registers a
loader for it with `register_facts`, naming the tables it reads (the recompute
triggers come from them). A rule reads an app's facts with `facts.part(HealthFacts)`.
Decision 0023.

One query per table for a whole batch of children (a range of ids, or a list),
reading only the columns the rules use: set-based, never a query per child.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery

from children.codes import SHORT_BREAK_STATUSES
from children.models import (
    Allocation,
    AllocationKind,
    Child,
    LegalStatusRecord,
    PeriodOfCare,
    Placement,
    ShortBreakSeries,
)

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


# --- the core facts --------------------------------------------------------------------


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


@dataclass
class ShortBreakPlanFact:
    """An agreed series of short breaks (reg 48): its breaks (periods of care: id,
    start, end) and the child's IRO allocations in force at some time since the series
    started. The records kept against the series (its reviews, the visits on its
    breaks) are the facts of the apps that keep them, by series id."""

    id: int
    start: date
    end: date | None
    breaks: list[AllocationFact] = field(default_factory=list)
    iro_allocations: list[AllocationFact] = field(default_factory=list)

    @property
    def first_break(self) -> date | None:
        return min((b.start for b in self.breaks), default=None)

    def placed_on(self, day: date) -> bool:
        """Whether the child was on a break of the series that day (the day a break
        ends counts: the child is there until they go home)."""
        return any(b.start <= day and (b.end is None or day <= b.end) for b in self.breaks)


Part = TypeVar("Part")


class ChildFacts:
    """What the rules need to know about one child. Loaded for many children at once
    by `load_facts`; built by hand in tests.

    The core facts are attributes; each app's facts are a part, read with
    `part(TheAppsFacts)` (made empty on first reading). By hand, a part is given in
    `parts`, or its fields by name as keywords (`iha=IhaFact(...)`): each keyword
    is a field of one registered part."""

    __slots__ = (
        "_parts",
        "child_id",
        "date_of_birth",
        "iro_allocations",
        "period_id",
        "period_start",
        "placements",
        "previous_period_end",
        "short_break_plans",
    )

    def __init__(
        self,
        child_id: int,
        date_of_birth: date,
        *,
        period_id: int | None = None,
        period_start: date | None = None,
        previous_period_end: date | None = None,
        placements: list[PlacementFact] | None = None,
        iro_allocations: list[AllocationFact] | None = None,
        short_break_plans: list[ShortBreakPlanFact] | None = None,
        parts: Iterable[object] = (),
        **part_fields: Any,
    ) -> None:
        self.child_id = child_id
        self.date_of_birth = date_of_birth
        # The open period of care, if the child is looked after: while that period is
        # only a short break (V3/V4) the child has none of the full-care duties, and
        # these are unset (decision 0019).
        self.period_id = period_id
        self.period_start = period_start
        # When the child's last earlier period of care ended, if they had one.
        self.previous_period_end = previous_period_end
        # The placements of the open period, earliest first.
        self.placements: list[PlacementFact] = placements if placements is not None else []
        # IRO allocations in force at some time since the earliest open period began.
        self.iro_allocations: list[AllocationFact] = (
            iro_allocations if iro_allocations is not None else []
        )
        # Agreed series of short breaks (reg 48), earliest first.
        self.short_break_plans: list[ShortBreakPlanFact] = (
            short_break_plans if short_break_plans is not None else []
        )
        self._parts: dict[type, object] = {type(p): p for p in parts}
        for name, value in part_fields.items():
            kind = _PART_FIELDS.get(name)
            if kind is None:
                raise TypeError(f"ChildFacts has no fact {name!r} (no registered part has it)")
            setattr(self.part(kind), name, value)

    def part(self, kind: type[Part]) -> Part:
        """The child's facts of one app (`kind`, its dataclass)."""
        found = self._parts.get(kind)
        if found is None:
            found = self._parts[kind] = kind()
        return found  # type: ignore[return-value]

    @property
    def looked_after(self) -> bool:
        return self.period_start is not None

    @property
    def current_placement(self) -> PlacementFact | None:
        return next((p for p in self.placements if p.end is None), None)

    def __repr__(self) -> str:
        return f"ChildFacts(child_id={self.child_id}, period_start={self.period_start})"


# --- batches ---------------------------------------------------------------------------


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


class Children(dict[int, ChildFacts]):
    """The batch's children by id, as the loaders fill them. A row of a child registered
    after the batch read the children table (each query sees what has committed by then)
    goes into a throwaway: that child is recomputed by the trigger of their own
    registration."""

    def __missing__(self, child_id: int) -> ChildFacts:
        return ChildFacts(child_id=child_id, date_of_birth=date.min)

    def looked_after(self) -> list[ChildFacts]:
        return [f for f in self.values() if f.looked_after]

    def earliest_start(self) -> date | None:
        """The earliest start of the looked-after children's care (None when nobody in
        the batch is looked after): the rows before it are not read."""
        return min((f.period_start for f in self.values() if f.period_start), default=None)


# --- the registered parts --------------------------------------------------------------

Loader = Callable[[Batch, Children], None]


@dataclass(frozen=True)
class FactPart:
    """An app's facts: the dataclass, the loader that fills it for a batch, and the
    tables it reads ("app_label.ModelName") with the attribute holding the child's id.
    A change to a row of one of them recomputes that child (deadlines.triggers)."""

    kind: type
    load: Loader
    tables: Mapping[str, str]


PARTS: dict[type, FactPart] = {}
# Each field of a registered part, to the part that has it (ChildFacts' keywords).
_PART_FIELDS: dict[str, type] = {}


def register_facts(kind: type, *, tables: Mapping[str, str]) -> Callable[[Loader], Loader]:
    """Register `kind` (a dataclass whose fields all have defaults) as an app's facts,
    loaded by the decorated function."""

    def register(load: Loader) -> Loader:
        if kind in PARTS:
            raise ValueError(f"The facts {kind.__name__} are registered twice")
        names = {f.name for f in fields(kind)}
        clash = (names & set(_PART_FIELDS)) | (names & set(ChildFacts.__slots__))
        if clash:
            raise ValueError(f"The facts {kind.__name__} repeat the fact(s) {sorted(clash)}")
        PARTS[kind] = FactPart(kind, load, dict(tables))
        _PART_FIELDS.update(dict.fromkeys(names, kind))
        return load

    return register


# The tables the core facts read, with the attribute holding the child's id.
CORE_TABLES = {
    "children.Child": "pk",
    "children.PeriodOfCare": "child_id",
    "children.Placement": "child_id",
    "children.Allocation": "child_id",
    "children.LegalStatusRecord": "child_id",
    # Short breaks (reg 48): the agreed series.
    "children.ShortBreakSeries": "child_id",
}


def watched_tables() -> dict[str, str]:
    """Every table a rule reads, core and registered, to the attribute holding the
    child's id: a change to one recomputes the child."""
    watched = dict(CORE_TABLES)
    for part in PARTS.values():
        for label, attribute in part.tables.items():
            if watched.setdefault(label, attribute) != attribute:
                raise ValueError(f"{label} is watched through two attributes")
    return watched


def load_facts(batch: Batch) -> dict[int, ChildFacts]:
    """The rules' facts for every child in the batch, keyed by child id: the core
    facts, then each registered part's."""
    facts = _load_core_facts(batch)
    for part in PARTS.values():
        part.load(batch, facts)
    return facts


# --- loading the core facts ------------------------------------------------------------


def _load_core_facts(batch: Batch) -> Children:
    facts = Children(
        (pk, ChildFacts(child_id=pk, date_of_birth=dob))
        for pk, dob in batch.filter(Child.objects.all(), "pk").values_list("pk", "date_of_birth")
    )
    # With the end of the child's previous period of care, if any (the care plan rule).
    previous_end = (
        PeriodOfCare.objects.filter(child_id=OuterRef("child_id"), end_date__isnull=False)
        .order_by("-end_date")
        .values("end_date")[:1]
    )
    open_periods = batch.filter(PeriodOfCare.objects.filter(end_date__isnull=True)).annotate(
        previous_end=Subquery(previous_end)
    )
    for period_id, child_id, start, previous in open_periods.values_list(
        "pk", "child_id", "start_date", "previous_end"
    ):
        facts[child_id].period_id = period_id
        facts[child_id].period_start = start
        facts[child_id].previous_period_end = previous

    _load_short_break_facts(batch, facts)

    placements = batch.filter(Placement.objects.filter(period__end_date__isnull=True))
    for child_id, *row in placements.order_by("child_id", "start_date", "pk").values_list(
        *PLACEMENT_COLUMNS
    ):
        facts[child_id].placements.append(PlacementFact(*row))

    earliest = facts.earliest_start()
    if earliest is None:
        return facts
    iro = batch.filter(
        Allocation.objects.filter(kind=AllocationKind.IRO).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=earliest)
        )
    )
    for child_id, pk, start, end in iro.values_list("child_id", "pk", "start_date", "end_date"):
        facts[child_id].iro_allocations.append(AllocationFact(pk, start, end))
    return facts


def _load_short_break_facts(batch: Batch, facts: Children) -> None:
    """Full care runs from the first legal status of the open period that is not a short
    break (V3/V4): while the open period is a break, the child has none of the full-care
    duties (`period_start` unset). Then each agreed series of short breaks with its
    breaks and the IRO allocations: a query per table, for the children with a series
    only. Decision 0019."""
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
    by_child = series_by_child(facts)
    for child_id, pk, start, end in Allocation.objects.filter(
        child_id__in=by_child, kind=AllocationKind.IRO
    ).values_list("child_id", "pk", "start_date", "end_date"):
        for plan in by_child[child_id]:
            if (end is None or end > plan.start) and (plan.end is None or start <= plan.end):
                plan.iro_allocations.append(AllocationFact(pk, start, end))


def series_by_child(facts: Mapping[int, ChildFacts]) -> dict[int, list[ShortBreakPlanFact]]:
    """The agreed series of short breaks of the batch's children who have one."""
    return {f.child_id: f.short_break_plans for f in facts.values() if f.short_break_plans}
