"""Reviews' part of the child's page (children.child_page): the last review in the "Now"
summary, the way to allocate the IRO, and the reviews section (the next review due is the
deadlines' `next_review`; the booking and the recommendations' counts)."""

from django.utils import timezone

from accounts.permissions import Action, allows
from children.child_page import MAIN, NOW, NOW_LINKS, ChildPage, Section, add_section, section
from children.models import AllocationKind
from reviews import selectors
from reviews.models import Recommendation, RecommendationStatus

add_section(Section("reviews.last_review", NOW, 40, "reviews/child_page/last_review.html", 0))


@section(
    "reviews.iro",
    place=NOW_LINKS,
    position=10,
    template="reviews/child_page/iro_link.html",
    queries=0,
    gives={"can_allocate_iro", "iro_allocated"},
)
def _iro(page: ChildPage) -> dict:
    return {
        "can_allocate_iro": allows(user=page.user, action=Action.ALLOCATE_IRO),
        "iro_allocated": any(a.kind == AllocationKind.IRO for a in page.current_allocations),
    }


def review_panel(page: ChildPage) -> dict:
    """The booked review and the recommendations' counts."""
    today = timezone.localdate()
    open_recs = list(
        Recommendation.objects.filter(
            child=page.child, status=RecommendationStatus.OPEN
        ).values_list("due_date", flat=True)
    )
    return {
        "booking": selectors.active_booking(child=page.child),
        "can_book": allows(user=page.user, action=Action.BOOK_REVIEW),
        "recommendations": Recommendation.objects.filter(child=page.child).count(),
        "open": len(open_recs),
        "overdue": sum(1 for d in open_recs if d < today),
    }


@section(
    "reviews",
    place=MAIN,
    position=200,
    template="reviews/child_section.html",
    queries=4,
    gives={"reviews", "review_panel", "can_record_review"},
)
def _reviews(page: ChildPage) -> dict:
    return {
        "reviews": selectors.reviews_for_child(
            child=page.child, deadlines=page.shared("deadlines")
        ),
        "review_panel": review_panel(page),
        "can_record_review": allows(user=page.user, action=Action.RECORD_REVIEW),
    }
