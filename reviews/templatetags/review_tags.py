"""The child's page shows the booked review and the recommendations' counts: read here,
so that the child's page (children.selectors.child_record) stays as it is."""

from django import template
from django.utils import timezone

from accounts.permissions import Action, allows

register = template.Library()


@register.simple_tag
def review_panel(child, user) -> dict:
    from reviews import selectors
    from reviews.models import Recommendation, RecommendationStatus

    today = timezone.localdate()
    open_recs = list(
        Recommendation.objects.filter(child=child, status=RecommendationStatus.OPEN).values_list(
            "due_date", flat=True
        )
    )
    return {
        "booking": selectors.active_booking(child=child),
        "can_book": allows(user=user, action=Action.BOOK_REVIEW),
        "recommendations": Recommendation.objects.filter(child=child).count(),
        "open": len(open_recs),
        "overdue": sum(1 for d in open_recs if d < today),
    }
