from django import forms

from core.forms import GovukForm
from deadlines.rules import rule_choices
from deadlines.selectors import OPEN_ORDER


class WorkFilterForm(GovukForm):
    """The filter of a work list, read from the query string. An unknown value is an
    error on the field, never a server error."""

    rule = forms.ChoiceField(
        label="Rule",
        required=False,
        error_messages={"invalid_choice": "Select a rule from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any")] + [(s.value, s.label) for s in OPEN_ORDER],
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args, with_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry is read when the form is made, so rules added later are offered.
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ChoiceField)
        rule.choices = [("", "All rules"), *rule_choices()]
        if not with_status:
            del self.fields["status"]

    def filters(self) -> dict[str, str]:
        """The rule and status to filter by; nothing when the form has an error."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
