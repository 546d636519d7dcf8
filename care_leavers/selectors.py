"""Reads about care leavers. Every list starts from `children_visible_to`, the one
access rule, and every category comes from care_leavers.categories (computed from
the history as it is read, never stored)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from care_leavers import oc3
from care_leavers.categories import (
    HOME_REASONS,
    WITH_PARENTS,
    CareLeaverStatus,
    CarePeriod,
    Category,
    Housing,
    Interval,
    birthday,
    care_leaver_status,
)
from care_leavers.models import (
    NEET,
    NOT_IN_SUITABILITY_MEASURE,
    AccommodationRecord,
    ActivityRecord,
    Contact,
    InTouch,
    NeedsAssessment,
    PathwayPlan,
)
from children.codes import SHORT_BREAK_STATUSES, age_on
from children.models import AllocationKind, Child, LegalStatusRecord, PeriodOfCare, Placement
from core.text import query_int

# Who sees the list of care leavers and the personal advisers' caseloads (each within
# the children they may see).
LIST_ROLES = frozenset(
    {Role.PERSONAL_ADVISER, Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.IRO_MANAGER}
)
# Seed 002's care-leaver measures are for young people aged 19 to 21.
MEASURE_AGES = (19, 21)
# "In touch" now: a contact in touch within the last 3 months (the OC3 window's length
# before a birthday), so the monthly figure is counted as the 903 counts it.
IN_TOUCH_MONTHS = oc3.WINDOW_MONTHS_BEFORE


def can_see_list(*, user: User) -> bool:
    return user.is_authenticated and user.role in LIST_ROLES


def status_from(
    child: Child,
    periods: Iterable[PeriodOfCare],
    statuses: Iterable[LegalStatusRecord],
    on: date,
    placements: Iterable[Placement] = (),
    housing: Iterable[AccommodationRecord] = (),
) -> CareLeaverStatus:
    """The category from model rows already loaded (no query). `placements` and
    `housing` (the accommodation recorded after care) matter only when care ended with
    a return home (`returned_home`): reg 3's six months."""
    return care_leaver_status(
        date_of_birth=child.date_of_birth,
        periods=[CarePeriod(p.start_date, p.end_date, p.reason_ceased) for p in periods],
        short_breaks=[
            Interval(s.start_date, s.end_date) for s in statuses if s.code in SHORT_BREAK_STATUSES
        ],
        with_parents=[
            Interval(p.start_date, p.end_date)
            for p in placements
            if p.placement_type == WITH_PARENTS
        ],
        housing=[Housing(h.start_date, h.accommodation) for h in housing],
        on=on,
    )


def returned_home(periods: Iterable[PeriodOfCare]) -> bool:
    """Whether the last period of care ended with the young person going home (so the
    placements and accommodation after care are needed for the category)."""
    last = max(periods, key=lambda p: p.start_date, default=None)
    return last is not None and last.reason_ceased in HOME_REASONS


def status_for(*, child: Child, on: date | None = None) -> CareLeaverStatus:
    """The young person's category today, from their history (two queries, four when
    care ended with a return home)."""
    on = on or timezone.localdate()
    periods = list(child.periods_of_care.all())
    return status_from(child, periods, child.legal_statuses.all(), on, *_home_facts(child, periods))


def _home_facts(
    child: Child, periods: list[PeriodOfCare]
) -> tuple[list[Placement], list[AccommodationRecord]]:
    """The placements with parents and the accommodation after care, when care ended
    with a return home (two queries); nothing otherwise (none)."""
    if not returned_home(periods):
        return [], []
    return (
        list(child.placements.filter(placement_type=WITH_PARENTS)),
        list(child.leaving_care_accommodation.all()),
    )


def _current(records: Sequence, on: date, attribute: str = "start_date"):
    """The record in force on `on`: the latest started on or before it."""
    before = [r for r in records if getattr(r, attribute) <= on]
    return max(before, key=lambda r: (getattr(r, attribute), r.pk)) if before else None


def oc3_history(
    child: Child,
    status: CareLeaverStatus,
    contacts: Sequence[Contact],
    accommodation: Sequence[AccommodationRecord],
    activity: Sequence[ActivityRecord],
    today: date,
) -> list[oc3.Oc3Values]:
    """The OC3 values of each birthday from 17 to 21 that has passed (its window
    closed) and on which the young person was no longer looked after."""
    rows = []
    for age in oc3.OC3_AGES:
        day = birthday(child.date_of_birth, age)
        if day > today or status.left_care_on is None or status.left_care_on >= day:
            continue
        rows.append(oc3_values_for(child, age, contacts, accommodation, activity))
    return rows


def oc3_values_for(
    child: Child,
    age: int,
    contacts: Iterable[Contact],
    accommodation: Iterable[AccommodationRecord],
    activity: Iterable[ActivityRecord],
) -> oc3.Oc3Values:
    """care_leavers.oc3.oc3_values from model rows."""
    return oc3.oc3_values(
        date_of_birth=child.date_of_birth,
        age=age,
        contacts=[oc3.ContactFact(c.contact_date, c.outcome) for c in contacts],
        accommodation=[
            oc3.AccommodationFact(a.start_date, a.accommodation, a.suitable) for a in accommodation
        ],
        activity=[oc3.ActivityFact(a.start_date, a.activity) for a in activity],
    )


def care_leaver_for_child(*, child: Child, periods, statuses) -> dict:
    """The leaving-care part of the child's page. `periods` and `statuses` are the
    child's periods of care and legal statuses, already loaded (children.selectors.
    child_record prefetches them); a care leaver costs five more queries, anyone else
    none."""
    today = timezone.localdate()
    periods = list(periods)
    status = status_from(child, periods, statuses, today, *_home_facts(child, periods))
    context: dict = {"care_leaver": status}
    if not status.is_care_leaver:
        return context
    record = leaving_care_record(child=child, status=status, today=today)
    return context | {"leaving_care": record}


@dataclass
class LeavingCareRecord:
    status: CareLeaverStatus
    contacts: list[Contact]
    accommodation: list[AccommodationRecord]
    activity: list[ActivityRecord]
    assessments: list[NeedsAssessment]
    plans: list[PathwayPlan]
    current_accommodation: AccommodationRecord | None
    current_activity: ActivityRecord | None
    last_contact: Contact | None
    last_in_touch: Contact | None
    oc3: list[oc3.Oc3Values] = field(default_factory=list)

    @property
    def latest_plan(self) -> PathwayPlan | None:
        return self.plans[0] if self.plans else None


def leaving_care_record(
    *, child: Child, status: CareLeaverStatus, today: date | None = None
) -> LeavingCareRecord:
    """Everything recorded about a care leaver, newest first (five queries)."""
    today = today or timezone.localdate()
    contacts = list(
        Contact.objects.filter(child=child)
        .select_related("made_by")
        .order_by("-contact_date", "-pk")
    )
    accommodation = list(
        AccommodationRecord.objects.filter(child=child).order_by("-start_date", "-pk")
    )
    activity = list(ActivityRecord.objects.filter(child=child).order_by("-start_date", "-pk"))
    assessments = list(
        NeedsAssessment.objects.filter(child=child)
        .select_related("completed_by")
        .order_by("-completed_on", "-pk")
    )
    plans = list(
        PathwayPlan.objects.filter(child=child)
        .select_related("recorded_by")
        .order_by("-agreed_on", "-pk")
    )
    return LeavingCareRecord(
        status=status,
        contacts=contacts,
        accommodation=accommodation,
        activity=activity,
        assessments=assessments,
        plans=plans,
        current_accommodation=_current(accommodation, today),
        current_activity=_current(activity, today),
        last_contact=contacts[0] if contacts else None,
        last_in_touch=next((c for c in contacts if c.outcome == InTouch.YES), None),
        oc3=oc3_history(child, status, contacts, accommodation, activity, today),
    )


# --- lists -----------------------------------------------------------------------------


@dataclass
class CareLeaverRow:
    child: Child
    status: CareLeaverStatus
    age: int
    personal_adviser: User | None
    last_in_touch: date | None
    accommodation: AccommodationRecord | None
    activity: ActivityRecord | None
    in_touch: bool

    @property
    def suitable(self) -> bool | None:
        """Suitable accommodation; None when the measure leaves the young person out
        (abroad, deported, residence not known) or nothing is recorded."""
        if self.accommodation is None:
            return None
        if self.accommodation.accommodation in NOT_IN_SUITABILITY_MEASURE:
            return None
        return self.accommodation.suitable

    @property
    def eet(self) -> bool | None:
        """In education, employment or training; None when no activity is recorded."""
        if self.activity is None:
            return None
        return self.activity.activity not in NEET


def _young_people(children: QuerySet[Child], today: date) -> QuerySet[Child]:
    """Children aged 16 to 25 who have had a period of care: the care leavers are among
    them."""
    return children.filter(
        date_of_birth__gt=birthday(today, -25),
        date_of_birth__lte=birthday(today, -16),
        pk__in=PeriodOfCare.objects.values("child_id"),
    )


def care_leaver_rows(
    *, user: User, today: date | None = None, adviser: User | None = None
) -> list[CareLeaverRow]:
    """Every care leaver `user` may see (or only those `adviser` holds as their
    personal adviser), with their category, age, personal adviser, contact,
    accommodation and activity today. A fixed number of queries, whatever the number."""
    from children.selectors import children_visible_to, current_allocations

    today = today or timezone.localdate()
    children = _young_people(children_visible_to(user=user), today)
    advisers = current_allocations(on=today).filter(kind=AllocationKind.PERSONAL_ADVISER)
    if adviser is not None:
        children = children.filter(pk__in=advisers.filter(worker=adviser).values("child_id"))
    people = {c.pk: c for c in children.order_by("last_name", "first_name", "pk")}
    ids = list(people)
    # The related rows are read for the same children as a subquery, not as a list of
    # thousands of ids to send and plan; rows of young people who are not care leavers
    # are read with them and left out below.
    these = children.order_by().values("pk")
    periods: dict[int, list[PeriodOfCare]] = defaultdict(list)
    for p in PeriodOfCare.objects.filter(child_id__in=these).order_by("start_date"):
        periods[p.child_id].append(p)
    breaks: dict[int, list[LegalStatusRecord]] = defaultdict(list)
    for s in LegalStatusRecord.objects.filter(child_id__in=these, code__in=SHORT_BREAK_STATUSES):
        breaks[s.child_id].append(s)
    # Placements with parents and accommodation after care, for those care ended with a
    # return home (reg 3): two more queries, whatever the number.
    gone_home = [pk for pk in ids if returned_home(periods[pk])]
    with_parents: dict[int, list[Placement]] = defaultdict(list)
    for placed in Placement.objects.filter(child_id__in=gone_home, placement_type=WITH_PARENTS):
        with_parents[placed.child_id].append(placed)
    after_care: dict[int, list[AccommodationRecord]] = defaultdict(list)
    for record in AccommodationRecord.objects.filter(child_id__in=gone_home):
        after_care[record.child_id].append(record)
    statuses = {
        pk: status_from(child, periods[pk], breaks[pk], today, with_parents[pk], after_care[pk])
        for pk, child in people.items()
    }
    leavers = [pk for pk, s in statuses.items() if s.is_care_leaver]
    # Each adviser read once, however many young people they hold.
    held_by = dict(advisers.filter(child_id__in=these).values_list("child_id", "worker_id"))
    adviser_users = User.objects.in_bulk(set(held_by.values()))
    pa: dict[int, User] = {pk: adviser_users[worker] for pk, worker in held_by.items()}
    in_touch = dict(
        Contact.objects.filter(child_id__in=these, outcome=InTouch.YES)
        .values("child_id")
        .annotate(last=Max("contact_date"))
        .values_list("child_id", "last")
    )
    accommodation: dict[int, list[AccommodationRecord]] = defaultdict(list)
    for home in AccommodationRecord.objects.filter(child_id__in=these, start_date__lte=today):
        accommodation[home.child_id].append(home)
    activity: dict[int, list[ActivityRecord]] = defaultdict(list)
    for doing in ActivityRecord.objects.filter(child_id__in=these, start_date__lte=today):
        activity[doing.child_id].append(doing)
    since = oc3.window(today)[0]
    rows = []
    for pk in leavers:
        child = people[pk]
        last = in_touch.get(pk)
        rows.append(
            CareLeaverRow(
                child=child,
                status=statuses[pk],
                age=age_on(child.date_of_birth, today),
                personal_adviser=pa.get(pk),
                last_in_touch=last,
                accommodation=_current(accommodation[pk], today),
                activity=_current(activity[pk], today),
                in_touch=last is not None and last >= since,
            )
        )
    return rows


# The list's filters: each a value the query string may give, and the test it applies.
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class Filters:
    category: str = ""
    ages: str = ""  # "16-17", "18", "19-21", "22-24"
    in_touch: str = ""  # "yes", "no"
    suitable: str = ""  # "yes", "no"
    eet: str = ""  # "yes", "no"
    adviser: int | None = None

    @classmethod
    def from_query(cls, query) -> Filters:
        adviser = query.get("adviser", "")
        return cls(
            category=query.get("category", "") if query.get("category") in CATEGORY_KEYS else "",
            ages=query.get("ages", "") if query.get("ages") in AGE_BANDS else "",
            in_touch=query.get("in_touch", "") if query.get("in_touch") in YES_NO else "",
            suitable=query.get("suitable", "") if query.get("suitable") in YES_NO else "",
            eet=query.get("eet", "") if query.get("eet") in YES_NO else "",
            adviser=query_int(adviser),
        )

    def as_query(self, **changes) -> str:
        from urllib.parse import urlencode

        values = {
            "category": self.category,
            "ages": self.ages,
            "in_touch": self.in_touch,
            "suitable": self.suitable,
            "eet": self.eet,
            "adviser": self.adviser or "",
        } | changes
        return urlencode({k: v for k, v in values.items() if v})


CATEGORY_KEYS = {
    Category.ELIGIBLE,
    Category.RELEVANT,
    Category.FORMER_RELEVANT,
    Category.QUALIFYING,
}
AGE_BANDS = {"16-17": (16, 17), "18": (18, 18), "19-21": (19, 21), "22-24": (22, 24)}


def filter_rows(rows: list[CareLeaverRow], filters: Filters) -> list[CareLeaverRow]:
    def keep(row: CareLeaverRow) -> bool:
        if filters.category and row.status.category != filters.category:
            return False
        if filters.ages:
            low, high = AGE_BANDS[filters.ages]
            if not low <= row.age <= high:
                return False
        if filters.in_touch and row.in_touch != YES_NO[filters.in_touch]:
            return False
        if filters.suitable and row.suitable is not YES_NO[filters.suitable]:
            return False
        if filters.eet and row.eet is not YES_NO[filters.eet]:
            return False
        return not (
            filters.adviser
            and (row.personal_adviser is None or row.personal_adviser.pk != filters.adviser)
        )

    return [r for r in rows if keep(r)]


@dataclass(frozen=True)
class Measure:
    """One of seed 002's care-leaver measures: how many of a cohort, of how many."""

    title: str
    cohort: str
    count: int
    denominator: int
    count_query: str
    denominator_query: str

    @property
    def percent(self) -> str:
        if not self.denominator:
            return "–"
        return f"{100 * self.count / self.denominator:.1f}%"


def measures(rows: list[CareLeaverRow], filters: Filters | None = None) -> list[Measure]:
    """Seed 002's care-leaver measures for young people aged 19 to 21, counted from the
    list's rows (the caller's filters, other than age and the measures' own, narrow the
    cohort): in touch; in suitable accommodation (leaving out those abroad, deported or
    whose residence is not known); in education, employment or training. Each count and
    denominator is the query string of the list that shows the young people behind it."""
    base = Filters(category=filters.category, adviser=filters.adviser) if filters else Filters()
    cohort = filter_rows(rows, Filters(category=base.category, ages="19-21", adviser=base.adviser))
    ages = "19-21"
    suitable_known = [r for r in cohort if r.suitable is not None]
    eet_known = [r for r in cohort if r.eet is not None]
    return [
        Measure(
            "In touch",
            "Care leavers aged 19 to 21; in touch in the last 3 months",
            sum(r.in_touch for r in cohort),
            len(cohort),
            base.as_query(ages=ages, in_touch="yes"),
            base.as_query(ages=ages),
        ),
        Measure(
            "In suitable accommodation",
            "Care leavers aged 19 to 21 with accommodation recorded, excluding gone "
            "abroad, deported and residence not known",
            sum(bool(r.suitable) for r in suitable_known),
            len(suitable_known),
            base.as_query(ages=ages, suitable="yes"),
            base.as_query(ages=ages),
        ),
        Measure(
            "In education, employment or training",
            "Care leavers aged 19 to 21 with an activity recorded",
            sum(bool(r.eet) for r in eet_known),
            len(eet_known),
            base.as_query(ages=ages, eet="yes"),
            base.as_query(ages=ages),
        ),
    ]


@dataclass(frozen=True)
class AdviserCaseload:
    adviser: User
    count: int


def adviser_caseloads(rows: list[CareLeaverRow]) -> list[AdviserCaseload]:
    """How many of the listed care leavers each personal adviser holds, most first."""
    counts: dict[int, int] = defaultdict(int)
    by_pk: dict[int, User] = {}
    for row in rows:
        if row.personal_adviser is not None:
            counts[row.personal_adviser.pk] += 1
            by_pk[row.personal_adviser.pk] = row.personal_adviser
    return sorted(
        (AdviserCaseload(by_pk[pk], n) for pk, n in counts.items()),
        key=lambda c: (-c.count, c.adviser.last_name, c.adviser.pk),
    )


def personal_advisers() -> QuerySet[User]:
    return User.objects.filter(role=Role.PERSONAL_ADVISER, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def leaving_care_deadlines(*, child: Child) -> list:
    from deadlines.selectors import deadlines_for_child

    return [d for d in deadlines_for_child(child=child) if d.rule in LEAVING_CARE_RULES]


LEAVING_CARE_RULES = (
    "needs_assessment",
    "pathway_plan",
    "pathway_plan_review",
    "pa_allocation",
    "care_leaver_contact",
)


def current_personal_adviser(*, child: Child) -> User | None:
    from children.selectors import current_allocations

    allocation = (
        current_allocations()
        .filter(child=child, kind=AllocationKind.PERSONAL_ADVISER)
        .select_related("worker")
        .order_by("-start_date", "-pk")
        .first()
    )
    return allocation.worker if allocation else None


def adviser_work(*, user: User) -> list:
    """The personal adviser's open leaving-care deadlines, most urgent first."""
    from deadlines.selectors import for_listing, my_work

    return list(for_listing(my_work(user=user).filter(rule__in=LEAVING_CARE_RULES))[:200])
