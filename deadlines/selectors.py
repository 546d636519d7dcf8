"""Reads of deadlines. Every list starts from `children_visible_to`, the one access rule."""

from django.db.models import QuerySet

from accounts.models import User
from children.models import Child
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus


def deadlines_for_child(*, child: Child) -> list[Deadline]:
    """All of a child's deadlines: open ones first by due date, then the rest, newest first."""
    rows = list(Deadline.objects.filter(child=child))
    open_rows = sorted((d for d in rows if d.status in OPEN_STATUSES), key=lambda d: d.due_date)
    closed = sorted(
        (d for d in rows if d.status not in OPEN_STATUSES), key=lambda d: d.due_date, reverse=True
    )
    return open_rows + closed


def overdue_for_child(*, child: Child) -> list[Deadline]:
    """The child's overdue deadlines, for the front page."""
    return list(
        Deadline.objects.filter(child=child, status=DeadlineStatus.OVERDUE).order_by("due_date")
    )


def open_deadlines_visible_to(*, user: User) -> QuerySet[Deadline]:
    from children.selectors import children_visible_to

    return Deadline.objects.filter(
        status__in=OPEN_STATUSES, child__in=children_visible_to(user=user)
    )
