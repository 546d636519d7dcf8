"""How many children each worker holds: the caseloads the home page and IRO allocation show."""

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from children.selectors import in_force


def caseload_counts(
    *, kind: str, workers: QuerySet[User], largest_first: bool = True
) -> QuerySet[User]:
    """Workers annotated with how many children they currently hold in `kind`, largest
    caseload first (or smallest first)."""
    # The allocations in force, as a condition on the one join (not a subquery tested
    # against every allocation).
    current = in_force(prefix="allocations__") & Q(allocations__kind=kind)
    return workers.annotate(caseload=Count("allocations", filter=current)).order_by(
        "-caseload" if largest_first else "caseload", "last_name", "first_name", "pk"
    )
