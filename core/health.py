"""Health of the things Harbour depends on, for /healthz and the deployer's probes."""

from django.conf import settings
from django.db import connection
from kombu import Connection


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means unhealthy; the message says which
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status() -> str:
    """'ok' when the broker answers; 'eager' when tasks run in-process (no broker configured)."""
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith("memory"):
        return "eager"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # any failure means unhealthy
        return f"error: {exc.__class__.__name__}"
    return "ok"


def health() -> tuple[bool, dict[str, str]]:
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return healthy, {"status": "ok" if healthy else "error", **checks}
