"""The demo council's EU Settlement Scheme records are realistic and keep the rules."""

from collections import Counter
from datetime import date

import pytest

from demo.builder import build_demo
from euss import rules
from euss.models import EussRecord
from euss.services import EussDetails, _check

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(children=1000, seed=4, today=TODAY)
        try:
            yield list(
                EussRecord.objects.select_related("child").prefetch_related("child__nationalities")
            )
        finally:
            from tests.demo.test_seed_demo import wipe_everything

            wipe_everything()


def test_a_few_dozen_records_per_thousand_children_across_the_statuses(records):
    assert 8 <= len(records) <= 60
    statuses = Counter(r.status for r in records)
    assert len(statuses) >= 5, statuses


def test_some_children_need_action_and_some_do_not(records):
    banners = [rules.banner_for(r, r.child, TODAY) for r in records]
    assert any(banners) and not all(banners)


def test_every_demo_record_keeps_the_services_rules(records):
    assert records  # _check raises ApplicationError on any record that breaks a rule
    names = EussDetails.__dataclass_fields__
    for record in records:
        details = EussDetails(**{name: getattr(record, name) for name in names})
        _check(child=record.child, details=details, today=TODAY)
