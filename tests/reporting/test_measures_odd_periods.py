"""A period the calendar cannot hold (year 1, or December 9999) is refused with a
message on the dashboard, its lists and its downloads, never a server error."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR_ONE = {"start_0": "1", "start_1": "1", "start_2": "0001", "end_0": "31", "end_1": "1"}
YEAR_9999 = {"start_0": "1", "start_1": "12", "start_2": "9999", "end_0": "31", "end_1": "12"}


@pytest.mark.parametrize(
    "period",
    [{**YEAR_ONE, "end_2": "0001"}, {**YEAR_9999, "end_2": "9999"}],
    ids=["year-1", "year-9999"],
)
@pytest.mark.parametrize(
    "path, extra",
    [
        ("/reporting/", {}),
        ("/reporting/children/", {"measure": "looked_after_at_end"}),
        ("/reporting/download/", {"table": "month_ends"}),
    ],
)
def test_a_period_off_the_calendar_is_refused_not_a_server_error(client, period, path, extra):
    client.force_login(UserFactory.create(role=Role.SENIOR_MANAGER))
    response = client.get(path, {**period, **extra})
    assert response.status_code < 500
    if path == "/reporting/":
        assert "The period must fall between 1900 and 2100" in response.content.decode()
