from typing import cast

from django import forms

from accounts.models import Role, User
from core.forms import GovukDateField, GovukForm, YesNoField
from euss.models import EussStatus

# Workers who may support a child's application.
SUPPORTING_ROLES = [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PERSONAL_ADVISER, Role.IRO]


class EussForm(GovukForm):
    status = forms.ChoiceField(
        label="Application status", choices=EussStatus.choices, widget=forms.RadioSelect
    )
    family_member = YesNoField(
        label="Is the child a family member of an EU, EEA or Swiss national?",
        help_text="For example the child of a Polish parent, when the child's own "
        "nationality is not EU, EEA or Swiss.",
    )
    family_member_reason = forms.CharField(
        label="Whose family member, and how", max_length=300, required=False
    )
    identified_date = GovukDateField(label="Date identified as eligible", required=False)
    home_office_reference = forms.CharField(
        label="Home Office reference", max_length=40, required=False
    )
    coa_reference = forms.CharField(
        label="Certificate of application reference", max_length=40, required=False
    )
    coa_date = GovukDateField(label="Date of the certificate of application", required=False)
    residence_start = GovukDateField(
        label="Start of continuous residence in the UK",
        required=False,
        help_text="Leave blank if not known: the date pre-settled status was granted is used.",
    )
    pre_settled_date = GovukDateField(label="Date pre-settled status granted", required=False)
    pre_settled_expiry = GovukDateField(label="Pre-settled status expires", required=False)
    settled_date = GovukDateField(label="Date settled status granted", required=False)
    supported_by = forms.ModelChoiceField(
        label="Worker supporting the application",
        queryset=User.objects.none(),
        required=False,
        empty_label="None",
    )
    supporting_organisation = forms.CharField(
        label="Organisation supporting the application",
        max_length=200,
        required=False,
        help_text="For example a law centre or a voluntary agency.",
    )
    retrospective_check_date = GovukDateField(
        label="Date of the retrospective check", required=False
    )
    retrospective_check_notes = forms.CharField(
        label="Retrospective check outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["supported_by"]).queryset = User.objects.filter(
            is_active=True, role__in=SUPPORTING_ROLES
        ).order_by("last_name", "first_name", "pk")
