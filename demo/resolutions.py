"""Demo dispute resolutions and Quality of Practice forms, written in bulk with history.

Rates (seeds 001 to 003): about 60 formal resolutions a year for 600 children in care
(0.1 per child-year in care), informal ones about twice as many, most formal ones
resolved at stage 1 (about 80%), then stage 2 (12%), 3 (5%), 4 (2%), now and then a
referral to Cafcass; most stage responses within 10 working days. About one QoP form a
year for every 5 children in care, about 10% escalated to a resolution. A few are open
now, awaiting a response (the demo team manager has at least one).

Its own random stream (`resolutions-<seed>`), so the rest of the demo is the same with or
without it.
"""

import random
from collections.abc import Mapping
from datetime import date, timedelta

from accounts.models import Role, User
from children.models import Allocation, AllocationKind, Child, PeriodOfCare
from deadlines.calendar import WorkingCalendar
from demo import bulk
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

FORMAL_PER_CHILD_YEAR = 0.1
INFORMAL_PER_CHILD_YEAR = 0.2
QOP_PER_CHILD_YEAR = 0.2
QOP_ESCALATED = 0.1
# The stage a formal resolution reaches (Cafcass last).
REACHED = {1: 0.80, 2: 0.12, 3: 0.05, 4: 0.02, 5: 0.01}
RESPONSES_IN_TIME = 0.85
# Seed 002, paragraph 7.3: how often each theme came up (the rest spread thinly).
THEME_WEIGHTS = {
    "Drift and delay in the plan": 39,
    "No care plan or pathway plan": 28,
    "Risks not addressed effectively": 17,
    "Child not seen or not seen at home": 14,
    "No health assessment": 10,
    "Care plan presented on the day of the review": 10,
    "Contact arrangements / lack of family contact": 5,
    "Permanence plan: assessments not progressing": 5,
    "No PEP": 3,
    "Outstanding actions from the review": 12,
    "Care or pathway plan not updated": 12,
    "Placement not meeting needs": 4,
    "Delay in allocation / unallocated case": 4,
    "Other": 10,
}
# Seed 001: chronology and unrecorded visits were the commonest QoP reasons.
QOP_WEIGHTS = {
    "No chronology or chronology not up to date": 70,
    "Visit done but not recorded": 64,
    "Care plan not updated": 20,
    "Social worker report late or not shared": 15,
    "Assessment out of date": 12,
    "Case summary not up to date": 10,
    "Other": 5,
}
# What the IRO writes (to the child) for each theme: the concern and what they ask for.
WORDING = {
    "Drift and delay in the plan": (
        "Your plan has not moved forward since your last review, and you are still waiting "
        "to know where you will live in the long term.",
        "A date for the permanence planning meeting.",
    ),
    "No care plan or pathway plan": (
        "You do not have a care plan that says what will happen for you.",
        "A care plan agreed within 10 working days and shared with you and your carers.",
    ),
    "Care or pathway plan not updated": (
        "Your care plan has not been updated since your review, so the people looking after "
        "you do not have an up-to-date plan.",
        "An updated care plan within 10 working days.",
    ),
    "Care plan presented on the day of the review": (
        "Your care plan was only shared on the day of your review, so you could not read it first.",
        "The care plan shared with you three working days before your next review.",
    ),
    "Risks not addressed effectively": (
        "The worries about your safety raised at your review have not been acted on.",
        "A safety plan agreed with you and your carers within 5 working days.",
    ),
    "Child not seen or not seen at home": (
        "Your social worker has not visited you at home within the timescale.",
        "A visit to you at home, and your bedroom seen, within 5 working days.",
    ),
    "No health assessment": (
        "You have not had your health assessment, which was due before your review.",
        "The health assessment booked and the date shared with your carers.",
    ),
    "Contact arrangements / lack of family contact": (
        "You have not seen your brother and sister as agreed at your review.",
        "Contact with your brother and sister arranged within 10 working days.",
    ),
    "Permanence plan: assessments not progressing": (
        "The assessment of your aunt as your carer has not started.",
        "The assessment started, with a date for it to finish.",
    ),
    "No PEP": (
        "Your personal education plan has not been reviewed this term.",
        "A PEP meeting before the end of term.",
    ),
    "Outstanding actions from the review": (
        "The actions agreed at your review have not happened.",
        "The outstanding actions completed, with dates, by the next review.",
    ),
    "Placement not meeting needs": (
        "Your home is a long way from your school and you are tired from travelling.",
        "A placement planning meeting to look at your travel and where you live.",
    ),
    "Delay in allocation / unallocated case": (
        "You have not had a named social worker for six weeks.",
        "A social worker allocated to you within 5 working days.",
    ),
}
RESPONSES = [
    "Agreed. The social worker will complete this and I will check it in supervision.",
    "The meeting is booked; I have asked the social worker to share the outcome with you.",
    "Partly agreed: the assessment is under way and will be completed by the date set.",
]


def _count(rng: random.Random, expected: float) -> int:
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def _pick(rng: random.Random, weights: Mapping[str, float], names: Mapping[str, int]) -> int:
    available = {k: v for k, v in weights.items() if k in names}
    return names[rng.choices(list(available), weights=list(available.values()))[0]]


def write_resolutions(children: list[Child], *, seed: int, today: date) -> None:
    from resolutions.seeds import ensure_lists

    ensure_lists()
    rng = random.Random(f"resolutions-{seed}")
    calendar = WorkingCalendar()
    ids = [c.pk for c in children]
    themes = dict(Theme.objects.values_list("name", "pk"))
    reasons = dict(QopReason.objects.values_list("name", "pk"))
    if not themes or not reasons:
        return
    users = {u.username: u for u in User.objects.filter(username__in=["iro", "team.manager"])}
    seniors = list(
        User.objects.filter(role__in=[Role.SENIOR_MANAGER, Role.IRO_MANAGER])
        .order_by("role", "pk")
        .values_list("pk", flat=True)
    )
    managers = dict(
        User.objects.filter(managed_teams__isnull=False).values_list("managed_teams", "pk")
    )

    by_kind: dict[tuple[int, str], list[tuple[int | None, int | None, date, date | None]]] = {}
    for child_id, kind, worker_id, team_id, start, end in (
        Allocation.objects.filter(child_id__in=ids)
        .order_by("start_date", "pk")
        .values_list("child_id", "kind", "worker_id", "team_id", "start_date", "end_date")
    ):
        by_kind.setdefault((child_id, kind), []).append((worker_id, team_id, start, end))

    def held_by(child_id: int, kind: str, on: date) -> tuple[int | None, int | None] | None:
        for worker, team, start, end in reversed(by_kind.get((child_id, kind), [])):
            if start <= on and (end is None or on < end):
                return worker, team
        return None

    usable = {k: v for k, v in THEME_WEIGHTS.items() if k in themes}
    theme_names, theme_weights = list(usable), list(usable.values())
    resolutions: list[Resolution] = []
    stages: list[list[ResolutionStage]] = []
    chosen_themes: list[list[int]] = []
    qops: list[tuple[QopForm, list[int], int | None]] = []

    def working_after(day: date, lo: int, hi: int) -> date:
        return calendar.add_working_days(day, rng.randint(lo, hi))

    def add(
        child_id: int, iro: int, raised: date, kind: str, responder: int | None, reached: int
    ) -> int:
        n = rng.choice([1, 1, 1, 2])
        names = [rng.choices(theme_names, weights=theme_weights)[0] for _ in range(n)]
        picked = {themes[name] for name in names}
        concern, requested = WORDING.get(names[0], WORDING["Outstanding actions from the review"])
        resolution = Resolution(
            child_id=child_id,
            raised_by_id=iro,
            raised_on=raised,
            kind=kind,
            concern=concern,
            requested=requested,
        )
        rows: list[ResolutionStage] = []
        started = raised
        first = Stage.INFORMAL if kind == Kind.INFORMAL else Stage.STAGE_1
        last_day: date | None = None
        for number in range(first, reached + 1):
            if number == Stage.CAFCASS:
                who = None
            elif number == Stage.STAGE_1:
                who = responder
            elif number == Stage.INFORMAL:
                who = None
            else:
                who = rng.choice(seniors) if seniors else responder
            days = rng.randint(1, 10) if rng.random() < RESPONSES_IN_TIME else rng.randint(11, 20)
            answered = calendar.add_working_days(started, days)
            stage = ResolutionStage(stage=number, responder_id=who, started_on=started)
            if answered < today:
                stage.responded_on = answered
                stage.response = rng.choice(RESPONSES)
                stage.outcome = (
                    StageOutcome.AGREED if number == reached else StageOutcome.PARTLY_AGREED
                )
                last_day = answered
            rows.append(stage)
            if stage.responded_on is None:
                break
            started = working_after(answered, 1, 5)
            if started >= today:
                break
        if last_day is not None and len(rows) == reached - first + 1 and rows[-1].responded_on:
            resolved = working_after(last_day, 0, 10)
            if resolved < today:
                resolution.status = Status.RESOLVED
                resolution.resolved_on = resolved
                resolution.outcome = "The actions asked for were agreed and have been completed."
                closed = resolved + timedelta(days=rng.randint(14, 60))
                if closed < today:
                    resolution.status = Status.CLOSED
                    resolution.closed_on = closed
                    resolution.impact = (
                        "The plan is moving again and the child knows what is happening."
                    )
                    resolution.letter = (
                        "I am your Independent Reviewing Officer. I asked the council to "
                        f"put something right for you: {resolution.requested} This has now "
                        "been done."
                    )
        resolutions.append(resolution)
        stages.append(rows)
        chosen_themes.append(sorted(picked))
        return len(resolutions) - 1

    reached_choices, reached_weights = list(REACHED), list(REACHED.values())
    for child_id, start, end in (
        PeriodOfCare.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date")
        .values_list("child_id", "start_date", "end_date")
    ):
        last = min(end or today, today)
        first_day = start + timedelta(days=28)
        if last <= first_day:
            continue
        years = (last - first_day).days / 365.25

        def on_a_day(first_day: date = first_day, last: date = last) -> date:
            return first_day + timedelta(days=rng.randint(0, (last - first_day).days - 1))

        for kind, rate in (
            (Kind.FORMAL, FORMAL_PER_CHILD_YEAR),
            (Kind.INFORMAL, INFORMAL_PER_CHILD_YEAR),
        ):
            for _ in range(_count(rng, years * rate)):
                raised = on_a_day()
                iro = held_by(child_id, AllocationKind.IRO, raised)
                team = held_by(child_id, AllocationKind.TEAM, raised)
                if iro is None or iro[0] is None:
                    continue
                responder = managers.get(team[1]) if team and team[1] else None
                if kind == Kind.FORMAL and responder is None:
                    continue
                reached = (
                    rng.choices(reached_choices, weights=reached_weights)[0]
                    if kind == Kind.FORMAL
                    else Stage.INFORMAL
                )
                add(child_id, iro[0], raised, kind, responder, reached)
        for _ in range(_count(rng, years * QOP_PER_CHILD_YEAR)):
            raised = on_a_day()
            iro = held_by(child_id, AllocationKind.IRO, raised)
            sw = held_by(child_id, AllocationKind.SOCIAL_WORKER, raised)
            if iro is None or iro[0] is None or sw is None or sw[0] is None:
                continue
            form = QopForm(
                child_id=child_id,
                raised_by_id=iro[0],
                raised_on=raised,
                details="Please bring the record up to date before the next review.",
                recipient_id=sw[0],
            )
            answered = working_after(raised, 1, 15)
            if answered < today:
                form.responded_on = answered
                form.response = "Done: the record is now up to date."
            picked = sorted(
                {_pick(rng, QOP_WEIGHTS, reasons) for _ in range(rng.choice([1, 1, 2]))}
            )
            escalated = None
            team = held_by(child_id, AllocationKind.TEAM, raised)
            responder = managers.get(team[1]) if team and team[1] else None
            later = working_after(raised, 5, 15)
            if rng.random() < QOP_ESCALATED and responder and later < today:
                escalated = add(child_id, iro[0], later, Kind.FORMAL, responder, 1)
            qops.append((form, picked, escalated))

    # A few open now, awaiting the demo team manager's response.
    team_manager = users.get("team.manager")
    if team_manager is not None:
        teams = [t for t, m in managers.items() if m == team_manager.pk]
        held_now = [
            child_id
            for (child_id, kind), rows in by_kind.items()
            if kind == AllocationKind.TEAM
            and any(t in teams and s <= today and (e is None or today < e) for _, t, s, e in rows)
            and held_by(child_id, AllocationKind.IRO, today)
        ]
        looked_after = set(
            PeriodOfCare.objects.filter(child_id__in=held_now, end_date__isnull=True).values_list(
                "child_id", flat=True
            )
        )
        for child_id in sorted(looked_after)[:3]:
            iro = held_by(child_id, AllocationKind.IRO, today)
            assert iro is not None and iro[0] is not None
            add(
                child_id,
                iro[0],
                calendar.add_working_days(today, -rng.randint(1, 12)),
                Kind.FORMAL,
                team_manager.pk,
                1,
            )
            stages[-1][-1].responded_on = None
            stages[-1][-1].response = ""
            stages[-1][-1].outcome = ""
            stages[-1][1:] = []
            resolutions[-1].status = Status.OPEN
            resolutions[-1].resolved_on = resolutions[-1].closed_on = None
            resolutions[-1].outcome = resolutions[-1].impact = resolutions[-1].letter = ""

    bulk.bulk_create_with_history(resolutions, Resolution)
    stage_rows = []
    for resolution, rows in zip(resolutions, stages, strict=True):
        for row in rows:
            row.resolution_id = resolution.pk
            stage_rows.append(row)
    bulk.bulk_create_with_history(stage_rows, ResolutionStage)
    Resolution.themes.through.objects.bulk_create(
        [
            Resolution.themes.through(resolution_id=r.pk, theme_id=t)
            for r, picked in zip(resolutions, chosen_themes, strict=True)
            for t in picked
        ],
        batch_size=5000,
    )
    forms = []
    for form, _, escalated in qops:
        if escalated is not None:
            form.escalated_to_id = resolutions[escalated].pk
        forms.append(form)
    bulk.bulk_create_with_history(forms, QopForm)
    QopForm.reasons.through.objects.bulk_create(
        [
            QopForm.reasons.through(qopform_id=f.pk, qopreason_id=r)
            for f, (_, picked, _) in zip(forms, qops, strict=True)
            for r in picked
        ],
        batch_size=5000,
    )
