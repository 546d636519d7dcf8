"""One validity check for a child's stored care history, whoever wrote it.

The services refuse a history that breaks the care-history rules as it is written; rows
written another way (the demo builder's bulk writes, an import, a data fix) are checked
afterwards by `history_problems`, which runs the services' own checks over what is
stored: periods of care in order and not overlapping; placements and legal statuses
inside their period, in order, the last ending with the period; police protection at
most 72 hours; missing and away episodes inside care and over by the end of the
placement and the care they started in (casework.services.check_missing_episode, DfE
rules 575 and 577); adoption decisions inside their period (services.check_adoption, DfE
rule 1003); social worker episodes of at least a day that do not overlap (DfE rules
SW09STG2, SW18STG2).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from itertools import pairwise

from children.models import AllocationKind, Child
from core.exceptions import ApplicationError


def _day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "open"


def _overlaps(rows: list, what: str) -> list[str]:
    """Consecutive rows (by start) where one starts before the one before it ended."""
    return [
        f"{what} from {_day(before.start_date)} and {_day(after.start_date)} overlap"
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
            found.append(f"{kind} from {_day(start)}: {exc}")
    if end is not None and end < start:
        found.append(f"{kind} from {_day(start)} ends before it starts")
    if period.end_date is not None and (end is None or end > period.end_date):
        found.append(
            f"{kind} from {_day(start)} goes on after care ended on {_day(period.end_date)}"
        )
    return found


def history_problems(child: Child) -> list[str]:
    """What is wrong with the child's stored history, one sentence each; [] when the
    services would have written it as it is."""
    from casework.services import check_missing_episode
    from children import services

    problems: list[str] = []
    periods = sorted(child.periods_of_care.all(), key=lambda p: (p.start_date, p.pk))
    for period in periods:
        if period.end_date is not None and period.end_date < period.start_date:
            problems.append(f"Period of care from {_day(period.start_date)} ends before it starts")
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
                problems.append(f"Legal status from {_day(status.start_date)}: {exc}")

        for adoption in period.adoptions.all():
            details = services.AdoptionDetails(
                **{f.name: getattr(adoption, f.name) for f in fields(services.AdoptionDetails)}
            )
            try:
                services.check_adoption(period=period, details=details)
            except ApplicationError as exc:
                problems.append(f"Adoption decision of {_day(adoption.decision_date)}: {exc}")

    for episode in child.missing_episodes.all():
        try:
            check_missing_episode(
                child=child,
                start_date=episode.start_date,
                end_date=episode.end_date,
                offered=episode.return_interview_offered,
                accepted=episode.return_interview_accepted,
                exclude_pk=episode.pk,
            )
        except ApplicationError as exc:
            problems.append(
                f"{episode.get_kind_display()} episode from {_day(episode.start_date)}: {exc}"
            )

    workers = sorted(
        child.allocations.filter(kind=AllocationKind.SOCIAL_WORKER),
        key=lambda a: (a.start_date, a.pk),
    )
    for worker in workers:
        if worker.end_date is not None and worker.end_date <= worker.start_date:
            problems.append(
                f"Social worker episode from {_day(worker.start_date)} lasts less than a "
                f"day (ends {_day(worker.end_date)})"
            )
    problems += _overlaps(workers, "Social worker episodes")
    return problems
