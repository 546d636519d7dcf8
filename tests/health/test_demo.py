"""The demo council's health histories are realistic (seed 002's proportions) and keep
the rules the services apply."""

from collections import Counter
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from children.models import PeriodOfCare
from deadlines.models import Deadline, DeadlineStatus
from demo.builder import build_demo
from health.codes import SdqReason
from health.models import (
    DentalCheck,
    HealthSummary,
    ImmunisationCheck,
    InitialHealthAssessment,
    OpticianCheck,
    ReviewHealthAssessment,
    Sdq,
    SubstanceMisuseRecord,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
HEALTH_MODELS = [
    InitialHealthAssessment,
    ReviewHealthAssessment,
    DentalCheck,
    OpticianCheck,
    ImmunisationCheck,
    SubstanceMisuseRecord,
    Sdq,
    HealthSummary,
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(children=600, seed=7, today=TODAY)
        try:
            yield
        finally:
            from tests.demo.test_seed_demo import wipe_everything

            wipe_everything()


def share(part: int, whole: int) -> float:
    assert whole, "nothing to count"
    return part / whole


def test_every_period_of_care_long_enough_has_an_iha_and_about_60_percent_are_in_time(demo):
    periods = PeriodOfCare.objects.filter(start_date__lte=TODAY - relativedelta(months=3))
    with_iha = set(InitialHealthAssessment.objects.values_list("period_id", flat=True))
    open_periods = [p for p in periods if p.end_date is None]
    assert all(p.pk in with_iha for p in open_periods)
    met = Deadline.objects.filter(rule="iha", status=DeadlineStatus.MET)
    in_time = sum(1 for d in met if not d.met_late)
    assert 0.45 <= share(in_time, met.count()) <= 0.75


def test_late_ihas_have_a_reason_and_ihas_in_time_do_not(demo):
    late = {d.met_by for d in Deadline.objects.filter(rule="iha") if d.met_late}
    ihas = InitialHealthAssessment.objects.filter(completed_on__isnull=False)
    assert late
    for iha in ihas:
        if f"health.initialhealthassessment:{iha.pk}" in late:
            assert iha.lateness_reason_id is not None
    reasons = Counter(i.lateness_reason_id for i in ihas if i.lateness_reason_id)
    assert len(reasons) >= 4


def test_most_children_in_care_are_up_to_date_with_health_assessments_and_dental_checks(demo):
    for rule, low in (("rha", 0.7), ("dental_check", 0.65)):
        current = Deadline.objects.filter(
            rule=rule,
            status__in=[DeadlineStatus.UPCOMING, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE],
        )
        overdue = current.filter(status=DeadlineStatus.OVERDUE).count()
        assert 1 - share(overdue, current.count()) >= low, rule
        assert overdue, rule  # and some are not


def test_sdqs_are_scored_for_most_of_the_cohort_some_with_a_reason_some_missing(demo):
    sdqs = list(Sdq.objects.all())
    scored = [s for s in sdqs if s.score is not None]
    assert 0.7 <= share(len(scored), len(sdqs)) <= 0.95
    assert all(0 <= s.score <= 40 for s in scored if s.score is not None)
    assert {s.reason for s in sdqs if s.score is None} <= set(SdqReason.values)
    assert len({s.band for s in scored}) == 3
    assert Deadline.objects.filter(rule="sdq", status=DeadlineStatus.OVERDUE).exists()


def test_immunisations_mostly_up_to_date_and_summaries_for_most_leaving_at_18(demo):
    checks = list(ImmunisationCheck.objects.all())
    assert 0.75 <= share(sum(c.up_to_date for c in checks), len(checks)) <= 0.95
    # Young people whose care ended on their 18th birthday: most were given a summary.
    from deadlines.rules import birthday

    aged_out = [
        p
        for p in PeriodOfCare.objects.filter(end_date__isnull=False).select_related("child")
        if p.end_date == birthday(p.child.date_of_birth, 18)
    ]
    given = set(HealthSummary.objects.values_list("child_id", flat=True))
    assert 0.6 <= share(sum(p.child_id in given for p in aged_out), len(aged_out)) <= 0.95
    # Those still in care at 17 and a half have the deadline; some have had it already.
    assert Deadline.objects.filter(rule="health_summary", status=DeadlineStatus.MET).exists()


def test_every_demo_record_keeps_the_services_rules(demo):
    from children.selectors import period_on

    for model, field in (
        (ReviewHealthAssessment, "assessed_on"),
        (DentalCheck, "checked_on"),
        (OpticianCheck, "checked_on"),
        (ImmunisationCheck, "checked_on"),
        (SubstanceMisuseRecord, "recorded_on"),
        (Sdq, "completed_on"),
        (HealthSummary, "issued_on"),
    ):
        for record in model._default_manager.select_related("child"):
            on = getattr(record, field)
            assert record.child.date_of_birth <= on <= TODAY, (model, record.pk)
    for rha in ReviewHealthAssessment.objects.select_related("child")[:300]:
        assert period_on(child=rha.child, on=rha.assessed_on) is not None
    for iha in InitialHealthAssessment.objects.select_related("period"):
        if iha.completed_on:
            assert iha.completed_on >= iha.period.start_date
            assert iha.returned_on is None or iha.returned_on >= iha.completed_on
    for record in SubstanceMisuseRecord.objects.all():
        assert bool(record.intervention) == record.identified
    for history_of in HEALTH_MODELS:
        history = history_of.history  # type: ignore[attr-defined]
        assert history.count() == history_of._default_manager.count()
