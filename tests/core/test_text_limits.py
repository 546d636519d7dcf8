"""Free text is bounded: every form field and every save has a length limit no
practitioner meets, said on the page; the PDFs print bounded input."""

from datetime import date
from typing import cast

import pytest
from django import forms
from django.http import HttpResponse
from django.urls import reverse

from accounts.models import Role, User
from casework import views as casework_views
from casework.forms import CaseNoteForm
from casework.models import CaseNote
from casework.services import case_note_write
from core.exceptions import ApplicationError
from core.forms import GovukForm
from reviews.models import Review
from reviews.services import HeldDetails, letter_save, review_record
from tests.children.builders import register
from tests.factories import UserFactory, allocate

pytestmark = pytest.mark.django_db

MEGABYTE = "a" * 1_000_000
LONG_TEXT = 20_000  # core.limits
SHORT_TEXT = 200


def note_data(text):
    return {
        "note_type": "phone_call",
        "event_date_0": "1",
        "event_date_1": "2",
        "event_date_2": "2024",
        "subject": "Call",
        "text": text,
    }


def test_a_case_note_of_20000_characters_is_accepted_and_one_more_is_not():
    from core import limits

    assert limits.LONG_TEXT == LONG_TEXT
    assert CaseNoteForm(data=note_data("a" * LONG_TEXT)).is_valid()
    form = CaseNoteForm(data=note_data("a" * (LONG_TEXT + 1)))
    assert not form.is_valid()
    assert form.errors["text"] == [
        f"{form.fields['text'].label} must be 20,000 characters or fewer"
    ]


def test_the_service_refuses_a_megabyte_case_note(child, social_worker):
    with pytest.raises(ApplicationError) as error:
        case_note_write(
            child=child,
            note_type="phone_call",
            event_date=date(2024, 2, 1),
            subject="Call",
            text=MEGABYTE,
            by=social_worker,
        )
    assert error.value.field == "text"
    assert "20,000 characters or fewer" in error.value.message
    assert not CaseNote.objects.exists()


def test_the_service_refuses_a_two_megabyte_letter(social_worker):
    child = register(social_worker, date(2025, 12, 1))
    iro = cast(User, UserFactory(role=Role.IRO))
    allocate(child, worker=iro, kind="iro", start=date(2025, 12, 1))
    review = review_record(
        child=child,
        held_on=date(2025, 12, 19),
        participation="PN1",
        details=HeldDetails(format="in_person", care_plan_rating="green"),
        by=iro,
    )
    with pytest.raises(ApplicationError) as error:
        letter_save(review=review, letter=MEGABYTE * 2, by=iro)
    assert error.value.field == "letter"
    assert Review.objects.get(pk=review.pk).letter == ""
    letter_save(review=review, letter="Dear Robin, " * 1000, by=iro)


def test_a_short_field_without_its_own_limit_gets_one_said_in_its_hint():
    class Form(GovukForm):
        venue = forms.CharField(help_text="Where it is held.")
        name = forms.CharField(max_length=100)
        notes = forms.CharField(widget=forms.Textarea)

    form = Form(data={"venue": "v" * (SHORT_TEXT + 1), "name": "n" * 101, "notes": "ok"})
    assert cast(forms.CharField, form.fields["venue"]).max_length == SHORT_TEXT
    assert form.fields["venue"].help_text == "Where it is held. Up to 200 characters."
    assert form.fields["name"].help_text == ""  # names and codes keep a plain hint
    assert cast(forms.CharField, form.fields["notes"]).max_length == LONG_TEXT
    assert not form.is_valid()
    assert form.errors["venue"] == ["Venue must be 200 characters or fewer"]
    assert form.errors["name"] == ["Name must be 100 characters or fewer"]


def test_a_long_field_has_the_govuk_character_count(client, child, social_worker):
    client.force_login(social_worker)
    body = client.get(reverse("casework:note_add", args=[child.pk])).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="20000"' in body
    assert "You can enter up to 20,000 characters" in body
    assert "govuk-js-character-count" in body


def test_the_chronology_pdf_prints_a_bounded_number_of_events(
    client, child, social_worker, monkeypatch
):
    for day in (1, 2, 3):
        case_note_write(
            child=child,
            note_type="phone_call",
            event_date=date(2024, 2, day),
            subject=f"Call {day}",
            text="Spoke to the carer.",
            by=social_worker,
        )
    printed = {}

    def capture(html, **kwargs):
        printed["html"] = html
        return HttpResponse(b"%PDF")

    monkeypatch.setattr(casework_views, "CHRONOLOGY_PDF_EVENTS", 2)
    monkeypatch.setattr(casework_views, "pdf_download", capture)
    client.force_login(social_worker)
    client.get(reverse("casework:chronology_pdf", args=[child.pk]), {"kind": "case_note"})
    html = printed["html"]
    assert "the first 2 of 3" in html
    assert "Call 1" in html and "Call 2" in html and "Call 3" not in html
