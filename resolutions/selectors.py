"""Reads for dispute resolutions and Quality of Practice forms. Every list starts from
`children_visible_to`, the one access rule; the IRO home page and the IRO annual report
read these functions."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from accounts.permissions import Action, allows, may_respond_to_stage
from children.models import Child
from children.selectors import SEE_ALL_ROLES, children_visible_to
from deadlines.calendar import WorkingCalendar, current_calendar
from resolutions.models import (
    RESPONDED_STAGES,
    Kind,
    QopForm,
    QopReason,
    Resolution,
    ResolutionStage,
    Stage,
    Status,
    Theme,
)
from resolutions.services import next_stage


def response_working_days() -> int:
    """The council's setting RESOLUTION_RESPONSE_WORKING_DAYS (default 10)."""
    from constance import config

    return int(config.RESOLUTION_RESPONSE_WORKING_DAYS)


@dataclass(frozen=True)
class Timing:
    """The calendar and the response timescale, read once for a page or a report."""

    calendar: WorkingCalendar
    days: int

    @classmethod
    def current(cls) -> "Timing":
        return cls(current_calendar(), response_working_days())

    def due(self, stage: ResolutionStage) -> date | None:
        """When the stage's response is due: the same rule as the deadline
        (resolutions.deadline_rules.resolution_response)."""
        if not stage.has_deadline:
            return None
        return self.calendar.add_working_days(stage.started_on, self.days)


@dataclass(frozen=True)
class StageRow:
    stage: ResolutionStage
    due: date | None
    # Working days from the stage's start to its response (None while unanswered).
    working_days: int | None
    # "in_time", "late", "awaiting", "overdue", "not_answered" or "" (no timescale).
    timeliness: str

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS_LABELS.get(self.timeliness, "")


TIMELINESS_LABELS = {
    "in_time": "In time",
    "late": "Late",
    "awaiting": "Awaiting response",
    "overdue": "Overdue",
    "not_answered": "Not answered",
}


def stage_row(stage: ResolutionStage, *, latest: bool, timing: Timing, today: date) -> StageRow:
    due = timing.due(stage)
    taken = (
        timing.calendar.working_days_between(stage.started_on, stage.responded_on)
        if stage.responded_on
        else None
    )
    if due is None:
        timeliness = ""
    elif stage.responded_on is not None:
        timeliness = "in_time" if stage.responded_on <= due else "late"
    elif latest and stage.resolution.status == Status.OPEN:
        timeliness = "overdue" if today > due else "awaiting"
    else:
        timeliness = "not_answered"
    return StageRow(stage, due, taken, timeliness)


def timeline(
    resolution: Resolution, *, timing: Timing, today: date | None = None
) -> list[StageRow]:
    """The resolution's stages in order, each with its due date and whether the response
    came in time. Uses `resolution.stages.all()` (prefetch it for lists)."""
    today = today or timezone.localdate()
    stages = sorted(resolution.stages.all(), key=lambda s: s.stage)
    for s in stages:
        s.resolution = resolution  # no query per stage for its resolution
    return [
        stage_row(s, latest=i == len(stages) - 1, timing=timing, today=today)
        for i, s in enumerate(stages)
    ]


def _with_related(resolutions: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return resolutions.select_related("child", "raised_by").prefetch_related(
        "themes", "stages__responder"
    )


def resolution_for_user(*, user: User, pk: int) -> Resolution:
    """The resolution if `user` may see its child; otherwise 404."""
    try:
        return _with_related(
            Resolution.objects.filter(child__in=children_visible_to(user=user))
        ).get(pk=pk)
    except Resolution.DoesNotExist:
        raise Http404("No resolution found") from None


def qop_for_user(*, user: User, pk: int) -> QopForm:
    try:
        return (
            QopForm.objects.filter(child__in=children_visible_to(user=user))
            .select_related("child", "raised_by", "recipient", "escalated_to")
            .prefetch_related("reasons")
            .get(pk=pk)
        )
    except QopForm.DoesNotExist:
        raise Http404("No Quality of Practice form found") from None


@dataclass(frozen=True)
class ResolutionRow:
    """A resolution in a list, with its current stage and that stage's due date."""

    resolution: Resolution
    current: StageRow

    @property
    def due(self) -> date | None:
        return self.current.due


def _rows(resolutions: Iterable[Resolution], timing: Timing) -> list[ResolutionRow]:
    today = timezone.localdate()
    return [ResolutionRow(r, timeline(r, timing=timing, today=today)[-1]) for r in resolutions]


def resolution_page(*, resolution: Resolution, user: User) -> dict:
    """What the resolution's page shows, and what the user may do on it."""
    rows = timeline(resolution, timing=Timing.current())
    current = rows[-1].stage
    raiser = allows(user=user, action=Action.RAISE_RESOLUTION)
    is_open = resolution.status == Status.OPEN
    following = next_stage(resolution)
    return {
        "resolution": resolution,
        "child": resolution.child,
        "stages": rows,
        "current": rows[-1],
        "can_respond": may_respond_to_stage(user=user, stage=current),
        "can_escalate": raiser and following is not None,
        "next_stage": following,
        "can_resolve": raiser and is_open,
        "can_close": raiser and resolution.status == Status.RESOLVED,
        "can_write_letter": raiser,
        "qop_form": QopForm.objects.filter(escalated_to=resolution).first(),
    }


def child_section(*, child: Child) -> dict:
    """The child's resolutions and QoP forms for the child's page (a few queries; the
    page adds `can_raise_resolution` for the user)."""
    resolutions = list(_with_related(Resolution.objects.filter(child=child)))
    timing = Timing.current() if resolutions else Timing(WorkingCalendar(), 0)
    forms = list(
        QopForm.objects.filter(child=child)
        .select_related("recipient", "escalated_to")
        .prefetch_related("reasons")
    )
    return {
        "resolution_rows": _rows(resolutions, timing),
        "qop_forms": forms,
    }


def open_resolution_records(*, user: User) -> QuerySet[Resolution]:
    """The open resolutions that are `user`'s: those they raised, or every one for an IRO
    manager (and a senior manager), within the children they may see. Counted on the IRO
    home page; listed by `open_resolutions`."""
    resolutions = Resolution.objects.filter(
        status=Status.OPEN, child__in=children_visible_to(user=user)
    )
    if user.role not in SEE_ALL_ROLES:
        resolutions = resolutions.filter(raised_by=user)
    return resolutions


def _soonest_first(row: ResolutionRow) -> tuple:
    return (row.due or date.max, row.resolution.raised_on, row.resolution.pk)


def open_resolutions(
    *, user: User, stage: int | None = None, theme: int | None = None
) -> list[ResolutionRow]:
    """The open resolutions for the IRO home page: those `user` raised, or every one for
    an IRO manager (and a senior manager), each with its current stage and due date,
    soonest due first. Optionally only those at `stage` or with `theme`."""
    resolutions = open_resolution_records(user=user)
    if theme is not None:
        resolutions = resolutions.filter(themes=theme)
    rows = _rows(_with_related(resolutions), Timing.current())
    if stage is not None:
        rows = [r for r in rows if r.current.stage.stage == stage]
    return sorted(rows, key=_soonest_first)


def soonest_open_resolutions(*, user: User, limit: int) -> list[ResolutionRow]:
    """The first `limit` of `open_resolutions(user=user)`, in the same order, without
    loading every open resolution with its stages and themes: the due dates are worked
    out from each one's latest stage alone (one query), then only the first few are
    loaded in full. A handful of queries, however many are open."""
    timing = Timing.current()
    records = open_resolution_records(user=user)
    raised = dict(records.values_list("pk", "raised_on"))
    latest: dict[int, ResolutionStage] = {}
    for resolution_id, number, started_on, responder_id in (
        ResolutionStage.objects.filter(resolution__in=records)
        .order_by("resolution_id", "stage")
        .values_list("resolution_id", "stage", "started_on", "responder_id")
    ):
        latest[resolution_id] = ResolutionStage(
            stage=number, started_on=started_on, responder_id=responder_id
        )

    def order(pk: int) -> tuple:
        stage = latest.get(pk)
        due = timing.due(stage) if stage is not None else None
        return (due or date.max, raised[pk], pk)

    first = sorted(raised, key=order)[:limit]
    if not first:
        return []
    rows = _rows(_with_related(Resolution.objects.filter(pk__in=first)), timing)
    return sorted(rows, key=_soonest_first)


def awaiting_response(*, user: User) -> list[ResolutionRow]:
    """The resolution stages `user` is named to answer and has not yet: the latest stage of
    an open resolution, within the children they may see; soonest due first."""
    stages = ResolutionStage.objects.filter(
        responder=user,
        responded_on__isnull=True,
        resolution__status=Status.OPEN,
        resolution__child__in=children_visible_to(user=user),
    )
    resolutions = _with_related(Resolution.objects.filter(pk__in=stages.values("resolution_id")))
    rows = [
        r for r in _rows(resolutions, Timing.current()) if r.current.stage.responder_id == user.pk
    ]
    return sorted(rows, key=lambda r: (r.due or date.max, r.resolution.pk))


def qop_awaiting_response(*, user: User) -> list[QopForm]:
    return list(
        QopForm.objects.filter(
            recipient=user,
            responded_on__isnull=True,
            child__in=children_visible_to(user=user),
        )
        .select_related("child", "raised_by")
        .prefetch_related("reasons")
        .order_by("raised_on", "pk")
    )


def stage_deadline_keys(*, user: User) -> QuerySet:
    """The deadline keys ("resolution:<id>:stage:<n>") of the stages `user` answers, as a
    subquery for deadlines.selectors.my_work."""
    return (
        ResolutionStage.objects.filter(responder=user, stage__in=RESPONDED_STAGES)
        .annotate(
            deadline_key=Concat(
                Value("resolution:"),
                Cast("resolution_id", CharField()),
                Value(":stage:"),
                Cast("stage", CharField()),
                output_field=CharField(),
            )
        )
        .values("deadline_key")
    )


def responders() -> QuerySet[User]:
    """The people a stage can be sent to: active team managers, IRO managers and senior
    managers (the council chooses who answers stages 2 to 4)."""
    return User.objects.filter(
        is_active=True, role__in=[Role.TEAM_MANAGER, Role.IRO_MANAGER, Role.SENIOR_MANAGER]
    ).order_by("last_name", "first_name", "pk")


def qop_recipients(*, child: Child) -> QuerySet[User]:
    """Who a QoP form can go to: the child's currently allocated workers and the managers
    of the teams holding the child (they can all see the child)."""
    from django.db.models import Q

    from children.selectors import current_allocations

    current = current_allocations().filter(child=child)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=current.values("worker_id")) | Q(managed_teams__in=current.values("team_id"))
        )
        .exclude(role__in=[Role.IRO, Role.PARTNER, Role.ADMINISTRATOR])
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- figures for the IRO annual report --------------------------------------------------


@dataclass
class Figure:
    """One number and the records behind it."""

    label: str
    items: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class ResolutionFigures:
    start: date
    end: date
    resolutions: list[Resolution]
    by_kind: list[Figure]
    by_stage_reached: list[Figure]
    by_theme: list[Figure]
    # Formal stages with a responder started in the period, by how their response came.
    response_times: list[Figure]
    qop_forms: list[QopForm]
    qop_by_reason: list[Figure]
    qop_escalated: Figure

    @property
    def formal(self) -> int:
        return next(f.count for f in self.by_kind if f.label == Kind.FORMAL.label)

    @property
    def average_response_working_days(self) -> float | None:
        """The mean working days from a stage's start to its response, over the answered
        formal stages that started in the period (one decimal place)."""
        answered = [
            row.working_days
            for figure in self.response_times[:2]  # answered in time, answered late
            for row in figure.items
        ]
        return round(sum(answered) / len(answered), 1) if answered else None


RESPONSE_BANDS = [
    ("Within 5 working days", 0, 5),
    ("6 to 10 working days", 6, 10),
    ("11 to 20 working days", 11, 20),
    ("More than 20 working days", 21, None),
]


def resolution_figures(*, user: User, start: date, end: date) -> ResolutionFigures:
    """The IRO annual report's dispute resolution figures (DOMAIN.md section 6) for the
    resolutions raised from `start` to `end` inclusive, within the children `user` may see:
    by kind (informal or formal, as each stands: an informal one escalated is formal), by
    the stage reached (its latest stage), by theme (a resolution counts under each of its
    themes), and the response times of the formal stages with a responder that started in
    the period (in time or late against RESOLUTION_RESPONSE_WORKING_DAYS, in working-day
    bands, and those not answered). QoP forms raised in the period by reason (a form counts
    under each reason) and how many were escalated. Every figure lists its records."""
    visible = children_visible_to(user=user)
    resolutions = list(
        _with_related(
            Resolution.objects.filter(
                child__in=visible, raised_on__gte=start, raised_on__lte=end
            ).order_by("raised_on", "pk")
        )
    )
    timing = Timing.current()
    today = timezone.localdate()
    by_kind = [Figure(label) for label in Kind.labels]
    kind_index = {value: i for i, value in enumerate(Kind.values)}
    by_stage = [Figure(label) for label in Stage.labels]
    themes = {t.pk: Figure(t.name) for t in Theme.objects.all()}
    for resolution in resolutions:
        by_kind[kind_index[resolution.kind]].items.append(resolution)
        reached = max(s.stage for s in resolution.stages.all())
        by_stage[reached].items.append(resolution)
        for theme in resolution.themes.all():
            themes[theme.pk].items.append(resolution)

    stage_rows = ResolutionStage.objects.filter(
        resolution__child__in=visible,
        started_on__gte=start,
        started_on__lte=end,
        stage__in=RESPONDED_STAGES,
        responder__isnull=False,
    ).select_related("resolution__child", "responder")
    latest = dict(
        ResolutionStage.objects.filter(resolution__in=stage_rows.values("resolution_id"))
        .order_by("resolution_id", "stage")
        .values_list("resolution_id", "stage")
    )
    in_time, late = Figure("Answered in time"), Figure("Answered late")
    awaiting, unanswered = Figure("Awaiting a response"), Figure("Not answered")
    bands = [Figure(label) for label, _, _ in RESPONSE_BANDS]
    for s in stage_rows.order_by("started_on", "pk"):
        row = stage_row(s, latest=latest[s.resolution_id] == s.stage, timing=timing, today=today)
        if row.timeliness == "in_time":
            in_time.items.append(row)
        elif row.timeliness == "late":
            late.items.append(row)
        elif row.timeliness in ("awaiting", "overdue"):
            awaiting.items.append(row)
        else:
            unanswered.items.append(row)
        if row.working_days is not None:
            for figure, (_, low, high) in zip(bands, RESPONSE_BANDS, strict=True):
                if row.working_days >= low and (high is None or row.working_days <= high):
                    figure.items.append(row)

    qop_forms = list(
        QopForm.objects.filter(child__in=visible, raised_on__gte=start, raised_on__lte=end)
        .select_related("child")
        .prefetch_related("reasons")
        .order_by("raised_on", "pk")
    )
    reasons = {r.pk: Figure(r.name) for r in QopReason.objects.all()}
    for form in qop_forms:
        for reason in form.reasons.all():
            reasons[reason.pk].items.append(form)
    return ResolutionFigures(
        start=start,
        end=end,
        resolutions=resolutions,
        by_kind=by_kind,
        by_stage_reached=by_stage,
        by_theme=sorted((f for f in themes.values() if f.items), key=lambda f: (-f.count, f.label)),
        response_times=[in_time, late, awaiting, unanswered, *bands],
        qop_forms=qop_forms,
        qop_by_reason=sorted(
            (f for f in reasons.values() if f.items), key=lambda f: (-f.count, f.label)
        ),
        qop_escalated=Figure(
            "Escalated to a resolution", [f for f in qop_forms if f.escalated_to_id]
        ),
    )
