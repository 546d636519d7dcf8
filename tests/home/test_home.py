import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reaches_its_home_page(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert Role(role).label in response.content.decode()


def test_navigation_is_by_role(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(admin)
    body = client.get(reverse("core:home")).content.decode()
    assert "Administration" in body
    assert 'href="/children/"' not in body

    worker = UserFactory(role=Role.SOCIAL_WORKER)
    client.force_login(worker)
    body = client.get(reverse("core:home")).content.decode()
    assert 'href="/children/"' in body
    assert "Administration" not in body


def test_social_worker_home_lists_their_children(client, child, social_worker):
    client.force_login(social_worker)
    body = client.get(reverse("core:home")).content.decode()
    assert "You can see 1 child." in body
    assert child.full_name in body


def test_team_manager_home_shows_caseload_per_worker(client, child, team_manager, social_worker):
    client.force_login(team_manager)
    response = client.get(reverse("core:home"))
    loads = {str(w): w.caseload for w in response.context["team_caseloads"]}
    assert loads[str(social_worker)] == 1


def test_iro_manager_home_shows_each_iros_caseload(client, child):
    iro = UserFactory(role=Role.IRO)
    allocate(child, worker=iro, kind=AllocationKind.IRO)
    manager = UserFactory(role=Role.IRO_MANAGER)
    client.force_login(manager)
    response = client.get(reverse("core:home"))
    dashboard = response.context["dashboard"]
    assert dashboard.whole_service
    assert [(r.iro, r.children) for r in dashboard.iros] == [(iro, 1)]


def test_public_pages_need_no_sign_in(client):
    for name in ("core:accessibility", "core:cookies", "accounts:login"):
        assert client.get(reverse(name)).status_code == 200


def test_unknown_page_is_a_govuk_404(client, social_worker):
    client.force_login(social_worker)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
