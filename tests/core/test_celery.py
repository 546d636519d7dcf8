"""Celery with a real worker, against the broker the suite is configured with.

In CI that is Redis (REDIS_URL, a database of the suite's own); with no
configuration it is Celery's in-memory transport, still through a real worker.
"""

import os
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from config.celery import app
from core.tasks import clear_expired_sessions
from tests.celery_helpers import wait_for


@pytest.mark.celery_worker
def test_worker_clears_expired_sessions_through_the_broker(real_worker):
    expired = SessionStore()
    expired.create()
    live = SessionStore()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    clear_expired_sessions.delay()
    assert wait_for(lambda: not Session.objects.filter(session_key=expired.session_key).exists())
    assert Session.objects.filter(session_key=live.session_key).exists()


@pytest.mark.celery_worker
def test_ci_uses_redis_when_configured():
    if settings.REDIS_URL:
        assert settings.TEST_BROKER_URL.startswith("redis://")
        assert not settings.TEST_BROKER_URL.endswith("/0")
    else:
        assert settings.TEST_BROKER_URL == "memory://"


def test_each_parallel_worker_has_a_redis_database_of_its_own():
    from config.settings.test import _worker_redis_database

    databases = [_worker_redis_database(f"gw{n}") for n in range(15)]
    assert databases[:4] == [13, 14, 15, 1]
    assert sorted(databases) == list(range(1, 16))
    # One process (no pytest-xdist) uses the first worker's.
    assert _worker_redis_database("") == 13
    with pytest.raises(ImproperlyConfigured, match="15 workers"):
        _worker_redis_database("gw15")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if settings.REDIS_URL:
        assert settings.TEST_BROKER_URL.endswith(f"/{_worker_redis_database(worker)}")


def test_nightly_jobs_are_scheduled_and_registered():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["clear-expired-sessions"]["task"] in app.tasks
