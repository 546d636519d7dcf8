"""Writes for child-in-care reviews: booking a review, recording it held, its
recommendations, closing it (recommendations issued, minutes distributed), the letter
to the child, and midway reviews. Called by the review pages; each write is one
transaction, and each table keeps its history (simple_history)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.permissions import RULES, Action, requires
from children.codes import ParticipationCode, participation_for_age
from children.models import Allocation, AllocationKind, Child
from children.selectors import period_on
from children.services import allocation_change
from core.exceptions import ApplicationError
from deadlines.rules import long_date
from reviews.models import (
    Attendee,
    BookingStatus,
    CarePlanRating,
    Invitee,
    LatenessReason,
    MidwayReview,
    ParentsParticipation,
    PersonRole,
    Recommendation,
    RecommendationProgress,
    RecommendationStatus,
    Review,
    ReviewBooking,
    ReviewFormat,
    ViewsObtained,
)

# --- booking a review ------------------------------------------------------------------


@dataclass(frozen=True)
class BookingDetails:
    booked_for: date
    starts_at: time
    format: str
    venue: str = ""
    video_link: str = ""
    invitations_sent_on: date | None = None
    report_received_on: date | None = None


def _check_booking(child: Child, details: BookingDetails) -> None:
    today = timezone.localdate()
    if details.format not in ReviewFormat.values:
        raise ApplicationError("Select how the review will be held", field="format")
    if details.format in (ReviewFormat.IN_PERSON, ReviewFormat.HYBRID) and not details.venue:
        raise ApplicationError(
            "Enter the venue: the review is held in person or hybrid", field="venue"
        )
    if details.format in (ReviewFormat.VIRTUAL, ReviewFormat.HYBRID) and not details.video_link:
        raise ApplicationError(
            "Enter the video link: the review is held virtually or hybrid", field="video_link"
        )
    for name, value, label in (
        ("invitations_sent_on", details.invitations_sent_on, "invitations were sent"),
        ("report_received_on", details.report_received_on, "the report was received"),
    ):
        if value is not None and value > today:
            raise ApplicationError(f"The date {label} must be today or in the past", field=name)


@requires(Action.BOOK_REVIEW)
@transaction.atomic
def booking_create(*, child: Child, details: BookingDetails, by: User) -> ReviewBooking:
    """Book the child's next review (IRO, IRO manager or business support). A child has
    at most one review booked at a time: it is the one their next review deadline is
    for. Its invitations and report deadlines follow from it (reviews.deadline_rules)."""
    period = child.periods_of_care.filter(end_date__isnull=True).first()
    if period is None:
        raise ApplicationError(
            "The child is not looked after: reviews are booked during a period of care",
            field="booked_for",
        )
    if details.booked_for < period.start_date:
        raise ApplicationError(
            "The date of the review must be on or after the day the child became looked "
            f"after ({long_date(period.start_date)})",
            field="booked_for",
        )
    _check_booking(child, details)
    active = ReviewBooking.objects.filter(child=child, status=BookingStatus.BOOKED).first()
    if active is not None:
        raise ApplicationError(
            f"A review is already booked for {long_date(active.booked_for)}: change or "
            "cancel that booking instead",
            field="booked_for",
        )
    try:
        with transaction.atomic():
            return ReviewBooking.objects.create(
                child=child, period=period, booked_by=by, **details.__dict__
            )
    except IntegrityError:
        raise ApplicationError(
            "A review has just been booked for this child by someone else", field="booked_for"
        ) from None


def _active(booking: ReviewBooking) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise ApplicationError(
            f"This booking is {booking.get_status_display().lower()}: it can no longer be changed"
        )


@requires(Action.BOOK_REVIEW)
@transaction.atomic
def booking_update(*, booking: ReviewBooking, details: BookingDetails, by: User) -> ReviewBooking:
    """Rebook (a new date, time or place) or record the papers (invitations sent, the
    social worker's report received). The deadlines move with the date."""
    booking = ReviewBooking.objects.select_for_update().get(pk=booking.pk)
    _active(booking)
    if details.booked_for < booking.period.start_date:
        raise ApplicationError(
            "The date of the review must be on or after the day the child became looked "
            f"after ({long_date(booking.period.start_date)})",
            field="booked_for",
        )
    _check_booking(booking.child, details)
    for name, value in details.__dict__.items():
        setattr(booking, name, value)
    booking.save()
    return booking


@requires(Action.BOOK_REVIEW)
@transaction.atomic
def booking_cancel(*, booking: ReviewBooking, reason: str, by: User) -> ReviewBooking:
    """Cancel a booking, with the reason. Its papers deadlines no longer apply."""
    booking = ReviewBooking.objects.select_for_update().get(pk=booking.pk)
    _active(booking)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Enter why the review is cancelled", field="reason")
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_reason = reason
    booking.save()
    return booking


@requires(Action.BOOK_REVIEW)
@transaction.atomic
def invitee_add(*, booking: ReviewBooking, name: str, role: str, by: User) -> Invitee:
    _active(booking)
    name = name.strip()
    if not name:
        raise ApplicationError("Enter the name of the person invited", field="name")
    if role not in PersonRole.values:
        raise ApplicationError("Select who the person is to the child", field="role")
    return Invitee.objects.create(booking=booking, name=name, role=role)


@requires(Action.BOOK_REVIEW)
@transaction.atomic
def invitee_remove(*, invitee: Invitee, by: User) -> None:
    _active(invitee.booking)
    invitee.delete()


# --- recording a review held ---------------------------------------------------------


@dataclass(frozen=True)
class HeldDetails:
    """What the IRO records about a review held, beyond its date and participation.
    All optional here (a review imported from an SSDA903 return has none of it); the
    IRO's form asks for each."""

    format: str = ""
    views_obtained: str = ""
    parents_participation: str = ""
    care_plan_rating: str = ""
    care_plan_rating_reason: str = ""
    lateness_reason: LatenessReason | None = None
    invitees_attended: Sequence[int] = ()
    others_attended: Sequence[tuple[str, str]] = ()


def _check_held(details: HeldDetails) -> None:
    for name, value, choices, message in (
        ("format", details.format, ReviewFormat, "Select how the review was held"),
        (
            "views_obtained",
            details.views_obtained,
            ViewsObtained,
            "Select how the child's views were obtained",
        ),
        (
            "parents_participation",
            details.parents_participation,
            ParentsParticipation,
            "Select how the parents took part",
        ),
        ("care_plan_rating", details.care_plan_rating, CarePlanRating, "Select a rating"),
    ):
        if value and value not in choices.values:
            raise ApplicationError(message, field=name)
    if (
        details.care_plan_rating in (CarePlanRating.AMBER, CarePlanRating.RED)
        and not details.care_plan_rating_reason.strip()
    ):
        raise ApplicationError(
            "Enter the reason the care plan is rated amber or red",
            field="care_plan_rating_reason",
        )


def _short_break_on(*, child: Child, on: date):
    """The review of a series of short breaks held between breaks (reg 48, decision
    0019) is recorded against the series' latest break begun by that day."""
    from children.models import PeriodOfCare

    return (
        PeriodOfCare.objects.filter(
            child=child, start_date__lte=on, short_break_series__start_date__lte=on
        )
        .filter(
            Q(short_break_series__end_date__isnull=True) | Q(short_break_series__end_date__gte=on)
        )
        .order_by("-start_date")
        .first()
    )


@requires(Action.RECORD_REVIEW)
@transaction.atomic
def review_record(
    *,
    child: Child,
    held_on: date,
    next_review_directed_by: date | None = None,
    participation: str = "",
    details: HeldDetails | None = None,
    imported: bool = False,
    by: User,
) -> Review:
    """Record a child-in-care review held on `held_on` (reg 33), and, when the IRO
    directed it, the date the next review must be held by. The review belongs to the
    period of care the child was in that day. How the child took part is PN0 for a
    child under 4 that day, whatever was sent; otherwise one of PN1 to PN7 is required.
    Its deadline, and the next one, follow from the record (reviews.deadline_rules.cic_review).

    A review held after its due date (worked out by the same rule, `review_due_on`)
    needs a lateness reason from the administrator's list; one in time keeps none. The
    child's booked review, if any, becomes held with this review (unless this one is
    earlier than a review already recorded); the attendees are recorded with it. All in
    one transaction.

    A review `imported` from an SSDA903 return needs no lateness reason (a return has
    none) and its outputs are not tracked (reviews.deadline_rules.review_minutes)."""
    from reviews.selectors import review_due_on

    details = details or HeldDetails()
    if held_on > timezone.localdate():
        raise ApplicationError(
            "The date the review was held must be today or in the past", field="held_on"
        )
    period = period_on(child=child, on=held_on) or _short_break_on(child=child, on=held_on)
    if period is None:
        raise ApplicationError(
            "The child was not looked after on the day of the review: reviews are held "
            "during a period of care or a series of short breaks",
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
    _check_held(details)
    if Review.objects.filter(child=child, held_on=held_on).exists():
        raise ApplicationError(
            "A review held on this day is already recorded for the child", field="held_on"
        )
    due = review_due_on(child=child, held_on=held_on)
    lateness = details.lateness_reason
    if due is not None and held_on > due:
        if lateness is None and not imported:
            raise ApplicationError(
                f"Select why the review was held late: it was due by {long_date(due)}",
                field="lateness_reason",
            )
    else:
        lateness = None
    # The booking is for the child's next review: a review recorded after the fact,
    # earlier than one already recorded, is not the one booked.
    latest = (
        Review.objects.filter(child=child).order_by("-held_on").values_list("held_on", flat=True)
    ).first()
    booking = (
        ReviewBooking.objects.select_for_update()
        .filter(child=child, status=BookingStatus.BOOKED)
        .first()
        if latest is None or held_on > latest
        else None
    )
    invitees = {i.pk: i for i in booking.invitees.all()} if booking else {}
    try:
        with transaction.atomic():
            review = Review.objects.create(
                child=child,
                period=period,
                held_on=held_on,
                next_review_directed_by=next_review_directed_by,
                participation=participation,
                format=details.format,
                views_obtained=details.views_obtained,
                parents_participation=details.parents_participation,
                care_plan_rating=details.care_plan_rating,
                care_plan_rating_reason=details.care_plan_rating_reason.strip()
                if details.care_plan_rating != CarePlanRating.GREEN
                else "",
                lateness_reason=lateness,
                chaired_by=None if imported else by,
                imported=imported,
            )
    except IntegrityError:
        # Recorded at the same moment by someone else.
        raise ApplicationError(
            "A review held on this day is already recorded for the child", field="held_on"
        ) from None
    attendees = [
        Attendee(
            review=review, name=invitees[pk].name, role=invitees[pk].role, invitee=invitees[pk]
        )
        for pk in details.invitees_attended
        if pk in invitees
    ]
    for name, role in details.others_attended:
        if name.strip():
            attendees.append(
                Attendee(
                    review=review,
                    name=name.strip(),
                    role=role if role in PersonRole.values else PersonRole.OTHER,
                )
            )
    for attendee in attendees:
        attendee.save()
    if booking is not None:
        booking.status = BookingStatus.HELD
        booking.review = review
        booking.save()
    return review


# --- recommendations -----------------------------------------------------------------


@requires(Action.RECORD_REVIEW)
@transaction.atomic
def recommendation_add(
    *, review: Review, text: str, owner: User | None, due_date: date | None, by: User
) -> Recommendation:
    """A recommendation made at the review: an action with an owner and a due date."""
    text = text.strip()
    if not text:
        raise ApplicationError("Enter the recommendation", field="text")
    if owner is None or not owner.is_active:
        raise ApplicationError("Select who is responsible for it", field="owner")
    if due_date is None:
        raise ApplicationError("Enter the date it is due by", field="due_date")
    if due_date < review.held_on:
        raise ApplicationError(
            f"The due date must be on or after the review ({long_date(review.held_on)})",
            field="due_date",
        )
    return Recommendation.objects.create(
        review=review, child_id=review.child_id, text=text, owner=owner, due_date=due_date
    )


def _status_checked(
    recommendation: Recommendation, status: str, completed_on: date | None
) -> date | None:
    if status not in RecommendationStatus.values:
        raise ApplicationError("Select the recommendation's progress", field="status")
    if status != RecommendationStatus.COMPLETED:
        return None
    if completed_on is None:
        raise ApplicationError("Enter the date it was completed", field="completed_on")
    if completed_on > timezone.localdate():
        raise ApplicationError(
            "The date it was completed must be today or in the past", field="completed_on"
        )
    if completed_on < recommendation.review.held_on:
        raise ApplicationError(
            "The date it was completed must be on or after the review that made it "
            f"({long_date(recommendation.review.held_on)})",
            field="completed_on",
        )
    return completed_on


@requires(Action.RECORD_REVIEW)
@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, status: str, completed_on: date | None, by: User
) -> Recommendation:
    """The IRO records a recommendation's progress (at the next review or a midway
    review): open, completed (with the date), not completed, or no longer needed."""
    recommendation.completed_on = _status_checked(recommendation, status, completed_on)
    recommendation.status = status
    recommendation.save()
    return recommendation


# --- closing the review, and the letter ----------------------------------------------


@requires(Action.RECORD_REVIEW)
@transaction.atomic
def review_close(
    *,
    review: Review,
    recommendations_issued_on: date | None,
    minutes_distributed_on: date | None,
    by: User,
) -> Review:
    """The dates the recommendations were issued and the minutes distributed (each
    meets its deadline, reviews.deadline_rules.review_recommendations and review_minutes).
    The review is closed when both are recorded."""
    today = timezone.localdate()
    for name, value, label in (
        ("recommendations_issued_on", recommendations_issued_on, "recommendations were issued"),
        ("minutes_distributed_on", minutes_distributed_on, "minutes were distributed"),
    ):
        if value is None:
            continue
        if value > today:
            raise ApplicationError(f"The date the {label} must be today or in the past", field=name)
        if value < review.held_on:
            raise ApplicationError(
                f"The date the {label} must be on or after the review "
                f"({long_date(review.held_on)})",
                field=name,
            )
    if recommendations_issued_on is None and minutes_distributed_on is None:
        raise ApplicationError(
            "Enter the date the recommendations were issued or the minutes distributed",
            field="recommendations_issued_on",
        )
    review.recommendations_issued_on = recommendations_issued_on
    review.minutes_distributed_on = minutes_distributed_on
    review.save()
    return review


@requires(Action.RECORD_REVIEW)
@transaction.atomic
def letter_save(*, review: Review, letter: str, by: User) -> Review:
    letter = letter.strip()
    if not letter:
        raise ApplicationError("Write the letter to the child", field="letter")
    review.letter = letter
    if review.chaired_by_id is None:
        review.chaired_by = by
    review.save()
    return review


# --- midway reviews --------------------------------------------------------------------


@requires(Action.RECORD_REVIEW)
@transaction.atomic
def midway_record(
    *,
    child: Child,
    held_on: date,
    notes: str,
    progress: Sequence[tuple[Recommendation, str, date | None, str]] = (),
    by: User,
) -> MidwayReview:
    """A midway review: the IRO's check on progress since the child's latest review,
    with the progress of each open recommendation (status, completed date, note), which
    also updates the recommendation. Meets reviews.deadline_rules.midway_review."""
    if held_on > timezone.localdate():
        raise ApplicationError(
            "The date of the midway review must be today or in the past", field="held_on"
        )
    review = Review.objects.filter(child=child, held_on__lte=held_on).order_by("-held_on").first()
    if review is None:
        raise ApplicationError(
            "A midway review follows a review: no review was held before this date",
            field="held_on",
        )
    notes = notes.strip()
    if not notes:
        raise ApplicationError("Enter the progress of the care plan", field="notes")
    midway = MidwayReview.objects.create(
        child=child, review=review, held_on=held_on, notes=notes, by=by
    )
    for recommendation, status, completed_on, note in progress:
        if recommendation.child_id != child.pk:
            raise ApplicationError("That recommendation is not this child's")
        try:
            recommendation_update(
                recommendation=recommendation, status=status, completed_on=completed_on, by=by
            )
        except ApplicationError as error:
            raise ApplicationError(
                f"{error.message} ({recommendation.text[:40]})",
                field=f"status_{recommendation.pk}"
                if error.field == "status"
                else f"completed_on_{recommendation.pk}",
            ) from None
        RecommendationProgress.objects.create(
            midway=midway, recommendation=recommendation, status=status, note=note.strip()
        )
    return midway


# --- IRO allocation --------------------------------------------------------------------


def _check_iro(iro: User) -> None:
    if not iro.is_active or iro.role not in RULES[Action.ALLOCATE_IRO].worker_roles:
        raise ApplicationError("Select an independent reviewing officer", field="iro")


@requires(Action.ALLOCATE_IRO)
@transaction.atomic
def iro_allocate(*, child: Child, iro: User, start_date: date, by: User) -> Allocation:
    """Allocate `iro` as the child's IRO from `start_date`, ending the current IRO's
    allocation that day (each kept in the allocation's history). The child must be
    looked after that day: an IRO is allocated for a period of care, or for a current
    series of short breaks (reg 48: the IRO reviews the series)."""
    _check_iro(iro)
    period = period_on(child=child, on=start_date)
    on_short_breaks = child.short_break_series.filter(
        start_date__lte=start_date, end_date__isnull=True
    ).exists()
    if (period is None or period.end_date is not None) and not on_short_breaks:
        raise ApplicationError(
            "The child must be in care on the date the IRO is allocated", field="start_date"
        )
    return allocation_change(
        child=child, kind=AllocationKind.IRO, worker=iro, start_date=start_date, by=by
    )


@requires(Action.ALLOCATE_IRO)
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
