"""The health deadline rules: health notified, the initial and review health
assessments, dental checks, SDQs and the leaving care health summary. Registered with
the deadline engine (deadlines.rules), with the facts they read and their timescales
(decision 0023)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from children.codes import age_on
from deadlines.calendar import WorkingCalendar
from deadlines.facts import Batch, Children, RecordDate, register_facts
from deadlines.rules import (
    ChildFacts,
    Due,
    RuleContext,
    RuleSettings,
    birthday,
    long_date,
    rule,
    until_eighteen,
    working_days,
)
from deadlines.timescales import timescale
from euss.rules import eighteenth_birthday

# Source for all of them, unless said: Promoting the health and well-being of looked-after
# children, statutory guidance for local authorities, clinical commissioning groups and NHS
# England (DfE and DH, March 2015); the timescales councils report (seed 002). The
# readings the guidance leaves open are in docs/decisions/0014-health-timescales.md.


# --- timescales ------------------------------------------------------------------------

timescale(
    "HEALTH_NOTIFICATION_WORKING_DAYS",
    5,
    "Working days after a child becomes looked after by which health are notified (seed 002: 5).",
    fieldset="Health",
)
timescale(
    "IHA_WORKING_DAYS",
    20,
    "Working days after a child becomes looked after by which the initial health "
    "assessment is done (statutory guidance: 20).",
    fieldset="Health",
)
timescale(
    "DENTAL_CHECK_MONTHS",
    12,
    "Most months between dental checks of a looked-after child (default 12).",
    fieldset="Health",
)
timescale(
    "SDQ_MIN_AGE",
    4,
    "Youngest age at which a child looked after for 12 months has a yearly SDQ (4; "
    "some sources say 5).",
    fieldset="Health",
)
timescale(
    "SDQ_MAX_AGE",
    16,
    "Oldest age at which a child looked after for 12 months has a yearly SDQ (16).",
    fieldset="Health",
)

# --- facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IhaFact:
    """The open period's initial health assessment: when health were notified and when
    it was completed."""

    id: int
    notified_on: date | None
    completed_on: date | None


@dataclass
class HealthFacts:
    """The open period's initial health assessment, and the dated records of the
    periodic checks since the earliest open period began, earliest first; with the date
    of the last dental check recorded before the open period began."""

    iha: IhaFact | None = None
    review_health_assessments: list[RecordDate] = field(default_factory=list)
    dental_checks: list[RecordDate] = field(default_factory=list)
    dental_check_before_period: date | None = None
    sdqs: list[RecordDate] = field(default_factory=list)
    health_summaries: list[RecordDate] = field(default_factory=list)


@register_facts(
    HealthFacts,
    tables={
        "health.InitialHealthAssessment": "child_id",
        "health.ReviewHealthAssessment": "child_id",
        "health.DentalCheck": "child_id",
        "health.Sdq": "child_id",
        "health.HealthSummary": "child_id",
    },
)
def load_health_facts(batch: Batch, facts: Children) -> None:
    from django.db.models import OuterRef, Subquery

    from children.models import PeriodOfCare
    from health.models import (
        DentalCheck,
        HealthSummary,
        InitialHealthAssessment,
        ReviewHealthAssessment,
        Sdq,
    )

    earliest = facts.earliest_start()
    if earliest is None:
        return
    # The last dental check recorded before the open period began (dental_check: a
    # child back in care is due 12 months after it).
    dental_before = (
        DentalCheck.objects.filter(
            child_id=OuterRef("child_id"), checked_on__lt=OuterRef("start_date")
        )
        .order_by("-checked_on", "-pk")
        .values("checked_on")[:1]
    )
    periods = batch.filter(PeriodOfCare.objects.filter(end_date__isnull=True)).annotate(
        dental_before=Subquery(dental_before)
    )
    for child_id, dental in periods.filter(dental_before__isnull=False).values_list(
        "child_id", "dental_before"
    ):
        facts[child_id].part(HealthFacts).dental_check_before_period = dental

    initial = batch.filter(InitialHealthAssessment.objects.filter(period__end_date__isnull=True))
    for child_id, pk, notified, completed in initial.values_list(
        "child_id", "pk", "notified_on", "completed_on"
    ):
        facts[child_id].part(HealthFacts).iha = IhaFact(pk, notified, completed)
    for model, field_name, attribute in (
        (ReviewHealthAssessment, "assessed_on", "review_health_assessments"),
        (DentalCheck, "checked_on", "dental_checks"),
        (Sdq, "completed_on", "sdqs"),
        (HealthSummary, "issued_on", "health_summaries"),
    ):
        rows = batch.filter(model.objects.filter(**{f"{field_name}__gte": earliest}))
        for child_id, pk, on in rows.order_by("child_id", field_name, "pk").values_list(
            "child_id", "pk", field_name
        ):
            getattr(facts[child_id].part(HealthFacts), attribute).append(RecordDate(pk, on))


# --- the rules -------------------------------------------------------------------------

HEALTH_GUIDANCE = "Promoting the health and well-being of looked-after children (DfE/DH, 2015)"
RHA_MONTHS_UNDER_FIVE = 6
RHA_MONTHS_FROM_FIVE = 12
SDQ_INTERVAL_MONTHS = 12
SDQ_LOOKED_AFTER_MONTHS = 12


def iha_due_date(period_start: date, calendar: WorkingCalendar, settings: RuleSettings) -> date:
    """When the initial health assessment of a period of care starting on `period_start`
    is due: IHA_WORKING_DAYS working days after (day 0 is the day care started). The
    rule and the IHA form's "late" check both use it."""
    return calendar.add_working_days(period_start, settings.IHA_WORKING_DAYS)


@rule(
    code="health_notification",
    title="Health notified of entry to care",
    source=f"{HEALTH_GUIDANCE}; local policy (seed 002: 5 working days)",
    responsible="social_worker",
    order=500,
)
@until_eighteen
def health_notification(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """Health (the looked-after children's health team) is notified that the child has
    become looked after within HEALTH_NOTIFICATION_WORKING_DAYS working days (default 5)
    of the day they did, so that the initial health assessment can be done in time.
    One per period of care; met on the notification date of the period's initial
    health assessment record.
    """
    if facts.period_start is None:
        return
    days = ctx.settings.HEALTH_NOTIFICATION_WORKING_DAYS
    due = ctx.calendar.add_working_days(facts.period_start, days)
    explanation = (
        f"Health notified by {long_date(due)}: {working_days(days)} after becoming looked "
        f"after on {long_date(facts.period_start)}"
    )
    iha = facts.part(HealthFacts).iha
    met_on = iha.notified_on if iha else None
    met_by = f"health.initialhealthassessment:{iha.id}" if iha and met_on else ""
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


@rule(
    code="iha",
    title="Initial health assessment",
    source=f"{HEALTH_GUIDANCE}; Care Planning, Placement and Case Review (England) "
    "Regulations 2010, reg 7",
    responsible="social_worker",
    order=510,
)
@until_eighteen
def iha(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """The initial health assessment is done in time to inform the first review: within
    IHA_WORKING_DAYS working days (default 20) of the day the child became looked after
    (day 0). One per period of care: a child who comes back into care has one again.
    Met on the date the assessment was completed (not the date the report came back).
    """
    if facts.period_start is None:
        return
    due = iha_due_date(facts.period_start, ctx.calendar, ctx.settings)
    days = ctx.settings.IHA_WORKING_DAYS
    explanation = (
        f"Initial health assessment by {long_date(due)}: {working_days(days)} after "
        f"becoming looked after on {long_date(facts.period_start)}"
    )
    iha = facts.part(HealthFacts).iha
    met_on = iha.completed_on if iha else None
    met_by = f"health.initialhealthassessment:{iha.id}" if iha and met_on else ""
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


def rha_interval_months(date_of_birth: date, assessed_on: date) -> int:
    """Months to the next review health assessment after one on `assessed_on`: 6 when
    the child was under 5 that day, 12 when they were 5 or over. The child's age on the
    day of the last assessment decides, so an under-5 is never left longer than 6
    months, even if they turn 5 before the next one is due."""
    if age_on(date_of_birth, assessed_on) < 5:
        return RHA_MONTHS_UNDER_FIVE
    return RHA_MONTHS_FROM_FIVE


@rule(
    code="rha",
    title="Review health assessment",
    source=f"{HEALTH_GUIDANCE}; Care Planning, Placement and Case Review (England) "
    "Regulations 2010, reg 7",
    responsible="social_worker",
    order=520,
)
@until_eighteen
def rha(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """Review health assessments: every 6 months before the child's 5th birthday and
    every 12 months from it. The interval runs from the latest health assessment of
    either kind in the current period of care (the first from the initial health
    assessment), and is decided by the child's age on the day of that assessment
    (`rha_interval_months`): a child assessed at 4 years 11 months is next due 6 months
    later, at 5 years 5 months; one assessed on or after their 5th birthday, 12 months
    later. Months are calendar months (6 months after 31 August is 28 February, or 29
    in a leap year); a child born on 29 February turns 5 on 1 March in other years.

    No review assessment is due until a first health assessment is recorded: until
    then the initial health assessment is the work (rule "iha"). One deadline per
    occasion ("period:<id>:rha:<n>"): each assessment meets the one before; the next is
    open.
    """
    if facts.period_start is None:
        return
    start = facts.period_start
    done: list[tuple[date, int, str, str]] = [
        (r.on, r.id, "review health assessment", f"health.reviewhealthassessment:{r.id}")
        for r in facts.part(HealthFacts).review_health_assessments
        if r.on >= start
    ]
    iha = facts.part(HealthFacts).iha
    if iha is not None and iha.completed_on is not None:
        done.append(
            (
                iha.completed_on,
                0,
                "initial health assessment",
                f"health.initialhealthassessment:{iha.id}",
            )
        )
    if not done:
        return
    done.sort()
    key = f"period:{facts.period_id}:rha"

    def due_after(previous: tuple[date, int, str, str]) -> tuple[date, str]:
        on, _, label, _ = previous
        months = rha_interval_months(facts.date_of_birth, on)
        due = on + relativedelta(months=months)
        age = "under 5" if months == RHA_MONTHS_UNDER_FIVE else "5 or over"
        return due, (
            f"Review health assessment by {long_date(due)}: {months} months after the "
            f"{label} on {long_date(on)} (the child was {age} then)"
        )

    for number in range(1, len(done)):
        due, explanation = due_after(done[number - 1])
        on, _, _, met_by = done[number]
        yield Due(f"{key}:{number}", due, explanation, on, met_by)
    due, explanation = due_after(done[-1])
    yield Due(f"{key}:{len(done)}", due, explanation)


@rule(
    code="dental_check",
    title="Dental check",
    source="SSDA903 OC2 (TEETH_CHECK); local policy (default every 12 months)",
    responsible="social_worker",
    order=530,
)
@until_eighteen
def dental_check(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child sees a dentist every DENTAL_CHECK_MONTHS months (default
    12): the first within that many months of becoming looked after, then that many
    months after the last check. One deadline per occasion ("period:<id>:dental:<n>").

    A child coming into care for the first time has the full interval from entry: a
    check from before care does not bring the first one forward (decision 0014). A child
    back in care after an earlier period is due that many months after the last check
    recorded, wherever it fell (in the earlier period, or after it ended), not after
    re-entry: the council's own record shows when the child last saw a dentist, and the
    12 months run from then (decision 0018). If that day passed before the child came
    back, the check is overdue from re-entry. Checks in the current period count as
    before.
    """
    if facts.period_start is None:
        return
    start = facts.period_start
    months = ctx.settings.DENTAL_CHECK_MONTHS
    checks = sorted(
        (c for c in facts.part(HealthFacts).dental_checks if c.on >= start),
        key=lambda c: (c.on, c.id),
    )
    key = f"period:{facts.period_id}:dental"
    before = facts.part(HealthFacts).dental_check_before_period
    if facts.previous_period_end is not None and before is not None:
        due = before + relativedelta(months=months)
        explanation = (
            f"Dental check by {long_date(due)}: {months} months after the last check on "
            f"{long_date(before)}, before coming back into care on {long_date(start)}"
        )
    else:
        due = start + relativedelta(months=months)
        explanation = (
            f"Dental check by {long_date(due)}: {months} months after becoming looked "
            f"after on {long_date(start)}"
        )
    for number, check in enumerate(checks, start=1):
        yield Due(f"{key}:{number}", due, explanation, check.on, f"health.dentalcheck:{check.id}")
        due = check.on + relativedelta(months=months)
        explanation = (
            f"Dental check by {long_date(due)}: {months} months after the last check on "
            f"{long_date(check.on)}"
        )
    yield Due(f"{key}:{len(checks) + 1}", due, explanation)


def sdq_eligible(
    date_of_birth: date, period_start: date | None, on: date, settings: RuleSettings
) -> bool:
    """Whether a child is in the SDQ cohort on `on`: looked after continuously for 12
    months or more by then (the period of care began on or before the day 12 calendar
    months earlier) and aged SDQ_MIN_AGE to SDQ_MAX_AGE (default 4 to 16, so up to the
    day before the 17th birthday)."""
    if period_start is None:
        return False
    if period_start + relativedelta(months=SDQ_LOOKED_AFTER_MONTHS) > on:
        return False
    return settings.SDQ_MIN_AGE <= age_on(date_of_birth, on) <= settings.SDQ_MAX_AGE


@rule(
    code="sdq",
    title="Strengths and Difficulties Questionnaire",
    source="SSDA903 OC2 (SDQ_SCORE, SDQ_REASON); "
    f"{HEALTH_GUIDANCE}; ages local policy (default 4 to 16)",
    responsible="social_worker",
    order=540,
)
@until_eighteen
def sdq(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """An SDQ every 12 months for a child aged SDQ_MIN_AGE to SDQ_MAX_AGE (default 4 to
    16) who has been looked after for 12 months or more. The first is due on the day
    the child has been looked after for 12 months, or on their SDQ_MIN_AGE birthday if
    that is later; then 12 months after the last SDQ recorded in the period of care. A
    deadline falling on or after the birthday the child turns SDQ_MAX_AGE + 1 (17) is
    not yielded: the child has left the cohort. An SDQ record with a reason it was not
    completed (903 SDQ1 to SDQ5) meets the deadline as a score does: the return is
    complete, and the tab shows the reason. One deadline per occasion
    ("period:<id>:sdq:<n>").
    """
    if facts.period_start is None:
        return
    s = ctx.settings
    start = facts.period_start
    dob = facts.date_of_birth
    leaves_cohort = birthday(dob, s.SDQ_MAX_AGE + 1)
    twelve_months = start + relativedelta(months=SDQ_LOOKED_AFTER_MONTHS)
    joins = birthday(dob, s.SDQ_MIN_AGE)
    if twelve_months >= joins:
        due = twelve_months
        explanation = (
            f"SDQ by {long_date(due)}: looked after for 12 months since {long_date(start)}"
        )
    else:
        due = joins
        explanation = f"SDQ by {long_date(due)}: the child's {s.SDQ_MIN_AGE}th birthday"
    key = f"period:{facts.period_id}:sdq"
    records = sorted(
        (r for r in facts.part(HealthFacts).sdqs if r.on >= start), key=lambda r: (r.on, r.id)
    )
    number = 1
    for record in records:
        if due >= leaves_cohort:
            return
        yield Due(f"{key}:{number}", due, explanation, record.on, f"health.sdq:{record.id}")
        number += 1
        due = record.on + relativedelta(months=SDQ_INTERVAL_MONTHS)
        explanation = (
            f"SDQ by {long_date(due)}: 12 months after the last one on {long_date(record.on)}"
        )
    if due < leaves_cohort:
        yield Due(f"{key}:{number}", due, explanation)


@rule(
    code="health_summary",
    title="Leaving care health summary",
    source=f"{HEALTH_GUIDANCE}; seed 002",
    responsible="social_worker",
    order=550,
)
def health_summary(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A young person leaving care at 18 is given a summary of their health history
    before they leave: due the day before the 18th birthday (care ends on the birthday;
    29 February birthdays on 1 March). The deadline appears once a looked-after child
    is 17 and a half (17 years and 6 calendar months), so it is in the work for the
    last six months. Met by the first summary issued in the current period of care on
    or after the 17th birthday (a summary given younger was not the leaving care one).
    """
    if facts.period_start is None:
        return
    dob = facts.date_of_birth
    shows_from = dob + relativedelta(years=17, months=6)
    if ctx.today < shows_from:
        return
    due = eighteenth_birthday(dob) - timedelta(days=1)
    explanation = f"Leaving care health summary by {long_date(due)}: before the 18th birthday"
    counted_from = max(facts.period_start, birthday(dob, 17))
    issued = sorted(
        (s for s in facts.part(HealthFacts).health_summaries if s.on >= counted_from),
        key=lambda s: (s.on, s.id),
    )
    met_on, met_by = None, ""
    if issued:
        met_on, met_by = issued[0].on, f"health.healthsummary:{issued[0].id}"
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)
