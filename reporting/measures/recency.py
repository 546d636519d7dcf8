"""How long since each child's latest review and last social worker visit (DOMAIN.md
section 7, the bands a quarterly report uses), for the children looked after at the end
of the period's last day.

A review or visit counts when it was held in the child's current period of care, on or
before the day: one from an earlier period of care was not about this one. A child with
none is "none yet" when their care began less than a month before the day (the first
review is due within 20 working days, the first visit within a week), and "none"
otherwise. Bands are closed at the start and open at the end: a review held exactly 3
months before the day is in "3 to 6 months"; a visit exactly 6 weeks before, in "6 to
12 weeks". Each child is in one band; the bands add up to the children counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from dateutil.relativedelta import relativedelta

from casework.models import Visit
from children.models import PeriodOfCare
from children.selectors import in_force
from reporting.measures.base import Cell, Definition, Inputs, Measure, Result
from reporting.measures.cohort import DFE_SOURCE, SHORT_BREAKS_LEFT_OUT, looked_after_on
from reviews.models import Review

NONE_YET = ("none_yet", "None yet (in care less than a month)")
NONE = ("none", "None")
REVIEW_BANDS = [
    ("0_3", "Under 3 months"),
    ("3_6", "3 to 6 months"),
    ("6_9", "6 to 9 months"),
    ("9_12", "9 to 12 months"),
    ("12_plus", "A year or more"),
]
VISIT_BANDS = [
    ("0_6", "Under 6 weeks"),
    ("6_12", "6 to 12 weeks"),
    ("12_18", "12 to 18 weeks"),
    ("18_plus", "18 weeks or more"),
]


def review_band(held_on: date, day: date) -> str:
    for n, (key, _) in enumerate(REVIEW_BANDS[:-1]):
        if day < held_on + relativedelta(months=3 * (n + 1)):
            return key
    return REVIEW_BANDS[-1][0]


def visit_band(visited_on: date, day: date) -> str:
    weeks = (day - visited_on).days // 7
    for n, (key, _) in enumerate(VISIT_BANDS[:-1]):
        if weeks < 6 * (n + 1):
            return key
    return VISIT_BANDS[-1][0]


def _bands(
    inputs: Inputs,
    measure: Measure,
    latest: dict[int, date],
    band: Callable[[date, date], str],
    bands: list[tuple[str, str]],
    starts: dict[int, date],
) -> Result:
    day = inputs.period.end
    groups: dict[str, set[int]] = defaultdict(set)
    for child_id, start in starts.items():
        if child_id in latest:
            groups[band(latest[child_id], day)].add(child_id)
        elif start > day - relativedelta(months=1):
            groups[NONE_YET[0]].add(child_id)
        else:
            groups[NONE[0]].add(child_id)
    cells = [
        Cell(key, words, frozenset(groups.get(key, set())))
        for key, words in [*bands, NONE_YET, NONE]
    ]
    return Result(
        measure=measure,
        period=inputs.period,
        count=len(starts),
        children=inputs.within.filter(pk__in=sorted(starts)),
        breakdowns={measure.dimensions[0]: cells},
    )


def _cohort(inputs: Inputs) -> dict[int, date]:
    """The children looked after at the end, with the day their current care began."""
    day = inputs.period.end
    children = looked_after_on(day, within=inputs.within, team=inputs.team)
    return dict(
        PeriodOfCare.objects.filter(in_force(on=day), child__in=children.order_by().values("pk"))
        .order_by("start_date")
        .values_list("child_id", "start_date")
    )


def _latest(rows, starts: dict[int, date]) -> dict[int, date]:
    latest: dict[int, date] = {}
    for child_id, on in rows:
        if on >= starts[child_id] and (child_id not in latest or on > latest[child_id]):
            latest[child_id] = on
    return latest


def _since_review(inputs: Inputs) -> Result:
    starts = _cohort(inputs)
    rows = Review.objects.filter(
        child_id__in=sorted(starts), held_on__lte=inputs.period.end
    ).values_list("child_id", "held_on")
    latest = _latest(rows, starts)
    return _bands(inputs, SINCE_REVIEW, latest, review_band, REVIEW_BANDS, starts)


def _since_visit(inputs: Inputs) -> Result:
    starts = _cohort(inputs)
    rows = Visit.objects.filter(
        child_id__in=sorted(starts), visit_date__lte=inputs.period.end
    ).values_list("child_id", "visit_date")
    latest = _latest(rows, starts)
    return _bands(inputs, SINCE_VISIT, latest, visit_band, VISIT_BANDS, starts)


_NONE_WORDS = (
    " None yet: no {thing} in this period of care, which began less than a month before "
    "the day. None: no {thing} in a period of care that began longer ago."
)
SINCE_REVIEW = Measure(
    key="since_review",
    title="Time since the latest review",
    definition=Definition(
        cohort="Children looked after at the end of the period's last day.",
        numerator="Each child once, in the band of the time from their latest review held "
        "in their current period of care to that day: under 3 months, 3 to 6, 6 to 9, 9 to "
        "12, a year or more (a review exactly 3 months before is in 3 to 6)."
        + _NONE_WORDS.format(thing="review"),
        denominator="Every child counted.",
        period="On the period's last day.",
        exclusions=SHORT_BREAKS_LEFT_OUT,
        source="DOMAIN.md section 7 (a council's quarterly report); reviews as recorded. "
        + DFE_SOURCE,
    ),
    compute=_since_review,
    dimensions=("since_review",),
)
SINCE_VISIT = Measure(
    key="since_visit",
    title="Time since the last social worker visit",
    definition=Definition(
        cohort="Children looked after at the end of the period's last day.",
        numerator="Each child once, in the band of the time from their last visit in their "
        "current period of care to that day, in whole weeks: under 6 weeks, 6 to 12, 12 to "
        "18, 18 or more (a visit exactly 6 weeks before is in 6 to 12)."
        + _NONE_WORDS.format(thing="visit"),
        denominator="Every child counted.",
        period="On the period's last day.",
        exclusions=SHORT_BREAKS_LEFT_OUT,
        source="DOMAIN.md section 7; visits as recorded (Care Planning Regulations 2010 "
        "reg 28). " + DFE_SOURCE,
    ),
    compute=_since_visit,
    dimensions=("since_visit",),
)
RECENCY_MEASURES = [SINCE_REVIEW, SINCE_VISIT]
