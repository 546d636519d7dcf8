"""The demo council's education records are realistic and keep the services' rules."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import F

from deadlines.models import Deadline, DeadlineStatus
from demo.builder import build_demo
from education.models import OutOfSchool, Pep, SchoolPlacement, SenRecord
from education.school_year import year_group_number

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
EDUCATION_MODELS = [Pep, OutOfSchool, SenRecord, SchoolPlacement]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(children=300, seed=5, today=TODAY)
        try:
            yield
        finally:
            from tests.demo.test_seed_demo import wipe_everything

            wipe_everything()


def test_school_age_children_have_schools_that_follow_one_another(built):
    by_child: dict[int, list[SchoolPlacement]] = {}
    for s in SchoolPlacement.objects.select_related("child").order_by("child", "start_date"):
        by_child.setdefault(s.child_id, []).append(s)
        assert s.start_date <= TODAY and (s.end_date is None or s.end_date <= TODAY)
        assert s.start_date > s.child.date_of_birth
    assert by_child
    for rows in by_child.values():
        for before, after in zip(rows, rows[1:], strict=False):
            assert before.end_date is not None and before.end_date <= after.start_date
        assert sum(r.end_date is None for r in rows) <= 1
    assert SchoolPlacement.history.count() == SchoolPlacement.objects.count()
    with_teacher = SchoolPlacement.objects.exclude(designated_teacher_name="").count()
    assert with_teacher > 0.8 * SchoolPlacement.objects.count()


def test_sen_shares_are_roughly_the_national_picture_for_children_in_care(built):
    from children.models import Child

    school_age = [
        c.pk for c in Child.objects.all() if 0 <= year_group_number(c.date_of_birth, TODAY) <= 13
    ]
    current = Counter(
        SenRecord.objects.filter(child_id__in=school_age, end_date__isnull=True).values_list(
            "status", flat=True
        )
    )
    assert 0.2 < current["sen_support"] / len(school_age) < 0.4, current
    assert 0.2 < current["ehcp"] / len(school_age) < 0.4, current
    assert OutOfSchool.objects.exists()


def test_peps_are_mostly_in_time_most_rated_as_meeting_the_standard_and_a_few_missed(built):
    for rule in ("pep_initial", "pep_termly"):
        deadlines = Deadline.objects.filter(rule=rule)
        met = deadlines.filter(status=DeadlineStatus.MET)
        in_time = met.filter(met_on__lte=F("due_date")).count()
        missed = (met.count() - in_time) + deadlines.filter(status=DeadlineStatus.OVERDUE).count()
        assert in_time > 0.75 * (in_time + missed), rule
        assert missed > 0, rule
    peps = Pep.objects.select_related("rating", "period")
    assert all(p.period.start_date <= p.meeting_date <= TODAY for p in peps)
    rated = [(p, p.rating) for p in peps if p.rating is not None]
    assert 0.6 < sum(r.meets_standard for _, r in rated) / len(rated) < 0.95
    assert any(p.rating is None for p in peps)
    for p, _ in rated:
        assert p.rated_on and p.completed_date and p.rated_on >= p.completed_date
