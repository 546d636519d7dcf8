"""The EU Settlement Scheme tracker: one record per child (DOMAIN.md section 8).

Whether a child is eligible is not stored: it follows from their nationalities
(children.Nationality) and the typed "family member" flag here, so it cannot
drift from the nationality recorded on the child's details (euss/rules.py).
"""

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from children.models import Child


class EussStatus(models.TextChoices):
    NOT_APPLIED = "not_applied", "Not yet applied"
    APPLIED = "applied", "Applied (certificate of application)"
    PRE_SETTLED = "pre_settled", "Pre-settled status granted"
    SETTLED = "settled", "Settled status granted"
    REFUSED = "refused", "Refused"
    APPEAL = "appeal", "Appeal"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"


# Statuses where the Home Office has not (or not favourably) decided: the child
# still needs the council to act.
NO_DECISION = frozenset(
    {EussStatus.NOT_APPLIED, EussStatus.APPLIED, EussStatus.REFUSED, EussStatus.APPEAL}
)


class EussRecord(models.Model):
    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="euss_record")
    family_member = models.BooleanField(
        "family member of an EU, EEA or Swiss national",
        default=False,
        help_text="For a child without EU, EEA or Swiss nationality who may apply "
        "as a family member.",
    )
    family_member_reason = models.CharField(
        "whose family member, and how", max_length=300, blank=True
    )
    identified_date = models.DateField("date identified as eligible", null=True, blank=True)
    status = models.CharField(
        "application status",
        max_length=20,
        choices=EussStatus.choices,
        default=EussStatus.NOT_APPLIED,
    )
    home_office_reference = models.CharField(max_length=40, blank=True)
    coa_reference = models.CharField(
        "certificate of application reference", max_length=40, blank=True
    )
    coa_date = models.DateField("date of the certificate of application", null=True, blank=True)
    pre_settled_date = models.DateField("date pre-settled status granted", null=True, blank=True)
    settled_date = models.DateField("date settled status granted", null=True, blank=True)
    residence_start = models.DateField(
        "start of continuous residence in the UK",
        null=True,
        blank=True,
        help_text="Leave blank if not known: the pre-settled grant date is used instead.",
    )
    pre_settled_expiry = models.DateField("pre-settled status expires", null=True, blank=True)
    supported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="supported by (worker)",
    )
    supporting_organisation = models.CharField(
        "supported by (organisation)", max_length=200, blank=True
    )
    retrospective_check_date = models.DateField(null=True, blank=True)
    retrospective_check_notes = models.TextField("retrospective check outcome", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "EU Settlement Scheme record"

    def __str__(self) -> str:
        return f"EUSS: {self.get_status_display()} ({self.child_id})"

    @property
    def residence_start_used(self) -> date | None:
        """The recorded start of continuous residence, or the pre-settled grant date."""
        return self.residence_start or self.pre_settled_date

    @property
    def settled_eligibility_date(self) -> date | None:
        from euss.rules import settled_eligibility_date

        start = self.residence_start_used
        return settled_eligibility_date(start) if start else None
