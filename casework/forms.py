"""Forms for casework. They parse input; the services decide."""

from typing import cast

from django import forms

from accounts.models import Role, User
from casework.models import CaseNoteType, MissingKind, YouthJusticeOutcomeKind
from core.forms import GovukDateField, GovukForm, YesNoField


class VisitForm(GovukForm):
    visit_date = GovukDateField(label="Date of the visit", help_text="For example, 27 3 2025")
    visited_by = forms.ModelChoiceField(
        label="Who visited",
        queryset=User.objects.none(),
        error_messages={"required": "Select who visited"},
    )
    seen_alone = YesNoField(
        label="Was the child seen alone?",
        error_messages={"required": "Select yes if the child was seen alone"},
    )
    bedroom_seen = YesNoField(
        label="Was the child's bedroom seen?",
        error_messages={"required": "Select yes if the child's bedroom was seen"},
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["visited_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            is_active=True, role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER]
        ).order_by("last_name", "first_name", "pk")
        field.empty_label = "Select"


class CarePlanForm(GovukForm):
    agreed_date = GovukDateField(
        label="Date the care plan was agreed", help_text="For example, 27 3 2025"
    )
    summary = forms.CharField(
        label="Summary (optional)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What the plan is for and what changed, in a sentence or two.",
    )


class MissingEpisodeForm(GovukForm):
    kind = forms.ChoiceField(
        label="Was the child missing, or away without authorisation?",
        choices=MissingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select missing or away without authorisation"},
    )
    start_date = GovukDateField(
        label="Date the child went missing", help_text="For example, 27 3 2025"
    )
    end_date = GovukDateField(
        label="Date the child returned (optional)",
        help_text="Leave blank if the child is still missing.",
        required=False,
    )
    where_found = forms.CharField(label="Where the child was found (optional)", required=False)


class MissingReturnForm(GovukForm):
    end_date = GovukDateField(label="Date the child returned", help_text="For example, 27 3 2025")
    where_found = forms.CharField(
        label="Where the child was found",
        error_messages={"required": "Enter where the child was found"},
    )
    return_interview_offered = YesNoField(
        label="Was a return interview offered?",
        error_messages={"required": "Select yes if a return interview was offered"},
    )
    return_interview_accepted = YesNoField(
        label="Did the child accept the return interview?",
        required=False,
        help_text="Leave blank if no interview was offered.",
    )


class CaseNoteForm(GovukForm):
    note_type = forms.ChoiceField(
        label="Type of note",
        choices=CaseNoteType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of case note"},
    )
    event_date = GovukDateField(
        label="Date of the event", help_text="The day it happened. For example, 27 3 2025"
    )
    subject = forms.CharField(
        label="Subject", max_length=200, error_messages={"required": "Enter a subject"}
    )
    text = forms.CharField(
        label="Case note",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the case note"},
    )
    management_decision = YesNoField(
        empty_value=False,
        label="Does this note record a management decision?",
        required=False,
        help_text="Notes of the type management decision always do.",
    )

    def __init__(self, *args, may_mark_decision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_mark_decision:
            # Management decisions are a team manager's (accounts.permissions).
            del self.fields["management_decision"]
            note_type = cast(forms.ChoiceField, self.fields["note_type"])
            note_type.choices = [
                c for c in CaseNoteType.choices if c[0] != CaseNoteType.MANAGEMENT_DECISION
            ]


class CaseNoteAmendmentForm(GovukForm):
    text = forms.CharField(
        label="Amendment",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Added under the note with your name and today's date. The note itself "
        "does not change.",
        error_messages={"required": "Enter the amendment"},
    )


class YouthJusticeOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What was given?",
        choices=YouthJusticeOutcomeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a conviction or caution"},
    )
    outcome_on = GovukDateField(label="Date", help_text="For example, 27 3 2025")
