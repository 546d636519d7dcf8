"""Staff's Social Work England registration numbers: the SSDA903 SW_ID (DfE rule SW02STG1)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from children import services
from tests.factories import ChildFactory, UserFactory, allocator


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["SW12345", "SW10", "SW12345678"])
def test_a_registration_number_is_sw_and_its_digits(number):
    UserFactory.create(sw_registration=number).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["12345", "sw12345", "SW", "SW1", "SW12A45", "XX12345"])
def test_anything_else_is_refused_with_a_message(number):
    user = UserFactory.build(sw_registration=number)
    with pytest.raises(ValidationError) as refused:
        user.full_clean(exclude=["password"])
    assert refused.value.message_dict["sw_registration"] == [
        'Enter a Social Work England registration number: "SW" followed by its digits, like SW12345'
    ]


@pytest.mark.django_db
def test_a_registration_number_belongs_to_one_member_of_staff():
    UserFactory.create(sw_registration="SW12345")
    twin = UserFactory.build(sw_registration="SW12345")
    with pytest.raises(ValidationError) as refused:
        twin.full_clean(exclude=["password"])
    assert "Another member of staff has this Social Work England registration number" in str(
        refused.value
    )
    # Staff without one are many.
    UserFactory.create(sw_registration="")
    UserFactory.create(sw_registration="").full_clean(exclude=["password"])


@pytest.mark.django_db
def test_the_admin_shows_and_checks_the_number(client):
    admin = UserFactory.create(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    worker = UserFactory.create(username="sw.reg", sw_registration="SW55555")
    client.force_login(admin)
    listing = client.get(reverse("admin:accounts_user_changelist"))
    assert "SW55555" in listing.content.decode()
    page = client.get(reverse("admin:accounts_user_change", args=[worker.pk]))
    assert "Social Work England registration number" in page.content.decode()
    found = client.get(reverse("admin:accounts_user_changelist"), {"q": "SW55555"})
    assert "sw.reg" in found.content.decode()


@pytest.mark.django_db
def test_the_allocations_show_the_social_worker_s_registration_number(client, team_a):
    worker = UserFactory.create(
        role=Role.SOCIAL_WORKER, team=team_a, sw_registration="SW24680", first_name="Ada"
    )
    child = ChildFactory.create()
    services.allocation_change(
        child=child,
        kind="social_worker",
        worker=worker,
        start_date=date(2025, 5, 1),
        reason="FCONTA",
        by=allocator("social_worker"),
    )
    client.force_login(worker)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "(SW24680)" in page
