"""Every figure Harbour reports, each defined once (decision 0022): `MEASURES` by key."""

from reporting.measures.base import Cell, Definition, Inputs, Measure, Period, Result
from reporting.measures.cohort import COHORT_MEASURES, month_end_counts
from reporting.measures.on_time import ON_TIME_MEASURES, on_time_results
from reporting.measures.recency import RECENCY_MEASURES
from reporting.measures.stability import ENGLAND, STABILITY_MEASURES, stability_results
from reporting.measures.timeliness import TIMELINESS_MEASURES

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        *COHORT_MEASURES,
        *STABILITY_MEASURES,
        *ON_TIME_MEASURES,
        *RECENCY_MEASURES,
        *TIMELINESS_MEASURES,
    ]
}

__all__ = [
    "MEASURES",
    "COHORT_MEASURES",
    "TIMELINESS_MEASURES",
    "STABILITY_MEASURES",
    "ENGLAND",
    "ON_TIME_MEASURES",
    "RECENCY_MEASURES",
    "on_time_results",
    "stability_results",
    "Cell",
    "Definition",
    "Inputs",
    "Measure",
    "Period",
    "Result",
    "month_end_counts",
]
