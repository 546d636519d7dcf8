"""Reads for the IRO service. Every list starts from `children_visible_to`."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from constance.utils import get_values_for_keys
from django.db.models import Count, Q, QuerySet

from accounts.models import Role, User
from children.models import AllocationKind, Child
from children.selectors import SEE_ALL_ROLES, children_visible_to, current_allocations
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus

if TYPE_CHECKING:
    from reviews.models import Review


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


def can_record_review(*, user: User) -> bool:
    """IROs and IRO managers record reviews (of the children they may see)."""
    return user.is_authenticated and user.is_active and user.role in (Role.IRO, Role.IRO_MANAGER)


@dataclass(frozen=True)
class HeldReview:
    """A review held, with the deadline it met (None until the next recompute)."""

    review: "Review"
    deadline: Deadline | None


def reviews_for_child(*, child: Child, deadlines: list[Deadline]) -> list[HeldReview]:
    """The child's reviews, newest first, each with the reg 33 deadline it met (from
    `deadlines`, the child's deadlines already loaded): so the page shows the date it
    was due and whether it was in timescale, computed, never typed."""
    from reviews.models import Review

    met = {d.met_by: d for d in deadlines if d.rule == "cic_review" and d.met_by}
    return [
        HeldReview(review, met.get(f"reviews.review:{review.pk}"))
        for review in Review.objects.filter(child=child).order_by("-held_on", "-pk")
    ]


def caseload_with_next_review(*, user: User, iro: User) -> list[tuple[Child, Deadline | None]]:
    """The IRO's children (as `caseload_of`) with each one's open review deadline. Two
    queries, however many children."""
    children = list(caseload_of(user=user, iro=iro))
    next_review = {
        d.child_id: d
        for d in Deadline.objects.filter(
            child__in=[c.pk for c in children], rule="cic_review", status__in=OPEN_STATUSES
        )
    }
    return [(child, next_review.get(child.pk)) for child in children]


@dataclass(frozen=True)
class ReviewTimeliness:
    """Reviews held in a date range, and how many were held within the reg 33 timescale:
    each counted from its own deadline (deadlines.rules.cic_review), met on the day it
    was held. `in_time` and `late` list the deadlines, so that every figure leads to the
    children behind it."""

    in_time: list
    late: list

    @property
    def held(self) -> int:
        return len(self.in_time) + len(self.late)


def review_timeliness(*, user: User, start: date, end: date) -> ReviewTimeliness:
    """The one definition of "reviews held in timescale" that pages and reports use:
    the reviews held from `start` to `end` inclusive, among the children `user` may see,
    split by whether each was held on or before the date it was due."""
    held = (
        Deadline.objects.filter(
            rule="cic_review",
            status=DeadlineStatus.MET,
            met_on__gte=start,
            met_on__lte=end,
            child__in=children_visible_to(user=user),
        )
        .select_related("child")
        .order_by("met_on", "pk")
    )
    in_time: list[Deadline] = []
    late: list[Deadline] = []
    for deadline in held:
        (late if deadline.met_late else in_time).append(deadline)
    return ReviewTimeliness(in_time, late)


def can_allocate_iros(*, user: User) -> bool:
    """The IRO manager allocates IROs and rebalances their caseloads (DOMAIN.md 1)."""
    return user.is_authenticated and user.is_active and user.role == Role.IRO_MANAGER


def iros_to_allocate() -> QuerySet[User]:
    """Active IROs, each annotated with `caseload` (children currently allocated), fewest
    first: the choices when allocating or moving children."""
    from core.selectors import caseload_counts

    workers = User.objects.filter(role=Role.IRO, is_active=True)
    return caseload_counts(kind=AllocationKind.IRO, workers=workers, largest_first=False)
