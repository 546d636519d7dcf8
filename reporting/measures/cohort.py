"""The cohort measures: children looked after on a day, at the start and the end of a
period and at each month's end, those who started and those who ceased to be looked
after in the period, and those looked after continuously for 12 months.

Dates follow decision 0005: a period of care, a legal status, a placement and an
allocation each cover [start_date, end_date). So a child is looked after at the end of
a day when their period of care started on or before it and had not ended by it: a
child who ceased on 31 March was not looked after at 31 March, and one who started
that day was. "At the start" of a period is at the end of the day before it (for a year
from 1 April, the previous 31 March), so that those at the start, plus those who
started, less those who ceased, are those at the end when no child came and went twice.

Short breaks: children looked after under an agreed series of short breaks (legal
status V3 or V4, Care Planning Regulations reg 48) are left out, as the DfE leaves them
out of its children looked after statistics (DOMAIN.md section 9).
"""

from __future__ import annotations

from datetime import date, timedelta

from constance import config
from django.db.models import Exists, OuterRef, Q, QuerySet

from children.codes import SHORT_BREAK_STATUSES
from children.models import Allocation, AllocationKind, Child, LegalStatusRecord, PeriodOfCare
from children.selectors import in_force
from health.oc2 import oc2_period
from reporting.measures.base import Definition, Inputs, Measure, Result
from reporting.measures.breakdowns import Reference, breakdowns

SHORT_BREAKS_LEFT_OUT = (
    "Children looked after under an agreed series of short breaks (legal status V3 or "
    "V4) on the day, as the DfE leaves them out."
)
DFE_SOURCE = (
    "DfE children looked after in England statistics and the SSDA903 guide; Harbour's "
    "dates follow decision 0005 (a period of care ends on the day care ceased)."
)
TWO_STATUSES = (
    " A child holding two legal statuses on the day (a care order with a placement "
    "order) is counted under both, so the legal status lines add up to more than the total."
)
COHORT_DIMENSIONS = (
    "sex",
    "age_band",
    "ethnicity",
    "legal_status",
    "placement_type",
    "uasc",
)


def _team_held(team, *, on: date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(kind=AllocationKind.TEAM, team=team).filter(in_force(on=on))


def looked_after_on(day: date, *, within: QuerySet[Child], team=None) -> QuerySet[Child]:
    """The children of `within` looked after at the end of `day`: in a period of care
    and holding a legal status other than a short break (V3, V4) that day; with `team`,
    only those the team held that day."""
    periods = PeriodOfCare.objects.filter(in_force(on=day))
    statuses = LegalStatusRecord.objects.filter(in_force(on=day)).exclude(
        code__in=SHORT_BREAK_STATUSES
    )
    children = within.filter(pk__in=periods.values("child_id")).filter(
        pk__in=statuses.values("child_id")
    )
    if team is not None:
        children = children.filter(pk__in=_team_held(team, on=day).values("child_id"))
    return children


def counted_periods() -> QuerySet[PeriodOfCare]:
    """Periods of care with a legal status other than a short break: the periods the
    DfE counts as starting or ceasing to be looked after."""
    return PeriodOfCare.objects.filter(
        pk__in=LegalStatusRecord.objects.exclude(code__in=SHORT_BREAK_STATUSES).values("period_id")
    )


def periods_started(period, *, team=None) -> QuerySet[PeriodOfCare]:
    """Counted periods of care that started in `period`; with `team`, those the team
    held the child on the day they started."""
    started = counted_periods().filter(start_date__gte=period.start, start_date__lte=period.end)
    if team is not None:
        held = Allocation.objects.filter(
            child=OuterRef("child_id"),
            kind=AllocationKind.TEAM,
            team=team,
            start_date__lte=OuterRef("start_date"),
        ).filter(Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("start_date")))
        started = started.filter(Exists(held))
    return started


def periods_ceased(period, *, team=None) -> QuerySet[PeriodOfCare]:
    """Counted periods of care that ended in `period`; with `team`, those the team held
    the child on their last day looked after (the day before care ceased)."""
    ceased = counted_periods().filter(end_date__gte=period.start, end_date__lte=period.end)
    if team is not None:
        held = Allocation.objects.filter(
            child=OuterRef("child_id"),
            kind=AllocationKind.TEAM,
            team=team,
            start_date__lt=OuterRef("end_date"),
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("end_date")))
        ceased = ceased.filter(Exists(held))
    return ceased


def _result(measure: Measure, inputs: Inputs, children, references) -> Result:
    return Result(
        measure=measure,
        period=inputs.period,
        count=len(references),
        children=children,
        breakdowns=breakdowns(children, references, inputs.breakdowns),
    )


def _on_day(measure: Measure, inputs: Inputs, day: date) -> Result:
    children = looked_after_on(day, within=inputs.within, team=inputs.team)
    if inputs.breakdowns:
        references = {pk: Reference(day) for pk in children.values_list("pk", flat=True)}
        return _result(measure, inputs, children, references)
    return Result(measure=measure, period=inputs.period, count=children.count(), children=children)


def rate_per_10000(count: int) -> float | None:
    """Children per 10,000 of the council's child population (the setting
    REPORTING_CHILD_POPULATION; none while it is 0)."""
    population = config.REPORTING_CHILD_POPULATION
    if not population:
        return None
    return round(count * 10000 / population, 1)


def _at_start(inputs: Inputs) -> Result:
    return _on_day(LOOKED_AFTER_AT_START, inputs, inputs.period.day_before)


def _at_end(inputs: Inputs) -> Result:
    result = _on_day(LOOKED_AFTER_AT_END, inputs, inputs.period.end)
    if inputs.team is None:
        result.rate_per_10000 = rate_per_10000(result.count)
    return result


def _started(inputs: Inputs) -> Result:
    periods = periods_started(inputs.period, team=inputs.team).filter(child__in=inputs.within)
    references: dict[int, Reference] = {}
    for child_id, start in periods.order_by("-start_date").values_list("child_id", "start_date"):
        references[child_id] = Reference(start)  # the first start in the period stays
    children = inputs.within.filter(pk__in=periods.values("child_id"))
    return _result(STARTED, inputs, children, references)


def _ceased(inputs: Inputs) -> Result:
    periods = periods_ceased(inputs.period, team=inputs.team).filter(child__in=inputs.within)
    references: dict[int, Reference] = {}
    for child_id, start, end, reason in periods.order_by("end_date").values_list(
        "child_id", "start_date", "end_date", "reason_ceased"
    ):
        assert end is not None  # a ceased period has its end date
        last_day = max(start, end - timedelta(days=1))
        references[child_id] = Reference(last_day, reason)  # the last time in the period stays
    children = inputs.within.filter(pk__in=periods.values("child_id"))
    return _result(CEASED, inputs, children, references)


def _continuously(inputs: Inputs) -> Result:
    period = inputs.period
    candidates = looked_after_on(period.end, within=inputs.within, team=inputs.team)
    references = {
        child.pk: Reference(period.end)
        for child in candidates.prefetch_related("periods_of_care", "legal_statuses")
        if oc2_period(child, period.start, period.end) is not None
    }
    children = inputs.within.filter(pk__in=list(references))
    result = _result(LOOKED_AFTER_12_MONTHS, inputs, children, references)
    return result


LOOKED_AFTER_AT_START = Measure(
    key="looked_after_at_start",
    title="Looked after at the start of the period",
    definition=Definition(
        cohort="Children looked after at the end of the day before the period starts "
        "(for a year from 1 April, the previous 31 March).",
        numerator="Each child once.",
        denominator="None: a count.",
        period="The day before the period's first day.",
        exclusions=SHORT_BREAKS_LEFT_OUT + TWO_STATUSES,
        source=DFE_SOURCE,
    ),
    compute=_at_start,
    dimensions=COHORT_DIMENSIONS,
)
LOOKED_AFTER_AT_END = Measure(
    key="looked_after_at_end",
    title="Looked after at the end of the period",
    definition=Definition(
        cohort="Children looked after at the end of the period's last day (for a year, "
        "31 March): their care started on or before that day and had not ceased by it. "
        "A child who ceased to be looked after that day is not counted.",
        numerator="Each child once. The rate is per 10,000 of the council's child "
        "population (the REPORTING_CHILD_POPULATION setting), for the whole council.",
        denominator="None: a count.",
        period="The period's last day; month-end counts use each month's last day.",
        exclusions=SHORT_BREAKS_LEFT_OUT + TWO_STATUSES,
        source=DFE_SOURCE,
    ),
    compute=_at_end,
    dimensions=COHORT_DIMENSIONS,
)
STARTED = Measure(
    key="started",
    title="Started to be looked after in the period",
    definition=Definition(
        cohort="Children whose period of care started in the period, the first and last "
        "days included.",
        numerator="Each child once, described on the first day they started in the period "
        "(a child who left and came back is counted once).",
        denominator="None: a count.",
        period="The period, both days included.",
        exclusions="Periods of care under an agreed series of short breaks only (V3, V4)."
        + TWO_STATUSES,
        source=DFE_SOURCE + " The DfE counts a child who started more than once in the year once.",
    ),
    compute=_started,
    dimensions=COHORT_DIMENSIONS,
)
CEASED = Measure(
    key="ceased",
    title="Ceased to be looked after in the period",
    definition=Definition(
        cohort="Children whose period of care ended in the period (the day they ceased "
        "to be looked after is in it).",
        numerator="Each child once, described on their last day looked after, with the "
        "reason care ended, the last time it ended in the period.",
        denominator="None: a count.",
        period="The period, both days included.",
        exclusions="Periods of care under an agreed series of short breaks only (V3, V4)."
        + TWO_STATUSES,
        source=DFE_SOURCE + " The DfE counts only the last occasion a child ceased to be "
        "looked after in the year.",
    ),
    compute=_ceased,
    dimensions=(*COHORT_DIMENSIONS, "reason_ceased"),
)
LOOKED_AFTER_12_MONTHS = Measure(
    key="looked_after_12_months",
    title="Looked after continuously for 12 months at the end of the period",
    definition=Definition(
        cohort="Children looked after at the end of the period who were looked after "
        "throughout it: no period of care started after its first day or ended before its "
        "last, and no short break in it (the SSDA903 OC2 cohort when the period is 1 April "
        "to 31 March).",
        numerator="Each child once.",
        denominator="None: a count.",
        period="The period: for the OC2 cohort, 1 April to 31 March.",
        exclusions="Any child on a short break (V3, V4) at any time in the period.",
        source="DfE SSDA903 guide, OC2; the validator's CONTINUOUSLY_LOOKED_AFTER "
        "(health.oc2, decision 0015).",
    ),
    compute=_continuously,
    dimensions=COHORT_DIMENSIONS,
)


def month_end_counts(inputs: Inputs) -> list[tuple[date, Result]]:
    """Children looked after at the end of each month that ends in the period (one
    count each), with the month as the period of its figure."""
    from reporting.measures.base import Period

    counts = []
    for end in inputs.period.month_ends():
        month = Period(end.replace(day=1), end)
        counts.append(
            (end, _on_day(LOOKED_AFTER_AT_END, Inputs(month, inputs.within, inputs.team), end))
        )
    return counts


COHORT_MEASURES = [
    LOOKED_AFTER_AT_START,
    LOOKED_AFTER_AT_END,
    STARTED,
    CEASED,
    LOOKED_AFTER_12_MONTHS,
]
