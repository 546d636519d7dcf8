"""Every form page says once, at the start of its title, that the form has errors.

The walk opens every routed page (tests/core/pages.py) as each role that writes records,
and posts each form that posts to its own page with every field empty: the page comes
back with the GOV.UK error summary, and its title starts with "Error: " once."""

import re

import pytest

from accounts.models import Role
from tests.core.pages import every_page, field_names
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
# A form that posts to the page it is on (filter forms use GET; buttons elsewhere on a
# page post to their own URL, with an action).
OWN_FORM = '<form method="post" novalidate>'
SUMMARY = '<div class="govuk-error-summary" data-module="govuk-error-summary">'
WRITERS = [
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.IRO,
    Role.IRO_MANAGER,
    Role.PERSONAL_ADVISER,
    Role.BUSINESS_SUPPORT,
]


def html(response) -> str:
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return ""
    return response.content.decode()


def title(body: str) -> str:
    found = TITLE_RE.search(body)
    assert found, body[:200]
    return " ".join(found.group(1).split())


def test_every_form_page_posted_empty_titles_itself_error_once_and_shows_the_summary(
    client, social_worker
):
    pages = every_page(social_worker)
    users = [social_worker] + [UserFactory(role=role) for role in WRITERS[1:]]
    checked = []
    saved = []
    for url in pages:
        for user in users:
            client.force_login(user)
            page = client.get(url)
            if OWN_FORM not in html(page):
                continue
            assert not title(html(page)).startswith("Error:"), (url, user.role)
            response = client.post(url, dict.fromkeys(field_names(page), ""))
            if response.status_code == 302:
                # Saved: a form with no field required.
                saved.append(url)
                break
            assert response.status_code == 200, (url, user.role, response.status_code)
            posted = html(response)
            heading = title(posted)
            assert heading.startswith("Error: "), (url, user.role, heading)
            assert not heading.startswith("Error: Error:"), (url, user.role, heading)
            assert SUMMARY in posted, (url, user.role)
            checked.append(url)
            break
    # The initial health assessment is recorded as it goes: every date is optional.
    assert saved == [u for u in pages if u.endswith("/initial-assessment/")], saved
    # The walk reached the forms of every app about the child, not only a few (pages of a
    # booking, a review or a resolution need its own id, which the walk does not have).
    assert len(checked) >= 45, checked
