"""Demo data for the IRO service: what was recorded about each review held (format,
how the child's views were obtained, the parents' part, the care plan's rating, why a
late review was late, the chair), its recommendations and their progress, when the
recommendations were issued and the minutes distributed, letters to children, midway
reviews, and bookings for the reviews coming up.

Called once by `demo.builder.build_demo`, after the reviews are written and before the
deadlines are recomputed. Its own random stream (`reviews-work-<seed>`), so the rest of
the demo is the same with or without it. Set-based: the reviews' details are written
with one UPDATE from a COPY on PostgreSQL; everything else is bulk-created with history.
"""

import random
from collections import defaultdict
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from children.models import Allocation, AllocationKind, Child, PeriodOfCare
from deadlines.calendar import WorkingCalendar
from deadlines.rules import ChildFacts, RuleContext, RuleSettings
from demo import bulk
from reviews.deadline_rules import ReviewFact, cic_review

FORMATS = (["in_person", "virtual", "hybrid"], [70, 20, 10])
PARENTS = (["attended", "views_only", "did_not_take_part", "not_invited"], [45, 20, 20, 15])
RATINGS = (["green", "amber", "red"], [75, 20, 5])
RATING_REASONS = [
    "Permanence plan not yet agreed",
    "Life story work has not started",
    "Delay in the health assessment",
    "Contact arrangements not reviewed since the last review",
    "Education plan (PEP) out of date",
    "Placement stability concerns raised by the carer",
]
# How the child's views were obtained, by how they took part (PN codes).
VIEWS = {
    "PN0": (["carer_or_sw", "met_iro_before"], [80, 20]),
    "PN1": (["spoke_at_review", "met_iro_before"], [75, 25]),
    "PN2": (["advocate", "spoke_at_review"], [80, 20]),
    "PN3": (["spoke_at_review", "carer_or_sw"], [50, 50]),
    "PN4": (["carer_or_sw", "not_given"], [40, 60]),
    "PN5": (["advocate"], [100]),
    "PN6": (["met_iro_before", "consultation", "carer_or_sw"], [40, 35, 25]),
    "PN7": (["not_given"], [100]),
}
RECOMMENDATIONS = [
    "Complete life story work with the child",
    "Arrange the review health assessment",
    "Update the personal education plan with the school",
    "Book a dental check",
    "Review the contact arrangements with the family",
    "Refer to the advocacy service",
    "Complete the permanence report for the next review",
    "Update the chronology on the child's record",
    "Apply for the child's passport",
    "Arrange an independent visitor",
    "Complete the Strengths and Difficulties Questionnaire",
    "Agree a plan for the child's hobbies and activities",
    "Share the care plan with the carer",
    "Complete a placement stability meeting",
]
LETTERS = [
    "Thank you for talking with me before your review. Everyone agreed that you are "
    "settled where you live and doing well at school.\n\nWe agreed that your social worker "
    "will help you with your life story book, and that we will meet again in six months.",
    "It was good to see you at your review. You told us that you would like to see your "
    "brother more often, and your social worker is going to look at how that can happen."
    "\n\nIf you want to talk to me before your next review, ask your carer to call me.",
    "I am sorry you did not feel like coming to your review this time. Your carer shared "
    "your views with us.\n\nWe agreed to arrange your dental check and to look at a club "
    "you might like to join. I will check how these are going before your next review.",
]
VENUES = ["Harbour House, meeting room 2", "The child's school", "The carer's home", "Civic Centre"]
TIMES = [time(9, 30), time(10), time(11), time(13, 30), time(14), time(15, 30)]


def _allocated(rows, child_id: int, on: date) -> int | None:
    """The worker allocated to the child on `on` (else the first)."""
    allocated = rows.get(child_id)
    if not allocated:
        return None
    for worker, start, end in reversed(allocated):
        if start <= on and (end is None or on < end):
            return worker
    return allocated[0][0]


def write_review_work(children: list[Child], *, seed: int, today: date) -> None:
    from reviews.models import (
        DEFAULT_LATENESS_REASONS,
        Invitee,
        LatenessReason,
        MidwayReview,
        Recommendation,
        Review,
        ReviewBooking,
    )

    rng = random.Random(f"reviews-work-{seed}")
    calendar = WorkingCalendar()
    ctx = RuleContext(today, calendar, RuleSettings())
    ids = [c.pk for c in children]
    first_names = dict(Child.objects.filter(pk__in=ids).values_list("pk", "first_name"))
    workers: dict[str, dict[int, list]] = {"iro": defaultdict(list), "sw": defaultdict(list)}
    for kind, child_id, worker_id, start, end in (
        Allocation.objects.filter(
            child_id__in=ids, kind__in=[AllocationKind.IRO, AllocationKind.SOCIAL_WORKER]
        )
        .order_by("start_date", "pk")
        .values_list("kind", "child_id", "worker_id", "start_date", "end_date")
    ):
        workers["iro" if kind == AllocationKind.IRO else "sw"][child_id].append(
            (worker_id, start, end)
        )
    if not LatenessReason.objects.exists():
        # A database emptied since its migrations ran (a test's flush): the seeded list.
        bulk_create_with_history(
            [
                LatenessReason(name=name, order=10 * n)
                for n, name in enumerate(DEFAULT_LATENESS_REASONS, start=1)
            ],
            LatenessReason,
        )
    reasons = list(LatenessReason.objects.filter(active=True).values_list("pk", flat=True))
    reason_weights = [12, 10, 4, 10, 8, 5, 8, 4, 6, 2, 3][: len(reasons)] + [3] * max(
        0, len(reasons) - 11
    )
    periods = {
        pk: (child_id, start, end)
        for pk, child_id, start, end in PeriodOfCare.objects.filter(child_id__in=ids).values_list(
            "pk", "child_id", "start_date", "end_date"
        )
    }
    # Reviews stop at 18 (deadlines.rules.until_eighteen): the rule needs the birthday.
    born = dict(
        PeriodOfCare.objects.filter(child_id__in=ids).values_list(
            "child_id", "child__date_of_birth"
        )
    )
    by_period: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        Review.objects.filter(child_id__in=ids)
        .order_by("held_on", "pk")
        .values_list("pk", "period_id", "held_on", "next_review_directed_by", "participation")
    ):
        by_period[row[1]].append(row)

    updates: list[tuple] = []
    recommendations: list[Recommendation] = []
    midways: list[MidwayReview] = []
    bookings: list[ReviewBooking] = []
    invitees: list[tuple[int, str, str]] = []  # (booking index, name, role)
    for period_id in sorted(periods):
        child_id, start, end = periods[period_id]
        held = by_period.get(period_id, [])
        facts = ChildFacts(
            child_id=child_id,
            date_of_birth=born[child_id],
            period_id=period_id,
            period_start=start,
            reviews=[ReviewFact(pk, on, directed) for pk, _, on, directed, _ in held],
        )
        occasions = list(cic_review(facts, ctx))
        dues = {d.met_by: d.due_date for d in occasions}
        next_due = next((d.due_date for d in occasions if d.met_on is None), None)
        for number, (pk, _, held_on, directed, participation) in enumerate(held, start=1):
            # A review held before 18 whose occasion would have fallen due at 18 or later: in time.
            due = dues.get(f"reviews.review:{pk}", held_on)
            iro = _allocated(workers["iro"], child_id, held_on)
            views_choices, views_weights = VIEWS.get(participation, VIEWS["PN6"])
            rating = rng.choices(*RATINGS)[0]
            issued = calendar.add_working_days(
                held_on, rng.randint(1, 5) if rng.random() < 0.85 else rng.randint(6, 12)
            )
            minutes = calendar.add_working_days(
                held_on, rng.randint(8, 20) if rng.random() < 0.80 else rng.randint(21, 35)
            )
            letter = rng.choice(LETTERS) if rng.random() < 0.3 else ""
            updates.append(
                (
                    pk,
                    rng.choices(*FORMATS)[0],
                    rng.choices(views_choices, views_weights)[0],
                    rng.choices(*PARENTS)[0],
                    rating,
                    rng.choice(RATING_REASONS) if rating != "green" else "",
                    rng.choices(reasons, reason_weights)[0] if held_on > due and reasons else None,
                    iro,
                    issued if issued <= today else None,
                    minutes if minutes <= today else None,
                    letter,
                )
            )
            owner_default = _allocated(workers["sw"], child_id, held_on) or iro
            for _ in range(rng.randint(2, 5)):
                owner = iro if rng.random() < 0.1 and iro else owner_default
                if owner is None:
                    continue
                rec_due = held_on + timedelta(days=rng.randint(20, 120))
                status, completed = "open", None
                if rec_due < today or rng.random() < 0.3:
                    roll = rng.random()
                    if roll < 0.75:
                        status = "completed"
                        latest = min(rec_due + timedelta(days=14), today)
                        completed = held_on + timedelta(
                            days=rng.randint(1, max(1, (latest - held_on).days))
                        )
                        completed = min(completed, today)
                    elif roll < 0.83:
                        status = "not_completed"
                    elif roll < 0.90:
                        status = "no_longer_needed"
                recommendations.append(
                    Recommendation(
                        review_id=pk,
                        child_id=child_id,
                        text=rng.choice(RECOMMENDATIONS),
                        owner_id=owner,
                        due_date=rec_due,
                        status=status,
                        completed_on=completed,
                    )
                )
            # A midway review after a review on the 6-month cycle, most of the time.
            midway_due = held_on + relativedelta(months=3)
            following = held[number][2] if number < len(held) else None
            if (
                number >= 2
                and directed is None
                and midway_due <= today
                and (following is None or midway_due < following)
                and rng.random() < 0.85
            ):
                on = midway_due + timedelta(days=rng.randint(-14, 10))
                on = min(on, today, following - timedelta(days=1) if following else today)
                midways.append(
                    MidwayReview(
                        child_id=child_id,
                        review_id=pk,
                        held_on=on,
                        notes="Care plan progressing; recommendations reviewed with the "
                        "social worker.",
                        by_id=iro,
                    )
                )
        # The next review, booked when it is coming up in the next six weeks.
        if end is not None or next_due is None:
            continue
        if not (today - timedelta(days=7) <= next_due <= today + timedelta(days=42)):
            continue
        if rng.random() >= 0.85:
            continue
        earliest = max(today + timedelta(days=1), next_due - timedelta(days=21))
        on = earliest + timedelta(days=rng.randint(0, max(0, (next_due - earliest).days)))
        while not calendar.is_working_day(on):
            on += timedelta(days=1)
        invitations_due = calendar.add_working_days(on, -10)
        report_due = calendar.add_working_days(on, -3)
        sent = received = None
        if invitations_due <= today or rng.random() < 0.4:
            sent = calendar.add_working_days(
                invitations_due, -rng.randint(0, 3) if rng.random() < 0.85 else rng.randint(1, 3)
            )
            sent = min(sent, today)
        if report_due <= today and rng.random() < 0.8:
            received = min(calendar.add_working_days(report_due, -rng.randint(0, 2)), today)
        form = rng.choices(*FORMATS)[0]
        bookings.append(
            ReviewBooking(
                child_id=child_id,
                period_id=period_id,
                booked_for=on,
                starts_at=rng.choice(TIMES),
                format=form,
                venue=rng.choice(VENUES) if form != "virtual" else "",
                video_link="https://meet.example.org/harbour-review" if form != "in_person" else "",
                invitations_sent_on=sent,
                report_received_on=received,
                status="booked",
                booked_by_id=_allocated(workers["iro"], child_id, today),
            )
        )
        index = len(bookings) - 1
        invitees += [
            (index, first_names.get(child_id, "Child"), "child"),
            (index, "Foster carer", "carer"),
            (index, "Allocated social worker", "social_worker"),
        ]
        if rng.random() < 0.7:
            invitees.append((index, "Parent", "parent"))

    _update_reviews(updates)
    bulk.bulk_create_with_history(recommendations, Recommendation)
    bulk.bulk_create_with_history(midways, MidwayReview)
    bulk.bulk_create_with_history(bookings, ReviewBooking)
    bulk.bulk_create_with_history(
        [Invitee(booking_id=bookings[i].pk, name=name, role=role) for i, name, role in invitees],
        Invitee,
    )


UPDATED = [
    "format",
    "views_obtained",
    "parents_participation",
    "care_plan_rating",
    "care_plan_rating_reason",
    "lateness_reason_id",
    "chaired_by_id",
    "recommendations_issued_on",
    "minutes_distributed_on",
    "letter",
]


def _update_reviews(rows: list[tuple]) -> None:
    """Write the details of reviews the demo has just created, and the same into their
    creation history rows (so the history shows them as recorded). PostgreSQL: COPY
    into a temporary table and two UPDATEs; elsewhere an UPDATE per review and a "~"
    history row for each, as bulk_update_with_history writes them."""
    from reviews.models import Review

    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = []
        for pk, *values in rows:
            review = Review(pk=pk)
            for name, value in zip(UPDATED, values, strict=True):
                setattr(review, name, value)
            objs.append(review)
        reviews = {r.pk: r for r in Review.objects.filter(pk__in=[o.pk for o in objs])}
        for obj in objs:
            current = reviews[obj.pk]
            for name in UPDATED:
                setattr(current, name, getattr(obj, name))
        # What bulk_update_with_history writes (the rows, then a "~" history row for
        # each), without the ORM's bulk UPDATE, which builds a CASE per field over every
        # row of a batch: one parametrised UPDATE per review instead.
        fields = [f for f in Review._meta.concrete_fields if f.attname in UPDATED]
        assignments = ", ".join(f"{f.column} = %s" for f in fields)
        objs = list(reviews.values())
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Review._meta.db_table} SET {assignments} WHERE id = %s",  # noqa: S608
                [
                    [f.get_db_prep_save(getattr(r, f.attname), connection) for f in fields] + [r.pk]
                    for r in objs
                ],
            )
            Review.history.bulk_history_create(objs, update=True, default_change_reason=None)
        return
    history = Review.history.model._meta.db_table
    table = Review._meta.db_table
    columns = ", ".join(UPDATED)
    assignments = ", ".join(f"{c} = t.{c}" for c in UPDATED)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE reviews_demo_details ("
            "id bigint PRIMARY KEY, format varchar(20), views_obtained varchar(20), "
            "parents_participation varchar(20), care_plan_rating varchar(10), "
            "care_plan_rating_reason text, lateness_reason_id bigint, chaired_by_id bigint, "
            "recommendations_issued_on date, minutes_distributed_on date, letter text"
            ") ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY reviews_demo_details (id, {columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # Table and column names come from the models, never from input.
        cursor.execute(
            f"UPDATE {table} r SET {assignments} FROM reviews_demo_details t WHERE r.id = t.id"  # noqa: S608
        )
        cursor.execute(
            f"UPDATE {history} h SET {assignments} FROM reviews_demo_details t "  # noqa: S608
            "WHERE h.id = t.id AND h.history_type = '+'"
        )
        cursor.execute("DROP TABLE reviews_demo_details")
