"""Every page the project routes, each id filled in with a real record: the pages the
walks in tests/core open (junk in every field; the title and error summary of every
form page)."""

import re
from datetime import date

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from casework.services import case_note_write, missing_episode_record
from tests.children.builders import register

SKIPPED = {"accounts/sign-out/"}  # the walks stay signed in
NAME_RE = re.compile(r'name="([^"]+)"')


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


def every_page(social_worker: User) -> list[str]:
    """Every routed URL, for a child `social_worker` registers (with a case note and a
    missing episode, so that their pages open too)."""
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


def field_names(response) -> list[str]:
    """The names of the fields on the page (every form's)."""
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return sorted(set(NAME_RE.findall(body)) - {"csrfmiddlewaretoken"})
