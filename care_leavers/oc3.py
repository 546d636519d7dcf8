"""The SSDA903 OC3 values of a care leaver around a birthday, computed by one function.

The DfE collects, for each young person whose 17th, 18th, 19th, 20th or 21st
birthday falls in the collection year, whether the council was in touch with
them (IN_TOUCH), their main activity (ACTIV) and their accommodation (ACCOM)
"around their birthday". The DfE's guide to the SSDA903 collection ("Care
leavers" section) defines "around" as the period from 3 months before to 1 month
after the birthday; the validator's code (csc-validator-be-903) does not encode
the window, only the codes and which young people may have values (rules 131-133,
153, 344, 345, 391, 1001, 1007, 1011, 1016, 3001, 347). See
docs/decisions/0012-care-leaver-category.md.

How the values follow from the record:

- IN_TOUCH: DIED when a contact on or before the window's end records that the
  young person died; otherwise YES when any contact in the window found them in
  touch; otherwise the outcome of the latest contact in the window (NO, REFU, NREQ,
  RHOM); otherwise NREQ or RHOM when the latest earlier contact said so (those
  outlast the window); otherwise NO.
- ACTIV and ACCOM, only when in touch (YES): the activity and the accommodation in
  force on the birthday, or failing that the first recorded after it within the
  window; "0" (not known) when none is recorded. For any other IN_TOUCH they are "0"
  (the DfE's rule 344 requires it for DIED and RHOM; the council does not know them
  when it is not in touch).
- ACCOM is the letter followed by 1 (suitable) or 2 (not suitable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from care_leavers.categories import birthday

OC3_AGES = (17, 18, 19, 20, 21)
WINDOW_MONTHS_BEFORE = 3
WINDOW_MONTHS_AFTER = 1
NOT_KNOWN = "0"
# Outcomes that outlast the window in which they were recorded.
LASTING = frozenset({"NREQ", "RHOM"})


@dataclass(frozen=True)
class ContactFact:
    on: date
    outcome: str


@dataclass(frozen=True)
class AccommodationFact:
    start: date
    accommodation: str
    suitable: bool

    @property
    def code(self) -> str:
        return f"{self.accommodation}{1 if self.suitable else 2}"


@dataclass(frozen=True)
class ActivityFact:
    start: date
    activity: str


@dataclass(frozen=True)
class Oc3Values:
    age: int
    birthday: date
    window_start: date
    window_end: date
    in_touch: str
    activ: str
    accom: str

    @property
    def ordinal(self) -> str:
        """17th, 18th, 19th, 20th, 21st."""
        return f"{self.age}{'st' if self.age % 10 == 1 and self.age != 11 else 'th'}"


def window(day: date) -> tuple[date, date]:
    """From 3 months before to 1 month after the birthday, both days included."""
    return day - relativedelta(months=WINDOW_MONTHS_BEFORE), day + relativedelta(
        months=WINDOW_MONTHS_AFTER
    )


def around(records, day: date, end: date):
    """The record in force on `day` (the latest started on or before it), or else the
    first started after it, up to `end`."""
    ordered = sorted(records, key=lambda r: r.start)
    before = [r for r in ordered if r.start <= day]
    if before:
        return before[-1]
    return next((r for r in ordered if r.start <= end), None)


def oc3_values(
    *,
    date_of_birth: date,
    age: int,
    contacts: Sequence[ContactFact],
    accommodation: Sequence[AccommodationFact],
    activity: Sequence[ActivityFact],
) -> Oc3Values:
    """The OC3 IN_TOUCH, ACTIV and ACCOM around the young person's birthday at `age`."""
    day = birthday(date_of_birth, age)
    start, end = window(day)
    upto_end = sorted((c for c in contacts if c.on <= end), key=lambda c: c.on)
    inside = [c for c in upto_end if c.on >= start]
    if any(c.outcome == "DIED" for c in upto_end):
        in_touch = "DIED"
    elif any(c.outcome == "YES" for c in inside):
        in_touch = "YES"
    elif inside:
        in_touch = inside[-1].outcome
    elif upto_end and upto_end[-1].outcome in LASTING:
        in_touch = upto_end[-1].outcome
    else:
        in_touch = "NO"
    activ = accom = NOT_KNOWN
    if in_touch == "YES":
        doing = around(activity, day, end)
        living = around(accommodation, day, end)
        activ = doing.activity if doing else NOT_KNOWN
        accom = living.code if living else NOT_KNOWN
    return Oc3Values(age, day, start, end, in_touch, activ, accom)


def birthday_in_year(date_of_birth: date, year_start: date, year_end: date) -> int | None:
    """The age (17 to 21) whose birthday falls between `year_start` and `year_end`, if any."""
    for age in OC3_AGES:
        if year_start <= birthday(date_of_birth, age) <= year_end:
            return age
    return None
