"""Writes casework to a child's record: statutory visits and missing episodes.

As in children.services: keyword arguments, the rules a practitioner would check,
`ApplicationError` tied to the form field when one is broken, one transaction per write.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from casework.models import MissingEpisode, MissingKind, Visit
from casework.timescales import long_date
from children.models import Child, PeriodOfCare
from core.exceptions import ApplicationError


def _not_in_future(value: date | None, field: str, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ApplicationError(f"{what} must be today or in the past", field=field)


def _period_on(child: Child, on: date) -> PeriodOfCare | None:
    """The period of care the child was in on `on` (the day care ended counts)."""
    return (
        child.periods_of_care.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-start_date")
        .first()
    )


def _full_clean(instance, *, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from None


@transaction.atomic
def visit_record(
    *,
    child: Child,
    visit_date: date,
    seen_alone: bool,
    bedroom_seen: bool,
    visited_by: User,
    notes: str = "",
    by: User,
) -> Visit:
    """Record a statutory visit. The child must have been looked after on the day."""
    _not_in_future(visit_date, "visit_date", "The date of the visit")
    if _period_on(child, visit_date) is None:
        raise ApplicationError(
            f"{child.full_name} was not looked after on {long_date(visit_date)}: a statutory "
            "visit is made while a child is looked after",
            field="visit_date",
        )
    visit = Visit(
        child=child,
        visit_date=visit_date,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        visited_by=visited_by,
        notes=notes.strip(),
    )
    _full_clean(visit, exclude=["child", "visited_by"])
    visit.save()
    return visit


def _check_missing(
    *,
    child: Child,
    start_date: date,
    end_date: date | None,
    offered: bool | None,
    accepted: bool | None,
    exclude_pk: int | None = None,
) -> None:
    _not_in_future(start_date, "start_date", "The date the child went missing")
    _not_in_future(end_date, "end_date", "The date the child returned")
    if start_date < child.date_of_birth:
        raise ApplicationError(
            "The date the child went missing cannot be before their date of birth",
            field="start_date",
        )
    if end_date is not None and end_date < start_date:
        raise ApplicationError(
            f"The date the child returned cannot be before they went missing "
            f"({long_date(start_date)})",
            field="end_date",
        )
    period = _period_on(child, start_date)
    if period is None:
        raise ApplicationError(
            f"{child.full_name} was not looked after on {long_date(start_date)}: record "
            "missing episodes while a child is looked after",
            field="start_date",
        )
    if period.end_date is not None:
        if end_date is None:
            raise ApplicationError(
                f"Care ended on {long_date(period.end_date)}: enter the date the child "
                "returned, on or before it",
                field="end_date",
            )
        if end_date > period.end_date:
            raise ApplicationError(
                f"Care ended on {long_date(period.end_date)}: the episode must end by then",
                field="end_date",
            )
    if accepted and not offered:
        raise ApplicationError(
            "A return interview can only be accepted if it was offered",
            field="return_interview_accepted",
        )
    others = child.missing_episodes.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    # Episodes may touch (one ends on the day the next starts) but not overlap.
    overlap = Q(end_date__isnull=True) | Q(end_date__gt=start_date)
    if end_date is None:
        overlap |= Q(start_date__gte=start_date)
    else:
        overlap &= Q(start_date__lt=end_date)
    overlapping = others.filter(overlap | Q(start_date=start_date))
    clash = overlapping.order_by("start_date").first()
    if clash is not None:
        until = f" to {long_date(clash.end_date)}" if clash.end_date else " (still open)"
        raise ApplicationError(
            f"This overlaps the episode from {long_date(clash.start_date)}{until}",
            field="start_date",
        )


@transaction.atomic
def missing_episode_record(
    *,
    child: Child,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    where_found: str = "",
    return_interview_offered: bool | None = None,
    return_interview_accepted: bool | None = None,
    by: User,
) -> MissingEpisode:
    """Record that the child went missing (M) or was away without authorisation (A)."""
    if kind not in MissingKind.values:
        raise ApplicationError("Select missing or away without authorisation", field="kind")
    Child.objects.select_for_update().filter(pk=child.pk).first()
    _check_missing(
        child=child,
        start_date=start_date,
        end_date=end_date,
        offered=return_interview_offered,
        accepted=return_interview_accepted,
    )
    episode = MissingEpisode(
        child=child,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        where_found=where_found.strip(),
        return_interview_offered=return_interview_offered,
        return_interview_accepted=return_interview_accepted,
    )
    _full_clean(episode, exclude=["child"])
    episode.save()
    return episode


@transaction.atomic
def missing_episode_return(
    *,
    episode: MissingEpisode,
    end_date: date,
    where_found: str = "",
    return_interview_offered: bool | None = None,
    return_interview_accepted: bool | None = None,
    by: User,
) -> MissingEpisode:
    """Record the child's return: the end date, where they were found, the interview."""
    _check_missing(
        child=episode.child,
        start_date=episode.start_date,
        end_date=end_date,
        offered=return_interview_offered,
        accepted=return_interview_accepted,
        exclude_pk=episode.pk,
    )
    episode.end_date = end_date
    episode.where_found = where_found.strip()
    episode.return_interview_offered = return_interview_offered
    episode.return_interview_accepted = return_interview_accepted
    _full_clean(episode, exclude=["child"])
    episode.save()
    return episode
