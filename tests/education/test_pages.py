"""The child's education tab and the forms that record each part of it: bad input is
refused with a message and saves nothing; outsiders get 404, roles that may not record 403;
every change is in the history; every view of the tab is logged."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import ChildRecordView
from core.exceptions import ApplicationError
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import recompute
from education import services
from education.models import OutOfSchool, Pep, PepQualityRating, SchoolPlacement, SenRecord
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

# Looked after from Monday 2 September 2024; born 15 March 2014 (Year 5 in 2024/25).
START = date(2024, 9, 2)


def person(role, **kw):
    return UserFactory(role=role, **kw)


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


@pytest.fixture
def looked_after(social_worker, team_a):
    child = register(social_worker, START, date_of_birth=date(2014, 3, 15))
    allocate(child, team=team_a)
    allocate(child, worker=social_worker)
    return child


@pytest.fixture(autouse=True)
def ratings():
    # The migration seeds the scale; a transactional test elsewhere may have emptied it.
    services.ensure_default_ratings()


def meets():
    return PepQualityRating.objects.get(name="Meets the required standard")


def test_the_rating_scale_is_seeded_from_seed_002():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("education.migrations.0002_seed_pep_quality_ratings")
    assert migration.RATINGS == services.DEFAULT_RATINGS
    PepQualityRating.objects.all().delete()
    migration.seed(apps, None)
    migration.seed(apps, None)  # and again: nothing twice
    active = list(
        PepQualityRating.objects.filter(active=True).values_list("name", "meets_standard")
    )
    assert active == [
        ("Meets the required standard", True),
        ("Does not meet the required standard", False),
    ]
    assert PepQualityRating.objects.filter(name="Requires improvement", active=False).exists()
    assert PepQualityRating.objects.count() == 6


def test_a_social_worker_records_a_pep_and_its_deadline_is_met(client, looked_after, social_worker):
    client.force_login(social_worker)
    tab = reverse("education:child", args=[looked_after.pk])
    page = client.get(tab).content.decode()
    assert "No PEP recorded" in page
    url = reverse("education:pep_add", args=[looked_after.pk])
    assert url in page
    response = client.post(
        url,
        {
            **date_fields("meeting_date", date(2024, 9, 11)),
            **date_fields("completed_date", date(2024, 9, 12)),
            "attendees": "Robin, carer, designated teacher",
            "child_views": "I like maths.",
            "targets": "Reading age up by a year.",
            "rating": meets().pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == tab
    pep = Pep.objects.get(child=looked_after)
    assert (pep.period, pep.rated_by, pep.recorded_by) == (
        looked_after.periods_of_care.get(),
        social_worker,
        social_worker,
    )
    assert pep.history.count() == 1

    # First PEP due by Monday 16 September 2024 (10 working days), met on 12 September.
    recompute(child_ids=[looked_after.pk], today=date(2024, 9, 20))
    first = Deadline.objects.get(child=looked_after, rule="pep_initial")
    assert (first.due_date, first.met_on, first.status) == (
        date(2024, 9, 16),
        date(2024, 9, 12),
        DeadlineStatus.MET,
    )
    assert first.met_by_label == "PEP completed"
    page = client.get(tab).content.decode()
    assert "PEP meeting 11 September 2024" in page
    assert "I like maths." in page
    assert "Meets the required standard" in page
    assert "PEP in place by 16 September 2024" in page
    assert "Year " in page


def test_bad_pep_input_is_refused_with_a_message_and_nothing_saved(
    client, looked_after, social_worker
):
    client.force_login(social_worker)
    url = reverse("education:pep_add", args=[looked_after.pk])
    cases = [
        ({"attendees": ""}, "Enter the date of the PEP meeting"),
        (
            {"meeting_date_0": "31", "meeting_date_1": "2", "meeting_date_2": "2025"},
            "must be a real date",
        ),
        (
            date_fields("meeting_date", date(2024, 8, 30)),
            "not looked after on the day of the meeting",
        ),
        (date_fields("meeting_date", date(2099, 1, 1)), "must be today or in the past"),
        (
            {
                **date_fields("meeting_date", date(2024, 9, 11)),
                **date_fields("completed_date", date(2024, 9, 10)),
            },
            "completed on or after the day of the meeting",
        ),
        (
            {**date_fields("meeting_date", date(2024, 9, 11)), "rating": meets().pk},
            "Only a completed PEP can be rated",
        ),
        (
            {**date_fields("meeting_date", date(2024, 9, 11)), "rating": "999999"},
            "Select a valid choice",
        ),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        body = response.content.decode()
        assert "govuk-error-summary" in body and message in body, message
    assert not Pep.objects.exists()


def test_an_inactive_rating_is_refused_and_a_pep_cannot_be_recorded_twice(
    looked_after, social_worker
):
    old = PepQualityRating.objects.get(name="Good")
    details = services.PepDetails(completed_date=date(2024, 9, 12), rating=old)
    with pytest.raises(ApplicationError, match="quality rating"):
        services.pep_record(
            child=looked_after, meeting_date=date(2024, 9, 11), details=details, by=social_worker
        )
    services.pep_record(
        child=looked_after,
        meeting_date=date(2024, 9, 11),
        details=services.PepDetails(),
        by=social_worker,
    )
    with pytest.raises(ApplicationError, match="already recorded"):
        services.pep_record(
            child=looked_after,
            meeting_date=date(2024, 9, 11),
            details=services.PepDetails(),
            by=social_worker,
        )


def test_a_pep_is_signed_off_and_rated_later(client, looked_after, social_worker, team_manager):
    pep = services.pep_record(
        child=looked_after,
        meeting_date=date(2024, 9, 11),
        details=services.PepDetails(child_views="Fine"),
        by=social_worker,
    )
    # A meeting held but not signed off does not meet the first PEP (due 16 September).
    recompute(child_ids=[looked_after.pk], today=date(2024, 9, 20))
    first = Deadline.objects.get(child=looked_after, rule="pep_initial")
    assert (first.status, first.met_on) == (DeadlineStatus.OVERDUE, None)
    client.force_login(team_manager)
    url = reverse("education:pep_change", args=[looked_after.pk, pep.pk])
    response = client.post(
        url,
        {
            **date_fields("completed_date", date(2024, 9, 20)),
            "child_views": "Fine",
            "rating": meets().pk,
        },
    )
    assert response.status_code == 302
    pep.refresh_from_db()
    assert (pep.completed_date, pep.rating, pep.rated_by) == (
        date(2024, 9, 20),
        meets(),
        team_manager,
    )
    assert pep.history.count() == 2
    # Signed off on Friday 20 September: the first PEP met, 4 working days late.
    recompute(child_ids=[looked_after.pk], today=date(2024, 9, 20))
    first.refresh_from_db()
    assert (first.status, first.met_on, first.met_late) == (
        DeadlineStatus.MET,
        date(2024, 9, 20),
        True,
    )


def test_schools_sen_and_time_out_of_school(client, looked_after, social_worker):
    client.force_login(social_worker)
    add = reverse("education:school_add", args=[looked_after.pk])
    body = client.post(
        add,
        {"school_name": "Harbour Primary", "urn": "12ab", **date_fields("start_date", START)},
    ).content.decode()
    assert "The URN must be 6 digits" in body
    body = client.post(
        add, {"school_name": "Harbour Primary", **date_fields("start_date", date(2013, 1, 1))}
    ).content.decode()
    assert "on or after the child&#x27;s date of birth" in body
    assert not SchoolPlacement.objects.exists()
    client.post(
        add,
        {
            "school_name": "Harbour Primary",
            "urn": "103456",
            "designated_teacher_name": "Dana Teach",
            "designated_teacher_email": "dana@example.org",
            **date_fields("start_date", date(2023, 9, 4)),
        },
    )
    # A new school ends the current one on the day it starts.
    client.post(add, {"school_name": "Quay Academy", **date_fields("start_date", date(2025, 9, 3))})
    first, second = SchoolPlacement.objects.filter(child=looked_after).order_by("start_date")
    assert (first.end_date, second.end_date) == (date(2025, 9, 3), None)
    # A school that overlaps a closed one is refused.
    with pytest.raises(ApplicationError, match="Harbour Primary"):
        services.school_record(
            child=looked_after,
            details=services.SchoolDetails(
                school_name="Elsewhere", start_date=date(2024, 1, 1), end_date=date(2024, 2, 1)
            ),
            by=social_worker,
        )
    # Leaving the first school after the second began is refused.
    with pytest.raises(ApplicationError, match="started at Quay Academy on 3 September 2025"):
        services.school_change(
            school=first,
            end_date=date(2025, 9, 10),
            designated_teacher_name="",
            designated_teacher_email="",
            by=social_worker,
        )
    change = reverse("education:school_change", args=[looked_after.pk, second.pk])
    client.post(change, {"designated_teacher_name": "Sam Pastoral", "designated_teacher_email": ""})
    second.refresh_from_db()
    assert second.designated_teacher_name == "Sam Pastoral"
    assert second.history.count() == 2

    sen = reverse("education:sen_add", args=[looked_after.pk])
    client.post(sen, {"status": "sen_support", **date_fields("start_date", date(2024, 1, 8))})
    body = client.post(
        sen, {"status": "ehcp", **date_fields("start_date", date(2023, 1, 8))}
    ).content.decode()
    assert "must start after the current one" in body
    client.post(sen, {"status": "ehcp", **date_fields("start_date", date(2025, 2, 3))})
    support, ehcp = SenRecord.objects.filter(child=looked_after).order_by("start_date")
    assert (support.end_date, ehcp.status, ehcp.end_date) == (date(2025, 2, 3), "ehcp", None)

    out = reverse("education:out_of_school_add", args=[looked_after.pk])
    body = client.post(out, {"reason": "other", **date_fields("start_date", date(2025, 3, 3))})
    assert "Say why the child is not in school" in body.content.decode()
    client.post(out, {"reason": "suspended", **date_fields("start_date", date(2025, 3, 3))})
    record = OutOfSchool.objects.get(child=looked_after)
    end = reverse("education:out_of_school_end", args=[looked_after.pk, record.pk])
    body = client.post(end, date_fields("end_date", date(2025, 3, 1))).content.decode()
    assert "on or after the start date" in body
    client.post(end, date_fields("end_date", date(2025, 3, 7)))
    record.refresh_from_db()
    assert record.end_date == date(2025, 3, 7)

    page = client.get(reverse("education:child", args=[looked_after.pk])).content.decode()
    for text in (
        "Quay Academy",
        "Harbour Primary",
        "Sam Pastoral",
        "Education, health and care plan (EHCP)",
        "Suspended",
    ):
        assert text in page, text
    # The child's page shows the summary and leads to the tab.
    page = client.get(reverse("children:detail", args=[looked_after.pk])).content.decode()
    assert reverse("education:child", args=[looked_after.pk]) in page
    assert "Quay Academy" in page


def test_outsiders_get_404_and_roles_that_may_not_record_get_403(
    client, looked_after, outsider, social_worker
):
    pep = services.pep_record(
        child=looked_after,
        meeting_date=date(2024, 9, 11),
        details=services.PepDetails(),
        by=social_worker,
    )
    school = services.school_record(
        child=looked_after,
        details=services.SchoolDetails(school_name="Harbour Primary", start_date=START),
        by=social_worker,
    )
    out = services.out_of_school_record(
        child=looked_after, reason="suspended", start_date=START, by=social_worker
    )
    pk = looked_after.pk
    writes = [
        reverse("education:school_add", args=[pk]),
        reverse("education:school_change", args=[pk, school.pk]),
        reverse("education:sen_add", args=[pk]),
        reverse("education:out_of_school_add", args=[pk]),
        reverse("education:out_of_school_end", args=[pk, out.pk]),
        reverse("education:pep_add", args=[pk]),
        reverse("education:pep_change", args=[pk, pep.pk]),
    ]
    tab = reverse("education:child", args=[pk])
    client.force_login(outsider)
    for url in [tab, *writes]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    # The IRO manager sees every child but does not record education.
    client.force_login(person(Role.IRO_MANAGER))
    assert client.get(tab).status_code == 200
    for url in writes:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    # Another child's PEP through this child's address: 404.
    other = register(social_worker, START, la_reference="C100002")
    client.force_login(social_worker)
    assert client.get(reverse("education:pep_change", args=[other.pk, pep.pk])).status_code == 404


def test_every_view_of_the_tab_is_logged(client, looked_after, social_worker):
    client.force_login(social_worker)
    tab = reverse("education:child", args=[looked_after.pk])
    client.get(tab)
    client.get(tab)
    assert (
        ChildRecordView.objects.filter(child=looked_after, user=social_worker, path=tab).count()
        == 2
    )


def test_the_tab_runs_a_fixed_number_of_queries(
    client, looked_after, social_worker, django_assert_num_queries
):
    from tests.queries import count_queries

    client.force_login(social_worker)
    tab = reverse("education:child", args=[looked_after.pk])
    with count_queries() as small:
        client.get(tab)
    for day in (9, 10, 11, 12, 13):
        services.pep_record(
            child=looked_after,
            meeting_date=date(2024, 9, day),
            details=services.PepDetails(completed_date=date(2024, 9, day), rating=meets()),
            by=social_worker,
        )
        services.out_of_school_record(
            child=looked_after, reason="reduced", start_date=date(2024, 9, day), by=social_worker
        )
    recompute(child_ids=[looked_after.pk], today=date(2025, 6, 1))
    with django_assert_num_queries(small.count):
        client.get(tab)
