"""The IRO's home page: their caseload's statutory work, and the same for the whole
service, by IRO, for an IRO manager. Every figure is a count of deadline rows."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from deadlines.selectors import my_work
from deadlines.services import recompute
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

# Saturday 1 February 2025.
TODAY = date(2025, 2, 1)


def person(role, **names):
    return UserFactory(role=role, **names)


@pytest.fixture
def caseloads(social_worker):
    """Ivy holds Robin (in care from 6 December 2024, first review due 8 January 2025:
    overdue) and Sam (from 13 January 2025, first review due Monday 10 February: six
    working days away, due soon). Oscar holds Alex, whose first review is overdue too."""
    ivy = person(Role.IRO, first_name="Ivy", last_name="Reed")
    oscar = person(Role.IRO, first_name="Oscar", last_name="Lane")
    robin = register(social_worker, date(2024, 12, 6), first_name="Robin", la_reference="C1")
    sam = register(social_worker, date(2025, 1, 13), first_name="Sam", la_reference="C2")
    alex = register(social_worker, date(2024, 12, 6), first_name="Alex", la_reference="C3")
    allocate(robin, worker=ivy, kind=AllocationKind.IRO, start=date(2024, 12, 6))
    allocate(sam, worker=ivy, kind=AllocationKind.IRO, start=date(2025, 1, 13))
    allocate(alex, worker=oscar, kind=AllocationKind.IRO, start=date(2024, 12, 6))
    recompute(today=TODAY)
    return ivy, oscar, robin, sam, alex


def panel(dashboard, key):
    return next(p for p in dashboard.panels if p.key == key)


def test_an_iro_sees_their_own_caseloads_reviews_overdue_and_due_soon(client, caseloads):
    ivy, _oscar, robin, sam, alex = caseloads
    client.force_login(ivy)
    response = client.get(reverse("core:home"))
    dashboard = response.context["dashboard"]
    assert not dashboard.whole_service
    overdue = panel(dashboard, "reviews_overdue")
    assert overdue.total == 1
    assert [(d.child, d.due_date) for d in overdue.rows] == [(robin, date(2025, 1, 8))]
    soon = panel(dashboard, "reviews_due_soon")
    assert [(d.child, d.due_date) for d in soon.rows] == [(sam, date(2025, 2, 10))]
    assert [child for child, _next in dashboard.caseload] == [robin, sam]
    # Neither review is booked: both are to book, the overdue one first.
    assert [d.child for d in panel(dashboard, "reviews_to_book").rows] == [robin, sam]
    assert panel(dashboard, "bookings_upcoming").total == 0
    body = response.content.decode()
    assert "My IRO work" in body
    assert alex.first_name not in body
    # The list behind the figure is the IRO's own work list, filtered to the rule.
    assert overdue.url == f"{reverse('deadlines:my_work')}?rule=cic_review"


def test_an_iro_manager_sees_the_whole_service_with_a_row_for_each_iro(client, caseloads):
    ivy, oscar, *_children = caseloads
    manager = person(Role.IRO_MANAGER)
    client.force_login(manager)
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    assert dashboard.whole_service
    assert panel(dashboard, "reviews_overdue").total == 2
    assert panel(dashboard, "reviews_overdue").url == (
        f"{reverse('deadlines:service')}?rule=cic_review&status=overdue"
    )
    keys = [key for key, _title in dashboard.columns]
    rows = {r.iro: dict(zip(keys, r.cells, strict=True)) for r in dashboard.iros}
    assert (rows[ivy]["reviews_overdue"], rows[ivy]["reviews_due_soon"]) == (1, 1)
    assert (rows[oscar]["reviews_overdue"], rows[oscar]["reviews_due_soon"]) == (1, 0)
    assert {r.iro: r.children for r in dashboard.iros} == {ivy: 2, oscar: 1}
    # Every child here has an IRO; the manager's panel of children waiting for one is empty.
    assert panel(dashboard, "waiting_for_iro").total == 0
    assert "waiting_for_iro" not in keys


def test_a_child_waiting_for_an_iro_is_on_the_managers_page_not_an_iros(
    client, caseloads, social_worker
):
    ivy, *_rest = caseloads
    # In care from Thursday 30 January 2025: an IRO is due by Monday 3 February.
    waiting = register(social_worker, date(2025, 1, 30), first_name="Kit", la_reference="C4")
    recompute(today=TODAY)
    client.force_login(person(Role.IRO_MANAGER))
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    rows = panel(dashboard, "waiting_for_iro").rows
    assert [(d.child, d.due_date, d.status) for d in rows] == [
        (waiting, date(2025, 2, 3), "due_soon")
    ]
    client.force_login(ivy)
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    assert "waiting_for_iro" not in [p.key for p in dashboard.panels]


def test_other_roles_have_no_iro_panel_but_see_their_own_work(client, caseloads, social_worker):
    client.force_login(social_worker)
    response = client.get(reverse("core:home"))
    assert "dashboard" not in response.context
    # The social worker registered all three children: each has a care plan (due 10
    # working days after placement) and a first visit (7 days) overdue by 1 February.
    # Health: each has the notification to health overdue (5 working days: Fri 13 Dec
    # 2024 for Robin and Alex, Mon 20 Jan 2025 for Sam); Robin's and Alex's initial
    # health assessments (20 working days: Wed 8 Jan) are overdue and Sam's (Mon 10 Feb)
    # due soon; each has a dental check and an SDQ upcoming (12 months after entry).
    # Education: each has the first PEP overdue (10 working days: Fri 20 Dec 2024 for
    # Robin and Alex, Mon 27 Jan 2025 for Sam).
    summary = response.context["my_work"]
    # The home page's figures are My work's: every rule for the social worker counts.
    work = my_work(user=social_worker)
    by_status = {
        status: work.filter(status=status).count() for status in ("overdue", "due_soon", "upcoming")
    }
    assert (summary.overdue, summary.due_soon, summary.upcoming) == (
        by_status["overdue"],
        by_status["due_soon"],
        by_status["upcoming"],
    )
    total = summary.overdue + summary.due_soon + summary.upcoming
    assert f"See my work: {total} statutory deadlines" in response.content.decode()
    # Among them, the hand-worked ones above.
    overdue = set(work.filter(status="overdue").values_list("rule", "child__first_name"))
    for name in ("Robin", "Sam", "Alex"):
        expected = {"care_plan", "sw_visit", "health_notification", "pep_initial"}
        assert {(rule, name) for rule in expected} <= overdue
    assert {("iha", "Robin"), ("iha", "Alex")} <= overdue
    assert ("iha", "Sam") in set(
        work.filter(status="due_soon").values_list("rule", "child__first_name")
    )


def test_a_booked_review_an_overdue_recommendation_and_an_open_resolution_show(
    client, caseloads, social_worker, team_manager
):
    from datetime import time, timedelta

    from django.utils import timezone

    from resolutions.models import Theme
    from resolutions.services import resolution_raise
    from reviews.models import Recommendation
    from reviews.services import BookingDetails, booking_create, review_record

    ivy, _oscar, robin, sam, _alex = caseloads
    held = review_record(child=robin, held_on=date(2025, 1, 7), participation="PN1", by=ivy)
    Recommendation.objects.create(
        review=held,
        child=robin,
        text="Arrange life-story work",
        owner=social_worker,
        due_date=date(2025, 1, 31),
    )
    booking = booking_create(
        child=sam,
        details=BookingDetails(
            # Reviews booked are listed from today on.
            booked_for=timezone.localdate() + timedelta(days=14),
            starts_at=time(10, 0),
            format="virtual",
            video_link="https://meet.example.org/sam",
        ),
        by=ivy,
    )
    resolution = resolution_raise(
        child=robin,
        by=ivy,
        kind="informal",
        raised_on=date(2025, 1, 20),
        themes=[Theme.objects.get_or_create(name="Drift and delay in the plan")[0]],
        concern="No care plan",
        requested="A care plan agreed",
    )
    client.force_login(ivy)
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    assert [r.child for r in panel(dashboard, "recommendations_overdue").rows] == [robin]
    assert list(panel(dashboard, "bookings_upcoming").rows) == [booking]
    # Sam's review is booked: only Robin's next review is left to book.
    assert [d.child for d in panel(dashboard, "reviews_to_book").rows] == [robin]
    assert [r.resolution for r in panel(dashboard, "open_resolutions").rows] == [resolution]


def _records(ivy, robin, sam, social_worker):
    """An overdue recommendation for Robin, a review booked for Sam and a dispute
    resolution raised by Ivy about Robin."""
    from datetime import time, timedelta

    from django.utils import timezone

    from resolutions.models import Theme
    from resolutions.services import resolution_raise
    from reviews.models import Recommendation
    from reviews.services import BookingDetails, booking_create, review_record

    held = review_record(child=robin, held_on=date(2025, 1, 7), participation="PN1", by=ivy)
    Recommendation.objects.create(
        review=held,
        child=robin,
        text="Arrange life-story work",
        owner=social_worker,
        due_date=date(2025, 1, 31),
    )
    booking_create(
        child=sam,
        details=BookingDetails(
            booked_for=timezone.localdate() + timedelta(days=14),
            starts_at=time(10, 0),
            format="virtual",
            video_link="https://meet.example.org/sam",
        ),
        by=ivy,
    )
    resolution_raise(
        child=robin,
        by=ivy,
        kind="informal",
        raised_on=date(2025, 1, 20),
        themes=[Theme.objects.get_or_create(name="Drift and delay in the plan")[0]],
        concern="No care plan",
        requested="A care plan agreed",
    )


def escape(url):
    return url.replace("&", "&amp;")


def _listed(client, url):
    """How many rows the list at `url` holds (all pages)."""
    context = client.get(url).context
    if "page" in context:
        return context["page"].paginator.count
    return len(context["rows"])


def test_each_figure_on_the_managers_page_is_the_length_of_the_list_it_leads_to(
    client, caseloads, social_worker
):
    ivy, _oscar, robin, sam, _alex = caseloads
    _records(ivy, robin, sam, social_worker)
    # Kit waits for an IRO (in care from Thursday 30 January 2025).
    register(social_worker, date(2025, 1, 30), first_name="Kit", la_reference="C4")
    recompute(today=TODAY)
    client.force_login(person(Role.IRO_MANAGER))
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    totals = {p.key: p.total for p in dashboard.panels}
    # Robin's first review was held on 7 January, so his next is due by 7 April (within
    # 3 months): upcoming. Alex's first (8 January) is overdue; Sam's (Monday 10
    # February) is due soon and booked; Kit's (20 working days from Thursday 30 January:
    # Thursday 27 February) upcoming. To book: Robin's, Alex's and Kit's.
    assert totals["reviews_overdue"] == 1
    assert totals["reviews_due_soon"] == 1
    assert totals["reviews_to_book"] == 3
    assert totals["bookings_upcoming"] == 1
    assert totals["recommendations_overdue"] == 1
    assert totals["open_resolutions"] == 1
    assert totals["waiting_for_iro"] == 1
    # The table by IRO has a column for each deadline panel an IRO's work is counted in.
    assert [key for key, _title in dashboard.columns] == [
        "reviews_overdue",
        "reviews_due_soon",
        "recommendations_not_issued",
        "minutes_overdue",
        "midway_due",
    ]
    body = client.get(reverse("core:home")).content.decode()
    for p in dashboard.panels:
        assert p.url, p.key
        assert _listed(client, p.url) == p.total, p.key
        # A figure leads to its list, or to its rows on the page when they are shown.
        if p.total:
            assert f'href="{"#" + p.key if p.rows else escape(p.url)}"' in body, p.key
    # The manager's page lists the rows of their own work only: Kit, waiting for an IRO.
    assert [p.key for p in dashboard.panels if p.rows] == ["waiting_for_iro"]


def test_each_record_figure_on_an_iros_page_is_the_length_of_the_list_it_leads_to(
    client, caseloads, social_worker
):
    ivy, oscar, robin, sam, _alex = caseloads
    _records(ivy, robin, sam, social_worker)
    for iro, expected in ((ivy, 1), (oscar, 1)):
        client.force_login(iro)
        dashboard = client.get(reverse("core:home")).context["dashboard"]
        # Ivy's review to book is Robin's (Sam's is booked); Oscar's is Alex's.
        assert panel(dashboard, "reviews_to_book").total == expected
        for key in ("reviews_to_book", "bookings_upcoming", "recommendations_overdue"):
            p = panel(dashboard, key)
            assert p.url == reverse("reviews:work", args=[key])
            assert _listed(client, p.url) == p.total, (iro, key)
    client.force_login(oscar)
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    assert [panel(dashboard, k).total for k in ("bookings_upcoming", "open_resolutions")] == [0, 0]


def test_the_list_behind_a_figure_is_paginated_in_the_order_of_the_panel(
    client, caseloads, monkeypatch
):
    from reviews import views

    monkeypatch.setattr(views, "WORK_PER_PAGE", 1)
    client.force_login(person(Role.IRO_MANAGER))
    url = reverse("reviews:work", args=["reviews_to_book"])
    pages = [client.get(url, {"page": n}).context["page"] for n in (1, 2, 3)]
    # Robin's and Alex's reviews were both due on 8 January 2025 (between them, in the
    # order their deadlines were made), then Sam's, due 10 February.
    assert pages[0].paginator.count == 3
    names = [d.child.first_name for page in pages for d in page]
    assert sorted(names[:2]) == ["Alex", "Robin"]
    assert names[2] == "Sam"
    assert "Page 3 of 3" in client.get(url, {"page": 3}).content.decode()


def test_the_lists_behind_the_figures_are_for_iros_and_their_managers(
    client, caseloads, social_worker
):
    ivy, *_rest = caseloads
    client.force_login(social_worker)
    assert client.get(reverse("reviews:work", args=["reviews_to_book"])).status_code == 403
    client.force_login(ivy)
    assert client.get(reverse("reviews:work", args=["reviews_to_book"])).status_code == 200
    # Children waiting for an IRO are the manager's work; an unknown list is not found.
    assert client.get(reverse("reviews:work", args=["waiting_for_iro"])).status_code == 404
    assert client.get(reverse("reviews:work", args=["nothing"])).status_code == 404
    client.force_login(person(Role.IRO_MANAGER))
    assert client.get(reverse("reviews:work", args=["waiting_for_iro"])).status_code == 200


def test_the_managers_page_costs_the_same_number_of_queries_however_many_children(
    client, caseloads, social_worker
):
    from tests.queries import count_queries

    ivy, _oscar, robin, sam, _alex = caseloads
    _records(ivy, robin, sam, social_worker)
    recompute(today=TODAY)
    client.force_login(person(Role.IRO_MANAGER))
    url = reverse("core:home")
    client.get(url)
    with count_queries() as before:
        earlier = client.get(url).context["dashboard"]
    # Five more of Ivy's children with their first reviews overdue: more rows, no new kind.
    for n in range(5):
        child = register(
            social_worker, date(2024, 12, 6), first_name=f"More{n}", la_reference=f"M{n}"
        )
        allocate(child, worker=ivy, kind=AllocationKind.IRO, start=date(2024, 12, 6))
    recompute(today=TODAY)
    later = client.get(url).context["dashboard"]
    # Alex's review overdue, then those of the five more too.
    assert panel(earlier, "reviews_overdue").total == 1
    assert panel(later, "reviews_overdue").total == 6
    # The same panels have rows (an empty panel reads no rows), so the same queries run.
    assert [p.key for p in earlier.panels if p.total] == [p.key for p in later.panels if p.total]
    with count_queries() as after:
        client.get(url)
    assert after.count == before.count


def test_a_deadline_counts_for_the_childs_iro_allocated_last(client, caseloads):
    ivy, oscar, robin, *_rest = caseloads
    # Robin is given to Oscar from 10 January 2025 without Ivy's allocation being ended:
    # both are current; the later one is Robin's IRO.
    allocate(robin, worker=oscar, kind=AllocationKind.IRO, start=date(2025, 1, 10))
    client.force_login(person(Role.IRO_MANAGER))
    dashboard = client.get(reverse("core:home")).context["dashboard"]
    keys = [key for key, _title in dashboard.columns]
    rows = {r.iro: dict(zip(keys, r.cells, strict=True)) for r in dashboard.iros}
    # Robin's review (8 January) and Alex's are overdue: both Oscar's now; Sam's due soon.
    assert (rows[ivy]["reviews_overdue"], rows[ivy]["reviews_due_soon"]) == (0, 1)
    assert (rows[oscar]["reviews_overdue"], rows[oscar]["reviews_due_soon"]) == (2, 0)
