"""Writes for care leavers. Called by the leaving-care pages and the SSDA903 import.

Each write checks the young person's category on the day it is about (computed from
the care history, care_leavers.categories): leaving-care records belong to care
leavers. Every change is kept in the record's history (simple_history); the deadline
engine recomputes the young person's deadlines when the transaction commits
(deadlines.triggers).
"""

from datetime import date

from django.db import IntegrityError, transaction

from accounts.models import Role, User
from accounts.permissions import Action, requires
from care_leavers import oc3 as oc3_rules
from care_leavers.categories import ENTITLED, CareLeaverStatus, Category, birthday
from care_leavers.models import (
    ALWAYS_UNSUITABLE,
    FROM_18_ONLY,
    NEET,
    STAYING_PUT,
    Accommodation,
    AccommodationRecord,
    Activity,
    ActivityRecord,
    Contact,
    ContactType,
    InTouch,
    NeedsAssessment,
    PathwayPlan,
)
from care_leavers.selectors import status_for
from children.models import Allocation, AllocationKind, Child
from core.dates import check_day, long_date
from core.exceptions import ApplicationError

IMPORTED_NOTE = "From the SSDA903 return (OC3)"


def _lock(child: Child) -> Child:
    """Serialise writes to one young person's record."""
    return Child.objects.select_for_update().get(pk=child.pk)


def _past(value: date, field: str, what: str) -> None:
    check_day(value, field=field, what=what)


def _care_leaver_on(
    child: Child, on: date, field: str, *, entitled: bool = False
) -> CareLeaverStatus:
    status = status_for(child=child, on=on)
    ok = status.category in ENTITLED if entitled else status.is_care_leaver
    if not ok:
        what = (
            "an eligible, relevant or former relevant care leaver" if entitled else "a care leaver"
        )
        raise ApplicationError(
            f"{child.full_name} was not {what} on {long_date(on)} ({status.reason})",
            field=field,
        )
    return status


@requires(Action.RECORD_CARE_LEAVER)
@transaction.atomic
def contact_record(
    *,
    child: Child,
    contact_date: date,
    contact_type: str,
    outcome: str,
    notes: str = "",
    by: User,
) -> Contact:
    """Record a contact with a care leaver (or an attempt), made by `by`."""
    child = _lock(child)
    _past(contact_date, "contact_date", "The date of the contact")
    if contact_type not in ContactType.values:
        raise ApplicationError("Select the type of contact", field="contact_type")
    if outcome not in InTouch.values:
        raise ApplicationError("Select whether the young person was in touch", field="outcome")
    _care_leaver_on(child, contact_date, "contact_date")
    return Contact.objects.create(
        child=child,
        contact_date=contact_date,
        contact_type=contact_type,
        outcome=outcome,
        notes=notes.strip(),
        made_by=by if by.is_authenticated and by.pk else None,
    )


@requires(Action.RECORD_CARE_LEAVER)
@transaction.atomic
def accommodation_record(
    *,
    child: Child,
    start_date: date,
    accommodation: str,
    suitable: bool | None,
    unsuitable_reason: str = "",
    notes: str = "",
    by: User,
) -> AccommodationRecord:
    """Record that a care leaver lives somewhere from `start_date` (the one before ends
    then). No fixed abode and custody are never suitable (the DfE's code list); Staying
    Put and foyers are from 18; an unsuitable home needs the reason."""
    child = _lock(child)
    _past(start_date, "start_date", "The date they started living there")
    if accommodation not in Accommodation.values:
        raise ApplicationError("Select the type of accommodation", field="accommodation")
    if accommodation in ALWAYS_UNSUITABLE and suitable:
        label = Accommodation(accommodation).label
        raise ApplicationError(
            f"{label} is never suitable accommodation: select no and say why",
            field="suitable",
        )
    if suitable is None:
        raise ApplicationError("Select whether the accommodation is suitable", field="suitable")
    reason = unsuitable_reason.strip()
    if not suitable and not reason:
        raise ApplicationError(
            "Say why the accommodation is not suitable", field="unsuitable_reason"
        )
    if accommodation in FROM_18_ONLY and start_date < birthday(child.date_of_birth, 18):
        label = Accommodation(accommodation).label
        raise ApplicationError(
            f"{label} is for care leavers aged 18 or over: {child.full_name} turned 18 on "
            f"{long_date(birthday(child.date_of_birth, 18))}",
            field="accommodation",
        )
    if accommodation == STAYING_PUT and start_date >= birthday(child.date_of_birth, 21):
        raise ApplicationError(
            f"Staying Put lasts until the 21st birthday: {child.full_name} turned 21 on "
            f"{long_date(birthday(child.date_of_birth, 21))}",
            field="accommodation",
        )
    status = _care_leaver_on(child, start_date, "start_date")
    if status.category == Category.ELIGIBLE:
        raise ApplicationError(
            f"{child.full_name} was still looked after on {long_date(start_date)}: where they "
            "live is their placement, recorded on the child's record",
            field="start_date",
        )
    if AccommodationRecord.objects.filter(child=child, start_date=start_date).exists():
        raise ApplicationError(
            "A change of accommodation on this day is already recorded", field="start_date"
        )
    current = (
        AccommodationRecord.objects.filter(child=child, start_date__lt=start_date)
        .order_by("-start_date", "-pk")
        .first()
    )
    same = (accommodation, suitable, reason if not suitable else "", notes.strip())
    if (
        current
        and (
            current.accommodation,
            current.suitable,
            current.unsuitable_reason,
            current.notes,
        )
        == same
    ):
        raise ApplicationError(
            f"This accommodation is already recorded from {long_date(current.start_date)}",
            field="accommodation",
        )
    return AccommodationRecord.objects.create(
        child=child,
        start_date=start_date,
        accommodation=accommodation,
        suitable=suitable,
        unsuitable_reason="" if suitable else reason,
        notes=notes.strip(),
    )


@requires(Action.RECORD_CARE_LEAVER)
@transaction.atomic
def activity_record(
    *, child: Child, start_date: date, activity: str, details: str = "", by: User
) -> ActivityRecord:
    """Record what a care leaver is doing from `start_date`: education, training or work
    (full or part-time), or not (NEET), and why."""
    child = _lock(child)
    _past(start_date, "start_date", "The date it started")
    if activity not in Activity.values:
        raise ApplicationError("Select what the young person is doing", field="activity")
    details = details.strip()
    if activity in NEET and not details:
        raise ApplicationError(
            "Say why the young person is not in education, employment or training",
            field="details",
        )
    _care_leaver_on(child, start_date, "start_date")
    if ActivityRecord.objects.filter(child=child, start_date=start_date).exists():
        raise ApplicationError(
            "A change of activity on this day is already recorded", field="start_date"
        )
    return ActivityRecord.objects.create(
        child=child, start_date=start_date, activity=activity, details=details
    )


@requires(Action.RECORD_CARE_LEAVER)
@transaction.atomic
def needs_assessment_record(
    *, child: Child, completed_on: date, summary: str = "", by: User
) -> NeedsAssessment:
    """Record a needs assessment completed (reg 42): from the 16th birthday, or in the
    3 months before it (the assessment prepares the pathway plan)."""
    child = _lock(child)
    _past(completed_on, "completed_on", "The date the assessment was completed")
    sixteen = birthday(child.date_of_birth, 16)
    if completed_on < birthday(child.date_of_birth, 15):
        raise ApplicationError(
            f"A leaving-care needs assessment is done around the 16th birthday "
            f"({long_date(sixteen)}), not before the 15th",
            field="completed_on",
        )
    return NeedsAssessment.objects.create(
        child=child,
        completed_on=completed_on,
        summary=summary.strip(),
        completed_by=by if by.pk else None,
    )


@requires(Action.RECORD_CARE_LEAVER)
@transaction.atomic
def pathway_plan_record(
    *, child: Child, agreed_on: date, views: str, sections: dict, by: User
) -> PathwayPlan:
    """Record a pathway plan agreed, or reviewed, on `agreed_on`, with the young person's
    views and each section. Each review is a new version; the next review is due 6
    months later (care_leavers.deadline_rules.pathway_plan_review)."""
    child = _lock(child)
    _past(agreed_on, "agreed_on", "The date the plan was agreed")
    if not views.strip():
        raise ApplicationError("Record the young person's views", field="young_persons_views")
    _care_leaver_on(child, agreed_on, "agreed_on", entitled=True)
    try:
        with transaction.atomic():
            return PathwayPlan.objects.create(
                child=child,
                agreed_on=agreed_on,
                young_persons_views=views.strip(),
                recorded_by=by if by.pk else None,
                **{k: (v or "").strip() for k, v in sections.items()},
            )
    except IntegrityError:
        raise ApplicationError(
            "A pathway plan agreed on this day is already recorded", field="agreed_on"
        ) from None


@requires(Action.ALLOCATE_PERSONAL_ADVISER)
@transaction.atomic
def personal_adviser_allocate(
    *, child: Child, adviser: User, start_date: date, by: User
) -> Allocation:
    """Allocate `adviser` as the young person's personal adviser from `start_date`; the
    current one's allocation ends that day (kept in the allocation's history)."""
    from children.services import allocation_change

    if not adviser.is_active or adviser.role != Role.PERSONAL_ADVISER:
        raise ApplicationError("Select a personal adviser", field="adviser")
    _past(start_date, "start_date", "The date of the allocation")
    _care_leaver_on(child, start_date, "start_date")
    return allocation_change(
        child=child,
        kind=AllocationKind.PERSONAL_ADVISER,
        worker=adviser,
        start_date=start_date,
        by=by,
    )


@requires(Action.RECORD_CARE_LEAVER)
@transaction.atomic
def oc3_record(*, child: Child, age: int, in_touch: str, activ: str, accom: str, by: User) -> int:
    """Record what an SSDA903 OC3 row says about the young person's birthday at `age`
    (the SSDA903 import): a contact on the birthday with the IN_TOUCH outcome, and the
    accommodation and activity from the birthday, unless the record already gives the
    same values. Returns the number of records written; raises ApplicationError for a
    row that cannot be kept."""
    if age not in oc3_rules.OC3_AGES:
        raise ApplicationError("OC3 is returned around the 17th to 21st birthdays", field="DOB")
    day = birthday(child.date_of_birth, age)
    if in_touch not in InTouch.values:
        raise ApplicationError(f"IN_TOUCH '{in_touch}' is not an SSDA903 code", field="IN_TOUCH")
    if activ != oc3_rules.NOT_KNOWN and activ not in Activity.values:
        raise ApplicationError(f"ACTIV '{activ}' is not an SSDA903 code", field="ACTIV")
    letter, digit = (accom[:1], accom[1:]) if accom != oc3_rules.NOT_KNOWN else ("", "")
    if accom != oc3_rules.NOT_KNOWN and (
        letter not in Accommodation.values or digit not in ("1", "2")
    ):
        raise ApplicationError(f"ACCOM '{accom}' is not an SSDA903 code", field="ACCOM")
    from care_leavers.selectors import oc3_values_for

    child = _lock(child)
    held = oc3_values_for(
        child,
        age,
        child.leaving_care_contacts.all(),
        child.leaving_care_accommodation.all(),
        child.leaving_care_activity.all(),
    )
    end = held.window_end
    doing = oc3_rules.around(
        [
            oc3_rules.ActivityFact(a.start_date, a.activity)
            for a in child.leaving_care_activity.all()
        ],
        day,
        end,
    )
    living = oc3_rules.around(
        [
            oc3_rules.AccommodationFact(a.start_date, a.accommodation, a.suitable)
            for a in child.leaving_care_accommodation.all()
        ],
        day,
        end,
    )
    written = 0
    if held.in_touch != in_touch:
        contact_record(
            child=child,
            contact_date=day,
            contact_type=ContactType.OTHER,
            outcome=in_touch,
            notes=IMPORTED_NOTE,
            by=by,
        )
        written += 1
    if activ != oc3_rules.NOT_KNOWN and (doing.activity if doing else "") != activ:
        activity_record(
            child=child,
            start_date=day,
            activity=activ,
            details=IMPORTED_NOTE if activ in NEET else "",
            by=by,
        )
        written += 1
    if accom != oc3_rules.NOT_KNOWN and (living.code if living else "") != accom:
        accommodation_record(
            child=child,
            start_date=day,
            accommodation=letter,
            suitable=digit == "1",
            unsuitable_reason="" if digit == "1" else IMPORTED_NOTE,
            notes=IMPORTED_NOTE,
            by=by,
        )
        written += 1
    return written
