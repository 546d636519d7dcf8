"""Reads for the health record. The health tab, the child's page section and the health
work list start from `children.selectors.child_for_section` / `children_for_section`, the
one access rule."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from accounts.models import User
from children.models import Child
from children.selectors import children_for_section
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from health.models import (
    DentalCheck,
    HealthSummary,
    IhaLatenessReason,
    ImmunisationCheck,
    InitialHealthAssessment,
    OpticianCheck,
    ReviewHealthAssessment,
    Sdq,
    SubstanceMisuseRecord,
)

# The health deadline rules (health.deadline_rules), in the order the tab
# lists them.
HEALTH_RULES = ("health_notification", "iha", "rha", "dental_check", "sdq", "health_summary")

# What the work list can be narrowed to: the overdue deadlines of one rule.
WORK_FILTERS = {
    "iha": "Initial health assessment overdue",
    "rha": "Review health assessment overdue",
    "dental_check": "Dental check overdue",
    "sdq": "SDQ missing",
    "health_notification": "Health not notified",
    "health_summary": "Leaving care health summary overdue",
}


def can_see_health_work(*, user: User) -> bool:
    return user.is_authenticated and (user.is_manager or "health" in user.partner_sections)


@dataclass
class HealthDeadline:
    deadline: Deadline
    title: str


def _titles() -> dict[str, str]:
    from deadlines.rules import REGISTRY

    return {code: REGISTRY[code].title if code in REGISTRY else code for code in HEALTH_RULES}


def health_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    """The health deadlines among a child's deadlines (already loaded: no query)."""
    return [d for d in deadlines if d.rule in HEALTH_RULES]


def health_section_for_child(*, deadlines: list[Deadline]) -> dict:
    """The health section of the child's page, from the deadlines the page has already
    loaded (`page.shared("deadlines")`, health.child_page): no query of its own."""
    titles = _titles()
    rows = [
        HealthDeadline(d, titles[d.rule])
        for d in health_deadlines(deadlines)
        if d.status in OPEN_STATUSES
    ]
    order = {code: n for n, code in enumerate(HEALTH_RULES)}
    rows.sort(key=lambda r: (order[r.deadline.rule], r.deadline.due_date))
    return {
        "health_open_deadlines": rows,
        "health_overdue": sum(1 for r in rows if r.deadline.status == DeadlineStatus.OVERDUE),
    }


def health_for_child(*, child: Child) -> dict:
    """Everything the health tab shows, in a fixed number of queries."""
    ihas = list(
        InitialHealthAssessment.objects.filter(child=child)
        .select_related("period", "lateness_reason")
        .order_by("-period__start_date")
    )
    deadlines = list(Deadline.objects.filter(child=child, rule__in=HEALTH_RULES))
    titles = _titles()
    order = {code: n for n, code in enumerate(HEALTH_RULES)}
    open_rows = sorted(
        (HealthDeadline(d, titles[d.rule]) for d in deadlines if d.status in OPEN_STATUSES),
        key=lambda r: (order[r.deadline.rule], r.deadline.due_date),
    )
    closed_rows = sorted(
        (HealthDeadline(d, titles[d.rule]) for d in deadlines if d.status not in OPEN_STATUSES),
        key=lambda r: r.deadline.due_date,
        reverse=True,
    )
    iha_deadlines = {d.key: d for d in deadlines if d.rule == "iha"}
    sdqs = list(Sdq.objects.filter(child=child))
    return {
        "ihas": [(iha, iha_deadlines.get(f"period:{iha.period_id}")) for iha in ihas],
        "open_period": child.periods_of_care.filter(end_date__isnull=True).first(),
        "rhas": list(ReviewHealthAssessment.objects.filter(child=child)),
        "dental_checks": list(DentalCheck.objects.filter(child=child)),
        "optician_checks": list(OpticianCheck.objects.filter(child=child)),
        "immunisation_checks": list(ImmunisationCheck.objects.filter(child=child)),
        "substance_records": list(SubstanceMisuseRecord.objects.filter(child=child)),
        "sdqs": sdqs,
        "latest_score": next((s for s in sdqs if s.score is not None), None),
        "health_summaries": list(HealthSummary.objects.filter(child=child)),
        "health_deadlines": open_rows,
        "past_health_deadlines": closed_rows,
    }


def lateness_reasons(*, keeping: int | None = None) -> QuerySet[IhaLatenessReason]:
    """The reasons to choose from: the active ones, and the one a record already has
    (`keeping`) even if it has been retired since."""
    from django.db.models import Q

    return IhaLatenessReason.objects.filter(Q(active=True) | Q(pk=keeping)).order_by(
        "order", "name"
    )


# Which deadlines the work list shows: overdue ones, or those falling due soon (the
# deadline engine's "due soon" status), for booking appointments ahead.
WORK_STATUSES = {
    DeadlineStatus.OVERDUE.value: "Overdue",
    DeadlineStatus.DUE_SOON.value: "Due soon",
}


def health_work_for(
    *, user: User, rule: str = "", status: str = "overdue", on: date | None = None
) -> QuerySet[Deadline]:
    """The overdue (or, with `status="due_soon"`, due soon) health deadlines of the
    children whose health record `user` may open (the deadlines table, by rule code),
    oldest due date first: IHA, RHA and dental checks overdue, SDQs missing... `rule`
    narrows it to one of WORK_FILTERS."""
    rules = [rule] if rule in WORK_FILTERS else list(WORK_FILTERS)
    if status not in WORK_STATUSES:
        status = DeadlineStatus.OVERDUE
    return (
        Deadline.objects.filter(
            status=status,
            rule__in=rules,
            child__in=children_for_section(user=user, section="health"),
        )
        .select_related("child")
        .order_by("due_date", "child__last_name", "child__first_name", "pk")
    )


@dataclass(frozen=True)
class SdqForReturn:
    """An SSDA903 return that needs this child's SDQ score, or the reason there is none."""

    year_start: date
    year_end: date


def sdq_needed_for_return(*, child: Child, today: date) -> SdqForReturn | None:
    """The collection year (the latest to have reached its 31 March by `today`) whose OC2
    needs an SDQ score or reason for the child and has neither in the record (DfE rules
    186 and 197B: children aged 4 to 16 looked after continuously for 12 months)."""
    from health import oc2

    end_year = today.year if (today.month, today.day) >= (3, 31) else today.year - 1
    year_start, year_end = date(end_year - 1, 4, 1), date(end_year, 3, 31)
    period = oc2.oc2_period(child, year_start, year_end)
    if period is None or not oc2.sdq_ages(child.date_of_birth, year_start, year_end):
        return None
    facts = [oc2.SdqFact(s.completed_on, s.score, s.reason) for s in child.sdqs.all()]
    if oc2.sdq_values(child.date_of_birth, period.start_date, facts, year_start, year_end) != (
        "",
        "",
    ):
        return None
    return SdqForReturn(year_start, year_end)
