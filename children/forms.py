"""Forms for recording a child's care history. They parse input; the services decide."""

from typing import cast

from django import forms

from accounts.models import PartnerOrganisation, Team, User
from accounts.permissions import ALLOCATION_ACTIONS, RULES
from children import codes
from children.models import AllocationKind, Sex
from children.validators import (
    validate_la_reference,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)
from core.dates import long_date
from core.forms import YES_NO, GovukDateField, GovukForm, YesNoField


def _blank(choices, label="Select"):
    return [("", label), *choices]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def yes_no_value(value: bool | None) -> str:
    """The radio value for a stored yes/no/unknown."""
    return "" if value is None else ("yes" if value else "no")


class IdentityForm(GovukForm):
    la_reference = forms.CharField(
        label="LA child reference",
        max_length=20,
        validators=[validate_la_reference],
        help_text="Letters, numbers and / . _ - only, up to 20 characters",
        error_messages={"required": "Enter the child's LA reference"},
    )
    first_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the child's first name"}
    )
    last_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 2012")
    sex = forms.ChoiceField(
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex"},
    )
    gender = forms.CharField(
        label="Gender as the child describes it (optional)", max_length=100, required=False
    )


class BackgroundForm(GovukForm):
    ethnicity = forms.ChoiceField(
        choices=_blank(codes.Ethnicity.choices),
        error_messages={"required": "Select the child's ethnicity"},
    )
    nationality = forms.ChoiceField(
        label="Nationality",
        help_text="Select 'Not yet known' if you do not know it yet.",
        error_messages={"required": "Select the child's nationality, or 'Not yet known'"},
    )
    second_nationality = forms.ChoiceField(label="Second nationality (optional)", required=False)
    place_of_birth = forms.CharField(label="Place of birth (optional)", required=False)
    first_language = forms.CharField(label="First language (optional)", required=False)
    upn = forms.CharField(
        label="Unique pupil number (UPN) (optional)",
        max_length=13,
        required=False,
        validators=[validate_upn],
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If there is no UPN, why not",
        required=False,
        choices=_blank(codes.UPNUnknownReason.choices, "Not applicable"),
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=12,
        required=False,
        validators=[validate_nhs_number],
        help_text="10 digits, for example 943 476 5919",
    )
    uasc = forms.ChoiceField(
        label="Is the child an unaccompanied asylum-seeking child (UASC)?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child is a UASC"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = codes.country_choices()
        cast(forms.ChoiceField, self.fields["nationality"]).choices = _blank(countries)
        cast(forms.ChoiceField, self.fields["second_nationality"]).choices = _blank(
            countries, "None"
        )

    def clean(self):
        data = super().clean() or {}
        if data.get("upn") and data.get("upn_unknown_reason"):
            self.add_error(
                "upn_unknown_reason", "Give the UPN or the reason it is not known, not both"
            )
        if (
            not data.get("upn")
            and not data.get("upn_unknown_reason")
            and not self.errors.get("upn")
        ):
            self.add_error("upn", "Enter the UPN, or select why there is none")
        return data


class EntryForm(GovukForm):
    start_date = GovukDateField(label="Date the child started to be looked after")
    category_of_need = forms.ChoiceField(
        choices=_blank(codes.CategoryOfNeed.choices),
        error_messages={"required": "Select the category of need"},
    )
    legal_status = forms.ChoiceField(
        choices=_blank(codes.LegalStatus.choices),
        error_messages={"required": "Select the legal status"},
    )
    order_date = GovukDateField(label="Date of the order (if there is one)", required=False)
    previous_permanence = forms.ChoiceField(
        label="Permanence before coming into care",
        choices=_blank(codes.PreviousPermanence.choices),
        error_messages={
            "required": "Select the child's previous permanence, or 'No previous permanence option'"
        },
    )
    previous_permanence_la = forms.ChoiceField(
        label="Council that made the previous order (if there was one)",
        required=False,
        choices=[("", "Not applicable"), *[(c, c) for c in sorted(codes.DFE_LA_CODES)]],
        help_text="Its DfE code, for example 335; 999 if not known.",
    )
    previous_permanence_date = GovukDateField(
        label="Date of the previous order (if known)", required=False
    )

    def clean(self):
        data = super().clean() or {}
        other = data.get("previous_permanence") not in ("", None, "Z1", "P4")
        if other and not data.get("previous_permanence_la"):
            self.add_error(
                "previous_permanence_la", "Select the council that made the previous order"
            )
        return data


class PlacementForm(GovukForm):
    placement_type = forms.ChoiceField(
        choices=_blank(codes.PlacementType.choices),
        error_messages={"required": "Select the type of placement"},
    )
    provider = forms.ChoiceField(
        label="Placement provider",
        choices=_blank(codes.PlacementProvider.choices, "Not applicable"),
        required=False,
        help_text="Not needed for temporary (T0 to T4) or other placements (Z11 to Z14).",
    )
    carer_name = forms.CharField(label="Carer or provider name", max_length=200, required=False)
    urn = forms.CharField(label="Ofsted URN (if registered)", max_length=8, required=False)
    address = forms.CharField(
        label="Placement address (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
        help_text="Without the postcode. Health and education partners see it.",
    )
    postcode = forms.CharField(
        label="Placement postcode",
        max_length=8,
        validators=[validate_postcode],
        error_messages={"required": "Enter the placement postcode"},
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=8,
        validators=[validate_postcode],
        required=False,
        help_text="Where the child lived before this placement.",
    )
    in_council_area = forms.ChoiceField(
        label="Is the placement inside the council's area?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the placement is inside the area"},
    )
    intended_until_18 = forms.ChoiceField(
        label="Is the placement intended to last until the child is 18?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the placement is meant to last until 18"},
    )
    placed_before_assessment = forms.ChoiceField(
        label="Is the child placed with a parent before the assessment is complete?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        initial="no",
        help_text="Only for a placement with a parent (P1) made under reg 19 of the Care "
        "Planning, Placement and Case Review (England) Regulations 2010. The child is then "
        "visited at least weekly until the first review, then at least every 6 weeks "
        "(reg 28(3)).",
    )
    temporary_approval = forms.ChoiceField(
        label="Is the carer a connected person with temporary approval?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        initial="no",
        help_text="A relative, friend or other connected person approved as a foster carer "
        "for a temporary period under reg 24, before their full assessment (foster "
        "placements with a relative or friend, U1 to U3). The child is then visited at "
        "least weekly until the first review, then at least every 4 weeks (reg 28(4)).",
    )


class PlacementChangeForm(PlacementForm):
    start_date = GovukDateField(label="Date of the move")
    same_carer_as_previous = forms.ChoiceField(
        label="Is the child staying with the same carers?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the carers stay the same"},
    )
    reason_for_change = forms.ChoiceField(
        label="Why did the current placement end?",
        choices=_blank(codes.ReasonPlaceChange.choices),
        error_messages={"required": "Select why the current placement ended"},
    )
    planned_ending = forms.ChoiceField(
        label="Was the ending planned?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the ending was planned"},
    )

    missing_returned_on = GovukDateField(
        label="If the child is missing or away from the placement now: the date they returned",
        help_text="The missing or away episode ends by the end of the placement.",
        required=False,
    )

    field_order = [
        "start_date",
        "reason_for_change",
        "planned_ending",
        "same_carer_as_previous",
        "missing_returned_on",
    ]


class TemporaryApprovalEndForm(GovukForm):
    end_date = GovukDateField(
        label="Date the temporary approval ended",
        help_text="The day the connected person was approved as a foster carer, or the "
        "reg 24 approval expired. From then the visits follow reg 28(2).",
    )


class LegalStatusForm(GovukForm):
    code = forms.ChoiceField(
        label="New legal status",
        choices=_blank(codes.LegalStatus.choices),
        error_messages={"required": "Select the new legal status"},
    )
    start_date = GovukDateField(label="Date it started")
    order_date = GovukDateField(label="Date of the order (if there is one)", required=False)
    ends = forms.MultipleChoiceField(
        label="Which current legal statuses does it replace?",
        help_text="Leave a status unticked if it continues alongside the new one, "
        "for example a care order alongside a placement order.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["ends"]).choices = [
            (str(s.pk), f"{s.get_code_display()} ({s.code}), since {long_date(s.start_date)}")
            for s in current
        ]


class EndCareForm(GovukForm):
    end_date = GovukDateField(label="Date the child stopped being looked after")
    reason = forms.ChoiceField(
        label="Why did the child stop being looked after?",
        choices=_blank(codes.PERIOD_END_REASONS),
        error_messages={"required": "Select why the child stopped being looked after"},
    )
    missing_returned_on = GovukDateField(
        label="If the child is missing or away now: the date they returned",
        help_text="The missing or away episode ends by the day care ends.",
        required=False,
    )


class PermanenceForm(GovukForm):
    plan = forms.ChoiceField(
        label="Permanence plan",
        choices=codes.PermanencePlan.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the permanence plan"},
    )
    start_date = GovukDateField(label="Date the plan was agreed")


class AllocationForm(GovukForm):
    kind = forms.ChoiceField(
        label="What are you allocating?",
        choices=AllocationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are allocating"},
    )
    worker = forms.ModelChoiceField(
        label="Worker", queryset=User.objects.none(), required=False, empty_label="Select"
    )
    team = forms.ModelChoiceField(
        label="Team (for a team allocation)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Select",
    )
    start_date = GovukDateField(label="Date the allocation starts")
    reason = forms.ChoiceField(
        label="Why is the social worker changing?",
        required=False,
        choices=_blank(codes.SWChangeReason.choices, "Not a change of social worker"),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        """`kinds`: the allocation kinds the user may make; the workers offered are those
        whose role fits one of them (accounts.permissions)."""
        super().__init__(*args, **kwargs)
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        kind_field.choices = [c for c in AllocationKind.choices if c[0] in kinds]
        roles: set[str] = set()
        for kind in kinds:
            roles |= RULES[ALLOCATION_ACTIONS[kind]].worker_roles
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = User.objects.filter(
            is_active=True, role__in=roles
        ).order_by("last_name", "first_name")
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = Team.objects.order_by("name")


class AdoptionForm(GovukForm):
    decision_date = GovukDateField(
        label="Date of the decision that the child should be placed for adoption"
    )
    match_date = GovukDateField(label="Date matched with prospective adopters", required=False)
    placed_date = GovukDateField(label="Date placed for adoption", required=False)
    adopters_were_foster_carers = forms.ChoiceField(
        label="Were the adopters the child's foster carers?",
        choices=[("", "Not known yet"), *YES_NO],
        required=False,
    )
    number_of_adopters = forms.ChoiceField(
        label="Number of adopters",
        choices=[("", "Not known yet"), ("1", "1"), ("2", "2")],
        required=False,
    )
    adopters_sex = forms.ChoiceField(
        label="Adopters", choices=_blank(codes.AdopterSex.choices, "Not known yet"), required=False
    )
    adopters_legal_status = forms.ChoiceField(
        label="Adopters' legal status",
        choices=_blank(codes.AdopterLegalStatus.choices, "Not known yet"),
        required=False,
    )
    ceased_date = GovukDateField(
        label="Date of the decision that the child should no longer be placed for adoption",
        required=False,
        help_text="Only if the plan for adoption has stopped.",
    )
    ceased_reason = forms.ChoiceField(
        label="Why the child should no longer be placed for adoption",
        choices=_blank(codes.ReasonPlacedCeased.choices, "Not applicable"),
        required=False,
    )


OPTIONAL_YES_NO = [("", "Not recorded"), *YES_NO]


class ChildDetailsForm(GovukForm):
    first_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the child's first name"}
    )
    last_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    date_of_birth = GovukDateField(label="Date of birth")
    sex = forms.ChoiceField(choices=Sex.choices, widget=forms.RadioSelect)
    gender = forms.CharField(label="Gender as the child describes it (optional)", required=False)
    ethnicity = forms.ChoiceField(choices=codes.Ethnicity.choices)
    upn = forms.CharField(
        label="Unique pupil number (UPN)", max_length=13, required=False, validators=[validate_upn]
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If there is no UPN, why not",
        required=False,
        choices=_blank(codes.UPNUnknownReason.choices, "Not applicable"),
    )
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, validators=[validate_nhs_number]
    )
    place_of_birth = forms.CharField(required=False)
    first_language = forms.CharField(required=False)
    religion = forms.CharField(required=False)
    disability = forms.CharField(required=False, help_text="In words. Leave blank for none.")
    uasc = forms.ChoiceField(
        label="Unaccompanied asylum-seeking child", choices=YES_NO, widget=forms.RadioSelect
    )
    uasc_start = GovukDateField(label="UASC from", required=False)
    uasc_end = GovukDateField(label="UASC status ceased", required=False)
    age_assessment_date = GovukDateField(label="Date of the age assessment", required=False)
    age_assessment_outcome = forms.ChoiceField(
        label="Age assessment outcome",
        required=False,
        choices=_blank(codes.AgeAssessmentOutcome.choices, "Not applicable"),
    )
    is_mother = forms.ChoiceField(
        label="Is the child a mother?", choices=OPTIONAL_YES_NO, required=False
    )
    mothers_child_dob = GovukDateField(label="Her child's date of birth", required=False)

    def to_changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["uasc"] = yes_no(data["uasc"]) or False
        data["is_mother"] = yes_no(data["is_mother"])
        return data

    @classmethod
    def initial_for(cls, child) -> dict:
        initial = {name: getattr(child, name) for name in cls.base_fields}
        initial["uasc"] = yes_no_value(child.uasc)
        initial["is_mother"] = yes_no_value(child.is_mother)
        return initial


class NationalityForm(GovukForm):
    nationality = forms.ChoiceField(
        label="Nationality",
        help_text="Select 'Not yet known' if you do not know it yet.",
        error_messages={"required": "Select the child's nationality, or 'Not yet known'"},
    )
    second_nationality = forms.ChoiceField(label="Second nationality (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = codes.country_choices()
        cast(forms.ChoiceField, self.fields["nationality"]).choices = _blank(countries)
        cast(forms.ChoiceField, self.fields["second_nationality"]).choices = _blank(
            countries, "None"
        )


class AddressForm(GovukForm):
    line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter the first line of the address"},
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(
        max_length=8,
        validators=[validate_postcode],
        error_messages={"required": "Enter the postcode"},
    )
    start_date = GovukDateField(label="Date the child's home became this address")


class RelationshipForm(GovukForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the person's name"})
    relationship = forms.ChoiceField(
        choices=_blank(codes.RelationshipType.choices),
        error_messages={"required": "Select the relationship"},
    )
    parental_responsibility = YesNoField(
        label="Do they have parental responsibility?",
        error_messages={"required": "Select yes if they have parental responsibility"},
    )
    contact_details = forms.CharField(label="Contact details (optional)", required=False)


class WarningForm(GovukForm):
    text = forms.CharField(
        label="Warning",
        max_length=300,
        help_text="What everyone opening the record must know, in a sentence.",
        error_messages={"required": "Enter the warning"},
    )
    start_date = GovukDateField(label="Date it applies from")


class ShareForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=PartnerOrganisation.objects.none(),
        empty_label="Select",
        error_messages={
            "required": "Select the organisation to share the record with",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    start_date = GovukDateField(label="Date sharing starts")
    reason = forms.CharField(
        label="What it is shared for (optional)",
        max_length=300,
        required=False,
        help_text="For example, the initial health assessment, or the PEP.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = PartnerOrganisation.objects.filter(active=True).order_by("name")


class ShareStopForm(GovukForm):
    end_date = GovukDateField(
        label="Date sharing stops",
        help_text="From this day the organisation no longer sees the child's record.",
    )


# --- short breaks (reg 48) ---------------------------------------------------------------


class ShortBreaksStartForm(GovukForm):
    start_date = GovukDateField(label="Date the series of short breaks was agreed to start")
    carer = forms.CharField(
        label="Carer or setting (optional)",
        max_length=200,
        required=False,
        help_text="Where the breaks are spent, for example the name of a short breaks home.",
    )
    pattern = forms.CharField(
        label="Agreed pattern (optional)",
        max_length=300,
        required=False,
        help_text="For example, one weekend a month and a week in the summer.",
    )


class ShortBreaksEndForm(GovukForm):
    end_date = GovukDateField(label="Date the series of short breaks ended")


class ShortBreakForm(GovukForm):
    start_date = GovukDateField(label="Date the break started")
    end_date = GovukDateField(
        label="Date the break ended (leave blank while it goes on)",
        required=False,
        help_text="The day the child went home.",
    )
    reason_ended = forms.ChoiceField(
        label="Why did the break end? (when it has)",
        choices=_blank(codes.PERIOD_END_REASONS),
        required=False,
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=[
            (c, label) for c, label in codes.LegalStatus.choices if c in codes.SHORT_BREAK_STATUSES
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select V3 or V4"},
    )
    category_of_need = forms.ChoiceField(
        choices=_blank(codes.CategoryOfNeed.choices),
        error_messages={"required": "Select the category of need"},
    )
    placement_type = forms.ChoiceField(
        choices=_blank(codes.PlacementType.choices),
        error_messages={"required": "Select the type of placement"},
    )
    provider = forms.ChoiceField(
        label="Placement provider",
        choices=_blank(codes.PlacementProvider.choices, "Not applicable"),
        required=False,
    )
    carer_name = forms.CharField(
        label="Carer or provider name (if not the series' own)", max_length=200, required=False
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("end_date") and not data.get("reason_ended"):
            self.add_error("reason_ended", "Select why the break ended")
        return data
