"""Reads for the IRO service. Every list starts from `children_visible_to`."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from constance.utils import get_values_for_keys
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Role, User
from children.models import AllocationKind, Child
from children.selectors import SEE_ALL_ROLES, children_visible_to, current_allocations
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus

if TYPE_CHECKING:
    from reviews.models import Recommendation, Review, ReviewBooking


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
    An IRO allocated to no child is listed with 0. Two queries: the allocations counted
    by IRO in the database, then the IROs."""
    limits = caseload_range()
    allocated = current_allocations().filter(
        kind=AllocationKind.IRO, child__in=children_visible_to(user=user)
    )
    counts = dict(
        allocated.order_by()
        .values_list("worker_id")
        .annotate(n=Count("pk"))
        .values_list("worker_id", "n")
    )
    iros = sorted(
        User.objects.filter(Q(role=Role.IRO, is_active=True) | Q(pk__in=list(counts))),
        key=lambda iro: (-counts.get(iro.pk, 0), iro.last_name, iro.first_name, iro.pk),
    )
    return [
        Caseload(iro, counts.get(iro.pk, 0), limits.band(counts.get(iro.pk, 0))) for iro in iros
    ]


def caseload_of(*, user: User, iro: User) -> QuerySet[Child]:
    """The children currently allocated to `iro` as IRO, among those `user` may see."""
    allocated = current_allocations().filter(kind=AllocationKind.IRO, worker=iro)
    return (
        children_visible_to(user=user)
        .filter(pk__in=allocated.values("child_id"))
        .order_by("last_name", "first_name", "pk")
    )


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
    each counted from its own deadline (reviews.deadline_rules.cic_review), met on the day it
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


# --- bookings, review details, recommendations -----------------------------------------


def review_due_on(*, child: Child, held_on: date) -> date | None:
    """The date a review held on `held_on` was due by: the reg 33 occasion it would meet,
    worked out by the rule itself (reviews.deadline_rules.cic_review) on the child's record with
    this review added, so that it agrees with the deadline the recompute will store. None
    when the day is outside the open period of care (no deadline to judge it by)."""
    from deadlines.calendar import current_calendar
    from deadlines.facts import Batch, load_facts
    from deadlines.rules import RuleContext, rule_settings
    from reviews.deadline_rules import ReviewFact, ReviewsFacts, cic_review

    facts = load_facts(Batch(ids=[child.pk]))[child.pk]
    if facts.period_start is None or held_on < facts.period_start:
        return None
    part = facts.part(ReviewsFacts)
    part.reviews = sorted(
        [*(r for r in part.reviews if r.held_on != held_on), ReviewFact(0, held_on)],
        key=lambda r: r.held_on,
    )
    ctx = RuleContext(timezone.localdate(), current_calendar(), rule_settings())
    for due in cic_review(facts, ctx):
        if due.met_by == "reviews.review:0":
            return due.due_date
    return None


def active_booking(*, child: Child) -> "ReviewBooking | None":
    from reviews.models import BookingStatus, ReviewBooking

    return (
        ReviewBooking.objects.filter(child=child, status=BookingStatus.BOOKED)
        .prefetch_related("invitees")
        .first()
    )


def booking_for_user(*, user: User, pk: int) -> "ReviewBooking":
    """The booking with `pk`, if `user` may see its child; otherwise 404."""
    from reviews.models import ReviewBooking

    booking = get_object_or_404(ReviewBooking.objects.select_related("child", "period"), pk=pk)
    if not children_visible_to(user=user).filter(pk=booking.child_id).exists():
        raise Http404("No booking found")
    return booking


def review_for_user(*, user: User, pk: int) -> "Review":
    """The review with `pk`, if `user` may see its child; otherwise 404."""
    from reviews.models import Review

    review = get_object_or_404(
        Review.objects.select_related("child", "lateness_reason", "chaired_by"), pk=pk
    )
    if not children_visible_to(user=user).filter(pk=review.child_id).exists():
        raise Http404("No review found")
    return review


def recommendation_for_user(*, user: User, pk: int) -> "Recommendation":
    from reviews.models import Recommendation

    recommendation = get_object_or_404(
        Recommendation.objects.select_related("review", "child", "owner"), pk=pk
    )
    if not children_visible_to(user=user).filter(pk=recommendation.child_id).exists():
        raise Http404("No recommendation found")
    return recommendation


def recommendations_for_child(*, child: Child) -> "QuerySet[Recommendation]":
    """The child's recommendations, open ones first, then by due date."""
    from django.db.models import Case, IntegerField, Value, When

    from reviews.models import Recommendation

    return (
        Recommendation.objects.filter(child=child)
        .select_related("owner", "review")
        .annotate(
            open_first=Case(
                When(status="open", then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "due_date", "pk")
    )


def review_deadlines(*, review: "Review") -> list[Deadline]:
    """The deadlines of a review's outputs (recommendations issued, minutes, midway)."""
    return list(
        Deadline.objects.filter(
            child_id=review.child_id,
            rule__in=["review_recommendations", "review_minutes", "midway_review"],
            key=f"review:{review.pk}",
        ).order_by("due_date", "rule")
    )


def booking_deadlines(*, booking: "ReviewBooking") -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            child_id=booking.child_id,
            rule__in=["review_invitations", "review_report"],
            key=f"booking:{booking.pk}",
        ).order_by("due_date", "rule")
    )


# --- the IRO's home page ---------------------------------------------------------------

REVIEW_TO_BOOK_WEEKS = 8


def iro_children(*, user: User) -> QuerySet[Child]:
    """The children whose IRO work is `user`'s: those on their current IRO caseload, or
    every child they may see for an IRO manager (and a senior manager). The IRO home page
    and its lists start from it."""
    children = children_visible_to(user=user)
    if user.role in SEE_ALL_ROLES:
        return children
    return children.filter(
        pk__in=current_allocations().filter(kind=AllocationKind.IRO, worker=user).values("child_id")
    )


def deadlines_to_book(*, user: User, today: date | None = None) -> QuerySet[Deadline]:
    """The next-review deadlines (open, due within 8 weeks, or overdue) of the user's
    IRO caseload (all children for an IRO manager) for which no review is booked,
    soonest first, each with its child: the rows of "Reviews to book", as a query to
    count or to page through."""
    from reviews.models import BookingStatus, ReviewBooking

    today = today or timezone.localdate()
    booked = ReviewBooking.objects.filter(status=BookingStatus.BOOKED).values("child_id")
    return (
        Deadline.objects.filter(
            rule="cic_review",
            status__in=OPEN_STATUSES,
            due_date__lte=today + timedelta(weeks=REVIEW_TO_BOOK_WEEKS),
            child__in=iro_children(user=user),
        )
        .exclude(child__in=booked)
        .select_related("child")
        .order_by("due_date", "pk")
    )


def reviews_to_book(*, user: User, today: date | None = None) -> list[Deadline]:
    """`deadlines_to_book` as a list."""
    return list(deadlines_to_book(user=user, today=today))


def recommendations_overdue(*, user: User, today: date | None = None) -> "QuerySet[Recommendation]":
    """Open recommendations past their due date, for the user's IRO caseload (all
    children for an IRO manager), most overdue first."""
    from reviews.models import Recommendation, RecommendationStatus

    today = today or timezone.localdate()
    return (
        Recommendation.objects.filter(
            status=RecommendationStatus.OPEN,
            due_date__lt=today,
            child__in=iro_children(user=user),
        )
        .select_related("child", "owner", "review")
        .order_by("due_date", "pk")
    )


def bookings_upcoming(*, user: User, today: date | None = None) -> "QuerySet[ReviewBooking]":
    """Reviews booked from today on, for the user's IRO caseload (all children for an
    IRO manager), soonest first. Business support see those of the children they may
    see."""
    from reviews.models import BookingStatus, ReviewBooking

    today = today or timezone.localdate()
    children = (
        children_visible_to(user=user)
        if user.role == Role.BUSINESS_SUPPORT
        else iro_children(user=user)
    )
    return (
        ReviewBooking.objects.filter(
            status=BookingStatus.BOOKED, booked_for__gte=today, child__in=children
        )
        .select_related("child")
        .order_by("booked_for", "starts_at", "pk")
    )


def next_review_deadline(*, child: Child) -> Deadline | None:
    """The child's open next-review deadline, if worked out."""
    return (
        Deadline.objects.filter(child=child, rule="cic_review", status__in=OPEN_STATUSES)
        .order_by("due_date")
        .first()
    )


def iros_to_allocate() -> QuerySet[User]:
    """Active IROs, each annotated with `caseload` (children currently allocated), fewest
    first: the choices when allocating or moving children."""
    from children.caseloads import caseload_counts

    workers = User.objects.filter(role=Role.IRO, is_active=True)
    return caseload_counts(kind=AllocationKind.IRO, workers=workers, largest_first=False)
