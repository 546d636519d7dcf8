"""Celery tasks: each takes ids, and calls a service."""

from datetime import date

from celery import Task, shared_task
from django.utils import timezone

from deadlines import reminders, services


@shared_task(acks_late=True)
def recompute_child_deadlines(child_id: int) -> None:
    services.recompute(child_ids=[child_id])


@shared_task(bind=True, acks_late=True)
def recompute_all_deadlines(self: Task) -> None:
    """Every child, shared out as one task per range of ids (a batch), so that every
    worker process takes part; each range is sent to the queue this task came from.
    Run eagerly (no broker), the ranges are worked through one after another."""
    queue = (self.request.delivery_info or {}).get("routing_key")
    today = timezone.localdate().isoformat()
    for lo, hi in services.full_recompute_ranges():
        if queue:
            recompute_deadline_range.apply_async(args=(lo, hi, today), queue=queue)
        else:
            recompute_deadline_range.apply_async(args=(lo, hi, today))


@shared_task(acks_late=True)
def recompute_deadline_range(lo: int, hi: int, today: str) -> None:
    services.recompute_range(lo=lo, hi=hi, today=date.fromisoformat(today))


@shared_task(acks_late=True)
def recompute_pending_deadlines() -> None:
    services.recompute_pending()


@shared_task(acks_late=True)
def send_deadline_reminders() -> None:
    """Every morning: each person's digest of deadlines due soon and overdue. Safe to run
    again (a redelivered task sends nothing that was already sent)."""
    reminders.send_digests()
