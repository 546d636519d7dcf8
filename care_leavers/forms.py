"""Forms for leaving-care records. They parse input; the services decide."""

from typing import cast

from django import forms

from accounts.models import User
from care_leavers.models import Accommodation, Activity, ContactType, InTouch
from core.forms import GovukDateField, GovukForm, YesNoField

EXAMPLE = "For example, 27 3 2025"


class ContactForm(GovukForm):
    contact_date = GovukDateField(label="Date of the contact", help_text=EXAMPLE)
    contact_type = forms.ChoiceField(
        label="Type of contact",
        choices=ContactType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of contact"},
    )
    outcome = forms.ChoiceField(
        label="Was the young person in touch?",
        choices=InTouch.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the young person was in touch"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AccommodationForm(GovukForm):
    start_date = GovukDateField(label="Living there from", help_text=EXAMPLE)
    accommodation = forms.ChoiceField(
        label="Type of accommodation",
        choices=Accommodation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of accommodation"},
    )
    suitable = YesNoField(
        label="Is the accommodation suitable?",
        error_messages={"required": "Select whether the accommodation is suitable"},
    )
    unsuitable_reason = forms.CharField(
        label="If not suitable, why not",
        required=False,
        max_length=300,
        help_text="For example, overcrowded, unsafe, or far from college",
    )
    notes = forms.CharField(label="Address or notes (optional)", required=False, max_length=300)


class ActivityForm(GovukForm):
    start_date = GovukDateField(label="From", help_text=EXAMPLE)
    activity = forms.ChoiceField(
        label="What is the young person doing?",
        choices=Activity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the young person is doing"},
    )
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=300,
        help_text="The course, employer or training; if not in education, employment or "
        "training, why",
    )


class NeedsAssessmentForm(GovukForm):
    completed_on = GovukDateField(label="Date the assessment was completed", help_text=EXAMPLE)
    summary = forms.CharField(
        label="Summary of needs (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _section(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PathwayPlanForm(GovukForm):
    agreed_on = GovukDateField(label="Date the plan was agreed or reviewed", help_text=EXAMPLE)
    young_persons_views = forms.CharField(
        label="The young person's views",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record the young person's views"},
    )
    accommodation = _section("Accommodation")
    education_work = _section("Education, training and work")
    health = _section("Health and wellbeing")
    finance = _section("Money and finance")
    relationships = _section("Family and relationships")
    identity_documents = _section(
        "Identity documents", "Birth certificate, passport, National Insurance number"
    )
    immigration = _section("Immigration and EU Settlement Scheme")


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class PersonalAdviserForm(GovukForm):
    adviser = AdviserChoiceField(
        label="Personal adviser",
        queryset=User.objects.none(),
        empty_label="Select",
        error_messages={"required": "Select a personal adviser"},
    )
    start_date = GovukDateField(label="Allocated from", help_text=EXAMPLE)

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["adviser"]).queryset = advisers
