"""Recording the care history through the pages: forms, errors, permissions."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from children.models import Child, Placement
from children.registration import SESSION_KEY
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


ABOUT = {
    "la_reference": "R1",
    "first_name": "Ada",
    "last_name": "Hazelmere",
    "sex": "F",
    **date_fields("date_of_birth", date(2016, 2, 29)),
}
BACKGROUND = {"ethnicity": "WBRI", "nationality": "GB", "upn_unknown_reason": "UN4", "uasc": "no"}
ENTRY = {
    "category_of_need": "N1",
    "legal_status": "V2",
    "previous_permanence": "Z1",
    **date_fields("start_date", date(2025, 3, 3)),
}
PLACEMENT = {
    "placement_type": "U6",
    "provider": "PR1",
    "carer_name": "Mr and Mrs Oak",
    "postcode": "B1 1AA",
    "home_postcode": "B2 4QA",
    "in_council_area": "yes",
    "intended_until_18": "no",
}


def walk_registration(client):
    client.get(reverse("children:register"))
    for step, data in (
        ("about", ABOUT),
        ("background", BACKGROUND),
        ("entry", ENTRY),
        ("placement", PLACEMENT),
    ):
        response = client.post(reverse("children:register_step", args=[step]), data)
        assert response.status_code == 302, response.content.decode()[:3000]
    return client.get(reverse("children:register_check"))


def test_registration_journey_checks_answers_then_registers(client, social_worker):
    client.force_login(social_worker)
    check = walk_registration(client)
    body = check.content.decode()
    assert "Check your answers" in body
    assert "29 February 2016" in body  # a leap-day birthday survives the journey
    assert "Single period of accommodation under section 20" in body
    assert not Child.objects.exists()
    response = client.post(reverse("children:register_check"))
    child = Child.objects.get()
    assert response["Location"] == reverse("children:detail", args=[child.pk])
    assert child.placements.get().carer_name == "Mr and Mrs Oak"
    assert SESSION_KEY not in client.session


def test_registration_step_shows_errors_in_the_summary(client, social_worker):
    client.force_login(social_worker)
    client.get(reverse("children:register"))
    data = {**ABOUT, "date_of_birth_0": "31", "date_of_birth_1": "2", "first_name": ""}
    body = client.post(reverse("children:register_step", args=["about"]), data).content.decode()
    assert "There is a problem" in body
    assert 'href="#id_first_name">Enter the child&#x27;s first name' in body
    assert "Date of birth must be a real date" in body


def test_registration_cannot_skip_ahead(client, social_worker):
    client.force_login(social_worker)
    client.get(reverse("children:register"))
    response = client.get(reverse("children:register_step", args=["placement"]))
    assert response["Location"] == reverse("children:register_step", args=["about"])


def test_rule_broken_at_registration_is_shown_with_a_link_to_fix_it(client, social_worker):
    client.force_login(social_worker)
    client.get(reverse("children:register"))
    entry = {**ENTRY, **date_fields("start_date", date(2016, 2, 1))}  # before birth
    for step, data in (
        ("about", ABOUT),
        ("background", BACKGROUND),
        ("entry", entry),
        ("placement", PLACEMENT),
    ):
        client.post(reverse("children:register_step", args=[step]), data)
    body = client.post(reverse("children:register_check")).content.decode()
    assert "before they were born" in body
    assert reverse("children:register_step", args=["entry"]) in body
    assert not Child.objects.exists()


def test_placement_change_through_the_form(client, social_worker):
    child = register(social_worker, date(2024, 1, 8))
    client.force_login(social_worker)
    data = {
        **PLACEMENT,
        **date_fields("start_date", date(2024, 3, 4)),
        "carer_name": "Jones",
        "reason_for_change": "ALLEG",
        "planned_ending": "no",
        "same_carer_as_previous": "no",
    }
    response = client.post(reverse("children:placement_change", args=[child.pk]), data)
    assert response.status_code == 302
    assert Placement.objects.filter(child=child).count() == 2


def test_service_rule_is_shown_on_the_form_field(client, social_worker):
    child = register(social_worker, date(2024, 1, 8))
    client.force_login(social_worker)
    data = {
        **PLACEMENT,
        **date_fields("start_date", date(2023, 3, 4)),
        "reason_for_change": "ALLEG",
        "planned_ending": "no",
        "same_carer_as_previous": "no",
    }
    body = client.post(reverse("children:placement_change", args=[child.pk]), data).content.decode()
    assert "govuk-error-summary" in body
    assert "within the period of care" in body
    assert Placement.objects.filter(child=child).count() == 1


def test_two_orders_at_once_through_the_form(client, social_worker):
    child = register(social_worker, date(2024, 1, 8), legal_status="C2")
    client.force_login(social_worker)
    data = {"code": "E1", **date_fields("start_date", date(2024, 6, 3))}  # nothing ticked
    client.post(reverse("children:legal_status_change", args=[child.pk]), data)
    current = sorted(
        child.legal_statuses.filter(end_date__isnull=True).values_list("code", flat=True)
    )
    assert current == ["C2", "E1"]


def test_iro_can_see_but_not_change_the_history(client, child):
    iro = UserFactory(role=Role.IRO)
    from children.models import AllocationKind
    from tests.factories import allocate

    allocate(child, worker=iro, kind=AllocationKind.IRO)
    client.force_login(iro)
    assert client.get(reverse("children:detail", args=[child.pk])).status_code == 200
    assert client.get(reverse("children:placement_change", args=[child.pk])).status_code == 403
    assert client.get(reverse("children:register")).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["placement_change", "legal_status_change", "end_care", "permanence_plan", "allocation_change"],
)
def test_outsider_cannot_reach_change_pages(client, child, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(f"children:{name}", args=[child.pk])).status_code == 404


def test_caseload_scopes_and_sorting(client, social_worker, teammate, team_a):
    mine = register(social_worker, date(2024, 1, 8))
    theirs = register(
        teammate,
        date(2024, 1, 8),
        la_reference="R9",
        first_name="Zed",
        date_of_birth=date(2012, 1, 1),
    )
    client.force_login(social_worker)
    listed = lambda **q: [c.pk for c in client.get(reverse("children:list"), q).context["page"]]  # noqa: E731
    assert listed(scope="mine") == [mine.pk]
    assert set(listed(scope="team")) == {mine.pk, theirs.pk}
    assert listed(scope="all", sort="dob") == [theirs.pk, mine.pk]
    assert listed(scope="all", sort="-dob") == [mine.pk, theirs.pk]


def test_adoption_dates_through_the_form_and_their_order_is_checked(client, social_worker):
    child = register(social_worker, date(2023, 6, 5), legal_status="C2")
    client.force_login(social_worker)
    url = reverse("children:adoption", args=[child.pk])
    bad = {
        **date_fields("decision_date", date(2023, 11, 6)),
        **date_fields("match_date", date(2023, 10, 2)),
    }
    body = client.post(url, bad).content.decode()
    assert "cannot be before the decision" in body
    good = {
        **date_fields("decision_date", date(2023, 11, 6)),
        **date_fields("match_date", date(2024, 8, 5)),
        "number_of_adopters": "2",
        "adopters_sex": "FF",
        "adopters_legal_status": "L12",
        "adopters_were_foster_carers": "no",
    }
    assert client.post(url, good).status_code == 302
    adoption = child.adoptions.get()
    assert (
        adoption.match_date,
        adoption.number_of_adopters,
        adoption.adopters_were_foster_carers,
    ) == (date(2024, 8, 5), 2, False)
    # Editing again updates the same record rather than adding another.
    client.post(url, {**good, **date_fields("placed_date", date(2024, 9, 2))})
    assert child.adoptions.get().placed_date == date(2024, 9, 2)


def test_child_page_queries_do_not_grow_with_the_history(client, social_worker, team_manager):
    from tests.children.builders import legal, move
    from tests.queries import count_queries

    child = register(social_worker, date(2022, 1, 10), legal_status="V2")
    client.force_login(team_manager)
    url = reverse("children:detail", args=[child.pk])
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for month in range(2, 12):
        move(child, social_worker, date(2022, month, 1), "U6", f"Carer {month}")
    legal(child, social_worker, date(2022, 12, 1), "C2")
    legal(child, social_worker, date(2023, 2, 1), "E1", replace=False)
    with count_queries() as large:
        response = client.get(url)
    assert len(response.context["episodes"]) == 13
    assert large.count == small.count


def test_details_address_relationship_and_warning(client, social_worker):
    child = register(social_worker, date(2024, 1, 8))
    client.force_login(social_worker)
    details = client.get(reverse("children:details", args=[child.pk]))
    assert details.status_code == 200
    data = {
        "first_name": "Robin",
        "last_name": "Applebury",
        "sex": "F",
        "ethnicity": "WBRI",
        "upn_unknown_reason": "UN4",
        "uasc": "no",
        "religion": "Quaker",
        "is_mother": "yes",
        **date_fields("date_of_birth", date(2015, 6, 1)),
    }
    body = client.post(reverse("children:details", args=[child.pk]), data).content.decode()
    assert "Enter the date of birth of the child&#x27;s own child" in body
    data.update(date_fields("mothers_child_dob", date(2024, 12, 25)))
    assert client.post(reverse("children:details", args=[child.pk]), data).status_code == 302
    child.refresh_from_db()
    assert (child.religion, child.is_mother) == ("Quaker", True)
    assert child.history.count() == 2

    url = reverse("children:address_add", args=[child.pk])
    client.post(
        url,
        {
            "line_1": "1 Elm Row",
            "postcode": "ws11aa",
            **date_fields("start_date", date(2024, 1, 8)),
        },
    )
    client.post(
        url,
        {
            "line_1": "2 Oak Row",
            "postcode": "WS2 8AA",
            **date_fields("start_date", date(2024, 6, 1)),
        },
    )
    assert list(child.addresses.order_by("start_date").values_list("postcode", "end_date")) == [
        ("WS1 1AA", date(2024, 6, 1)),
        ("WS2 8AA", None),
    ]
    bad = client.post(
        url,
        {"line_1": "3 Ash Row", "postcode": "XX", **date_fields("start_date", date(2024, 7, 1))},
    )
    assert "Enter a real UK postcode" in bad.content.decode()

    client.post(
        reverse("children:relationship_add", args=[child.pk]),
        {"name": "Pat Applebury", "relationship": "mother", "parental_responsibility": "yes"},
    )
    client.post(
        reverse("children:warning_add", args=[child.pk]),
        {"text": "Dog at the family home", **date_fields("start_date", date(2024, 1, 8))},
    )
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Pat Applebury" in page
    assert "Dog at the family home" in page
    assert "2 Oak Row" in page


def test_caseload_filters_by_legal_status_and_placement(client, social_worker):
    s20 = register(social_worker, date(2024, 1, 8), legal_status="V2", place="U6")
    order = register(
        social_worker,
        date(2024, 1, 8),
        legal_status="C2",
        place="K2",
        la_reference="R2",
        first_name="Kit",
        date_of_birth=date(2011, 5, 5),
    )
    client.force_login(social_worker)
    listed = lambda **q: [c.pk for c in client.get(reverse("children:list"), q).context["page"]]  # noqa: E731
    assert listed(legal_status="C2") == [order.pk]
    assert listed(placement_type="U6") == [s20.pk]
    assert listed(legal_status="C2", placement_type="U6") == []
    assert set(listed(legal_status="not-a-code")) == {s20.pk, order.pk}


def test_nationalities_can_be_changed_and_not_yet_known_stands_alone(client, social_worker):
    child = register(social_worker, date(2024, 1, 8), nationalities=["ZZ"])
    client.force_login(social_worker)
    url = reverse("children:nationalities", args=[child.pk])
    body = client.post(url, {"nationality": "ZZ", "second_nationality": "PL"}).content.decode()
    assert "cannot be given with a nationality" in body
    assert client.post(url, {"nationality": "GB", "second_nationality": "PL"}).status_code == 302
    assert sorted(child.nationalities.values_list("country", flat=True)) == ["GB", "PL"]
    client.post(url, {"nationality": "RO"})
    assert list(child.nationalities.values_list("country", flat=True)) == ["RO"]


def test_previous_permanence_other_than_none_needs_the_council(client, social_worker):
    client.force_login(social_worker)
    client.get(reverse("children:register"))
    client.post(reverse("children:register_step", args=["about"]), ABOUT)
    client.post(reverse("children:register_step", args=["background"]), BACKGROUND)
    entry = {**ENTRY, "previous_permanence": "P2"}
    body = client.post(reverse("children:register_step", args=["entry"]), entry).content.decode()
    assert "Select the council that made the previous order" in body
    entry["previous_permanence_la"] = "332"
    entry.update(date_fields("previous_permanence_date", date(2019, 5, 1)))
    client.post(reverse("children:register_step", args=["entry"]), entry)
    client.post(reverse("children:register_step", args=["placement"]), PLACEMENT)
    client.post(reverse("children:register_check"))
    period = Child.objects.get().periods_of_care.get()
    assert (
        period.previous_permanence,
        period.previous_permanence_la,
        period.previous_permanence_date,
    ) == ("P2", "332", date(2019, 5, 1))
