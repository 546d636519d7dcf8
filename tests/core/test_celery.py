"""Celery with a real worker, against the broker the suite is configured with.

In CI that is Redis (REDIS_URL, a database of the suite's own); with no
configuration it is Celery's in-memory transport, still through a real worker.
"""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from kombu import pools

from config.celery import app
from core.tasks import clear_expired_sessions


def reset_connection_pool():
    # The producer pool is bound to the broker URL it was made with.
    pool = getattr(app, "_pool", None)
    if pool is not None:
        pool.force_close_all()
        app._pool = None  # type: ignore[attr-defined]
    # So is the producer pool, which even an eager task creates: kombu keeps both
    # in global groups keyed by broker URL, so empty those too.
    pools.reset()
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def real_worker(transactional_db):
    previous = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=settings.TEST_BROKER_URL)
    reset_connection_pool()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            yield app
    finally:
        app.conf.update(previous)
        if settings.TEST_BROKER_URL.startswith("redis"):
            import redis

            redis.Redis.from_url(settings.TEST_BROKER_URL).flushdb()
        reset_connection_pool()


def wait_for(condition, timeout=20.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


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


def test_nightly_jobs_are_scheduled_and_registered():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["clear-expired-sessions"]["task"] in app.tasks
