"""Recording health information: the checks a practitioner could get wrong, the late IHA
that needs a reason, the band worked out from an SDQ score, history on every record, and
the deadlines following the records."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from core.exceptions import ApplicationError
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import recompute
from health import services
from health.codes import IHA_LATENESS_REASONS, SdqBand, sdq_band
from health.models import (
    IhaLatenessReason,
    InitialHealthAssessment,
    ReviewHealthAssessment,
    Sdq,
    SubstanceMisuseRecord,
)
from tests.children.builders import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTERED = date(2025, 12, 19)  # IHA due Wed 21 January 2026 (tests/health/test_rules.py)


def person(role, **kw):
    return UserFactory(role=role, **kw)


@pytest.fixture
def worker(team_a):
    return person(Role.SOCIAL_WORKER, team=team_a)


@pytest.fixture
def child(worker):
    return register(worker, ENTERED, date_of_birth=date(2021, 3, 10))


def iha(child, worker, **details):
    return services.iha_save(child=child, details=services.IhaDetails(**details), by=worker)


@pytest.fixture(autouse=True)
def reasons():
    # A test that flushes the database (transactional tests) removes the seeded list.
    services.ensure_lateness_reasons()


def test_the_lateness_reasons_are_seeded_by_a_migration_and_kept_in_one_list():
    import importlib

    migration = importlib.import_module("health.migrations.0002_seed_iha_lateness_reasons")
    assert migration.REASONS == IHA_LATENESS_REASONS
    for expected in (
        "Late notification to health",
        "Missed appointment",
        "Child missing",
        "Hospital stay",
        "Consent delayed",
        "Placed out of area",
    ):
        assert expected in IHA_LATENESS_REASONS
    names = list(IhaLatenessReason.objects.values_list("name", flat=True))
    assert names == IHA_LATENESS_REASONS
    services.ensure_lateness_reasons()  # and a second time adds nothing
    assert IhaLatenessReason.objects.count() == len(IHA_LATENESS_REASONS)


def test_an_iha_in_time_is_saved_and_meets_its_deadlines(child, worker):
    record = iha(
        child,
        worker,
        notified_on=date(2025, 12, 22),
        consent_on=date(2025, 12, 22),
        requested_on=date(2025, 12, 23),
        appointment_on=date(2026, 1, 14),
        completed_on=date(2026, 1, 21),
        practitioner="Dr A Patel",
        organisation="Harbourside Community Health",
        returned_on=date(2026, 2, 2),
        outcome="Well; eczema treatment",
        health_plan_actions="GP review of eczema",
        lateness_reason=IhaLatenessReason.objects.first(),
    )
    # Completed on the due date: in time, so no lateness reason is kept.
    assert record.lateness_reason is None
    assert record.period == child.periods_of_care.get()
    recompute(child_ids=[child.pk], today=date(2026, 2, 3))
    rows = {d.rule: d for d in Deadline.objects.filter(child=child)}
    assert rows["iha"].due_date == date(2026, 1, 21)
    assert rows["iha"].status == DeadlineStatus.MET and not rows["iha"].met_late
    assert rows["health_notification"].due_date == date(2025, 12, 30)
    assert rows["health_notification"].met_on == date(2025, 12, 22)
    # The first RHA: the child was 4 on 21 January 2026, so 6 months later.
    assert rows["rha"].due_date == date(2026, 7, 21)


def test_a_late_iha_needs_a_reason_and_saves_nothing_without_one(child, worker):
    with pytest.raises(ApplicationError) as error:
        iha(child, worker, completed_on=date(2026, 1, 22))
    assert error.value.field == "lateness_reason"
    assert "due by 21 January 2026" in error.value.message
    assert not InitialHealthAssessment.objects.exists()

    reason = IhaLatenessReason.objects.get(name="Missed appointment")
    record = iha(child, worker, completed_on=date(2026, 1, 22), lateness_reason=reason)
    assert record.lateness_reason == reason
    recompute(child_ids=[child.pk], today=date(2026, 2, 3))
    deadline = Deadline.objects.get(child=child, rule="iha")
    assert deadline.met_late


def test_saving_the_iha_again_updates_the_one_record_with_history(child, worker):
    iha(child, worker, notified_on=date(2025, 12, 22))
    iha(child, worker, notified_on=date(2025, 12, 22), completed_on=date(2026, 1, 15))
    record = InitialHealthAssessment.objects.get()
    assert record.completed_on == date(2026, 1, 15)
    assert record.history.count() == 2


def test_a_retired_lateness_reason_cannot_be_chosen(child, worker):
    reason = IhaLatenessReason.objects.get(name="Hospital stay")
    reason.active = False
    reason.save()
    with pytest.raises(ApplicationError, match="Select a reason"):
        iha(child, worker, completed_on=date(2026, 1, 22), lateness_reason=reason)
    # A record that already has it keeps it when saved again.
    reason.active = True
    reason.save()
    iha(child, worker, completed_on=date(2026, 1, 22), lateness_reason=reason)
    reason.active = False
    reason.save()
    record = iha(
        child,
        worker,
        completed_on=date(2026, 1, 22),
        returned_on=date(2026, 2, 2),
        lateness_reason=reason,
    )
    assert record.lateness_reason == reason and record.returned_on == date(2026, 2, 2)


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"completed_on": date(2025, 12, 18)}, "completed_on"),  # before care began
        ({"completed_on": date(2026, 1, 10), "returned_on": date(2026, 1, 9)}, "returned_on"),
        ({"returned_on": date(2026, 1, 9)}, "completed_on"),
        ({"notified_on": date(2020, 1, 1)}, "notified_on"),  # before birth
    ],
)
def test_impossible_iha_dates_are_refused(child, worker, details, field):
    with pytest.raises(ApplicationError) as error:
        iha(child, worker, **details)
    assert error.value.field == field
    assert not InitialHealthAssessment.objects.exists()


def test_future_dates_are_refused_but_an_appointment_may_be_booked_ahead(child, worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError, match="today or in the past"):
        iha(child, worker, completed_on=tomorrow)
    assert iha(child, worker, appointment_on=tomorrow).appointment_on == tomorrow
    with pytest.raises(ApplicationError, match="today or in the past"):
        services.dental_check_record(child=child, checked_on=tomorrow, by=worker)


def test_an_iha_needs_the_child_to_be_looked_after(worker):
    from children.services import period_of_care_end

    child = register(worker, date(2024, 1, 2), la_reference="C100002")
    period_of_care_end(child=child, end_date=date(2024, 6, 1), reason="E4A", by=worker)
    with pytest.raises(ApplicationError, match="not looked after"):
        iha(child, worker, notified_on=date(2024, 1, 3))


def test_review_health_assessments_move_the_next_one_on(child, worker):
    iha(child, worker, completed_on=date(2026, 1, 21))
    services.rha_record(
        child=child,
        assessed_on=date(2026, 7, 20),
        assessor="health_visitor",
        organisation="Harbourside Community Health",
        by=worker,
    )
    recompute(child_ids=[child.pk], today=date(2026, 7, 21))
    open_rha = Deadline.objects.get(child=child, rule="rha", status__in=["upcoming", "due_soon"])
    # Assessed on 20 July 2026, aged 5 (since 10 March 2026): 12 months later.
    assert open_rha.due_date == date(2027, 7, 20)
    assert ReviewHealthAssessment.objects.get().history.count() == 1


def test_rha_is_refused_for_a_day_out_of_care_twice_in_a_day_or_without_who(child, worker):
    with pytest.raises(ApplicationError, match="not looked after"):
        services.rha_record(child=child, assessed_on=date(2025, 12, 1), assessor="gp", by=worker)
    services.rha_record(child=child, assessed_on=date(2026, 3, 2), assessor="gp", by=worker)
    with pytest.raises(ApplicationError, match="already recorded"):
        services.rha_record(child=child, assessed_on=date(2026, 3, 2), assessor="gp", by=worker)
    with pytest.raises(ApplicationError) as error:
        services.rha_record(child=child, assessed_on=date(2026, 3, 3), assessor="", by=worker)
    assert error.value.field == "assessor"
    assert ReviewHealthAssessment.objects.count() == 1


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, SdqBand.NORMAL),
        (13, SdqBand.NORMAL),
        (14, SdqBand.BORDERLINE),
        (16, "borderline"),
        (17, SdqBand.CONCERN),
        (40, SdqBand.CONCERN),
    ],
)
def test_the_sdq_band_is_worked_out_from_the_score(score, band):
    assert sdq_band(score) == band


def test_an_sdq_has_a_score_or_a_reason(child, worker):
    record = services.sdq_record(child=child, completed_on=date(2026, 2, 1), score=17, by=worker)
    assert (record.band, record.band_label) == ("concern", "Cause for concern")
    reason = services.sdq_record(
        child=child, completed_on=date(2026, 2, 2), reason="SDQ2", by=worker
    )
    assert reason.band == "" and reason.get_reason_display().startswith("Carer refused")
    for kwargs, field in (
        ({"score": 41}, "score"),
        ({"score": -1}, "score"),
        ({}, "score"),
        ({"score": 5, "reason": "SDQ4"}, "reason"),
        ({"reason": "SDQ9"}, "reason"),
    ):
        with pytest.raises(ApplicationError) as error:
            services.sdq_record(child=child, completed_on=date(2026, 2, 3), by=worker, **kwargs)
        assert error.value.field == field
    assert Sdq.objects.count() == 2


def test_substance_misuse_needs_the_intervention_when_identified(child, worker):
    with pytest.raises(ApplicationError) as error:
        services.substance_misuse_record(
            child=child, recorded_on=date(2026, 2, 1), identified=True, by=worker
        )
    assert error.value.field == "intervention"
    services.substance_misuse_record(
        child=child,
        recorded_on=date(2026, 2, 1),
        identified=True,
        intervention="declined",
        by=worker,
    )
    none = services.substance_misuse_record(
        child=child,
        recorded_on=date(2026, 3, 1),
        identified=False,
        intervention="received",
        by=worker,
    )
    assert none.intervention == ""
    assert SubstanceMisuseRecord.objects.count() == 2


def test_checks_immunisations_and_the_summary_are_dated_records_with_history(child, worker):
    dental = services.dental_check_record(child=child, checked_on=date(2026, 3, 1), by=worker)
    services.optician_check_record(child=child, checked_on=date(2026, 3, 1), by=worker)
    jabs = services.immunisation_check_record(
        child=child, checked_on=date(2026, 3, 1), up_to_date=False, by=worker
    )
    summary = services.health_summary_record(child=child, issued_on=date(2026, 3, 1), by=worker)
    assert not jabs.up_to_date
    for record in (dental, jabs, summary):
        assert record.history.count() == 1
    recompute(child_ids=[child.pk], today=date(2026, 3, 2))
    met = Deadline.objects.get(child=child, rule="dental_check", status=DeadlineStatus.MET)
    assert met.due_date == date(2026, 12, 19) and met.met_on == date(2026, 3, 1)
    assert Deadline.objects.get(
        child=child, rule="dental_check", status=DeadlineStatus.UPCOMING
    ).due_date == date(2027, 3, 1)


def test_a_child_back_in_care_is_due_a_dental_check_12_months_after_the_last_one(worker):
    from children import services as children_services
    from tests.children.builders import readmit

    # In care 1 March 2023 to 30 June 2024 (home, E4A), dental check 1 March 2024; back
    # in care 1 September 2024. Also a check on 10 June 2023 (earlier in that period),
    # which the later one replaces. Due 1 March 2025, not 1 September 2025.
    child = register(worker, date(2023, 3, 1), date_of_birth=date(2014, 4, 2))
    services.dental_check_record(child=child, checked_on=date(2023, 6, 10), by=worker)
    services.dental_check_record(child=child, checked_on=date(2024, 3, 1), by=worker)
    children_services.period_of_care_end(
        child=child, end_date=date(2024, 6, 30), reason="E4A", by=worker
    )
    readmit(child, worker, date(2024, 9, 1))
    recompute(child_ids=[child.pk], today=date(2024, 9, 2))
    period = child.periods_of_care.get(end_date__isnull=True)
    due = Deadline.objects.get(child=child, rule="dental_check")
    assert (due.key, due.due_date, due.status) == (
        f"period:{period.pk}:dental:1",
        date(2025, 3, 1),
        DeadlineStatus.UPCOMING,
    )
