"""Recording a child's EU Settlement Scheme record: the rules a practitioner would check."""

from datetime import date

import pytest

from children.models import Nationality
from core.exceptions import ApplicationError
from euss.models import EussStatus
from euss.services import EussDetails, euss_record_save

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 1)


@pytest.fixture
def polish(child):
    Nationality.objects.create(child=child, country="PL")
    return child


def save(child, by, **kwargs):
    kwargs.setdefault("identified_date", date(2024, 1, 8))
    return euss_record_save(child=child, details=EussDetails(**kwargs), by=by, today=TODAY)


def error(child, by, **kwargs):
    with pytest.raises(ApplicationError) as caught:
        save(child, by, **kwargs)
    return caught.value


def test_save_then_update_keeps_one_record_with_history(polish, social_worker):
    save(polish, social_worker, status=EussStatus.APPLIED, coa_date=date(2024, 2, 1))
    record = save(
        polish,
        social_worker,
        status=EussStatus.PRE_SETTLED,
        coa_date=date(2024, 2, 1),
        pre_settled_date=date(2024, 5, 20),
    )
    assert polish.euss_record == record
    assert record.history.count() == 2
    assert record.history.first().history_user == social_worker
    assert record.settled_eligibility_date == date(2029, 5, 20)


def test_dates_cannot_be_in_the_future_except_the_expiry(polish, social_worker):
    e = error(polish, social_worker, status=EussStatus.APPLIED, coa_date=date(2025, 6, 2))
    assert e.field == "coa_date"
    record = save(
        polish,
        social_worker,
        status=EussStatus.PRE_SETTLED,
        pre_settled_date=date(2024, 5, 20),
        pre_settled_expiry=date(2029, 5, 20),
    )
    assert record.pre_settled_expiry == date(2029, 5, 20)


def test_dates_cannot_be_before_birth(polish, social_worker):
    e = error(
        polish, social_worker, status=EussStatus.NOT_APPLIED, identified_date=date(2014, 1, 1)
    )
    assert e.field == "identified_date"


def test_each_grant_needs_its_date(polish, social_worker):
    assert error(polish, social_worker, status=EussStatus.SETTLED).field == "settled_date"
    assert error(polish, social_worker, status=EussStatus.PRE_SETTLED).field == "pre_settled_date"
    assert error(polish, social_worker, status=EussStatus.APPLIED).field == "coa_date"


def test_grants_follow_one_another(polish, social_worker):
    e = error(
        polish,
        social_worker,
        status=EussStatus.SETTLED,
        pre_settled_date=date(2024, 5, 20),
        settled_date=date(2024, 5, 1),
    )
    assert e.field == "settled_date"
    e = error(
        polish,
        social_worker,
        status=EussStatus.PRE_SETTLED,
        pre_settled_date=date(2024, 5, 20),
        residence_start=date(2024, 6, 1),
    )
    assert e.field == "residence_start"
    e = error(
        polish,
        social_worker,
        status=EussStatus.PRE_SETTLED,
        pre_settled_date=date(2024, 5, 20),
        pre_settled_expiry=date(2024, 5, 20),
    )
    assert e.field == "pre_settled_expiry"


def test_a_settled_date_needs_the_settled_status(polish, social_worker):
    e = error(
        polish,
        social_worker,
        status=EussStatus.APPLIED,
        coa_date=date(2024, 2, 1),
        settled_date=date(2025, 1, 1),
    )
    assert e.field == "status"


def test_a_child_without_eu_nationality_needs_the_family_member_flag_and_a_reason(
    child, social_worker
):
    Nationality.objects.create(child=child, country="NG")
    assert error(child, social_worker, status=EussStatus.NOT_APPLIED).field == "status"
    e = error(child, social_worker, status=EussStatus.NOT_APPLIED, family_member=True)
    assert e.field == "family_member_reason"
    record = save(
        child,
        social_worker,
        status=EussStatus.NOT_APPLIED,
        family_member=True,
        family_member_reason="Child of a Portuguese father",
    )
    assert record.family_member


def test_not_eligible_can_be_recorded_for_anyone_without_a_date_identified(child, social_worker):
    record = save(child, social_worker, status=EussStatus.NOT_ELIGIBLE, identified_date=None)
    assert record.status == EussStatus.NOT_ELIGIBLE


def test_an_eligible_status_needs_the_date_identified(polish, social_worker):
    e = error(polish, social_worker, status=EussStatus.NOT_APPLIED, identified_date=None)
    assert e.field == "identified_date"
