"""Each way odd input reached a 500, answered instead with a page, a form error or a
safe value: NUL bytes in searches, oversized and non-ASCII date parts and filter numbers,
out-of-range ids in a multiple choice, and line breaks in a child's reference."""

from datetime import date

import pytest

from accounts.models import OrganisationKind, PartnerOrganisation, Role
from care_leavers.selectors import Filters
from children import services as child_services
from children.models import Child
from core.exceptions import ApplicationError
from core.forms import GovukDateField, GovukForm
from resolutions.forms import RaiseForm
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class DateForm(GovukForm):
    day = GovukDateField(label="Date of the visit")


def date_form(day, month, year):
    return DateForm(data={"day_0": day, "day_1": month, "day_2": year})


@pytest.mark.parametrize(
    "parts",
    [
        ("999999999999", "1", "2024"),
        ("1", "999999999999", "2024"),
        ("²", "1", "2024"),
        ("1", "٣", "2024"),
        ("1", "1", "２０２４"),
        ("1", "1", "20245"),
        ("001", "1", "2024"),
    ],
)
def test_a_date_part_no_one_would_type_is_a_form_error(parts):
    form = date_form(*parts)
    assert not form.is_valid()
    assert form.errors["day"] == ["Date of the visit must be a real date"]


def test_a_real_date_with_leading_zeros_is_still_read():
    form = date_form("09", "02", "2024")
    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2024, 2, 9)
    assert date_form("29", "2", "2024").is_valid()
    assert not date_form("29", "2", "2023").is_valid()


def test_an_oversized_day_on_a_page_is_an_error_message_not_a_500(client, child, social_worker):
    client.force_login(social_worker)
    page = client.post(
        f"/children/{child.pk}/visits/new/",
        {"visit_date_0": "999999999999", "visit_date_1": "1", "visit_date_2": "2024"},
    )
    assert page.status_code == 200
    assert "must be a real date" in page.content.decode()


def test_only_ascii_digits_are_numbers():
    from core.text import is_ascii_number, query_int

    assert is_ascii_number("12")
    for odd in ("²", "٣", "１２", "", "1 2", "-1", "1234567890"):
        assert not is_ascii_number(odd), odd
    assert query_int(" 42 ") == 42
    assert query_int("²") is None


def test_a_superscript_adviser_in_the_care_leavers_filter_is_ignored(client, social_worker):
    assert Filters.from_query({"adviser": "²"}).adviser is None
    assert Filters.from_query({"adviser": "17"}).adviser == 17
    manager = UserFactory(role=Role.SENIOR_MANAGER)
    client.force_login(manager)
    assert client.get("/care-leavers/", {"adviser": "²"}).status_code == 200


def test_a_nul_byte_in_the_search_is_dropped(client, child, social_worker):
    client.force_login(social_worker)
    page = client.get("/children/", {"q": "Rob\x00in"})
    assert page.status_code == 200
    assert "Applebury" in page.content.decode()


def test_a_nul_byte_in_the_partner_search_is_dropped(client, social_worker):
    health = PartnerOrganisation.objects.create(name="Health", kind=OrganisationKind.HEALTH)
    child = register(social_worker, date(2025, 1, 6))
    child_services.share_start(
        child=child, organisation=health, start_date=date(2025, 1, 6), by=social_worker
    )
    client.force_login(UserFactory(role=Role.PARTNER, partner_organisation=health))
    page = client.get("/", {"q": "Apple\x00bury"})
    assert page.status_code == 200
    assert "Applebury" in page.content.decode()


def test_an_id_beyond_any_column_in_a_multiple_choice_is_a_form_error():
    form = RaiseForm(data={"themes": ["99999999999999999999"], "kind": "informal"})
    assert not form.is_valid()
    assert "themes" in form.errors


@pytest.mark.parametrize("reference", ["C1\r\nX", "C1\tX", "C 1", "C1;", "-C1", "C1é", "C1\x00"])
def test_a_reference_with_a_line_break_or_odd_character_is_refused(social_worker, reference):
    with pytest.raises(ApplicationError) as error:
        register(social_worker, date(2024, 1, 8), la_reference=reference)
    assert error.value.field == "la_reference"
    assert not Child.objects.exists()


def test_the_reference_form_field_refuses_a_line_break():
    from children.forms import IdentityForm

    form = IdentityForm(data={"la_reference": "C1\r\nX"})
    form.is_valid()
    assert "la_reference" in form.errors


def test_a_search_keeps_only_printable_characters():
    from core.text import search_text

    assert search_text("Rob\x00in\r\n") == "Robin"
    assert search_text("  Zoë  ") == "Zoë"


def test_a_download_filename_cannot_break_the_header():
    from core.downloads import safe_filename

    assert safe_filename("chronology-C1\r\nSet-Cookie: x=1.pdf") == (
        "chronology-C1-Set-Cookie-x-1.pdf"
    )
    assert safe_filename("../../etc/passwd") == "etc-passwd"
    assert safe_filename("\r\n") == "download"


def test_the_chronology_pdf_of_a_child_with_an_old_odd_reference_downloads(
    client, child, social_worker
):
    # A reference stored before its format was checked (or by hand in the database).
    Child.objects.filter(pk=child.pk).update(la_reference="T1\r\nX")
    client.force_login(social_worker)
    pdf = client.get(f"/children/{child.pk}/chronology.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == 'inline; filename="chronology-T1-X.pdf"'


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        ("validate_postcode", "B١ 1AA"),  # ARABIC-INDIC DIGIT ONE
        ("validate_nhs_number", "٩٤٣٤٧٦٥٩١٩"),
        ("validate_upn", "A٣٣٣٣٣٣٣٣٣٣٣A"),
    ],
)
def test_identifiers_take_only_the_digits_0_to_9(validator, value):
    from django.core.exceptions import ValidationError

    from children import validators

    with pytest.raises(ValidationError):
        getattr(validators, validator)(value)
