"""The dispute resolution deadline rule: each formal stage answered by its responder
in time. Registered with the deadline engine (deadlines.rules), with the facts it reads,
its timescale and whose work it is (the named responder: decision 0023)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from deadlines.facts import Batch, Children, register_facts
from deadlines.rules import (
    ChildFacts,
    Due,
    RuleContext,
    long_date,
    register_responsible,
    rule,
    working_days,
)
from deadlines.timescales import timescale

if TYPE_CHECKING:
    from accounts.models import User

timescale(
    "RESOLUTION_RESPONSE_WORKING_DAYS",
    10,
    "Working days a manager has to respond to each stage of a dispute resolution (default 10).",
    fieldset="IRO service",
)

# --- facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionStageFact:
    """A formal stage (1 to 4) of a dispute resolution with a named responder."""

    id: int
    resolution_id: int
    stage: int
    started_on: date
    responded_on: date | None
    # The stage is the resolution's latest and the resolution is still open: a response
    # is awaited. A stage passed over (escalated, or resolved) without a response no
    # longer awaits one.
    awaiting: bool


@dataclass
class ResolutionFacts:
    """The formal stages of the child's dispute resolutions with a responder."""

    resolution_stages: list[ResolutionStageFact] = field(default_factory=list)


@register_facts(
    ResolutionFacts,
    tables={"resolutions.Resolution": "child_id", "resolutions.ResolutionStage": "child_id"},
)
def load_resolution_facts(batch: Batch, facts: Children) -> None:
    """Read whether or not the child is looked after: a child who has left care may
    still have a stage awaiting its response. Every stage in one query; the formal
    stages with a responder are facts, and whether each awaits its response depends on
    the resolution's latest stage."""
    from resolutions.models import RESPONDED_STAGES, ResolutionStage, Status

    stage_rows = list(
        batch.filter(ResolutionStage.objects.all(), "resolution__child_id")
        .order_by("resolution_id", "stage")
        .values_list(
            "resolution__child_id",
            "pk",
            "resolution_id",
            "stage",
            "started_on",
            "responded_on",
            "responder_id",
            "resolution__status",
        )
    )
    latest = {row[2]: row[3] for row in stage_rows}  # ordered by stage: the last wins
    for child_id, pk, resolution_id, stage, started, responded, responder, status in stage_rows:
        if stage not in RESPONDED_STAGES or responder is None:
            continue
        awaiting = status == Status.OPEN and latest[resolution_id] == stage
        facts[child_id].part(ResolutionFacts).resolution_stages.append(
            ResolutionStageFact(pk, resolution_id, stage, started, responded, awaiting)
        )


@register_responsible("resolution_responder")
def stages_to_answer(user: "User") -> Iterable[str]:
    """The keys of the dispute resolution stages `user` is named to answer."""
    from resolutions.selectors import stage_deadline_keys

    return list(stage_deadline_keys(user=user).values_list("deadline_key", flat=True))


# --- the rule --------------------------------------------------------------------------


@rule(
    code="resolution_response",
    title="Dispute resolution: stage response",
    source="IRO Handbook (2010), chapter 6; local dispute resolution protocol",
    responsible="resolution_responder",
    order=400,
)
def resolution_response(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """Each formal stage of a dispute resolution (stage 1 team manager, 2 group manager,
    3 head of service, 4 director) is answered by its responder within
    RESOLUTION_RESPONSE_WORKING_DAYS working days (default 10) of the day the stage
    started (day 0). Met on the date of the response. A stage escalated or resolved
    without a response no longer applies. One deadline per stage:
    "resolution:<id>:stage:<n>".
    """
    days = ctx.settings.RESOLUTION_RESPONSE_WORKING_DAYS
    for stage in facts.part(ResolutionFacts).resolution_stages:
        if stage.responded_on is None and not stage.awaiting:
            continue
        due = ctx.calendar.add_working_days(stage.started_on, days)
        explanation = (
            f"Stage {stage.stage} response by {long_date(due)}: {working_days(days)} after "
            f"the stage started on {long_date(stage.started_on)}"
        )
        met_by = f"resolutions.resolutionstage:{stage.id}" if stage.responded_on else ""
        yield Due(
            f"resolution:{stage.resolution_id}:stage:{stage.stage}",
            due,
            explanation,
            stage.responded_on,
            met_by,
        )
