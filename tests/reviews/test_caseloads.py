"""IRO caseloads against the configurable range, and the children behind each number."""

from datetime import date

import pytest
from constance.test import override_config
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from deadlines.services import recompute
from reviews.selectors import CaseloadRange, iro_caseloads
from tests.children.builders import register
from tests.factories import ChildFactory, UserFactory, allocate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def test_the_range_places_each_caseload_by_hand():
    handbook = CaseloadRange(50, 70)
    assert [handbook.band(n) for n in (0, 49, 50, 70, 71)] == [
        "below",
        "below",
        "within",
        "within",
        "above",
    ]


def person(role, **names):
    return UserFactory(role=role, **names)


def iro_with(children: int, **names):
    iro = person(Role.IRO, **names)
    for _ in range(children):
        allocate(ChildFactory(), worker=iro, kind=AllocationKind.IRO)
    return iro


@override_config(IRO_CASELOAD_MIN=2, IRO_CASELOAD_MAX=3)
def test_each_iros_current_caseload_is_counted_and_placed_against_the_range(client):
    busy = iro_with(4, first_name="Bea", last_name="Busy")
    steady = iro_with(2, first_name="Sam", last_name="Steady")
    new = iro_with(0, first_name="Nia", last_name="New")
    # An allocation that has ended is not part of the caseload.
    allocate(
        ChildFactory(),
        worker=new,
        kind=AllocationKind.IRO,
        start=date(2024, 1, 1),
        end=date(2024, 6, 1),
    )
    # A social worker's allocation is not an IRO caseload.
    allocate(ChildFactory(), worker=steady, kind=AllocationKind.SOCIAL_WORKER)
    manager = person(Role.IRO_MANAGER)

    rows = [(r.iro, r.children, r.band) for r in iro_caseloads(user=manager)]
    assert rows == [(busy, 4, "above"), (steady, 2, "within"), (new, 0, "below")]

    client.force_login(manager)
    with count_queries() as counted:
        body = client.get(reverse("reviews:caseloads")).content.decode()
    assert "range of 2 to 3 children" in body
    assert "Above range" in body and "Within range" in body and "Below range" in body
    assert reverse("reviews:caseload", args=[busy.pk]) in body
    few = counted.count
    iro_with(5)
    with count_queries() as counted:
        client.get(reverse("reviews:caseloads"))
    assert counted.count == few  # one query for every IRO, however many


def test_the_number_leads_to_the_children_behind_it_with_their_next_review(client, social_worker):
    iro = person(Role.IRO, first_name="Ivy", last_name="Reed")
    child = register(social_worker, date(2024, 12, 6), first_name="Robin")
    allocate(child, worker=iro, kind=AllocationKind.IRO, start=date(2024, 12, 6))
    recompute(child_ids=[child.pk], today=date(2024, 12, 9))
    client.force_login(UserFactory(role=Role.SENIOR_MANAGER))
    body = client.get(reverse("reviews:caseload", args=[iro.pk])).content.decode()
    assert "Ivy Reed: 1 child" in body
    assert child.full_name in body
    # First review within 20 working days of Fri 6 December 2024, over Christmas and New
    # Year: 9-13 Dec (5), 16-20 (10), 23, 24, 27 (13; 25 and 26 are bank holidays),
    # 30, 31 (15), 2, 3 Jan (17; 1 January is one), 6, 7, 8 (20): Wednesday 8 January 2025.
    assert "8 January 2025" in body


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO, Role.PARTNER])
def test_only_those_who_see_every_child_see_caseloads(client, role):
    iro = iro_with(1)
    client.force_login(UserFactory(role=role))
    # Partners are outside the IRO service's pages altogether (decision 16).
    refused = 404 if role == Role.PARTNER else 403
    assert client.get(reverse("reviews:caseloads")).status_code == refused
    assert client.get(reverse("reviews:caseload", args=[iro.pk])).status_code == refused


def test_iro_managers_find_caseloads_in_the_navigation(client):
    client.force_login(UserFactory(role=Role.IRO_MANAGER))
    assert 'href="/reviews/caseloads/"' in client.get(reverse("core:home")).content.decode()
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER))
    assert 'href="/reviews/caseloads/"' not in client.get(reverse("core:home")).content.decode()


def test_an_iros_children_page_runs_a_fixed_number_of_queries(client, social_worker):
    iro = person(Role.IRO)
    client.force_login(person(Role.IRO_MANAGER))
    url = reverse("reviews:caseload", args=[iro.pk])

    def load(children: int) -> int:
        for number in range(children):
            child = register(
                social_worker,
                date(2025, 1, 6),
                la_reference=f"Q{number}-{children}",
                first_name=f"Quinn{number}x{children}",
            )
            allocate(child, worker=iro, kind=AllocationKind.IRO, start=date(2025, 1, 6))
            recompute(child_ids=[child.pk], today=date(2025, 1, 7))
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        return counted.count

    assert load(1) == load(4)
