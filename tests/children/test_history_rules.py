"""The rules every care history must keep, enforced by the services."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from children import services
from children.models import Child, LegalStatusRecord, PeriodOfCare, Placement
from core.exceptions import ApplicationError
from tests.children.builders import identity, legal, move, placement, readmit, register
from tests.factories import allocator

pytestmark = pytest.mark.django_db


def test_registration_writes_child_period_status_placement_and_allocations(social_worker, team_a):
    child = register(social_worker, date(2024, 1, 8))
    assert child.periods_of_care.count() == 1
    assert child.legal_statuses.get().code == "V2"
    assert child.placements.get().start_date == date(2024, 1, 8)
    assert {a.kind for a in child.allocations.all()} == {"team", "social_worker"}
    assert [n.country for n in child.nationalities.all()] == ["GB"]


def test_bad_placement_postcode_writes_nothing(social_worker):
    with pytest.raises(ApplicationError) as error:
        services.child_register(
            identity=identity(),
            entry=services.Entry(
                start_date=date(2024, 1, 8),
                category_of_need="N1",
                legal_status="V2",
                previous_permanence="Z1",
                placement=placement(date(2024, 1, 8), postcode="NOT A POSTCODE"),
            ),
            by=social_worker,
        )
    assert error.value.field == "postcode"
    assert not Child.objects.exists()
    assert not PeriodOfCare.objects.exists()


def test_duplicate_name_and_date_of_birth_is_refused(social_worker):
    register(social_worker, date(2024, 1, 8))
    with pytest.raises(ApplicationError, match="may already be registered") as error:
        register(social_worker, date(2024, 2, 1), la_reference="C100002", first_name="ROBIN")
    assert error.value.code == "duplicate"


def test_duplicate_nhs_number_is_refused(social_worker):
    register(social_worker, date(2024, 1, 8), nhs_number="9434765919")
    with pytest.raises(ApplicationError, match="may already be registered"):
        register(
            social_worker,
            date(2024, 2, 1),
            la_reference="C2",
            first_name="Sky",
            nhs_number="943 476 5919",
        )


def test_same_la_reference_is_refused(social_worker):
    register(social_worker, date(2024, 1, 8))
    with pytest.raises(ApplicationError) as error:
        register(
            social_worker, date(2024, 2, 1), first_name="Other", date_of_birth=date(2016, 1, 1)
        )
    assert error.value.field == "la_reference"


def test_nationality_is_mandatory_and_not_yet_known_is_explicit(social_worker):
    with pytest.raises(ApplicationError) as error:
        register(social_worker, date(2024, 1, 8), nationalities=[])
    assert error.value.field == "nationalities"
    child = register(social_worker, date(2024, 1, 8), nationalities=["ZZ"])
    assert child.nationalities.get().country_name == "Not yet known"


def test_entry_to_care_before_birth_is_refused(social_worker):
    with pytest.raises(ApplicationError, match="before they were born"):
        register(social_worker, date(2015, 5, 31))


def test_entry_on_the_day_of_birth_is_allowed(social_worker):
    child = register(social_worker, date(2015, 6, 1))
    assert child.periods_of_care.get().start_date == date(2015, 6, 1)


def test_future_dates_are_refused(social_worker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError, match="today or in the past"):
        register(social_worker, tomorrow)


def test_remand_is_refused_for_a_child_under_10(social_worker):
    # Born 1 June 2015: 9 on 31 May 2025, 10 on 1 June 2025.
    with pytest.raises(ApplicationError, match="under 10"):
        register(social_worker, date(2025, 5, 31), legal_status="J1")
    child = register(social_worker, date(2025, 6, 1), legal_status="J1")
    assert child.legal_statuses.get().code == "J1"


def test_police_protection_lasts_at_most_72_hours(social_worker):
    child = register(social_worker, date(2024, 3, 1), legal_status="L1")
    with pytest.raises(ApplicationError, match="72 hours"):
        legal(child, social_worker, date(2024, 3, 5), "V2")
    legal(child, social_worker, date(2024, 3, 4), "V2")
    assert child.legal_statuses.get(code="L1").end_date == date(2024, 3, 4)


def test_placement_cannot_start_before_the_period_of_care(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    with pytest.raises(ApplicationError, match="within the period of care"):
        move(child, social_worker, date(2024, 2, 1), "U6", "Jones")


def test_move_before_the_current_placement_started_is_refused(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    move(child, social_worker, date(2024, 5, 1), "U6", "Jones")
    with pytest.raises(ApplicationError, match="after the current placement started"):
        move(child, social_worker, date(2024, 4, 1), "U6", "Brown")
    assert Placement.objects.filter(child=child).count() == 2


def test_no_placement_or_legal_status_outside_a_period_of_care(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    services.period_of_care_end(
        child=child, end_date=date(2024, 6, 1), reason="E4A", by=social_worker
    )
    with pytest.raises(ApplicationError, match="not looked after"):
        move(child, social_worker, date(2024, 7, 1), "U6", "Jones")
    with pytest.raises(ApplicationError, match="not looked after"):
        legal(child, social_worker, date(2024, 7, 1), "C1")


def test_periods_of_care_cannot_overlap(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    with pytest.raises(ApplicationError, match="already looked after"):
        services.period_of_care_start(
            child=child,
            entry=services.Entry(
                date(2024, 4, 1), "N1", "V2", placement(date(2024, 4, 1)), previous_permanence="Z1"
            ),
            by=social_worker,
        )
    services.period_of_care_end(
        child=child, end_date=date(2024, 6, 1), reason="E4A", by=social_worker
    )
    with pytest.raises(ApplicationError, match="after the last one ended"):
        services.period_of_care_start(
            child=child,
            entry=services.Entry(
                date(2024, 6, 1), "N1", "V2", placement(date(2024, 6, 1)), previous_permanence="Z1"
            ),
            by=social_worker,
        )


def test_an_adopted_child_comes_back_into_care_as_a_new_child(social_worker):
    # Adopted on 1 June 2024 (E11): the adoption order makes the child a new person in
    # law, and the SSDA903 a new CHILD. Their return to care on 2 September 2024 is
    # registered as a new child, with previous permanence P1, not as a second period.
    child = register(social_worker, date(2023, 3, 1), legal_status="E1", place="A5")
    services.period_of_care_end(
        child=child, end_date=date(2024, 6, 1), reason="E4A", by=social_worker
    )
    PeriodOfCare.objects.filter(child=child).update(reason_ceased="E11")
    with pytest.raises(ApplicationError, match="adopted on 1 June 2024") as refused:
        readmit(child, social_worker, date(2024, 9, 2))
    assert refused.value.field == "start_date"
    assert PeriodOfCare.objects.filter(child=child).count() == 1
    # Care that ended any other way can start again.
    PeriodOfCare.objects.filter(child=child).update(reason_ceased="E4A")
    readmit(child, social_worker, date(2024, 9, 2))
    assert PeriodOfCare.objects.filter(child=child).count() == 2


def test_ending_care_ends_placement_and_legal_statuses(social_worker):
    child = register(social_worker, date(2024, 3, 1), legal_status="C2")
    legal(child, social_worker, date(2024, 5, 1), "E1", replace=False)
    services.period_of_care_end(
        child=child, end_date=date(2024, 9, 1), reason="E46", by=social_worker
    )
    assert not Placement.objects.filter(child=child, end_date__isnull=True).exists()
    ends = set(LegalStatusRecord.objects.filter(child=child).values_list("end_date", flat=True))
    assert ends == {date(2024, 9, 1)}


def test_care_cannot_end_before_the_latest_change(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    move(child, social_worker, date(2024, 5, 1), "U6", "Jones")
    with pytest.raises(ApplicationError, match="latest change"):
        services.period_of_care_end(
            child=child, end_date=date(2024, 4, 1), reason="E4A", by=social_worker
        )


def test_last_legal_status_cannot_simply_end(social_worker):
    child = register(social_worker, date(2024, 3, 1), legal_status="C2")
    status = child.legal_statuses.get()
    with pytest.raises(ApplicationError, match="always have a legal status"):
        services.legal_status_end(status=status, end_date=date(2024, 4, 1), by=social_worker)


def test_changes_are_kept_in_history(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    move(child, social_worker, date(2024, 5, 1), "U6", "Jones", reason="CHILD")
    first = child.placements.order_by("start_date").first()
    versions = list(
        first.history.order_by("history_date").values_list("end_date", "reason_for_change")
    )
    assert versions == [(None, ""), (date(2024, 5, 1), "CHILD")]


def test_changing_social_worker_needs_a_reason_and_ends_the_last(social_worker, teammate):
    child = register(social_worker, date(2024, 3, 1))
    with pytest.raises(ApplicationError, match="why the social worker"):
        services.allocation_change(
            child=child,
            kind="social_worker",
            worker=teammate,
            start_date=date(2024, 6, 1),
            by=allocator("social_worker"),
        )
    services.allocation_change(
        child=child,
        kind="social_worker",
        worker=teammate,
        start_date=date(2024, 6, 1),
        reason="MANAGE",
        by=allocator("social_worker"),
    )
    old = child.allocations.get(kind="social_worker", worker=social_worker)
    new = child.allocations.get(kind="social_worker", worker=teammate)
    assert (old.start_reason, old.end_date) == ("FCONTA", date(2024, 6, 1))
    assert (new.start_reason, new.start_date, new.end_date) == ("MANAGE", date(2024, 6, 1), None)


def test_only_a_care_order_and_a_placement_order_run_together(social_worker):
    child = register(social_worker, date(2024, 3, 1), legal_status="V2")
    # An interim care order while s20 is left running: which does it replace?
    with pytest.raises(ApplicationError, match="Only a care order and a placement order"):
        legal(child, social_worker, date(2024, 4, 1), "C1", replace=False)
    legal(child, social_worker, date(2024, 4, 1), "C1")
    legal(child, social_worker, date(2024, 9, 2), "E1", replace=False)
    assert sorted(
        child.legal_statuses.filter(end_date__isnull=True).values_list("code", flat=True)
    ) == ["C1", "E1"]


def test_police_protection_cannot_be_kept_running_past_72_hours(social_worker):
    child = register(social_worker, date(2024, 3, 1), legal_status="L1")
    with pytest.raises(ApplicationError, match="Only a care order"):
        legal(child, social_worker, date(2024, 3, 8), "C1", replace=False)


def test_care_cannot_end_on_the_day_of_the_last_move(social_worker):
    child = register(social_worker, date(2024, 3, 1))
    move(child, social_worker, date(2024, 5, 1), "U6", "Jones")
    with pytest.raises(ApplicationError, match="after the latest change"):
        services.period_of_care_end(
            child=child, end_date=date(2024, 5, 1), reason="E4A", by=social_worker
        )
    services.period_of_care_end(
        child=child, end_date=date(2024, 5, 2), reason="E4A", by=social_worker
    )


def test_ending_care_ends_the_iro_allocation_but_keeps_the_social_worker(social_worker):
    from tests.factories import UserFactory

    child = register(social_worker, date(2024, 3, 1))
    iro: Any = UserFactory(role="iro")
    services.allocation_change(
        child=child, kind="iro", worker=iro, start_date=date(2024, 3, 4), by=allocator("iro")
    )
    services.period_of_care_end(
        child=child, end_date=date(2024, 9, 2), reason="E4A", by=social_worker
    )
    assert child.allocations.get(kind="iro").end_date == date(2024, 9, 2)
    assert child.allocations.get(kind="social_worker").end_date is None
