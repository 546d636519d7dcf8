"""Settings for `make run` on a developer's machine: SQLite and eager Celery by default."""

from config.env import env
from config.settings.base import *  # noqa: F403

HARBOUR_ENVIRONMENT = "local"
DEBUG = env.bool("DEBUG", default=True)
