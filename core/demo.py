"""A fictional council for demonstrations and benchmarks.

`build_demo(children=N, seed=S, today=D)` gives the same council, people and
children for the same arguments. Names are invented and obviously fictional.
Later parts of the record (care histories, reviews, health...) add their own
builders here as they arrive.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, Team, User
from children.models import Allocation, AllocationKind, Child, Sex
from core.exceptions import ApplicationError

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


DEMO_USERS = [
    DemoLogin("social.worker", Role.SOCIAL_WORKER, "Children in Care North", "Sam Worker"),
    DemoLogin("team.manager", Role.TEAM_MANAGER, "Children in Care North", "Tara Manager"),
    DemoLogin("iro", Role.IRO, "IRO Service", "Ira Reviewer"),
    DemoLogin("iro.manager", Role.IRO_MANAGER, "IRO Service", "Pat Principal"),
    DemoLogin("personal.adviser", Role.PERSONAL_ADVISER, "Leaving Care", "Alex Adviser"),
    DemoLogin("business.support", Role.BUSINESS_SUPPORT, "Children in Care North", "Bo Support"),
    DemoLogin("senior.manager", Role.SENIOR_MANAGER, None, "Sid Director"),
    DemoLogin("health.partner", Role.PARTNER, None, "Hal Nurse"),
    DemoLogin("admin", Role.ADMINISTRATOR, None, "Ada Admin"),
]

# Extra workers so that caseloads look like a real service's.
EXTRA_WORKERS = [
    (Role.SOCIAL_WORKER, "Children in Care North", 5),
    (Role.SOCIAL_WORKER, "Children in Care South", 6),
    (Role.TEAM_MANAGER, "Children in Care South", 1),
    (Role.TEAM_MANAGER, "Leaving Care", 1),
    (Role.IRO, "IRO Service", 4),
    (Role.PERSONAL_ADVISER, "Leaving Care", 3),
]


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
    users: dict[str, User] = {}
    for login in DEMO_USERS:
        first, last = login.full_name.split(" ", 1)
        users[login.username] = User.objects.create(
            username=login.username,
            first_name=first,
            last_name=last,
            email=f"{login.username}@example.org",
            role=login.role,
            team=teams[login.team] if login.team else None,
            organisation="Harbourside Community Health (demo)"
            if login.role == Role.PARTNER
            else "",
            is_staff=login.role == Role.ADMINISTRATOR,
            is_superuser=login.role == Role.ADMINISTRATOR,
            password=password,
        )
    teams["Children in Care North"].manager = users["team.manager"]
    teams["IRO Service"].manager = users["iro.manager"]

    workers: dict[tuple[str, str], list[User]] = {}
    for login in DEMO_USERS:
        if login.team:
            workers.setdefault((login.role, login.team), []).append(users[login.username])
    counter = 0
    for role, team_name, how_many in EXTRA_WORKERS:
        for _ in range(how_many):
            counter += 1
            sex = rng.choice([Sex.FEMALE, Sex.MALE])
            first, last = _name(rng, sex)
            user = User.objects.create(
                username=f"{role.replace('_', '.')}.{counter}",
                first_name=first,
                last_name=last,
                role=role,
                team=teams[team_name],
                password=password,
                email=f"{role}.{counter}@example.org",
            )
            workers.setdefault((role, team_name), []).append(user)
            if role == Role.TEAM_MANAGER and teams[team_name].manager is None:
                teams[team_name].manager = user
    for team in teams.values():
        team.save()

    new_children: list[Child] = []
    for number in range(1, children + 1):
        sex = rng.choices([Sex.MALE, Sex.FEMALE], weights=[56, 44])[0]
        first, last = _name(rng, sex)
        # Ages 0 to 17, weighted to older children as in a real cohort (seed 001).
        age_days = rng.choices(
            [
                rng.randint(0, 365 * 5),
                rng.randint(365 * 5, 365 * 10),
                rng.randint(365 * 10, 365 * 18 - 30),
            ],
            weights=[20, 20, 60],
        )[0]
        new_children.append(
            Child(
                la_reference=f"HB{number:06d}",
                first_name=first,
                last_name=last,
                date_of_birth=today - timedelta(days=age_days),
                sex=sex,
            )
        )
    created = bulk_create_with_history(new_children, Child, batch_size=1000)
    if not created or created[0].pk is None:  # SQLite before 3.35 returns no ids
        created = list(Child.objects.order_by("pk"))

    north_sw = workers[(Role.SOCIAL_WORKER, "Children in Care North")]
    south_sw = workers[(Role.SOCIAL_WORKER, "Children in Care South")]
    iros = workers[(Role.IRO, "IRO Service")]
    pas = workers[(Role.PERSONAL_ADVISER, "Leaving Care")]
    allocations: list[Allocation] = []
    for child in created:
        start = today - timedelta(days=rng.randint(10, 900))
        start = max(start, child.date_of_birth)
        north = rng.random() < 0.5
        team = teams["Children in Care North" if north else "Children in Care South"]
        social_worker = rng.choice(north_sw if north else south_sw)
        allocations += [
            Allocation(child=child, kind=AllocationKind.TEAM, team=team, start_date=start),
            Allocation(
                child=child,
                kind=AllocationKind.SOCIAL_WORKER,
                worker=social_worker,
                start_date=start,
            ),
            Allocation(
                child=child, kind=AllocationKind.IRO, worker=rng.choice(iros), start_date=start
            ),
        ]
        age = (today - child.date_of_birth).days // 365
        if age >= 16:
            allocations.append(
                Allocation(
                    child=child,
                    kind=AllocationKind.PERSONAL_ADVISER,
                    worker=rng.choice(pas),
                    start_date=max(start, today - timedelta(days=rng.randint(0, 300))),
                )
            )
    bulk_create_with_history(allocations, Allocation, batch_size=2000)
    return DemoResult(children=len(created), users=list(DEMO_USERS))
