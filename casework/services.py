"""Writes casework to a child's record: statutory visits, missing episodes, care plans
and case notes.

As in children.services: keyword arguments, the rules a practitioner would check,
`ApplicationError` tied to the form field when one is broken, one transaction per write.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, check_note_arguments, may_edit_note, requires
from casework.models import (
    CarePlan,
    CaseNote,
    CaseNoteAmendment,
    CaseNoteType,
    MissingEpisode,
    MissingKind,
    Visit,
    YouthJusticeOutcome,
    YouthJusticeOutcomeKind,
)
from casework.timescales import long_date
from children.codes import age_on
from children.models import Child
from children.selectors import period_on
from core.dates import check_day
from core.exceptions import ApplicationError


def _not_in_future(value: date | None, field: str, what: str) -> None:
    check_day(value, field=field, what=what)


def _full_clean(instance, *, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from None


@requires(Action.RECORD_VISIT)
@transaction.atomic
def visit_record(
    *,
    child: Child,
    visit_date: date,
    seen_alone: bool,
    bedroom_seen: bool,
    visited_by: User,
    notes: str = "",
    by: User,
) -> Visit:
    """Record a statutory visit. The child must have been looked after on the day."""
    _not_in_future(visit_date, "visit_date", "The date of the visit")
    if period_on(child=child, on=visit_date) is None:
        raise ApplicationError(
            f"{child.full_name} was not looked after on {long_date(visit_date)}: a statutory "
            "visit is made while a child is looked after",
            field="visit_date",
        )
    visit = Visit(
        child=child,
        visit_date=visit_date,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        visited_by=visited_by,
        notes=notes.strip(),
    )
    _full_clean(visit, exclude=["child", "visited_by"])
    visit.save()
    return visit


@requires(Action.RECORD_CARE_PLAN)
@transaction.atomic
def care_plan_record(*, child: Child, agreed_date: date, summary: str = "", by: User) -> CarePlan:
    """Record the date the child's care plan was agreed (reg 4 and 5), each time it is
    agreed or re-agreed. Called from the child's page; the care plan deadline
    (casework.deadline_rules.care_plan) is met by the first plan agreed in a period of care.

    A plan may be agreed before the child comes into care (a planned admission), so being
    looked after on the day is not required."""
    _not_in_future(agreed_date, "agreed_date", "The date the care plan was agreed")
    if agreed_date < child.date_of_birth:
        raise ApplicationError(
            "The date the care plan was agreed cannot be before the child's date of birth "
            f"({long_date(child.date_of_birth)})",
            field="agreed_date",
        )
    plan = CarePlan(child=child, agreed_date=agreed_date, summary=summary.strip(), recorded_by=by)
    _full_clean(plan, exclude=["child", "recorded_by"])
    plan.save()
    return plan


def check_missing_episode(
    *,
    child: Child,
    start_date: date,
    end_date: date | None,
    offered: bool | None,
    accepted: bool | None,
    exclude_pk: int | None = None,
) -> None:
    """The rules a missing or away episode keeps (raises ApplicationError): inside a
    period of care, ended by the end of that care and of the placement it started in,
    overlapping no other episode of the child's (`exclude_pk` is the episode itself)."""
    _not_in_future(start_date, "start_date", "The date the child went missing")
    _not_in_future(end_date, "end_date", "The date the child returned")
    if start_date < child.date_of_birth:
        raise ApplicationError(
            "The date the child went missing cannot be before their date of birth",
            field="start_date",
        )
    if end_date is not None and end_date < start_date:
        raise ApplicationError(
            f"The date the child returned cannot be before they went missing "
            f"({long_date(start_date)})",
            field="end_date",
        )
    period = period_on(child=child, on=start_date)
    if period is None:
        raise ApplicationError(
            f"{child.full_name} was not looked after on {long_date(start_date)}: record "
            "missing episodes while a child is looked after",
            field="start_date",
        )
    if period.end_date is not None:
        if end_date is None:
            raise ApplicationError(
                f"Care ended on {long_date(period.end_date)}: enter the date the child "
                "returned, on or before it",
                field="end_date",
            )
        if end_date > period.end_date:
            raise ApplicationError(
                f"Care ended on {long_date(period.end_date)}: the episode must end by then",
                field="end_date",
            )
    # The episode belongs to the placement the child went missing from: when that
    # placement has ended, so has the episode (DfE rule 575).
    placement = (
        period.placements.filter(start_date__lte=start_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
        .order_by("-start_date", "-pk")
        .first()
    )
    if placement is not None and placement.end_date is not None:
        if end_date is None:
            raise ApplicationError(
                f"The placement the child went missing from ended on "
                f"{long_date(placement.end_date)}: enter the date the child returned, on or "
                "before it",
                field="end_date",
            )
        if end_date > placement.end_date:
            raise ApplicationError(
                f"The placement the child went missing from ended on "
                f"{long_date(placement.end_date)}: the episode must end by then",
                field="end_date",
            )
    if accepted and not offered:
        raise ApplicationError(
            "A return interview can only be accepted if it was offered",
            field="return_interview_accepted",
        )
    others = child.missing_episodes.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    # Episodes may touch (one ends on the day the next starts) but not overlap.
    overlap = Q(end_date__isnull=True) | Q(end_date__gt=start_date)
    if end_date is None:
        overlap |= Q(start_date__gte=start_date)
    else:
        overlap &= Q(start_date__lt=end_date)
    overlapping = others.filter(overlap | Q(start_date=start_date))
    clash = overlapping.order_by("start_date").first()
    if clash is not None:
        until = f" to {long_date(clash.end_date)}" if clash.end_date else " (still open)"
        raise ApplicationError(
            f"This overlaps the episode from {long_date(clash.start_date)}{until}",
            field="start_date",
        )


@requires(Action.RECORD_MISSING)
@transaction.atomic
def missing_episode_record(
    *,
    child: Child,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    where_found: str = "",
    return_interview_offered: bool | None = None,
    return_interview_accepted: bool | None = None,
    by: User,
) -> MissingEpisode:
    """Record that the child went missing (M) or was away without authorisation (A)."""
    if kind not in MissingKind.values:
        raise ApplicationError("Select missing or away without authorisation", field="kind")
    Child.objects.select_for_update().filter(pk=child.pk).first()
    check_missing_episode(
        child=child,
        start_date=start_date,
        end_date=end_date,
        offered=return_interview_offered,
        accepted=return_interview_accepted,
    )
    episode = MissingEpisode(
        child=child,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        where_found=where_found.strip(),
        return_interview_offered=return_interview_offered,
        return_interview_accepted=return_interview_accepted,
    )
    _full_clean(episode, exclude=["child"])
    episode.save()
    return episode


@requires(Action.RECORD_MISSING)
@transaction.atomic
def missing_episode_return(
    *,
    episode: MissingEpisode,
    end_date: date,
    where_found: str = "",
    return_interview_offered: bool | None = None,
    return_interview_accepted: bool | None = None,
    by: User,
) -> MissingEpisode:
    """Record the child's return: the end date, where they were found, the interview."""
    check_missing_episode(
        child=episode.child,
        start_date=episode.start_date,
        end_date=end_date,
        offered=return_interview_offered,
        accepted=return_interview_accepted,
        exclude_pk=episode.pk,
    )
    episode.end_date = end_date
    episode.where_found = where_found.strip()
    episode.return_interview_offered = return_interview_offered
    episode.return_interview_accepted = return_interview_accepted
    _full_clean(episode, exclude=["child"])
    episode.save()
    return episode


# --- case notes ------------------------------------------------------------------


def case_note_editable_until(note: CaseNote) -> datetime:
    return note.created_at + timedelta(minutes=settings.CASE_NOTE_EDIT_MINUTES)


def case_note_can_edit(*, note: CaseNote, user: User, now: datetime | None = None) -> bool:
    """Only the author changes a note, and only within CASE_NOTE_EDIT_MINUTES of writing it
    (accounts.permissions.may_edit_note)."""
    return may_edit_note(
        user=user, note=note, until=case_note_editable_until(note), now=now or timezone.now()
    )


def _check_case_note(
    *,
    child: Child,
    note_type: str,
    event_date: date,
    subject: str,
    text: str,
    management_decision: bool,
    by: User,
) -> bool:
    """Check a note's fields; return whether it records a management decision."""
    if note_type not in CaseNoteType.values:
        raise ApplicationError("Select the type of case note", field="note_type")
    _not_in_future(event_date, "event_date", "The date of the event")
    if event_date < child.date_of_birth:
        raise ApplicationError(
            "The date of the event cannot be before the child's date of birth",
            field="event_date",
        )
    if not subject.strip():
        raise ApplicationError("Enter a subject", field="subject")
    if not text.strip():
        raise ApplicationError("Enter the case note", field="text")
    # Who may record a management decision is checked before (accounts.permissions).
    return note_type == CaseNoteType.MANAGEMENT_DECISION or management_decision


@requires(Action.WRITE_CASE_NOTE, Action.WRITE_MANAGEMENT_DECISION, check=check_note_arguments)
@transaction.atomic
def case_note_write(
    *,
    child: Child,
    note_type: str,
    event_date: date,
    subject: str,
    text: str,
    management_decision: bool = False,
    by: User,
) -> CaseNote:
    """Write a case note on the child's record; `by` is its author. A note of type
    management decision is always one; a team manager may mark other notes as one."""
    decision = _check_case_note(
        child=child,
        note_type=note_type,
        event_date=event_date,
        subject=subject,
        text=text,
        management_decision=management_decision,
        by=by,
    )
    note = CaseNote(
        child=child,
        note_type=note_type,
        event_date=event_date,
        subject=subject.strip(),
        text=text.strip(),
        author=by,
        management_decision=decision,
    )
    _full_clean(note, exclude=["child", "author"])
    note.save()
    return note


@requires(Action.WRITE_CASE_NOTE, Action.WRITE_MANAGEMENT_DECISION, check=check_note_arguments)
@transaction.atomic
def case_note_update(
    *,
    note: CaseNote,
    note_type: str,
    event_date: date,
    subject: str,
    text: str,
    management_decision: bool = False,
    by: User,
    now: datetime | None = None,
) -> CaseNote:
    """Change a case note: only its author, within CASE_NOTE_EDIT_MINUTES of writing it."""
    note = CaseNote.objects.select_for_update().select_related("child").get(pk=note.pk)
    if note.author_id != by.pk:
        raise ApplicationError(
            "Only the author can change a case note: add an amendment instead", field="text"
        )
    if not case_note_can_edit(note=note, user=by, now=now):
        raise ApplicationError(
            f"A case note can only be changed in the {settings.CASE_NOTE_EDIT_MINUTES} "
            "minutes after it is written: add an amendment instead",
            field="text",
        )
    note.management_decision = _check_case_note(
        child=note.child,
        note_type=note_type,
        event_date=event_date,
        subject=subject,
        text=text,
        management_decision=management_decision,
        by=by,
    )
    note.note_type = note_type
    note.event_date = event_date
    note.subject = subject.strip()
    note.text = text.strip()
    _full_clean(note, exclude=["child", "author"])
    note.save()
    return note


@requires(Action.WRITE_CASE_NOTE)
@transaction.atomic
def case_note_amend(*, note: CaseNote, text: str, by: User) -> CaseNoteAmendment:
    """Add an amendment under a case note. The note's own text is left as written."""
    if not text.strip():
        raise ApplicationError("Enter the amendment", field="text")
    amendment = CaseNoteAmendment(note=note, author=by, text=text.strip())
    _full_clean(amendment, exclude=["note", "author"])
    amendment.save()
    return amendment


AGE_OF_CRIMINAL_RESPONSIBILITY = 10  # Children and Young Persons Act 1933 s50


@requires(Action.RECORD_YOUTH_JUSTICE)
@transaction.atomic
def youth_justice_outcome_record(
    *, child: Child, outcome_on: date, outcome: str, by: User
) -> YouthJusticeOutcome:
    """Record a conviction, youth caution or youth conditional caution (SSDA903 OC2
    CONVICTED). `outcome` may be blank only when which one is not known (the SSDA903
    import). Not in the future, not before the 10th birthday, one a day."""
    _not_in_future(outcome_on, "outcome_on", "The date")
    if age_on(child.date_of_birth, outcome_on) < AGE_OF_CRIMINAL_RESPONSIBILITY:
        raise ApplicationError(
            f"{child.full_name} was under {AGE_OF_CRIMINAL_RESPONSIBILITY} on "
            f"{long_date(outcome_on)}: a child under 10 cannot be convicted or cautioned",
            field="outcome_on",
        )
    if outcome and outcome not in YouthJusticeOutcomeKind.values:
        raise ApplicationError("Select a conviction or caution from the list", field="outcome")
    if YouthJusticeOutcome.objects.filter(child=child, outcome_on=outcome_on).exists():
        raise ApplicationError(
            "A conviction or caution on this day is already recorded for the child",
            field="outcome_on",
        )
    return YouthJusticeOutcome.objects.create(child=child, outcome_on=outcome_on, outcome=outcome)
