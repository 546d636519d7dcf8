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

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from children.models import Child
from deadlines.calendar import WorkingCalendar, current_calendar
from deadlines.facts import Batch, load_facts
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus, PendingRecompute
from deadlines.rules import RuleContext, evaluate
from deadlines.timescales import rule_settings

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


class _RememberingCalendar(WorkingCalendar):
    """The working-day calendar, remembering each sum it has worked out: a full
    recompute adds the same number of working days to the same start dates many
    thousands of times (children who came into care on the same day)."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        super().__init__(calendar.extra)
        self._sums: dict[tuple[date, int], date] = {}

    def add_working_days(self, start: date, n: int) -> date:
        key = (start, n)
        day = self._sums.get(key)
        if day is None:
            day = self._sums[key] = super().add_working_days(start, n)
        return day


def status_for(
    due_date: date, met_on: date | None, today: date, soon_until: date, *, missed: bool = False
) -> str:
    """A deadline's status on `today`. Met when a record met it (on time or late);
    missed when the rule says its occasion passed unmet; overdue once the due date has
    passed; due soon when it falls on or before `soon_until` (DUE_SOON_WORKING_DAYS
    working days ahead); otherwise upcoming."""
    if met_on is not None:
        return DeadlineStatus.MET
    if missed:
        return DeadlineStatus.MISSED
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
    that were still open become "no longer applies"; met ones stay met; one the rule
    yields as missed (its occasion passed unmet) is "missed".
    """
    started = time.perf_counter()
    today = today or timezone.localdate()
    settings = rule_settings()
    context = RuleContext(today, _RememberingCalendar(current_calendar()), settings)
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


def full_recompute_ranges(batch_size: int | None = None) -> list[tuple[int, int]]:
    """The ranges of child ids a full recompute works through, one batch each."""
    return [
        (b.lo, b.hi)
        for b in _batches(None, batch_size or BATCH_SIZE)
        if b.lo is not None and b.hi is not None
    ]


def recompute_range(*, lo: int, hi: int, today: date | None = None) -> RecomputeResult:
    """One share of a full recompute: the children with ids `lo` to `hi`, in one
    transaction. The nightly Celery task queues one of these per range, so that every
    worker process takes a share."""
    started = time.perf_counter()
    result = _recompute_ranges([(lo, hi)], today or timezone.localdate())
    result.seconds = time.perf_counter() - started
    return result


def _recompute_ranges(ranges: list[tuple[int, int]], today: date) -> RecomputeResult:
    settings = rule_settings()
    context = RuleContext(today, _RememberingCalendar(current_calendar()), settings)
    soon_until = context.calendar.add_working_days(today, settings.DUE_SOON_WORKING_DAYS)
    result = RecomputeResult()
    for lo, hi in ranges:
        batch = Batch(lo=lo, hi=hi)
        for attempt in (1, 2):
            try:
                _recompute_batch(batch, context, soon_until, result)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
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
    # Rows as tuples: (child_id, rule, key, *COMPARED); updates with the pk first.
    to_create: list[tuple] = []
    to_update: list[tuple] = []
    seen = set()
    today = context.today
    for child_id, child_facts in facts.items():
        for rule_code, due in evaluate(child_facts, context):
            key = (child_id, rule_code, due.key)
            seen.add(key)
            values = (
                due.due_date,
                str(status_for(due.due_date, due.met_on, today, soon_until, missed=due.missed)),
                due.met_on,
                due.met_by,
                due.explanation,
            )
            row = existing.get(key)
            if row is None:
                to_create.append((*key, *values))
            elif row[4:] != values:
                to_update.append((row[0], *key, *values))
    for key, row in existing.items():
        if key not in seen and row[5] in OPEN_STATUSES:
            due_date, _, met_on, met_by, explanation = row[4:]
            no_longer = str(DeadlineStatus.NO_LONGER_APPLIES)
            to_update.append((row[0], *key, due_date, no_longer, met_on, met_by, explanation))
    _write_rows(to_create, to_update, now)
    # Only children queued before this batch read their records: one queued since may
    # have changed after the read, and waits for the next catch-up.
    batch.filter(PendingRecompute.objects.filter(since__lt=now)).delete()
    result.children += len(facts)
    result.deadlines += len(seen)
    result.created += len(to_create)
    result.updated += len(to_update)


ROW = ("child_id", "rule", "key", *COMPARED)


def _write_rows(to_create: list[tuple], to_update: list[tuple], now: datetime) -> None:
    """Write the new and changed rows of a batch, each with a history row."""
    if connection.vendor == "postgresql":
        _write_postgresql(to_create, to_update, now)
    else:
        _write_orm(to_create, to_update, now)


def _write_orm(to_create: list[tuple], to_update: list[tuple], now: datetime) -> None:
    """New and changed rows, with their history, through django-simple-history."""
    if to_create:
        bulk_create_with_history(
            [Deadline(changed_at=now, **dict(zip(ROW, row, strict=True))) for row in to_create],
            Deadline,
            batch_size=1000,
            default_change_reason=CHANGE_REASON,
        )
    if to_update:
        bulk_update_with_history(
            [
                Deadline(pk=row[0], changed_at=now, **dict(zip(ROW, row[1:], strict=True)))
                for row in to_update
            ],
            Deadline,
            fields=[*COMPARED, "changed_at"],
            batch_size=1000,
            default_change_reason=CHANGE_REASON,
        )


def _write_postgresql(to_create: list[tuple], to_update: list[tuple], now: datetime) -> None:
    """The same rows and history rows as `_write_orm`, written the fast way: new rows
    and every history row with COPY, changed rows with one UPDATE from arrays. (The
    ORM's bulk update is a CASE per column and row; a night's status changes for a
    large council would take minutes.) A duplicate occasion still raises IntegrityError."""
    if not to_create and not to_update:
        return
    table = Deadline._meta.db_table
    history_model = Deadline.history.model
    # Whoever the history would name (the person whose edit triggered the recompute,
    # in a request; nobody in a Celery worker), as django-simple-history would.
    user = history_model.get_default_history_user(Deadline())
    user_id = user.pk if user is not None else None
    columns = ("id", *ROW, "changed_at")
    with connection.wrap_database_errors, connection.cursor() as cursor:
        created: list[tuple] = []
        if to_create:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(to_create)],
            )
            created = [
                (pk, *row, now) for (pk,), row in zip(cursor.fetchall(), to_create, strict=True)
            ]
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in created:
                    copy.write_row(row)
        updated = [(*row, now) for row in to_update]
        if updated:
            arrays = [list(column) for column in zip(*updated, strict=True)]
            types = ["bigint", "bigint", "text", "text", "date", "text", "date", "text", "text"]
            cursor.execute(  # the table and column names are the model's own
                f"""UPDATE {table} AS d SET due_date = c.due_date, status = c.status,
                met_on = c.met_on, met_by = c.met_by, explanation = c.explanation,
                changed_at = c.changed_at
                FROM unnest({", ".join(f"%s::{t}[]" for t in types)}, %s::timestamptz[])
                AS c({", ".join(columns)}) WHERE d.id = c.id""",  # noqa: S608
                arrays,
            )
        history_columns = [
            *(f.column for f in history_model.tracked_fields),
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
        ]
        order = [columns.index(f.attname) for f in history_model.tracked_fields]
        with cursor.cursor.copy(
            f"COPY {history_model._meta.db_table} ({', '.join(history_columns)}) FROM STDIN"
        ) as copy:
            for history_type, rows in (("+", created), ("~", updated)):
                for row in rows:
                    copy.write_row(
                        [*(row[i] for i in order), now, CHANGE_REASON, history_type, user_id]
                    )


def recompute_pending() -> RecomputeResult:
    """Catch up the children whose recompute could not be queued."""
    ids = list(PendingRecompute.objects.values_list("child_id", flat=True))
    return recompute(child_ids=ids)
