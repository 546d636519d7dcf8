"""Forms for resolutions and QoP forms. They parse input; the services decide."""

from django import forms

from core.forms import GovukDateField, GovukForm, ModelMultipleChoiceField
from resolutions.models import Kind, QopReason, Stage, StageOutcome, Theme

DATE_HINT = "For example, 17 12 2025"


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        title = obj.job_title or obj.get_role_display()
        return f"{obj} ({title})"


class RaiseForm(GovukForm):
    kind = forms.ChoiceField(
        label="Is this an informal or a formal resolution?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Informal: a discussion with the social worker and team manager. "
        "Formal: stage 1, answered by the team manager.",
    )
    raised_on = GovukDateField(label="Date raised", help_text=DATE_HINT)
    themes = ModelMultipleChoiceField(
        label="What is it about?",
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        required=False,
    )
    concern = forms.CharField(
        label="The concern", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    requested = forms.CharField(
        label="What are you asking for?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The action, and by when.",
    )
    responder = _UserChoice(
        label="Stage 1 responder (formal only)",
        queryset=None,
        required=False,
        help_text="The team manager of the child's social worker, unless you choose another.",
    )

    def __init__(self, *args, responders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responder"].queryset = responders  # type: ignore[attr-defined]
        self.fields["themes"].error_messages["invalid_choice"] = "Select a theme from the list"
        self._govuk_style()


class RespondForm(GovukForm):
    response = forms.CharField(
        label="Your response", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    outcome = forms.ChoiceField(
        label="Outcome of this stage",
        choices=StageOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    responded_on = GovukDateField(label="Date of the response", help_text=DATE_HINT)


class EscalateForm(GovukForm):
    started_on = GovukDateField(label="Date escalated", help_text=DATE_HINT)
    responder = _UserChoice(
        label="Who will respond?",
        queryset=None,
        required=False,
        help_text="A manager who can open the child's record.",
    )

    def __init__(self, *args, responders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if responders is None:
            del self.fields["responder"]  # a referral to Cafcass has no responder
        else:
            self.fields["responder"].queryset = responders  # type: ignore[attr-defined]
        self._govuk_style()


class ResolveForm(GovukForm):
    resolved_on = GovukDateField(label="Date resolved", help_text=DATE_HINT)
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CloseForm(GovukForm):
    closed_on = GovukDateField(label="Date closed", help_text=DATE_HINT)
    impact = forms.CharField(
        label="What difference has it made to the child?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class LetterForm(GovukForm):
    letter = forms.CharField(
        label="Letter to the child",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Written to the child, about what the resolution means for them.",
    )


class QopRaiseForm(GovukForm):
    raised_on = GovukDateField(label="Date raised", help_text=DATE_HINT)
    reasons = ModelMultipleChoiceField(
        label="What is the shortfall?",
        queryset=QopReason.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        required=False,
    )
    details = forms.CharField(
        label="Details", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    recipient = _UserChoice(label="Who is it for?", queryset=None, required=False)

    def __init__(self, *args, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]
        self._govuk_style()


class QopRespondForm(GovukForm):
    response = forms.CharField(
        label="What have you done?", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    responded_on = GovukDateField(label="Date of the response", help_text=DATE_HINT)


class FilterForm(forms.Form):
    """The open resolutions list's filters; anything unknown is ignored."""

    stage = forms.TypedChoiceField(
        choices=Stage.choices, coerce=int, required=False, empty_value=None
    )
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False)
