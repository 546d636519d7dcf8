"""No input from a user reaches a 500: every page, given junk, answers with a page or a refusal.

The walk signs in as a social worker, an IRO manager and a partner, opens every URL the
project routes (each id filled in with a real record) with junk in the query string, then
posts junk into every field the page's form has. It runs on whichever database the suite
runs on: CI runs it on PostgreSQL, which refuses a NUL byte that SQLite stores."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.core.pages import every_page, field_names
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 25000
# Each a different way a parse, a column or a header can fail.
JUNK = [
    "",
    LONG,
    "-1",
    "99999999999999999999",
    "31/02/2024",
    "a\x00b",
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # ARABIC-INDIC DIGIT THREE
    "A1\r\nSet-Cookie: x=1",
    "\u202e",
]
# Query parameters the pages read.
QUERY_NAMES = (
    "q",
    "page",
    "sort",
    "scope",
    "kind",
    "status",
    "legal_status",
    "placement_type",
    "adviser",
    "category",
    "ages",
    "in_touch",
    "suitable",
    "eet",
    "rule",
    "show",
    "type",
    "format",
    "change",
    "needs_action",
    "measure",
    "dimension",
    "value",
    "table",
    "team",
)
# The parts of a GOV.UK date that reach int() and date(): (day, month, year).
DATE_PARTS = [
    ("999999999999", "1", "2024"),
    ("1", "999999999999", "2024"),
    ("1", "1", "99999999999999999999"),
    ("²", "1", "2024"),
    ("1", "٣", "2024"),
    ("1", "1", "２０２４"),  # FULLWIDTH DIGITS
    ("\x00", "1", "2024"),
    ("1", "1", "0001"),  # the day before is off the calendar
    ("31", "12", "9999"),  # and so is the month after
]
# Fewer values for the query string, each testing a different way a parse can fail.
QUERY_JUNK = ["", LONG, "-1", "99999999999999999999", "\x00", "²", "٣", "A1\r\nSet-Cookie: x=1"]


def posts(names):
    """Junk for every field: each JUNK value everywhere, then each DATE_PARTS case in
    every date's boxes (with the other fields left as they are)."""
    if not names:
        yield {}
        return
    for value in JUNK:
        yield dict.fromkeys(names, value)
    dates = sorted({n[:-2] for n in names if n.endswith("_0") and f"{n[:-2]}_2" in names})
    for day, month, year in DATE_PARTS if dates else []:
        data = dict.fromkeys(names, "1")
        for d in dates:
            data |= {f"{d}_0": day, f"{d}_1": month, f"{d}_2": year}
        yield data


@pytest.fixture
def walk(social_worker):
    return every_page(social_worker)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.IRO_MANAGER, Role.PARTNER])
def test_junk_in_every_field_and_query_never_gives_a_server_error(
    client, social_worker, walk, role
):
    user = social_worker if role == Role.SOCIAL_WORKER else UserFactory(role=role)
    client.raise_request_exception = False
    client.force_login(user)
    assert len(walk) > 100
    opened = 0
    client.get(reverse("children:register"))
    for url in walk:
        page = client.get(url)
        assert page.status_code < 500, (url, "GET", page.status_code)
        opened += page.status_code == 200
        for value in QUERY_JUNK:
            got = client.get(url, dict.fromkeys(QUERY_NAMES, value))
            assert got.status_code < 500, (url, "GET", value, got.status_code)
        # A filter form sends its fields in the query string.
        filters = 'method="get"' in page.content.decode(errors="replace")
        for data in posts(field_names(page)):
            got = client.post(url, data)
            assert got.status_code < 500, (url, "POST", data, got.status_code)
            if filters:
                got = client.get(url, data)
                assert got.status_code < 500, (url, "GET", data, got.status_code)
        # Still signed in: no page was answered by the sign-in page instead.
        assert "_auth_user_id" in client.session, url
    # The walk reached real pages, not only refusals.
    assert opened > (25 if role != Role.PARTNER else 2)
