"""Writes to a child's education record. Called by the education pages (and, next, the
virtual school's API).

Each service checks what a practitioner would (no future dates, nothing before the child
was born, a PEP only while the child is looked after), raises `ApplicationError` tied to
the form field, and writes in one transaction. Every table keeps its history
(simple_history). A PEP change queues the child's deadline recompute (deadlines.triggers).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, requires
from children.models import Child
from children.selectors import period_on
from core.dates import check_day, long_date, overlapping
from core.exceptions import ApplicationError
from education.models import (
    OutOfSchool,
    OutOfSchoolReason,
    Pep,
    PepQualityRating,
    SchoolPlacement,
    SenRecord,
    SenStatus,
)


def _today() -> date:
    return timezone.localdate()


def _lock(child: Child) -> Child:
    """Serialise writes to one child's education record."""
    return Child.objects.select_for_update().get(pk=child.pk)


def _check_date(child: Child, value: date | None, field: str, what: str) -> None:
    check_day(value, field=field, what=what, born=child.date_of_birth)


def _check_end(start: date, end: date | None, field: str, what: str) -> None:
    if end is not None and end < start:
        raise ApplicationError(f"{what} must be on or after the start date", field=field)


# --- schools ----------------------------------------------------------------------------


@dataclass
class SchoolDetails:
    school_name: str
    start_date: date
    urn: str = ""
    end_date: date | None = None
    designated_teacher_name: str = ""
    designated_teacher_email: str = ""


def _check_school(child: Child, details: SchoolDetails) -> None:
    if not details.school_name.strip():
        raise ApplicationError("Enter the name of the school", field="school_name")
    if details.urn and not re.fullmatch(r"[0-9]{6}", details.urn):
        raise ApplicationError("The URN must be 6 digits, like 103456", field="urn")
    _check_date(child, details.start_date, "start_date", "The date the child started")
    _check_date(child, details.end_date, "end_date", "The date the child left")
    _check_end(details.start_date, details.end_date, "end_date", "The date the child left")


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def school_record(*, child: Child, details: SchoolDetails, by: User) -> SchoolPlacement:
    """Record a school the child attends or attended. A new current school (no leaving
    date) that starts after the current one ends the current one that day: the child
    moved school. Otherwise schools may not overlap."""
    child = _lock(child)
    _check_school(child, details)
    schools = SchoolPlacement.objects.filter(child=child)
    current = schools.filter(end_date__isnull=True).first()
    if details.end_date is None and current is not None and current.start_date < details.start_date:
        current.end_date = details.start_date
        current.save()
    clash = schools.filter(overlapping(details.start_date, details.end_date)).first()
    if clash is not None:
        raise ApplicationError(
            f"The child was at {clash.school_name} then (from "
            f"{long_date(clash.start_date)}): check the dates",
            field="start_date",
        )
    return SchoolPlacement.objects.create(
        child=child,
        school_name=details.school_name.strip(),
        urn=details.urn,
        start_date=details.start_date,
        end_date=details.end_date,
        designated_teacher_name=details.designated_teacher_name.strip(),
        designated_teacher_email=details.designated_teacher_email.strip(),
    )


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def school_change(
    *,
    school: SchoolPlacement,
    end_date: date | None,
    designated_teacher_name: str,
    designated_teacher_email: str,
    by: User,
) -> SchoolPlacement:
    """Change the designated teacher of a school, or record the date the child left it."""
    child = _lock(school.child)
    school.refresh_from_db()
    _check_date(child, end_date, "end_date", "The date the child left")
    _check_end(school.start_date, end_date, "end_date", "The date the child left")
    if end_date is None and school.end_date is not None:
        later = SchoolPlacement.objects.filter(child=child, start_date__gte=school.end_date)
        if later.exclude(pk=school.pk).exists():
            raise ApplicationError(
                "The child has been at another school since: enter the date they left",
                field="end_date",
            )
    if end_date is not None:
        following = (
            SchoolPlacement.objects.filter(child=child, start_date__gt=school.start_date)
            .exclude(pk=school.pk)
            .order_by("start_date")
            .first()
        )
        if following is not None and end_date > following.start_date:
            raise ApplicationError(
                f"The child started at {following.school_name} on "
                f"{long_date(following.start_date)}: they left this school by then",
                field="end_date",
            )
    school.end_date = end_date
    school.designated_teacher_name = designated_teacher_name.strip()
    school.designated_teacher_email = designated_teacher_email.strip()
    school.save()
    return school


# --- special educational needs ------------------------------------------------------------


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def sen_status_record(*, child: Child, status: str, start_date: date, by: User) -> SenRecord:
    """Record the child's SEN status from `start_date`. The current status ends that day
    (its history stays)."""
    child = _lock(child)
    if status not in SenStatus.values:
        raise ApplicationError("Select the child's SEN status", field="status")
    _check_date(child, start_date, "start_date", "The date the status started")
    current = SenRecord.objects.filter(child=child, end_date__isnull=True).first()
    if current is not None:
        if start_date <= current.start_date:
            raise ApplicationError(
                f"The new status must start after the current one "
                f"({current.get_status_display()}, from {long_date(current.start_date)})",
                field="start_date",
            )
        if current.status == status:
            raise ApplicationError(
                f"The child's SEN status is already {current.get_status_display()}",
                field="status",
            )
        current.end_date = start_date
        current.save()
    elif SenRecord.objects.filter(child=child, end_date__gt=start_date).exists():
        raise ApplicationError(
            "A later SEN status is already recorded: the new status must start after it",
            field="start_date",
        )
    return SenRecord.objects.create(child=child, status=status, start_date=start_date)


# --- out of school ---------------------------------------------------------------------


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def out_of_school_record(
    *,
    child: Child,
    reason: str,
    start_date: date,
    end_date: date | None = None,
    details: str = "",
    by: User,
) -> OutOfSchool:
    """Record a time the child is (or was) not in full-time school, and why."""
    child = _lock(child)
    if reason not in OutOfSchoolReason.values:
        raise ApplicationError("Select why the child is not in school", field="reason")
    _check_date(child, start_date, "start_date", "The date it started")
    _check_date(child, end_date, "end_date", "The date it ended")
    _check_end(start_date, end_date, "end_date", "The date it ended")
    if reason == OutOfSchoolReason.OTHER and not details.strip():
        raise ApplicationError("Say why the child is not in school", field="details")
    return OutOfSchool.objects.create(
        child=child, reason=reason, start_date=start_date, end_date=end_date, details=details
    )


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def out_of_school_end(*, record: OutOfSchool, end_date: date, by: User) -> OutOfSchool:
    """The child is back in full-time school from `end_date`."""
    child = _lock(record.child)
    record.refresh_from_db()
    _check_date(child, end_date, "end_date", "The date it ended")
    _check_end(record.start_date, end_date, "end_date", "The date it ended")
    record.end_date = end_date
    record.save()
    return record


# --- personal education plans -------------------------------------------------------------


@dataclass
class PepDetails:
    completed_date: date | None = None
    attendees: str = ""
    child_views: str = ""
    targets: str = ""
    rating: PepQualityRating | None = None


def _apply_pep(pep: Pep, child: Child, details: PepDetails, by: User) -> None:
    _check_date(child, details.completed_date, "completed_date", "The date the PEP was completed")
    if details.completed_date is not None and details.completed_date < pep.meeting_date:
        raise ApplicationError(
            "The PEP must be completed on or after the day of the meeting",
            field="completed_date",
        )
    if details.rating is not None:
        if details.completed_date is None:
            raise ApplicationError(
                "Only a completed PEP can be rated: enter the date it was completed",
                field="completed_date",
            )
        if not details.rating.active and details.rating.pk != pep.rating_id:
            raise ApplicationError("Select a quality rating from the list", field="rating")
        if details.rating.pk != pep.rating_id:
            pep.rated_by, pep.rated_on = by, _today()
    else:
        pep.rated_by, pep.rated_on = None, None
    pep.completed_date = details.completed_date
    pep.attendees = details.attendees.strip()
    pep.child_views = details.child_views.strip()
    pep.targets = details.targets.strip()
    pep.rating = details.rating


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def pep_record(*, child: Child, meeting_date: date, details: PepDetails, by: User) -> Pep:
    """Record a PEP meeting held while the child was looked after, and the plan: the date
    it was completed and signed off (it meets the PEP deadlines from that day), who came,
    the child's views, the targets and, once completed, its quality rating (who rated it
    and when are recorded)."""
    child = _lock(child)
    _check_date(child, meeting_date, "meeting_date", "The date of the PEP meeting")
    period = period_on(child=child, on=meeting_date)
    if period is None:
        raise ApplicationError(
            "The child was not looked after on the day of the meeting: a PEP is for a "
            "child in care",
            field="meeting_date",
        )
    if Pep.objects.filter(child=child, meeting_date=meeting_date).exists():
        raise ApplicationError(
            "A PEP meeting on this day is already recorded for the child", field="meeting_date"
        )
    pep = Pep(child=child, period=period, meeting_date=meeting_date, recorded_by=by)
    _apply_pep(pep, child, details, by)
    try:
        with transaction.atomic():
            pep.save()
    except IntegrityError:
        raise ApplicationError(
            "A PEP meeting on this day is already recorded for the child", field="meeting_date"
        ) from None
    return pep


@requires(Action.RECORD_EDUCATION)
@transaction.atomic
def pep_change(*, pep: Pep, details: PepDetails, by: User) -> Pep:
    """Complete, rate or correct a PEP already recorded (the meeting date stays)."""
    child = _lock(pep.child)
    pep.refresh_from_db()
    _apply_pep(pep, child, details, by)
    pep.save()
    return pep


# --- the quality scale --------------------------------------------------------------------

# Seed 002's scale (name, meets the standard, active, order); the data migration seeds the
# same rows.
DEFAULT_RATINGS = [
    ("Meets the required standard", True, True, 10),
    ("Does not meet the required standard", False, True, 20),
    ("Outstanding", True, False, 110),
    ("Good", True, False, 120),
    ("Requires improvement", False, False, 130),
    ("Inadequate", False, False, 140),
]


@transaction.atomic
def ensure_default_ratings() -> None:
    """Put back seed 002's scale when no rating is active (a database emptied since its
    migrations ran, as the demo builder may find). An administrator's own scale is left
    alone."""
    if PepQualityRating.objects.filter(active=True).exists():
        return
    for name, meets, active, order in DEFAULT_RATINGS:
        PepQualityRating.objects.get_or_create(
            name=name, defaults={"meets_standard": meets, "active": active, "order": order}
        )
