from datetime import date
from typing import Any

import factory

from accounts.models import Role, Team, User
from children.models import Allocation, AllocationKind, Child, Sex


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Worker"
    role = Role.SOCIAL_WORKER
    password = factory.django.Password("correct-horse-battery")
    # A Social Work England registration number, which the SSDA903 return reports.
    sw_registration = factory.Sequence(lambda n: f"SW{10000 + n}")


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child

    la_reference = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Testchild"
    date_of_birth = date(2015, 6, 1)
    sex = Sex.FEMALE


class AllocationFactory(factory.django.DjangoModelFactory[Allocation]):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    kind = AllocationKind.SOCIAL_WORKER
    start_date = date(2024, 1, 1)


def allocate(
    child: Any,
    *,
    worker: Any = None,
    team: Any = None,
    kind: str | None = None,
    start: date = date(2024, 1, 1),
    end: date | None = None,
):
    """Allocate a worker (or a team) to a child."""
    if team is not None:
        return AllocationFactory(
            child=child, kind=AllocationKind.TEAM, team=team, start_date=start, end_date=end
        )
    return AllocationFactory(
        child=child,
        kind=kind or AllocationKind.SOCIAL_WORKER,
        worker=worker,
        start_date=start,
        end_date=end,
    )


def allocator(kind: str) -> User:
    """A member of staff whose role may make allocations of `kind` (accounts.permissions),
    for tests that set up a child's allocations through the service."""
    from accounts.permissions import RULES, allocation_action

    role = sorted(RULES[allocation_action(kind)].roles)[0]
    return UserFactory.create(role=role)
