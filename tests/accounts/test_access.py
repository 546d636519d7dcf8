"""Who may see which child: the one access rule (children/selectors.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from children.models import AllocationKind
from children.selectors import children_visible_to
from tests.factories import ChildFactory, TeamFactory, UserFactory, allocate

pytestmark = pytest.mark.django_db


def visible(user):
    return set(children_visible_to(user=user))


def test_allocated_social_worker_sees_child(child, social_worker):
    assert child in visible(social_worker)


def test_teammate_sees_team_child(child, teammate):
    assert child in visible(teammate)


def test_team_manager_sees_team_child(child, team_manager):
    assert child in visible(team_manager)


def test_manager_of_a_team_they_do_not_belong_to_sees_its_children(child, team_a):
    group_manager = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory(name="Group"))
    team_a.manager = group_manager
    team_a.save()
    assert child in visible(group_manager)


def test_outsider_cannot_see_child(child, outsider):
    assert child not in visible(outsider)


def test_outsider_gets_404_for_child_of_another_team(client, child, outsider):
    client.force_login(outsider)
    response = client.get(reverse("children:detail", args=[child.pk]))
    assert response.status_code == 404


def test_outsider_does_not_find_child_in_list_or_search(client, child, outsider):
    client.force_login(outsider)
    response = client.get(reverse("children:list"), {"q": child.last_name})
    assert child.la_reference not in response.content.decode()


def test_allocated_iro_sees_child_other_iro_does_not(child):
    iro = UserFactory(role=Role.IRO)
    other_iro = UserFactory(role=Role.IRO)
    allocate(child, worker=iro, kind=AllocationKind.IRO)
    assert child in visible(iro)
    assert child not in visible(other_iro)


def test_allocated_personal_adviser_sees_child(child):
    pa = UserFactory(role=Role.PERSONAL_ADVISER)
    assert child not in visible(pa)
    allocate(child, worker=pa, kind=AllocationKind.PERSONAL_ADVISER)
    assert child in visible(pa)


@pytest.mark.parametrize("role", [Role.IRO_MANAGER, Role.SENIOR_MANAGER])
def test_iro_managers_and_senior_managers_see_every_child(child, role):
    unallocated = ChildFactory()
    user = UserFactory(role=role)
    assert {child, unallocated} <= visible(user)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PARTNER])
def test_administrators_and_partners_see_no_child(child, role):
    user = UserFactory(role=role, is_staff=True, is_superuser=True)
    assert visible(user) == set()


def test_ended_allocation_no_longer_gives_access(child, outsider):
    yesterday = timezone.localdate() - timedelta(days=1)
    allocate(child, worker=outsider, start=date(2023, 1, 1), end=yesterday)
    assert child not in visible(outsider)


def test_allocation_starting_tomorrow_does_not_give_access_yet(child, outsider):
    allocate(child, worker=outsider, start=timezone.localdate() + timedelta(days=1))
    assert child not in visible(outsider)


def test_child_moved_to_another_team_leaves_old_team(child, team_a, team_b, teammate, outsider):
    today = timezone.localdate()
    team_allocation = child.allocations.get(kind=AllocationKind.TEAM)
    team_allocation.end_date = today - timedelta(days=1)
    team_allocation.save()
    allocate(child, team=team_b, start=today)
    assert child not in visible(teammate)
    assert child in visible(outsider)


def test_inactive_user_sees_nothing(child, social_worker):
    social_worker.is_active = False
    social_worker.save()
    assert visible(social_worker) == set()


def test_anonymous_user_is_sent_to_sign_in(client, child):
    response = client.get(reverse("children:detail", args=[child.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_admin_cannot_open_a_child_record(client, child):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("children:detail", args=[child.pk])).status_code == 404


def test_administrators_are_refused_the_children_list(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True))
    assert client.get(reverse("children:list")).status_code == 403
