"""Writes to the EU Settlement Scheme tracker. The child's page form calls these.

`euss_record_save` checks the rules a practitioner would, raises
`ApplicationError` tied to a form field when one is broken, and writes in one
transaction, with history (simple_history) of who changed what.
"""

from dataclasses import dataclass, fields
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, requires
from children.models import Child
from core.dates import check_day
from core.exceptions import ApplicationError
from euss import rules
from euss.models import EussRecord, EussStatus


@dataclass
class EussDetails:
    status: str
    family_member: bool = False
    family_member_reason: str = ""
    identified_date: date | None = None
    home_office_reference: str = ""
    coa_reference: str = ""
    coa_date: date | None = None
    pre_settled_date: date | None = None
    settled_date: date | None = None
    residence_start: date | None = None
    pre_settled_expiry: date | None = None
    supported_by: User | None = None
    supporting_organisation: str = ""
    retrospective_check_date: date | None = None
    retrospective_check_notes: str = ""


# Dates that record something that has happened: none may be in the future or
# before the child was born. The expiry (and the computed eligibility date) may.
PAST_DATES = {
    "identified_date": "The date identified",
    "coa_date": "The date of the certificate of application",
    "pre_settled_date": "The date pre-settled status was granted",
    "settled_date": "The date settled status was granted",
    "residence_start": "The start of continuous residence",
    "retrospective_check_date": "The date of the retrospective check",
}


def _check(*, child: Child, details: EussDetails, today: date) -> None:
    for name, words in PAST_DATES.items():
        check_day(
            getattr(details, name), field=name, what=words, born=child.date_of_birth, today=today
        )
    if details.family_member and not details.family_member_reason.strip():
        raise ApplicationError(
            "Say whose family member the child is, and how", field="family_member_reason"
        )
    status = details.status
    if status not in EussStatus.values:
        raise ApplicationError("Choose the application status", field="status")
    nationalities = [n.country for n in child.nationalities.all()]
    if status != EussStatus.NOT_ELIGIBLE and not rules.is_eligible(
        nationalities, details.family_member
    ):
        raise ApplicationError(
            "The child has no EU, EEA or Swiss nationality recorded: record the nationality, "
            "say they are a family member of an EU, EEA or Swiss national, "
            "or choose not eligible",
            field="status",
        )
    if status != EussStatus.NOT_ELIGIBLE and details.identified_date is None:
        raise ApplicationError("Enter the date identified as eligible", field="identified_date")
    if status == EussStatus.APPLIED and details.coa_date is None:
        raise ApplicationError("Enter the date of the certificate of application", field="coa_date")
    if status == EussStatus.PRE_SETTLED and details.pre_settled_date is None:
        raise ApplicationError(
            "Enter the date pre-settled status was granted", field="pre_settled_date"
        )
    if status == EussStatus.SETTLED and details.settled_date is None:
        raise ApplicationError("Enter the date settled status was granted", field="settled_date")
    if details.settled_date and status != EussStatus.SETTLED:
        raise ApplicationError(
            "A settled status grant date is recorded: choose settled status granted, "
            "or remove the date",
            field="status",
        )
    if (
        details.coa_date
        and details.pre_settled_date
        and details.pre_settled_date < details.coa_date
    ):
        raise ApplicationError(
            "Pre-settled status cannot be granted before the application",
            field="pre_settled_date",
        )
    if (
        details.pre_settled_date
        and details.settled_date
        and details.settled_date < details.pre_settled_date
    ):
        raise ApplicationError(
            "Settled status cannot be granted before pre-settled status", field="settled_date"
        )
    if (
        details.residence_start
        and details.pre_settled_date
        and details.residence_start > details.pre_settled_date
    ):
        raise ApplicationError(
            "Continuous residence must start before pre-settled status was granted",
            field="residence_start",
        )
    if details.pre_settled_expiry:
        if details.pre_settled_date is None:
            raise ApplicationError(
                "Enter the date pre-settled status was granted", field="pre_settled_date"
            )
        if details.pre_settled_expiry <= details.pre_settled_date:
            raise ApplicationError(
                "Pre-settled status must expire after it was granted", field="pre_settled_expiry"
            )
    if details.retrospective_check_notes.strip() and details.retrospective_check_date is None:
        raise ApplicationError(
            "Enter the date of the retrospective check", field="retrospective_check_date"
        )


@requires(Action.RECORD_EUSS)
@transaction.atomic
def euss_record_save(
    *, child: Child, details: EussDetails, by: User, today: date | None = None
) -> EussRecord:
    """Create or update `child`'s EU Settlement Scheme record.

    Called by the child's EUSS form. Guarantees that a saved record keeps the
    rules above: an application status only for an eligible child, grants with
    their dates, no recorded event in the future.
    """
    today = today or timezone.localdate()
    _check(child=child, details=details, today=today)
    record = EussRecord.objects.select_for_update().filter(child=child).first()
    if record is None:
        record = EussRecord(child=child)
    for f in fields(EussDetails):
        value = getattr(details, f.name)
        setattr(record, f.name, value.strip() if isinstance(value, str) else value)
    if not record.family_member:
        record.family_member_reason = ""
    record._history_user = by  # type: ignore[attr-defined]
    record.save()
    return record
