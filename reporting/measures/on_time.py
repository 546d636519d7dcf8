"""Statutory deadlines met on time: for each duty, of the deadlines that fell due in the
period, those met on or before their due date. The deadlines are the engine's own rows
(`deadlines.Deadline`, decision 0009), so a figure here is the same duty, the same due
date and the same record as the child's page and the work lists show.

One definition for every duty:
- counted: deadlines of the rule whose due date is in the period and not after today
  (a deadline not yet due is neither on time nor late);
- on time: met, on or before the due date;
- not on time: met late, missed, or still open (overdue);
- left out: deadlines that no longer apply (the child left care first, say).

These count deadlines, not children: a child visited six times in the year has six
visit deadlines. Each figure links to the list of the deadlines behind it.

Reviews are not here: reviews held in timescale are counted by the reviews themselves
(`reviews.selectors.review_timeliness`, wrapped in reporting.measures.timeliness), and a
second figure for the same duty could disagree with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from deadlines.models import Deadline, DeadlineStatus
from reporting.measures.base import Definition, Inputs, Measure, Result
from reporting.measures.timeliness import held_in_period

ON_TIME = Q(met_on__isnull=False, met_on__lte=F("due_date"))


@dataclass(frozen=True)
class Duty:
    rule: str
    title: str
    source: str
    extra: str = ""


DUTIES = [
    Duty(
        "sw_visit",
        "Social worker visits",
        "Care Planning Regulations 2010 reg 28 (and reg 48 for short breaks apart).",
    ),
    Duty(
        "iro_allocation",
        "IRO allocated",
        "Care Planning Regulations 2010 reg 45; the council's IRO_ALLOCATION_WORKING_DAYS.",
    ),
    Duty(
        "care_plan",
        "Care plans agreed",
        "Care Planning Regulations 2010 reg 4; the council's CARE_PLAN_WORKING_DAYS.",
    ),
    Duty(
        "iha",
        "Initial health assessments",
        "Care Planning Regulations 2010 reg 7 and Promoting the health and well-being of "
        "looked-after children (2015): within 20 working days of entering care.",
        " A child who left care before the assessment was due has no deadline, so the "
        "cohort is the children in care long enough for it to fall due (about 28 days).",
    ),
    Duty(
        "rha",
        "Review health assessments",
        "Care Planning Regulations 2010 Schedule 1: every 6 months under 5, then every 12 months.",
    ),
    Duty(
        "dental_check",
        "Dental checks",
        "Promoting the health and well-being of looked-after children (2015): every 12 months.",
    ),
    Duty(
        "sdq",
        "Strengths and Difficulties Questionnaires",
        "Promoting the health and well-being of looked-after children (2015): yearly, "
        "ages 4 to 16.",
    ),
    Duty(
        "pep_initial",
        "Personal education plans in place",
        "Promoting the education of looked-after and previously looked-after children "
        "(2018): a PEP within 10 working days of entering care.",
    ),
    Duty(
        "pep_termly",
        "Personal education plans reviewed each term",
        "Promoting the education of looked-after and previously looked-after children (2018).",
    ),
    Duty(
        "pathway_plan",
        "Pathway plans",
        "Care Leavers (England) Regulations 2010 and Care Planning Regulations reg 43.",
    ),
    Duty(
        "pathway_plan_review",
        "Pathway plan reviews",
        "Care Leavers (England) Regulations 2010 reg 7: at least every 6 months.",
    ),
]


def _counted(inputs: Inputs, rule: str | None = None) -> QuerySet[Deadline]:
    last = min(inputs.period.end, timezone.localdate())
    deadlines = Deadline.objects.filter(
        due_date__gte=inputs.period.start,
        due_date__lte=last,
        child__in=inputs.within.order_by().values("pk"),
    ).exclude(status=DeadlineStatus.NO_LONGER_APPLIES)
    if rule is not None:
        deadlines = deadlines.filter(rule=rule)
    if inputs.team is not None:
        deadlines = deadlines.filter(
            child_id__in=sorted(held_in_period(inputs.team, inputs.period))
        )
    return deadlines


def _result(measure: Measure, inputs: Inputs, on_time: int, due: int) -> Result:
    counted = _counted(inputs, _rule_of(measure)).select_related("child")
    in_time = counted.filter(ON_TIME)
    return Result(
        measure=measure,
        period=inputs.period,
        count=on_time,
        children=inputs.within.filter(pk__in=in_time.values("child_id")),
        denominator=due,
        denominator_children=inputs.within.filter(pk__in=counted.values("child_id")),
        records=in_time.order_by("due_date", "pk"),
        denominator_records=counted.order_by("due_date", "pk"),
    )


def _rule_of(measure: Measure) -> str:
    return measure.key.removesuffix("_on_time")


def on_time_results(inputs: Inputs) -> list[Result]:
    """Every duty's figure in one query (the lists behind them are read when opened)."""
    figures: dict[str, tuple[int, int]] = {
        row["rule"]: (row["on_time"], row["due"])
        for row in _counted(inputs)
        .filter(rule__in=[d.rule for d in DUTIES])
        .order_by()
        .values("rule")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=ON_TIME))
    }
    return [
        _result(measure, inputs, *figures.get(_rule_of(measure), (0, 0)))
        for measure in ON_TIME_MEASURES
    ]


def _compute(inputs: Inputs, measure: Measure) -> Result:
    counted = _counted(inputs, _rule_of(measure))
    return _result(measure, inputs, counted.filter(ON_TIME).count(), counted.count())


def _measure(duty: Duty) -> Measure:
    measure: Measure

    def compute(inputs: Inputs) -> Result:
        return _compute(inputs, measure)

    measure = Measure(
        key=f"{duty.rule}_on_time",
        title=f"{duty.title} on time",
        definition=Definition(
            cohort="Deadlines of this duty that fell due in the period, up to today, for "
            "the children you can see (with a team, those the team held in the period)."
            + duty.extra,
            numerator="Those met on or before their due date.",
            denominator="Every one counted: met on time, met late, missed or still overdue.",
            period="Due dates in the period, both days included, and not after today.",
            exclusions="Deadlines that no longer apply (for example, care ended before the "
            "due date). Deadlines not yet due.",
            source=duty.source + " Due dates and how each was met: the deadline engine "
            "(decision 0009).",
        ),
        compute=compute,
        counts="deadlines",
    )
    return measure


ON_TIME_MEASURES = [_measure(duty) for duty in DUTIES]
