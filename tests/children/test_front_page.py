"""The child's front page: what matters in the 30 seconds before a phone call comes first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.services import missing_episode_record
from children import services
from deadlines.services import recompute
from tests.children.builders import register

pytestmark = pytest.mark.django_db


def test_alerts_come_before_the_summary_and_the_histories(client, social_worker):
    today = timezone.localdate()
    # In care for two months with no visit recorded: the first-week visit is overdue.
    child = register(social_worker, today - timedelta(days=60))
    services.warning_add(
        child=child,
        text="Do not disclose the placement address",
        start_date=today - timedelta(days=60),
        by=social_worker,
    )
    missing_episode_record(
        child=child, kind="M", start_date=today - timedelta(days=1), by=social_worker
    )
    recompute(child_ids=[child.pk])
    client.force_login(social_worker)
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    alerts = body.index('id="alerts-heading"')
    assert alerts < body.index(">Now</h2>") < body.index(">Periods of care</h2>")
    section = body[alerts : body.index(">Now</h2>")]
    assert "Missing now" in section
    first_visit_due = today - timedelta(days=60 - 7)
    assert f"Next visit by {first_visit_due.day} {first_visit_due:%B %Y}" in section
    assert "Do not disclose the placement address" in section


def test_no_alerts_section_when_there_is_nothing_to_say(client, social_worker):
    child = register(social_worker, date(2024, 1, 8))
    from casework.services import visit_record

    visit_record(
        child=child,
        visit_date=timezone.localdate(),
        visited_by=social_worker,
        seen_alone=True,
        bedroom_seen=True,
        by=social_worker,
    )
    client.force_login(social_worker)
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert 'id="alerts-heading"' not in body


def test_front_page_shows_the_latest_chronology_events_newest_first(client, social_worker):
    from tests.children.builders import move

    child = register(social_worker, date(2024, 1, 8))
    move(child, social_worker, date(2024, 3, 4), "U6", "Jones", reason="ALLEG")
    move(child, social_worker, date(2024, 9, 2), "U4", "Patel", reason="CARPL")
    client.force_login(social_worker)
    events = client.get(reverse("children:detail", args=[child.pk])).context["recent_events"]
    assert len(events) == 5
    assert [e.date for e in events] == sorted((e.date for e in events), reverse=True)
    assert events[0].date == date(2024, 9, 2)
