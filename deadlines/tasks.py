"""Celery tasks: each takes ids, and calls a service."""

from celery import shared_task

from deadlines import services


@shared_task(acks_late=True)
def recompute_child_deadlines(child_id: int) -> None:
    services.recompute(child_ids=[child_id])


@shared_task(acks_late=True)
def recompute_all_deadlines() -> None:
    services.recompute()


@shared_task(acks_late=True)
def recompute_pending_deadlines() -> None:
    services.recompute_pending()
