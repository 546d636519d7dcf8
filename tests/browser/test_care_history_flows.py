"""A social worker records a whole period of care in the browser."""

import pytest

from children.models import Child
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name, day, month, year):
    page.locator(f"#id_{name}_0").fill(str(day))
    page.locator(f"#id_{name}_1").fill(str(month))
    page.locator(f"#id_{name}_2").fill(str(year))


def choose(page, label, value):
    page.get_by_label(label, exact=True).select_option(value)


def test_register_move_twice_change_legal_status_and_end_care(page, demo):
    sign_in(page, "social.worker")
    page.goto("/children/")
    page.get_by_role("button", name="Register a child entering care").click()

    # Step 1: about the child. First submit it empty: the error summary links to the fields.
    page.get_by_role("button", name="Continue").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("LA child reference").fill("BR0001")
    page.get_by_label("First name").fill("Juniper")
    page.get_by_label("Last name").fill("Quillfeather")
    fill_date(page, "date_of_birth", 14, 7, 2014)
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Continue").click()

    # Step 2: background.
    assert_no_axe_violations(page)
    choose(page, "Ethnicity", "WBRI")
    choose(page, "Nationality", "GB")
    choose(page, "If there is no UPN, why not", "UN4")
    page.locator("#id_uasc_1").check()  # No
    page.get_by_role("button", name="Continue").click()

    # Step 3: coming into care.
    assert_no_axe_violations(page)
    fill_date(page, "start_date", 6, 1, 2025)
    choose(page, "Category of need", "N1")
    choose(page, "Legal status", "V2")
    choose(page, "Permanence before coming into care", "Z1")
    page.get_by_role("button", name="Continue").click()

    # Step 4: first placement.
    assert_no_axe_violations(page)
    choose(page, "Placement type", "U6")
    choose(page, "Placement provider", "PR1")
    page.get_by_label("Carer or provider name").fill("The Rowans")
    page.get_by_label("Placement postcode").fill("B1 1AA")
    page.get_by_label("Home postcode").fill("WS1 1AA")
    page.locator("#id_in_council_area_0").check()
    page.locator("#id_intended_until_18_1").check()
    page.get_by_role("button", name="Continue").click()

    # Check your answers, then register.
    assert "Check your answers" in page.locator("h1").inner_text()
    assert "6 January 2025" in page.content()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Register the child").click()
    assert page.locator("h1").inner_text() == "Juniper Quillfeather"
    assert_no_axe_violations(page)

    # Two moves.
    for day, month, carer, reason in (
        (3, 3, "The Larkspurs", "CREQB"),
        (2, 6, "Oak House", "CARPL"),
    ):
        page.get_by_role("button", name="Change placement").click()
        if carer == "The Larkspurs":
            assert_no_axe_violations(page)
        fill_date(page, "start_date", day, month, 2025)
        choose(page, "Why did the current placement ended?".replace("ended", "end"), reason)
        page.locator("#id_planned_ending_0").check()
        page.locator("#id_same_carer_as_previous_1").check()
        choose(page, "Placement type", "K2" if carer == "Oak House" else "U6")
        choose(page, "Placement provider", "PR4" if carer == "Oak House" else "PR1")
        page.get_by_label("Carer or provider name").fill(carer)
        page.get_by_label("Placement postcode").fill("DY1 1AA")
        page.locator("#id_in_council_area_0").check()
        page.locator("#id_intended_until_18_1").check()
        page.get_by_role("button", name="Save").click()
        assert (
            "Placement changed" in page.locator(".govuk-notification-banner--success").inner_text()
        )

    # Interim care order replaces s20.
    page.get_by_role("button", name="Change legal status").click()
    assert_no_axe_violations(page)
    choose(page, "New legal status", "C1")
    fill_date(page, "start_date", 14, 7, 2025)
    page.locator("#id_ends_0").check()
    page.get_by_role("button", name="Save").click()
    assert "Legal status recorded" in page.content()

    # End the period of care: returned home as planned.
    page.get_by_role("button", name="End period of care").click()
    assert_no_axe_violations(page)
    fill_date(page, "end_date", 1, 10, 2025)
    choose(page, "Why did the child stop being looked after?", "E4A")
    page.get_by_role("button", name="Save").click()
    assert "Period of care ended" in page.content()
    assert_no_axe_violations(page)

    episodes = page.locator("table", has=page.get_by_text("SSDA903 episodes")).locator("tbody tr")
    assert episodes.count() == 4
    child = Child.objects.get(la_reference="BR0001")
    rne = [row.locator("td").nth(1).inner_text() for row in episodes.all()]
    assert rne == ["S", "P", "P", "L"]
    assert child.periods_of_care.get().reason_ceased == "E4A"
