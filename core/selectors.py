"""Reads for the role-aware home page."""

from django.db.models import Count, Q, QuerySet

from accounts.models import Role, Team, User
from children.models import AllocationKind
from children.selectors import current_allocations, team_ids_for


def caseload_counts(
    *, kind: str, workers: QuerySet[User], largest_first: bool = True
) -> QuerySet[User]:
    """Workers annotated with how many children they currently hold in `kind`, largest
    caseload first (or smallest first)."""
    current_pks = current_allocations().filter(kind=kind).values("pk")
    return workers.annotate(
        caseload=Count("allocations", filter=Q(allocations__pk__in=current_pks), distinct=True)
    ).order_by("-caseload" if largest_first else "caseload", "last_name", "first_name", "pk")


def team_caseloads(*, user: User) -> QuerySet[User]:
    """Social workers in the user's teams with their current caseloads (team manager's view)."""
    workers = User.objects.filter(
        team_id__in=team_ids_for(user=user), role=Role.SOCIAL_WORKER, is_active=True
    )
    return caseload_counts(kind=AllocationKind.SOCIAL_WORKER, workers=workers)


def children_by_team() -> QuerySet[Team]:
    current_pks = current_allocations().filter(kind=AllocationKind.TEAM).values("pk")
    return Team.objects.annotate(
        children=Count("allocations", filter=Q(allocations__pk__in=current_pks), distinct=True)
    ).order_by("name")
