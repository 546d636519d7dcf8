"""Forms for reviews. They parse input; the services decide."""

from typing import cast

from django import forms

from accounts.models import User
from children.codes import ParticipationCode
from core.forms import GovukDateField, GovukForm
from reviews.models import (
    CarePlanRating,
    LatenessReason,
    ParentsParticipation,
    PersonRole,
    RecommendationStatus,
    ReviewFormat,
    ViewsObtained,
)


def _radios(choices, label: str, message: str, *, required: bool = True, help_text: str = ""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


class BookingForm(GovukForm):
    booked_for = GovukDateField(label="Date of the review", help_text="For example, 5 1 2026")
    starts_at = forms.TimeField(
        label="Time",
        help_text="Use the 24-hour clock, for example, 14:30",
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        error_messages={
            "required": "Enter the time of the review",
            "invalid": "Enter the time as hours and minutes, for example, 14:30",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    format = _radios(
        ReviewFormat.choices, "How will the review be held?", "Select how the review will be held"
    )
    venue = forms.CharField(
        label="Venue (for an in-person or hybrid review)", required=False, max_length=200
    )
    video_link = forms.CharField(
        label="Video link (for a virtual or hybrid review)", required=False, max_length=500
    )
    invitations_sent_on = GovukDateField(
        label="Date invitations were sent (optional)",
        required=False,
        help_text="For example, 12 12 2025",
    )
    report_received_on = GovukDateField(
        label="Date the social worker's report was received (optional)", required=False
    )


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the review cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the review is cancelled"},
    )


class InviteeForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the name of the person invited"},
    )
    role = _radios(
        PersonRole.choices, "Who are they to the child?", "Select who the person is to the child"
    )


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date the review was held", help_text="For example, 27 3 2025")
    format = _radios(
        ReviewFormat.choices, "How was the review held?", "Select how the review was held"
    )
    participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=[c for c in ParticipationCode.choices if c[0] != "PN0"],
        required=False,
        widget=forms.RadioSelect,
        help_text="Leave blank for a child under 4 on the day: PN0 is recorded for them.",
    )
    views_obtained = _radios(
        ViewsObtained.choices,
        "How were the child's views obtained?",
        "Select how the child's views were obtained",
    )
    parents_participation = _radios(
        ParentsParticipation.choices,
        "How did the parents take part?",
        "Select how the parents took part",
    )
    attended = forms.MultipleChoiceField(
        label="Who attended? (from those invited)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others_attended = forms.CharField(
        label="Anyone else who attended (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "One person a line: their name, a comma, and their role, for example, "
            "Jo Smith, advocate"
        ),
    )
    care_plan_rating = _radios(
        CarePlanRating.choices,
        "How is the care plan progressing?",
        "Select a rating for the care plan",
    )
    care_plan_rating_reason = forms.CharField(
        label="Reason for an amber or red rating",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lateness_reason = forms.ModelChoiceField(
        label="Why was the review held late? (only for a late review)",
        queryset=LatenessReason.objects.filter(active=True),
        required=False,
        empty_label="Not late",
        error_messages={"invalid_choice": "Select why the review was held late from the list"},
    )
    next_review_directed_by = GovukDateField(
        label="Next review directed by (optional)",
        required=False,
        help_text=(
            "Only if you directed an earlier next review than the regulations require. "
            "For example, 15 5 2025"
        ),
    )

    def __init__(self, *args, invitees=(), due_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(i.pk), str(i)) for i in invitees]
        if not invitees:
            del self.fields["attended"]
        if due_hint:
            self.fields["lateness_reason"].help_text = due_hint
            # Bound fields copy the help text when first built (in the GOV.UK styling).
            self._bound_fields_cache.pop("lateness_reason", None)  # type: ignore[attr-defined]
            self._govuk_style()

    def others(self) -> list[tuple[str, str]]:
        """'Name, role' lines: the role matched to the list (other professional if not)."""
        by_label = {label.lower(): value for value, label in PersonRole.choices}
        by_label.update({value.replace("_", " "): value for value in PersonRole.values})
        people = []
        for line in self.cleaned_data.get("others_attended", "").splitlines():
            name, _, role = line.partition(",")
            if name.strip():
                people.append((name.strip(), by_label.get(role.strip().lower(), PersonRole.OTHER)))
        return people


def _owner_label(user: User) -> str:
    return f"{user.get_full_name() or user.username} ({user.get_role_display()})"


class RecommendationForm(GovukForm):
    text = forms.CharField(
        label="Recommendation",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )
    owner = forms.ModelChoiceField(
        label="Who is responsible for it?",
        queryset=User.objects.none(),
        empty_label="Select a person",
        error_messages={
            "required": "Select who is responsible for it",
            "invalid_choice": "Select who is responsible for it from the list",
        },
    )
    due_date = GovukDateField(label="Due by", help_text="For example, 30 1 2026")

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = owners if owners is not None else User.objects.none()
        field.label_from_instance = _owner_label  # type: ignore[method-assign,assignment]


class RecommendationUpdateForm(GovukForm):
    status = _radios(
        RecommendationStatus.choices, "Progress", "Select the recommendation's progress"
    )
    completed_on = GovukDateField(
        label="Date completed (if completed)", required=False, help_text="For example, 20 1 2026"
    )


class CloseForm(GovukForm):
    recommendations_issued_on = GovukDateField(
        label="Date the recommendations were issued",
        required=False,
        help_text="For example, 23 12 2025",
    )
    minutes_distributed_on = GovukDateField(
        label="Date the minutes were completed and distributed", required=False
    )


class LetterForm(GovukForm):
    letter = forms.CharField(
        label="Letter to the child",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Write to the child in words they will understand. It is printed with "
        "their first name and your name.",
        error_messages={"required": "Write the letter to the child"},
    )


class MidwayForm(GovukForm):
    held_on = GovukDateField(label="Date of the midway review", help_text="For example, 19 3 2026")
    notes = forms.CharField(
        label="Progress of the care plan",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the progress of the care plan"},
    )

    def __init__(self, *args, recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = list(recommendations)
        for rec in self.recommendations:
            self.fields[f"status_{rec.pk}"] = _radios(
                RecommendationStatus.choices,
                f"Progress on: {rec.text[:120]}",
                "Select the progress on each open recommendation",
            )
            self.fields[f"status_{rec.pk}"].initial = RecommendationStatus.OPEN
            self.fields[f"completed_on_{rec.pk}"] = GovukDateField(
                label="Date completed (if completed)", required=False
            )
            self.fields[f"note_{rec.pk}"] = forms.CharField(
                label="Note (optional)", required=False, max_length=2000
            )
        self._bound_fields_cache.clear()  # type: ignore[attr-defined]
        self._govuk_style()


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
