"""No input from a user reaches a 500: every page, given junk, answers with a page or a refusal."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from casework.services import case_note_write, missing_episode_record
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JUNK = [
    "",
    " ",
    "x" * 5000,
    "-1",
    "0",
    "99999999999999999999",
    "31/02/2024",
    "<script>",
    "\x00",
    "ZZZ",
]


def routes(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if not str(p.pattern).startswith("admin"):
                yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def fill(route, child, note, missing):
    return "/" + route.replace("<int:pk>", str(child.pk)).replace(
        "<int:note_id>", str(note.pk)
    ).replace("<int:episode_id>", str(missing.pk)).replace("<int:id>", str(missing.pk)).replace(
        "<slug:step>", "about"
    )


def test_junk_in_every_field_and_query_never_gives_a_server_error(client, social_worker):
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
    client.raise_request_exception = False
    urls = [
        fill(r, child, note, missing) for r in routes() if "<" not in fill(r, child, note, missing)
    ]
    assert len(urls) > 20
    for user in (social_worker, UserFactory(role=Role.IRO_MANAGER), UserFactory(role=Role.PARTNER)):
        client.force_login(user)
        client.get(reverse("children:register"))
        for url in urls:
            for value in JUNK:
                got = client.get(
                    url,
                    {
                        "q": value,
                        "page": value,
                        "sort": value,
                        "scope": value,
                        "kind": value,
                        "status": value,
                        "legal_status": value,
                    },
                )
                assert got.status_code < 500, (url, "GET", value, got.status_code)
            fields = {
                name: value
                for value in JUNK[:4]
                for name in (
                    "day",
                    "start_date_0",
                    "start_date_1",
                    "start_date_2",
                    "code",
                    "kind",
                    "reason",
                    "text",
                    "worker",
                    "team",
                    "nationality",
                    "plan",
                    "status",
                    "ends",
                    "note_type",
                    "event_date_0",
                    "la_reference",
                )
            }
            got = client.post(url, fields)
            assert got.status_code < 500, (url, "POST", got.status_code)
