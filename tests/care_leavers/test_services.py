"""Leaving-care writes: history, deadlines recomputed after the change commits, and the
rules the services keep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from care_leavers import services
from care_leavers.models import Contact
from core.exceptions import ApplicationError
from deadlines import triggers
from deadlines.models import Deadline
from tests.care_leavers.helpers import former_relevant, person

pytestmark = pytest.mark.django_db


def test_a_contact_queues_the_young_persons_recompute_once_committed(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    # Set up with the triggers off: the test's transaction never commits, so a recompute
    # queued by the set-up would stand in for the contact's.
    with triggers.suspended():
        leaver = former_relevant(today)
    adviser = person(Role.PERSONAL_ADVISER)
    # Celery runs eagerly in the tests: the recompute runs when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.contact_record(
            child=leaver, contact_date=today, contact_type="phone", outcome="YES", by=adviser
        )
    assert len(callbacks) == 1
    due = Deadline.objects.get(child=leaver, rule="care_leaver_contact")
    assert due.due_date == today + timedelta(days=56)
    contact = Contact.objects.get()
    assert contact.history.get().history_type == "+"


def test_no_fixed_abode_and_custody_are_never_suitable():
    today = timezone.localdate()
    leaver = former_relevant(today)
    adviser = person(Role.PERSONAL_ADVISER)
    for letter in ("S", "X"):
        with pytest.raises(ApplicationError, match="is never suitable accommodation"):
            services.accommodation_record(
                child=leaver, start_date=today, accommodation=letter, suitable=True, by=adviser
            )
    home = services.accommodation_record(
        child=leaver,
        start_date=today,
        accommodation="X",
        suitable=False,
        unsuitable_reason="Custodial sentence",
        by=adviser,
    )
    assert home.oc3_code == "X2"
    with pytest.raises(ApplicationError, match="already recorded"):
        services.accommodation_record(
            child=leaver,
            start_date=today,
            accommodation="U",
            suitable=True,
            by=adviser,
        )


def test_a_pathway_plan_is_for_young_people_owed_the_duties():
    today = timezone.localdate()
    adviser = person(Role.PERSONAL_ADVISER)
    leaver = former_relevant(today)
    plan = services.pathway_plan_record(
        child=leaver,
        agreed_on=today - timedelta(days=1),
        views="I want my own flat",
        sections={"finance": "Budgeting help"},
        by=adviser,
    )
    assert (plan.finance, plan.recorded_by) == ("Budgeting help", adviser)
    with pytest.raises(ApplicationError, match="already recorded"):
        services.pathway_plan_record(
            child=leaver, agreed_on=today - timedelta(days=1), views="x", sections={}, by=adviser
        )
    # Aged 25: no longer a care leaver.
    older = former_relevant(today, 25)
    with pytest.raises(ApplicationError, match="was not an eligible, relevant or former"):
        services.pathway_plan_record(
            child=older, agreed_on=today, views="x", sections={}, by=adviser
        )


def test_only_a_personal_adviser_is_allocated_as_one():
    today = timezone.localdate()
    leaver = former_relevant(today)
    manager = person(Role.TEAM_MANAGER)
    with pytest.raises(ApplicationError, match="Select a personal adviser"):
        services.personal_adviser_allocate(
            child=leaver, adviser=person(Role.SOCIAL_WORKER), start_date=today, by=manager
        )


def test_staying_put_is_from_18_to_21():
    today = timezone.localdate()
    adviser = person(Role.PERSONAL_ADVISER)
    older = former_relevant(today, 21)
    with pytest.raises(ApplicationError, match="Staying Put lasts until the 21st birthday"):
        services.accommodation_record(
            child=older, start_date=today, accommodation="Z", suitable=True, by=adviser
        )
    home = services.accommodation_record(
        child=former_relevant(today, 19),
        start_date=today,
        accommodation="Z",
        suitable=True,
        by=adviser,
    )
    assert home.staying_put


def test_accommodation_is_recorded_once_the_young_person_has_left_care():
    from care_leavers.categories import birthday
    from tests.care_leavers.helpers import young_person

    today = timezone.localdate()
    adviser = person(Role.PERSONAL_ADVISER)
    dob = birthday(today, -17)
    in_care = young_person(dob, birthday(dob, 14), None)
    with pytest.raises(ApplicationError, match="was still looked after on"):
        services.accommodation_record(
            child=in_care, start_date=today, accommodation="D", suitable=True, by=adviser
        )
