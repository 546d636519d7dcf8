"""Every view of a child is logged (children.middleware): a walk over every URL that
names a child, or one of the child's records."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind, PartnerOrganisation, Role
from casework.services import case_note_write, missing_episode_record
from children.middleware import NOT_A_CHILD, child_reference
from children.models import ChildRecordView
from children.services import share_start
from education.services import (
    PepDetails,
    SchoolDetails,
    out_of_school_record,
    pep_record,
    school_record,
)
from resolutions.models import Kind, QopReason, Theme
from resolutions.services import qop_raise, resolution_raise
from reviews.services import (
    BookingDetails,
    booking_create,
    invitee_add,
    letter_save,
    recommendation_add,
    review_record,
)
from tests.children.builders import register
from tests.core.pages import routes
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db
START = date(2024, 1, 8)


@pytest.fixture
def case(team_a, team_b, social_worker, team_manager):
    iro = UserFactory.create(role=Role.IRO)
    health = PartnerOrganisation.objects.create(name="Health", kind=OrganisationKind.HEALTH)
    school = PartnerOrganisation.objects.create(name="VS", kind=OrganisationKind.VIRTUAL_SCHOOL)
    child = register(team_manager, START)
    allocate(child, worker=social_worker, start=START)
    allocate(child, worker=iro, kind="iro", start=START)
    share = share_start(child=child, organisation=health, start_date=START, by=social_worker)
    share_start(child=child, organisation=school, start_date=START, by=social_worker)
    review = review_record(child=child, held_on=date(2024, 1, 26), participation="PN1", by=iro)
    letter_save(review=review, letter="Dear Robin, we met today.", by=iro)
    booking = booking_create(
        child=child,
        details=BookingDetails(
            timezone.localdate() + timedelta(days=30), time(10), "virtual", video_link="https://x"
        ),
        by=iro,
    )
    theme, reason = Theme.objects.first(), QopReason.objects.first()
    assert theme is not None and reason is not None
    objects = {
        "pk": child.pk,
        "note_id": case_note_write(
            child=child,
            note_type="phone_call",
            event_date=date(2024, 2, 1),
            subject="Call",
            text="Spoke to the carer.",
            by=social_worker,
        ).pk,
        "episode_id": missing_episode_record(
            child=child, kind="M", start_date=date(2024, 3, 1), by=social_worker
        ).pk,
        "share_pk": share.pk,
        "school_pk": school_record(
            child=child, details=SchoolDetails("Oak Primary", date(2024, 1, 10)), by=social_worker
        ).pk,
        "record_pk": out_of_school_record(
            child=child, reason="no_place", start_date=date(2024, 3, 4), by=social_worker
        ).pk,
        "pep_pk": pep_record(
            child=child, meeting_date=date(2024, 1, 15), details=PepDetails(), by=social_worker
        ).pk,
        "invitee": invitee_add(booking=booking, name="Jo Smith", role="advocate", by=iro).pk,
    }
    records = {
        "reviews.Review": review.pk,
        "reviews.ReviewBooking": booking.pk,
        "reviews.Recommendation": recommendation_add(
            review=review,
            text="Arrange a PEP",
            owner=social_worker,
            due_date=date(2024, 3, 1),
            by=iro,
        ).pk,
        "resolutions.Resolution": resolution_raise(
            child=child,
            by=iro,
            kind=Kind.FORMAL,
            raised_on=timezone.localdate(),
            themes=[theme],
            concern="The plan has drifted",
            requested="A permanence meeting",
            responder=team_manager,
        ).pk,
        "resolutions.QopForm": qop_raise(
            child=child,
            by=iro,
            raised_on=timezone.localdate(),
            reasons=[reason],
            details="No chronology",
            recipient=social_worker,
        ).pk,
    }
    readers = [
        social_worker,
        team_manager,
        iro,
        UserFactory.create(role=Role.IRO_MANAGER),
        UserFactory.create(role=Role.PARTNER, partner_organisation=health),
        UserFactory.create(role=Role.PARTNER, partner_organisation=school),
    ]
    outsider = UserFactory.create(role=Role.SOCIAL_WORKER, team=team_b)
    return child, objects, records, readers, outsider


def _url(route: str, objects: dict, records: dict) -> str:
    reference = child_reference(route)
    values = dict(objects)
    if reference != "child":
        values["pk"] = records[reference]
    url = route
    for name, value in values.items():
        url = url.replace(f"<int:{name}>", str(value))
    return "/" + url


def test_every_route_with_an_id_says_whether_it_names_a_child():
    unclassified = [
        r for r in routes() if "<int:" in r and r not in NOT_A_CHILD and child_reference(r) is None
    ]
    assert not unclassified


def test_every_page_that_names_a_child_is_logged_once_for_a_reader(client, case):
    child, objects, records, readers, outsider = case
    named = [r for r in routes() if child_reference(r) is not None]
    assert len(named) > 60
    unread = []
    for route in named:
        url = _url(route, objects, records)
        assert "<" not in url, url
        for reader in readers:
            client.force_login(reader)
            before = ChildRecordView.objects.count()
            response = client.get(url)
            if response.status_code == 200:
                logged = ChildRecordView.objects.filter(pk__gt=0).order_by("-pk")[:1].get()
                assert ChildRecordView.objects.count() == before + 1, url
                assert (logged.child_id, logged.user_id, logged.path) == (child.pk, reader.pk, url)
                break
            assert ChildRecordView.objects.count() == before, (url, response.status_code)
        else:
            unread.append(url)
        client.force_login(outsider)
        before = ChildRecordView.objects.count()
        assert client.get(url).status_code in (403, 404, 405), url
        assert ChildRecordView.objects.count() == before, url
    # Pages that only take a POST (nothing to read) or answer a GET with a redirect, and
    # pages of a state this child is not in (a temporary approval in force, a current
    # series of short breaks), which answer 404 and so log nothing.
    assert all("remove" in url or any(s in url for s in NEEDS_ANOTHER_STATE) for url in unread), (
        unread
    )


NEEDS_ANOTHER_STATE = ("/temporary-approval/", "/short-breaks/end/", "/short-breaks/break/")


def test_a_csv_download_logs_every_child_it_lists(client, case, team_manager):
    from deadlines.services import recompute

    child, *_ = case
    recompute(child_ids=[child.pk])
    client.force_login(team_manager)
    response = client.get("/deadlines/team/", {"format": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert ChildRecordView.objects.filter(child=child, user=team_manager).count() == 1


def test_a_partner_search_logs_the_children_it_finds(client, case):
    child, _, _, readers, _ = case
    partner = readers[-2]
    client.force_login(partner)
    assert client.get("/", {"q": child.last_name}).status_code == 200
    assert ChildRecordView.objects.filter(child=child, user=partner).count() == 1
