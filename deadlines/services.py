"""Recomputing deadlines from the record.

`recompute` is the one writer of `Deadline` rows. It is called by the Celery
tasks (one child after an edit, every child each night), by the management
command and by the demo builder. It works in batches of children, each in one
transaction: load the facts of the batch (one query per table), evaluate every
rule, compare with the rows already stored and write only the differences,
with their history. A crash leaves every batch either done or untouched, and
running it again gives the same rows (one per child, rule and occasion: a
database constraint).
"""

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from children.models import Child
from deadlines.calendar import current_calendar
from deadlines.facts import Batch, load_facts
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus, PendingRecompute
from deadlines.rules import RuleContext, evaluate, rule_settings

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
CHANGE_REASON = "Recomputed from the record"
COMPARED = ("due_date", "status", "met_on", "met_by", "explanation")


@dataclass
class RecomputeResult:
    children: int = 0
    deadlines: int = 0
    created: int = 0
    updated: int = 0
    seconds: float = 0.0


def status_for(due_date: date, met_on: date | None, today: date, soon_until: date) -> str:
    """A deadline's status on `today`. Met when a record met it (on time or late);
    overdue once the due date has passed; due soon when it falls on or before
    `soon_until` (DUE_SOON_WORKING_DAYS working days ahead); otherwise upcoming."""
    if met_on is not None:
        return DeadlineStatus.MET
    if due_date < today:
        return DeadlineStatus.OVERDUE
    if due_date <= soon_until:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.UPCOMING


def _batches(child_ids: Iterable[int] | None, size: int) -> Iterator[Batch]:
    if child_ids is not None:
        ids = sorted(set(child_ids))
        for i in range(0, len(ids), size):
            yield Batch(ids=ids[i : i + size])
        return
    # Every child: ranges of ids, so each batch's queries are index range scans.
    ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), size):
        chunk = ids[i : i + size]
        yield Batch(lo=chunk[0], hi=chunk[-1])


def recompute(
    *,
    child_ids: Iterable[int] | None = None,
    today: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> RecomputeResult:
    """Recompute the deadlines of `child_ids`, or of every child when None.

    Idempotent: a second run changes nothing. Deadlines a rule no longer yields and
    that were still open become "no longer applies"; met ones stay met.
    """
    started = time.perf_counter()
    today = today or timezone.localdate()
    settings = rule_settings()
    context = RuleContext(today, current_calendar(), settings)
    soon_until = context.calendar.add_working_days(today, settings.DUE_SOON_WORKING_DAYS)
    result = RecomputeResult()
    for batch in _batches(child_ids, batch_size):
        for attempt in (1, 2):
            try:
                _recompute_batch(batch, context, soon_until, result)
                break
            except IntegrityError:
                # Another recompute of the same child committed first: the second
                # attempt sees its rows and reconciles with them.
                if attempt == 2:
                    raise
    result.seconds = time.perf_counter() - started
    return result


@transaction.atomic
def _recompute_batch(
    batch: Batch, context: RuleContext, soon_until: date, result: RecomputeResult
) -> None:
    now: datetime = timezone.now()
    facts = load_facts(batch)
    existing = {
        (row[1], row[2], row[3]): row
        for row in batch.filter(Deadline.objects.all()).values_list(
            "pk", "child_id", "rule", "key", *COMPARED
        )
    }
    to_create: list[Deadline] = []
    to_update: list[Deadline] = []
    seen = set()
    for child_id, child_facts in facts.items():
        for rule_code, due in evaluate(child_facts, context):
            key = (child_id, rule_code, due.key)
            seen.add(key)
            values = (
                due.due_date,
                status_for(due.due_date, due.met_on, context.today, soon_until),
                due.met_on,
                due.met_by,
                due.explanation,
            )
            row = existing.get(key)
            if row is None:
                to_create.append(
                    Deadline(
                        child_id=child_id,
                        rule=rule_code,
                        key=due.key,
                        changed_at=now,
                        **dict(zip(COMPARED, values, strict=True)),
                    )
                )
            elif tuple(row[4:]) != values:
                to_update.append(
                    Deadline(
                        pk=row[0],
                        child_id=child_id,
                        rule=rule_code,
                        key=due.key,
                        changed_at=now,
                        **dict(zip(COMPARED, values, strict=True)),
                    )
                )
    for key, row in existing.items():
        if key not in seen and row[5] in OPEN_STATUSES:
            to_update.append(
                Deadline(
                    pk=row[0],
                    child_id=key[0],
                    rule=key[1],
                    key=key[2],
                    due_date=row[4],
                    status=DeadlineStatus.NO_LONGER_APPLIES,
                    met_on=row[6],
                    met_by=row[7],
                    explanation=row[8],
                    changed_at=now,
                )
            )
    if to_create:
        bulk_create_with_history(
            to_create, Deadline, batch_size=1000, default_change_reason=CHANGE_REASON
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Deadline,
            fields=[*COMPARED, "changed_at"],
            batch_size=1000,
            default_change_reason=CHANGE_REASON,
        )
    batch.filter(PendingRecompute.objects.all()).delete()
    result.children += len(facts)
    result.deadlines += len(seen)
    result.created += len(to_create)
    result.updated += len(to_update)


def recompute_pending() -> RecomputeResult:
    """Catch up the children whose recompute could not be queued."""
    ids = list(PendingRecompute.objects.values_list("child_id", flat=True))
    return recompute(child_ids=ids)
