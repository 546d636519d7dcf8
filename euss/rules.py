"""The EU Settlement Scheme rules, each a small function with its source.

Pure: they take values (and records already loaded) and today's date, and
touch no database, so the child's page, the managers' list and the CSV all
reach the same answer. Tested by hand-worked dates in tests/euss/test_rules.py.
"""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings

from children.codes import EUSS_COUNTRIES, birthday
from core.dates import long_date

if TYPE_CHECKING:
    from children.models import Child
    from euss.models import EussRecord

DEFAULT_WARNING_DAYS = 180
SETTLED_AFTER_YEARS = 5
LEAVING_CARE_AGE = 18


def warning_days() -> int:
    """How many days ahead the banner warns (setting EUSS_WARNING_DAYS, default 180)."""
    return int(getattr(settings, "EUSS_WARNING_DAYS", DEFAULT_WARNING_DAYS))


def is_eligible(nationalities: Iterable[str], family_member: bool) -> bool:
    """Whether a child may apply to the EU Settlement Scheme.

    Source: Immigration Rules Appendix EU; DOMAIN.md sections 2 and 8. EU, EEA
    (Iceland, Liechtenstein, Norway) and Swiss nationals, and their family
    members of any nationality. A dual British national is still listed: the
    council checks and records "not eligible" where the scheme does not apply.
    """
    return family_member or any(code in EUSS_COUNTRIES for code in nationalities)


def years_later(start: date, years: int) -> date:
    """The same date `years` later; 28 February when that date does not exist."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 2, 28)


def settled_eligibility_date(residence_start: date) -> date:
    """The day a child with pre-settled status can get settled status.

    Source: Immigration Rules Appendix EU, EU11 and EU14: settled status after
    a continuous qualifying period of 5 years (IMA review, seed 000: "dates for
    when pre-settled status can be changed to settled are logged").

    We take the same calendar date 5 years after the start of continuous
    residence. A residence that starts on 29 February reaches 5 years on
    28 February (the anniversary does not exist in a non-leap year): the earlier
    of the two candidate days, so the council is never told too late.
    """
    return years_later(residence_start, SETTLED_AFTER_YEARS)


def eighteenth_birthday(date_of_birth: date) -> date:
    """The day a child leaves care by age (the Children Act 1989 ends care at 18).

    A child born on 29 February turns 18 on 1 March in a non-leap year (Family
    Law Reform Act 1969 s9: a birthday is reached at the start of the
    anniversary, and 1 March is the day after 28 February). Same rule as the
    rest of Harbour (children.codes.birthday).
    """
    return birthday(date_of_birth, LEAVING_CARE_AGE)


def banner_for(
    record: "EussRecord | None",
    child: "Child",
    today: date,
    *,
    nationalities: Iterable[str] | None = None,
    days: int | None = None,
) -> str | None:
    """The EU Settlement Scheme alert for the child's front screen, or None.

    Source: IMA assurance review (seed 000, paragraphs 7, 10 and 12) and
    DOMAIN.md section 8: show the status as an alert; report eligible children
    without a decision, and pre-settled children approaching eligibility for
    settled status or leaving care. The alert is shown when:

    - the child is eligible (or has a record other than "not eligible") and
      has no decision: no record, not yet applied, applied, refused, appeal;
    - the child has pre-settled status only, and the date they can get settled
      status is within `days` (EUSS_WARNING_DAYS, default 180) or has passed;
    - the child has pre-settled status only and turns 18 within `days`.

    "Within N days" includes the N-th day. `nationalities` are country codes;
    when not given they are read from `child.nationalities` (prefetch them).
    """
    from euss.models import NO_DECISION, EussStatus

    days = warning_days() if days is None else days
    if nationalities is None:
        nationalities = [n.country for n in child.nationalities.all()]
    eligible = is_eligible(nationalities, bool(record and record.family_member))
    if record is None:
        if not eligible:
            return None
        return (
            "May be eligible for the EU Settlement Scheme: no EUSS record. "
            "Check eligibility and record the application status."
        )
    status = record.status
    if status == EussStatus.NOT_ELIGIBLE or status == EussStatus.SETTLED:
        return None
    if status in NO_DECISION:
        return {
            EussStatus.NOT_APPLIED: "Eligible for the EU Settlement Scheme: not yet applied.",
            EussStatus.APPLIED: "EU Settlement Scheme application made: no decision yet.",
            EussStatus.REFUSED: "EU Settlement Scheme application refused: "
            "seek advice on an appeal or a new application.",
            EussStatus.APPEAL: "EU Settlement Scheme appeal under way: no decision yet.",
        }[EussStatus(status)]
    # Pre-settled status only.
    messages = []
    eligible_on = record.settled_eligibility_date
    if eligible_on is not None:
        if eligible_on <= today:
            messages.append(
                f"Pre-settled status only: eligible for settled status since "
                f"{long_date(eligible_on)}. Apply for settled status."
            )
        elif (eligible_on - today).days <= days:
            messages.append(
                f"Pre-settled status only: eligible for settled status on "
                f"{long_date(eligible_on)}. Prepare the application."
            )
    turns_18 = eighteenth_birthday(child.date_of_birth)
    if today < turns_18 and (turns_18 - today).days <= days:
        messages.append(
            f"Turns 18 and leaves care on {long_date(turns_18)} without settled status: "
            "plan the upgrade with the pathway plan."
        )
    return " ".join(messages) or None
