import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind, Child, ChildRecordView
from tests.factories import ChildFactory, UserFactory, allocate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def test_viewing_a_child_is_logged(client, child, social_worker):
    client.force_login(social_worker)
    client.get(reverse("children:detail", args=[child.pk]))
    view = ChildRecordView.objects.get()
    assert (view.child, view.user) == (child, social_worker)


def test_refused_view_is_not_logged_as_a_view(client, child, outsider):
    client.force_login(outsider)
    client.get(reverse("children:detail", args=[child.pk]))
    assert not ChildRecordView.objects.exists()


def test_manager_sees_who_viewed_the_record(client, child, social_worker, team_manager):
    client.force_login(social_worker)
    client.get(reverse("children:detail", args=[child.pk]))
    client.force_login(team_manager)
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Who has viewed this record" in body
    assert str(social_worker) in body


def test_social_worker_does_not_see_the_access_log(client, child, social_worker):
    client.force_login(social_worker)
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Who has viewed this record" not in body


def test_changes_to_a_child_are_in_its_history(child, social_worker):
    child.last_name = "Brackenholt"
    child._change_reason = "Name corrected"
    child.save()
    records = list(child.history.order_by("history_date"))
    assert [r.last_name for r in records] == ["Applebury", "Brackenholt"]
    assert records[-1].history_change_reason == "Name corrected"


def test_history_records_who_made_a_change_through_a_request(client, child, team_manager):
    # The history middleware ties a change made during a request to its user.
    from simple_history.models import HistoricalRecords

    class FakeRequest:
        user = team_manager

    HistoricalRecords.context.request = FakeRequest()
    try:
        child.first_name = "Robyn"
        child.save()
    finally:
        del HistoricalRecords.context.request
    assert child.history.first().history_user == team_manager


def test_dates_are_shown_the_govuk_way(client, child, social_worker):
    client.force_login(social_worker)
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "1 June 2015" in body


def _make_children(n, team, worker, iro):
    for _ in range(n):
        c = ChildFactory()
        allocate(c, team=team)
        allocate(c, worker=worker)
        allocate(c, worker=iro, kind=AllocationKind.IRO)


def test_caseload_page_runs_a_fixed_number_of_queries(
    client, team_a, social_worker, django_assert_num_queries
):
    iro = UserFactory(role=Role.IRO)
    client.force_login(social_worker)
    _make_children(3, team_a, social_worker, iro)
    with count_queries() as small:
        client.get(reverse("children:list"))
    _make_children(40, team_a, social_worker, iro)
    with django_assert_num_queries(small.count):
        response = client.get(reverse("children:list"))
    assert response.context["page"].paginator.count == 43


def test_child_page_runs_a_fixed_number_of_queries(
    client, child, team_manager, django_assert_num_queries
):
    client.force_login(team_manager)
    url = reverse("children:detail", args=[child.pk])
    with count_queries() as small:
        client.get(url)
    for _ in range(10):
        allocate(child, worker=UserFactory(role=Role.IRO), kind=AllocationKind.IRO)
        client.get(url)
    with django_assert_num_queries(small.count):
        client.get(url)
    assert Child.objects.count() == 1
