"""Forms for the education record. They parse input; the services decide."""

from typing import cast

from django import forms

from core.forms import GovukDateField, GovukForm
from education.models import OutOfSchoolReason, PepQualityRating, SenStatus

EXAMPLE = "For example, 27 3 2025"


class PepDateField(GovukDateField):
    """A date whose label names the PEP: its "enter" message keeps the capitals."""

    def clean(self, value):
        if self.required and (not value or not any(str(v or "").strip() for v in value)):
            raise forms.ValidationError(
                f"Enter the {str(self.label)[0].lower()}{str(self.label)[1:]}", code="required"
            )
        return super().clean(value)


class SchoolForm(GovukForm):
    school_name = forms.CharField(
        label="School, early years setting or college",
        max_length=200,
        error_messages={"required": "Enter the name of the school"},
    )
    urn = forms.CharField(
        label="Unique reference number (URN) (optional)",
        max_length=6,
        required=False,
        help_text="6 digits, from Get Information about Schools",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )
    start_date = GovukDateField(label="Date the child started at the school", help_text=EXAMPLE)
    end_date = GovukDateField(
        label="Date the child left (optional)",
        required=False,
        help_text="Leave blank if the child is still at the school",
    )
    designated_teacher_name = forms.CharField(
        label="Designated teacher's name (optional)", max_length=200, required=False
    )
    designated_teacher_email = forms.EmailField(
        label="Designated teacher's email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )


class SchoolChangeForm(GovukForm):
    designated_teacher_name = forms.CharField(
        label="Designated teacher's name", max_length=200, required=False
    )
    designated_teacher_email = forms.EmailField(
        label="Designated teacher's email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    end_date = GovukDateField(
        label="Date the child left (optional)",
        required=False,
        help_text="Leave blank if the child is still at the school",
    )


class SenForm(GovukForm):
    status = forms.ChoiceField(
        label="Special educational needs status",
        choices=SenStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's SEN status"},
    )
    start_date = GovukDateField(label="Date the status started", help_text=EXAMPLE)


class OutOfSchoolForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is the child not in full-time school?",
        choices=OutOfSchoolReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the child is not in school"},
    )
    details = forms.CharField(
        label="Details (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    start_date = GovukDateField(label="Date it started", help_text=EXAMPLE)
    end_date = GovukDateField(
        label="Date it ended (optional)",
        required=False,
        help_text="Leave blank if the child is still out of school",
    )


class OutOfSchoolEndForm(GovukForm):
    end_date = GovukDateField(
        label="Date the child was back in full-time school", help_text=EXAMPLE
    )


class PepForm(GovukForm):
    meeting_date = PepDateField(label="Date of the PEP meeting", help_text=EXAMPLE)
    completed_date = GovukDateField(
        label="Date the PEP was completed and signed off (optional)",
        required=False,
        help_text="Leave blank until the plan is signed off: only a completed PEP meets the "
        "PEP deadlines",
    )
    attendees = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example the child, carer, designated teacher, social worker, virtual school",
    )
    child_views = forms.CharField(
        label="The child's views", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    targets = forms.CharField(
        label="Targets", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    rating = forms.ModelChoiceField(
        label="Quality rating (optional)",
        queryset=PepQualityRating.objects.none(),
        required=False,
        empty_label="Not rated yet",
        widget=forms.RadioSelect,
        help_text="Rate the plan once it is completed",
    )

    def __init__(self, *args, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["rating"]).queryset = ratings


class PepChangeForm(PepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["meeting_date"]
