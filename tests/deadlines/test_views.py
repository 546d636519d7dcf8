"""Work lists: My work, the team's and the whole service's deadlines, their CSVs, and the
deadlines on the child's page. Deadlines come from real records and a recompute."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import AllocationKind
from children.services import allocation_change
from deadlines import views
from deadlines.models import Deadline
from deadlines.selectors import CSV_COLUMNS
from deadlines.services import recompute
from tests.children.builders import register
from tests.factories import TeamFactory, UserFactory, allocator
from tests.queries import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("record_rules_only")]

# A child who came into care on Monday 6 January 2025, seen from Monday 20 January: the
# first visit (within a week, by 13 January) is overdue, the care plan (10 working days
# after the first placement, by 20 January) is due soon, an EU national's EU Settlement
# Scheme application (by 18) is later, and the IRO (2 working days, by 8 January) is
# overdue for the IRO manager.
START = date(2025, 1, 6)
TODAY = date(2025, 1, 20)


def looked_after(by, ref, first_name, nationality="PL", **identity):
    return register(
        by,
        START,
        la_reference=ref,
        first_name=first_name,
        nationalities=[nationality],
        **identity,
    )


def person(role, **kwargs):
    return UserFactory(role=role, **kwargs)


def a_team(name):
    return TeamFactory(name=name)


def recomputed(*children):
    recompute(child_ids=[c.pk for c in children], today=TODAY)


def rows_of(response):
    """(child reference, rule code, status) of every deadline listed on a page."""
    if "sections" in response.context:
        listed = [d for s in response.context["sections"] for d in s.rows]
    else:
        listed = list(response.context["page"].object_list)
    return sorted((d.child.la_reference, d.rule, d.status) for d in listed)


def csv_of(response):
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def robin(social_worker):
    child = looked_after(social_worker, "C100001", "Robin")
    recomputed(child)
    return child


@pytest.fixture
def other_team_child(outsider):
    child = looked_after(outsider, "C200001", "Ash", last_name="Brackenholt")
    recomputed(child)
    return child


def test_my_work_groups_the_users_deadlines_by_urgency(client, social_worker, robin):
    client.force_login(social_worker)
    response = client.get(reverse("deadlines:my_work"))
    sections = {s.status: s for s in response.context["sections"]}
    assert [d.rule for d in sections["overdue"].rows] == ["sw_visit"]
    assert [d.rule for d in sections["due_soon"].rows] == ["care_plan"]
    assert [d.rule for d in sections["upcoming"].rows] == ["euss_apply"]
    body = response.content.decode()
    assert "Due in the next 10 working days (1)" in body
    assert "Social worker visit" in body
    assert "13 January 2025" in body
    assert "Care Planning, Placement and Case Review (England) Regulations 2010, reg 28" in body
    assert f'href="{reverse("children:detail", args=[robin.pk])}"' in body
    assert "C100001" in body


def test_my_work_leaves_out_team_children_allocated_to_someone_else(
    client, social_worker, teammate, robin
):
    teammates_child = looked_after(teammate, "C100002", "Sky")
    recomputed(teammates_child)
    client.force_login(social_worker)
    response = client.get(reverse("deadlines:my_work"))
    assert {ref for ref, _, _ in rows_of(response)} == {"C100001"}
    client.force_login(teammate)
    response = client.get(reverse("deadlines:my_work"))
    assert {ref for ref, _, _ in rows_of(response)} == {"C100002"}


def test_rules_owned_by_a_role_are_that_roles_work(client, robin):
    manager = person(Role.IRO_MANAGER)
    client.force_login(manager)
    response = client.get(reverse("deadlines:my_work"))
    assert rows_of(response) == [("C100001", "iro_allocation", "overdue")]


def test_my_work_filters_by_rule(client, social_worker, robin):
    client.force_login(social_worker)
    response = client.get(reverse("deadlines:my_work"), {"rule": "care_plan"})
    assert rows_of(response) == [("C100001", "care_plan", "due_soon")]
    body = response.content.decode()
    assert '<option value="care_plan" selected>Care plan agreed</option>' in body
    assert "None for this rule." in body


def test_an_unknown_rule_is_a_message_not_an_error(client, social_worker, robin):
    client.force_login(social_worker)
    response = client.get(reverse("deadlines:my_work"), {"rule": "no_such_rule"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select a rule from the list" in body
    # The filter is not applied: every deadline is still listed.
    assert len(rows_of(response)) == 3
    download = client.get(reverse("deadlines:my_work"), {"rule": "no_such_rule", "format": "csv"})
    assert download.status_code == 400
    assert b"Select a rule from the list" in download.content


def test_unknown_filters_on_the_service_list_are_messages(client, robin):
    client.force_login(person(Role.SENIOR_MANAGER))
    for junk in ({"rule": "<b>bold</b>"}, {"status": "met"}, {"page": "x" * 500}):
        response = client.get(reverse("deadlines:service"), junk)
        assert response.status_code == 200
        assert "<b>bold</b>" not in response.content.decode()
    response = client.get(reverse("deadlines:service"), {"status": "met"})
    assert "Select a status from the list" in response.content.decode()


def test_my_work_csv_has_the_listed_columns_and_rows(client, social_worker, robin):
    client.force_login(social_worker)
    rows = csv_of(client.get(reverse("deadlines:my_work"), {"format": "csv"}))
    assert rows[0] == CSV_COLUMNS
    assert rows[1] == [
        "C100001",
        "Robin Applebury",
        "Social worker visit",
        "2025-01-13",
        "Overdue",
        Deadline.objects.get(child=robin, rule="sw_visit").explanation,
        "Care Planning, Placement and Case Review (England) Regulations 2010, reg 28: "
        "(2) any placement; (3) placed with a parent under reg 19; (4) a connected person "
        "under reg 24, or an interim care order at home; (5) a care order at home",
    ]
    assert [r[2] for r in rows[1:]] == [
        "Social worker visit",
        "Care plan agreed",
        "EU Settlement Scheme application",
    ]
    filtered = csv_of(
        client.get(reverse("deadlines:my_work"), {"format": "csv", "rule": "euss_apply"})
    )
    assert [r[3] for r in filtered[1:]] == ["2033-06-01"]


def test_team_manager_sees_the_open_deadlines_of_the_teams_children(
    client, team_manager, teammate, robin, other_team_child
):
    teammates_child = looked_after(teammate, "C100002", "Sky")
    recomputed(teammates_child)
    client.force_login(team_manager)
    response = client.get(reverse("deadlines:team"))
    assert response.status_code == 200
    listed = rows_of(response)
    assert {ref for ref, _, _ in listed} == {"C100001", "C100002"}
    # Every rule's deadlines, whoever's work they are: the IRO's reviews too.
    assert {rule for _, rule, _ in listed} >= {"iro_allocation", "cic_review", "sw_visit"}
    assert all(status in ("overdue", "due_soon", "upcoming") for _, _, status in listed)
    filtered = client.get(reverse("deadlines:team"), {"rule": "sw_visit", "status": "overdue"})
    assert rows_of(filtered) == [
        ("C100001", "sw_visit", "overdue"),
        ("C100002", "sw_visit", "overdue"),
    ]


def test_a_child_who_moved_team_leaves_the_old_teams_list(
    client, team_manager, social_worker, robin
):
    allocation_change(
        child=robin,
        kind=AllocationKind.TEAM,
        team=a_team("Team C"),
        start_date=date(2025, 1, 10),
        by=allocator(AllocationKind.TEAM),
    )
    client.force_login(team_manager)
    assert rows_of(client.get(reverse("deadlines:team"))) == []


def test_team_and_service_lists_are_refused_to_a_social_worker(client, social_worker, robin):
    client.force_login(social_worker)
    for name in ("deadlines:team", "deadlines:service"):
        assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse(name), {"format": "csv"}).status_code == 403


def test_someone_who_manages_a_team_sees_its_list(client, robin, team_a):
    senior = person(Role.SENIOR_MANAGER)
    team_a.manager = senior
    team_a.save()
    client.force_login(senior)
    response = client.get(reverse("deadlines:team"))
    assert {ref for ref, _, _ in rows_of(response)} == {"C100001"}


def test_an_iro_who_manages_a_team_sees_only_the_teams_children_they_may_see(
    client, social_worker, robin, team_a
):
    # An IRO may open only the children allocated to them: managing a team does not
    # widen that, so the team's list keeps to those of its children.
    iro = person(Role.IRO)
    team_a.manager = iro
    team_a.save()
    second = looked_after(social_worker, "C100002", "Sky")
    allocation_change(
        child=second, kind=AllocationKind.IRO, worker=iro, start_date=START, by=allocator("iro")
    )
    recomputed(robin, second)
    client.force_login(iro)
    response = client.get(reverse("deadlines:team"))
    assert {ref for ref, _, _ in rows_of(response)} == {"C100002"}
    assert response.context["page"].paginator.count == len(rows_of(response))


@pytest.mark.parametrize("name", ["deadlines:team", "deadlines:service"])
def test_team_and_service_lists_run_a_fixed_number_of_queries_and_count_every_row(
    client, team_manager, social_worker, django_assert_num_queries, name
):
    children = [looked_after(social_worker, f"C6{n:05d}", f"Fir{n}") for n in range(2)]
    recomputed(*children)
    client.force_login(team_manager if name == "deadlines:team" else person(Role.SENIOR_MANAGER))
    url = reverse(name)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    more = [looked_after(social_worker, f"C7{n:05d}", f"Elm{n}") for n in range(15)]
    recomputed(*more)
    with django_assert_num_queries(small.count):
        response = client.get(url)
    open_rows = Deadline.objects.filter(status__in=["overdue", "due_soon", "upcoming"])
    assert response.context["page"].paginator.count == open_rows.count() > views.PER_PAGE
    assert len(response.context["page"].object_list) == views.PER_PAGE
    with django_assert_num_queries(small.count):
        page_two = client.get(url, {"page": "2"})
    listed = list(response.context["page"].object_list)
    for number in range(2, response.context["page"].paginator.num_pages + 1):
        listed += client.get(url, {"page": number}).context["page"].object_list
    assert list(page_two.context["page"].object_list) == listed[views.PER_PAGE : 2 * views.PER_PAGE]
    # The pages hold every row once, most urgent first.
    assert len({d.pk for d in listed}) == open_rows.count()
    urgency = [views.selectors.OPEN_ORDER.index(d.status) for d in listed]
    assert urgency == sorted(urgency)
    visits = client.get(url, {"rule": "sw_visit", "status": "overdue"})
    assert visits.context["page"].paginator.count == 17


def test_outsider_sees_nothing_of_another_teams_children(
    client, outsider, robin, other_team_child, team_b
):
    client.force_login(outsider)
    mine = client.get(reverse("deadlines:my_work"))
    assert {ref for ref, _, _ in rows_of(mine)} == {"C200001"}
    assert "C100001" not in mine.content.decode()
    assert "Robin" not in mine.content.decode()
    rows = csv_of(client.get(reverse("deadlines:my_work"), {"format": "csv"}))
    assert {r[0] for r in rows[1:]} == {"C200001"}
    for name in ("deadlines:team", "deadlines:service"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("children:detail", args=[robin.pk])).status_code == 404

    # The outsider's manager sees their own team's list, and nothing of team A's.
    manager = person(Role.TEAM_MANAGER, team=team_b)
    team_b.manager = manager
    team_b.save()
    client.force_login(manager)
    team = client.get(reverse("deadlines:team"))
    assert {ref for ref, _, _ in rows_of(team)} == {"C200001"}
    assert "C100001" not in team.content.decode()
    rows = csv_of(client.get(reverse("deadlines:team"), {"format": "csv"}))
    assert {r[0] for r in rows[1:]} == {"C200001"}


def test_senior_manager_sees_every_open_deadline_with_a_summary_by_rule(
    client, robin, other_team_child
):
    client.force_login(person(Role.SENIOR_MANAGER))
    response = client.get(reverse("deadlines:service"))
    assert response.status_code == 200
    open_rows = Deadline.objects.filter(status__in=["overdue", "due_soon", "upcoming"])
    assert response.context["page"].paginator.count == open_rows.count()
    summary = {row.rule: row for row in response.context["summary"]}
    visits = {cell.status: cell.count for cell in summary["sw_visit"].cells}
    assert visits == {"overdue": 2, "due_soon": 0, "upcoming": 0}
    body = response.content.decode()
    assert 'href="?rule=sw_visit&amp;status=overdue"' in body
    # Every count is the length of the list it links to.
    for row in response.context["summary"]:
        for cell in row.cells:
            linked = client.get(
                reverse("deadlines:service"), {"rule": row.rule, "status": cell.status}
            )
            assert linked.context["page"].paginator.count == cell.count, (row.rule, cell.status)
    rows = csv_of(client.get(reverse("deadlines:service"), {"format": "csv"}))
    assert {r[0] for r in rows[1:]} == {"C100001", "C200001"}
    assert len(rows) - 1 == open_rows.count()


def test_iro_manager_sees_the_service_list(client, robin):
    client.force_login(person(Role.IRO_MANAGER))
    assert client.get(reverse("deadlines:service")).status_code == 200


def test_met_and_no_longer_applying_deadlines_are_not_work(client, social_worker, robin):
    iro = person(Role.IRO)
    allocation_change(
        child=robin,
        kind=AllocationKind.IRO,
        worker=iro,
        start_date=START,
        by=allocator(AllocationKind.IRO),
    )
    recomputed(robin)
    client.force_login(person(Role.SENIOR_MANAGER))
    response = client.get(reverse("deadlines:service"), {"rule": "iro_allocation"})
    assert rows_of(response) == []


def test_my_work_runs_a_fixed_number_of_queries(client, social_worker):
    client.force_login(social_worker)
    child = looked_after(social_worker, "C500001", "Alder")
    recomputed(child)
    url = reverse("deadlines:my_work")
    client.get(url)
    with count_queries() as small:
        client.get(url)
    more = [looked_after(social_worker, f"C5{n:05d}", f"Birch{n}") for n in range(2, 10)]
    recomputed(*more)
    with count_queries() as large:
        response = client.get(url)
    assert sum(s.total for s in response.context["sections"]) == 27
    assert response.context["page"].paginator.count == 27
    assert large.count == small.count


def test_a_group_split_across_pages_says_where_it_continues(
    client, social_worker, robin, monkeypatch
):
    second = looked_after(social_worker, "C100003", "Rowan")
    recomputed(second)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    client.force_login(social_worker)
    page_two = client.get(reverse("deadlines:my_work"), {"page": 2}).content.decode()
    assert "On earlier pages, from" in page_two
    assert 'href="?page=1#overdue"' in page_two
    assert 'href="?page=3#upcoming"' in page_two


def test_navigation_offers_each_list_to_those_allowed(client, social_worker, team_manager):
    client.force_login(social_worker)
    body = client.get(reverse("core:home")).content.decode()
    assert 'href="/deadlines/"' in body
    assert 'href="/deadlines/team/"' not in body
    assert 'href="/deadlines/service/"' not in body
    client.force_login(team_manager)
    body = client.get(reverse("core:home")).content.decode()
    assert 'href="/deadlines/team/"' in body
    assert 'href="/deadlines/service/"' not in body
    client.force_login(person(Role.SENIOR_MANAGER))
    body = client.get(reverse("core:home")).content.decode()
    assert 'href="/deadlines/service/"' in body
    client.force_login(person(Role.PARTNER))
    body = client.get(reverse("core:home")).content.decode()
    assert 'href="/deadlines/"' not in body


def test_child_page_shows_overdue_deadlines_first_and_every_deadline(client, social_worker, robin):
    iro = person(Role.IRO)
    # The IRO was allocated two days after the deadline: met, late.
    allocation_change(
        child=robin,
        kind=AllocationKind.IRO,
        worker=iro,
        start_date=date(2025, 1, 10),
        by=allocator(AllocationKind.IRO),
    )
    recomputed(robin)
    client.force_login(social_worker)
    response = client.get(reverse("children:detail", args=[robin.pk]))
    body = response.content.decode()
    visit = Deadline.objects.get(child=robin, rule="sw_visit")
    assert f"<strong>Overdue:</strong> {visit.explanation}" in body
    assert body.index("Overdue deadlines") < body.index("Periods of care")
    assert [d.rule for d in response.context["overdue_deadlines"]] == ["sw_visit"]
    table = body[body.index('id="deadlines-heading"') :]
    assert "IRO allocated" in table
    assert '10 January 2025 <strong class="govuk-tag govuk-tag--orange">Late</strong>' in table
    assert "by the IRO allocation" in table  # the record that met it
    assert "First review due by" in table
    assert "Source: IRO Handbook (2010), chapter 2" in table


def test_child_page_of_a_child_with_nothing_overdue_has_no_banner(client, social_worker):
    child = looked_after(social_worker, "C100009", "Hazel")
    recompute(child_ids=[child.pk], today=START)
    client.force_login(social_worker)
    body = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Overdue deadlines" not in body
    assert 'id="deadlines-heading"' in body


def test_the_history_of_a_childs_deadlines_shows_what_each_recompute_changed(
    client, social_worker, robin, outsider
):
    from casework.services import visit_record
    from children.models import ChildRecordView

    # Visited on Friday 17 January: the next visit moves from 13 January (overdue) to
    # 6 weeks later, Friday 28 February.
    visit_record(
        child=robin,
        visit_date=date(2025, 1, 17),
        seen_alone=True,
        bedroom_seen=True,
        visited_by=social_worker,
        notes="",
        by=social_worker,
    )
    recomputed(robin)
    url = reverse("deadlines:child_history", args=[robin.pk])
    client.force_login(social_worker)
    assert url in client.get(reverse("children:detail", args=[robin.pk])).content.decode()
    body = client.get(url).content.decode()
    newest = body.index("Next visit by 28 February 2025")
    assert newest < body.index("Next visit by 13 January 2025")
    assert ChildRecordView.objects.filter(child=robin, user=social_worker, path=url).exists()

    client.force_login(outsider)
    assert client.get(url).status_code == 404
