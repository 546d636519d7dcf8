"""Managers read a child's change history and access log on screen."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children import services
from children.models import ChildRecordView
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def robin(social_worker):
    child = register(social_worker, date(2024, 1, 8))
    services.child_update(child=child, by=social_worker, first_name="Robyn")
    services.warning_add(
        child=child, text="Dog at the address", start_date=date(2024, 2, 1), by=social_worker
    )
    return child


def test_a_manager_reads_every_change_with_the_fields_it_changed(client, robin, team_manager):
    client.force_login(team_manager)
    page = client.get(reverse("children:record_changes", args=[robin.pk]))
    assert page.status_code == 200
    rows = [(c.what, c.change, fields) for c, fields in page.context["rows"]]
    assert ("Child", "Changed", ["First name"]) in rows
    assert ("Warning", "Added", []) in rows
    assert ("Placement", "Added", []) in rows
    assert [c.when for c, _ in page.context["rows"]] == sorted(
        (c.when for c, _ in page.context["rows"]), reverse=True
    )
    assert "Dog" not in page.content.decode()  # what changed is named, not copied


def test_the_view_log_is_paginated_newest_first(client, robin, team_manager, social_worker):
    for n in range(60):
        ChildRecordView.objects.create(child=robin, user=social_worker, path=f"/children/{n}/")
    client.force_login(team_manager)
    url = reverse("children:record_views", args=[robin.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["page"].paginator.num_pages == 2
    assert "Page 1 of 2" in first.content.decode()
    assert first.context["page"].object_list[0].path == "/children/59/"
    # Opening the log is itself a view of the record.
    latest = ChildRecordView.objects.filter(child=robin).first()
    assert latest is not None
    assert latest.path == url
    assert client.get(url, {"page": "x"}).status_code == 200


def test_only_managers_who_see_the_child_read_its_history(client, robin, social_worker, team_b):
    client.force_login(social_worker)
    for name in ("children:record_changes", "children:record_views"):
        assert client.get(reverse(name, args=[robin.pk])).status_code == 403
    other_manager = UserFactory.create(role=Role.TEAM_MANAGER, team=team_b)
    client.force_login(other_manager)
    for name in ("children:record_changes", "children:record_views"):
        assert client.get(reverse(name, args=[robin.pk])).status_code == 404


def test_the_childs_page_links_managers_to_the_history(client, robin, team_manager, social_worker):
    client.force_login(team_manager)
    page = client.get(reverse("children:detail", args=[robin.pk])).content.decode()
    assert reverse("children:record_changes", args=[robin.pk]) in page
    client.force_login(social_worker)
    page = client.get(reverse("children:detail", args=[robin.pk])).content.decode()
    assert reverse("children:record_changes", args=[robin.pk]) not in page
