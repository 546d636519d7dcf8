"""Reads for the IRO service. Every list starts from `children_visible_to`."""

from dataclasses import dataclass

from constance.utils import get_values_for_keys
from django.db.models import Count, Q, QuerySet

from accounts.models import Role, User
from children.models import AllocationKind, Child
from children.selectors import SEE_ALL_ROLES, children_visible_to, current_allocations


@dataclass(frozen=True)
class CaseloadRange:
    """The range an IRO's caseload should fall in (settings IRO_CASELOAD_MIN and _MAX;
    the IRO Handbook's 50 to 70 by default)."""

    low: int
    high: int

    def band(self, children: int) -> str:
        if children < self.low:
            return "below"
        if children > self.high:
            return "above"
        return "within"


@dataclass(frozen=True)
class Caseload:
    iro: User
    children: int
    band: str


def caseload_range() -> CaseloadRange:
    values = get_values_for_keys(["IRO_CASELOAD_MIN", "IRO_CASELOAD_MAX"])
    return CaseloadRange(int(values["IRO_CASELOAD_MIN"]), int(values["IRO_CASELOAD_MAX"]))


def can_see_caseloads(*, user: User) -> bool:
    """IRO managers and senior managers, who see every child, see every IRO's caseload."""
    return user.is_authenticated and user.is_active and user.role in SEE_ALL_ROLES


def iro_caseloads(*, user: User) -> list[Caseload]:
    """Every active IRO with the number of children currently allocated to them as IRO
    (among the children `user` may see), largest first, each placed against the range.
    One query. An IRO allocated to no child is listed with 0."""
    limits = caseload_range()
    allocated = current_allocations().filter(
        kind=AllocationKind.IRO, child__in=children_visible_to(user=user)
    )
    iros = (
        User.objects.filter(Q(role=Role.IRO, is_active=True) | Q(pk__in=allocated.values("worker")))
        .annotate(
            caseload=Count(
                "allocations",
                filter=Q(allocations__pk__in=allocated.values("pk")),
                distinct=True,
            )
        )
        .order_by("-caseload", "last_name", "first_name", "pk")
    )
    return [Caseload(iro, iro.caseload, limits.band(iro.caseload)) for iro in iros]


def caseload_of(*, user: User, iro: User) -> QuerySet[Child]:
    """The children currently allocated to `iro` as IRO, among those `user` may see."""
    allocated = current_allocations().filter(kind=AllocationKind.IRO, worker=iro)
    return (
        children_visible_to(user=user)
        .filter(pk__in=allocated.values("child_id"))
        .order_by("last_name", "first_name", "pk")
    )
