"""Settings for the test suite: fast hashing, in-memory email, eager Celery.

The tests that are about Celery start a real worker (tests/core/test_celery.py)
against REDIS_URL when it is set, using a Redis database of their own.
"""

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


TEST_BROKER_URL = _own_redis_database(REDIS_URL, 13) if REDIS_URL else "memory://"
CELERY_BROKER_URL = TEST_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = True
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")
