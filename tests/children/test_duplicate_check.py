"""The duplicate check at registration names a matching child only to someone who may
open that child's record; anyone else is told which team holds it. Every match is logged."""

from datetime import date

import pytest

from children.models import Child, ChildRecordView
from core.exceptions import ApplicationError
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_by_team_b(outsider, team_b):
    """Robin Applebury, registered by team B's social worker, NHS number 943 476 5919."""
    team_b.manager = UserFactory(first_name="Morgan", last_name="Hale", team=team_b)
    team_b.save()
    return register(outsider, date(2024, 1, 8), nhs_number="9434765919")


def test_a_match_the_user_may_open_is_named(social_worker, teammate):
    child = register(social_worker, date(2024, 1, 8))
    with pytest.raises(ApplicationError) as error:
        register(teammate, date(2024, 2, 1), la_reference="C100002")
    assert "Robin Applebury (C100001)" in error.value.message
    assert error.value.code == "duplicate"
    assert ChildRecordView.objects.filter(child=child, user=teammate).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"first_name": "ROBIN"}, id="same name and date of birth"),
        pytest.param(
            {"first_name": "Sky", "date_of_birth": date(2016, 2, 2), "nhs_number": "943 476 5919"},
            id="same NHS number",
        ),
    ],
)
def test_a_match_outside_the_users_access_names_only_the_team(
    social_worker, held_by_team_b, overrides
):
    with pytest.raises(ApplicationError) as error:
        register(social_worker, date(2024, 2, 1), la_reference="C100002", **overrides)
    message = error.value.message
    assert "Team B (team manager: Morgan Hale)" in message
    assert "Applebury" not in message
    assert "C100001" not in message
    assert error.value.code == "duplicate"
    assert Child.objects.count() == 1


def test_the_match_is_logged_on_the_matched_childs_record_though_registration_is_refused(
    social_worker, held_by_team_b
):
    with pytest.raises(ApplicationError):
        register(social_worker, date(2024, 2, 1), la_reference="C100002")
    logged = ChildRecordView.objects.get(child=held_by_team_b, user=social_worker)
    assert "duplicate check" in logged.path


def test_a_match_with_no_team_says_whom_to_ask(social_worker, outsider):
    child = register(outsider, date(2024, 1, 8))
    child.allocations.all().delete()
    with pytest.raises(ApplicationError) as error:
        register(social_worker, date(2024, 2, 1), la_reference="C100002")
    assert "senior manager" in error.value.message
    assert "Applebury" not in error.value.message
