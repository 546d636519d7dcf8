"""The Celery application. Tasks take ids, load records and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("harbour")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
