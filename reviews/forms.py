"""Forms for reviews. They parse input; the services decide."""

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
