"""Recording the date a child's care plan was agreed: the service, the page, the child's
page, the chronology and the care plan deadline."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.chronology import EventKind, chronology_for
from casework.models import CarePlan
from core.exceptions import ApplicationError
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import recompute
from tests.children.builders import register
from tests.factories import allocate

pytestmark = pytest.mark.django_db


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


@pytest.fixture
def child(social_worker, team_a):
    """Born 1 June 2015, in care since 1 May 2024 (a Wednesday)."""
    c = register(social_worker, date(2024, 5, 1))
    allocate(c, team=team_a)
    return c


def test_a_care_plan_is_recorded_with_its_history(child, social_worker):
    plan = services.care_plan_record(
        child=child,
        agreed_date=date(2024, 5, 10),
        summary="  Stay with the Smiths.  ",
        by=social_worker,
    )
    assert (plan.agreed_date, plan.summary, plan.recorded_by) == (
        date(2024, 5, 10),
        "Stay with the Smiths.",
        social_worker,
    )
    assert plan.history.count() == 1
    assert plan.history.get().history_type == "+"


def test_a_care_plan_cannot_be_agreed_in_the_future(child, social_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError) as error:
        services.care_plan_record(child=child, agreed_date=tomorrow, by=social_worker)
    assert error.value.field == "agreed_date"
    assert "must be today or in the past" in error.value.message
    assert not CarePlan.objects.exists()


def test_a_care_plan_cannot_be_agreed_before_the_child_was_born(child, social_worker):
    with pytest.raises(ApplicationError) as error:
        services.care_plan_record(child=child, agreed_date=date(2015, 5, 31), by=social_worker)
    assert error.value.field == "agreed_date"
    assert "before the child's date of birth (1 June 2015)" in error.value.message


def test_a_plan_agreed_before_a_planned_admission_is_accepted(child, social_worker):
    plan = services.care_plan_record(child=child, agreed_date=date(2024, 4, 20), by=social_worker)
    assert plan.pk is not None


def test_an_outsider_gets_not_found(client, child, outsider):
    client.force_login(outsider)
    url = reverse("casework:care_plan_add", args=[child.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, date_fields("agreed_date", date(2024, 5, 10))).status_code == 404
    assert not CarePlan.objects.exists()


def body_of(response):
    return response.content.decode()


def test_form_errors_are_shown_in_the_error_summary(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("casework:care_plan_add", args=[child.pk])
    summary = (
        client.post(url, {"summary": ""}).content.decode().split('class="govuk-error-summary"')[1]
    )
    # The error links to the day box, where the user starts to correct the date.
    assert 'href="#id_agreed_date_0">Enter date the care plan was agreed</a>' in summary
    assert 'id="id_agreed_date_0"' in body_of(client.post(url, {"summary": ""}))

    body = client.post(url, {"agreed_date_0": "31", "agreed_date_1": "2", "agreed_date_2": "2024"})
    summary = body.content.decode().split('class="govuk-error-summary"')[1]
    assert "Date the care plan was agreed must be a real date" in summary

    before_birth = client.post(url, date_fields("agreed_date", date(2014, 1, 1))).content.decode()
    summary = before_birth.split('class="govuk-error-summary"')[1]
    assert "cannot be before the child&#x27;s date of birth" in summary
    assert not CarePlan.objects.exists()


def test_recording_a_care_plan_from_the_childs_page(client, child, social_worker):
    client.force_login(social_worker)
    detail = reverse("children:detail", args=[child.pk])
    page = client.get(detail).content.decode()
    add = reverse("casework:care_plan_add", args=[child.pk])
    assert f'href="{add}">Record a care plan</a>' in page
    assert "None recorded" in page.split('id="latest-care-plan"')[1].split("</dd>")[0]

    data = {
        "summary": "Long-term fostering with the Smiths.",
        **date_fields("agreed_date", date(2024, 5, 10)),
    }
    assert client.post(add, data).status_code == 302
    plan = CarePlan.objects.get(child=child)
    assert plan.recorded_by == social_worker
    services.care_plan_record(child=child, agreed_date=date(2024, 11, 4), by=social_worker)

    page = client.get(detail).content.decode()
    assert "Last agreed 4 November 2024" in page.split('id="latest-care-plan"')[1]


def test_the_chronology_shows_each_care_plan(client, child, social_worker):
    services.care_plan_record(
        child=child,
        agreed_date=date(2024, 5, 10),
        summary="Return home by the summer.",
        by=social_worker,
    )
    services.care_plan_record(child=child, agreed_date=date(2024, 11, 4), by=social_worker)
    plans = [e for e in chronology_for(child) if e.kind == EventKind.CARE_PLAN]
    assert [(e.date, e.title) for e in plans] == [
        (date(2024, 5, 10), "Care plan agreed: Return home by the summer."),
        (date(2024, 11, 4), "Care plan agreed"),
    ]
    client.force_login(social_worker)
    url = reverse("casework:chronology", args=[child.pk])
    body = client.get(url, {"kind": "care_plan"}).content.decode()
    table = body.split('id="chronology"')[1]
    assert "Care plan agreed: Return home by the summer." in table
    assert "Started to be looked after" not in table


def test_a_care_plan_agreed_in_time_meets_the_care_plan_deadline(child, social_worker):
    recompute(child_ids=[child.pk], today=date(2024, 5, 8))
    deadline = Deadline.objects.get(child=child, rule="care_plan")
    # 10 working days after the first placement started on Wednesday 1 May 2024, with the
    # bank holiday on Monday 6 May.
    assert deadline.due_date == date(2024, 5, 16)
    assert deadline.status != DeadlineStatus.MET
    plan = services.care_plan_record(child=child, agreed_date=date(2024, 5, 10), by=social_worker)
    recompute(child_ids=[child.pk], today=date(2024, 5, 20))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == (DeadlineStatus.MET, date(2024, 5, 10))
    assert deadline.met_by == f"casework.careplan:{plan.pk}"
