"""Writes for dispute resolutions and Quality of Practice forms. Called by the pages in
`resolutions.views` (and the demo builder writes the same shapes in bulk).

Who does what (decided here, in one place):
- The IRO (or an IRO manager) who can see the child raises, escalates, resolves and
  closes a resolution, writes the letter to the child, and raises and escalates QoP forms.
- A formal stage (1 to 4) is answered only by its named responder: the response is the
  manager's own account, so nobody answers on their behalf. If a responder is away, the
  IRO escalates (or an IRO manager re-raises); the history shows who did what.
- The outcome of an informal discussion, and of a referral to Cafcass, is recorded by the
  IRO or an IRO manager (there is no Harbour responder).
- Every responder must be able to open the child's record (`children_visible_to`).
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import MANAGER_ROLES, User
from accounts.permissions import (
    Action,
    PermissionRefused,
    may_respond_to_qop,
    may_respond_to_stage,
    require,
    requires,
)
from children.models import AllocationKind, Child
from children.selectors import children_visible_to, current_allocations
from core.dates import long_date
from core.exceptions import ApplicationError
from resolutions.models import (
    Kind,
    QopForm,
    QopReason,
    Resolution,
    ResolutionStage,
    Stage,
    StageOutcome,
    Status,
    Theme,
)


def _check_raiser(user: User, child: Child | None = None) -> None:
    require(user=user, action=Action.RAISE_RESOLUTION)
    if child is not None:
        _check_sees(user, child)


def _check_sees(user: User, child: Child | int) -> None:
    """The pages 404 first; this keeps any other caller to the same rule."""
    pk = child if isinstance(child, int) else child.pk
    if not children_visible_to(user=user).filter(pk=pk).exists():
        raise ApplicationError("You cannot open this child's record")


def _check_date(on: date | None, field: str, *, not_before: date | None = None, what: str) -> date:
    if on is None:
        raise ApplicationError(f"Enter the date {what}", field=field)
    if on > timezone.localdate():
        raise ApplicationError(f"The date {what} must be today or in the past", field=field)
    if not_before is not None and on < not_before:
        raise ApplicationError(
            f"The date {what} must be on or after {long_date(not_before)}", field=field
        )
    return on


def _check_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    return value


def _check_responder(responder: User | None, child: Child, field: str = "responder") -> User:
    if responder is None:
        raise ApplicationError("Select the manager who will respond", field=field)
    if not responder.is_active or responder.role not in MANAGER_ROLES:
        raise ApplicationError(
            "The responder must be a team manager, IRO manager or senior manager", field=field
        )
    if not children_visible_to(user=responder).filter(pk=child.pk).exists():
        raise ApplicationError(
            f"{responder} cannot open this child's record: choose a manager who can",
            field=field,
        )
    return responder


def default_stage_1_responder(*, child: Child) -> User | None:
    """The manager of the child's social worker's team (stage 1 goes to the team
    manager), or else the manager of the team holding the child."""
    sw = (
        current_allocations()
        .filter(child=child, kind=AllocationKind.SOCIAL_WORKER)
        .select_related("worker__team__manager")
        .order_by("-start_date", "-pk")
        .first()
    )
    if sw and sw.worker and sw.worker.team and sw.worker.team.manager:
        return sw.worker.team.manager
    team = (
        current_allocations()
        .filter(child=child, kind=AllocationKind.TEAM)
        .select_related("team__manager")
        .order_by("-start_date", "-pk")
        .first()
    )
    if team and team.team and team.team.manager:
        return team.team.manager
    return None


def current_stage(resolution: Resolution) -> ResolutionStage:
    return resolution.stages.order_by("-stage").first()  # type: ignore[return-value]


def _locked(resolution: Resolution) -> Resolution:
    """The resolution, re-read under a row lock, so two people acting at once are in turn."""
    return Resolution.objects.select_for_update().get(pk=resolution.pk)


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def resolution_raise(
    *,
    child: Child,
    by: User,
    kind: str,
    raised_on: date | None,
    themes: Iterable[Theme],
    concern: str,
    requested: str,
    responder: User | None = None,
) -> Resolution:
    """The IRO raises a resolution. An informal one starts with an informal discussion;
    a formal one starts at stage 1 with its responder (a manager who can see the child),
    whose response is then due (deadline rule `resolution_response`)."""
    _check_raiser(by, child)
    if kind not in Kind.values:
        raise ApplicationError("Select whether the resolution is informal or formal", field="kind")
    raised_on = _check_date(raised_on, "raised_on", what="it was raised")
    themes = list(themes)
    if not themes:
        raise ApplicationError("Select at least one theme", field="themes")
    concern = _check_text(concern, "concern", "Enter the concern")
    requested = _check_text(requested, "requested", "Enter what you are asking for")
    if kind == Kind.FORMAL:
        responder = _check_responder(responder, child)
    resolution = Resolution.objects.create(
        child=child,
        raised_by=by,
        raised_on=raised_on,
        kind=kind,
        concern=concern,
        requested=requested,
    )
    resolution.themes.set(themes)
    ResolutionStage.objects.create(
        resolution=resolution,
        stage=Stage.STAGE_1 if kind == Kind.FORMAL else Stage.INFORMAL,
        responder=responder if kind == Kind.FORMAL else None,
        started_on=raised_on,
    )
    return resolution


@requires(Action.RESPOND_TO_STAGE)
@transaction.atomic
def stage_respond(
    *,
    resolution: Resolution,
    by: User,
    response: str,
    responded_on: date | None,
    outcome: str,
) -> ResolutionStage:
    """Record the response to the resolution's current stage."""
    resolution = _locked(resolution)
    _check_sees(by, resolution.child_id)
    stage = current_stage(resolution)
    if resolution.status != Status.OPEN:
        raise ApplicationError("The resolution is no longer open")
    if stage.responded_on is not None:
        raise ApplicationError("This stage has already been answered")
    if not may_respond_to_stage(user=by, stage=stage):
        raise PermissionRefused(
            f"Only {stage.responder} can respond at this stage"
            if stage.responder_id
            else "Only an IRO or an IRO manager can record this"
        )
    stage.response = _check_text(response, "response", "Enter the response")
    stage.responded_on = _check_date(
        responded_on, "responded_on", not_before=stage.started_on, what="of the response"
    )
    if outcome not in StageOutcome.values:
        raise ApplicationError("Select the outcome of this stage", field="outcome")
    stage.outcome = outcome
    stage.save()
    return stage


NEXT_STAGE = {
    Stage.INFORMAL: Stage.STAGE_1,
    Stage.STAGE_1: Stage.STAGE_2,
    Stage.STAGE_2: Stage.STAGE_3,
    Stage.STAGE_3: Stage.STAGE_4,
    Stage.STAGE_4: Stage.CAFCASS,
}


def next_stage(resolution: Resolution) -> Stage | None:
    if resolution.status != Status.OPEN:
        return None
    return NEXT_STAGE.get(Stage(current_stage(resolution).stage))


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def resolution_escalate(
    *,
    resolution: Resolution,
    by: User,
    started_on: date | None,
    responder: User | None = None,
) -> ResolutionStage:
    """Escalate an open resolution to the next stage: informal discussion to stage 1, then
    2, 3, 4 and a referral to Cafcass. Stages 1 to 4 need a responder; a Cafcass referral
    has none. An informal resolution escalated to stage 1 becomes formal. The current stage
    need not have been answered: no response in time is a reason to escalate."""
    resolution = _locked(resolution)
    _check_raiser(by, resolution.child)
    if resolution.status != Status.OPEN:
        raise ApplicationError("Only an open resolution can be escalated")
    current = current_stage(resolution)
    following = NEXT_STAGE.get(Stage(current.stage))
    if following is None:
        raise ApplicationError("A referral to Cafcass is the last stage: it cannot be escalated")
    started_on = _check_date(
        started_on, "started_on", not_before=current.started_on, what="of the escalation"
    )
    if following == Stage.CAFCASS:
        if responder is not None:
            raise ApplicationError(
                "A referral to Cafcass has no responder in Harbour", field="responder"
            )
    else:
        responder = _check_responder(responder, resolution.child)
    if following == Stage.STAGE_1:
        resolution.kind = Kind.FORMAL
        resolution.save()
    return ResolutionStage.objects.create(
        resolution=resolution, stage=following, responder=responder, started_on=started_on
    )


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def resolution_resolve(
    *, resolution: Resolution, by: User, resolved_on: date | None, outcome: str
) -> Resolution:
    """The IRO records that the concern is resolved, and how."""
    resolution = _locked(resolution)
    _check_raiser(by, resolution.child)
    if resolution.status != Status.OPEN:
        raise ApplicationError("The resolution is already resolved")
    current = current_stage(resolution)
    resolution.resolved_on = _check_date(
        resolved_on, "resolved_on", not_before=current.started_on, what="it was resolved"
    )
    resolution.outcome = _check_text(outcome, "outcome", "Enter the outcome")
    resolution.status = Status.RESOLVED
    resolution.save()
    return resolution


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def resolution_close(
    *, resolution: Resolution, by: User, closed_on: date | None, impact: str
) -> Resolution:
    """The IRO closes a resolved resolution, saying what difference it made to the child."""
    resolution = _locked(resolution)
    _check_raiser(by, resolution.child)
    if resolution.status != Status.RESOLVED:
        raise ApplicationError(
            "The resolution must be resolved before it is closed"
            if resolution.status == Status.OPEN
            else "The resolution is already closed"
        )
    resolution.closed_on = _check_date(
        closed_on, "closed_on", not_before=resolution.resolved_on, what="it was closed"
    )
    resolution.impact = _check_text(impact, "impact", "Enter the impact on the child")
    resolution.status = Status.CLOSED
    resolution.save()
    return resolution


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def resolution_letter(*, resolution: Resolution, by: User, letter: str) -> Resolution:
    """The IRO writes (or rewrites) the letter to the child about the resolution."""
    resolution = _locked(resolution)
    _check_raiser(by, resolution.child)
    resolution.letter = _check_text(letter, "letter", "Enter the letter to the child")
    resolution.save()
    return resolution


# --- Quality of Practice forms --------------------------------------------------------


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def qop_raise(
    *,
    child: Child,
    by: User,
    raised_on: date | None,
    reasons: Iterable[QopReason],
    details: str,
    recipient: User | None,
) -> QopForm:
    """The IRO raises a Quality of Practice form to a worker who can see the child."""
    _check_raiser(by, child)
    raised_on = _check_date(raised_on, "raised_on", what="it was raised")
    reasons = list(reasons)
    if not reasons:
        raise ApplicationError("Select at least one reason", field="reasons")
    details = _check_text(details, "details", "Enter the details")
    if recipient is None:
        raise ApplicationError("Select who the form is for", field="recipient")
    if (
        not recipient.is_active
        or not children_visible_to(user=recipient).filter(pk=child.pk).exists()
    ):
        raise ApplicationError(
            f"{recipient} cannot open this child's record: choose someone who can",
            field="recipient",
        )
    form = QopForm.objects.create(
        child=child, raised_by=by, raised_on=raised_on, details=details, recipient=recipient
    )
    form.reasons.set(reasons)
    return form


@requires(Action.RESPOND_TO_QOP)
@transaction.atomic
def qop_respond(*, form: QopForm, by: User, response: str, responded_on: date | None) -> QopForm:
    """The recipient says what they have done."""
    form = QopForm.objects.select_for_update().get(pk=form.pk)
    _check_sees(by, form.child_id)
    if form.responded_on is not None:
        raise ApplicationError("This form has already been answered")
    if not may_respond_to_qop(user=by, form=form):
        raise PermissionRefused(f"Only {form.recipient} can respond to this form")
    form.response = _check_text(response, "response", "Enter the response")
    form.responded_on = _check_date(
        responded_on, "responded_on", not_before=form.raised_on, what="of the response"
    )
    form.save()
    return form


@requires(Action.RAISE_RESOLUTION)
@transaction.atomic
def qop_escalate(
    *,
    form: QopForm,
    by: User,
    kind: str,
    raised_on: date | None,
    themes: Iterable[Theme],
    concern: str,
    requested: str,
    responder: User | None = None,
) -> Resolution:
    """The IRO escalates a QoP form into a resolution; the two are linked."""
    form = QopForm.objects.select_for_update().get(pk=form.pk)
    if form.escalated_to_id is not None:
        raise ApplicationError("This form has already been escalated to a resolution")
    raised_on = _check_date(raised_on, "raised_on", not_before=form.raised_on, what="it was raised")
    resolution = resolution_raise(
        child=form.child,
        by=by,
        kind=kind,
        raised_on=raised_on,
        themes=themes,
        concern=concern,
        requested=requested,
        responder=responder,
    )
    form.escalated_to = resolution
    form.save()
    return resolution
