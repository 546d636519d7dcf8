"""Partner organisations (decision 0016): a health provider's users open only the health
section of the records the council has shared with it, and a virtual school's only the
education section; anything else is a 404, and every page they open and every change
they make is recorded."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrganisationKind, PartnerOrganisation, Role
from children import services as child_services
from children.models import ChildRecordView, ChildShare
from children.selectors import children_for_section, children_shared_with
from core.exceptions import ApplicationError
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import recompute
from health.models import ReviewHealthAssessment
from tests.children.builders import register
from tests.core.pages import routes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTERED = date(2025, 12, 19)


def partner(**kw):
    return UserFactory(role=Role.PARTNER, **kw)


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


@pytest.fixture
def health_org(db):
    return PartnerOrganisation.objects.create(
        name="Harbourside Community Health", kind=OrganisationKind.HEALTH
    )


@pytest.fixture
def school_org(db):
    return PartnerOrganisation.objects.create(
        name="Harbour Virtual School", kind=OrganisationKind.VIRTUAL_SCHOOL
    )


@pytest.fixture
def nurse(health_org):
    return UserFactory(username="nurse", role=Role.PARTNER, partner_organisation=health_org)


@pytest.fixture
def teacher(school_org):
    return UserFactory(username="teacher", role=Role.PARTNER, partner_organisation=school_org)


@pytest.fixture
def shared_child(social_worker, health_org, school_org):
    child = register(
        social_worker, ENTERED, date_of_birth=date(2016, 3, 10), la_reference="C200001"
    )
    for organisation in (health_org, school_org):
        child_services.share_start(
            child=child, organisation=organisation, start_date=ENTERED, by=social_worker
        )
    return child


@pytest.fixture
def other_child(social_worker):
    return register(
        social_worker,
        ENTERED,
        date_of_birth=date(2017, 5, 2),
        la_reference="C200002",
        first_name="Morgan",
        last_name="Unshared",
    )


# --- who is shared with whom ---------------------------------------------------------


def test_only_current_sharing_with_the_users_own_active_organisation_counts(
    social_worker, nurse, health_org, shared_child, other_child
):
    assert list(children_shared_with(user=nurse)) == [shared_child]
    assert list(children_for_section(user=nurse, section="health")) == [shared_child]
    # Not the virtual school's section.
    assert not children_for_section(user=nurse, section="education").exists()

    # Another health organisation's user sees nothing of it.
    elsewhere = PartnerOrganisation.objects.create(name="Elsewhere ICB", kind="health")
    stranger = partner(partner_organisation=elsewhere)
    assert not children_shared_with(user=stranger).exists()
    # A partner user with no organisation sees nothing.
    nobody = partner()
    assert not children_shared_with(user=nobody).exists()

    # Sharing that stops today: today is the first day without it.
    share = ChildShare.objects.get(child=shared_child, organisation=health_org)
    child_services.share_stop(share=share, end_date=timezone.localdate(), by=social_worker)
    assert not children_shared_with(user=nurse).exists()


def test_an_inactive_organisation_sees_nothing(nurse, health_org, shared_child):
    health_org.active = False
    health_org.save()
    nurse.refresh_from_db()
    assert not children_shared_with(user=nurse).exists()


def test_staff_access_is_unchanged_by_sections(social_worker, outsider, shared_child):
    assert shared_child in children_for_section(user=social_worker, section="health")
    assert not children_for_section(user=outsider, section="health").exists()


def test_sharing_refuses_what_makes_no_sense(social_worker, health_org, shared_child):
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="already shared"):
        child_services.share_start(
            child=shared_child, organisation=health_org, start_date=ENTERED, by=social_worker
        )
    other = PartnerOrganisation.objects.create(name="Closed trust", kind="health", active=False)
    with pytest.raises(ApplicationError, match="no longer a partner"):
        child_services.share_start(
            child=shared_child, organisation=other, start_date=ENTERED, by=social_worker
        )
    other.active = True
    other.save()
    with pytest.raises(ApplicationError, match="today or in the past"):
        child_services.share_start(
            child=shared_child,
            organisation=other,
            start_date=today + timedelta(days=1),
            by=social_worker,
        )
    share = ChildShare.objects.get(child=shared_child, organisation=health_org)
    with pytest.raises(ApplicationError, match="before it started on 19/12/2025"):
        child_services.share_stop(share=share, end_date=date(2025, 12, 18), by=social_worker)
    child_services.share_stop(share=share, end_date=today, by=social_worker)
    with pytest.raises(ApplicationError, match="already stopped"):
        child_services.share_stop(share=share, end_date=today, by=social_worker)
    # Stopped, so it can be shared again; both rows are kept.
    child_services.share_start(
        child=shared_child, organisation=health_org, start_date=today, by=social_worker
    )
    assert ChildShare.objects.filter(child=shared_child, organisation=health_org).count() == 2


# --- the health partner in the web pages ---------------------------------------------


def test_a_health_partner_records_an_rha_for_a_shared_child(client, nurse, shared_child):
    client.force_login(nurse)
    page = client.get(reverse("health:child", args=[shared_child.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    # Identity and where the child lives, and nothing that leads to the rest of the record.
    assert "Identity and placement" in text
    assert "B1 1AA" in text and "Smith" in text
    assert f'href="{reverse("children:detail", args=[shared_child.pk])}"' not in text
    assert f'href="{reverse("children:list")}"' not in text

    url = reverse("health:rha_add", args=[shared_child.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        date_fields("assessed_on", date(2026, 6, 15))
        | {"assessor": "school_nurse", "organisation": "Harbourside", "outcome": "Well"},
    )
    assert response.status_code == 302
    rha = ReviewHealthAssessment.objects.get(child=shared_child)
    assert rha.assessed_on == date(2026, 6, 15)
    # The change is in the record's history under the partner's name...
    assert rha.history.get().history_user == nurse
    # ...and each page they opened is in the record's access log.
    assert set(
        ChildRecordView.objects.filter(user=nurse, child=shared_child).values_list(
            "path", flat=True
        )
    ) == {reverse("health:child", args=[shared_child.pk]), url}


def test_bad_input_from_a_partner_is_shown_and_nothing_is_written(client, nurse, shared_child):
    client.force_login(nurse)
    response = client.post(
        reverse("health:rha_add", args=[shared_child.pk]),
        date_fields("assessed_on", date(2020, 1, 1)) | {"assessor": ""},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ReviewHealthAssessment.objects.exists()


def test_a_health_partner_gets_404_for_any_other_child(client, nurse, shared_child, other_child):
    client.force_login(nurse)
    for name in ["health:child", "health:rha_add", "health:iha", "health:sdq_add"]:
        assert client.get(reverse(name, args=[other_child.pk])).status_code == 404, name
    response = client.post(
        reverse("health:rha_add", args=[other_child.pk]),
        date_fields("assessed_on", date(2026, 6, 15)) | {"assessor": "gp"},
    )
    assert response.status_code == 404
    assert not ReviewHealthAssessment.objects.exists()
    assert not ChildRecordView.objects.filter(child=other_child).exists()


def _child_pages(child):
    """Every page of the project addressed by a child's id, other than the health and
    education sections (the ones a partner may have)."""
    urls = []
    for route in routes():
        if "<int:pk>" not in route or route.startswith(("health/", "education/")):
            continue
        url = "/" + route.replace("<int:pk>", str(child.pk))
        for placeholder in ("<int:share_pk>", "<int:school_pk>", "<int:record_pk>"):
            url = url.replace(placeholder, "1")
        if "<" not in url:
            urls.append(url)
    return urls


def test_a_partner_gets_404_for_every_other_section_of_a_shared_child(
    client, nurse, teacher, shared_child
):
    urls = _child_pages(shared_child)
    assert len(urls) > 20
    assert f"/children/{shared_child.pk}/" in urls
    for user in (nurse, teacher):
        client.force_login(user)
        for url in urls:
            status = client.get(url).status_code
            assert status == 404, (user, url, status)
        assert client.get(f"/children/{shared_child.pk}/").status_code == 404
    # The health partner is refused the education section, the virtual school the health one.
    client.force_login(nurse)
    assert client.get(reverse("education:child", args=[shared_child.pk])).status_code == 404
    assert client.get(reverse("education:work_list")).status_code == 404
    client.force_login(teacher)
    assert client.get(reverse("health:child", args=[shared_child.pk])).status_code == 404
    assert client.get(reverse("health:work")).status_code == 404
    # No whole-service page is open to a partner either.
    for name in (
        "children:list",
        "deadlines:my_work",
        "care_leavers:list",
        "euss:list",
        "reviews:caseloads",
        "resolutions:open",
        "admin:index",
    ):
        assert client.get(reverse(name)).status_code == 404, name


def test_the_virtual_school_works_on_the_education_section(client, teacher, shared_child):
    client.force_login(teacher)
    page = client.get(reverse("education:child", args=[shared_child.pk]))
    assert page.status_code == 200
    assert "Identity and placement" in page.content.decode()
    assert client.get(reverse("education:pep_add", args=[shared_child.pk])).status_code == 200
    listing = client.get(reverse("education:work_list"), {"show": "all"})
    assert listing.status_code == 200
    assert shared_child.full_name in listing.content.decode()


# --- partner home, navigation and work list --------------------------------------------


def test_the_partner_home_lists_shared_children_and_their_work(
    client, nurse, shared_child, other_child
):
    recompute(child_ids=[shared_child.pk, other_child.pk])
    client.force_login(nurse)
    page = client.get(reverse("core:home"))
    text = page.content.decode()
    assert shared_child.full_name in text
    assert other_child.full_name not in text
    assert reverse("health:child", args=[shared_child.pk]) in text
    nav = [item.label for item in page.context["navigation"]]
    assert nav == ["Home", "Health work"]
    # Both children are a year past entering care, so both have overdue health deadlines
    # (the IHA at least); the partner's figure and list hold only the shared child's.
    overdue = Deadline.objects.filter(status=DeadlineStatus.OVERDUE, rule="iha")
    assert set(overdue.values_list("child_id", flat=True)) == {shared_child.pk, other_child.pk}
    work = {w["section"]: w for w in page.context["work"]}["health"]
    assert work["overdue"] > 0
    assert f'href="{reverse("health:work")}?status=overdue"' in text
    listing = client.get(reverse("health:work"), {"status": "overdue"})
    assert listing.status_code == 200
    assert work["overdue"] == listing.context["page"].paginator.count
    children_listed = {d.child_id for d in listing.context["page"].object_list}
    assert children_listed == {shared_child.pk}
    search = client.get(reverse("core:home"), {"q": "Unshared"})
    assert "No shared children match" in search.content.decode()


# --- sharing from the child's page ---------------------------------------------------


def test_a_social_worker_shares_and_stops_sharing_from_the_childs_page(
    client, social_worker, other_child, health_org
):
    client.force_login(social_worker)
    detail = client.get(reverse("children:detail", args=[other_child.pk])).content.decode()
    assert "not shared with any partner organisation" in detail
    url = reverse("children:share_add", args=[other_child.pk])
    bad = client.post(url, {"organisation": "", **date_fields("start_date", ENTERED)})
    assert "Select the organisation to share the record with" in bad.content.decode()
    assert (
        client.post(
            url, {"organisation": health_org.pk, **date_fields("start_date", ENTERED)}
        ).status_code
        == 302
    )
    share = ChildShare.objects.get(child=other_child)
    assert share.shared_by == social_worker and share.history.count() == 1
    detail = client.get(reverse("children:detail", args=[other_child.pk])).content.decode()
    assert "Harbourside Community Health" in detail
    stop = reverse("children:share_stop", args=[other_child.pk, share.pk])
    assert client.post(stop, date_fields("end_date", timezone.localdate())).status_code == 302
    share.refresh_from_db()
    assert share.end_date == timezone.localdate()


def test_an_outsider_cannot_share_a_child(client, outsider, other_child, health_org):
    client.force_login(outsider)
    url = reverse("children:share_add", args=[other_child.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {"organisation": health_org.pk, **date_fields("start_date", ENTERED)}
        ).status_code
        == 404
    )
    assert not ChildShare.objects.exists()
