"""Leaving-care records for the demo council (demo.builder calls `write_care_leavers`).

For every demo young person who is a care leaver today (their category computed
from the care history, as everywhere else): a needs assessment and pathway plans
reviewed about every 6 months for those the duties are owed to; and, from the day
they left care, contacts about every 6 to 9 weeks (now and then an attempt that did
not reach them), their accommodation and what they are doing, changing now and
then. The histories keep the services' rules: no fixed abode and custody are never
suitable, Staying Put from 18, foyers from 19 (the DfE allows none under 18 at the
start of the collection year); Staying Put ends by 21. Where each young person has
lived comes first, since a return home lasting six months changes the category (reg 3).

From 21 (demo.histories makes young adults who left care up to 7 years ago):
those whose personal adviser stays beyond the 21st birthday (in education or training,
or because they asked, s23CZB) keep their contacts, plans and activity; the rest get a
call around each birthday recording that they no longer need services (NREQ), and no
more plans.

Its own random stream (`care-leavers-<seed>`), so the rest of the demo is the same
with or without it. Bulk writes with history; no query per young person.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from care_leavers.categories import HOME_REASONS, WITH_PARENTS, Category, birthday
from care_leavers.models import (
    NEET,
    AccommodationRecord,
    ActivityRecord,
    Contact,
    ContactType,
    InTouch,
    NeedsAssessment,
    PathwayPlan,
)
from care_leavers.selectors import status_from
from children.codes import SHORT_BREAK_STATUSES
from children.models import (
    Allocation,
    AllocationKind,
    Child,
    LegalStatusRecord,
    PeriodOfCare,
    Placement,
)
from demo import bulk

# What young people leaving care do (ACTIV), roughly as seed 002 reports: about half in
# education, employment or training at 19 to 21.
ACTIVITIES = {
    "F2": 18,
    "P2": 4,
    "F1": 6,
    "F4": 5,
    "P4": 2,
    "F5": 10,
    "P5": 7,
    "G5": 28,
    "G4": 10,
    "G6": 10,
}
ACTIVITY_DETAILS = {
    "F1": "University, first year of a degree",
    "P1": "Open University module",
    "F2": "College course, level 2",
    "P2": "Evening college course",
    "F4": "Apprenticeship with a local employer",
    "P4": "Part-time apprenticeship",
    "F5": "Full-time job in retail",
    "P5": "Part-time job in a café",
    "G4": "Long-term illness; waiting for a mental health assessment",
    "G5": "Looking for work with the youth employment hub",
    "G6": "Looking after a baby",
}
# Accommodation at 16-17 and from 18 (letters of the OC3 ACCOM code).
UNDER_18_HOMES = {"D": 35, "E": 20, "B": 15, "C": 10, "K": 5, "V": 3}
ADULT_HOMES = {
    "U": 35,
    "D": 15,
    "E": 10,
    "B": 12,
    "K": 6,
    "Z": 10,
    "T": 4,
    "S": 2,
    "X": 2,
    "W": 1,
    "Y": 3,
}
UNSUITABLE_REASONS = [
    "Overcrowded; the young person shares a room",
    "Too far from college and support",
    "Risk from others living at the address",
    "Tenancy at risk: rent arrears",
]
ALWAYS_UNSUITABLE_REASONS = {
    "S": "Homeless: sofa-surfing with friends",
    "X": "Serving a custodial sentence",
}
# What young adults still supported after 21 because they are learning are doing.
ADULT_EDUCATION = {"F1": 40, "F2": 20, "P2": 10, "F4": 20, "P4": 10}
# The yearly call to a former relevant young adult who no longer needs a personal adviser.
KEEPING_IN_TOUCH_NOTES = [
    "Yearly call: working and settled; knows they can ask for an adviser until 25.",
    "Yearly call: doing well, no support wanted for now.",
    "Yearly message answered: fine, will get in touch if anything changes.",
]
CONTACT_TYPES = {"visit": 45, "phone": 25, "message": 15, "office": 10, "video": 5}
CONTACT_NOTES = [
    "Talked about college and money; bus pass sorted.",
    "Checked the flat: settling in, needs help with bills.",
    "Catch-up about the pathway plan and family contact.",
    "Helped with a Universal Credit claim.",
    "",
    "",
]
VIEWS = [
    "I want to stay near my friends and finish my course.",
    "I'd like my own flat and a job in a garage.",
    "I want help with money and to see my brother more.",
    "I'm happy where I am for now.",
]
PLAN_SECTIONS = {
    "accommodation": "Stay in current accommodation; move-on plan reviewed at each review.",
    "education_work": "Keep on the course; personal adviser to link with the careers service.",
    "health": "Registered with a GP and a dentist; health passport given.",
    "finance": "Bank account open; budgeting sessions with the personal adviser.",
    "relationships": "Regular contact with a sibling; independent visitor continues.",
    "identity_documents": "Birth certificate held; passport applied for.",
    "immigration": "British national: nothing needed.",
}
# Share of contacts that did not reach the young person, and of care leavers who drift
# out of touch (no contact in the last months).
MISSED_CONTACTS = 0.12
OUT_OF_TOUCH = 0.08


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def write_care_leavers(children: list[Child], *, seed: int, today: date) -> int:
    """Write the leaving-care records of the demo's care leavers; returns how many."""
    rng = random.Random(f"care-leavers-{seed}")
    ids = [c.pk for c in children if birthday(today, -25) < c.date_of_birth <= birthday(today, -16)]
    born = {c.pk: c for c in children if c.pk in set(ids)}
    periods: dict[int, list[PeriodOfCare]] = defaultdict(list)
    for p in PeriodOfCare.objects.filter(child_id__in=ids).order_by("start_date"):
        periods[p.child_id].append(p)
    breaks: dict[int, list[LegalStatusRecord]] = defaultdict(list)
    for s in LegalStatusRecord.objects.filter(child_id__in=ids, code__in=SHORT_BREAK_STATUSES):
        breaks[s.child_id].append(s)
    advisers: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for child_id, worker_id, start, end in Allocation.objects.filter(
        child_id__in=ids, kind=AllocationKind.PERSONAL_ADVISER
    ).values_list("child_id", "worker_id", "start_date", "end_date"):
        advisers[child_id].append((worker_id, start, end))

    with_parents: dict[int, list[Placement]] = defaultdict(list)
    for placed in Placement.objects.filter(child_id__in=ids, placement_type=WITH_PARENTS):
        with_parents[placed.child_id].append(placed)
    # Where each care leaver has lived since leaving care comes first: a move away from
    # home can change the category (six months at home, reg 3), and everything else is
    # written for the category the history gives.
    first = {
        pk: status_from(born[pk], periods[pk], breaks[pk], today, with_parents[pk]) for pk in ids
    }
    homes_of: dict[int, list[AccommodationRecord]] = {}
    for pk in ids:
        left = first[pk].left_care_on
        if first[pk].is_care_leaver and left is not None and left <= today:
            went_home = periods[pk][-1].reason_ceased in HOME_REASONS
            homes_of[pk] = _homes(rng, pk, born[pk].date_of_birth, left, today, went_home)
    statuses = {
        pk: status_from(
            born[pk], periods[pk], breaks[pk], today, with_parents[pk], homes_of.get(pk, [])
        )
        for pk in ids
    }
    supported = {pk: _supported_after_21(born[pk], advisers[pk], today) for pk in ids}
    _give_the_demo_adviser_care_leavers(
        rng, {pk: s for pk, s in statuses.items() if supported[pk]}, advisers, today
    )

    contacts: list[Contact] = []
    homes: list[AccommodationRecord] = []
    doings: list[ActivityRecord] = []
    assessments: list[NeedsAssessment] = []
    plans: list[PathwayPlan] = []
    written = 0
    for pk in ids:
        child = born[pk]
        status = statuses[pk]
        if not status.is_care_leaver:
            continue
        written += 1
        dob = child.date_of_birth
        twenty_one = birthday(dob, 21)
        # From 21 a former relevant young person has a personal adviser only if they ask
        # (s23CZB) or are still in education or training; the rest are kept in touch with
        # once a year and no longer need services (NREQ).
        adult_support = supported[pk]
        plans_until = birthday(dob, 25) if adult_support else twenty_one

        def adviser_on(on: date, pk: int = pk) -> int | None:
            return next((w for w, s, e in advisers[pk] if s <= on and (e is None or on < e)), None)

        if status.category != Category.QUALIFYING and status.eligible_from:
            start = max(status.eligible_from, birthday(dob, 16))
            done = start + timedelta(days=rng.randint(20, 110))
            if done <= today and rng.random() < 0.95:
                assessments.append(
                    NeedsAssessment(
                        child_id=pk,
                        completed_on=done,
                        summary="Needs around independence skills, money and education.",
                    )
                )
                agreed = done + timedelta(days=rng.randint(0, 20))
                while agreed <= today and agreed < plans_until:
                    plans.append(
                        PathwayPlan(
                            child_id=pk,
                            agreed_on=agreed,
                            young_persons_views=rng.choice(VIEWS),
                            recorded_by_id=adviser_on(agreed),
                            **PLAN_SECTIONS,
                        )
                    )
                    # Mostly within 6 months, now and then late.
                    agreed += timedelta(
                        days=rng.randint(150, 183) if rng.random() < 0.9 else rng.randint(184, 230)
                    )
        left = status.left_care_on
        if left is None or left > today:
            continue
        homes += homes_of.get(pk, [])
        # What they are doing, changing now and then; known from 21 only for those still
        # supported, half of whom stay because they are in education or training.
        on = left
        in_education = rng.random() < 0.5
        while on <= today and (on < twenty_one or adult_support):
            activity = _pick(rng, ACTIVITIES)
            if on >= twenty_one and in_education:
                activity = _pick(rng, ADULT_EDUCATION)
            doings.append(
                ActivityRecord(
                    child_id=pk,
                    start_date=on,
                    activity=activity,
                    details=ACTIVITY_DETAILS[activity]
                    if activity in NEET or rng.random() < 0.7
                    else "",
                )
            )
            before, on = on, on + timedelta(days=rng.randint(120, 500))
            if adult_support and before < twenty_one < on and twenty_one <= today:
                # A change at 21 (the course that keeps support going, or not).
                on = twenty_one
        # Contacts about every 6 to 9 weeks; some young people drift out of touch lately.
        drifted = rng.random() < OUT_OF_TOUCH
        on = left + timedelta(days=rng.randint(3, 40))
        stop = birthday(dob, 25) - timedelta(days=1)
        if not adult_support and status.category == Category.FORMER_RELEVANT:
            # From 21: a call at the birthday and once a year after it.
            stop = min(stop, twenty_one - timedelta(days=1))
            yearly = twenty_one + timedelta(days=rng.randint(0, 20))
            while yearly <= today and yearly < birthday(dob, 25):
                contacts.append(
                    Contact(
                        child_id=pk,
                        contact_date=yearly,
                        contact_type=ContactType.PHONE,
                        outcome=InTouch.NREQ,
                        made_by_id=adviser_on(yearly),
                        notes=rng.choice(KEEPING_IN_TOUCH_NOTES),
                    )
                )
                yearly = birthday(yearly, 1) + timedelta(days=rng.randint(-20, 20))
        while on <= min(today, stop):
            missed = rng.random() < MISSED_CONTACTS or (drifted and (today - on).days < 120)
            contacts.append(
                Contact(
                    child_id=pk,
                    contact_date=on,
                    contact_type=ContactType.PHONE if missed else _pick(rng, CONTACT_TYPES),
                    outcome=InTouch.NO if missed else InTouch.YES,
                    made_by_id=adviser_on(on),
                    notes="No answer; message left." if missed else rng.choice(CONTACT_NOTES),
                )
            )
            on += timedelta(days=rng.randint(7, 21) if missed else rng.randint(40, 63))
    bulk.bulk_create_with_history(contacts, Contact)
    bulk.bulk_create_with_history(homes, AccommodationRecord)
    bulk.bulk_create_with_history(doings, ActivityRecord)
    bulk.bulk_create_with_history(assessments, NeedsAssessment)
    bulk.bulk_create_with_history(plans, PathwayPlan)
    return written


def _homes(
    rng: random.Random, pk: int, dob: date, left: date, today: date, went_home: bool
) -> list[AccommodationRecord]:
    """Where a care leaver has lived since leaving care, changing now and then: first at
    home when care ended with a return home."""
    homes: list[AccommodationRecord] = []
    on = left
    while on <= today:
        adult = on >= birthday(dob, 18)
        letter = _pick(rng, ADULT_HOMES if adult else UNDER_18_HOMES)
        if went_home and on == left:
            letter = "B"
        if letter == "Z" and not (
            birthday(dob, 18) <= on < birthday(dob, 21) - timedelta(days=200)
        ):
            letter = "U"
        if letter == "T" and on < birthday(dob, 19):
            letter = "D"
        suitable = letter not in ("S", "X") and rng.random() < 0.92
        homes.append(
            AccommodationRecord(
                child_id=pk,
                start_date=on,
                accommodation=letter,
                suitable=suitable,
                unsuitable_reason=""
                if suitable
                else ALWAYS_UNSUITABLE_REASONS.get(letter, rng.choice(UNSUITABLE_REASONS)),
            )
        )
        stay = rng.randint(150, 700)
        if letter == "Z":
            # Staying Put ends by the 21st birthday.
            stay = min(stay, (birthday(dob, 21) - on).days)
        on += timedelta(days=max(stay, 1))
    return homes


def _supported_after_21(
    child: Child, advisers: list[tuple[int, date, date | None]], today: date
) -> bool:
    """Under 21, or 21 or over with a personal adviser beyond the 21st birthday (demo.builder
    ends some advisers' allocations at 21)."""
    twenty_one = birthday(child.date_of_birth, 21)
    return twenty_one > today or any(e is None or e > twenty_one for _, _, e in advisers)


# How many young people who have left care the demo personal adviser takes over, so that
# their caseload shows contacts, accommodation and activity as well as eligible children;
# never beyond a caseload of 12 (demo.builder gives them 6 to 10 children).
DEMO_ADVISER_LEAVERS = 4
DEMO_ADVISER_MOST = 12


def _give_the_demo_adviser_care_leavers(
    rng: random.Random,
    statuses: dict,
    advisers: dict[int, list[tuple[int, date, date | None]]],
    today: date,
) -> None:
    """Hand a few relevant and former relevant young people to the demo personal adviser
    (the allocation before ends that day, kept in its history). Updates `advisers`."""
    from simple_history.utils import bulk_update_with_history

    from accounts.models import User

    demo = User.objects.filter(username="personal.adviser").first()
    if demo is None:
        return
    held = {
        pk for pk, rows in advisers.items() if any(w == demo.pk and e is None for w, _, e in rows)
    }
    left = sorted(
        pk
        for pk, status in statuses.items()
        if status.category in (Category.RELEVANT, Category.FORMER_RELEVANT)
        and status.left_care_on is not None
        and status.left_care_on < today
        and pk not in held
    )
    holding = Allocation.objects.filter(
        worker=demo, kind=AllocationKind.PERSONAL_ADVISER, end_date__isnull=True
    ).count()
    room = max(0, min(DEMO_ADVISER_LEAVERS, DEMO_ADVISER_MOST - holding))
    chosen = rng.sample(left, min(room, len(left)))
    current = {
        a.child_id: a
        for a in Allocation.objects.filter(
            child_id__in=chosen, kind=AllocationKind.PERSONAL_ADVISER, end_date__isnull=True
        )
    }
    ended, new = [], []
    for pk in chosen:
        before = current.get(pk)
        earliest = max(statuses[pk].left_care_on, before.start_date if before else date.min)
        on = max(earliest + timedelta(days=1), today - timedelta(days=rng.randint(60, 400)))
        if on > today:
            continue
        if before is not None:
            before.end_date = on
            ended.append(before)
            advisers[pk] = [
                (w, s, on if (w, s) == (before.worker_id, before.start_date) else e)
                for w, s, e in advisers[pk]
            ]
        new.append(
            Allocation(
                child_id=pk, kind=AllocationKind.PERSONAL_ADVISER, worker=demo, start_date=on
            )
        )
        advisers[pk].append((demo.pk, on, None))
    if ended:
        bulk_update_with_history(ended, Allocation, ["end_date"], batch_size=1000)
    _bulk_create_allocations(new)


def _bulk_create_allocations(allocations: list[Allocation]) -> None:
    from simple_history.utils import bulk_create_with_history

    if allocations:
        bulk_create_with_history(allocations, Allocation, batch_size=1000)
