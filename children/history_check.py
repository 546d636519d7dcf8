"""One validity check for a child's stored care history, whoever wrote it.

The services refuse a history that breaks the care-history rules as it is written; rows
written another way (the demo builder's bulk writes, an import, a data fix) are checked
afterwards by `history_problems`, which runs the services' own checks over what is
stored: periods of care in order and not overlapping; placements and legal statuses
inside their period, in order, the last ending with the period; police protection at
most 72 hours; adoption decisions inside their period (services.check_adoption, DfE
rule 1003); social worker episodes of at least a day that do not overlap (DfE rules
SW09STG2, SW18STG2). An app that keeps more of the child's history checks it too: it
registers a check with `history_check` in its own `history_check` module, found when the
app registry is ready (children.apps), as casework does for missing and away episodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from itertools import pairwise

from children.models import AllocationKind, Child
from core.dates import long_date
from core.exceptions import ApplicationError

HistoryCheck = Callable[[Child], list[str]]

# The checks other apps register, run in the order they were registered.
CHECKS: list[HistoryCheck] = []


def history_check(check: HistoryCheck) -> HistoryCheck:
    """Register `check`: what is wrong with the part of the child's history its app
    keeps, one sentence each."""
    CHECKS.append(check)
    return check


def day(value: date | None) -> str:
    """A date in a problem's sentence ("open" for none)."""
    return f"{long_date(value)}" if value else "open"


def _overlaps(rows: list, what: str) -> list[str]:
    """Consecutive rows (by start) where one starts before the one before it ended."""
    return [
        f"{what} from {day(before.start_date)} and {day(after.start_date)} overlap"
        for before, after in pairwise(rows)
        if before.end_date is None or after.start_date < before.end_date
    ]


def _span_problems(period, kind: str, start: date, end: date | None) -> list[str]:
    """A placement or legal status: inside its period of care (services._inside_period),
    in order, ended when care ended."""
    from children import services

    found = []
    try:
        services._inside_period(period, start, kind)
    except ApplicationError as exc:
        if start != period.start_date:  # a period that started and ended on one day
            found.append(f"{kind} from {day(start)}: {exc}")
    if end is not None and end < start:
        found.append(f"{kind} from {day(start)} ends before it starts")
    if period.end_date is not None and (end is None or end > period.end_date):
        found.append(f"{kind} from {day(start)} goes on after care ended on {day(period.end_date)}")
    return found


def history_problems(child: Child) -> list[str]:
    """What is wrong with the child's stored history, one sentence each; [] when the
    services would have written it as it is."""
    from children import services

    problems: list[str] = []
    periods = sorted(child.periods_of_care.all(), key=lambda p: (p.start_date, p.pk))
    for period in periods:
        if period.end_date is not None and period.end_date < period.start_date:
            problems.append(f"Period of care from {day(period.start_date)} ends before it starts")
    problems += _overlaps(periods, "Periods of care")

    for period in periods:
        placements = sorted(period.placements.all(), key=lambda p: (p.start_date, p.pk))
        statuses = sorted(period.legal_statuses.all(), key=lambda s: (s.start_date, s.pk))
        spans = [("Placement", p.start_date, p.end_date) for p in placements] + [
            ("Legal status", s.start_date, s.end_date) for s in statuses
        ]
        for kind, start, end in spans:
            problems += _span_problems(period, kind, start, end)
        problems += _overlaps(placements, "Placements")
        for status in statuses:
            try:
                services._check_legal_status(child, status.code, status.start_date)
                if status.end_date is not None:
                    services._check_police_protection_ends(status, status.end_date)
            except ApplicationError as exc:
                problems.append(f"Legal status from {day(status.start_date)}: {exc}")

        for adoption in period.adoptions.all():
            details = services.AdoptionDetails(
                **{f.name: getattr(adoption, f.name) for f in fields(services.AdoptionDetails)}
            )
            try:
                services.check_adoption(period=period, details=details)
            except ApplicationError as exc:
                problems.append(f"Adoption decision of {day(adoption.decision_date)}: {exc}")

    for check in CHECKS:
        problems += check(child)

    workers = sorted(
        child.allocations.filter(kind=AllocationKind.SOCIAL_WORKER),
        key=lambda a: (a.start_date, a.pk),
    )
    for worker in workers:
        if worker.end_date is not None and worker.end_date <= worker.start_date:
            problems.append(
                f"Social worker episode from {day(worker.start_date)} lasts less than a "
                f"day (ends {day(worker.end_date)})"
            )
    problems += _overlaps(workers, "Social worker episodes")
    return problems
