"""Signed-in responses are never cached (council PCs are shared); there is no open API
documentation while there is no API."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_signed_in_page_pdf_and_csv_is_not_stored(client, child, social_worker):
    client.force_login(social_worker)
    for url in (
        reverse("core:home"),
        reverse("children:list"),
        reverse("children:detail", args=[child.pk]),
        reverse("casework:chronology", args=[child.pk]),
        reverse("casework:chronology_pdf", args=[child.pk]),
        reverse("deadlines:my_work") + "?format=csv",
        reverse("core:accessibility"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=social_worker.team))
    csv = client.get(reverse("euss:export"))
    assert csv.status_code == 200
    assert no_store(csv)


def test_a_refusal_to_a_signed_in_user_is_not_stored_either(client, social_worker):
    client.force_login(social_worker)
    response = client.get("/children/999999/")
    assert response.status_code == 404
    assert no_store(response)


def test_anonymous_public_pages_may_be_cached(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert not no_store(response)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_api_schema_is_not_served(client, social_worker, signed_in):
    if signed_in:
        client.force_login(social_worker)
    for url in ("/api/schema/", "/api/schema/?format=json", "/api/"):
        assert client.get(url).status_code == 404, url
