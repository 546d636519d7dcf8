"""Recomputing deadlines from real records, as the social worker and IRO make them.

Children are registered and changed through the services (tests/children/builders.py,
children.services, casework.services, euss.services); the deadlines are then
recomputed for a given day. Dates are worked by hand as in test_rules.py: each
working day after day 0 is numbered, non-working days are in square brackets.
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Role
from casework.models import CarePlan
from casework.services import visit_record
from children import services as children_services
from children.models import AllocationKind, Child, Nationality
from children.services import Entry
from deadlines import services, triggers
from deadlines.models import Deadline, DeadlineStatus, PendingRecompute
from deadlines.services import recompute
from euss.models import EussStatus
from euss.services import EussDetails, euss_record_save
from reviews.models import Review
from tests.children.builders import move, placement, register
from tests.factories import UserFactory, allocator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("record_rules_only")]

# Looked after (and placed) Fri 6 Dec 2024. Day 0 is 6 December.
START = date(2024, 12, 6)
# IRO: Mon 9 (1), Tue 10 Dec 2024 (2).
IRO_DUE = date(2024, 12, 10)
# Visit: 7 calendar days, Fri 13 Dec 2024.
VISIT_DUE = date(2024, 12, 13)
# Care plan: Mon 9 (1) ... Fri 13 (5), Mon 16 (6) ... Fri 20 Dec 2024 (10).
PLAN_DUE = date(2024, 12, 20)
# First review: Mon 9 (1) ... Fri 20 (10), Mon 23 (11), Tue 24 (12), [25, 26] Fri 27 (13),
# Mon 30 (14), Tue 31 (15), [1 Jan] Thu 2 (16), Fri 3 (17), Mon 6 (18), Tue 7 (19),
# Wed 8 Jan 2025 (20).
REVIEW_DUE = date(2025, 1, 8)


@pytest.fixture
def iro(team_a):
    return UserFactory(username="iro.a", role=Role.IRO, team=team_a)


@pytest.fixture
def child(social_worker):
    """Looked after from Fri 6 Dec 2024, placed with the Smiths that day. Recorded with
    the triggers suspended: these tests recompute when they choose."""
    with triggers.suspended():
        return register(social_worker, START)


def rows(child: Child) -> dict[tuple[str, str], tuple]:
    return {
        (d.rule, d.key): (d.due_date, d.status, d.met_on, d.met_by)
        for d in Deadline.objects.filter(child=child)
    }


def deadline(child: Child, rule: str, key: str | None = None) -> Deadline:
    found = Deadline.objects.filter(child=child, rule=rule)
    if key is not None:
        found = found.filter(key=key)
    [row] = found
    return row


def snapshot() -> list[tuple]:
    return list(
        Deadline.objects.order_by("child_id", "rule", "key").values_list(
            "child_id", "rule", "key", "due_date", "status", "met_on", "met_by", "explanation"
        )
    )


def history_count() -> int:
    return Deadline.history.count()


# --- statuses -----------------------------------------------------------------------


def test_a_new_childs_deadlines_and_their_statuses_on_day_0(child):
    result = recompute(child_ids=[child.pk], today=START)
    period = child.periods_of_care.get()
    placed = child.placements.get()
    # Due soon: on or before Fri 20 Dec 2024, 10 working days after Fri 6 Dec.
    assert rows(child) == {
        ("iro_allocation", f"period:{period.pk}"): (IRO_DUE, "due_soon", None, ""),
        ("care_plan", f"period:{period.pk}"): (PLAN_DUE, "due_soon", None, ""),
        ("sw_visit", f"placement:{placed.pk}"): (VISIT_DUE, "due_soon", None, ""),
        ("cic_review", f"period:{period.pk}:review:1"): (REVIEW_DUE, "upcoming", None, ""),
    }
    assert (result.children, result.deadlines, result.created, result.updated) == (1, 4, 4, 0)
    assert deadline(child, "cic_review").explanation == (
        "First review due by 8 January 2025: 20 working days after becoming looked after "
        "on 6 December 2024 (reg 33)"
    )


def test_due_today_is_due_soon_and_the_day_after_is_overdue(child):
    recompute(child_ids=[child.pk], today=IRO_DUE)
    assert deadline(child, "iro_allocation").status == DeadlineStatus.DUE_SOON
    recompute(child_ids=[child.pk], today=date(2024, 12, 11))
    assert deadline(child, "iro_allocation").status == DeadlineStatus.OVERDUE
    assert deadline(child, "sw_visit").status == DeadlineStatus.DUE_SOON


def test_due_soon_means_within_10_working_days_over_christmas(child):
    # Thu 19 Dec 2024 (day 0): Fri 20 (1), Mon 23 (2), Tue 24 (3), [25, 26] Fri 27 (4),
    # Mon 30 (5), Tue 31 (6), [1 Jan] Thu 2 (7), Fri 3 (8), Mon 6 (9), Tue 7 Jan (10):
    # the first review on Wed 8 Jan is not yet due soon.
    recompute(child_ids=[child.pk], today=date(2024, 12, 19))
    assert deadline(child, "cic_review").status == DeadlineStatus.UPCOMING
    # Fri 20 Dec 2024 (day 0): ... Tue 7 Jan (9), Wed 8 Jan (10): due soon.
    recompute(child_ids=[child.pk], today=date(2024, 12, 20))
    assert deadline(child, "cic_review").status == DeadlineStatus.DUE_SOON
    assert deadline(child, "care_plan").status == DeadlineStatus.DUE_SOON  # due that day
    recompute(child_ids=[child.pk], today=date(2025, 1, 9))
    assert deadline(child, "cic_review").status == DeadlineStatus.OVERDUE


def test_a_deadline_met_by_a_record_is_met_whatever_the_day(child, iro, social_worker):
    allocation = children_services.allocation_change(
        child=child,
        kind=AllocationKind.IRO,
        worker=iro,
        start_date=date(2024, 12, 9),
        by=allocator(AllocationKind.IRO),
    )
    plan = CarePlan.objects.create(
        child=child, agreed_date=date(2024, 12, 23), recorded_by=social_worker
    )
    recompute(child_ids=[child.pk], today=date(2025, 2, 3))
    row = deadline(child, "iro_allocation")
    assert (row.status, row.met_on, row.met_by) == (
        DeadlineStatus.MET,
        date(2024, 12, 9),
        f"children.allocation:{allocation.pk}",
    )
    assert not row.met_late
    # Agreed Mon 23 Dec 2024, after its due date of Fri 20 Dec: met, late.
    row = deadline(child, "care_plan")
    assert (row.status, row.met_on, row.met_by) == (
        DeadlineStatus.MET,
        date(2024, 12, 23),
        f"casework.careplan:{plan.pk}",
    )
    assert row.met_late


def test_a_visit_moves_the_next_visit_on(child, social_worker):
    # Visited Wed 11 Dec 2024: 42 days later is Wed 22 Jan 2025 (11 Dec + 20 = 31 Dec,
    # + 22 = 22 Jan).
    recompute(child_ids=[child.pk], today=START)
    visit_record(
        child=child,
        visit_date=date(2024, 12, 11),
        seen_alone=True,
        bedroom_seen=True,
        visited_by=social_worker,
        by=social_worker,
    )
    recompute(child_ids=[child.pk], today=date(2024, 12, 11))
    row = deadline(child, "sw_visit")
    assert (row.due_date, row.status) == (date(2025, 1, 22), DeadlineStatus.UPCOMING)
    assert "last visit 11 December 2024" in row.explanation
    assert row.history.count() == 2


# --- idempotence --------------------------------------------------------------------


def test_recomputing_twice_changes_nothing(child, iro, social_worker):
    children_services.allocation_change(
        child=child,
        kind=AllocationKind.IRO,
        worker=iro,
        start_date=date(2024, 12, 9),
        by=allocator(AllocationKind.IRO),
    )
    recompute(child_ids=[child.pk], today=date(2024, 12, 16))
    before = list(Deadline.objects.order_by("pk").values())
    histories = history_count()
    result = recompute(child_ids=[child.pk], today=date(2024, 12, 16))
    assert list(Deadline.objects.order_by("pk").values()) == before
    assert history_count() == histories
    assert (result.created, result.updated, result.deadlines) == (0, 0, 4)


def test_a_new_day_writes_only_the_deadlines_whose_status_changed(child):
    recompute(child_ids=[child.pk], today=START)
    histories = history_count()
    # Wed 11 Dec 2024: only the IRO allocation (due 10 Dec) changes, to overdue.
    result = recompute(child_ids=[child.pk], today=date(2024, 12, 11))
    assert (result.created, result.updated) == (0, 1)
    assert history_count() == histories + 1
    row = deadline(child, "iro_allocation")
    assert row.history.first().status == DeadlineStatus.OVERDUE


# --- changes to the record ------------------------------------------------------------


def test_a_placement_change_after_the_visit_deadline_was_computed(child, social_worker):
    first = child.placements.get()
    recompute(child_ids=[child.pk], today=date(2024, 12, 9))
    old = deadline(child, "sw_visit")
    assert (old.key, old.due_date) == (f"placement:{first.pk}", VISIT_DUE)
    # Moves to the Joneses on Fri 20 Dec 2024, never visited at the Smiths.
    with triggers.suspended():
        second = move(child, social_worker, date(2024, 12, 20), "U4", "Jones")
    recompute(child_ids=[child.pk], today=date(2024, 12, 20))
    old.refresh_from_db()
    # The Smiths' visit was overdue, but the placement has ended: it no longer applies.
    assert (old.status, old.due_date) == (DeadlineStatus.NO_LONGER_APPLIES, VISIT_DUE)
    assert [h.status for h in old.history.order_by("history_id")] == [
        DeadlineStatus.DUE_SOON,
        DeadlineStatus.NO_LONGER_APPLIES,
    ]
    # Placed Fri 20 Dec 2024: first visit within 7 days, Fri 27 Dec 2024.
    new = deadline(child, "sw_visit", f"placement:{second.pk}")
    assert (new.due_date, new.status) == (date(2024, 12, 27), DeadlineStatus.DUE_SOON)
    # The care plan is still due from the first placement, not the new one.
    assert deadline(child, "care_plan").due_date == PLAN_DUE


def test_a_child_who_leaves_care_has_no_deadlines_left_open(child, iro, social_worker):
    children_services.allocation_change(
        child=child,
        kind=AllocationKind.IRO,
        worker=iro,
        start_date=date(2024, 12, 9),
        by=allocator(AllocationKind.IRO),
    )
    recompute(child_ids=[child.pk], today=date(2024, 12, 16))
    met_before = deadline(child, "iro_allocation")
    assert met_before.status == DeadlineStatus.MET
    # Goes home on Wed 18 Dec 2024.
    with triggers.suspended():
        children_services.period_of_care_end(
            child=child, end_date=date(2024, 12, 18), reason="E4A", by=social_worker
        )
    result = recompute(child_ids=[child.pk], today=date(2024, 12, 18))
    assert {key: value[1] for key, value in rows(child).items()} == {
        ("iro_allocation", f"period:{child.periods_of_care.get().pk}"): "met",
        ("care_plan", f"period:{child.periods_of_care.get().pk}"): "no_longer_applies",
        ("sw_visit", f"placement:{child.placements.get().pk}"): "no_longer_applies",
        ("cic_review", f"period:{child.periods_of_care.get().pk}:review:1"): "no_longer_applies",
    }
    assert (result.created, result.updated, result.deadlines) == (0, 3, 0)
    met_after = deadline(child, "iro_allocation")
    assert (met_after.met_on, met_after.changed_at) == (met_before.met_on, met_before.changed_at)
    # Nothing changes on later days.
    assert recompute(child_ids=[child.pk], today=date(2025, 3, 3)).updated == 0


def test_coming_back_into_care_starts_new_deadlines(child, social_worker):
    # First period: Fri 6 Dec 2024 to Wed 18 Dec 2024, with a care plan agreed Tue 17 Dec.
    CarePlan.objects.create(child=child, agreed_date=date(2024, 12, 17), recorded_by=social_worker)
    recompute(child_ids=[child.pk], today=date(2024, 12, 17))
    with triggers.suspended():
        children_services.period_of_care_end(
            child=child, end_date=date(2024, 12, 18), reason="E4A", by=social_worker
        )
    recompute(child_ids=[child.pk], today=date(2024, 12, 18))
    # Back in care Mon 6 Jan 2025. The plan of 17 Dec (20 days before) was the first
    # period's: this period's plan is still to be agreed.
    with triggers.suspended():
        period = children_services.period_of_care_start(
            child=child,
            entry=Entry(
                start_date=date(2025, 1, 6),
                category_of_need="N1",
                legal_status="V2",
                previous_permanence="Z1",
                placement=placement(date(2025, 1, 6), "U6", "Jones"),
            ),
            by=social_worker,
        )
    recompute(child_ids=[child.pk], today=date(2025, 1, 6))
    plan = deadline(child, "care_plan", f"period:{period.pk}")
    # Mon 6 Jan 2025: Tue 7 (1) ... Fri 10 (4), Mon 13 (5) ... Fri 17 (9), Mon 20 Jan (10).
    assert (plan.due_date, plan.status, plan.met_on) == (
        date(2025, 1, 20),
        DeadlineStatus.DUE_SOON,
        None,
    )
    # Mon 6 Jan 2025: ... Mon 20 (10), Tue 21 (11) ... Fri 24 (14), Mon 27 (15) ...
    # Fri 31 (19), Mon 3 Feb 2025 (20).
    review = deadline(child, "cic_review", f"period:{period.pk}:review:1")
    assert review.due_date == date(2025, 2, 3)
    # The first period's deadlines stay as they were left.
    first = child.periods_of_care.order_by("start_date").first()
    assert deadline(child, "care_plan", f"period:{first.pk}").status == DeadlineStatus.MET


def test_a_recorded_review_closes_its_occasion_and_opens_the_next(child):
    period = child.periods_of_care.get()
    recompute(child_ids=[child.pk], today=START)
    review = Review.objects.create(child=child, period=period, held_on=date(2025, 1, 7))
    recompute(child_ids=[child.pk], today=date(2025, 1, 7))
    first = deadline(child, "cic_review", f"period:{period.pk}:review:1")
    assert (first.status, first.met_on, first.met_by) == (
        DeadlineStatus.MET,
        date(2025, 1, 7),
        f"reviews.review:{review.pk}",
    )
    # Held Tue 7 Jan 2025: second by Mon 7 Apr 2025.
    second = deadline(child, "cic_review", f"period:{period.pk}:review:2")
    assert (second.due_date, second.status) == (date(2025, 4, 7), DeadlineStatus.UPCOMING)
    assert second.explanation == (
        "Second review due by 7 April 2025: 3 months after the first review on "
        "7 January 2025 (reg 33)"
    )


def test_an_early_review_directed_by_the_iro_through_the_engine(child):
    period = child.periods_of_care.get()
    Review.objects.create(child=child, period=period, held_on=date(2025, 1, 7))
    # At the second review, Thu 3 Apr 2025, the IRO directs the next by Tue 1 Jul 2025.
    Review.objects.create(
        child=child,
        period=period,
        held_on=date(2025, 4, 3),
        next_review_directed_by=date(2025, 7, 1),
    )
    recompute(child_ids=[child.pk], today=date(2025, 4, 3))
    assert deadline(child, "cic_review", f"period:{period.pk}:review:3").due_date == date(
        2025, 7, 1
    )
    # Held early on Mon 30 Jun 2025: the fourth is due 6 months later, Tue 30 Dec 2025.
    Review.objects.create(child=child, period=period, held_on=date(2025, 6, 30))
    recompute(child_ids=[child.pk], today=date(2025, 6, 30))
    assert deadline(child, "cic_review", f"period:{period.pk}:review:3").status == "met"
    fourth = deadline(child, "cic_review", f"period:{period.pk}:review:4")
    assert (fourth.due_date, fourth.status) == (date(2025, 12, 30), DeadlineStatus.UPCOMING)


def test_an_eu_nationals_application_is_tracked_until_made(child, social_worker):
    # Born 1 Jun 2015: 18 on 1 Jun 2033.
    Nationality.objects.create(child=child, country="PL")
    recompute(child_ids=[child.pk], today=START)
    row = deadline(child, "euss_apply")
    assert (row.key, row.due_date, row.status) == ("euss", date(2033, 6, 1), "upcoming")
    record = euss_record_save(
        child=child,
        details=EussDetails(
            status=EussStatus.APPLIED, identified_date=date(2024, 12, 9), coa_date=date(2025, 1, 14)
        ),
        by=social_worker,
        today=date(2025, 1, 14),
    )
    recompute(child_ids=[child.pk], today=date(2025, 1, 14))
    row.refresh_from_db()
    assert (row.status, row.met_on, row.met_by) == (
        DeadlineStatus.MET,
        date(2025, 1, 14),
        f"euss.eussrecord:{record.pk}",
    )


# --- every child, batches and crashes ---------------------------------------------------


@pytest.fixture
def three_children(social_worker, iro):
    """Three children in care from different days, with different records."""
    with triggers.suspended():
        a = register(social_worker, date(2024, 12, 6), la_reference="C1", first_name="Ada")
        b = register(social_worker, date(2025, 1, 13), la_reference="C2", first_name="Ben")
        c = register(social_worker, date(2025, 4, 14), la_reference="C3", first_name="Cal")
        children_services.allocation_change(
            child=b,
            kind=AllocationKind.IRO,
            worker=iro,
            start_date=date(2025, 1, 14),
            by=allocator(AllocationKind.IRO),
        )
        visit_record(
            child=c,
            visit_date=date(2025, 4, 17),
            seen_alone=True,
            bedroom_seen=False,
            visited_by=social_worker,
            by=social_worker,
        )
    return [a, b, c]


def test_the_full_recompute_gives_the_same_rows_as_one_child_at_a_time(three_children):
    today = date(2025, 4, 22)
    for one in three_children:
        recompute(child_ids=[one.pk], today=today)
    per_child = snapshot()
    assert len(per_child) == 12
    Deadline.objects.all().delete()
    result = recompute(today=today, batch_size=2)
    assert snapshot() == per_child
    assert (result.children, result.deadlines, result.created) == (3, 12, 12)


def test_a_crash_half_way_leaves_whole_batches_and_the_rerun_completes(three_children, monkeypatch):
    today = date(2025, 4, 22)
    real = services._write_rows
    calls = []

    def crash_on_the_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_rows", crash_on_the_second_batch)
    with pytest.raises(RuntimeError):
        recompute(today=today, batch_size=1)
    first, second, third = three_children
    # The first child's batch committed whole; the second's rolled back; the third not begun.
    assert Deadline.objects.filter(child=first).count() == 4
    assert not Deadline.objects.filter(child__in=[second, third]).exists()
    done = snapshot()
    histories = history_count()

    monkeypatch.setattr(services, "_write_rows", real)
    result = recompute(today=today, batch_size=1)
    assert (result.children, result.created, result.updated) == (3, 8, 0)
    assert Deadline.objects.count() == 12
    assert history_count() == histories + 8
    assert [row for row in snapshot() if row[0] == first.pk] == done
    # The same rows as a clean run.
    after_crash = snapshot()
    Deadline.objects.all().delete()
    recompute(today=today)
    assert snapshot() == after_crash


# --- triggers -----------------------------------------------------------------------


def test_saving_a_visit_recomputes_that_childs_deadlines_on_commit(
    child, social_worker, django_capture_on_commit_callbacks
):
    # Celery runs eagerly in the tests: the task runs when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        visit_record(
            child=child,
            visit_date=date(2024, 12, 11),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
    assert len(callbacks) == 1
    # Visited Wed 11 Dec 2024: next visit by Wed 22 Jan 2025.
    assert deadline(child, "sw_visit").due_date == date(2025, 1, 22)
    assert deadline(child, "cic_review").due_date == REVIEW_DUE


def test_several_changes_to_one_child_in_a_transaction_queue_one_recompute(
    child, social_worker, django_capture_on_commit_callbacks
):
    with triggers.suspended():
        other = register(social_worker, date(2025, 1, 13), la_reference="C200002", first_name="Sam")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for day in (date(2024, 12, 9), date(2024, 12, 11)):
            visit_record(
                child=child,
                visit_date=day,
                seen_alone=True,
                bedroom_seen=True,
                visited_by=social_worker,
                by=social_worker,
            )
        CarePlan.objects.create(
            child=child, agreed_date=date(2024, 12, 12), recorded_by=social_worker
        )
        visit_record(
            child=other,
            visit_date=date(2025, 1, 14),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
    assert sorted(callback.child_id for callback in callbacks) == sorted([child.pk, other.pk])


def test_a_rolled_back_transaction_queues_nothing(
    child, social_worker, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        visit_record(
            child=child,
            visit_date=date(2024, 12, 11),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
        raise RuntimeError("the rest of the form failed")
    assert callbacks == []
    assert not child.visits.exists()
    assert not Deadline.objects.exists()


def test_no_recompute_is_queued_while_the_triggers_are_suspended(
    child, social_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, triggers.suspended():
        visit_record(
            child=child,
            visit_date=date(2024, 12, 11),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
    assert callbacks == []
    assert not Deadline.objects.exists()


def test_a_child_whose_recompute_cannot_be_queued_is_caught_up_later(
    child, social_worker, django_capture_on_commit_callbacks, monkeypatch
):
    from deadlines.tasks import recompute_child_deadlines

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(recompute_child_deadlines, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_record(
            child=child,
            visit_date=date(2024, 12, 11),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
    assert visit.pk is not None  # the edit stands
    assert PendingRecompute.objects.filter(child=child).exists()
    assert not Deadline.objects.exists()
    services.recompute_pending()
    assert not PendingRecompute.objects.exists()
    assert deadline(child, "sw_visit").due_date == date(2025, 1, 22)


# --- commands -----------------------------------------------------------------------


def test_recompute_deadlines_for_every_child_and_for_one(three_children):
    out = StringIO()
    call_command("recompute_deadlines", stdout=out)
    assert out.getvalue().startswith("Recomputed 12 deadlines for 3 children in ")
    assert Deadline.objects.count() == 12
    out = StringIO()
    call_command("recompute_deadlines", "--child", "C2", stdout=out)
    assert out.getvalue().startswith("Recomputed 4 deadlines for 1 child in ")
    assert "(0 new, " in out.getvalue()


def test_recompute_deadlines_for_an_unknown_reference_is_an_error(three_children):
    with pytest.raises(CommandError, match="No child has the reference 'NOPE'"):
        call_command("recompute_deadlines", "--child", "NOPE")
    assert not Deadline.objects.exists()


def test_show_deadlines_prints_json(child):
    recompute(child_ids=[child.pk], today=START)
    out = StringIO()
    call_command("show_deadlines", child.la_reference, "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["child"] == child.la_reference
    by_rule = {row["rule"]: row for row in printed["deadlines"]}
    assert set(by_rule) == {"iro_allocation", "care_plan", "sw_visit", "cic_review"}
    assert by_rule["cic_review"]["due_date"] == "2025-01-08"
    assert by_rule["cic_review"]["status"] == "upcoming"
    assert by_rule["cic_review"]["explanation"].startswith("First review due by 8 January 2025")
    # Open deadlines first, soonest first.
    assert [row["due_date"] for row in printed["deadlines"]] == [
        "2024-12-10",
        "2024-12-13",
        "2024-12-20",
        "2025-01-08",
    ]
    with pytest.raises(CommandError):
        call_command("show_deadlines", "NOPE", "--json")
