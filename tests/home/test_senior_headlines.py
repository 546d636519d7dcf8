"""The senior manager's home page leads with the last 12 months' headline figures, each
from reporting.measures and linking to exactly the children (or deadlines) behind it."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from reporting.measures import Period
from tests.factories import ChildFactory, TeamFactory, UserFactory, allocate
from tests.reporting.test_stability import care

FIGURE = re.compile(r'<a class="govuk-link" data-figure="([^"]+)" href="([^"]+)">(\d+)<')


@pytest.fixture
def council(db):
    team = TeamFactory(name="Team A")
    period = Period.last_12_months(timezone.localdate())
    inside = period.start + timedelta(days=20)
    # One child in care before the period and still; one who came in during it; one
    # who came and left during it; one never looked after.
    for ref, start, end in [
        ("OLD", period.start - timedelta(days=400), None),
        ("NEW", inside, None),
        ("GONE", inside, inside + timedelta(days=30)),
        ("NONE", None, None),
    ]:
        child = ChildFactory.create(la_reference=ref)
        allocate(child, team=team, start=period.start - timedelta(days=800))
        if start:
            care(child, start, end, placements=[("U4", start, end)])
    return team


def test_senior_manager_sees_the_headlines_and_the_children_behind_them(client, council):
    client.force_login(UserFactory(username="senior", role=Role.SENIOR_MANAGER))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    found = {key: (unescape(href), int(n)) for key, href, n in FIGURE.findall(response.text)}
    assert {k: n for k, (_, n) in found.items()} == {
        "looked_after_at_end": 2,
        "started": 2,
        "ceased": 1,
        "sw_visit_on_time": 0,
    }
    for key, (href, n) in found.items():
        listed = client.get(href)
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == n, key
    behind = client.get(found["looked_after_at_end"][0])
    refs = sorted(c.la_reference for c in behind.context["page"].object_list)
    assert refs == ["NEW", "OLD"]


def test_other_roles_have_no_headlines(client, council):
    client.force_login(UserFactory(username="sw", role=Role.SOCIAL_WORKER, team=council))
    assert 'id="headline-figures"' not in client.get(reverse("core:home")).text
