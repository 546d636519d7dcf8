"""Forms for the health record. They parse input; the services decide."""

from typing import cast

from django import forms

from core.forms import GovukDateField, GovukForm, YesNoField
from health import codes
from health.models import IhaLatenessReason

EXAMPLE = "For example, 27 3 2026"


def _date(label: str, required: bool = True, hint: str = EXAMPLE) -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=hint)


class IhaForm(GovukForm):
    notified_on = _date("Date health were notified (optional)", required=False)
    consent_on = _date("Date consent was given (optional)", required=False)
    requested_on = _date("Date the assessment was requested (optional)", required=False)
    appointment_on = _date("Appointment date (optional)", required=False)
    completed_on = _date("Date the assessment was completed (optional)", required=False)
    practitioner = forms.CharField(label="Practitioner (optional)", max_length=150, required=False)
    organisation = forms.CharField(label="Organisation (optional)", max_length=150, required=False)
    returned_on = _date("Date quality-assured and returned (optional)", required=False)
    outcome = forms.CharField(label="Outcome (optional)", required=False, widget=forms.Textarea)
    health_plan_actions = forms.CharField(
        label="Health plan actions (optional)", required=False, widget=forms.Textarea
    )
    lateness_reason: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Why was the assessment late?",
        queryset=IhaLatenessReason.objects.none(),
        required=False,
        empty_label="Select",
        help_text="Only when it was completed after its due date.",
        error_messages={"invalid_choice": "Select a reason from the list"},
    )

    def __init__(self, *args, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lateness_reason"]).queryset = reasons


class RhaForm(GovukForm):
    assessed_on = _date("Date of the assessment")
    assessor = forms.ChoiceField(
        label="Who carried out the assessment?",
        choices=codes.Assessor.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who carried out the assessment"},
    )
    organisation = forms.CharField(label="Organisation (optional)", max_length=150, required=False)
    outcome = forms.CharField(label="Outcome (optional)", required=False, widget=forms.Textarea)


class CheckForm(GovukForm):
    checked_on = _date("Date of the check")


class ImmunisationForm(GovukForm):
    checked_on = _date("Date checked")
    up_to_date = YesNoField(
        label="Were the child's immunisations up to date?",
        error_messages={"required": "Select yes if the immunisations were up to date"},
    )


class SubstanceMisuseForm(GovukForm):
    recorded_on = _date("Date")
    identified = YesNoField(
        label="Was a substance misuse problem identified?",
        error_messages={"required": "Select yes if a substance misuse problem was identified"},
    )
    intervention = forms.ChoiceField(
        label="Intervention (if a problem was identified)",
        choices=codes.Intervention.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class SdqForm(GovukForm):
    completed_on = _date("Date")
    score = forms.IntegerField(
        label="Total difficulties score (optional)",
        required=False,
        help_text="A whole number from 0 to 40. Leave blank if the SDQ was not completed.",
        error_messages={"invalid": "The total score must be a whole number from 0 to 40"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    reason = forms.ChoiceField(
        label="Reason not completed (only if there is no score)",
        choices=codes.SdqReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class HealthSummaryForm(GovukForm):
    issued_on = _date("Date the summary was given to the young person")
