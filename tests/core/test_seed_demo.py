from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import Team, User
from children.models import Allocation, Child
from children.selectors import children_visible_to
from core.demo import DEMO_USERS, build_demo

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def snapshot():
    return (
        list(
            Child.objects.order_by("la_reference").values_list(
                "la_reference", "first_name", "last_name", "date_of_birth", "sex"
            )
        ),
        list(
            Allocation.objects.order_by("child__la_reference", "kind").values_list(
                "child__la_reference", "kind", "worker__username", "team__name", "start_date"
            )
        ),
    )


def wipe():
    Allocation.objects.all().delete()
    Child.objects.all().delete()
    Team.objects.update(manager=None)
    User.objects.all().delete()
    Team.objects.all().delete()


def test_same_seed_gives_same_data_and_another_seed_differs():
    build_demo(children=40, seed=7, today=TODAY)
    first = snapshot()
    wipe()
    build_demo(children=40, seed=7, today=TODAY)
    assert snapshot() == first
    wipe()
    build_demo(children=40, seed=8, today=TODAY)
    assert snapshot() != first


def test_one_demo_user_per_role_each_signs_in_with_demo_password(client):
    build_demo(children=30, seed=1, today=TODAY)
    assert {login.role for login in DEMO_USERS} == {u.role for u in User.objects.all()}
    for login in DEMO_USERS:
        response = client.post(
            reverse("accounts:login"), {"username": login.username, "password": "demo"}
        )
        assert response.status_code == 302, login.username
        client.post(reverse("accounts:logout"))


def test_demo_social_worker_and_iro_have_caseloads():
    build_demo(children=100, seed=1, today=TODAY)
    assert children_visible_to(user=User.objects.get(username="social.worker")).exists()
    assert children_visible_to(user=User.objects.get(username="iro")).exists()
    assert not children_visible_to(user=User.objects.get(username="admin")).exists()


def test_children_are_not_born_after_today_and_allocations_start_after_birth():
    build_demo(children=60, seed=3, today=TODAY)
    assert not Child.objects.filter(date_of_birth__gt=TODAY).exists()
    for allocation in Allocation.objects.select_related("child"):
        assert allocation.start_date >= allocation.child.date_of_birth


@override_settings(DEMO_DATA_ALLOWED=False)
def test_production_settings_refuse_demo_data():
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", children=5)
    assert not User.objects.exists()


def test_if_empty_leaves_existing_data_alone(capsys):
    call_command("seed_demo", children=5, seed=1)
    call_command("seed_demo", children=5, seed=2, if_empty=True)
    assert Child.objects.count() == 5
    assert "social.worker" in capsys.readouterr().out
