"""Reads of deadlines. Every list starts from `children_visible_to`, the one access rule."""

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from children.models import Child
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from deadlines.rules import REGISTRY


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


def rules_owned_by(responsible: str) -> list[str]:
    return [r.code for r in REGISTRY.values() if r.responsible == responsible]


def my_work(*, user: User) -> QuerySet[Deadline]:
    """The open deadlines that are `user`'s work: for each rule, the children the user
    is currently allocated to in the rule's `responsible` kind (the social worker for
    visits, the IRO for reviews...); rules owned by a role (`responsible` is a role,
    such as the IRO manager who allocates IROs) for every holder of that role. Always
    within the children the user may see."""
    from children.models import AllocationKind
    from children.selectors import children_visible_to, current_allocations

    kinds = {r.responsible for r in REGISTRY.values()}
    mine = Q(pk__in=[])
    for kind in kinds:
        codes = rules_owned_by(kind)
        # "social_worker" and "iro" name both a role and a kind of allocation: the
        # allocation decides, or a social worker would have every team child's visits.
        if kind in AllocationKind.values:
            allocated = current_allocations().filter(worker=user, kind=kind).values("child_id")
            mine |= Q(rule__in=codes, child__in=allocated)
        elif kind in Role.values and user.role == kind:
            mine |= Q(rule__in=codes)
    return Deadline.objects.filter(
        mine, status__in=OPEN_STATUSES, child__in=children_visible_to(user=user)
    )
