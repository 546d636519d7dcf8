"""Administrators manage accounts, teams and settings, and hold no case role: nobody
changes their own role or access, and every role change is kept and shown
(accounts.services, decision 0021)."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role, User
from accounts.selectors import role_changes
from accounts.services import administrators_group, check_account_change, user_role_change
from core.exceptions import ApplicationError
from demo.builder import build_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    user = UserFactory.create(username="ada", role=Role.ADMINISTRATOR, is_staff=True)
    user.groups.add(administrators_group())
    return user


def _user_form(client, user: User) -> dict:
    """The admin's change form for `user`, as the browser would send it back."""
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("groups", "user_permissions"):
            data[name] = [getattr(v, "pk", v) for v in value or []]
        elif value is None:
            data[name] = ""
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.pop("password", None)
    data["date_joined_0"] = f"{user.date_joined:%Y-%m-%d}"
    data["date_joined_1"] = f"{user.date_joined:%H:%M:%S}"
    return data


def test_an_administrator_changes_another_users_role_in_the_admin(client, administrator):
    worker = UserFactory.create(role=Role.SOCIAL_WORKER)
    client.force_login(administrator)
    data = _user_form(client, worker)
    data["role"] = Role.TEAM_MANAGER
    response = client.post(reverse("admin:accounts_user_change", args=[worker.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    worker.refresh_from_db()
    assert worker.role == Role.TEAM_MANAGER
    [change] = role_changes(user=worker)
    assert (change.before, change.after, change.by) == (
        "Social worker",
        "Team manager",
        administrator,
    )
    page = client.get(reverse("admin:accounts_user_change", args=[worker.pk])).content.decode()
    assert "from Social worker to Team manager, by" in page
    history = client.get(reverse("admin:accounts_user_history", args=[worker.pk]))
    assert "team_manager" in history.content.decode() or "Team manager" in history.content.decode()


def test_an_administrator_cannot_make_themselves_a_senior_manager(client, administrator):
    client.force_login(administrator)
    data = _user_form(client, administrator)
    data["role"] = Role.SENIOR_MANAGER
    data["is_superuser"] = "on"
    client.post(reverse("admin:accounts_user_change", args=[administrator.pk]), data)
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR
    assert not administrator.is_superuser
    assert role_changes(user=administrator) == []


def test_an_administrator_cannot_grant_superuser_status(client, administrator):
    worker = UserFactory.create(role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(administrator)
    data = _user_form(client, worker)
    data["is_superuser"] = "on"
    client.post(reverse("admin:accounts_user_change", args=[worker.pk]), data)
    worker.refresh_from_db()
    assert not worker.is_superuser


def test_the_service_refuses_a_change_of_ones_own_role(administrator):
    with pytest.raises(ApplicationError) as error:
        user_role_change(user=administrator, role=Role.SENIOR_MANAGER, by=administrator)
    assert error.value.field == "role"
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR
    assert administrator.history.count() == 1
    superuser = UserFactory.create(role=Role.ADMINISTRATOR, is_superuser=True, is_staff=True)
    with pytest.raises(ApplicationError):
        check_account_change(by=superuser, user=superuser, changed={"role"})
    with pytest.raises(ApplicationError):
        check_account_change(by=administrator, user=UserFactory.create(), changed={"is_superuser"})


def test_a_role_change_by_the_service_is_in_the_history(administrator):
    worker = UserFactory.create(role=Role.SOCIAL_WORKER)
    user_role_change(user=worker, role=Role.IRO, by=administrator)
    [change] = role_changes(user=worker)
    assert (change.after, change.by) == ("Independent reviewing officer", administrator)


def test_a_superuser_holds_no_case_role():
    user = UserFactory.build(username="root", role=Role.SENIOR_MANAGER, is_superuser=True)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "role" in error.value.message_dict


def test_the_administrators_group_reaches_settings_and_no_case_record(client, administrator):
    codenames = set(
        administrators_group().permissions.values_list("content_type__app_label", flat=True)
    )
    assert "accounts" in codenames
    assert not codenames & {"children", "casework", "care_leavers", "euss"}
    client.force_login(administrator)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_team_changelist")).status_code == 200
    assert client.get(reverse("admin:deadlines_nonworkingday_changelist")).status_code == 200


def test_the_demo_administrator_is_no_superuser():
    build_demo(children=5, seed=1, today=date(2026, 3, 2))
    admin = User.objects.get(username="admin")
    assert (admin.role, admin.is_staff, admin.is_superuser) == (Role.ADMINISTRATOR, True, False)
    assert admin.groups.filter(name="Administrators").exists()
