"""No input from a user reaches a 500: every page, given junk, answers with a page or a refusal.

The walk signs in as a social worker, an IRO manager and a partner, opens every URL the
project routes (each id filled in with a real record) with junk in the query string, then
posts junk into every field the page's form has. It runs on whichever database the suite
runs on: CI runs it on PostgreSQL, which refuses a NUL byte that SQLite stores."""

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from casework.services import case_note_write, missing_episode_record
from tests.children.builders import register
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
NAME_RE = re.compile(r'name="([^"]+)"')
SKIPPED = {"accounts/sign-out/"}  # the walk stays signed in


def routes(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if not str(p.pattern).startswith("admin"):
                yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def fill(route, ids):
    """The route with each <converter:name> replaced by a real id (or the step "about")."""

    def value(match):
        converter, name = match.group(1), match.group(2)
        if converter == "slug":
            return "about" if name == "step" else "overdue"
        return str(ids.get(name, ids["pk"]))

    return "/" + re.sub(r"<(\w+):(\w+)>", value, route)


def field_names(response):
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return sorted(set(NAME_RE.findall(body)) - {"csrfmiddlewaretoken"})


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
    child = register(social_worker, date(2024, 1, 8))
    note = case_note_write(
        child=child,
        note_type="phone_call",
        event_date=date(2024, 2, 1),
        subject="Call",
        text="Spoke to the carer.",
        by=social_worker,
    )
    missing = missing_episode_record(
        child=child, kind="M", start_date=date(2024, 3, 1), by=social_worker
    )
    ids = {"pk": child.pk, "note_id": note.pk, "episode_id": missing.pk}
    return [fill(r, ids) for r in routes() if r not in SKIPPED]


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
