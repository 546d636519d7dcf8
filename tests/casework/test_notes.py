"""Case notes: who writes them, the edit window, amendments, and the pages."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework import services
from casework.models import CaseNote, CaseNoteType
from children.models import AllocationKind
from core.exceptions import ApplicationError
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


@pytest.fixture
def child(social_worker, team_a):
    c = register(social_worker, date(2024, 5, 1))
    allocate(c, team=team_a)
    return c


@pytest.fixture
def iro(child):
    user = UserFactory(username="iro.a", role=Role.IRO)
    allocate(child, worker=user, kind=AllocationKind.IRO)
    return user


def write(child, by, **overrides):
    values: dict[str, Any] = {
        "note_type": CaseNoteType.PHONE_CALL,
        "event_date": date(2024, 6, 3),
        "subject": "Call with foster carer",
        "text": "Robin has settled well and is sleeping better.",
    }
    values.update(overrides)
    return services.case_note_write(child=child, by=by, **values)


def update(note, by, **overrides):
    values: dict[str, Any] = {
        "note_type": note.note_type,
        "event_date": note.event_date,
        "subject": note.subject,
        "text": "Corrected text.",
    }
    values.update(overrides)
    return services.case_note_update(note=note, by=by, **values)


# --- services ---------------------------------------------------------------------


def test_a_note_needs_text_and_a_date_not_in_the_future(child, social_worker):
    with pytest.raises(ApplicationError) as error:
        write(child, social_worker, text="   ")
    assert error.value.field == "text"
    with pytest.raises(ApplicationError) as error:
        write(child, social_worker, event_date=timezone.localdate() + timedelta(days=1))
    assert error.value.field == "event_date"
    with pytest.raises(ApplicationError) as error:
        write(child, social_worker, subject="")
    assert error.value.field == "subject"
    with pytest.raises(ApplicationError) as error:
        write(child, social_worker, note_type="gossip")
    assert error.value.field == "note_type"
    assert not CaseNote.objects.exists()


def test_management_decisions(child, social_worker, team_manager):
    with pytest.raises(ApplicationError) as error:
        write(child, social_worker, note_type=CaseNoteType.MANAGEMENT_DECISION)
    assert error.value.field == "note_type"
    assert not CaseNote.objects.exists()
    decision = write(child, team_manager, note_type=CaseNoteType.MANAGEMENT_DECISION)
    assert decision.management_decision is True
    with pytest.raises(ApplicationError) as error:
        write(child, social_worker, management_decision=True)
    assert error.value.field == "management_decision"
    marked = write(child, team_manager, note_type=CaseNoteType.MEETING, management_decision=True)
    assert marked.management_decision is True
    assert write(child, social_worker).management_decision is False


def test_the_author_may_change_a_note_within_the_window(child, social_worker):
    note = write(child, social_worker)
    update(note, social_worker, text="Robin has settled well.")
    note.refresh_from_db()
    assert note.text == "Robin has settled well."
    assert note.history.count() == 2


def test_no_one_changes_a_note_after_the_window(child, social_worker, settings):
    note = write(child, social_worker)
    later = note.created_at + timedelta(minutes=settings.CASE_NOTE_EDIT_MINUTES, seconds=1)
    assert services.case_note_can_edit(note=note, user=social_worker, now=later) is False
    with pytest.raises(ApplicationError) as error:
        update(note, social_worker, now=later)
    assert error.value.field == "text"
    just_in = note.created_at + timedelta(minutes=settings.CASE_NOTE_EDIT_MINUTES - 1)
    assert services.case_note_can_edit(note=note, user=social_worker, now=just_in) is True
    settings.CASE_NOTE_EDIT_MINUTES = 0
    with pytest.raises(ApplicationError):
        update(note, social_worker)
    note.refresh_from_db()
    assert note.text == "Robin has settled well and is sleeping better."


def test_only_the_author_changes_a_note(child, social_worker, teammate):
    note = write(child, social_worker)
    with pytest.raises(ApplicationError) as error:
        update(note, teammate)
    assert error.value.field == "text"
    assert "Only the author" in error.value.message


def test_amendments_leave_the_note_as_written(child, social_worker, teammate, settings):
    settings.CASE_NOTE_EDIT_MINUTES = 0
    note = write(child, social_worker)
    with pytest.raises(ApplicationError) as error:
        services.case_note_amend(note=note, text=" ", by=teammate)
    assert error.value.field == "text"
    first = services.case_note_amend(note=note, text="The call was on 4 June.", by=social_worker)
    second = services.case_note_amend(note=note, text="Carer confirmed by email.", by=teammate)
    assert list(note.amendments.all()) == [first, second]
    note.refresh_from_db()
    assert note.text == "Robin has settled well and is sleeping better."
    assert first.history.count() == 1


# --- pages ------------------------------------------------------------------------


def pages(child, note):
    return [
        reverse("casework:notes", args=[child.pk]),
        reverse("casework:note_add", args=[child.pk]),
        reverse("casework:note_edit", args=[child.pk, note.pk]),
        reverse("casework:note_amend", args=[child.pk, note.pk]),
    ]


def test_an_outsider_gets_not_found_on_every_page(client, child, social_worker, outsider):
    note = write(child, social_worker)
    client.force_login(outsider)
    for url in pages(child, note):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_another_childs_note_is_not_found(client, child, social_worker, team_a):
    other = register(social_worker, date(2024, 5, 1), la_reference="C100002", first_name="Sam")
    allocate(other, team=team_a)
    note = write(child, social_worker)
    client.force_login(social_worker)
    for url in pages(other, note)[2:]:
        assert client.get(url).status_code == 404


def test_business_support_reads_notes_but_does_not_write_them(client, child, social_worker, team_a):
    note = write(child, social_worker)
    support = UserFactory(username="bs.a", role=Role.BUSINESS_SUPPORT, team=team_a)
    client.force_login(support)
    body = client.get(reverse("casework:notes", args=[child.pk])).content.decode()
    assert note.subject in body
    assert "Write a case note" not in body
    for url in pages(child, note)[1:]:
        assert client.get(url).status_code == 403


def test_the_childs_iro_writes_and_amends_notes(client, child, iro, social_worker):
    note = write(child, social_worker)
    client.force_login(iro)
    url = reverse("casework:note_add", args=[child.pk])
    data = {
        "note_type": CaseNoteType.DIRECT_WORK,
        "subject": "Met Robin before the review",
        "text": "Robin wants to stay with her carers.",
        **date_fields("event_date", date(2024, 7, 1)),
    }
    assert client.post(url, data).status_code == 302
    assert CaseNote.objects.get(subject="Met Robin before the review").author == iro
    amend = reverse("casework:note_amend", args=[child.pk, note.pk])
    assert client.post(amend, {"text": "IRO aware."}).status_code == 302
    assert note.amendments.get().author == iro


def test_writing_a_note_through_the_form(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("casework:note_add", args=[child.pk])
    page = client.get(url).content.decode()
    assert "management decision?" not in page  # only team managers mark decisions
    body = client.post(url, {"note_type": "meeting"}).content.decode()
    assert "Enter a subject" in body
    assert "Enter the case note" in body
    data = {
        "note_type": "meeting",
        "subject": "Planning meeting",
        "text": "Agreed contact with mum every other Saturday.",
        **date_fields("event_date", timezone.localdate() + timedelta(days=2)),
    }
    body = client.post(url, data).content.decode()
    assert "The date of the event must be today or in the past" in body
    data.update(date_fields("event_date", date(2024, 6, 10)))
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:notes", args=[child.pk])
    note = CaseNote.objects.get()
    assert (note.author, note.note_type, note.event_date) == (
        social_worker,
        "meeting",
        date(2024, 6, 10),
    )
    listing = client.get(response["Location"]).content.decode()
    assert "Planning meeting" in listing
    assert reverse("casework:note_edit", args=[child.pk, note.pk]) in listing
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Planning meeting" in page
    assert "All case notes" in page
    assert "Write a case note" in page


def test_a_team_manager_marks_a_decision_through_the_form(client, child, team_manager):
    client.force_login(team_manager)
    url = reverse("casework:note_add", args=[child.pk])
    data = {
        "note_type": "meeting",
        "subject": "Placement stability",
        "text": "Agreed to fund extra support for the carers.",
        "management_decision": "yes",
        **date_fields("event_date", date(2024, 6, 10)),
    }
    assert client.post(url, data).status_code == 302
    assert CaseNote.objects.get().management_decision is True


def test_a_social_worker_is_not_offered_a_management_decision(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("casework:note_add", args=[child.pk])
    form = client.get(url).context["form"]
    assert "management_decision" not in [v for v, _ in form.fields["note_type"].choices]
    data = {
        "note_type": "management_decision",
        "subject": "Placement",
        "text": "The placement continues.",
        **date_fields("event_date", date(2024, 6, 10)),
    }
    assert client.post(url, data).status_code == 200
    assert not CaseNote.objects.exists()


def test_after_the_window_the_edit_page_offers_an_amendment(
    client, child, social_worker, teammate, settings
):
    note = write(child, social_worker)
    client.force_login(teammate)
    edit = reverse("casework:note_edit", args=[child.pk, note.pk])
    amend = reverse("casework:note_amend", args=[child.pk, note.pk])
    listing = client.get(reverse("casework:notes", args=[child.pk])).content.decode()
    assert edit not in listing  # not the author
    assert client.get(edit)["Location"] == amend
    client.force_login(social_worker)
    good = {
        "note_type": note.note_type,
        "subject": note.subject,
        "text": "Changed in time.",
        **date_fields("event_date", note.event_date),
    }
    assert client.post(edit, good).status_code == 302
    note.refresh_from_db()
    assert note.text == "Changed in time."
    settings.CASE_NOTE_EDIT_MINUTES = 0
    assert client.post(edit, {**good, "text": "Too late."})["Location"] == amend
    note.refresh_from_db()
    assert note.text == "Changed in time."
    assert client.post(amend, {"text": "Carer phoned back."}).status_code == 302
    listing = client.get(reverse("casework:notes", args=[child.pk])).content.decode()
    assert "Carer phoned back." in listing
    assert "Changed in time." in listing


def test_the_list_is_newest_first_filtered_and_paginated(client, child, social_worker):
    for day in range(1, 26):
        write(child, social_worker, event_date=date(2024, 6, day), subject=f"Call {day}")
    write(child, social_worker, note_type="meeting", event_date=date(2024, 5, 2), subject="LAC")
    client.force_login(social_worker)
    url = reverse("casework:notes", args=[child.pk])
    first = client.get(url).content.decode()
    assert first.index("Call 25") < first.index("Call 24")
    assert "Page 1 of 2" in first
    assert "LAC" not in first
    assert "LAC" in client.get(url, {"page": 2}).content.decode()
    meetings = client.get(url, {"type": "meeting"}).content.decode()
    assert "LAC" in meetings
    assert "Call 25" not in meetings
    assert child.record_views.filter(path=url).exists()


def test_notes_list_runs_a_fixed_number_of_queries(client, child, social_worker, team_manager):
    from tests.queries import count_queries

    url = reverse("casework:notes", args=[child.pk])
    client.force_login(team_manager)
    write(child, social_worker)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for day in range(1, 15):
        note = write(child, social_worker, event_date=date(2024, 7, day))
        services.case_note_amend(note=note, text="Carer confirmed.", by=team_manager)
    with count_queries() as large:
        response = client.get(url)
    assert len(response.context["page"]) == 15
    assert large.count == small.count
