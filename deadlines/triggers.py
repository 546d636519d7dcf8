"""After any change to a child's record, that child's deadlines are recomputed.

A change to any table the rules read (the core facts' and those each app registers
with its facts: `deadlines.facts.watched_tables`) queues one Celery task per
child when the transaction commits; nothing is queued for a transaction that
rolls back. When the broker cannot be reached the edit still stands: the child
is written to `PendingRecompute` and caught up by the next recompute (every ten
minutes, and every night). Why signals rather than a call in every service:
docs/decisions/0009-deadline-engine.md.

Bulk loads (the demo builder, the SSDA903 importer) suspend the triggers and
recompute the children they touched in one set-based pass.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

_state = threading.local()


@contextmanager
def suspended() -> Iterator[None]:
    """No recompute is queued for changes made inside; the caller recomputes."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


class _Recompute:
    """An on-commit callback for one child, recognisable so that several changes to
    the same child in one transaction queue one task."""

    def __init__(self, child_id: int) -> None:
        self.child_id = child_id

    def __call__(self) -> None:
        enqueue(self.child_id)


def enqueue(child_id: int) -> None:
    """Queue the child's recompute; if the broker is unreachable, remember the child."""
    from deadlines.models import PendingRecompute
    from deadlines.tasks import recompute_child_deadlines

    try:
        recompute_child_deadlines.apply_async(args=(child_id,), retry=False)
    except Exception:
        logger.warning(
            "Could not queue the deadline recompute of child %s", child_id, exc_info=True
        )
        PendingRecompute.objects.get_or_create(child_id=child_id)


def child_changed(child_id: int | None) -> None:
    """Recompute the child's deadlines once the current transaction commits."""
    if child_id is None or getattr(_state, "suspended", False):
        return
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            callback = entry[1]
            if isinstance(callback, _Recompute) and callback.child_id == child_id:
                return
    transaction.on_commit(_Recompute(child_id), robust=True)


# The watched tables, "app_label.ModelName" to the attribute holding the child's id:
# filled by `connect` from the registered facts.
WATCHED: dict[str, str] = {}


def _on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    attribute = WATCHED.get(sender._meta.label)
    if attribute is not None:
        child_changed(getattr(instance, attribute))


def _calendar_changed(sender: Any, **kwargs: Any) -> None:
    """An administrator added, moved or removed a non-working day: every due date
    counted in working days may move, so recompute everyone once the change commits."""
    if getattr(_state, "suspended", False):
        return
    transaction.on_commit(_enqueue_full_recompute, robust=True)


def _enqueue_full_recompute() -> None:
    from deadlines.tasks import recompute_all_deadlines

    try:
        recompute_all_deadlines.apply_async(retry=False)
    except Exception:
        # The nightly recompute will pick the new calendar up.
        logger.warning("Could not queue a full deadline recompute", exc_info=True)


def connect() -> None:
    from django.apps import apps

    from deadlines.facts import watched_tables

    WATCHED.clear()
    WATCHED.update(watched_tables())
    non_working_day = apps.get_model("deadlines.NonWorkingDay")
    post_save.connect(_calendar_changed, sender=non_working_day, dispatch_uid="deadlines-calendar")
    post_delete.connect(
        _calendar_changed, sender=non_working_day, dispatch_uid="deadlines-calendar-delete"
    )
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"deadlines-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"deadlines-delete-{label}")
