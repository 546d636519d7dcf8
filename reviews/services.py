"""Writes for child-in-care reviews. Called by the review pages."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, User
from children.codes import ParticipationCode, participation_for_age
from children.models import Allocation, AllocationKind, Child
from children.selectors import period_on
from children.services import allocation_change
from core.exceptions import ApplicationError
from reviews.models import Review


@transaction.atomic
def review_record(
    *,
    child: Child,
    held_on: date,
    next_review_directed_by: date | None = None,
    participation: str = "",
    by: User,
) -> Review:
    """Record a child-in-care review held on `held_on` (reg 33), and, when the IRO
    directed it, the date the next review must be held by. The review belongs to the
    period of care the child was in that day. How the child took part is PN0 for a
    child under 4 that day, whatever was sent; otherwise one of PN1 to PN7 is required.
    Its deadline, and the next one, follow from the record (deadlines.rules.cic_review)."""
    if held_on > timezone.localdate():
        raise ApplicationError(
            "The date the review was held must be today or in the past", field="held_on"
        )
    period = period_on(child=child, on=held_on)
    if period is None:
        raise ApplicationError(
            "The child was not looked after on the day of the review: reviews are held "
            "during a period of care",
            field="held_on",
        )
    if next_review_directed_by is not None and next_review_directed_by <= held_on:
        raise ApplicationError(
            "The date the next review is directed for must be after this review",
            field="next_review_directed_by",
        )
    participation = participation_for_age(child.date_of_birth, held_on) or participation
    if (
        participation not in ParticipationCode.values
        or participation == "PN0"
        and (participation_for_age(child.date_of_birth, held_on) is None)
    ):
        raise ApplicationError(
            "Select how the child took part in the review", field="participation"
        )
    if Review.objects.filter(child=child, held_on=held_on).exists():
        raise ApplicationError(
            "A review held on this day is already recorded for the child", field="held_on"
        )
    try:
        with transaction.atomic():
            return Review.objects.create(
                child=child,
                period=period,
                held_on=held_on,
                next_review_directed_by=next_review_directed_by,
                participation=participation,
            )
    except IntegrityError:
        # Recorded at the same moment by someone else.
        raise ApplicationError(
            "A review held on this day is already recorded for the child", field="held_on"
        ) from None


# --- IRO allocation --------------------------------------------------------------------

IRO_ROLES = (Role.IRO, Role.IRO_MANAGER)


def _check_iro(iro: User) -> None:
    if not iro.is_active or iro.role not in IRO_ROLES:
        raise ApplicationError("Select an independent reviewing officer", field="iro")


@transaction.atomic
def iro_allocate(*, child: Child, iro: User, start_date: date, by: User) -> Allocation:
    """Allocate `iro` as the child's IRO from `start_date`, ending the current IRO's
    allocation that day (each kept in the allocation's history). The child must be
    looked after that day: an IRO is allocated for a period of care."""
    _check_iro(iro)
    period = period_on(child=child, on=start_date)
    if period is None or period.end_date is not None:
        raise ApplicationError(
            "The child must be in care on the date the IRO is allocated", field="start_date"
        )
    return allocation_change(
        child=child, kind=AllocationKind.IRO, worker=iro, start_date=start_date, by=by
    )


@transaction.atomic
def iro_reallocate(
    *, children: list[Child], iro: User, start_date: date, by: User
) -> list[Allocation]:
    """Move several children to `iro` from `start_date` (an IRO manager rebalancing
    caseloads): all of them, or none when any one cannot be moved, with the reason
    naming the child."""
    _check_iro(iro)
    if not children:
        raise ApplicationError("Select the children to move", field="children")
    moved = []
    for child in children:
        try:
            moved.append(iro_allocate(child=child, iro=iro, start_date=start_date, by=by))
        except ApplicationError as error:
            raise ApplicationError(
                f"{child.full_name} ({child.la_reference}): {error.message}", field=error.field
            ) from None
    return moved
