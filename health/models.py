"""Health records of children in care: the assessments, checks and questionnaires the
statutory guidance asks for, as dated records.

Every record is dated, so that what was true "at 31 March" can be read later (the
SSDA903 OC2 return) and the deadline rules (health.deadline_rules) can
work out what is due. Nothing is computed here; bands and timeliness come from
`health.codes` and the rules.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children.models import Child, PeriodOfCare
from health import codes


class IhaLatenessReason(models.Model):
    """Why an initial health assessment was late: a list the council edits in the admin."""

    name = models.CharField(max_length=150, unique=True)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class InitialHealthAssessment(models.Model):
    """The initial health assessment of one period of care, from the notification to
    health to the quality-assured report coming back (statutory guidance, Promoting the
    health and well-being of looked-after children, 2015)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="initial_assessments")
    period = models.OneToOneField(
        PeriodOfCare, on_delete=models.CASCADE, related_name="initial_assessment"
    )
    notified_on = models.DateField("date health were notified", null=True, blank=True)
    consent_on = models.DateField("date consent was given", null=True, blank=True)
    requested_on = models.DateField("date the assessment was requested", null=True, blank=True)
    appointment_on = models.DateField("appointment date", null=True, blank=True)
    completed_on = models.DateField("date completed", null=True, blank=True)
    practitioner = models.CharField("practitioner", max_length=150, blank=True)
    organisation = models.CharField("organisation", max_length=150, blank=True)
    returned_on = models.DateField("date quality-assured and returned", null=True, blank=True)
    outcome = models.TextField("outcome", blank=True)
    health_plan_actions = models.TextField("health plan actions", blank=True)
    lateness_reason = models.ForeignKey(
        IhaLatenessReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Required when the assessment was completed after its due date.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-period__start_date"]
        indexes = [models.Index(fields=["child", "completed_on"])]

    def __str__(self) -> str:
        return f"Initial health assessment (period of care from {self.period.start_date:%d/%m/%Y})"


class ReviewHealthAssessment(models.Model):
    """A review health assessment: every 6 months under 5, every 12 months from 5."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="review_assessments")
    assessed_on = models.DateField("date of the assessment")
    assessor = models.CharField("carried out by", max_length=20, choices=codes.Assessor.choices)
    organisation = models.CharField(max_length=150, blank=True)
    outcome = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "assessed_on"], name="one_rha_a_day")
        ]

    def __str__(self) -> str:
        return f"Review health assessment {self.assessed_on:%d/%m/%Y}"


class DentalCheck(models.Model):
    """A check by a dentist (OC2 TEETH_CHECK)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="dental_checks")
    checked_on = models.DateField("date of the check")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-checked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "checked_on"], name="one_dental_check_a_day")
        ]

    def __str__(self) -> str:
        return f"Dental check {self.checked_on:%d/%m/%Y}"


class OpticianCheck(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="optician_checks")
    checked_on = models.DateField("date of the check")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-checked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "checked_on"], name="one_optician_check_a_day")
        ]

    def __str__(self) -> str:
        return f"Optician check {self.checked_on:%d/%m/%Y}"


class ImmunisationCheck(models.Model):
    """Whether the child's immunisations were up to date when checked (OC2 IMMUNISATIONS)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="immunisation_checks")
    checked_on = models.DateField("date checked")
    up_to_date = models.BooleanField("immunisations up to date")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-checked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "checked_on"], name="one_immunisation_check_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Immunisations checked {self.checked_on:%d/%m/%Y}"


class SubstanceMisuseRecord(models.Model):
    """Whether a substance misuse problem was identified on a day, and what happened
    about an intervention (OC2 SUBSTANCE_MISUSE, INTERVENTION_RECEIVED,
    INTERVENTION_OFFERED)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="substance_misuse")
    recorded_on = models.DateField("date")
    identified = models.BooleanField("substance misuse problem identified")
    intervention = models.CharField(max_length=12, choices=codes.Intervention.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-recorded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "recorded_on"], name="one_substance_record_a_day"
            ),
            models.CheckConstraint(
                condition=Q(identified=True) | Q(intervention=""),
                name="intervention_only_when_identified",
            ),
        ]

    def __str__(self) -> str:
        return f"Substance misuse recorded {self.recorded_on:%d/%m/%Y}"


class Sdq(models.Model):
    """A Strengths and Difficulties Questionnaire: its total score, or the SSDA903 reason
    why there is none. The band is worked out from the score."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sdqs")
    completed_on = models.DateField("date")
    score = models.PositiveSmallIntegerField("total difficulties score", null=True, blank=True)
    reason = models.CharField(
        "reason not completed", max_length=4, choices=codes.SdqReason.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-completed_on", "-pk"]
        verbose_name = "SDQ"
        constraints = [
            models.UniqueConstraint(fields=["child", "completed_on"], name="one_sdq_a_day"),
            models.CheckConstraint(
                condition=(Q(score__isnull=False, score__lte=40) & Q(reason=""))
                | (Q(score__isnull=True) & ~Q(reason="")),
                name="sdq_score_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"SDQ {self.completed_on:%d/%m/%Y}"

    @property
    def band(self) -> str:
        return codes.sdq_band(self.score) if self.score is not None else ""

    @property
    def band_label(self) -> str:
        return codes.SdqBand(self.band).label if self.band else ""


class HealthSummary(models.Model):
    """The leaving care health summary given to a young person before they leave care."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_summaries")
    issued_on = models.DateField("date issued")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-issued_on", "-pk"]
        verbose_name_plural = "health summaries"
        constraints = [
            models.UniqueConstraint(fields=["child", "issued_on"], name="one_summary_a_day")
        ]

    def __str__(self) -> str:
        return f"Health summary issued {self.issued_on:%d/%m/%Y}"
