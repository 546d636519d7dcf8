"""Casework's check of a child's stored history (children.history_check): missing and
away episodes inside care and over by the end of the placement and the care they started
in (casework.services.check_missing_episode, DfE rules 575 and 577)."""

from casework.services import check_missing_episode
from children.history_check import day, history_check
from children.models import Child
from core.exceptions import ApplicationError


@history_check
def missing_episodes(child: Child) -> list[str]:
    problems = []
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
                f"{episode.get_kind_display()} episode from {day(episode.start_date)}: {exc}"
            )
    return problems
