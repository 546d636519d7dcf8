"""The shape every measure has: a written definition, and for a period (and optionally
a team) the figure with the children or records behind it.

Dashboards, CSV downloads and reports call measures through `MEASURES`, so a figure
is defined once and its definition is shown beside it (decision 0022).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet

if TYPE_CHECKING:
    from accounts.models import Team, User
    from children.models import Child


@dataclass(frozen=True)
class Definition:
    """What a figure counts, in words shown beside it."""

    cohort: str
    numerator: str
    denominator: str
    period: str
    exclusions: str
    source: str

    def as_rows(self) -> list[tuple[str, str]]:
        return [
            ("Cohort", self.cohort),
            ("Counted", self.numerator),
            ("Out of", self.denominator),
            ("Period", self.period),
            ("Left out", self.exclusions),
            ("Source", self.source),
        ]


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included ("1 April 2025 to 31 March 2026")."""

    start: date
    end: date

    @classmethod
    def last_12_months(cls, today: date) -> Period:
        """The 12 whole months before the month of `today`."""
        end = today.replace(day=1) - timedelta(days=1)
        if end.month == 12:
            return cls(date(end.year, 1, 1), end)
        return cls(date(end.year - 1, end.month + 1, 1), end)

    @property
    def day_before(self) -> date:
        return self.start - timedelta(days=1)

    def month_ends(self) -> list[date]:
        """The last day of every month that ends in the period."""
        ends: list[date] = []
        cursor = self.start.replace(day=1)
        while True:
            last = (cursor + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            if last > self.end:
                return ends
            if last >= self.start:
                ends.append(last)
            cursor = last + timedelta(days=1)


@dataclass(frozen=True)
class Cell:
    """One line of a breakdown: its value's code, its words, and the children in it."""

    key: str
    label: str
    ids: frozenset[int]

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass
class Result:
    """A measure's figure for a period, with the children (and records) behind it.

    `children` is exactly the children counted; `denominator_children`, when the
    measure is a proportion, exactly those it is out of. `records` are the records a
    measure counts when it counts records (reviews, resolutions) rather than children."""

    measure: Measure
    period: Period
    count: int
    children: QuerySet[Child]
    denominator: int | None = None
    denominator_children: QuerySet[Child] | None = None
    records: Sequence[Any] | QuerySet[Any] = ()
    # For a measure of records out of records (deadlines met on time), those it is out of.
    denominator_records: Sequence[Any] | QuerySet[Any] = ()
    breakdowns: dict[str, list[Cell]] = field(default_factory=dict)
    rate_per_10000: float | None = None
    # What the measure wraps, whole (ResolutionFigures, ReviewTimeliness...), for the
    # pages that show more of it.
    detail: Any = None

    @property
    def percent(self) -> str:
        if not self.denominator:
            return "–"
        return f"{100 * self.count / self.denominator:.1f}%"


@dataclass(frozen=True)
class Inputs:
    """What a measure is computed for. `within` is the children the reader may see
    (children.selectors.children_visible_to); the measure counts only those."""

    period: Period
    within: QuerySet[Child]
    team: Team | None = None
    user: User | None = None
    breakdowns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    definition: Definition
    compute: Callable[[Inputs], Result]
    # The breakdowns (keys of reporting.measures.breakdowns.DIMENSIONS) it offers.
    dimensions: tuple[str, ...] = ()
    counts: str = "children"
    # Templates read a measure's title and definition rather than computing it.
    do_not_call_in_templates: ClassVar[bool] = True

    def __call__(self, inputs: Inputs) -> Result:
        return self.compute(inputs)
