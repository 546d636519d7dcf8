from datetime import date

import pytest

from accounts.models import Role
from children.models import AllocationKind
from resolutions.models import QopReason, Theme
from tests.factories import ChildFactory, UserFactory, allocate

START = date(2025, 1, 6)


def person(role, **kw):
    return UserFactory(role=role, **kw)


@pytest.fixture
def child(team_a, social_worker, team_manager):
    """A child held by Team A, with Team A's social worker; Team A's manager is stage 1."""
    c = ChildFactory(first_name="Robin")
    allocate(c, team=team_a, start=START)
    allocate(c, worker=social_worker, start=START)
    return c


@pytest.fixture
def iro(child):
    officer = person(Role.IRO, username="iro.ivy", first_name="Ivy", last_name="Reed")
    allocate(child, worker=officer, kind=AllocationKind.IRO, start=START)
    return officer


@pytest.fixture
def other_iro(db):
    return person(Role.IRO, username="iro.other")


@pytest.fixture
def iro_manager(db):
    return person(Role.IRO_MANAGER, username="iro.manager", first_name="Pat", last_name="Lead")


@pytest.fixture
def senior(db):
    return person(Role.SENIOR_MANAGER, username="senior", first_name="Sid", last_name="Director")


@pytest.fixture
def other_tm(team_b):
    manager = person(Role.TEAM_MANAGER, username="tm.b", team=team_b)
    team_b.manager = manager
    team_b.save()
    return manager


@pytest.fixture(autouse=True)
def lists(db):
    """The seeded lists (a test that flushes the database before this one removes them)."""
    from resolutions.seeds import ensure_lists

    ensure_lists()


@pytest.fixture
def drift(db):
    return Theme.objects.get(name="Drift and delay in the plan")


@pytest.fixture
def no_pep(db):
    return Theme.objects.get(name="No PEP")


@pytest.fixture
def chronology(db):
    return QopReason.objects.get(name="No chronology or chronology not up to date")


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
