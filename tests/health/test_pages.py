"""The health tab, its forms and the health work list: access (an outsider gets 404, a
role that may not record gets 403), the GOV.UK error summary for bad input, views
logged like the child's page, and the child's page section in a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import ChildRecordView
from deadlines.services import recompute
from health import services
from health.models import InitialHealthAssessment, ReviewHealthAssessment, Sdq
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

ENTERED = date(2025, 12, 19)


def person(role, **kw):
    return UserFactory(role=role, **kw)


def date_fields(name, d):
    if d is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


@pytest.fixture
def child(social_worker):
    return register(social_worker, ENTERED, date_of_birth=date(2021, 3, 10))


FORMS = [
    "health:iha",
    "health:rha_add",
    "health:dental_add",
    "health:optician_add",
    "health:immunisation_add",
    "health:substance_add",
    "health:sdq_add",
    "health:summary_add",
]


def test_an_outsider_gets_404_on_every_health_page(client, child, outsider):
    client.force_login(outsider)
    for name in ["health:child", *FORMS]:
        assert client.get(reverse(name, args=[child.pk])).status_code == 404, name
    assert client.post(reverse("health:sdq_add", args=[child.pk]), {}).status_code == 404
    assert not ChildRecordView.objects.filter(user=outsider).exists()


def test_a_role_that_may_not_record_reads_the_tab_but_gets_403_on_the_forms(client, child, team_a):
    support = person(Role.BUSINESS_SUPPORT, team=team_a)
    client.force_login(support)
    page = client.get(reverse("health:child", args=[child.pk]))
    assert page.status_code == 200
    assert "Record a review health assessment" not in page.content.decode()
    for name in FORMS:
        assert client.get(reverse(name, args=[child.pk])).status_code == 403, name
    response = client.post(
        reverse("health:dental_add", args=[child.pk]), date_fields("checked_on", date(2026, 3, 1))
    )
    assert response.status_code == 403


def test_every_view_of_the_health_tab_is_logged(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("health:child", args=[child.pk])
    client.get(url)
    client.get(url)
    views = ChildRecordView.objects.filter(child=child, user=social_worker, path=url)
    assert views.count() == 2


def test_the_tab_shows_each_record_and_the_deadlines_with_their_status(
    client, child, social_worker
):
    services.iha_save(
        child=child,
        details=services.IhaDetails(
            notified_on=date(2025, 12, 22), completed_on=date(2026, 1, 20), practitioner="Dr Patel"
        ),
        by=social_worker,
    )
    services.sdq_record(child=child, completed_on=date(2026, 2, 1), score=15, by=social_worker)
    services.sdq_record(child=child, completed_on=date(2026, 2, 2), reason="SDQ5", by=social_worker)
    recompute(child_ids=[child.pk])
    client.force_login(social_worker)
    page = client.get(reverse("health:child", args=[child.pk])).content.decode()
    assert "Dr Patel" in page and "20 January 2026" in page
    assert "In timescale" in page
    assert "Borderline" in page
    assert "Child or young person refused" in page
    # The first RHA, due 6 months after the IHA of 20 January 2026, is overdue now.
    assert "Review health assessment" in page and "20 July 2026" in page
    assert "govuk-tag--red" in page
    past = page.split('id="past-health-deadlines"')[1]
    assert "Initial health assessment" in past and "20 January 2026" in past
    assert "Health notified of entry to care" in past


def test_recording_an_rha_with_bad_input_shows_the_error_summary_and_saves_nothing(
    client, child, social_worker
):
    client.force_login(social_worker)
    url = reverse("health:rha_add", args=[child.pk])
    bad = {**date_fields("assessed_on", None), "assessor": ""}
    bad.update({"assessed_on_0": "31", "assessed_on_1": "2", "assessed_on_2": "2026"})
    response = client.post(url, bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Date of the assessment must be a real date" in body
    assert "Select who carried out the assessment" in body
    assert not ReviewHealthAssessment.objects.exists()

    good = {**date_fields("assessed_on", date(2026, 3, 2)), "assessor": "school_nurse"}
    response = client.post(url, good)
    assert response.status_code == 302
    assert response["Location"] == reverse("health:child", args=[child.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Review health assessment recorded" in page and "School nurse" in page


def test_a_late_iha_without_a_reason_is_shown_on_the_reason_field(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("health:iha", args=[child.pk])
    data = dict.fromkeys(("practitioner", "organisation", "outcome", "health_plan_actions"), "") | {
        "lateness_reason": ""
    }
    for name in ("notified_on", "consent_on", "requested_on", "appointment_on", "returned_on"):
        data.update(date_fields(name, None))
    data.update(date_fields("completed_on", date(2026, 1, 22)))
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "due by 21 January 2026" in errors["lateness_reason"][0]
    assert not InitialHealthAssessment.objects.exists()
    assert "due by 21 January 2026" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "41"}, "The total score must be a whole number from 0 to 40"),
        ({"score": "ten"}, "The total score must be a whole number from 0 to 40"),
        ({"score": ""}, "Enter the total score, or select why the SDQ was not completed"),
        ({"score": "3", "reason": "SDQ4"}, "not both"),
        ({"score": "3", "reason": "SDQ7"}, "Select a valid choice"),
    ],
)
def test_sdq_form_errors(client, child, social_worker, data, message):
    client.force_login(social_worker)
    payload = {**date_fields("completed_on", date(2026, 2, 1)), "reason": "", **data}
    response = client.post(reverse("health:sdq_add", args=[child.pk]), payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Sdq.objects.exists()


def test_future_and_impossible_dates_on_the_check_forms(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("health:dental_add", args=[child.pk])
    future = client.post(url, date_fields("checked_on", date(2099, 1, 1)))
    assert "must be today or in the past" in future.content.decode()
    impossible = client.post(
        url, {"checked_on_0": "30", "checked_on_1": "13", "checked_on_2": "2026"}
    )
    assert "must be a real date" in impossible.content.decode()


def test_the_childs_page_links_to_the_health_tab_with_the_open_health_deadlines(
    client, child, social_worker
):
    recompute(child_ids=[child.pk])
    client.force_login(social_worker)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert reverse("health:child", args=[child.pk]) in page
    assert "Initial health assessment: due by 21 January 2026" in page


def test_the_health_work_list_is_for_managers_and_only_their_children(
    client, child, social_worker, team_manager, team_b
):
    recompute(child_ids=[child.pk])
    other_manager = person(Role.TEAM_MANAGER, team=team_b)
    other_sw = person(Role.SOCIAL_WORKER, team=team_b)
    theirs = register(other_sw, ENTERED, la_reference="C200001", first_name="Zara")
    allocate(theirs, team=team_b)
    recompute(child_ids=[theirs.pk])

    client.force_login(social_worker)
    assert client.get(reverse("health:work")).status_code == 403

    client.force_login(team_manager)
    page = client.get(reverse("health:work")).content.decode()
    assert child.full_name in page and "Zara" not in page
    assert reverse("health:child", args=[child.pk]) in page
    only_sdq = client.get(reverse("health:work"), {"rule": "sdq"}).content.decode()
    assert "Initial health assessment" not in only_sdq.split("<tbody")[1]
    iha = client.get(reverse("health:work"), {"rule": "iha"}).content.decode()
    assert "Initial health assessment" in iha.split("<tbody")[1]
    assert client.get(reverse("health:work"), {"rule": "nonsense", "page": "x"}).status_code == 200

    client.force_login(other_manager)
    page = client.get(reverse("health:work")).content.decode()
    assert "Zara" in page and child.full_name not in page


def test_the_health_tab_runs_a_fixed_number_of_queries(
    client, child, social_worker, django_assert_num_queries
):
    from tests.queries import count_queries

    services.iha_save(
        child=child,
        details=services.IhaDetails(completed_on=date(2026, 1, 5)),
        by=social_worker,
    )
    recompute(child_ids=[child.pk])
    client.force_login(social_worker)
    url = reverse("health:child", args=[child.pk])
    with count_queries() as small:
        client.get(url)
    for month in range(2, 8):
        on = date(2026, month, 3)
        services.rha_record(child=child, assessed_on=on, assessor="gp", by=social_worker)
        services.dental_check_record(child=child, checked_on=on, by=social_worker)
        services.sdq_record(child=child, completed_on=on, score=month, by=social_worker)
        services.immunisation_check_record(
            child=child, checked_on=on, up_to_date=True, by=social_worker
        )
    recompute(child_ids=[child.pk])
    with django_assert_num_queries(small.count):
        response = client.get(url)
    assert len(response.context["rhas"]) == 6
