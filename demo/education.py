"""The demo council's education records (demo.builder.build_demo calls `build_education`).

For every child: the schools of their school years (primary from Reception, secondary
from Year 7, a college for most after Year 11), a change of school for some on coming
into care, the designated teacher of each school; SEN status in the proportions of
children in care nationally (about 30% SEN support, 30% EHCP); some time out of school;
and, for each period of care, PEPs mostly in time (the first within 10 working days for
about 85%, one in about 88% of terms), most rated as meeting the standard, a few not
rated. Its own random stream, so the rest of the demo is the same with or without it;
written in bulk with history.
"""

import random
from datetime import date, timedelta

from children.codes import age_on
from children.models import Allocation, AllocationKind, Child, PeriodOfCare
from deadlines.calendar import WorkingCalendar
from demo import bulk
from education.models import (
    OutOfSchool,
    OutOfSchoolReason,
    Pep,
    PepQualityRating,
    SchoolPlacement,
    SenRecord,
    SenStatus,
)
from education.school_year import school_year_start, terms_after

PLACES = [
    "Harbourside",
    "Quayside",
    "St Anne's",
    "Millbrook",
    "Oakfield",
    "Westgate",
    "Rivermead",
    "Hillcrest",
    "Ashgrove",
    "Northfield",
    "Brookvale",
    "Church Lane",
    "Parkside",
    "Lighthouse",
    "St Michael's",
    "Holy Trinity",
    "Meadowbank",
    "Fairview",
    "Greenacre",
    "Castle View",
]
PRIMARY = ["Primary School", "Primary Academy", "Junior School", "Church of England Primary"]
SECONDARY = ["High School", "Academy", "School", "Community College", "Catholic High School"]
COLLEGE = ["Sixth Form College", "College", "Further Education College"]
TEACHER_FIRST = [
    "Amina",
    "Ben",
    "Claire",
    "David",
    "Ellen",
    "Farah",
    "Gareth",
    "Helen",
    "Imran",
    "Julie",
    "Karen",
    "Liam",
    "Maria",
    "Nadia",
    "Owen",
    "Priya",
    "Rachel",
    "Simon",
]
TEACHER_LAST = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Hussain",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Patel",
    "Roberts",
    "Shah",
    "Taylor",
    "Walker",
    "Wright",
]
ATTENDEES = [
    "Child, foster carer, designated teacher, social worker",
    "Child, carer, designated teacher, social worker, virtual school adviser",
    "Designated teacher, social worker, carer (child's views gathered beforehand)",
    "Child, residential key worker, designated teacher, social worker, SENCo",
]
VIEWS = [
    "Likes PE and art; finds maths hard but is trying.",
    "Wants to stay at this school and keep the same friends.",
    "Would like help with reading at home.",
    "Says lessons are too noisy; wants somewhere quiet to work.",
    "Enjoys football club and wants to join the school team.",
    "Did not want to say much; told the carer they are happy.",
]
TARGETS = [
    "Reading age up by six months by the next PEP; daily reading with carer.",
    "Attendance above 95%; catch-up tutoring in maths twice a week (pupil premium plus).",
    "Settle into the new school: mentor for the first term, check-in each Friday.",
    "Work towards GCSE English and maths; revision timetable agreed.",
    "Speech and language support as in the EHCP; review at the next PEP.",
    "Join an after-school club; build one friendship outside class.",
]

SEN_SUPPORT_SHARE = 0.30
EHCP_SHARE = 0.30
FIRST_PEP_ON_TIME = 0.85
TERM_PEP = 0.88
RATED_MEETS, RATED_NOT = 0.82, 0.12  # the rest not rated yet
MOVE_SCHOOL_ON_ENTRY = 0.35
NO_SCHOOL_NOW = 0.03
SUSPENDED = 0.06


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _school_name(rng: random.Random, kinds: list[str]) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(kinds)}"


def build_education(children: list[Child], *, seed: int, today: date) -> None:
    rng = random.Random(f"education-{seed}")
    calendar = WorkingCalendar()
    ids = [c.pk for c in children]
    born = dict(Child.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    periods: dict[int, list[tuple[int, date, date | None]]] = {}
    for pk, child_id, start, end in (
        PeriodOfCare.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date")
        .values_list("pk", "child_id", "start_date", "end_date")
    ):
        periods.setdefault(child_id, []).append((pk, start, end))
    workers: dict[int, list[tuple[int, date, date | None]]] = {}
    for child_id, worker_id, start, end in (
        Allocation.objects.filter(child_id__in=ids, kind=AllocationKind.SOCIAL_WORKER)
        .order_by("start_date", "pk")
        .values_list("child_id", "worker_id", "start_date", "end_date")
    ):
        workers.setdefault(child_id, []).append((worker_id, start, end))
    from education.services import ensure_default_ratings

    ensure_default_ratings()
    ratings = list(PepQualityRating.objects.filter(active=True).order_by("order"))
    # An administrator's scale may have no rating on one side: rate from the other.
    meets = [r for r in ratings if r.meets_standard] or ratings
    not_meets = [r for r in ratings if not r.meets_standard] or ratings

    def worker_on(child_id: int, on: date) -> int | None:
        allocated = workers.get(child_id)
        if not allocated:
            return None
        return next(
            (w for w, s, e in reversed(allocated) if s <= on and (e is None or on < e)),
            allocated[0][0],
        )

    schools: list[SchoolPlacement] = []
    sen: list[SenRecord] = []
    out: list[OutOfSchool] = []
    peps: list[Pep] = []
    for child_id in ids:
        dob = born[child_id]
        cohort = school_year_start(dob)
        entries = [start for _, start, _ in periods.get(child_id, [])]
        _schools_for(rng, child_id, cohort, entries, today, schools, out)
        _sen_for(rng, child_id, cohort, today, sen)
        for period_id, start, end in periods.get(child_id, []):
            last_day = today if end is None else min(today, max(start, end - timedelta(days=1)))
            peps += _peps_for(
                rng,
                child_id,
                period_id,
                dob,
                start,
                last_day,
                calendar,
                meets,
                not_meets,
                worker_on,
                today,
            )
    bulk.bulk_create_with_history(schools, SchoolPlacement)
    bulk.bulk_create_with_history(sen, SenRecord)
    bulk.bulk_create_with_history(out, OutOfSchool)
    bulk.bulk_create_with_history(peps, Pep)


def _schools_for(
    rng: random.Random,
    child_id: int,
    cohort: int,
    entries: list[date],
    today: date,
    schools: list[SchoolPlacement],
    out: list[OutOfSchool],
) -> None:
    """Primary from Reception, secondary from Year 7, college for most from Year 12 to the
    end of Year 13; a new school on coming into care for some."""
    reception = cohort + 5
    stages = [
        (date(reception, 9, 1), date(reception + 7, 7, 20), PRIMARY),
        (date(reception + 7, 9, 1), date(reception + 12, 7, 20), SECONDARY),
    ]
    if rng.random() < 0.6:
        stages.append((date(reception + 12, 9, 1), date(reception + 14, 7, 20), COLLEGE))
    rows: list[tuple[date, date | None, list[str]]] = []
    for start, end, kinds in stages:
        start = _weekday_on_or_after(start + timedelta(days=rng.randint(1, 5)))
        if start > today:
            break
        cuts = sorted(
            e + timedelta(days=rng.randint(7, 40))
            for e in entries
            if start < e < end and rng.random() < MOVE_SCHOOL_ON_ENTRY
        )
        # A cut moved on to a weekday may pass the stage's end: it is left out.
        moved = [_weekday_on_or_after(c) for c in cuts]
        edges = [start, *[c for c in moved if c < end and c <= today]]
        for i, begin in enumerate(edges):
            finish = edges[i + 1] if i + 1 < len(edges) else end
            rows.append((begin, finish if finish <= today else None, kinds))
    if not rows:
        return
    # A few children of school age have no school now: the last one ended, waiting for a place.
    last_start, last_end, _ = rows[-1]
    if last_end is None and rng.random() < NO_SCHOOL_NOW and last_start < today - timedelta(60):
        ended = today - timedelta(days=rng.randint(10, 50))
        rows[-1] = (last_start, ended, rows[-1][2])
        reason = rng.choice([OutOfSchoolReason.NO_PLACE, OutOfSchoolReason.MISSING])
        out.append(
            OutOfSchool(
                child_id=child_id,
                reason=reason,
                start_date=ended,
                details="Virtual school chasing a place with the admissions team."
                if reason == OutOfSchoolReason.NO_PLACE
                else "",
            )
        )
    for begin, left, kinds in rows:
        name = _school_name(rng, kinds)
        teacher = rng.random() < 0.9
        first, last = rng.choice(TEACHER_FIRST), rng.choice(TEACHER_LAST)
        schools.append(
            SchoolPlacement(
                child_id=child_id,
                school_name=name,
                urn=f"{rng.randint(100000, 149999)}" if rng.random() < 0.8 else "",
                start_date=begin,
                end_date=left,
                designated_teacher_name=f"{first} {last}" if teacher else "",
                designated_teacher_email=f"{first.lower()}.{last.lower()}@school.example.org"
                if teacher
                else "",
            )
        )
        # Now and then a short suspension during the school.
        if left is not None and (left - begin).days > 90 and rng.random() < SUSPENDED:
            off = begin + timedelta(days=rng.randint(30, (left - begin).days - 30))
            out.append(
                OutOfSchool(
                    child_id=child_id,
                    reason=OutOfSchoolReason.SUSPENDED,
                    start_date=off,
                    end_date=off + timedelta(days=rng.randint(1, 5)),
                )
            )


def _sen_for(
    rng: random.Random, child_id: int, cohort: int, today: date, sen: list[SenRecord]
) -> None:
    """SEN support or an EHCP for about 30% each of school-age children (most EHCPs after
    a time on SEN support); the rest have none recorded."""
    reception = date(cohort + 5, 9, 1)
    if reception > today:
        return
    roll = rng.random()
    if roll >= SEN_SUPPORT_SHARE + EHCP_SHARE:
        return
    span = max(1, (today - reception).days)
    support_from = _weekday_on_or_after(reception + timedelta(days=rng.randint(0, span // 2)))
    if support_from > today:
        return
    if roll < SEN_SUPPORT_SHARE:
        sen.append(
            SenRecord(child_id=child_id, status=SenStatus.SEN_SUPPORT, start_date=support_from)
        )
        return
    ehcp_from = _weekday_on_or_after(
        support_from + timedelta(days=rng.randint(120, max(121, (today - support_from).days)))
    )
    if ehcp_from > today or rng.random() < 0.3:
        ehcp_from = support_from
    else:
        sen.append(
            SenRecord(
                child_id=child_id,
                status=SenStatus.SEN_SUPPORT,
                start_date=support_from,
                end_date=ehcp_from,
            )
        )
    sen.append(SenRecord(child_id=child_id, status=SenStatus.EHCP, start_date=ehcp_from))


def _peps_for(
    rng, child_id, period_id, dob, start, last_day, calendar, meets, not_meets, worker_on, today
) -> list[Pep]:
    """The PEPs of one period of care, on the timescales of education.deadline_rules.pep_initial and
    pep_termly: the first within 10 working days (most), then one in most terms."""
    made: list[Pep] = []
    used: set[date] = set()

    def add(meeting: date, completed: date | None) -> None:
        if meeting > last_day or meeting in used or meeting < start:
            return
        if completed is not None and completed > today:
            completed = None
        used.add(meeting)
        roll = rng.random()
        rating = None
        if completed is not None and roll < RATED_MEETS + RATED_NOT:
            rating = rng.choice(meets if roll < RATED_MEETS else not_meets)
        recorder = worker_on(child_id, meeting)
        rated_on = None
        if rating is not None and completed is not None:
            rated_on = min(today, completed + timedelta(days=rng.randint(0, 14)))
        made.append(
            Pep(
                child_id=child_id,
                period_id=period_id,
                meeting_date=meeting,
                completed_date=completed,
                attendees=rng.choice(ATTENDEES),
                child_views=rng.choice(VIEWS),
                targets=rng.choice(TARGETS),
                rating=rating,
                rated_by_id=recorder if rating else None,
                rated_on=rated_on,
                recorded_by_id=recorder,
            )
        )

    if 3 <= age_on(dob, start) < 18:
        if rng.random() < FIRST_PEP_ON_TIME:
            completed = calendar.add_working_days(start, rng.randint(3, 10))
        else:
            completed = calendar.add_working_days(start, rng.randint(11, 30))
        meeting = max(start, completed - timedelta(days=rng.randint(0, 3)))
        add(meeting, completed)
    for term in terms_after(start, last_day):
        if not 3 <= age_on(dob, term.start) < 18 or rng.random() >= TERM_PEP:
            continue
        # Meetings on a school day well inside the term, signed off within a week.
        latest = term.end - timedelta(days=8)
        if term.name == "summer":  # before the summer holidays
            latest = date(term.end.year, 7, 15)
        meeting = term.start + timedelta(days=rng.randint(7, max(7, (latest - term.start).days)))
        while not calendar.is_working_day(meeting):
            meeting += timedelta(days=1)
        add(meeting, meeting + timedelta(days=rng.randint(0, 7)))
    return made
