"""Demo health histories: for every period of care in the demo, the initial health
assessment (about 60% in 20 working days, the late ones with a reason, as seed 002
reports), review health assessments (about 85% of children up to date), dental checks
(about 80%), optician checks, immunisation checks (about 85% up to date), substance
misuse for teenagers, SDQs for the children in the cohort (about 75% scored, some with a
903 reason, the rest missing: those due in the last 6 months are still missing, older
ones were given a reason for the SSDA903 return) and leaving care health summaries for
most 18-year-olds.

Called once from demo.builder.build_demo, after the other builders and before the
deadlines are recomputed; its own random stream, so the rest of the demo is the same
with or without it. Bulk writes with history, a few per table, for 10,000 children.
"""

import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from children.models import Child, PeriodOfCare
from deadlines.calendar import WorkingCalendar
from deadlines.rules import birthday
from demo import bulk
from health.deadline_rules import rha_interval_months
from health.models import (
    DentalCheck,
    HealthSummary,
    IhaLatenessReason,
    ImmunisationCheck,
    InitialHealthAssessment,
    OpticianCheck,
    ReviewHealthAssessment,
    Sdq,
    SubstanceMisuseRecord,
)

IHA_IN_TIME = 0.6
NOTIFIED_IN_TIME = 0.8
RHA_UP_TO_DATE = 0.85
DENTAL_UP_TO_DATE = 0.8
IMMUNISATIONS_UP_TO_DATE = 0.85
SDQ_SCORED = 0.75
SDQ_REASON = 0.10
# An SDQ missed (not scored, no reason) stays missing only if it fell due in the last
# 6 months and after the latest 31 March: older ones, and any of a collection year that
# has come to its end, were chased for that year's SSDA903 return (OC2, DfE rules 186
# and 197B) and given a reason.
SDQ_CHASED_MONTHS = 6
SUMMARY_ISSUED = 0.8

PRACTITIONERS = [
    "Dr Aisha Rahman",
    "Dr Tom Whitfield",
    "Dr Priya Nair",
    "Dr Samuel Okafor",
    "Dr Helen Brooks",
    "Dr Marek Nowak",
]
ORGANISATIONS = [
    "Harbourside Community Health (demo)",
    "Harbourside Children's Hospital Paediatrics (demo)",
    "Northshore Looked After Children's Health Team (demo)",
]
OUT_OF_AREA = ["Westvale Community Health (demo)", "Eastmoor NHS Trust (demo)"]
OUTCOMES = [
    "Healthy; growth and development on track.",
    "Eczema: emollients prescribed; GP review in 3 months.",
    "Asthma: inhaler technique reviewed; GP asthma review booked.",
    "Dental decay noted; referral to community dental service.",
    "Speech and language delay: referral to SALT.",
    "Low mood reported; referral to CAMHS discussed with carer.",
    "Immunisations incomplete: catch-up plan agreed with the practice nurse.",
    "Vision concerns: optician appointment to be booked.",
]
ACTIONS = [
    "Carer to register the child with a local GP and dentist.",
    "Social worker to share the health plan at the first review.",
    "Catch-up immunisations at the practice.",
    "CAMHS referral; school nurse to follow up.",
    "Dental appointment within 4 weeks.",
    "Optician appointment; hearing test.",
]
# Lateness reasons and how often each is the cause (seed 002's ICB report: late
# notification and health capacity lead).
LATENESS_WEIGHTS = {
    "Late notification to health": 5,
    "Missed appointment": 4,
    "Health capacity (no appointment available)": 4,
    "Consent delayed": 3,
    "Placed out of area": 3,
    "Child missing": 1,
    "Hospital stay": 1,
    "Child or carer declined or rearranged the appointment": 2,
}
SDQ_REASONS = ["SDQ2", "SDQ3", "SDQ4", "SDQ5"]
SDQ_REASON_WEIGHTS = [3, 1, 2, 3]


def write_health(children: list[Child], *, seed: int, today: date) -> None:
    from health.services import ensure_lateness_reasons

    year_end = date(today.year if (today.month, today.day) >= (3, 31) else today.year - 1, 3, 31)
    chased_until = max(today - relativedelta(months=SDQ_CHASED_MONTHS), year_end)

    rng = random.Random(f"health-{seed}")
    ensure_lateness_reasons()
    calendar = WorkingCalendar()
    reasons = {r.name: r.pk for r in IhaLatenessReason.objects.filter(active=True)}
    reason_names = [n for n in LATENESS_WEIGHTS if n in reasons] or list(reasons)
    reason_weights = [LATENESS_WEIGHTS.get(n, 1) for n in reason_names]
    ids = [c.pk for c in children]
    born = dict(Child.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))

    ihas: list[InitialHealthAssessment] = []
    rhas: list[ReviewHealthAssessment] = []
    dental: list[DentalCheck] = []
    optician: list[OpticianCheck] = []
    jabs: list[ImmunisationCheck] = []
    substance: list[SubstanceMisuseRecord] = []
    sdqs: list[Sdq] = []
    summaries: list[HealthSummary] = []

    for period_id, child_id, start, end in (
        PeriodOfCare.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date")
        .values_list("pk", "child_id", "start_date", "end_date")
    ):
        if start > today:
            continue
        dob = born[child_id]
        # Records are made while the child is looked after, and none after today.
        last_day = today if end is None else min(today, max(start, end - timedelta(days=1)))
        is_open = end is None

        # --- the initial health assessment -------------------------------------------
        notified: date | None = calendar.add_working_days(
            start,
            rng.randint(0, 5) if rng.random() < NOTIFIED_IN_TIME else rng.randint(6, 15),
        )
        in_time = rng.random() < IHA_IN_TIME
        completed: date | None = calendar.add_working_days(
            start, rng.randint(8, 20) if in_time else rng.randint(21, 50)
        )
        reason_id = None
        if not in_time:
            reason_id = reasons[rng.choices(reason_names, reason_weights)[0]]
        if completed is not None and completed > last_day:
            completed, reason_id = None, None
        if notified is not None and notified > last_day:
            if not is_open:
                continue
            notified = None
        requested = calendar.add_working_days(notified, rng.randint(0, 2)) if notified else None
        returned = None
        if completed is not None:
            returned = completed + timedelta(days=rng.randint(3, 25))
            if returned > today:
                returned = None
        appointment = completed or (
            calendar.add_working_days(requested, rng.randint(10, 20)) if requested else None
        )
        ihas.append(
            InitialHealthAssessment(
                child_id=child_id,
                period_id=period_id,
                notified_on=notified,
                consent_on=notified,
                requested_on=requested if requested and requested <= today else None,
                appointment_on=appointment,
                completed_on=completed,
                practitioner=rng.choice(PRACTITIONERS) if completed else "",
                organisation=rng.choice(ORGANISATIONS) if completed else "",
                returned_on=returned,
                outcome=rng.choice(OUTCOMES) if completed else "",
                health_plan_actions=rng.choice(ACTIONS) if completed else "",
                lateness_reason_id=reason_id,
            )
        )

        # --- review health assessments ------------------------------------------------
        assessed: list[date] = []
        if completed is not None:
            last = completed
            while True:
                due = last + relativedelta(months=rha_interval_months(dob, last))
                on = due - timedelta(days=rng.randint(0, 28))
                if rng.random() < 0.1:
                    on = due + timedelta(days=rng.randint(1, 60))
                if on > last_day:
                    break
                assessed.append(on)
                last = on
            if is_open and rng.random() > RHA_UP_TO_DATE:
                # Behind: the latest ones were not done.
                while (
                    assessed
                    and assessed[-1] + relativedelta(months=rha_interval_months(dob, assessed[-1]))
                    >= today
                ):
                    assessed.pop()
        for on in assessed:
            age = (on - dob).days // 365
            assessor = (
                "health_visitor" if age < 5 else ("school_nurse" if age < 16 else "lac_nurse")
            )
            if rng.random() < 0.12:
                assessor = "out_of_area"
            rhas.append(
                ReviewHealthAssessment(
                    child_id=child_id,
                    assessed_on=on,
                    assessor=assessor,
                    organisation=rng.choice(
                        OUT_OF_AREA if assessor == "out_of_area" else ORGANISATIONS
                    ),
                    outcome=rng.choice(OUTCOMES),
                )
            )

        # --- immunisations: checked at each health assessment -------------------------
        for on in ([completed] if completed else []) + assessed:
            jabs.append(
                ImmunisationCheck(
                    child_id=child_id,
                    checked_on=on,
                    up_to_date=rng.random() < IMMUNISATIONS_UP_TO_DATE,
                )
            )
            if (on - dob).days >= 11 * 365 and rng.random() < 0.5:
                identified = rng.random() < 0.06
                substance.append(
                    SubstanceMisuseRecord(
                        child_id=child_id,
                        recorded_on=on,
                        identified=identified,
                        intervention=rng.choice(["received", "received", "declined", "not_offered"])
                        if identified
                        else "",
                    )
                )

        # --- dental and optician checks -----------------------------------------------
        checks: list[date] = []
        due = start + relativedelta(months=12)
        while True:
            on = due - timedelta(days=rng.randint(0, 150))
            if rng.random() < 0.08:
                on = due + timedelta(days=rng.randint(1, 60))
            if on > last_day or on < start:
                break
            checks.append(on)
            due = on + relativedelta(months=12)
        if is_open and rng.random() > DENTAL_UP_TO_DATE:
            while checks and checks[-1] + relativedelta(months=12) >= today:
                checks.pop()
        dental += [DentalCheck(child_id=child_id, checked_on=on) for on in checks]
        if checks and rng.random() < 0.7:
            on = checks[-1] + timedelta(days=rng.randint(1, 40))
            if on <= last_day:
                optician.append(OpticianCheck(child_id=child_id, checked_on=on))

        # --- SDQs ---------------------------------------------------------------------
        leaves_cohort = birthday(dob, 17)
        joins = birthday(dob, 4)
        due = max(start + relativedelta(months=12), joins)
        while due < leaves_cohort and due <= last_day:
            draw = rng.random()
            # Never before the 4th birthday: the questionnaire is for children from 4.
            on = max(due - timedelta(days=rng.randint(0, 45)), joins)
            if on < start or on > last_day:
                break
            missed = draw >= SDQ_SCORED + SDQ_REASON
            if missed and due > chased_until:
                break  # missing now: nothing more this period
            if draw < SDQ_SCORED:
                score = max(0, min(40, round(rng.gauss(14, 7))))
                sdqs.append(Sdq(child_id=child_id, completed_on=on, score=score, reason=""))
            else:
                # One missed longer ago was chased for that year's SSDA903 return and
                # recorded with its reason; with none better known, SDQ4 (other).
                reason = "SDQ4" if missed else rng.choices(SDQ_REASONS, SDQ_REASON_WEIGHTS)[0]
                sdqs.append(Sdq(child_id=child_id, completed_on=on, score=None, reason=reason))
            due = on + relativedelta(months=12)

        # --- leaving care health summary ----------------------------------------------
        shows_from = dob + relativedelta(years=17, months=6)
        eighteenth = birthday(dob, 18)
        reaches = is_open or (end is not None and end >= eighteenth)
        if shows_from <= last_day and reaches and rng.random() < SUMMARY_ISSUED:
            on = min(
                shows_from + timedelta(days=rng.randint(0, 170)), eighteenth - timedelta(days=1)
            )
            if start <= on <= last_day:
                summaries.append(HealthSummary(child_id=child_id, issued_on=on))

    for objs, model in (
        (ihas, InitialHealthAssessment),
        (rhas, ReviewHealthAssessment),
        (dental, DentalCheck),
        (optician, OpticianCheck),
        (jabs, ImmunisationCheck),
        (substance, SubstanceMisuseRecord),
        (sdqs, Sdq),
        (summaries, HealthSummary),
    ):
        bulk.bulk_create_with_history(_one_a_day(objs), model)


def _one_a_day(objs: list) -> list:
    """At most one record of a kind per child and day (two periods of care can meet on
    the day one ends and the next begins)."""
    date_field = next(
        (
            f
            for f in ("assessed_on", "checked_on", "recorded_on", "completed_on", "issued_on")
            if objs and hasattr(objs[0], f)
        ),
        None,
    )
    if date_field is None or isinstance(objs[0], InitialHealthAssessment):
        return objs
    seen: set[tuple[int, date]] = set()
    kept = []
    for obj in objs:
        marker = (obj.child_id, getattr(obj, date_field))
        if marker not in seen:
            seen.add(marker)
            kept.append(obj)
    return kept
