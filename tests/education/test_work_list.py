"""The education work list: children in care with a PEP overdue or due soon, or no school,
for social workers and managers, limited to the children they may see."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from deadlines.services import recompute
from education import services
from tests.children.builders import register
from tests.factories import TeamFactory, UserFactory, allocate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def person(role, **kw):
    return UserFactory(role=role, **kw)


def test_the_work_list_shows_overdue_peps_and_children_without_a_school(
    client, social_worker, team_a
):
    today = timezone.localdate()
    # In care for a year without a PEP, aged 10: PEPs overdue, no school.
    overdue = register(
        social_worker,
        date(today.year - 1, today.month, 1),
        la_reference="C200001",
        first_name="Olive",
        date_of_birth=date(today.year - 10, 1, 1),
    )
    # In care with a school: not needing attention until a PEP is due.
    settled = register(
        social_worker,
        date(today.year - 1, today.month, 1),
        la_reference="C200002",
        first_name="Sid",
        date_of_birth=date(today.year - 10, 1, 1),
    )
    services.school_record(
        child=settled,
        details=services.SchoolDetails(
            school_name="Harbour Primary", start_date=date(today.year - 2, 9, 1)
        ),
        by=social_worker,
    )
    # Someone else's team's child: never listed.
    other_team = TeamFactory()
    hidden = register(
        person(Role.SOCIAL_WORKER, team=other_team),
        date(today.year - 1, today.month, 1),
        la_reference="C200003",
        first_name="Hidden",
        date_of_birth=date(today.year - 10, 1, 1),
    )
    for child in (overdue, settled):
        allocate(child, team=team_a)
    allocate(hidden, team=other_team)
    recompute(child_ids=[overdue.pk, settled.pk, hidden.pk], today=today)

    client.force_login(social_worker)
    url = reverse("education:work_list")
    page = client.get(url).content.decode()
    assert "Olive" in page and "No school" in page and "Overdue" in page
    assert "Hidden" not in page
    # Sid's PEPs are overdue too (none recorded), but he has a school.
    body = client.get(url, {"show": "no_school"}).content.decode()
    assert "Olive" in body and "Sid" not in body
    body = client.get(url, {"show": "pep_overdue"}).content.decode()
    assert "Olive" in body and "Sid" in body
    body = client.get(url, {"show": "all"}).content.decode()
    assert reverse("education:child", args=[overdue.pk]) in body
    # An unknown filter shows the default list.
    assert client.get(url, {"show": "<script>"}).status_code == 200


def test_the_work_list_is_for_social_workers_and_managers(client):
    url = reverse("education:work_list")
    link = f'href="{url}"'
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO_MANAGER, Role.SENIOR_MANAGER):
        client.force_login(person(role))
        assert client.get(url).status_code == 200, role
        assert link in client.get(reverse("core:home")).content.decode(), role
    for role in (Role.IRO, Role.BUSINESS_SUPPORT, Role.PARTNER, Role.ADMINISTRATOR):
        client.force_login(person(role))
        # A partner outside the virtual school does not reach the education pages at all.
        refused = 404 if role == Role.PARTNER else 403
        assert client.get(url).status_code == refused, role
        assert link not in client.get(reverse("core:home")).content.decode(), role


def test_the_work_list_runs_a_fixed_number_of_queries(
    client, social_worker, team_a, django_assert_num_queries
):
    def add(n, start):
        for i in range(n):
            child = register(
                social_worker,
                date(2025, 1, 6),
                la_reference=f"C3{start + i:05d}",
                first_name=f"Child{start + i}",
            )
            allocate(child, team=team_a)
        recompute(today=timezone.localdate())

    client.force_login(social_worker)
    url = reverse("education:work_list")
    add(2, 0)
    with count_queries() as small:
        client.get(url, {"show": "all"})
    add(8, 100)
    with django_assert_num_queries(small.count):
        response = client.get(url, {"show": "all"})
    assert response.context["page"].paginator.count == 10
