"""The EUSS section of the child's page, the form, the managers' list and its CSV."""

import csv
import io
from datetime import date, timedelta
from typing import cast

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from children.models import Child, Nationality
from euss.models import EussRecord, EussStatus
from tests.factories import ChildFactory, UserFactory, allocate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def new_child(**kwargs) -> Child:
    return cast(Child, ChildFactory(**kwargs))


def new_user(**kwargs) -> User:
    return cast(User, UserFactory(**kwargs))


def date_fields(name, d):
    if d is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


def form_data(status, **dates):
    data = {"status": status, "family_member": "no", "supported_by": ""}
    for name in (
        "identified_date",
        "coa_date",
        "residence_start",
        "pre_settled_date",
        "pre_settled_expiry",
        "settled_date",
        "retrospective_check_date",
    ):
        data.update(date_fields(name, dates.get(name)))
    return data


def banner(client, child):
    response = client.get(reverse("children:detail", args=[child.pk]))
    assert response.status_code == 200
    return response.context["euss_banner"]


@pytest.fixture
def polish(child):
    Nationality.objects.create(child=child, country="PL")
    return child


def test_the_banner_appears_and_disappears_as_the_status_changes(client, polish, social_worker):
    today = timezone.localdate()
    client.force_login(social_worker)
    url = reverse("euss:change", args=[polish.pk])
    identified = today - timedelta(days=400)

    # Eligible, nothing recorded yet.
    assert "no EUSS record" in banner(client, polish)
    page = client.get(reverse("children:detail", args=[polish.pk])).content.decode()
    assert "govuk-notification-banner" in page and "Change EUSS status" in page

    # Applied: still no decision.
    applied = form_data(
        EussStatus.APPLIED, identified_date=identified, coa_date=today - timedelta(days=390)
    )
    assert client.post(url, applied).status_code == 302
    assert "no decision yet" in banner(client, polish)

    # Pre-settled, with settled status about four years away.
    granted = today - timedelta(days=365)
    pre_settled = {
        **applied,
        **form_data(
            EussStatus.PRE_SETTLED,
            identified_date=identified,
            coa_date=today - timedelta(days=390),
            pre_settled_date=granted,
        ),
    }
    response = client.post(url, pre_settled)
    assert response.status_code == 302, response.context["form"].errors
    assert banner(client, polish) is None

    # Continuous residence recorded from longer ago: eligible for settled status in 100 days.
    start = date(today.year - 5, today.month, min(today.day, 28)) + timedelta(days=100)
    start = min(start, granted)
    pre_settled.update(date_fields("residence_start", start))
    assert client.post(url, pre_settled).status_code == 302
    text = banner(client, polish)
    assert text and "eligible for settled status on" in text

    # Settled.
    settled = {**pre_settled, **date_fields("settled_date", today), "status": EussStatus.SETTLED}
    assert client.post(url, settled).status_code == 302
    assert banner(client, polish) is None
    assert EussRecord.objects.get().history.count() == 4


def test_the_form_shows_a_broken_rule_on_its_field(client, polish, social_worker):
    client.force_login(social_worker)
    response = client.post(
        reverse("euss:change", args=[polish.pk]),
        form_data(EussStatus.SETTLED, identified_date=date(2024, 1, 8)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["settled_date"] == [
        "Enter the date settled status was granted"
    ]
    assert not EussRecord.objects.exists()


def test_only_writers_who_can_see_the_child_may_change_it(client, polish, outsider):
    client.force_login(outsider)
    assert client.get(reverse("euss:change", args=[polish.pk])).status_code == 404
    iro_manager = new_user(role=Role.IRO_MANAGER)
    client.force_login(iro_manager)
    page = client.get(reverse("children:detail", args=[polish.pk])).content.decode()
    assert "Change EUSS status" not in page
    assert client.get(reverse("euss:change", args=[polish.pk])).status_code == 403


def test_a_child_with_no_eu_link_shows_no_section(client, child, social_worker):
    Nationality.objects.create(child=child, country="GB")
    client.force_login(social_worker)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert 'id="euss-heading"' not in page
    assert "Record EU Settlement Scheme details" in page


def test_the_child_page_queries_do_not_grow_with_an_euss_record(client, polish, social_worker):
    client.force_login(social_worker)
    url = reverse("children:detail", args=[polish.pk])
    client.get(url)
    with count_queries() as without:
        client.get(url)
    EussRecord.objects.create(
        child=polish,
        status=EussStatus.PRE_SETTLED,
        pre_settled_date=date(2022, 1, 1),
        supported_by=social_worker,
    )
    with count_queries() as with_record:
        client.get(url)
    assert with_record.count == without.count


# --- the managers' list ---------------------------------------------------------


def rows_of_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def caseload(team_a, social_worker):
    """Team A holds a Polish child with no record, a Romanian child with settled status,
    and a British child; team B holds an Italian child."""
    from accounts.models import Team

    no_record = new_child(first_name="Ada", last_name="Alder")
    Nationality.objects.create(child=no_record, country="PL")
    settled = new_child(first_name="Bea", last_name="Birch")
    Nationality.objects.create(child=settled, country="RO")
    EussRecord.objects.create(
        child=settled,
        status=EussStatus.SETTLED,
        identified_date=date(2023, 1, 1),
        settled_date=date(2024, 1, 1),
    )
    british = new_child(first_name="Cal", last_name="Cedar")
    Nationality.objects.create(child=british, country="GB")
    for c in (no_record, settled, british):
        allocate(c, team=team_a)
    elsewhere = new_child(first_name="Dee", last_name="Damson")
    Nationality.objects.create(child=elsewhere, country="IT")
    allocate(elsewhere, team=Team.objects.get(name="Team B"))
    return {"no_record": no_record, "settled": settled, "british": british, "elsewhere": elsewhere}


def test_a_team_manager_sees_their_teams_eu_children_in_the_list_and_the_csv(
    client, team_manager, team_b, caseload
):
    client.force_login(team_manager)
    response = client.get(reverse("euss:list"))
    assert response.status_code == 200
    listed = [row.child for row, _ in response.context["rows"]]
    assert listed == [caseload["no_record"], caseload["settled"]]
    exported = rows_of_csv(client.get(reverse("euss:export")))
    assert exported[0] == response.context["columns"]
    assert exported[1:] == [cells for _, cells in response.context["rows"]]
    assert "Damson" not in response.content.decode()


def test_filters_apply_to_the_list_and_the_csv_alike(client, team_manager, team_b, caseload):
    client.force_login(team_manager)
    for query, expected in (
        ({"needs_action": "yes"}, ["Ada Alder"]),
        ({"status": "settled"}, ["Bea Birch"]),
        ({"status": "none"}, ["Ada Alder"]),
        ({"status": "appeal"}, []),
    ):
        listed = client.get(reverse("euss:list"), query).context["rows"]
        exported = rows_of_csv(client.get(reverse("euss:export"), query))[1:]
        assert [cells[1] for _, cells in listed] == expected
        assert [r[1] for r in exported] == expected


def test_an_outsider_manager_sees_neither_the_child_in_the_list_nor_the_csv(
    client, team_b, caseload
):
    manager_b = new_user(role=Role.TEAM_MANAGER, team=team_b)
    client.force_login(manager_b)
    listed = [row.child for row, _ in client.get(reverse("euss:list")).context["rows"]]
    assert listed == [caseload["elsewhere"]]
    exported = client.get(reverse("euss:export")).content.decode()
    assert "Alder" not in exported and "Birch" not in exported and "Damson" in exported


def test_a_social_worker_who_is_not_a_manager_is_refused(client, social_worker, team_b, caseload):
    client.force_login(social_worker)
    assert client.get(reverse("euss:list")).status_code == 403
    assert client.get(reverse("euss:export")).status_code == 403


def test_managers_have_the_link_in_the_navigation(client, team_manager, social_worker):
    client.force_login(team_manager)
    assert reverse("euss:list") in client.get(reverse("core:home")).content.decode()
    client.force_login(social_worker)
    assert reverse("euss:list") not in client.get(reverse("core:home")).content.decode()


def test_the_list_runs_a_fixed_number_of_queries(client, team_a, team_b, caseload):
    manager = new_user(role=Role.SENIOR_MANAGER)
    client.force_login(manager)
    client.get(reverse("euss:list"))
    with count_queries() as few:
        client.get(reverse("euss:list"))
    for n in range(10):
        extra = new_child(first_name=f"Extra{n}", last_name="Elm")
        Nationality.objects.create(child=extra, country="LT")
        Nationality.objects.create(child=extra, country="GB")
        EussRecord.objects.create(
            child=extra,
            status=EussStatus.PRE_SETTLED,
            pre_settled_date=date(2021, 1, 1),
            supported_by=manager,
        )
    with count_queries() as many:
        response = client.get(reverse("euss:list"))
    assert len(response.context["rows"]) == 13
    assert many.count == few.count


def test_csv_cells_cannot_start_a_formula(client, team_a, team_manager):
    c = new_child(first_name="=HYPERLINK(1)", last_name="Fir")
    Nationality.objects.create(child=c, country="PL")
    allocate(c, team=team_a)
    client.force_login(team_manager)
    exported = rows_of_csv(client.get(reverse("euss:export")))
    assert exported[1][1].startswith("'=")
