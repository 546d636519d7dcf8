"""A fictional council for demonstrations and benchmarks.

`build_demo(children=N, seed=S, today=D)` gives the same council, people and
children for the same arguments. Names are invented and obviously fictional.
Each child comes with a care history (demo/histories.py), and the
allocations follow it: the team, social workers and IROs through each period
of care, a personal adviser for eligible children and care leavers. Workers are
added to keep caseloads realistic whatever the number of children. Later parts
of the record (reviews, health...) add their own builders here as they arrive.
"""

import itertools
import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import OrganisationKind, PartnerOrganisation, Role, Team, User
from accounts.services import administrators_group
from casework.models import CaseNote, CaseNoteType, MissingEpisode, MissingKind, Visit
from children import codes
from children.models import (
    Address,
    Adoption,
    Allocation,
    AllocationKind,
    Child,
    ChildShare,
    LegalStatusRecord,
    Nationality,
    PeriodOfCare,
    PermanencePlanRecord,
    Placement,
    Relationship,
    Sex,
    Warning,
)
from core.exceptions import ApplicationError
from deadlines.services import recompute as recompute_deadlines
from demo import bulk
from demo.bulk import BATCH
from demo.care_leavers import write_care_leavers
from demo.casework import write_youth_justice
from demo.education import build_education
from demo.health import write_health
from demo.histories import COUNCIL_FOSTERING_URN, ChildStory, HistoryWriter, birthday, pick
from demo.postcodes import HOME_AREA, POSTCODES
from demo.resolutions import write_resolutions
from demo.reviews import write_review_work

FIRST_NAMES_F = [
    "Amara",
    "Bethany",
    "Chloe",
    "Daisy",
    "Eliza",
    "Freya",
    "Grace",
    "Hana",
    "Isla",
    "Jasmine",
    "Keira",
    "Layla",
    "Maya",
    "Nadia",
    "Olivia",
    "Poppy",
    "Ruby",
    "Sofia",
    "Tia",
    "Zara",
]
FIRST_NAMES_M = [
    "Aaron",
    "Bilal",
    "Callum",
    "Dylan",
    "Ethan",
    "Finley",
    "George",
    "Harvey",
    "Idris",
    "Jayden",
    "Kai",
    "Leo",
    "Mason",
    "Noah",
    "Oscar",
    "Reuben",
    "Samir",
    "Theo",
    "Tyler",
    "Zain",
]
# Invented surnames, so that no demo child shares a real family's name by design.
SURNAMES = [
    "Applebury",
    "Brackenholt",
    "Cinderfield",
    "Dovecote",
    "Elderwick",
    "Fernwhistle",
    "Gorsebrook",
    "Hazelmere",
    "Ivybridge-Lane",
    "Juniperton",
    "Kestrelford",
    "Larkspur",
    "Marigoldson",
    "Nettlecombe",
    "Oakhollow",
    "Pebblestone",
    "Quillfeather",
    "Rowanberry",
    "Sorrelby",
    "Thistlewood",
    "Umberfield",
    "Violetmoor",
    "Willowmere",
    "Yarrowby",
]

TEAMS = [
    "Children in Care North",
    "Children in Care South",
    "Leaving Care",
    "IRO Service",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    team: str | None
    full_name: str


# The demo's partner organisations, by the username of their demo user.
DEMO_PARTNERS = {
    "health.partner": ("Harbourside Community Health (demo)", OrganisationKind.HEALTH),
    "virtual.school": ("Harbour Virtual School (demo)", OrganisationKind.VIRTUAL_SCHOOL),
}

DEMO_USERS = [
    DemoLogin("social.worker", Role.SOCIAL_WORKER, "Children in Care North", "Sam Worker"),
    DemoLogin("team.manager", Role.TEAM_MANAGER, "Children in Care North", "Tara Manager"),
    DemoLogin("iro", Role.IRO, "IRO Service", "Ira Reviewer"),
    DemoLogin("iro.manager", Role.IRO_MANAGER, "IRO Service", "Pat Principal"),
    DemoLogin("personal.adviser", Role.PERSONAL_ADVISER, "Leaving Care", "Alex Adviser"),
    DemoLogin("business.support", Role.BUSINESS_SUPPORT, "Children in Care North", "Bo Support"),
    DemoLogin("senior.manager", Role.SENIOR_MANAGER, None, "Sid Director"),
    DemoLogin("health.partner", Role.PARTNER, None, "Hal Nurse"),
    DemoLogin("virtual.school", Role.PARTNER, None, "Vic Teacher"),
    DemoLogin("admin", Role.ADMINISTRATOR, None, "Ada Admin"),
]

# Team managers besides the demo ones. Workers (social workers, IROs, personal
# advisers) are added to fit the caseloads: see CASELOADS.
EXTRA_MANAGERS = [
    (Role.TEAM_MANAGER, "Children in Care South", 1),
    (Role.TEAM_MANAGER, "Leaving Care", 1),
]


@dataclass(frozen=True)
class Caseload:
    """A pool of workers: how many children the demo user holds, and the others."""

    role: str
    team: str
    demo_user: str | None
    demo_range: tuple[int, int]
    per_worker: int
    at_least: int


# Typical caseloads: 15-25 children per social worker, 50-70 per IRO (IRO
# Handbook), about 20 care leavers per personal adviser; the demo personal
# adviser has just a handful so that their pages are easy to look through.
CASELOADS = {
    "sw:Children in Care North": Caseload(
        Role.SOCIAL_WORKER, "Children in Care North", "social.worker", (17, 23), 18, 2
    ),
    "sw:Children in Care South": Caseload(
        Role.SOCIAL_WORKER, "Children in Care South", None, (0, 0), 18, 2
    ),
    "iro": Caseload(Role.IRO, "IRO Service", "iro", (55, 65), 60, 2),
    "pa": Caseload(Role.PERSONAL_ADVISER, "Leaving Care", "personal.adviser", (6, 10), 20, 1),
}
# Why a later social worker was allocated (FCONTA is only for the first of a period).
SW_CHANGE_REASONS = {
    "LEFTRL": 28,
    "MANAGE": 25,
    "TSPROC": 10,
    "ORGRST": 8,
    "CHCHAN": 8,
    "ABSENC": 7,
    "PCCHAN": 4,
    "OTHERS": 2,
}


@dataclass
class DemoResult:
    children: int = 0
    users: list[DemoLogin] = field(default_factory=list)


def demo_data_exists() -> bool:
    return Child.objects.exists() or User.objects.filter(username="social.worker").exists()


def _name(rng: random.Random, sex: str) -> tuple[str, str]:
    pool = FIRST_NAMES_F if sex == Sex.FEMALE else FIRST_NAMES_M
    return rng.choice(pool), rng.choice(SURNAMES)


@transaction.atomic
def build_demo(*, children: int, seed: int, today: date) -> DemoResult:
    """Create the demo council. Refuses where demo data is not allowed (production)."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ApplicationError("Demo data cannot be created with production settings.")
    if demo_data_exists():
        raise ApplicationError(
            "The database already holds data; demo data goes only into an empty one."
        )
    rng = random.Random(seed)
    password = make_password(settings.DEMO_PASSWORD)

    teams = {name: Team.objects.create(name=name) for name in TEAMS}
    organisations = {
        username: PartnerOrganisation.objects.create(name=name, kind=kind)
        for username, (name, kind) in DEMO_PARTNERS.items()
    }
    users: dict[str, User] = {}
    for number, login in enumerate(DEMO_USERS, start=1):
        first, last = login.full_name.split(" ", 1)
        users[login.username] = User.objects.create(
            username=login.username,
            first_name=first,
            last_name=last,
            email=f"{login.username}@example.org",
            role=login.role,
            team=teams[login.team] if login.team else None,
            partner_organisation=organisations.get(login.username),
            sw_registration=_sw_registration(login.role, 900000 + number),
            # The demo's administrator manages accounts, teams and settings in the admin
            # site through the administrators' group, and is no superuser (decision 0021).
            is_staff=login.role == Role.ADMINISTRATOR,
            password=password,
        )
        if login.role == Role.ADMINISTRATOR:
            users[login.username].groups.add(administrators_group())
    teams["Children in Care North"].manager = users["team.manager"]
    teams["IRO Service"].manager = users["iro.manager"]
    staff = _Staff(rng=rng, password=password, teams=teams)
    for role, team_name, how_many in EXTRA_MANAGERS:
        for user in staff.add(role, team_name, how_many):
            if teams[team_name].manager is None:
                teams[team_name].manager = user
    for team in teams.values():
        team.save()

    writer = HistoryWriter(
        seed=seed, today=today, children=children, council=settings.COUNCIL_DFE_CODE
    )
    stories = [
        writer.story(
            number, first_name_f=FIRST_NAMES_F, first_name_m=FIRST_NAMES_M, surnames=SURNAMES
        )
        for number in range(1, children + 1)
    ]
    created = _write_children(stories)
    _write_histories(stories, created)
    _write_euss(stories, created, seed=seed, today=today, worker=users["social.worker"])
    slots = _plan_allocations(stories, seed=seed, today=today)
    _assign_workers(slots, users=users, staff=staff, rng=rng)
    bulk_create_with_history(
        [
            Allocation(
                child=created[slot.child],
                kind=slot.kind,
                worker=slot.worker,
                team=teams[slot.pool] if slot.kind == AllocationKind.TEAM else None,
                start_date=slot.start,
                end_date=slot.end,
                start_reason=slot.reason,
            )
            for slot in slots
        ],
        Allocation,
        batch_size=BATCH,
    )
    _write_casework(created, seed=seed, today=today)
    _write_case_notes(created, seed=seed, today=today)
    _write_care_plans_and_reviews(created, seed=seed, today=today)
    write_review_work(created, seed=seed, today=today)
    write_resolutions(created, seed=seed, today=today)
    write_health(created, seed=seed, today=today)
    write_youth_justice(created, seed=seed, today=today)
    build_education(created, seed=seed, today=today)
    write_care_leavers(created, seed=seed, today=today)
    _write_sharing(created, organisations=organisations, by=users["social.worker"], today=today)
    # Bulk writes queue no recompute (deadlines.triggers): one set-based pass instead.
    recompute_deadlines(today=today)
    return DemoResult(children=len(created), users=list(DEMO_USERS))


# Registered social workers: those who hold children and those who manage or review
# their work. Each has a Social Work England registration number (the 903 SW_ID).
REGISTERED_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO, Role.IRO_MANAGER})


def _sw_registration(role: str, number: int) -> str:
    """A made-up registration number, unique in the demo (SW100001, ...)."""
    return f"SW{number}" if role in REGISTERED_ROLES else ""


class _Staff:
    """Creates the demo council's other workers, named and numbered as they are added."""

    def __init__(self, *, rng: random.Random, password: str, teams: dict[str, Team]) -> None:
        self.rng, self.password, self.teams = rng, password, teams
        self.counter = 0

    def add(self, role: str, team_name: str, how_many: int) -> list[User]:
        new = []
        for _ in range(how_many):
            self.counter += 1
            sex = self.rng.choice([Sex.FEMALE, Sex.MALE])
            first, last = _name(self.rng, sex)
            new.append(
                User(
                    username=f"{role.replace('_', '.')}.{self.counter}",
                    first_name=first,
                    last_name=last,
                    role=role,
                    team=self.teams[team_name],
                    password=self.password,
                    email=f"{role}.{self.counter}@example.org",
                    sw_registration=_sw_registration(role, 100000 + self.counter),
                )
            )
        return bulk_create_with_history(new, User, batch_size=BATCH) if new else []


def _write_children(stories: list[ChildStory]) -> list[Child]:
    new_children = [
        Child(
            la_reference=f"HB{story.number:06d}",
            first_name=story.first_name,
            last_name=story.last_name,
            date_of_birth=story.date_of_birth,
            sex=story.sex,
            ethnicity=story.ethnicity,
            upn=story.upn,
            upn_unknown_reason=story.upn_unknown_reason,
            nhs_number=story.nhs_number,
            place_of_birth=story.place_of_birth,
            first_language=story.first_language,
            religion=story.religion,
            disability=story.disability,
            uasc=story.uasc,
            uasc_start=story.uasc_start,
            uasc_end=story.uasc_end,
            age_assessment_date=story.age_assessment_date,
            age_assessment_outcome=story.age_assessment_outcome,
            is_mother=story.is_mother,
            mothers_child_dob=story.mothers_child_dob,
        )
        for story in stories
    ]
    created = bulk_create_with_history(new_children, Child, batch_size=BATCH)
    if created and created[0].pk is None:  # SQLite before 3.35 returns no ids
        created = list(Child.objects.order_by("pk"))
    return created


def _write_histories(stories: list[ChildStory], created: list[Child]) -> None:
    """Identity details, family and the care history, in bulk, model by model."""
    nationalities, addresses, relatives, warnings = [], [], [], []
    periods: list[PeriodOfCare] = []
    plans: list[PermanencePlanRecord] = []
    for story, child in zip(stories, created, strict=True):
        nationalities += [Nationality(child=child, country=c) for c in story.nationalities]
        addresses += [
            Address(
                child=child,
                line_1=a.line_1,
                town=a.town,
                postcode=a.postcode,
                start_date=a.start,
                end_date=a.end,
            )
            for a in story.addresses
        ]
        relatives += [
            Relationship(
                child=child,
                name=r.name,
                relationship=r.relationship,
                parental_responsibility=r.parental_responsibility,
                contact_details=r.contact_details,
                notes=r.notes,
            )
            for r in story.relatives
        ]
        warnings += [
            Warning(child=child, text=text, start_date=start, end_date=end)
            for text, start, end in story.warnings
        ]
        for period in story.periods:
            periods.append(
                PeriodOfCare(
                    child=child,
                    start_date=period.start,
                    end_date=period.end,
                    category_of_need=period.category_of_need,
                    reason_ceased=period.reason_ceased,
                    previous_permanence=period.previous_permanence,
                    previous_permanence_la=period.previous_permanence_la,
                    previous_permanence_date=period.previous_permanence_date,
                )
            )
            for index, (plan, start) in enumerate(period.plans):
                following = period.plans[index + 1][1] if index + 1 < len(period.plans) else None
                plans.append(
                    PermanencePlanRecord(
                        child=child, plan=plan, start_date=start, end_date=following or period.end
                    )
                )
    for model, rows in (
        (Nationality, nationalities),
        (Address, addresses),
        (Relationship, relatives),
        (Warning, warnings),
        (PermanencePlanRecord, plans),
    ):
        bulk_create_with_history(rows, model, batch_size=BATCH)
    periods = bulk_create_with_history(periods, PeriodOfCare, batch_size=BATCH)

    statuses, placements, adoptions = [], [], []
    stored = iter(periods)
    for story, child in zip(stories, created, strict=True):
        for period in story.periods:
            row = next(stored)
            statuses += [
                LegalStatusRecord(
                    child=child,
                    period=row,
                    code=s.code,
                    start_date=s.start,
                    end_date=s.end,
                    order_date=s.order_date,
                )
                for s in period.statuses
            ]
            placements += _placements_as_returned(story, period, child, row)
            if period.adoption is not None:
                a = period.adoption
                adoptions.append(
                    Adoption(
                        child=child,
                        period=row,
                        decision_date=a.decision_date,
                        match_date=a.match_date,
                        placed_date=a.placed_date,
                        ceased_date=a.ceased_date,
                        ceased_reason=a.ceased_reason,
                        adopters_were_foster_carers=a.adopters_were_foster_carers,
                        number_of_adopters=a.number_of_adopters,
                        adopters_sex=a.adopters_sex,
                        adopters_legal_status=a.adopters_legal_status,
                    )
                )
    bulk_create_with_history(statuses, LegalStatusRecord, batch_size=BATCH)
    bulk_create_with_history(placements, Placement, batch_size=BATCH)
    bulk_create_with_history(adoptions, Adoption, batch_size=BATCH)


EUSS_ORGANISATIONS = ["Harbourside Law Centre (demo)", "Harbourside Migrant Support (demo)"]
# How the demo's EU, EEA and Swiss children stand with the scheme: most granted,
# some still waiting, a few missed (no record) for the retrospective checks to find.
EUSS_STATUS_WEIGHTS = {
    "none": 6,
    "not_eligible": 5,
    "not_applied": 9,
    "applied": 10,
    "refused": 3,
    "appeal": 2,
    "pre_settled": 35,
    "settled": 30,
}


def _write_euss(
    stories: list[ChildStory], created: list[Child], *, seed: int, today: date, worker: User
) -> None:
    """EU Settlement Scheme records for children with an EU, EEA or Swiss nationality
    (about 2.5% of children), and a few family members of EU nationals.

    Uses its own random stream so the rest of the demo is the same with or without it.
    """
    from euss.models import EussRecord, EussStatus

    rng = random.Random(zlib.crc32(f"euss-{seed}".encode()))
    records = []

    def days(lo: int, hi: int) -> timedelta:
        return timedelta(days=rng.randint(lo, hi))

    for story, child in zip(stories, created, strict=True):
        eu = [c for c in story.nationalities if c in codes.EUSS_COUNTRIES]
        family = not eu and "GB" not in story.nationalities and rng.random() < 0.1
        family = family and not story.uasc
        if not eu and not family:
            continue
        dob = story.date_of_birth
        entered = story.periods[0].start if story.periods else dob
        status = pick(rng, EUSS_STATUS_WEIGHTS)
        if family:
            status = rng.choice(["not_applied", "applied", "pre_settled"])
        if status == "none":
            continue
        identified = min(today, max(entered, dob) + days(0, 60))
        record = EussRecord(
            child=child,
            status=status,
            identified_date=identified,
            family_member=family,
            family_member_reason="Child of a Polish mother living in the UK" if family else "",
        )
        if status == "not_eligible":
            record.identified_date = None
            record.retrospective_check_notes = (
                "British citizen by birth: the scheme does not apply"
                if "GB" in story.nationalities
                else "Arrived after 31 December 2020 with no family member under the scheme"
            )
            record.retrospective_check_date = identified
            records.append(record)
            continue
        coa = identified + days(10, 120)
        granted = coa + days(20, 240)
        if status in ("applied", "refused", "appeal", "pre_settled", "settled"):
            if coa > today:
                record.status = status = "not_applied"
            else:
                record.coa_date = coa
                record.coa_reference = f"CoA-{rng.randint(10**7, 10**8 - 1)}"
                record.home_office_reference = f"HO{rng.randint(10**7, 10**8 - 1)}"
        if status in ("pre_settled", "settled") and granted > today:
            record.status = status = EussStatus.APPLIED
        if status == "pre_settled":
            record.pre_settled_date = granted
            record.pre_settled_expiry = granted + timedelta(days=5 * 365 + 1)
            if rng.random() < 0.6:
                # Continuous residence from birth or from arrival, some years before the grant.
                record.residence_start = max(dob, granted - days(0, 5 * 365))
        elif status == "settled":
            record.settled_date = granted
            record.residence_start = max(dob, granted - days(5 * 365 + 1, 10 * 365))
            if record.residence_start > granted - timedelta(days=5 * 365):
                record.residence_start = None
        if rng.random() < 0.7:
            record.supporting_organisation = rng.choice(EUSS_ORGANISATIONS)
        else:
            record.supported_by = worker
        check = date(2023, rng.randint(1, 12), rng.randint(1, 28))
        if dob <= check <= today and rng.random() < 0.5:
            record.retrospective_check_date = check
            record.retrospective_check_notes = "Nationality confirmed from the passport"
        records.append(record)
    if records:
        bulk_create_with_history(records, EussRecord, batch_size=BATCH)


def _placements_as_returned(story, period, child: Child, row: PeriodOfCare) -> list[Placement]:
    """The period's placements, squared with what the DfE's rules expect of a return:
    no provider on temporary and 'other' placements (rule 213), the council's own provision
    inside its area (1015), an Ofsted URN where one is needed (218), a UASC's home postcode
    left blank (406), and a new postcode at each move (392d, 435)."""
    home = "" if story.uasc else period.home_postcode
    placements: list[Placement] = []
    previous_postcode = ""
    for p in period.placements:
        provider = "" if p.placement_type in codes.NO_PROVIDER_PLACEMENTS else p.provider
        if provider == "PR1" and not p.in_council_area:
            provider = "PR2"
        urn = p.urn
        if not urn and p.placement_type not in codes.NO_URN_PLACEMENTS:
            urn = COUNCIL_FOSTERING_URN if provider == "PR1" else _urn_for(p.carer_name)
        postcode = p.postcode
        if p.same_carer_as_previous and previous_postcode:
            postcode = previous_postcode  # the same carers, at the same address
        elif p.placement_type != "P1" and postcode in (home, previous_postcode):
            postcode = _another_postcode(
                postcode, p.in_council_area, avoid={home, previous_postcode}
            )
        previous_postcode = postcode
        placements.append(
            Placement(
                child=child,
                period=row,
                placement_type=p.placement_type,
                provider=provider,
                carer_name=p.carer_name,
                urn=urn,
                address=_street_address(postcode, p.carer_name) if p.placement_type != "P1" else "",
                postcode=postcode,
                home_postcode=home,
                in_council_area=p.in_council_area,
                start_date=p.start,
                end_date=p.end,
                same_carer_as_previous=p.same_carer_as_previous,
                reason_for_change=p.reason_for_change,
                planned_ending=p.planned_ending,
                intended_until_18=p.intended_until_18,
            )
        )
    return placements


STREETS = [
    "Harbour Road",
    "Quay Street",
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Park Avenue",
    "Victoria Terrace",
    "Orchard Close",
    "Meadow Way",
    "High Street",
]


def _street_address(postcode: str, carer_name: str) -> str:
    """A made-up street address for a placement, the same for the same carers."""
    picker = random.Random(zlib.crc32(f"{postcode}|{carer_name}".encode()))
    return f"{picker.randint(1, 180)} {picker.choice(STREETS)}"


def _urn_for(name: str) -> str:
    """A stable, fictional Ofsted URN for an agency carer or home."""
    return f"SC{zlib.crc32(name.encode()) % 900000 + 100000}"


def _another_postcode(postcode: str, in_area: bool, *, avoid: set[str]) -> str:
    pool = POSTCODES[HOME_AREA] if in_area else POSTCODES["birmingham"]
    start = pool.index(postcode) + 1 if postcode in pool else 0
    for candidate in pool[start:] + pool[:start]:
        if candidate not in avoid:
            return candidate
    return postcode


# --- allocations ------------------------------------------------------------------


@dataclass
class _Slot:
    """One allocation to be written; `pool` is the team's name or a CASELOADS key."""

    child: int
    kind: str
    pool: str
    start: date
    end: date | None = None
    reason: str = ""
    worker: User | None = None
    follows: "_Slot | None" = None  # the allocation of this kind that came after it


def _eligible_from(story: ChildStory, today: date) -> date | None:
    """The day the child became an 'eligible' child (looked after for 13 weeks since 14,
    and 16 or over), judged on the latest period of care; None if they never did."""
    period = story.periods[-1]
    dob = story.date_of_birth
    counted_from = max(period.start, birthday(dob, 14))
    eligible = max(birthday(dob, 16), counted_from + timedelta(days=91))
    last_day = (period.end - timedelta(days=1)) if period.end else today
    return eligible if eligible <= last_day else None


# Share of periods of care in which the IRO is allocated late (3-10 working days after
# the child became looked after) rather than on the day.
LATE_IRO_ALLOCATIONS = 0.05


def _plan_allocations(stories: list[ChildStory], *, seed: int, today: date) -> list[_Slot]:
    """Who held each child when: team, social worker and IRO through each period of care,
    and a personal adviser for eligible children and care leavers."""
    from deadlines.calendar import WorkingCalendar

    slots: list[_Slot] = []
    # Its own stream, so that the other allocations are the same with or without it.
    late_iro, calendar = random.Random(f"{seed}:late-iro"), WorkingCalendar()
    for index, story in enumerate(stories):
        crng = random.Random(f"{seed}:allocations:{story.number}")
        team = "Children in Care North" if crng.random() < 0.5 else "Children in Care South"
        eligible = _eligible_from(story, today)
        carried: date | None = None
        for period in story.periods:
            latest = period is story.periods[-1]
            care_leaver = latest and period.end is not None and eligible is not None
            horizon = period.end or today
            # The team holds the child from the start; a care leaver passes to Leaving Care.
            if latest and period.end is not None and not care_leaver:
                slots.append(_Slot(index, AllocationKind.TEAM, team, period.start))
            else:
                slots.append(_Slot(index, AllocationKind.TEAM, team, period.start, period.end))
            if care_leaver:
                slots.append(_Slot(index, AllocationKind.TEAM, "Leaving Care", horizon))
            # Social workers: about one change in three years of care.
            in_care = (horizon - period.start).days
            drawn = {
                period.start + timedelta(days=crng.randint(30, in_care))
                for _ in range(in_care // 365 + 1)
                if in_care > 60 and crng.random() < 0.3
            }
            changes = sorted(d for d in drawn if d < horizon)[:3]
            # The social worker stays allocated after care ends, as the 903 expects (DfE rule
            # SW17STG2), until the day before a later period of care brings a first contact
            # (FCONTA must start after the previous worker ended: rule SW10bSTG2).
            following = None if latest else story.periods[story.periods.index(period) + 1]
            until = following.start - timedelta(days=1) if following else None
            first = carried or period.start
            if until is not None and (until - first).days < SW_MIN_DAYS:
                # Too short for a worker of its own: the first contact's worker carries on
                # into the next period of care (its reasons drawn all the same, so that
                # the child's later allocations are as they would be).
                carried = first
                for _ in changes:
                    pick(crng, SW_CHANGE_REASONS)
            else:
                carried = None
                slots += _sw_chain(index, team, first, changes, until, crng)
            # The IRO: allocated on entry (now and then a few working days late), changed
            # now and then.
            iro = _Slot(index, AllocationKind.IRO, "iro", period.start, period.end)
            if late_iro.random() < LATE_IRO_ALLOCATIONS:
                late = calendar.add_working_days(period.start, late_iro.randint(3, 10))
                if late < horizon or (period.end is None and late <= today):
                    iro.start = late
            slots.append(iro)
            if (horizon - period.start).days > 120 and crng.random() < 0.15:
                on = period.start + timedelta(days=crng.randint(60, (horizon - period.start).days))
                if on < horizon:
                    successor = _Slot(index, AllocationKind.IRO, "iro", on, period.end)
                    iro.end, iro.follows = on, successor
                    slots.append(successor)
        if eligible is not None:
            period = story.periods[-1]
            start = eligible + timedelta(days=crng.randint(0, 150))
            if period.end is not None:
                start = min(start, period.end)
            if start <= today:
                pa = _Slot(index, AllocationKind.PERSONAL_ADVISER, "pa", start)
                twenty_one = birthday(story.date_of_birth, 21)
                if twenty_one <= today and crng.random() < 0.6:
                    pa.end = twenty_one
                slots.append(pa)
    return slots


# A social worker episode lasts at least 3 days: the DfE's rule SW09STG2 ("less than 24
# hours") counts anything shorter.
SW_MIN_DAYS = 3


def _sw_chain(
    index: int,
    team: str,
    first: date,
    changes: list[date],
    until: date | None,
    crng: random.Random,
) -> list[_Slot]:
    """The social workers of one period of care from `first`, changing on `changes`, the
    last one open or ending on `until`; a change too soon after the previous one (or too
    close to `until`) does not happen. SW_REASON says why each worker was allocated:
    FCONTA for the first of a period."""
    starts = [first]
    for on in changes:
        if (on - starts[-1]).days >= SW_MIN_DAYS and (
            until is None or (until - on).days >= SW_MIN_DAYS
        ):
            starts.append(on)
    reasons = ["FCONTA"] + [pick(crng, SW_CHANGE_REASONS) for _ in changes]
    chain = [
        _Slot(index, AllocationKind.SOCIAL_WORKER, f"sw:{team}", on, reason=reason)
        for on, reason in zip(starts, reasons, strict=False)
    ]
    for earlier, later in itertools.pairwise(chain):
        earlier.end, earlier.follows = later.start, later
    chain[-1].end = until
    return chain


def _assign_workers(
    slots: list[_Slot], *, users: dict[str, User], staff: _Staff, rng: random.Random
) -> None:
    """Deal the open allocations to workers at realistic caseloads (adding workers as the
    council grows), then name the earlier holders."""
    pools: dict[str, list[User]] = {}
    for key, caseload in CASELOADS.items():
        open_slots = [s for s in slots if s.pool == key and s.end is None]
        rng.shuffle(open_slots)
        demo = users[caseload.demo_user] if caseload.demo_user else None
        held = 0
        if demo is not None and open_slots:
            held = min(rng.randint(*caseload.demo_range), max(1, len(open_slots) // 2))
            for slot in open_slots[:held]:
                slot.worker = demo
        rest = open_slots[held:]
        how_many = max(caseload.at_least, round(len(rest) / caseload.per_worker))
        others = staff.add(caseload.role, caseload.team, how_many)
        for number, slot in enumerate(rest):
            slot.worker = others[number % len(others)]
        pools[key] = ([demo] if demo else []) + others
    # Earlier holders, latest first, so that each differs from the one who followed.
    for slot in reversed(slots):
        if slot.kind == AllocationKind.TEAM or slot.worker is not None:
            continue
        candidates = pools[slot.pool]
        following = slot.follows.worker if slot.follows else None
        choice = candidates[rng.randrange(len(candidates))]
        while choice == following:
            choice = candidates[rng.randrange(len(candidates))]
        slot.worker = choice


# --- casework: statutory visits and missing episodes ------------------------------------

VISIT_NOTES = [
    "Settled; talked about school and contact with family.",
    "Spoke with the carers about routines and health appointments.",
    "Worries about a friendship group; safety plan reviewed.",
    "Preparing for the review; views recorded.",
    "Quiet visit; played a board game and talked about the weekend.",
    "",
    "",
]
WHERE_FOUND = [
    "A friend's house nearby",
    "Town centre, found by police",
    "Returned to placement on their own",
    "Family home",
    "Bus station",
    "Another friend's flat, out of area",
]
# Share of visits made late, and of 12-17 year olds who go missing.
LATE_VISITS = 0.08
MISSING_SHARE = 0.10


def _write_casework(children: list[Child], *, seed: int, today: date) -> None:
    """Visits to each child, roughly on the reg 28 schedule (some late), by the social
    worker allocated that day; and missing or away episodes for about one in ten of the
    12-17 year olds in care, a few of them missing now."""
    rng = random.Random(f"casework-{seed}")
    ids = [c.pk for c in children]
    placements: dict[int, list[Placement]] = {}
    for p in (
        Placement.objects.filter(child_id__in=ids)
        .select_related("period")
        .order_by("child_id", "start_date", "pk")
    ):
        placements.setdefault(p.child_id, []).append(p)
    workers: dict[int, list[Allocation]] = {}
    for a in (
        Allocation.objects.filter(child_id__in=ids, kind=AllocationKind.SOCIAL_WORKER)
        .select_related("worker")
        .order_by("start_date", "pk")
    ):
        workers.setdefault(a.child_id, []).append(a)
    open_periods = {
        p.child_id: p for p in PeriodOfCare.objects.filter(child_id__in=ids, end_date__isnull=True)
    }
    latest_change: dict[int, date] = {}
    for status in LegalStatusRecord.objects.filter(child_id__in=ids, end_date__isnull=True):
        latest_change[status.child_id] = max(
            status.start_date, latest_change.get(status.child_id, status.start_date)
        )
    # The days a child's 903 episode changed (a move or a new legal status): a missing
    # episode ends by the end of the placement and the episode it started in.
    changes: dict[int, set[date]] = {}
    for child_id, start in LegalStatusRecord.objects.filter(child_id__in=ids).values_list(
        "child_id", "start_date"
    ):
        changes.setdefault(child_id, set()).add(start)
    for child_id, moves in placements.items():
        changes.setdefault(child_id, set()).update(p.start_date for p in moves)

    # Care orders made (reg 28(5): a child at home is visited within a week of one).
    care_orders: dict[int, list[date]] = {}
    for child_id, made in LegalStatusRecord.objects.filter(child_id__in=ids, code="C2").values_list(
        "child_id", "start_date"
    ):
        care_orders.setdefault(child_id, []).append(made)

    visits: list[Visit] = []
    episodes: list[MissingEpisode] = []
    for child in children:
        for placement in placements.get(child.pk, []):
            visits += _visits_in(
                child,
                placement,
                workers.get(child.pk, []),
                rng,
                today,
                care_orders=care_orders.get(child.pk, []),
            )
        period = open_periods.get(child.pk)
        age = (today - child.date_of_birth).days // 365
        if period is not None and 12 <= age <= 17 and rng.random() < MISSING_SHARE:
            current = placements[child.pk][-1]
            last_episode = max(current.start_date, latest_change.get(child.pk, current.start_date))
            episodes += _missing_for(
                child, period, last_episode, rng, today, changes=sorted(changes[child.pk])
            )
    bulk.bulk_create_with_history(visits, Visit)
    bulk_create_with_history(episodes, MissingEpisode, batch_size=BATCH)


# A child living with a parent (P1) is visited weekly until the first review, which the
# demo holds within 20 working days of entering care or up to 35 days late (about 10
# weeks at most), then at most every 4 weeks: reg 28(3) to (5) at their strictest.
AT_HOME_WEEKLY_DAYS = 70


def _visits_in(
    child: Child,
    placement: Placement,
    workers: list[Allocation],
    rng: random.Random,
    today: date,
    *,
    care_orders: list[date] | None = None,
) -> list[Visit]:
    from casework.timescales import first_anniversary

    end = min(placement.end_date or today, today)
    if placement.end_date is None and rng.random() < LATE_VISITS:
        end -= timedelta(days=rng.randint(50, 90))  # a visit overdue now
    anniversary = first_anniversary(placement.start_date)

    def late(on_time: int) -> int:
        return on_time + rng.randint(1, 14) if rng.random() < LATE_VISITS else on_time

    made = []
    on = placement.start_date + timedelta(days=late(rng.randint(0, 7)))
    while on < end or (on == end and placement.end_date is None):
        worker = next(
            (
                a.worker
                for a in reversed(workers)
                if a.start_date <= on and (a.end_date is None or on < a.end_date)
            ),
            None,
        )
        if worker is not None:
            young = (on - child.date_of_birth).days < 5 * 365
            made.append(
                Visit(
                    child=child,
                    visit_date=on,
                    seen_alone=not young and rng.random() < 0.85,
                    bedroom_seen=rng.random() < 0.8,
                    visited_by=worker,
                    notes=rng.choice(VISIT_NOTES),
                )
            )
        if placement.placement_type == "P1":
            weekly = on < placement.period.start_date + timedelta(days=AT_HOME_WEEKLY_DAYS)
            following = on + timedelta(
                days=late(rng.randint(5, 7) if weekly else rng.randint(21, 28))
            )
            # A care order made at home before that visit: one within a week of it.
            made_since = [m for m in care_orders or [] if on < m < following]
            if made_since:
                following = min(following, min(made_since) + timedelta(days=rng.randint(0, 7)))
            on = following
        elif on < anniversary or not placement.intended_until_18:
            on += timedelta(days=late(rng.randint(21, 42)))
        else:
            on += timedelta(days=late(rng.randint(56, 90)))
    return made


def _missing_for(
    child: Child,
    period: PeriodOfCare,
    last_episode: date,
    rng: random.Random,
    today: date,
    *,
    changes: list[date],
) -> list[MissingEpisode]:
    """One to four episodes in the last 18 months of the current period of care, none
    overlapping, each over by the next change of placement or legal status (`changes`)
    and none starting on such a change (the DfE's rule 575 counts that day in the episode
    that ended); now and then the latest is still open (it starts after the child's latest
    903 episode began, as the DfE rules expect of an open one)."""
    earliest = max(period.start_date, today - timedelta(days=540))
    found = []
    on = earliest + timedelta(days=rng.randint(0, 60))
    for _ in range(rng.randint(1, 4)):
        if on >= today - timedelta(days=10):
            break
        kind = MissingKind.MISSING if rng.random() < 0.7 else MissingKind.AWAY
        if on in changes:
            on += timedelta(days=1)
        back = min(on + timedelta(days=rng.randint(0, 5)), today)
        back = min([back, *(c for c in changes if c > on)])
        offered = rng.random() < 0.9
        found.append(
            MissingEpisode(
                child=child,
                kind=kind,
                start_date=on,
                end_date=back,
                where_found=rng.choice(WHERE_FOUND),
                return_interview_offered=offered,
                return_interview_accepted=offered and rng.random() < 0.6,
            )
        )
        on = back + timedelta(days=rng.randint(20, 150))
    start = max(today - timedelta(days=rng.randint(0, 3)), last_episode + timedelta(days=1))
    latest_end = found[-1].end_date if found else None
    if rng.random() < 0.15 and start <= today and (latest_end is None or latest_end <= start):
        found.append(
            MissingEpisode(
                child=child,
                kind=MissingKind.MISSING,
                start_date=start,
                end_date=None,
                where_found="",
            )
        )
    return found


# --- casework: case notes -----------------------------------------------------------

# (type, subject, text): fictional, and general enough for any child.
CASE_NOTES = [
    (
        CaseNoteType.PHONE_CALL,
        "Call with the foster carer",
        "Carer reports a settled fortnight. Sleeping better and eating well. Asked for the "
        "dates of the next contact.",
    ),
    (
        CaseNoteType.PHONE_CALL,
        "Call with school",
        "Designated teacher says attendance has improved this term. PEP meeting to be booked.",
    ),
    (
        CaseNoteType.MEETING,
        "Professionals meeting",
        "Met with the school, the health visitor and the carers. Agreed actions: update the "
        "health assessment and review contact arrangements.",
    ),
    (
        CaseNoteType.MEETING,
        "Contact review",
        "Contact with mum is going well. Agreed to keep it fortnightly and supervised.",
    ),
    (
        CaseNoteType.DIRECT_WORK,
        "Life story work",
        "Looked at photos from when they were younger and talked about who is in the family. "
        "Engaged well and asked to continue next time.",
    ),
    (
        CaseNoteType.DIRECT_WORK,
        "Wishes and feelings",
        "Used the three houses tool. Happy at the placement; worried about a friend at school.",
    ),
    (
        CaseNoteType.EMAIL_OR_LETTER,
        "Letter to the birth parents",
        "Wrote to both parents with the date of the next review and how to give their views.",
    ),
    (
        CaseNoteType.EMAIL_OR_LETTER,
        "Email from the health team",
        "Review health assessment completed. Dental check due; carer will book it.",
    ),
    (
        CaseNoteType.VISIT,
        "Unannounced visit",
        "Home warm and tidy. Bedroom seen. No concerns raised by the child or the carers.",
    ),
    (
        CaseNoteType.OTHER,
        "Birthday",
        "Celebrated with the carers and a friend. Card and present sent by grandma.",
    ),
]
MANAGEMENT_DECISIONS = [
    (
        "Placement stability",
        "Agreed additional support for the carers for three months, to be reviewed at the "
        "next supervision.",
    ),
    (
        "Contact arrangements",
        "Contact with the father to stay supervised until the parenting assessment is complete.",
    ),
    (
        "Care plan",
        "Agreed to present the permanence plan at the next review. Social worker to update the "
        "care plan.",
    ),
]
# A few notes a year while in care (about one every two to four months) and the share of
# them that record a management decision.
CASE_NOTE_GAP_DAYS = (60, 120)
MANAGEMENT_DECISION_SHARE = 0.12


def _write_case_notes(children: list[Child], *, seed: int, today: date) -> None:
    """Case notes written by the social worker allocated at the time, through each period
    of care; about one in eight records a management decision."""
    rng = random.Random(f"case-notes-{seed}")
    ids = [c.pk for c in children]
    periods: dict[int, list[PeriodOfCare]] = {}
    for p in PeriodOfCare.objects.filter(child_id__in=ids).order_by("start_date", "pk"):
        periods.setdefault(p.child_id, []).append(p)
    workers: dict[int, list[Allocation]] = {}
    for a in (
        Allocation.objects.filter(child_id__in=ids, kind=AllocationKind.SOCIAL_WORKER)
        .select_related("worker")
        .order_by("start_date", "pk")
    ):
        workers.setdefault(a.child_id, []).append(a)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    notes: list[CaseNote] = []
    for child in children:
        allocated = workers.get(child.pk, [])
        for period in periods.get(child.pk, []):
            end = min(period.end_date or today, today)
            on = period.start_date + timedelta(days=rng.randint(1, 30))
            while on <= end:
                worker = next(
                    (
                        a.worker
                        for a in reversed(allocated)
                        if a.start_date <= on and (a.end_date is None or on < a.end_date)
                    ),
                    None,
                )
                if worker is not None:
                    if rng.random() < MANAGEMENT_DECISION_SHARE:
                        note_type = CaseNoteType.MANAGEMENT_DECISION
                        subject, text = rng.choice(MANAGEMENT_DECISIONS)
                    else:
                        note_type, subject, text = rng.choice(CASE_NOTES)
                    written = min(
                        now,
                        datetime.combine(
                            on, time(rng.randint(9, 17), rng.randint(0, 59)), tzinfo=tz
                        ),
                    )
                    notes.append(
                        CaseNote(
                            child=child,
                            note_type=note_type,
                            event_date=on,
                            subject=subject,
                            text=text,
                            author=worker,
                            management_decision=note_type == CaseNoteType.MANAGEMENT_DECISION,
                            created_at=written,
                        )
                    )
                on += timedelta(days=rng.randint(*CASE_NOTE_GAP_DAYS))
    bulk.bulk_create_with_history(notes, CaseNote)


# --- care plans and child-in-care reviews --------------------------------------------

# Shares that make the deadline work lists look like a council's: the first care plan of a
# period agreed within the reg 4 timescale, reviews held within the reg 33 timescales
# (seeds 001: about 89%), and reviews at which the IRO directs an earlier next review.
CARE_PLANS_ON_TIME = 0.90
REVIEWS_ON_TIME = 0.89
EARLIER_REVIEW_DIRECTED = 0.03
# Late records: care plans 11-30 working days after the first placement, reviews a few
# days to a few weeks after they were due.
LATE_CARE_PLAN_WORKING_DAYS = (11, 30)
LATE_REVIEW_DAYS = (2, 35)
# An IRO who directs an earlier review asks for it within 4 to 8 weeks.
DIRECTED_REVIEW_DAYS = (28, 56)
CARE_PLAN_SUMMARIES = [
    "Remain with the current carers; contact with mum fortnightly.",
    "Plan for a return home, with support from the family support team.",
    "Long-term fostering; life story work to continue.",
    "Assessment of the extended family as kinship carers.",
    "Stay in the placement; review of education support with the virtual school.",
    "Plan for adoption, subject to the court's decision.",
    "Pathway planning to begin; move to supported accommodation considered at 17.",
    "",
]


# How children aged 4 and over took part (seed 001: about 95% participate, most by
# attending and speaking for themselves or by conveying their views another way).
PARTICIPATION_CODES = ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"]
PARTICIPATION_WEIGHTS = [45, 5, 4, 3, 8, 30, 5]


def _write_care_plans_and_reviews(children: list[Child], *, seed: int, today: date) -> None:
    """Through every period of care: child-in-care reviews on the reg 33 cycle (most in
    time, some late, now and then an earlier review directed by the IRO), and the care plan,
    first agreed when the child is placed (most within 10 working days) and re-agreed after
    each review, recorded by the social worker allocated at the time.

    Uses its own random stream so the rest of the demo is the same with or without it.
    """
    from django.db.models import Min

    from casework.models import CarePlan
    from deadlines.calendar import WorkingCalendar
    from reviews.models import Review

    rng = random.Random(f"reviews-{seed}")
    # Participation has a stream of its own, so the dates are the same with or without it.
    taking_part = random.Random(f"participation-{seed}")
    born = dict(
        Child.objects.filter(pk__in=[c.pk for c in children]).values_list("pk", "date_of_birth")
    )
    calendar = WorkingCalendar()
    ids = [c.pk for c in children]
    first_placed = dict(
        Placement.objects.filter(child_id__in=ids)
        .values("period_id")
        .annotate(first=Min("start_date"))
        .values_list("period_id", "first")
    )
    workers: dict[int, list[tuple[int, date, date | None]]] = {}
    for child_id, worker_id, start, end in (
        Allocation.objects.filter(child_id__in=ids, kind=AllocationKind.SOCIAL_WORKER)
        .order_by("start_date", "pk")
        .values_list("child_id", "worker_id", "start_date", "end_date")
    ):
        workers.setdefault(child_id, []).append((worker_id, start, end))

    def recorder(child_id: int, on: date) -> int:
        allocated = workers[child_id]
        return next(
            (
                w
                for w, start, end in reversed(allocated)
                if start <= on and (end is None or on < end)
            ),
            allocated[0][0],
        )

    reviews: list[Review] = []
    plans: list[CarePlan] = []
    for period_id, child_id, start, end in (
        PeriodOfCare.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date")
        .values_list("pk", "child_id", "start_date", "end_date")
    ):
        # Reviews and plans are made while the child is looked after (before the day care
        # ends), and none after today.
        last_day = today if end is None else min(today, max(start, end - timedelta(days=1)))
        placed = first_placed.get(period_id, start)
        if rng.random() < CARE_PLANS_ON_TIME:
            agreed = calendar.add_working_days(placed, rng.randint(0, 10))
        else:
            agreed = calendar.add_working_days(placed, rng.randint(*LATE_CARE_PLAN_WORKING_DAYS))
        agreed_dates = [agreed] if agreed <= last_day else []
        for held_on, directed in _reviews_in(start, last_day, rng, calendar):
            reviews.append(
                Review(
                    child_id=child_id,
                    period_id=period_id,
                    held_on=held_on,
                    next_review_directed_by=directed,
                    participation=codes.participation_for_age(born[child_id], held_on)
                    or taking_part.choices(PARTICIPATION_CODES, PARTICIPATION_WEIGHTS)[0],
                )
            )
            reagreed = held_on + timedelta(days=rng.randint(0, 10))
            if reagreed <= last_day:
                agreed_dates.append(reagreed)
        plans += [
            CarePlan(
                child_id=child_id,
                agreed_date=on,
                summary=rng.choice(CARE_PLAN_SUMMARIES),
                recorded_by_id=recorder(child_id, on),
            )
            for on in agreed_dates
        ]
    bulk.bulk_create_with_history(reviews, Review)
    bulk.bulk_create_with_history(plans, CarePlan)


def _reviews_in(
    start: date, last_day: date, rng: random.Random, calendar
) -> list[tuple[date, date | None]]:
    """The reviews of a period of care that began on `start`, held up to `last_day`: (date
    held, the date the IRO directed the next review by, if earlier than the regulations).
    The timescales are deadlines.rules.cic_review's: the first within 20 working days, the
    second within 3 months of it, then every 6 months."""
    from dateutil.relativedelta import relativedelta

    held: list[tuple[date, date | None]] = []
    previous: date | None = None
    directed: date | None = None
    while True:
        if previous is None:
            due = calendar.add_working_days(start, 20)
            earliest = calendar.add_working_days(start, 10)
        elif directed is not None:
            due, earliest = directed, max(previous + timedelta(days=1), directed - timedelta(14))
        else:
            due = previous + relativedelta(months=3 if len(held) == 1 else 6)
            earliest = due - timedelta(days=28)
        if directed is not None or rng.random() < REVIEWS_ON_TIME:
            on = earliest + timedelta(days=rng.randint(0, (due - earliest).days))
            # Held on a working day, in time (and after the review before).
            while not calendar.is_working_day(on) and on > earliest:
                on -= timedelta(days=1)
        else:
            on = due + timedelta(days=rng.randint(*LATE_REVIEW_DAYS))
            while not calendar.is_working_day(on):
                on += timedelta(days=1)
        if on > last_day:
            return held
        directed = None
        if rng.random() < EARLIER_REVIEW_DIRECTED:
            directed = on + timedelta(days=rng.randint(*DIRECTED_REVIEW_DAYS))
        held.append((on, directed))
        previous = on


def _write_sharing(
    children: list[Child],
    *,
    organisations: dict[str, PartnerOrganisation],
    by: User,
    today: date,
) -> None:
    """The council shares the record of each child looked after in the last year with the
    health provider, and a school-age child's (4 to 17) with the virtual school, from the
    day the latest period of care started; sharing stops the day after the child left
    care (decision 0016)."""
    health = organisations["health.partner"]
    school = organisations["virtual.school"]
    latest: dict[int, PeriodOfCare] = {}
    for period in PeriodOfCare.objects.filter(child__in=children).order_by("start_date", "pk"):
        latest[period.child_id] = period
    born = {child.pk: child.date_of_birth for child in children}
    shares = []
    for child_pk, period in latest.items():
        end = period.end_date + timedelta(days=1) if period.end_date else None
        if end is not None and end > today:
            end = today
        if end is not None and today - end > timedelta(days=365):
            continue  # left care long ago: nothing shared any more
        organisations_for = [health]
        if 4 <= codes.age_on(born[child_pk], end or today) <= 17:
            organisations_for.append(school)
        for organisation in organisations_for:
            shares.append(
                ChildShare(
                    child_id=child_pk,
                    organisation=organisation,
                    start_date=period.start_date,
                    end_date=end,
                    reason="Child in care",
                    shared_by=by,
                )
            )
    bulk_create_with_history(shares, ChildShare, batch_size=BATCH)
