"""The IRO manager allocates an IRO to each child in care and rebalances caseloads;
every allocation is kept in its history and the IRO-allocated deadline follows."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import Allocation, AllocationKind
from core.exceptions import ApplicationError
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import recompute
from reviews.selectors import caseload_of
from reviews.services import iro_allocate, iro_reallocate
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# In care from Friday 6 December 2024: an IRO is due by Tuesday 10 December (2 working days).
START = date(2024, 12, 6)


def person(role, **names):
    return UserFactory(role=role, **names)


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


@pytest.fixture
def manager():
    return person(Role.IRO_MANAGER, first_name="Pat", last_name="Principal")


@pytest.fixture
def ivy():
    return person(Role.IRO, first_name="Ivy", last_name="Reed")


@pytest.fixture
def oscar():
    return person(Role.IRO, first_name="Oscar", last_name="Lane")


def test_the_iro_manager_allocates_an_iro_from_the_childs_page(client, social_worker, manager, ivy):
    child = register(social_worker, START, first_name="Robin")
    client.force_login(manager)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    url = reverse("reviews:iro_allocate", args=[child.pk])
    assert f'href="{url}">Allocate an IRO' in page
    form = client.get(url).content.decode()
    assert "Ivy Reed (0 children)" in form

    response = client.post(url, {"iro": ivy.pk, **date_fields("start_date", date(2024, 12, 9))})
    assert response.status_code == 302
    allocation = Allocation.objects.get(child=child, kind=AllocationKind.IRO)
    assert (allocation.worker, allocation.start_date) == (ivy, date(2024, 12, 9))
    assert allocation.history.count() == 1
    recompute(child_ids=[child.pk], today=date(2024, 12, 20))
    deadline = Deadline.objects.get(child=child, rule="iro_allocation")
    assert (deadline.status, deadline.due_date, deadline.met_on) == (
        DeadlineStatus.MET,
        date(2024, 12, 10),
        date(2024, 12, 9),
    )
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Change the IRO" in page


def test_changing_the_iro_ends_the_previous_allocation_the_same_day(
    social_worker, manager, ivy, oscar
):
    child = register(social_worker, START)
    iro_allocate(child=child, iro=ivy, start_date=date(2024, 12, 9), by=manager)
    iro_allocate(child=child, iro=oscar, start_date=date(2025, 3, 3), by=manager)
    rows = list(
        Allocation.objects.filter(child=child, kind=AllocationKind.IRO)
        .order_by("start_date")
        .values_list("worker", "start_date", "end_date")
    )
    assert rows == [
        (ivy.pk, date(2024, 12, 9), date(2025, 3, 3)),
        (oscar.pk, date(2025, 3, 3), None),
    ]
    first = Allocation.objects.get(child=child, worker=ivy)
    assert [h.end_date for h in first.history.order_by("history_date")] == [None, date(2025, 3, 3)]


def test_bad_allocations_are_refused_with_a_message(client, social_worker, manager, ivy):
    child = register(social_worker, START)
    with pytest.raises(ApplicationError, match="Select an independent reviewing officer"):
        iro_allocate(child=child, iro=social_worker, start_date=START, by=manager)
    client.force_login(manager)
    url = reverse("reviews:iro_allocate", args=[child.pk])
    body = client.post(
        url, {"iro": ivy.pk, **date_fields("start_date", date(2024, 11, 1))}
    ).content.decode()
    assert "The child must be in care on the date the IRO is allocated" in body
    assert "govuk-error-summary" in body
    body = client.post(url, date_fields("start_date", START)).content.decode()
    assert "Select an independent reviewing officer" in body
    assert not Allocation.objects.filter(child=child, kind=AllocationKind.IRO).exists()


def test_only_the_iro_manager_allocates_and_an_outsider_gets_404(
    client, social_worker, outsider, ivy
):
    child = register(social_worker, START)
    url = reverse("reviews:iro_allocate", args=[child.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(social_worker)
    assert client.get(url).status_code == 403
    assert (
        "Allocate an IRO"
        not in client.get(reverse("children:detail", args=[child.pk])).content.decode()
    )
    client.force_login(person(Role.SENIOR_MANAGER))
    assert client.get(url).status_code == 403
    move = reverse("reviews:caseload_move", args=[ivy.pk])
    assert client.get(move).status_code == 403


def test_the_manager_moves_some_of_an_iros_children_to_another(
    client, social_worker, manager, ivy, oscar
):
    robin = register(social_worker, START, first_name="Robin", la_reference="C1")
    sam = register(social_worker, START, first_name="Sam", la_reference="C2")
    alex = register(social_worker, START, first_name="Alex", la_reference="C3")
    for child in (robin, sam, alex):
        iro_allocate(child=child, iro=ivy, start_date=date(2024, 12, 9), by=manager)
    client.force_login(manager)
    caseload = client.get(reverse("reviews:caseload", args=[ivy.pk])).content.decode()
    url = reverse("reviews:caseload_move", args=[ivy.pk])
    assert f'href="{url}"' in caseload

    body = client.post(url, {"iro": oscar.pk, **date_fields("start_date", date(2025, 2, 3))})
    assert "Select the children to move" in body.content.decode()

    response = client.post(
        url,
        {
            "children": [robin.pk, sam.pk],
            "iro": oscar.pk,
            **date_fields("start_date", date(2025, 2, 3)),
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("reviews:caseload", args=[ivy.pk])
    assert list(caseload_of(user=manager, iro=ivy)) == [alex]
    # The message counts the children moved.
    page = client.get(response.url).content.decode()
    assert "2 children moved to Oscar" in page
    assert set(caseload_of(user=manager, iro=oscar)) == {robin, sam}


def test_a_move_is_all_or_nothing_and_names_the_child_it_could_not_move(
    client, social_worker, manager, ivy, oscar
):
    robin = register(social_worker, START, first_name="Robin", la_reference="C1")
    sam = register(social_worker, START, first_name="Sam", la_reference="C2")
    iro_allocate(child=robin, iro=ivy, start_date=date(2024, 12, 9), by=manager)
    iro_allocate(child=sam, iro=ivy, start_date=date(2025, 2, 10), by=manager)
    # Sam's allocation to Ivy starts after the move's date: Sam cannot move, so nor does Robin.
    with pytest.raises(ApplicationError, match=r"^Sam Applebury \(C2\): The new allocation"):
        iro_reallocate(children=[robin, sam], iro=oscar, start_date=date(2025, 2, 3), by=manager)
    assert set(caseload_of(user=manager, iro=ivy)) == {robin, sam}
    assert not caseload_of(user=manager, iro=oscar).exists()
    # Through the page: the form is shown again with the reason, and nothing is written.
    client.force_login(manager)
    response = client.post(
        reverse("reviews:caseload_move", args=[ivy.pk]),
        {
            "children": [robin.pk, sam.pk],
            "iro": oscar.pk,
            **date_fields("start_date", date(2025, 2, 3)),
        },
    )
    assert response.status_code == 200
    assert "Sam Applebury (C2): The new allocation" in response.content.decode()
    assert not caseload_of(user=manager, iro=oscar).exists()
