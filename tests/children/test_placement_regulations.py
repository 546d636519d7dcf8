"""Recording what the visit timescales of reg 28(3) and (4) turn on: a placement with a
parent under reg 19, and a connected person's temporary approval under reg 24."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children import services
from children.models import Placement
from core.exceptions import ApplicationError
from tests.children.builders import move, register
from tests.children.test_record_pages import PLACEMENT, date_fields
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def change(client, child, **answers):
    data = {
        **PLACEMENT,
        **date_fields("start_date", date(2024, 3, 4)),
        "reason_for_change": "CARPL",
        "planned_ending": "yes",
        "same_carer_as_previous": "no",
        **answers,
    }
    return client.post(reverse("children:placement_change", args=[child.pk]), data)


def test_the_placement_form_asks_about_reg_19_and_reg_24_with_hints(client, social_worker):
    child = register(social_worker, date(2024, 1, 8), legal_status="C1")
    client.force_login(social_worker)
    body = client.get(reverse("children:placement_change", args=[child.pk])).content.decode()
    assert "placed with a parent before the assessment is complete" in body
    assert "reg 28(3)" in body and "reg 19" in body
    assert "connected person with temporary approval" in body
    assert "reg 28(4)" in body and "reg 24" in body


def test_a_move_home_under_reg_19_is_recorded_and_shown(client, social_worker):
    child = register(social_worker, date(2024, 1, 8), legal_status="C1")
    client.force_login(social_worker)
    response = change(
        client, child, placement_type="P1", provider="PR0", placed_before_assessment="yes"
    )
    assert response.status_code == 302
    home = Placement.objects.get(child=child, end_date__isnull=True)
    assert (home.placed_before_assessment, home.temporary_approval) == (True, False)
    assert home.history.first().placed_before_assessment is True
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Placed with a parent before the assessment is complete (reg 19)" in body


def test_reg_19_is_refused_for_a_placement_not_with_a_parent(client, social_worker):
    child = register(social_worker, date(2024, 1, 8), legal_status="C1")
    client.force_login(social_worker)
    body = change(client, child, placement_type="U6", placed_before_assessment="yes").content
    text = body.decode()
    assert "govuk-error-summary" in text
    assert "Only a placement with a parent (P1) is made under reg 19" in text
    assert 'href="#id_placed_before_assessment' in text
    assert Placement.objects.filter(child=child).count() == 1


def test_temporary_approval_is_refused_outside_a_connected_person_placement(social_worker):
    child = register(social_worker, date(2024, 1, 8))
    with pytest.raises(ApplicationError) as refused:
        move(child, social_worker, date(2024, 3, 4), "U6", "Jones", temporary_approval=True)
    assert refused.value.field == "temporary_approval"
    assert "U1 to U3" in refused.value.message


def test_the_end_of_a_temporary_approval_is_recorded_from_the_childs_page(client, social_worker):
    child = register(social_worker, date(2024, 1, 8))
    client.force_login(social_worker)
    assert (
        change(
            client, child, placement_type="U3", carer_name="Aunt May", temporary_approval="yes"
        ).status_code
        == 302
    )
    aunt = Placement.objects.get(child=child, end_date__isnull=True)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Connected person with temporary approval (reg 24)" in page
    url = reverse("children:temporary_approval_end", args=[child.pk])
    assert url in page
    # Before the placement began: refused on the field, nothing saved.
    body = client.post(url, date_fields("end_date", date(2024, 3, 1))).content.decode()
    assert "govuk-error-summary" in body
    assert "cannot end before the placement started on 4 March 2024" in body
    aunt.refresh_from_db()
    assert aunt.temporary_approval_ended is None
    # Not a date at all: the form's own error, not a 500.
    assert client.post(url, {"end_date_0": "x"}).status_code == 200
    assert client.post(url, date_fields("end_date", date(2024, 6, 3))).status_code == 302
    aunt.refresh_from_db()
    assert aunt.temporary_approval_ended == date(2024, 6, 3)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Connected person with temporary approval (reg 24), ended 3 June 2024" in page
    assert url not in page
    # Nothing left to end: the page is not found; and a second end is refused.
    assert client.get(url).status_code == 404
    with pytest.raises(ApplicationError, match="already ended on 3 June 2024"):
        services.temporary_approval_end(placement=aunt, end_date=date(2024, 6, 4), by=social_worker)


def test_only_those_who_change_the_record_end_a_temporary_approval(client, social_worker):
    child = register(social_worker, date(2024, 1, 8))
    move(child, social_worker, date(2024, 3, 4), "U3", "Aunt", temporary_approval=True)
    client.force_login(UserFactory(role=Role.IRO))
    url = reverse("children:temporary_approval_end", args=[child.pk])
    assert client.get(url).status_code in (403, 404)
