"""Forms for reviews. They parse input; the services decide."""

from typing import cast

from django import forms

from accounts.models import User
from children.codes import ParticipationCode
from core.forms import GovukDateField, GovukForm


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date the review was held", help_text="For example, 27 3 2025")
    next_review_directed_by = GovukDateField(
        label="Next review directed by (optional)",
        required=False,
        help_text=(
            "Only if you directed an earlier next review than the regulations require. "
            "For example, 15 5 2025"
        ),
    )
    participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=[c for c in ParticipationCode.choices if c[0] != "PN0"],
        required=False,
        widget=forms.RadioSelect,
        help_text="Leave blank for a child under 4 on the day: PN0 is recorded for them.",
    )


class IroChoiceField(forms.ModelChoiceField):
    """An IRO, shown with their current caseload so the manager can balance them."""

    def label_from_instance(self, obj) -> str:
        caseload = getattr(obj, "caseload", None)
        name = obj.get_full_name() or obj.username
        if caseload is None:
            return name
        return f"{name} ({caseload} {'child' if caseload == 1 else 'children'})"


def _iro_field(label: str) -> IroChoiceField:
    return IroChoiceField(
        label=label,
        queryset=User.objects.none(),
        empty_label="Select",
        error_messages={"required": "Select an independent reviewing officer"},
    )


class IroAllocationForm(GovukForm):
    iro = _iro_field("Independent reviewing officer")
    start_date = GovukDateField(
        label="Date the IRO is allocated from", help_text="For example, 27 3 2025"
    )

    def __init__(self, *args, iros, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["iro"]).queryset = iros


class IroMoveForm(GovukForm):
    """Move some of an IRO's children to another IRO."""

    children = forms.TypedMultipleChoiceField(
        label="Children to move",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children to move"},
    )
    iro = _iro_field("Move them to")
    start_date = GovukDateField(
        label="Date the new IRO takes over", help_text="For example, 27 3 2025"
    )

    def __init__(self, *args, iros, children, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["iro"]).queryset = iros
        cast(forms.TypedMultipleChoiceField, self.fields["children"]).choices = [
            (c.pk, f"{c.full_name} ({c.la_reference})") for c in children
        ]
