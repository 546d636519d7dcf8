"""The measures dashboard: who may see it, that every number leads to exactly the
children behind it, its CSV downloads, bad input, and a fixed number of queries."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import Role
from reporting.measures import ON_TIME_MEASURES
from tests.factories import ChildFactory, UserFactory, allocate
from tests.queries import count_queries
from tests.reporting.test_measures import care, cohort  # noqa: F401 (the fixture)

YEAR = {
    "start_0": "1",
    "start_1": "4",
    "start_2": "2025",
    "end_0": "31",
    "end_1": "3",
    "end_2": "2026",
}
FIGURE = re.compile(r'<a class="govuk-link" data-figure="([^"]+)" href="([^"]+)">(\d+)<')


@pytest.fixture
def senior(db):
    return UserFactory(username="senior", role=Role.SENIOR_MANAGER)


@pytest.fixture
def manager_a(cohort):  # noqa: F811
    manager = UserFactory(username="tm.a", role=Role.TEAM_MANAGER, team=cohort["team_a"])
    cohort["team_a"].manager = manager
    cohort["team_a"].save()
    return manager


def figures(response) -> list[tuple[str, str, int]]:
    return [(key, unescape(href), int(n)) for key, href, n in FIGURE.findall(response.text)]


def listed(client, href) -> list[str]:
    """Every child on every page of a list of children behind a figure."""
    response = client.get(href)
    assert response.status_code == 200
    page = response.context["page"]
    refs = [_ref(row) for row in page.object_list]
    while page.has_next():
        response = client.get(f"{href}&page={page.next_page_number()}")
        page = response.context["page"]
        refs += [_ref(row) for row in page.object_list]
    return refs


def _ref(row) -> str:
    """A child's reference, or the reference of a deadline's child."""
    child = getattr(row, "child", row)
    return child.la_reference


def test_every_figure_links_to_exactly_the_children_behind_it(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    response = client.get(reverse("reporting:dashboard"), YEAR)
    assert response.status_code == 200
    found = figures(response)
    keys = {key for key, _, _ in found}
    assert {"looked_after_at_end", "started", "ceased", "month-end"} <= keys
    assert "looked_after_at_end.legal_status" in keys
    headline = {key: n for key, _, n in found if "." not in key and key != "month-end"}
    expected = {
        "looked_after_at_start": 7,
        "looked_after_at_end": 9,
        "started": 5,
        "ceased": 3,
        "looked_after_12_months": 4,
        # Each child of the set has one placement; A, C and M were in care for the two
        # years; A and C, under 16, for two and a half, in their placement throughout.
        "three_placements": 0,
        "three_placements-cohort": 9,
        "three_placements_two_years": 0,
        "three_placements_two_years-cohort": 3,
        "long_term_stability": 2,
        "long_term_stability-cohort": 2,
        # No placement of the set has its postcodes recorded.
        "far_from_home": 0,
        "far_from_home-cohort": 0,
    }
    assert {key: headline[key] for key in expected} == expected
    # The set's deadlines were never computed: every duty shows 0 of 0, with its lists.
    on_time = {key: n for key, n in headline.items() if key not in expected}
    assert len(on_time) == 2 * len(ON_TIME_MEASURES)
    assert set(on_time.values()) == {0}
    for key, href, n in found:
        assert len(listed(client, href)) == n, key


def test_the_list_behind_a_breakdown_line_is_its_children(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    response = client.get(
        reverse("reporting:children"),
        YEAR | {"measure": "looked_after_at_end", "dimension": "legal_status", "value": "E1"},
    )
    assert [c.la_reference for c in response.context["page"].object_list] == ["C"]
    assert "Placement order granted" in response.text


def test_a_list_longer_than_a_page_is_paginated(client, senior, cohort):  # noqa: F811
    for n in range(55):
        care(ChildFactory(la_reference=f"Z{n:03d}"), date(2025, 1, 1))
    client.force_login(senior)
    href = (
        reverse("reporting:children")
        + "?measure=looked_after_at_end&"
        + "&".join(f"{k}={v}" for k, v in YEAR.items())
    )
    first = client.get(href)
    assert len(first.context["page"].object_list) == 50
    assert len(listed(client, href)) == 64


def test_a_team_manager_sees_only_their_teams_children(client, manager_a, cohort):  # noqa: F811
    client.force_login(manager_a)
    response = client.get(reverse("reporting:dashboard"), YEAR)
    assert response.status_code == 200
    headline = {k: n for k, _, n in figures(response) if k == "looked_after_at_end"}
    assert headline == {"looked_after_at_end": 8}  # M is held by team B
    href = next(h for k, h, _ in figures(response) if k == "looked_after_at_end")
    assert "M" not in listed(client, href)
    # Team B is not among their choices: the form says so, and shows their own figures.
    other = client.get(reverse("reporting:dashboard"), YEAR | {"team": cohort["team_b"].pk})
    assert other.status_code == 200
    assert "govuk-error-summary" in other.text
    assert other.context["choice"].team is None


def test_a_senior_manager_filters_by_team(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    response = client.get(reverse("reporting:dashboard"), YEAR | {"team": cohort["team_b"].pk})
    href = next(h for k, h, _ in figures(response) if k == "looked_after_at_end")
    assert listed(client, href) == ["M"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SOCIAL_WORKER, 403),
        (Role.IRO, 403),
        (Role.ADMINISTRATOR, 403),
        # A partner is kept to their own sections: anything else does not exist for them.
        (Role.PARTNER, 404),
    ],
)
def test_others_are_refused(client, cohort, role, status):  # noqa: F811
    client.force_login(UserFactory(role=role, team=cohort["team_a"]))
    for name in ("reporting:dashboard", "reporting:children", "reporting:download"):
        response = client.get(reverse(name), YEAR | {"measure": "started", "table": "figures"})
        assert response.status_code == status
        assert "Started to be looked after" not in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {
                "start_0": "31",
                "start_1": "2",
                "start_2": "2026",
                "end_0": "1",
                "end_1": "3",
                "end_2": "2026",
            },
            "From must be a real date",
        ),
        (
            {
                "start_0": "1",
                "start_1": "4",
                "start_2": "2026",
                "end_0": "31",
                "end_1": "3",
                "end_2": "2026",
            },
            "The end of the period must be on or after its start",
        ),
        (
            {"start_0": "1", "start_1": "4", "start_2": "2026"},
            "Enter the date the period ends, or neither date",
        ),
        ({"team": "x"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_not_a_500(client, senior, query, message):
    client.force_login(senior)
    response = client.get(reverse("reporting:dashboard"), query)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in response.text


def test_an_unknown_figure_is_not_found(client, senior):
    client.force_login(senior)
    url = reverse("reporting:children")
    assert client.get(url, {"measure": "nothing"}).status_code == 404
    assert client.get(url, {"measure": "started", "dimension": "nothing"}).status_code == 404
    assert client.get(reverse("reporting:download"), {"table": "started.x"}).status_code == 404


def test_every_table_downloads_as_csv(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    response = client.get(reverse("reporting:dashboard"), YEAR | {"team": cohort["team_a"].pk})
    links = [unescape(h) for h in re.findall(r'href="([^"]*/download/[^"]*)"', response.text)]
    # figures, month ends, three breakdowns, time since the latest review and last visit
    assert len(links) == 2 + 6 + 6 + 7 + 2
    for link in links:
        csv = client.get(link)
        assert csv.status_code == 200
        assert csv["Content-Type"].startswith("text/csv")
        assert re.fullmatch(r'attachment; filename="[a-z0-9-]+\.csv"', csv["Content-Disposition"])
        assert "team-a" in csv["Content-Disposition"]
    months = client.get(links[1]).content.decode().splitlines()
    assert months[0] == "Month end,Children looked after"
    assert months[-1] == "2026-03-31,8"
    reasons = client.get(next(link for link in links if "ceased.reason_ceased" in link))
    assert "Adopted: application for an adoption order unopposed,1" in reasons.content.decode()


def test_the_list_downloads_as_csv(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    response = client.get(
        reverse("reporting:children"), YEAR | {"measure": "ceased", "download": "csv"}
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "LA reference,First name,Last name,Date of birth"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["D", "F", "G"]
    # The file names the children: each is logged as viewed by the manager.
    from children.models import ChildRecordView

    logged = ChildRecordView.objects.filter(user=senior).values_list(
        "child__la_reference", flat=True
    )
    assert sorted(logged) == ["D", "F", "G"]
    assert response["Content-Disposition"] == (
        'attachment; filename="children-ceased-to-be-looked-after-in-the-period-'
        '2025-04-01-to-2026-03-31.csv"'
    )


def test_download_filenames_are_safe():
    from reporting.views import download_filename

    assert download_filename("Team North / East", "2025-04-01") == "team-north-east-2025-04-01.csv"
    assert download_filename('"; rm -rf', "../..") == "rm-rf.csv"


def test_the_chart_is_an_image_with_its_table_beside_it(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    response = client.get(reverse("reporting:dashboard"), YEAR)
    assert 'role="img"' in response.text
    assert '<title id="month-end-chart-title">' in response.text
    assert response.text.count("<rect ") == 12
    assert 'id="month-end-table"' in response.text


def test_the_dashboard_defaults_to_the_last_12_whole_months(client, senior):
    client.force_login(senior)
    response = client.get(reverse("reporting:dashboard"))
    period = response.context["choice"].period
    assert period.end.day != 0 and (period.end.replace(day=28) - period.start).days > 330
    assert len(period.month_ends()) == 12


def test_the_dashboard_reads_a_fixed_number_of_queries(client, senior, cohort):  # noqa: F811
    client.force_login(senior)
    url = reverse("reporting:dashboard")
    client.get(url, YEAR)
    with count_queries() as few:
        client.get(url, YEAR)
    for n in range(30):
        child = ChildFactory(la_reference=f"Y{n:03d}")
        allocate(child, team=cohort["team_a"], start=date(2019, 1, 1))
        care(child, date(2025, 5, 1 + n % 28), statuses=[("C2", None, None), ("E1", None, None)])
    with count_queries() as many:
        client.get(url, YEAR)
    assert many.count == few.count
    # The cohort measures and breakdowns, three for the stability measures together, one
    # for the deadlines met on time, two for each of the times since.
    assert few.count <= 45


def test_managers_find_the_measures_in_the_navigation(senior):
    from home.navigation import navigation_for

    assert "Measures" in [i.label for i in navigation_for(user=senior)]
    assert "Measures" not in [
        i.label for i in navigation_for(user=UserFactory.create(role=Role.SOCIAL_WORKER))
    ]
