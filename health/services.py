"""Writes for the health record. Called by the health pages (and, later, the health
partners' API): each checks the dates a practitioner could get wrong, raises
`ApplicationError` naming the field, and writes nothing when a check fails. The
deadlines follow from the records (health.deadline_rules)."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, models, transaction

from accounts.models import User
from accounts.permissions import Action, requires
from children.models import Child, PeriodOfCare
from core.dates import check_day, long_date
from core.exceptions import ApplicationError
from health import codes
from health.models import (
    DentalCheck,
    HealthSummary,
    IhaLatenessReason,
    ImmunisationCheck,
    InitialHealthAssessment,
    OpticianCheck,
    ReviewHealthAssessment,
    Sdq,
    SubstanceMisuseRecord,
)


def _check_date(
    child: Child, value: date | None, *, field: str, label: str, future_allowed: bool = False
) -> None:
    """A date on the child's health record is neither in the future nor before birth."""
    check_day(
        value, field=field, what=label, born=child.date_of_birth, future_allowed=future_allowed
    )


def _create_once(model: type[models.Model], *, duplicate: str, field: str, **values):
    """Create a dated record; a second one for the child on the same day is refused, also
    when someone else records it at the same moment."""
    filters = {k: values[k] for k in ("child", field)}
    if model._default_manager.filter(**filters).exists():
        raise ApplicationError(duplicate, field=field)
    try:
        with transaction.atomic():
            return model._default_manager.create(**values)
    except IntegrityError:
        raise ApplicationError(duplicate, field=field) from None


# --- initial health assessment ---------------------------------------------------------


def ensure_lateness_reasons() -> None:
    """Put the starting list of IHA lateness reasons in place where none exist (a
    database emptied since migration 0002 seeded them, before the demo is built)."""
    if IhaLatenessReason.objects.exists():
        return
    IhaLatenessReason.objects.bulk_create(
        IhaLatenessReason(name=name, order=order * 10)
        for order, name in enumerate(codes.IHA_LATENESS_REASONS, start=1)
    )


@dataclass
class IhaDetails:
    notified_on: date | None = None
    consent_on: date | None = None
    requested_on: date | None = None
    appointment_on: date | None = None
    completed_on: date | None = None
    practitioner: str = ""
    organisation: str = ""
    returned_on: date | None = None
    outcome: str = ""
    health_plan_actions: str = ""
    lateness_reason: IhaLatenessReason | None = None


IHA_DATE_LABELS = {
    "notified_on": "The date health were notified",
    "consent_on": "The date consent was given",
    "requested_on": "The date the assessment was requested",
    "appointment_on": "The appointment date",
    "completed_on": "The date the assessment was completed",
    "returned_on": "The date the report was quality-assured and returned",
}


def iha_due_on(period: PeriodOfCare) -> date:
    """When the initial health assessment of `period` is due (the rule's own date)."""
    from deadlines.calendar import current_calendar
    from deadlines.timescales import rule_settings
    from health.deadline_rules import iha_due_date

    return iha_due_date(period.start_date, current_calendar(), rule_settings())


def current_period(child: Child) -> PeriodOfCare | None:
    return PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def iha_save(*, child: Child, details: IhaDetails, by: User) -> InitialHealthAssessment:
    """Record (or bring up to date) the initial health assessment of the child's current
    period of care. The appointment may be booked ahead; every other date is today or
    earlier. The assessment is completed, and the report returned, on or after the day
    the child became looked after, and the report comes back on or after the assessment.
    When the assessment was completed after its due date (IHA_WORKING_DAYS working days
    after becoming looked after, worked out here, never typed) a lateness reason is
    required; when it was in time any reason sent is not kept."""
    period = current_period(child)
    if period is None:
        raise ApplicationError(
            "The child is not looked after: an initial health assessment belongs to a "
            "period of care",
            field=None,
        )
    # One record per period: two people saving the first one at once queue here.
    PeriodOfCare.objects.select_for_update().filter(pk=period.pk).first()
    for field, label in IHA_DATE_LABELS.items():
        # An appointment may be booked ahead: only it may be in the future.
        _check_date(
            child,
            getattr(details, field),
            field=field,
            label=label,
            future_allowed=field == "appointment_on",
        )
    for field in ("completed_on", "returned_on"):
        value = getattr(details, field)
        if value is not None and value < period.start_date:
            raise ApplicationError(
                f"{IHA_DATE_LABELS[field]} must be on or after the day the child became "
                f"looked after ({long_date(period.start_date)})",
                field=field,
            )
    if details.returned_on and not details.completed_on:
        raise ApplicationError(
            "Enter the date the assessment was completed before the date it was returned",
            field="completed_on",
        )
    if details.returned_on and details.completed_on and details.returned_on < details.completed_on:
        raise ApplicationError(
            "The date the report was returned must be on or after the date the assessment "
            "was completed",
            field="returned_on",
        )
    reason = details.lateness_reason
    if details.completed_on is not None:
        due = iha_due_on(period)
        if details.completed_on > due and reason is None:
            raise ApplicationError(
                f"Select why the assessment was late: it was due by {long_date(due)} and was "
                f"completed on {long_date(details.completed_on)}",
                field="lateness_reason",
            )
        if details.completed_on <= due:
            reason = None
    else:
        reason = None
    iha = InitialHealthAssessment.objects.filter(period=period).first()
    kept = iha is not None and reason is not None and iha.lateness_reason_id == reason.pk
    if reason is not None and not reason.active and not kept:
        # A retired reason stays on the records that have it, but is not chosen anew.
        raise ApplicationError("Select a reason from the list", field="lateness_reason")
    values = {
        "notified_on": details.notified_on,
        "consent_on": details.consent_on,
        "requested_on": details.requested_on,
        "appointment_on": details.appointment_on,
        "completed_on": details.completed_on,
        "practitioner": details.practitioner.strip(),
        "organisation": details.organisation.strip(),
        "returned_on": details.returned_on,
        "outcome": details.outcome.strip(),
        "health_plan_actions": details.health_plan_actions.strip(),
        "lateness_reason": reason,
    }
    if iha is None:
        return InitialHealthAssessment.objects.create(child=child, period=period, **values)
    for name, value in values.items():
        setattr(iha, name, value)
    iha.save()
    return iha


# --- the dated checks ------------------------------------------------------------------


def _looked_after_on(child: Child, on: date, *, field: str, what: str) -> None:
    from children.selectors import period_on

    if period_on(child=child, on=on) is None:
        raise ApplicationError(
            f"The child was not looked after on {long_date(on)}: {what} are recorded for days "
            "the child was in care",
            field=field,
        )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def rha_record(
    *,
    child: Child,
    assessed_on: date,
    assessor: str,
    organisation: str = "",
    outcome: str = "",
    by: User,
) -> ReviewHealthAssessment:
    """Record a review health assessment done while the child was looked after."""
    _check_date(child, assessed_on, field="assessed_on", label="The date of the assessment")
    if assessor not in codes.Assessor.values:
        raise ApplicationError("Select who carried out the assessment", field="assessor")
    _looked_after_on(child, assessed_on, field="assessed_on", what="review health assessments")
    return _create_once(
        ReviewHealthAssessment,
        duplicate="A review health assessment on this day is already recorded for the child",
        field="assessed_on",
        child=child,
        assessed_on=assessed_on,
        assessor=assessor,
        organisation=organisation.strip(),
        outcome=outcome.strip(),
    )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def dental_check_record(*, child: Child, checked_on: date, by: User) -> DentalCheck:
    _check_date(child, checked_on, field="checked_on", label="The date of the check")
    return _create_once(
        DentalCheck,
        duplicate="A dental check on this day is already recorded for the child",
        field="checked_on",
        child=child,
        checked_on=checked_on,
    )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def optician_check_record(*, child: Child, checked_on: date, by: User) -> OpticianCheck:
    _check_date(child, checked_on, field="checked_on", label="The date of the check")
    return _create_once(
        OpticianCheck,
        duplicate="An optician check on this day is already recorded for the child",
        field="checked_on",
        child=child,
        checked_on=checked_on,
    )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def immunisation_check_record(
    *, child: Child, checked_on: date, up_to_date: bool, by: User
) -> ImmunisationCheck:
    """Record whether the child's immunisations were up to date on the day checked."""
    _check_date(child, checked_on, field="checked_on", label="The date checked")
    return _create_once(
        ImmunisationCheck,
        duplicate="Immunisations checked on this day are already recorded for the child",
        field="checked_on",
        child=child,
        checked_on=checked_on,
        up_to_date=up_to_date,
    )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def substance_misuse_record(
    *, child: Child, recorded_on: date, identified: bool, intervention: str = "", by: User
) -> SubstanceMisuseRecord:
    """Record whether a substance misuse problem was identified, and when one was, what
    happened about an intervention (required then; not kept otherwise)."""
    _check_date(child, recorded_on, field="recorded_on", label="The date")
    if identified and intervention not in codes.Intervention.values:
        raise ApplicationError(
            "Select whether an intervention was offered and received", field="intervention"
        )
    return _create_once(
        SubstanceMisuseRecord,
        duplicate="A substance misuse record on this day is already recorded for the child",
        field="recorded_on",
        child=child,
        recorded_on=recorded_on,
        identified=identified,
        intervention=intervention if identified else "",
    )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def sdq_record(
    *, child: Child, completed_on: date, score: int | None = None, reason: str = "", by: User
) -> Sdq:
    """Record an SDQ: its total difficulties score (0 to 40; the band is worked out from
    it), or the SSDA903 reason it was not completed. One or the other, not both."""
    _check_date(child, completed_on, field="completed_on", label="The date")
    if score is None and not reason:
        raise ApplicationError(
            "Enter the total score, or select why the SDQ was not completed", field="score"
        )
    if score is not None and reason:
        raise ApplicationError(
            "Enter a score or a reason it was not completed, not both", field="reason"
        )
    if score is not None and not 0 <= score <= codes.SDQ_MAX_SCORE:
        raise ApplicationError("The total score must be a whole number from 0 to 40", field="score")
    if reason and reason not in codes.SdqReason.values:
        raise ApplicationError("Select a reason from the list", field="reason")
    return _create_once(
        Sdq,
        duplicate="An SDQ on this day is already recorded for the child",
        field="completed_on",
        child=child,
        completed_on=completed_on,
        score=score,
        reason=reason,
    )


@requires(Action.RECORD_HEALTH)
@transaction.atomic
def health_summary_record(*, child: Child, issued_on: date, by: User) -> HealthSummary:
    """Record the date the leaving care health summary was given to the young person."""
    _check_date(child, issued_on, field="issued_on", label="The date issued")
    return _create_once(
        HealthSummary,
        duplicate="A health summary issued on this day is already recorded for the child",
        field="issued_on",
        child=child,
        issued_on=issued_on,
    )
