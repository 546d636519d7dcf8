"""Writes for child-in-care reviews. Called by the review pages."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from children.codes import ParticipationCode, participation_for_age
from children.models import Child
from children.selectors import period_on
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
