"""Celery tasks: each takes ids, and calls a service."""

from celery import shared_task

from deadlines import reminders, services


@shared_task(acks_late=True)
def recompute_child_deadlines(child_id: int) -> None:
    services.recompute(child_ids=[child_id])


@shared_task(acks_late=True)
def recompute_all_deadlines() -> None:
    services.recompute()


@shared_task(acks_late=True)
def recompute_pending_deadlines() -> None:
    services.recompute_pending()


@shared_task(acks_late=True)
def send_deadline_reminders() -> None:
    """Every morning: each person's digest of deadlines due soon and overdue. Safe to run
    again (a redelivered task sends nothing that was already sent)."""
    reminders.send_digests()
