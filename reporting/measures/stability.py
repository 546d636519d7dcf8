"""The DfE's placement stability measures (DOMAIN.md section 9), on the period's last
day (for a year, 31 March):

- short-term: looked after at the end with 3 or more placements during the period;
- two-year: looked after at the end, continuously for the 2 years before, with 3 or
  more placements in those 2 years;
- long-term: aged under 16 at the end, looked after continuously for at least 2.5
  years, and living with the same carer for at least 2 years (or placed for adoption,
  the adoption placement and the one before it together lasting 2 years).

How placements are counted (decision 0022): each placement recorded in a period of care
counts once, as the SSDA903 counts a new placement at every episode that starts with a
change of placement (RNE P, T, B or U), whether or not the carer changed. Temporary
placements (T0 to T4: hospital, holidays, a week or less elsewhere) are not counted,
and neither are placements in periods of care under an agreed series of short breaks
(V3, V4), which the DfE leaves out. "Continuously" means in one period of care (no day
out of care) that is not a short break.

Dates follow decision 0005 ([start, end)): at the end of the period's last day a child
who started on the day after it, 2 years earlier, has been looked after for exactly 2
years. Each measure reads the children, their periods of care and their placements in
three queries, whatever the number of children.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch

from children.codes import ADOPTION_PLACEMENTS, TEMPORARY_PLACEMENTS, age_on
from children.models import Child, Placement
from core.postcodes import miles_between
from reporting.measures.base import Definition, Inputs, Measure, Result
from reporting.measures.cohort import (
    DFE_SOURCE,
    SHORT_BREAKS_LEFT_OUT,
    counted_periods,
    looked_after_on,
)

STABILITY_SOURCE = (
    "DfE, Stability measures for children looked after in England (from the SSDA903); " + DFE_SOURCE
)
COUNTING = (
    " Each placement in a period of care counts once, whether or not the carer changed; "
    "temporary placements (T0 to T4) do not count."
)


@dataclass(frozen=True)
class England:
    """England's published figure for the same measure, shown beside the council's."""

    on: str
    count: int
    out_of: int

    @property
    def percent(self) -> str:
        return f"{round(100 * self.count / self.out_of)}%"

    @property
    def words(self) -> str:
        return f"{self.count:,} of {self.out_of:,}, {self.on}"


@dataclass(frozen=True)
class _Care:
    start: date
    end: date | None
    placements: list[Placement]


def _histories(inputs: Inputs) -> tuple[list[Child], dict[int, list[_Care]]]:
    """The children looked after at the end, each with their counted periods of care
    and those periods' placements, earliest first."""
    end = inputs.period.end
    children: list[Child] = list(
        looked_after_on(end, within=inputs.within, team=inputs.team)
        .only("pk", "date_of_birth")
        .prefetch_related(
            Prefetch(
                "periods_of_care",
                queryset=counted_periods()
                .filter(start_date__lte=end)
                .order_by("start_date", "pk")
                .prefetch_related(
                    Prefetch("placements", queryset=Placement.objects.order_by("start_date", "pk"))
                ),
                to_attr="counted",
            )
        )
    )
    histories = {
        child.pk: [
            _Care(p.start_date, p.end_date, list(p.placements.all()))
            for p in child.counted  # type: ignore[attr-defined]
        ]
        for child in children
    }
    return children, histories


Loaded = tuple[list[Child], dict[int, list[_Care]]]


def _in_care_at(history: list[_Care], end: date) -> _Care | None:
    return next((c for c in history if c.start <= end and (c.end is None or c.end > end)), None)


def _placements_in(history: list[_Care], first: date, last: date) -> int:
    """The placements (not temporary) in force on some day from `first` to `last`."""
    return sum(
        1
        for care in history
        for p in care.placements
        if p.placement_type not in TEMPORARY_PLACEMENTS
        and p.start_date <= last
        and (p.end_date is None or p.end_date > first)
    )


def _since(end: date, **length: int) -> date:
    """The latest start from which a stay has lasted `length` by the end of `end`."""
    return end + timedelta(days=1) - relativedelta(**length)  # type: ignore[arg-type]


def _result(measure: Measure, inputs: Inputs, counted: set[int], cohort: set[int]) -> Result:
    return Result(
        measure=measure,
        period=inputs.period,
        count=len(counted),
        children=inputs.within.filter(pk__in=sorted(counted)),
        denominator=len(cohort),
        denominator_children=inputs.within.filter(pk__in=sorted(cohort)),
    )


def _short_term(inputs: Inputs, loaded: Loaded | None = None) -> Result:
    children, histories = loaded or _histories(inputs)
    period = inputs.period
    cohort = {c.pk for c in children}
    counted = {
        c.pk for c in children if _placements_in(histories[c.pk], period.start, period.end) >= 3
    }
    return _result(THREE_PLACEMENTS, inputs, counted, cohort)


def _two_year(inputs: Inputs, loaded: Loaded | None = None) -> Result:
    children, histories = loaded or _histories(inputs)
    end = inputs.period.end
    first = _since(end, years=2)
    cohort, counted = set(), set()
    for child in children:
        care = _in_care_at(histories[child.pk], end)
        if care is None or care.start > first:
            continue
        cohort.add(child.pk)
        if _placements_in([care], first, end) >= 3:
            counted.add(child.pk)
    return _result(THREE_PLACEMENTS_TWO_YEARS, inputs, counted, cohort)


def _long_term(inputs: Inputs, loaded: Loaded | None = None) -> Result:
    children, histories = loaded or _histories(inputs)
    end = inputs.period.end
    cohort, counted = set(), set()
    for child in children:
        care = _in_care_at(histories[child.pk], end)
        if care is None or care.start > _since(end, years=2, months=6):
            continue
        if age_on(child.date_of_birth, end) >= 16:
            continue
        cohort.add(child.pk)
        current = [
            p
            for p in care.placements
            if p.placement_type not in TEMPORARY_PLACEMENTS and p.start_date <= end
        ]
        if not current:
            continue
        at = len(current) - 1
        # Back through changes of placement with the same carers: one carer throughout.
        while at > 0 and current[at].same_carer_as_previous:
            at -= 1
        if current[-1].placement_type in ADOPTION_PLACEMENTS and at > 0:
            at -= 1  # the adoption placement and the one before it
        since = current[at].start_date
        if since <= _since(end, years=2):
            counted.add(child.pk)
    return _result(LONG_TERM_STABILITY, inputs, counted, cohort)


MILES_FROM_HOME = 20


def _far_from_home(inputs: Inputs, loaded: Loaded | None = None) -> Result:
    children, histories = loaded or _histories(inputs)
    end = inputs.period.end
    cohort, counted = set(), set()
    for child in children:
        care = _in_care_at(histories[child.pk], end)
        placement = next(
            (
                p
                for p in (care.placements if care else [])
                if p.start_date <= end and (p.end_date is None or p.end_date > end)
            ),
            None,
        )
        if placement is None:
            continue
        miles = miles_between(placement.home_postcode, placement.postcode)
        if miles is None:
            continue
        cohort.add(child.pk)
        if miles > MILES_FROM_HOME:
            counted.add(child.pk)
    return _result(FAR_FROM_HOME, inputs, counted, cohort)


THREE_PLACEMENTS = Measure(
    key="three_placements",
    title="Looked after at the end with 3 or more placements in the period",
    definition=Definition(
        cohort="Children looked after at the end of the period's last day.",
        numerator="Those with 3 or more placements during the period (any placement in "
        "force on a day of it, in this or an earlier period of care)." + COUNTING,
        denominator="Every child looked after at the end.",
        period="The period; the DfE's figure is for the year to 31 March.",
        exclusions=SHORT_BREAKS_LEFT_OUT,
        source=STABILITY_SOURCE,
    ),
    compute=_short_term,
)
THREE_PLACEMENTS_TWO_YEARS = Measure(
    key="three_placements_two_years",
    title="Looked after for 2 years with 3 or more placements in those 2 years",
    definition=Definition(
        cohort="Children looked after at the end of the period's last day who had been "
        "looked after continuously for at least the 2 years before (their care began on "
        "or before the day after the end, 2 years earlier).",
        numerator="Those with 3 or more placements in those 2 years." + COUNTING,
        denominator="Every child in the cohort.",
        period="The 2 years to the period's last day.",
        exclusions=SHORT_BREAKS_LEFT_OUT,
        source=STABILITY_SOURCE,
    ),
    compute=_two_year,
)
LONG_TERM_STABILITY = Measure(
    key="long_term_stability",
    title="Under 16, looked after for 2.5 years, with the same carer for 2 years",
    definition=Definition(
        cohort="Children aged under 16 at the end of the period's last day, looked after "
        "continuously for at least 2.5 years by then.",
        numerator="Those who have lived with the same carer for at least 2 years: their "
        "latest placement (temporary ones aside), with the placements before it that were "
        "with the same carers, began at least 2 years before; or they are placed for "
        "adoption (A3 to A6) and the adoption placement and the one before it together "
        "began at least 2 years before.",
        denominator="Every child in the cohort.",
        period="On the period's last day.",
        exclusions=SHORT_BREAKS_LEFT_OUT,
        source=STABILITY_SOURCE,
    ),
    compute=_long_term,
)

FAR_FROM_HOME = Measure(
    key="far_from_home",
    title=f"Placed more than {MILES_FROM_HOME} miles from home",
    definition=Definition(
        cohort="Children looked after at the end of the period's last day whose placement "
        "that day has both its postcode and the postcode of the home they lived at before "
        "it recorded, each found in the ONS postcode directory.",
        numerator=f"Those whose placement is more than {MILES_FROM_HOME} miles in a "
        "straight line from that home, between the two postcodes' centroids (the "
        "SSDA903's HOME_POST and PL_POST, as the DfE measures its distance).",
        denominator="Every child in the cohort.",
        period="On the period's last day.",
        exclusions=SHORT_BREAKS_LEFT_OUT + " Children whose placement or home postcode is "
        "not recorded or not in the directory (placed abroad, say), and so every "
        "unaccompanied asylum-seeking child with no home postcode.",
        source=STABILITY_SOURCE + " Postcode centroids: ONS postcode directory (Open "
        "Government Licence v3.0), core.postcodes.",
    ),
    compute=_far_from_home,
)

STABILITY_MEASURES = [
    THREE_PLACEMENTS,
    THREE_PLACEMENTS_TWO_YEARS,
    LONG_TERM_STABILITY,
    FAR_FROM_HOME,
]


def stability_results(inputs: Inputs) -> list[Result]:
    """Every stability measure, reading the children's histories once for all of them
    (the dashboard); each measure alone reads them for itself."""
    loaded = _histories(inputs)
    computes = (_short_term, _two_year, _long_term, _far_from_home)
    return [compute(inputs, loaded) for compute in computes]


# England at 31 March 2025 (DOMAIN.md section 9).
ENGLAND: dict[str, England] = {
    THREE_PLACEMENTS.key: England("31 March 2025", 8500, 81770),
    THREE_PLACEMENTS_TWO_YEARS.key: England("31 March 2025", 13410, 59430),
    LONG_TERM_STABILITY.key: England("31 March 2025", 19680, 28710),
}
