"""Recording casework through the pages, and what the child's page shows."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework import services
from casework.models import MissingEpisode, Visit
from children.models import AllocationKind
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


@pytest.fixture
def child(social_worker, team_a):
    c = register(social_worker, date(2024, 5, 1))
    allocate(c, team=team_a)
    return c


@pytest.fixture
def episode(child, social_worker):
    return services.missing_episode_record(
        child=child, kind="M", start_date=date(2024, 6, 1), by=social_worker
    )


def pages(child, episode):
    return [
        reverse("casework:visit_add", args=[child.pk]),
        reverse("casework:missing_add", args=[child.pk]),
        reverse("casework:missing_return", args=[child.pk, episode.pk]),
    ]


def test_an_outsider_gets_not_found_on_every_page(client, child, episode, outsider):
    client.force_login(outsider)
    for url in pages(child, episode):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_an_iro_may_see_the_record_but_not_change_it(client, child, episode):
    iro = UserFactory(role=Role.IRO)
    allocate(child, worker=iro, kind=AllocationKind.IRO)
    client.force_login(iro)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Statutory visits" in page
    assert "Record a visit" not in page
    for url in pages(child, episode):
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_another_childs_episode_is_not_found(client, child, episode, social_worker, team_a):
    other = register(social_worker, date(2024, 5, 1), la_reference="C100002", first_name="Sam")
    client.force_login(social_worker)
    url = reverse("casework:missing_return", args=[other.pk, episode.pk])
    assert client.get(url).status_code == 404


def test_recording_a_visit(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("casework:visit_add", args=[child.pk])
    assert client.get(url).status_code == 200
    body = client.post(url, {"visited_by": social_worker.pk}).content.decode()
    assert "Enter date of the visit" in body
    assert "Select yes if the child was seen alone" in body
    future = timezone.localdate() + timedelta(days=3)
    data = {
        "visited_by": social_worker.pk,
        "seen_alone": "yes",
        "bedroom_seen": "no",
        "notes": "Talked about school.",
        **date_fields("visit_date", future),
    }
    body = client.post(url, data).content.decode()
    assert "The date of the visit must be today or in the past" in body
    data.update(date_fields("visit_date", date(2024, 5, 6)))
    assert client.post(url, data).status_code == 302
    made = Visit.objects.get(child=child)
    assert (made.seen_alone, made.bedroom_seen, made.visited_by) == (True, False, social_worker)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "6 May 2024" in page
    # Long past the 6-week interval, so the next visit is overdue.
    assert "Next visit due by 17 June 2024" in page
    assert "Overdue" in page


def test_recording_a_missing_episode_then_the_return(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("casework:missing_add", args=[child.pk])
    response = client.post(url, {"kind": "A", **date_fields("start_date", date(2024, 7, 1))})
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(child=child)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Away from placement without authorisation now: since 1 July 2024" in page
    back = reverse("casework:missing_return", args=[child.pk, episode.pk])
    data = {
        "where_found": "Bus station",
        "return_interview_offered": "no",
        "return_interview_accepted": "yes",
        **date_fields("end_date", date(2024, 7, 2)),
    }
    body = client.post(back, data).content.decode()
    assert "A return interview can only be accepted if it was offered" in body
    data["return_interview_offered"] = "yes"
    assert client.post(back, data).status_code == 302
    episode.refresh_from_db()
    assert episode.end_date == date(2024, 7, 2)
    assert episode.return_interview_accepted is True
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "since 1 July 2024" not in page
    assert "Offered, accepted" in page


def test_child_page_queries_do_not_grow_with_casework(client, child, social_worker, team_manager):
    client.force_login(team_manager)
    url = reverse("children:detail", args=[child.pk])
    client.get(url)
    from tests.queries import count_queries

    with count_queries() as small:
        client.get(url)
    for month in range(5, 12):
        services.visit_record(
            child=child,
            visit_date=date(2024, month, 20),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
        services.missing_episode_record(
            child=child,
            kind="M",
            start_date=date(2024, month, 2),
            end_date=date(2024, month, 3),
            by=social_worker,
        )
    with count_queries() as large:
        response = client.get(url)
    assert len(response.context["visits"]) == 7
    assert len(response.context["missing_episodes"]) == 7
    assert large.count == small.count


def test_recording_a_conviction_or_caution(client, child, social_worker, outsider):
    url = reverse("casework:youth_justice_add", args=[child.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(social_worker)
    # Robin was born on 1 June 2015: 10 on 1 June 2025, the age of criminal responsibility.
    too_young = client.post(
        url, {"outcome": "youth_caution", **date_fields("outcome_on", date(2025, 5, 31))}
    )
    assert "was under 10 on 31 May 2025" in too_young.content.decode()
    assert "govuk-error-summary" in too_young.content.decode()
    assert not child.youth_justice_outcomes.exists()
    done = client.post(
        url, {"outcome": "youth_caution", **date_fields("outcome_on", date(2025, 6, 1))}
    )
    assert done.status_code == 302
    outcome = child.youth_justice_outcomes.get()
    assert outcome.outcome_on == date(2025, 6, 1)
    assert outcome.history.get().history_user == social_worker
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "1 June 2025: Youth caution" in page
