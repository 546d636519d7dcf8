"""The SSDA903 OC2 table: who is in it and what each value says, one definition each.

OC2 is returned for the children looked after continuously for 12 months or more at
31 March (`looked_after_continuously`), with their health, substance misuse and
offending in the collection year (`oc2_values`). Both are pure functions of the record
(no database, no clock): the export calls them with the history it has loaded, and the
import calls them to see whether a row is already what the record says. The readings,
and why, are in docs/decisions/0015-oc2.md; the DfE's validator (csc-validator-be-903,
rule set lac2025_26) checks them with rules 157-159, 180-182, 185-193, 196-198 and
542-547.

Who (the validator's `add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER`, the DfE's guide):
a child in care at some point in the year is in OC2 unless, in the year, a period of
care started after 1 April, or ended before 31 March, or the child was on a short break
(legal status V3 or V4) at any time. So a child who started on 1 April of the year
before, or earlier, and was still looked after on 31 March (leaving that day included)
is in; an agreed series of short breaks never counts.

Values, for a child in OC2, with "the year" 1 April to 31 March:

- CONVICTED (aged 10 or over on 31 March; blank under 10): 1 when a conviction, youth
  caution or youth conditional caution is recorded in the year.
- HEALTH_CHECK (aged under 5 on 31 March; blank from 5): the health surveillance
  checks of an under-5 are made at the 6-monthly health assessment (a health visitor's),
  so it is the HEALTH_ASSESSMENT value.
- IMMUNISATIONS: 1 when the latest immunisation check on or before 31 March found them
  up to date; 0 when it did not, or none is recorded.
- TEETH_CHECK: 1 when a dental check is recorded in the year.
- HEALTH_ASSESSMENT: 1 when the health assessments were up to date on 31 March: the
  latest one in the period of care (initial or review) on or before 31 March, plus the
  review interval (6 months under 5, 12 from 5, by the age that day:
  health.deadline_rules.rha_interval_months), falls on or after 31 March.
- SUBSTANCE_MISUSE: 1 when a record in the year identified a substance misuse problem.
  Then INTERVENTION_RECEIVED is 1 when one of those records says an intervention was
  received, and INTERVENTION_OFFERED (only when none was received) is 1 when one was
  offered and declined; both are blank when no problem was identified.
- SDQ_SCORE / SDQ_REASON, for a child whose 4th birthday is on or before 31 March and
  17th birthday on or after 1 April (the DfE's ages, whatever the local SDQ ages for
  the deadline): the score, or the reason there is none, of the latest SDQ in the year.
  With none in the year, SDQ1 (over 16) when the child turned 17 in the year before the
  next SDQ fell due; SDQ4 (other) when the child's first SDQ fell due after 31 March (a
  child who came into care on 1 April of the year); otherwise both blank, and the DfE's
  rules 186 and 197B say the SDQ is missing (the export lists those children:
  export.return_gaps).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from care_leavers.categories import CarePeriod, Interval, birthday
from children.codes import SHORT_BREAK_STATUSES, age_on

CONVICTED_FROM_AGE = 10
HEALTH_CHECK_UNDER_AGE = 5
SDQ_FROM_AGE = 4
SDQ_UNTIL_AGE = 17  # the 17th birthday: "over 16"
SDQ_MONTHS = 12
SDQ_OVER_16 = "SDQ1"
SDQ_NOT_YET_DUE = "SDQ4"  # "Other": the first SDQ was not yet due by 31 March
RECEIVED = "received"
DECLINED = "declined"


def looked_after_continuously(
    *,
    periods: Sequence[CarePeriod],
    short_breaks: Sequence[Interval],
    year_start: date,
    year_end: date,
) -> bool:
    """Whether the child was looked after continuously for 12 months or more at
    `year_end` (31 March), the collection year running from `year_start` (1 April).

    A period of care runs from its start to the day care ceased (`end`); a short break
    is a V3/V4 legal status from its start to its end. Care starting on `year_start`
    itself, or ceasing on `year_end` itself, does not break the 12 months (as the DfE's
    rules count them)."""

    def in_year(start: date, end: date | None) -> bool:
        return start <= year_end and (end is None or end >= year_start)

    if not any(in_year(p.start, p.end) for p in periods):
        return False
    for period in periods:
        if year_start < period.start <= year_end:
            return False  # started to be looked after in the year
        if period.end is not None and year_start <= period.end < year_end:
            return False  # ceased to be looked after before 31 March
    return not any(in_year(s.start, s.end) for s in short_breaks)


@dataclass(frozen=True)
class SdqFact:
    on: date
    score: int | None
    reason: str


@dataclass(frozen=True)
class ImmunisationFact:
    on: date
    up_to_date: bool


@dataclass(frozen=True)
class SubstanceFact:
    on: date
    identified: bool
    intervention: str


@dataclass(frozen=True)
class Oc2Values:
    """The OC2 columns after CHILD and DOB, as written ("" for blank)."""

    SDQ_SCORE: str = ""
    SDQ_REASON: str = ""
    CONVICTED: str = ""
    HEALTH_CHECK: str = ""
    IMMUNISATIONS: str = ""
    TEETH_CHECK: str = ""
    HEALTH_ASSESSMENT: str = ""
    SUBSTANCE_MISUSE: str = ""
    INTERVENTION_RECEIVED: str = ""
    INTERVENTION_OFFERED: str = ""

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def health_assessment_up_to_date(
    date_of_birth: date, period_start: date, assessments: Iterable[date], on: date
) -> bool:
    """Whether the next health assessment after the latest one in the period of care (on
    or before `on`) was not yet overdue on `on` (decision 0014's interval)."""
    from health.deadline_rules import rha_interval_months

    done = [d for d in assessments if period_start <= d <= on]
    if not done:
        return False
    latest = max(done)
    return latest + relativedelta(months=rha_interval_months(date_of_birth, latest)) >= on


def sdq_ages(date_of_birth: date, year_start: date, year_end: date) -> bool:
    """Whether the child was aged 4 to 16 at some time in the year, so that OC2 gives an
    SDQ score or a reason for none (DfE rules 186, 188, 189, 197B)."""
    return (
        birthday(date_of_birth, SDQ_FROM_AGE) <= year_end
        and birthday(date_of_birth, SDQ_UNTIL_AGE) >= year_start
    )


def sdq_values(
    date_of_birth: date,
    period_start: date,
    sdqs: Sequence[SdqFact],
    year_start: date,
    year_end: date,
) -> tuple[str, str]:
    """(SDQ_SCORE, SDQ_REASON) of a child in OC2 (see the module's docstring)."""
    if not sdq_ages(date_of_birth, year_start, year_end):
        return "", ""
    seventeenth = birthday(date_of_birth, SDQ_UNTIL_AGE)
    in_year = [s for s in sdqs if year_start <= s.on <= year_end]
    if in_year:
        latest = max(in_year, key=lambda s: s.on)
        return ("" if latest.score is None else str(latest.score)), latest.reason
    earlier = [s.on for s in sdqs if period_start <= s.on < year_start]
    if earlier:
        due = max(earlier) + relativedelta(months=SDQ_MONTHS)
    else:
        due = max(
            period_start + relativedelta(months=SDQ_MONTHS),
            birthday(date_of_birth, SDQ_FROM_AGE),
        )
    if seventeenth <= year_end and due >= seventeenth:
        return "", SDQ_OVER_16
    if due > year_end:
        # The first SDQ of a child who came into care on 1 April falls due a year later,
        # after the year: the record answers why there is none (DfE rule 186).
        return "", SDQ_NOT_YET_DUE
    return "", ""


def oc2_values(
    *,
    date_of_birth: date,
    period_start: date,
    year_start: date,
    year_end: date,
    assessments: Iterable[date],
    dental_checks: Iterable[date],
    immunisations: Iterable[ImmunisationFact],
    substance: Iterable[SubstanceFact],
    sdqs: Sequence[SdqFact],
    youth_justice: Iterable[date],
) -> Oc2Values:
    """The OC2 values of a child looked after continuously for 12 months at `year_end`,
    whose period of care began on `period_start`. `assessments` are the days health
    assessments (initial and review) were done."""

    def in_year(day: date) -> bool:
        return year_start <= day <= year_end

    age = age_on(date_of_birth, year_end)
    assessed = _flag(
        health_assessment_up_to_date(date_of_birth, period_start, assessments, year_end)
    )
    checks = sorted((c for c in immunisations if c.on <= year_end), key=lambda c: c.on)
    problems = [s for s in substance if in_year(s.on) and s.identified]
    misuse = received = offered = ""
    if problems:
        misuse = "1"
        received = _flag(any(s.intervention == RECEIVED for s in problems))
        if received == "0":
            offered = _flag(any(s.intervention == DECLINED for s in problems))
    else:
        misuse = "0"
    score, reason = sdq_values(date_of_birth, period_start, sdqs, year_start, year_end)
    return Oc2Values(
        SDQ_SCORE=score,
        SDQ_REASON=reason,
        CONVICTED=_flag(any(in_year(d) for d in youth_justice))
        if age >= CONVICTED_FROM_AGE
        else "",
        HEALTH_CHECK=assessed if age < HEALTH_CHECK_UNDER_AGE else "",
        IMMUNISATIONS=_flag(bool(checks) and checks[-1].up_to_date),
        TEETH_CHECK=_flag(any(in_year(d) for d in dental_checks)),
        HEALTH_ASSESSMENT=assessed,
        SUBSTANCE_MISUSE=misuse,
        INTERVENTION_RECEIVED=received,
        INTERVENTION_OFFERED=offered,
    )


# --- from model rows -------------------------------------------------------------------


def oc2_period(child, year_start: date, year_end: date):
    """The child's period of care that puts them in OC2 for the year, or None. Reads
    `child.periods_of_care` and `child.legal_statuses` (prefetch them for many children)."""
    periods = sorted(child.periods_of_care.all(), key=lambda p: p.start_date)
    statuses = child.legal_statuses.all()
    if not looked_after_continuously(
        periods=[CarePeriod(p.start_date, p.end_date, p.reason_ceased) for p in periods],
        short_breaks=[
            Interval(s.start_date, s.end_date) for s in statuses if s.code in SHORT_BREAK_STATUSES
        ],
        year_start=year_start,
        year_end=year_end,
    ):
        return None
    return next(
        p
        for p in periods
        if p.start_date <= year_end and (p.end_date is None or p.end_date >= year_start)
    )


# The child's related records the values are read from (prefetch them for many children).
OC2_RECORDS = (
    "initial_assessments",
    "review_assessments",
    "dental_checks",
    "immunisation_checks",
    "substance_misuse",
    "sdqs",
    "youth_justice_outcomes",
)


def oc2_values_for(child, period, year_start: date, year_end: date) -> Oc2Values:
    """`oc2_values` from the child's records (OC2_RECORDS)."""
    return oc2_values_of(
        {name: list(getattr(child, name).all()) for name in OC2_RECORDS},
        date_of_birth=child.date_of_birth,
        period=period,
        year_start=year_start,
        year_end=year_end,
    )


def oc2_values_of(
    records: Mapping[str, Sequence[Any]],
    *,
    date_of_birth: date,
    period,
    year_start: date,
    year_end: date,
) -> Oc2Values:
    """`oc2_values` from one child's records, given by their OC2_RECORDS name (model rows,
    saved or not: the import checks a row with the records it would add)."""
    assessments = [
        i.completed_on
        for i in records["initial_assessments"]
        if i.period_id == period.pk and i.completed_on is not None
    ] + [r.assessed_on for r in records["review_assessments"]]
    return oc2_values(
        date_of_birth=date_of_birth,
        period_start=period.start_date,
        year_start=year_start,
        year_end=year_end,
        assessments=assessments,
        dental_checks=[d.checked_on for d in records["dental_checks"]],
        immunisations=[
            ImmunisationFact(c.checked_on, c.up_to_date) for c in records["immunisation_checks"]
        ],
        substance=[
            SubstanceFact(s.recorded_on, s.identified, s.intervention)
            for s in records["substance_misuse"]
        ],
        sdqs=[SdqFact(s.completed_on, s.score, s.reason) for s in records["sdqs"]],
        youth_justice=[y.outcome_on for y in records["youth_justice_outcomes"]],
    )
