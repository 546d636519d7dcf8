"""Forms for reviews. They parse input; the services decide."""

from django import forms

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
