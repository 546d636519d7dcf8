"""Care-leaver categories, computed from the care history (DOMAIN.md section 4).

One pure function, `care_leaver_status`, decides whether a young person is an
eligible, relevant, former relevant or qualifying care leaver on a day, and says
why in words. No database and no clock: the pages, the deadline rules, the lists
and the SSDA903 export all call it with the history they have loaded, so the
category is never typed in and never stored (docs/decisions/0012).

How days are counted (the SSDA903 convention, and the DfE's own rule 1001):
a period of care from S to E (the day care ceased) is E - S days looked after, so
a child is looked after on day D when S <= D < E. "13 weeks" is 91 days.

- Eligible (Children Act 1989 Sch 2 para 19B; Care Leavers (England) Regulations
  2010 reg 40): aged 16 or 17, looked after now, and looked after for periods
  amounting to at least 13 weeks which began after the 14th birthday and ended
  after the 16th. Counting starts at the 14th birthday; the child must have been
  looked after for at least one day on or after the 16th birthday.
- Relevant (s23A; reg 3): aged 16 or 17, not looked after now, and eligible
  immediately before care ended.
- Former relevant (s23C): aged 18 to 24 (duties continue until the 25th birthday,
  s23C(7) and s23CZB), and was relevant or eligible before 18.
- Qualifying (s24): aged 16 to 20 (until the 21st birthday), looked after on or
  after the 16th birthday but no longer, without meeting the 13-week test
  (including those who left care for a special guardianship order).

Short breaks (V3/V4 legal statuses, reg 48 of the Care Planning Regulations) do
not count towards the 13 weeks, nor as being looked after at 16. Anyone adopted
stops being a care leaver of this council (their last period ended E11/E12).

Returning home (Care Leavers (England) Regulations 2010 reg 3): a young person who
left care before 18 and has lived for a continuous period of six months or more with
a parent or someone with parental responsibility (the period may begin while still
looked after) is not a relevant child, and so not a former relevant one at 18 (s23C(1)(a)
asks whether they would be relevant if under 18); they are qualifying. If the
arrangement breaks down and they stop living there, they are relevant again. From the
history: the stretch at home begins when care ended with a return home (E4A, E4B), a
child arrangements order (E41) or a special guardianship order (E45 to E48), or began
earlier with the placements with parents (P1) that care ended from (E4A, E4B, or E13,
which alone cannot tell a parent from a relative without parental responsibility). It
ends when a recorded accommodation after care is anywhere other than with parents or
relatives (letter B). Six months are calendar months: home from 31 August, six months
on the last day of February (docs/decisions/0012).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.dates import birthday as birthday
from core.dates import long_date as long_date

THIRTEEN_WEEKS = 91
ADOPTED = frozenset({"E11", "E12"})
DIED = "E2"
# Reg 3: how long at home ends relevance, in calendar months.
RETURN_HOME_MONTHS = 6
# Care ended with the young person going home to a parent or someone with parental
# responsibility: earlier placements with parents (P1) count towards the six months.
RETURNED_HOME = frozenset({"E4A", "E4B"})
# Left care to live with parents or relatives without parental responsibility: counts only
# when the placement care ended from was with parents (P1).
LEFT_FOR_PARENTS_OR_RELATIVES = "E13"
# Care ended with an order giving the carer parental responsibility: a child arrangements
# order (E41) or a special guardianship order (E45 to E48).
LEFT_FOR_AN_ORDER = frozenset({"E41", "E45", "E46", "E47", "E48"})
HOME_REASONS = RETURNED_HOME | {LEFT_FOR_PARENTS_OR_RELATIVES} | LEFT_FOR_AN_ORDER
# Accommodation after care that is still home (OC3 ACCOM letter B).
AT_HOME = "B"
# The placement type "with parents or person with parental responsibility".
WITH_PARENTS = "P1"


class Category:
    ELIGIBLE = "eligible"
    RELEVANT = "relevant"
    FORMER_RELEVANT = "former_relevant"
    QUALIFYING = "qualifying"
    NONE = "none"


CATEGORY_LABELS = {
    Category.ELIGIBLE: "Eligible",
    Category.RELEVANT: "Relevant",
    Category.FORMER_RELEVANT: "Former relevant",
    Category.QUALIFYING: "Qualifying",
    Category.NONE: "Not a care leaver",
}
CATEGORY_CHOICES = [
    (c, CATEGORY_LABELS[c])
    for c in (
        Category.ELIGIBLE,
        Category.RELEVANT,
        Category.FORMER_RELEVANT,
        Category.QUALIFYING,
    )
]
# The categories the leaving-care duties (needs assessment, pathway plan, personal
# adviser, keeping in touch) are owed to.
ENTITLED = frozenset({Category.ELIGIBLE, Category.RELEVANT, Category.FORMER_RELEVANT})


@dataclass(frozen=True)
class CarePeriod:
    start: date
    end: date | None
    reason_ceased: str = ""


@dataclass(frozen=True)
class Interval:
    start: date
    end: date | None


@dataclass(frozen=True)
class Housing:
    """Where a young person lived after care from a day: an OC3 ACCOM letter."""

    start: date
    accommodation: str


@dataclass(frozen=True)
class CareLeaverStatus:
    category: str
    reason: str
    # The day the 13-week test was met at 16 or over, if it was (the day the young
    # person became an eligible child).
    eligible_from: date | None = None
    # The day the young person's last period of care ended, if it has.
    left_care_on: date | None = None
    # Days looked after since the 14th birthday (short breaks excluded), as of the day.
    days_since_14: int = 0
    # The day six months at home were complete, when that makes the young person not a
    # relevant child (reg 3) on the day asked about.
    returned_home_on: date | None = None

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def is_care_leaver(self) -> bool:
        return self.category != Category.NONE

    @property
    def entitled(self) -> bool:
        return self.category in ENTITLED


def _counted_intervals(
    periods: Sequence[CarePeriod], short_breaks: Iterable[Interval], on: date
) -> list[tuple[date, date, bool]]:
    """The stretches of care that count, as (start, end, still open on `on`): [start,
    end) up to `on` (a period still open on `on` is cut there), with the short-break
    stretches taken out."""
    breaks = sorted(
        (b.start, b.end or date.max) for b in short_breaks if b.end is None or b.end > b.start
    )
    result: list[tuple[date, date, bool]] = []
    for period in sorted(periods, key=lambda p: p.start):
        still_open = period.end is None or period.end > on
        start, end = period.start, on if still_open else period.end
        assert end is not None
        pieces = [(start, end)]
        for b_start, b_end in breaks:
            next_pieces = []
            for s, e in pieces:
                if b_end <= s or b_start >= e:
                    next_pieces.append((s, e))
                    continue
                if s < b_start:
                    next_pieces.append((s, b_start))
                if b_end < e:
                    next_pieces.append((b_end, e))
            pieces = next_pieces
        result += [(s, e, still_open and e == end) for s, e in pieces if e >= s]
    return result


def _eligibility_day(
    dob: date, counted: list[tuple[date, date, bool]]
) -> tuple[date | None, int, bool]:
    """The first day, from the 16th birthday and before the 18th, on which the young
    person met the 13-week test while looked after; the days looked after since the
    14th birthday; and whether they were looked after on or after the 16th birthday."""
    fourteen, sixteen, eighteen = birthday(dob, 14), birthday(dob, 16), birthday(dob, 18)
    total = 0
    found: date | None = None
    after_16 = False
    for start, end, still_open in counted:
        # The last day looked after in the stretch: the day care ended is not one, but an
        # open stretch runs to the day itself.
        last_day = end if still_open else end - timedelta(days=1)
        if last_day >= sixteen and last_day >= start:
            after_16 = True
        s = max(start, fourteen)
        if last_day < s:
            continue
        if found is None:
            # By day D of the stretch the child has been looked after total + (D - s)
            # days: the 91st is complete on day s + (91 - total).
            reached = s + timedelta(days=max(0, THIRTEEN_WEEKS - total))
            candidate = max(reached, sixteen)
            # Care that ends on the day the 91st day is complete still met the test, if
            # a day of it fell on or after the 16th birthday.
            limit = end if (reached == end and last_day >= sixteen) else last_day
            if candidate <= limit and candidate < eighteen:
                found = candidate
        total += (end - s).days
    return found, total, after_16


@dataclass(frozen=True)
class HomeStretch:
    """A continuous stretch living with a parent or someone with parental responsibility
    that reaches past the end of care: from `start`, six months on `six_months`, until
    `moved_on` (the day the young person went to live elsewhere) if they have."""

    start: date
    six_months: date
    moved_on: date | None

    def excludes(self, on: date) -> bool:
        """Six months at home complete and still there on `on`."""
        return self.six_months <= on and (self.moved_on is None or self.moved_on > on)


def _home_stretch(
    last: CarePeriod, with_parents: Iterable[Interval], housing: Iterable[Housing]
) -> HomeStretch | None:
    """The stretch at home that care ended into, if the reason care ended says there was
    one (see the module's docstring)."""
    if last.end is None or last.reason_ceased not in HOME_REASONS:
        return None
    start = last.end
    if last.reason_ceased not in LEFT_FOR_AN_ORDER:
        # Walk back through placements with parents that run up to the day care ended.
        placed = [(p.start, p.end or date.max) for p in with_parents if p.start >= last.start]
        moved = True
        while moved:
            moved = False
            for p_start, p_end in placed:
                if p_start < start <= p_end:
                    start, moved = p_start, True
    if last.reason_ceased == LEFT_FOR_PARENTS_OR_RELATIVES and start == last.end:
        return None
    moved_on = min(
        (h.start for h in housing if h.start >= last.end and h.accommodation != AT_HOME),
        default=None,
    )
    return HomeStretch(start, start + relativedelta(months=RETURN_HOME_MONTHS), moved_on)


def _home_words(home: HomeStretch, on: date) -> str:
    """Where the young person is in reg 3's six months, in words."""
    since = (
        f"living with a parent or someone with parental responsibility since "
        f"{long_date(home.start)}"
    )
    if home.moved_on is not None and home.moved_on <= on:
        if home.six_months <= home.moved_on:
            return (
                f"{since.replace('living', 'lived')}, six months on "
                f"{long_date(home.six_months)}, moved on {long_date(home.moved_on)}: "
                "relevant again (reg 3)"
            )
        return ""
    if home.six_months <= on:
        return (
            f"{since}, six months on {long_date(home.six_months)}: not a relevant child "
            "(Care Leavers (England) Regulations 2010, reg 3)"
        )
    return f"{since}: not relevant from {long_date(home.six_months)} if still there (reg 3)"


def care_leaver_status(
    *,
    date_of_birth: date,
    periods: Sequence[CarePeriod],
    short_breaks: Iterable[Interval] = (),
    with_parents: Iterable[Interval] = (),
    housing: Iterable[Housing] = (),
    on: date,
) -> CareLeaverStatus:
    """The young person's care-leaver category on `on`, with its reason in words.

    `with_parents` are the placements with parents (P1) and `housing` the accommodation
    recorded after care: they decide whether six months at home have ended relevance
    (reg 3)."""
    dob = date_of_birth
    sixteen, eighteen = birthday(dob, 16), birthday(dob, 18)
    twenty_one, twenty_five = birthday(dob, 21), birthday(dob, 25)
    past = [p for p in periods if p.start <= on]
    if on < sixteen or not past:
        return CareLeaverStatus(Category.NONE, "Not yet 16" if on < sixteen else "Never in care")
    ordered = sorted(past, key=lambda p: p.start)
    last = ordered[-1]
    looked_after_now = last.end is None or last.end > on
    if not looked_after_now and last.reason_ceased in ADOPTED:
        return CareLeaverStatus(Category.NONE, "Adopted", left_care_on=last.end)
    if not looked_after_now and last.reason_ceased == DIED:
        return CareLeaverStatus(Category.NONE, "Died", left_care_on=last.end)
    counted = _counted_intervals(ordered, short_breaks, on)
    eligible_from, total, after_16 = _eligibility_day(dob, counted)
    left = None if looked_after_now else last.end
    days = f"looked after {total} day{'s' if total != 1 else ''} since the 14th birthday"
    if on >= twenty_five:
        return CareLeaverStatus(
            Category.NONE, f"Aged 25 or over (25 on {long_date(twenty_five)})", None, left, total
        )
    if looked_after_now and on < eighteen:
        if eligible_from is not None:
            return CareLeaverStatus(
                Category.ELIGIBLE,
                f"{days.capitalize()}, still looked after at 16: eligible from "
                f"{long_date(eligible_from)}",
                eligible_from,
                None,
                total,
            )
        return CareLeaverStatus(
            Category.NONE,
            f"{days.capitalize()}: fewer than 91 days (13 weeks), not yet eligible",
            None,
            None,
            total,
        )
    # Reg 3 is about relevant children: it cannot touch anyone looked after at 18 (former
    # relevant under s23C(1)(b) whatever happens next).
    home = (
        _home_stretch(last, with_parents, housing)
        if eligible_from is not None and left is not None and left < eighteen
        else None
    )
    words = _home_words(home, on) if home is not None else ""
    at_home = f"; {words}" if words else ""
    if home is not None and home.excludes(on):
        assert eligible_from is not None and left is not None
        left_words = (
            f"{days.capitalize()}, eligible from {long_date(eligible_from)}, left care on "
            f"{long_date(left)}{at_home}"
        )
        if on < twenty_one:
            return CareLeaverStatus(
                Category.QUALIFYING, left_words, eligible_from, left, total, home.six_months
            )
        return CareLeaverStatus(
            Category.NONE,
            f"{left_words}; qualifying care leavers are supported until 21 "
            f"({long_date(twenty_one)})",
            eligible_from,
            left,
            total,
            home.six_months,
        )
    if eligible_from is not None and on < eighteen:
        return CareLeaverStatus(
            Category.RELEVANT,
            f"{days.capitalize()}, eligible from {long_date(eligible_from)}, left care on "
            f"{long_date(left) if left else ''}{at_home}",
            eligible_from,
            left,
            total,
        )
    if eligible_from is not None:
        ended = f"left care on {long_date(left)}" if left else "still recorded as looked after"
        return CareLeaverStatus(
            Category.FORMER_RELEVANT,
            f"{days.capitalize()}, eligible from {long_date(eligible_from)}, {ended}; "
            f"aged 18 to 24{at_home}",
            eligible_from,
            left,
            total,
        )
    if after_16 and not looked_after_now and on < twenty_one:
        return CareLeaverStatus(
            Category.QUALIFYING,
            f"Looked after on or after the 16th birthday, left care on "
            f"{long_date(left) if left else ''}; {days}: fewer than 91 days (13 weeks)",
            None,
            left,
            total,
        )
    if not after_16:
        return CareLeaverStatus(
            Category.NONE, f"Not looked after on or after the 16th birthday; {days}", None, left
        )
    return CareLeaverStatus(
        Category.NONE,
        f"Qualifying care leavers are supported until 21 ({long_date(twenty_one)}); {days}",
        None,
        left,
        total,
    )
