"""Reads for the role-aware home page."""

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from accounts.models import Role, Team, User
from children.caseloads import caseload_counts
from children.models import AllocationKind
from children.selectors import children_for_section, in_force, team_ids_for
from deadlines.models import Deadline, DeadlineStatus
from education.selectors import PEP_RULES
from health.selectors import WORK_FILTERS as HEALTH_RULES


def team_caseloads(*, user: User) -> QuerySet[User]:
    """Social workers in the user's teams with their current caseloads (team manager's view)."""
    workers = User.objects.filter(
        team_id__in=team_ids_for(user=user), role=Role.SOCIAL_WORKER, is_active=True
    )
    return caseload_counts(kind=AllocationKind.SOCIAL_WORKER, workers=workers)


def children_by_team() -> QuerySet[Team]:
    current = in_force(prefix="allocations__") & Q(allocations__kind=AllocationKind.TEAM)
    return Team.objects.annotate(children=Count("allocations", filter=current)).order_by("name")


def partner_work_summary(*, user: User) -> list[dict]:
    """For each section a partner works on, how many of its deadlines are overdue and due
    soon for the children shared with them, with the work list that shows them."""
    # Each section: its label, its deadline rules, its work list and that list's
    # parameters for overdue and due soon, and the page of one child's section.
    sections = {
        "health": (
            "Health",
            HEALTH_RULES,
            "health:work",
            ("status=overdue", "status=due_soon"),
        ),
        "education": (
            "Personal education plans",
            PEP_RULES,
            "education:work_list",
            ("show=pep_overdue", "show=pep_due_soon"),
        ),
    }
    summary = []
    for section in sorted(user.partner_sections):
        label, rules, url_name, (overdue_query, due_soon_query) = sections[section]
        url = reverse(url_name)
        counts = dict(
            Deadline.objects.filter(
                rule__in=list(rules),
                status__in=[DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON],
                child__in=children_for_section(user=user, section=section),
            )
            .values_list("status")
            .annotate(n=Count("*"))
            .order_by()
        )
        summary.append(
            {
                "section": section,
                "label": label,
                "overdue_url": f"{url}?{overdue_query}",
                "due_soon_url": f"{url}?{due_soon_query}",
                "overdue": counts.get(DeadlineStatus.OVERDUE, 0),
                "due_soon": counts.get(DeadlineStatus.DUE_SOON, 0),
            }
        )
    return summary
