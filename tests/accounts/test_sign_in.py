from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:login")


def sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_sign_in_with_correct_password_reaches_home(client):
    UserFactory(username="sam", password="correct-horse-battery")
    response = sign_in(client, "sam", "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_shows_error_summary_and_keeps_username(client):
    UserFactory(username="sam", password="correct-horse-battery")
    response = sign_in(client, "sam", "wrong")
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter a correct username and password" in body
    assert 'value="sam"' in body
    assert "<title>Error: Sign in" in body


def test_empty_form_says_which_fields_are_missing(client):
    body = sign_in(client, "", "").content.decode()
    assert 'href="#id_username">Enter your username' in body
    assert 'href="#id_password">Enter your password' in body


def test_account_locks_after_repeated_failures_even_with_right_password(client):
    UserFactory(username="sam", password="correct-horse-battery")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam", "wrong")
    response = sign_in(client, "sam", "correct-horse-battery")
    assert response.status_code == 429
    assert "This account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_someone_elses_failures(client):
    UserFactory(username="sam", password="correct-horse-battery")
    UserFactory(username="kim", password="correct-horse-battery")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam", "wrong")
    assert sign_in(client, "kim", "correct-horse-battery").status_code == 302


def test_failures_below_the_limit_do_not_lock(client):
    UserFactory(username="sam", password="correct-horse-battery")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "sam", "wrong")
    assert sign_in(client, "sam", "correct-horse-battery").status_code == 302


def test_session_idle_limit_defaults_to_30_minutes_and_slides():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_activity_pushes_the_session_expiry_on(client):
    UserFactory(username="sam", password="correct-horse-battery")
    sign_in(client, "sam", "correct-horse-battery")
    session = Session.objects.get()
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()
    client.get(reverse("core:home"))
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + timedelta(minutes=29)


def test_inactive_session_is_signed_out(client):
    UserFactory(username="sam", password="correct-horse-battery")
    sign_in(client, "sam", "correct-horse-battery")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_sign_out_ends_the_session(client):
    UserFactory(username="sam", password="correct-horse-battery")
    sign_in(client, "sam", "correct-horse-battery")
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == SIGN_IN
    assert client.get(reverse("core:home")).status_code == 302


def test_an_over_long_username_is_a_sign_in_error_not_a_500(client, db):
    from axes.models import AccessAttempt

    page = client.post(reverse("accounts:login"), {"username": "u" * 1000, "password": "x"})
    assert page.status_code == 200
    assert "Enter a correct username and password" in page.content.decode()
    assert not AccessAttempt.objects.filter(username="u" * 1000).exists()
