"""Reads for the education pages. Every list starts from
`children.selectors.children_for_section(section="education")`, the one access rule
(the virtual school: the children shared with it)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role, User
from children.models import Child, PeriodOfCare
from children.selectors import children_for_section
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from education import school_year
from education.models import OutOfSchool, Pep, PepQualityRating, SchoolPlacement, SenRecord

PEP_RULES = ("pep_initial", "pep_termly")
# Reception to Year 11: the children who should be on a school roll.
SCHOOL_AGE_YEAR_GROUPS = (0, 11)


def can_see_work_list(*, user: User) -> bool:
    """Social workers, managers (team, IRO and senior managers) and the virtual school
    see the education work list."""
    return (
        user.is_authenticated
        and user.is_active
        and (
            user.role == Role.SOCIAL_WORKER
            or user.is_manager
            or "education" in user.partner_sections
        )
    )


def _current(rows: list, today: date):
    return next(
        (r for r in rows if r.start_date <= today and (r.end_date is None or r.end_date > today)),
        None,
    )


def education_for_child(*, child: Child, today: date | None = None) -> dict:
    """Everything the child's education tab shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    schools = list(SchoolPlacement.objects.filter(child=child).order_by("-start_date", "-pk"))
    sen = list(SenRecord.objects.filter(child=child).order_by("-start_date", "-pk"))
    out = list(OutOfSchool.objects.filter(child=child).order_by("-start_date", "-pk"))
    peps = list(
        Pep.objects.filter(child=child)
        .select_related("rating", "rated_by", "recorded_by")
        .order_by("-meeting_date", "-pk")
    )
    deadlines = list(
        Deadline.objects.filter(child=child, rule__in=PEP_RULES).order_by("-due_date", "-pk")
    )
    open_deadlines = sorted(
        (d for d in deadlines if d.status in OPEN_STATUSES), key=lambda d: d.due_date
    )
    return {
        "year_group": school_year.year_group(child.date_of_birth, today),
        "schools": schools,
        "current_school": next((s for s in schools if s.end_date is None), None),
        "sen_records": sen,
        "current_sen": next((s for s in sen if s.end_date is None), None),
        "out_of_school": out,
        "current_out_of_school": [o for o in out if o.end_date is None or o.end_date > today],
        "peps": peps,
        "pep_deadlines": deadlines,
        "next_pep": open_deadlines[0] if open_deadlines else None,
        "pep_overdue": [d for d in open_deadlines if d.status == DeadlineStatus.OVERDUE],
    }


def education_summary_for_child(*, child: Child, deadlines: list[Deadline]) -> dict:
    """The education summary on the child's page: one query (the deadlines are the page's)."""
    today = timezone.localdate()
    school = SchoolPlacement.objects.filter(child=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date", "-pk"
    )
    sen = SenRecord.objects.filter(child=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date", "-pk"
    )
    row = (
        Child.objects.filter(pk=child.pk)
        .annotate(
            school_name=Subquery(school.values("school_name")[:1]),
            sen_status=Subquery(sen.values("status")[:1]),
            last_pep=Max("peps__completed_date"),
        )
        .values("school_name", "sen_status", "last_pep")
        .get()
    )
    from education.models import SenStatus

    open_peps = sorted(
        (d for d in deadlines if d.rule in PEP_RULES and d.status in OPEN_STATUSES),
        key=lambda d: d.due_date,
    )
    return {
        "education_summary": {
            "year_group": school_year.year_group(child.date_of_birth, today),
            "school_name": row["school_name"],
            "sen_status": SenStatus(row["sen_status"]).label if row["sen_status"] else None,
            "last_pep": row["last_pep"],
            "next_pep": open_peps[0] if open_peps else None,
        }
    }


def active_ratings(*, including: int | None = None) -> QuerySet[PepQualityRating]:
    """The ratings an administrator has left active, and the one with pk `including`."""
    from django.db.models import Q

    return PepQualityRating.objects.filter(Q(active=True) | Q(pk=including)).order_by(
        "order", "name"
    )


# --- the work list ----------------------------------------------------------------------

SHOW_CHOICES = [
    ("attention", "Needing attention (PEP overdue or due soon, or no school)"),
    ("pep_overdue", "PEP overdue"),
    ("pep_due_soon", "PEP due soon"),
    ("no_school", "No school recorded (Reception to Year 11)"),
    ("all", "All children in care"),
]


@dataclass
class WorkRow:
    child: Child
    year_group: str
    school_name: str | None
    sen_status: str | None
    last_pep: date | None
    pep_due: date | None
    pep_status: str | None
    no_school: bool

    @property
    def pep_status_label(self) -> str:
        return DeadlineStatus(self.pep_status).label if self.pep_status else ""


def education_work_for(
    *, user: User, show: str = "attention", today: date | None = None
) -> QuerySet[Child]:
    """The children in care `user` may see, with their school, SEN status, last PEP and
    the most urgent open PEP deadline, filtered by `show` (SHOW_CHOICES). Most urgent
    first. A fixed number of queries however many children."""
    today = today or timezone.localdate()
    in_care = PeriodOfCare.objects.filter(end_date__isnull=True).values("child_id")
    children = children_for_section(user=user, section="education").filter(pk__in=in_care)
    pep = Deadline.objects.filter(
        child=OuterRef("pk"), rule__in=PEP_RULES, status__in=OPEN_STATUSES
    ).order_by("due_date", "pk")
    school = SchoolPlacement.objects.filter(child=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date", "-pk"
    )
    sen = SenRecord.objects.filter(child=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date", "-pk"
    )
    earliest, latest = school_year.born_between_for_year_groups(*SCHOOL_AGE_YEAR_GROUPS, today)
    without_school = (
        children.filter(date_of_birth__gte=earliest, date_of_birth__lte=latest)
        .exclude(pk__in=SchoolPlacement.objects.filter(end_date__isnull=True).values("child_id"))
        .values("pk")
    )
    overdue = Deadline.objects.filter(rule__in=PEP_RULES, status=DeadlineStatus.OVERDUE)
    due_soon = Deadline.objects.filter(rule__in=PEP_RULES, status=DeadlineStatus.DUE_SOON)
    if show == "pep_overdue":
        children = children.filter(pk__in=overdue.values("child_id"))
    elif show == "pep_due_soon":
        children = children.filter(pk__in=due_soon.values("child_id"))
    elif show == "no_school":
        children = children.filter(pk__in=without_school)
    elif show != "all":
        from django.db.models import Q

        children = children.filter(
            Q(pk__in=overdue.values("child_id"))
            | Q(pk__in=due_soon.values("child_id"))
            | Q(pk__in=without_school)
        )
    return children.annotate(
        school_name=Subquery(school.values("school_name")[:1]),
        sen_status=Subquery(sen.values("status")[:1]),
        last_pep=Subquery(
            Pep.objects.filter(child=OuterRef("pk"), completed_date__isnull=False)
            .order_by("-completed_date")
            .values("completed_date")[:1]
        ),
        pep_due=Subquery(pep.values("due_date")[:1]),
        pep_status=Subquery(pep.values("status")[:1]),
    ).order_by("pep_due", "last_name", "first_name", "pk")


def work_rows(children: list[Child], today: date | None = None) -> list[WorkRow]:
    """The rows of a page of `education_work_for`."""
    from education.models import SenStatus

    today = today or timezone.localdate()
    earliest, latest = school_year.born_between_for_year_groups(*SCHOOL_AGE_YEAR_GROUPS, today)
    rows = []
    for c in children:
        school_name = getattr(c, "school_name", None)
        sen = getattr(c, "sen_status", None)
        rows.append(
            WorkRow(
                child=c,
                year_group=school_year.year_group(c.date_of_birth, today),
                school_name=school_name,
                sen_status=SenStatus(sen).label if sen else None,
                last_pep=getattr(c, "last_pep", None),
                pep_due=getattr(c, "pep_due", None),
                pep_status=getattr(c, "pep_status", None),
                no_school=school_name is None and earliest <= c.date_of_birth <= latest,
            )
        )
    return rows
