"""Settings for the test suite: fast hashing, in-memory email, eager Celery.

The tests that are about Celery start a real worker (tests/core/test_celery.py)
against REDIS_URL when it is set, using a Redis database of their own. When the suite
runs in parallel (pytest-xdist, `make test`), each worker process has a database of
its own (pytest-django's test_<name>_gw<N>) and a Redis database of its own: 13 for
gw0, 14 for gw1, 15 for gw2, then 1 upwards (never 0, the usual REDIS_URL's).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import REDIS_URL

HARBOUR_ENVIRONMENT = "test"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _own_redis_database(url: str, number: int) -> str:
    """Point a Redis URL at a database number of the suite's own."""
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{number}"


def _worker_redis_database(worker: str) -> int:
    """The Redis database of the suite's own for the pytest-xdist worker `worker` ("gw0",
    "gw1"...; "" when the suite runs in one process): 13, 14, 15, then 1 to 12."""
    number = int(worker.removeprefix("gw") or 0)
    if number >= 15:
        raise ImproperlyConfigured(
            f"pytest-xdist worker {worker}: Redis has databases for 15 workers (-n 15 at most)"
        )
    return (12 + number) % 15 + 1


TEST_REDIS_DATABASE = _worker_redis_database(os.environ.get("PYTEST_XDIST_WORKER", ""))
TEST_BROKER_URL = _own_redis_database(REDIS_URL, TEST_REDIS_DATABASE) if REDIS_URL else "memory://"
CELERY_BROKER_URL = TEST_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = True
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")
