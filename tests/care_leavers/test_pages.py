"""The leaving-care pages: who may see and record, what is recorded, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from care_leavers.models import AccommodationRecord, ActivityRecord, Contact, PathwayPlan
from deadlines.models import Deadline
from deadlines.services import recompute
from tests.care_leavers.helpers import former_relevant, person, with_adviser
from tests.factories import allocate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def adviser(db):
    return person(Role.PERSONAL_ADVISER, username="pa")


@pytest.fixture
def leaver(today, adviser):
    return with_adviser(former_relevant(today, first_name="Casey", last_name="Fenwright"), adviser)


def test_the_adviser_records_a_contact_accommodation_and_activity(client, leaver, adviser, today):
    client.force_login(adviser)
    page = client.get(reverse("care_leavers:record", args=[leaver.pk]))
    assert page.status_code == 200
    assert "Former relevant" in page.content.decode()
    url = reverse("care_leavers:contact_add", args=[leaver.pk])
    response = client.post(
        url,
        {**date_fields("contact_date", today), "contact_type": "visit", "outcome": "YES"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get(child=leaver)
    assert (contact.made_by, contact.in_touch) == (adviser, True)
    client.post(
        reverse("care_leavers:accommodation_add", args=[leaver.pk]),
        {
            **date_fields("start_date", today),
            "accommodation": "W",
            "suitable": "no",
            "unsuitable_reason": "Bed and breakfast while a flat is found",
        },
    )
    client.post(
        reverse("care_leavers:activity_add", args=[leaver.pk]),
        {**date_fields("start_date", today), "activity": "G5", "details": "Looking for work"},
    )
    home = AccommodationRecord.objects.get(child=leaver)
    assert (home.oc3_code, home.unsuitable_reason) == (
        "W2",
        "Bed and breakfast while a flat is found",
    )
    assert ActivityRecord.objects.get(child=leaver).neet
    # Every change is in the history.
    assert contact.history.count() == home.history.count() == 1
    body = client.get(reverse("care_leavers:record", args=[leaver.pk])).content.decode()
    assert "Bed and breakfast" in body and "NEET" in body


def test_bad_input_is_shown_in_the_error_summary_and_nothing_is_saved(
    client, leaver, adviser, today
):
    client.force_login(adviser)
    url = reverse("care_leavers:accommodation_add", args=[leaver.pk])
    body = client.post(
        url, {**date_fields("start_date", today), "accommodation": "S", "suitable": "yes"}
    ).content.decode()
    assert "govuk-error-summary" in body
    assert "No fixed abode or homeless is never suitable accommodation" in body
    body = client.post(
        url, {**date_fields("start_date", today), "accommodation": "U", "suitable": "no"}
    ).content.decode()
    assert "Say why the accommodation is not suitable" in body
    body = client.post(
        url,
        {
            **date_fields("start_date", today + timedelta(days=1)),
            "accommodation": "U",
            "suitable": "yes",
        },
    ).content.decode()
    assert "must be today or in the past" in body
    body = client.post(
        url, {"start_date_0": "31", "start_date_1": "2", "start_date_2": "x", "accommodation": "Q"}
    ).content.decode()
    assert "govuk-error-summary" in body
    activity = client.post(
        reverse("care_leavers:activity_add", args=[leaver.pk]),
        {**date_fields("start_date", today), "activity": "G4"},
    ).content.decode()
    assert "Say why the young person is not in education, employment or training" in activity
    plan = client.post(
        reverse("care_leavers:plan_add", args=[leaver.pk]), date_fields("agreed_on", today)
    ).content.decode()
    assert "Record the young person&#x27;s views" in plan
    assert not AccommodationRecord.objects.exists()
    assert not ActivityRecord.objects.exists()
    assert not PathwayPlan.objects.exists()


def test_a_contact_before_leaving_care_is_refused(client, leaver, adviser):
    client.force_login(adviser)
    before_16 = leaver.date_of_birth + timedelta(days=365 * 15)
    body = client.post(
        reverse("care_leavers:contact_add", args=[leaver.pk]),
        {**date_fields("contact_date", before_16), "contact_type": "phone", "outcome": "YES"},
    ).content.decode()
    assert "was not a care leaver on" in body
    assert not Contact.objects.exists()


def test_staying_put_starts_at_18(client, today, adviser):
    # Left care at 17 (relevant): Staying Put is refused before the 18th birthday.
    from care_leavers.categories import birthday
    from tests.care_leavers.helpers import young_person

    dob = birthday(today, -17) - timedelta(days=30)
    child = with_adviser(young_person(dob, birthday(dob, 15), today - timedelta(days=10)), adviser)
    client.force_login(adviser)
    body = client.post(
        reverse("care_leavers:accommodation_add", args=[child.pk]),
        {**date_fields("start_date", today), "accommodation": "Z", "suitable": "yes"},
    ).content.decode()
    assert "is for care leavers aged 18 or over" in body


def test_an_outsider_gets_404_everywhere(client, leaver, team_b):
    stranger = person(Role.PERSONAL_ADVISER, username="pa.other")
    client.force_login(stranger)
    for name in ("record", "contact_add", "accommodation_add", "activity_add", "plan_add"):
        assert client.get(reverse(f"care_leavers:{name}", args=[leaver.pk])).status_code == 404


def test_a_role_that_may_see_but_not_record_gets_403(client, leaver):
    iro = person(Role.IRO, username="iro")
    allocate(leaver, worker=iro, kind="iro")
    client.force_login(iro)
    assert client.get(reverse("care_leavers:record", args=[leaver.pk])).status_code == 200
    for name in (
        "contact_add",
        "accommodation_add",
        "activity_add",
        "plan_add",
        "adviser_allocate",
    ):
        assert client.get(reverse(f"care_leavers:{name}", args=[leaver.pk])).status_code == 403
    assert client.get(reverse("care_leavers:list")).status_code == 403
    assert client.get(reverse("care_leavers:caseload")).status_code == 403


def test_a_team_manager_allocates_a_personal_adviser(client, today, team_a):
    manager = person(Role.TEAM_MANAGER, username="tm", team=team_a)
    team_a.manager = manager
    team_a.save()
    child = former_relevant(today)
    allocate(child, team=team_a)
    new_adviser = person(Role.PERSONAL_ADVISER, username="pa.new", first_name="Noor")
    client.force_login(manager)
    response = client.post(
        reverse("care_leavers:adviser_allocate", args=[child.pk]),
        {"adviser": new_adviser.pk, **date_fields("start_date", today)},
    )
    assert response.status_code == 302
    assert child.allocations.get(kind="personal_adviser").worker == new_adviser
    recompute(child_ids=[child.pk])
    deadline = Deadline.objects.get(child=child, rule="pa_allocation")
    assert deadline.met_on == today


def test_the_child_page_shows_the_leaving_care_section_in_fixed_queries(
    client, leaver, adviser, today, django_assert_num_queries
):
    client.force_login(adviser)
    url = reverse("children:detail", args=[leaver.pk])
    body = client.get(url).content.decode()
    assert "Leaving care" in body and "Former relevant" in body
    with count_queries() as small:
        client.get(url)
    for n in range(10):
        Contact.objects.create(
            child=leaver,
            contact_date=today - timedelta(days=n),
            contact_type="phone",
            outcome="YES",
        )
        AccommodationRecord.objects.create(
            child=leaver, start_date=today - timedelta(days=n), accommodation="U", suitable=True
        )
    with django_assert_num_queries(small.count):
        client.get(url)


def test_the_list_counts_seed_002_measures_for_19_to_21_year_olds(client, today, adviser):
    from care_leavers.selectors import care_leaver_rows, measures

    manager = person(Role.SENIOR_MANAGER, username="sm")
    in_touch = former_relevant(today, 19)
    lost = former_relevant(today, 20)
    older = former_relevant(today, 23)
    for child in (in_touch, lost, older):
        with_adviser(child, adviser)
        AccommodationRecord.objects.create(
            child=child, start_date=today - timedelta(days=30), accommodation="U", suitable=True
        )
    Contact.objects.create(
        child=in_touch, contact_date=today - timedelta(days=20), contact_type="visit", outcome="YES"
    )
    Contact.objects.create(
        child=older, contact_date=today - timedelta(days=20), contact_type="visit", outcome="YES"
    )
    ActivityRecord.objects.create(
        child=in_touch, start_date=today - timedelta(days=9), activity="F2"
    )
    ActivityRecord.objects.create(child=lost, start_date=today - timedelta(days=9), activity="G6")
    AccommodationRecord.objects.create(
        child=lost,
        start_date=today - timedelta(days=3),
        accommodation="S",
        suitable=False,
        unsuitable_reason="Homeless",
    )
    rows = care_leaver_rows(user=manager)
    touch, suitable, eet = measures(rows)
    assert (touch.count, touch.denominator) == (1, 2)
    assert (suitable.count, suitable.denominator, suitable.percent) == (1, 2, "50.0%")
    assert (eet.count, eet.denominator) == (1, 2)
    client.force_login(manager)
    page = client.get(reverse("care_leavers:list"))
    assert page.status_code == 200
    # Each count leads to the young people behind it.
    behind = client.get(reverse("care_leavers:list") + "?" + touch.count_query)
    assert [r.child for r in behind.context["page"].object_list] == [in_touch]
    behind = client.get(reverse("care_leavers:list") + "?" + eet.count_query)
    assert [r.child for r in behind.context["page"].object_list] == [in_touch]
    everyone = client.get(reverse("care_leavers:list") + "?ages=22-24")
    assert [r.child for r in everyone.context["page"].object_list] == [older]


def test_a_social_worker_cannot_see_the_managers_list(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("care_leavers:list")).status_code == 403


def test_the_adviser_sees_their_caseload_and_work(client, leaver, adviser):
    recompute(child_ids=[leaver.pk])
    client.force_login(adviser)
    page = client.get(reverse("care_leavers:caseload"))
    assert page.status_code == 200
    assert [r.child for r in page.context["rows"]] == [leaver]
    assert {d.rule for d in page.context["work"]} >= {"care_leaver_contact"}


def test_odd_filters_and_pages_give_the_list_not_an_error(client):
    manager = person(Role.SENIOR_MANAGER, username="sm2")
    client.force_login(manager)
    response = client.get(
        reverse("care_leavers:list")
        + "?category=nobody&ages=99&in_touch=maybe&eet=1&adviser=x1&page=abc"
    )
    assert response.status_code == 200
    assert response.context["filters"] == type(response.context["filters"])()
    assert client.get(reverse("care_leavers:list") + "?adviser=99999").status_code == 404


def test_a_personal_adviser_allocation_is_named_as_such_when_it_meets_the_deadline(leaver, adviser):
    recompute(child_ids=[leaver.pk])
    deadline = Deadline.objects.get(child=leaver, rule="pa_allocation")
    assert deadline.met_by_label == "personal adviser allocation"
