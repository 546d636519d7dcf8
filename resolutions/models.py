"""Dispute resolutions (the IRO's challenge when a child's plan drifts) and Quality of
Practice forms (a recording or practice shortfall below the resolution threshold).

DOMAIN.md glossary: informal discussion first, then stage 1 (team manager), stage 2
(group manager), stage 3 (head of service), stage 4 (director of children's services),
then referral to Cafcass. Each formal stage is answered within a configurable number of
working days (RESOLUTION_RESPONSE_WORKING_DAYS, deadline rule `resolution_response`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children.models import Child


class _ListEntry(models.Model):
    """An entry of a configurable list: administrators add, rename, order and retire."""

    name = models.CharField(max_length=200, unique=True)
    active = models.BooleanField(default=True, help_text="Offered when raising a new one.")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(_ListEntry):
    """What a dispute resolution is about (seed 002, paragraph 7.3; seed 003, tables 8, 9)."""

    class Meta(_ListEntry.Meta):
        verbose_name = "resolution theme"


class QopReason(_ListEntry):
    """Why a Quality of Practice form was raised (seed 001)."""

    class Meta(_ListEntry.Meta):
        verbose_name = "Quality of Practice reason"


class Kind(models.TextChoices):
    INFORMAL = "informal", "Informal"
    FORMAL = "formal", "Formal"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class Stage(models.IntegerChoices):
    INFORMAL = 0, "Informal discussion"
    STAGE_1 = 1, "Stage 1 (team manager)"
    STAGE_2 = 2, "Stage 2 (group manager)"
    STAGE_3 = 3, "Stage 3 (head of service)"
    STAGE_4 = 4, "Stage 4 (director of children's services)"
    CAFCASS = 5, "Referral to Cafcass"


# The formal stages a named manager answers, with a response deadline.
RESPONDED_STAGES = frozenset({Stage.STAGE_1, Stage.STAGE_2, Stage.STAGE_3, Stage.STAGE_4})


class StageOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed: actions and timescales set"
    PARTLY_AGREED = "partly_agreed", "Partly agreed"
    NOT_AGREED = "not_agreed", "Not agreed"


class Resolution(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="resolutions")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resolutions_raised"
    )
    raised_on = models.DateField()
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        help_text="Formal once it reaches stage 1 (an informal one escalated becomes formal).",
    )
    themes = models.ManyToManyField(Theme, related_name="resolutions")
    concern = models.TextField("the concern")
    requested = models.TextField("what the IRO asks for")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    impact = models.TextField("impact on the child", blank=True)
    letter = models.TextField(
        "letter to the child",
        blank=True,
        help_text="Resolutions are written to the child (seed 001).",
    )
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["status", "raised_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_on__isnull=False),
                name="resolution_resolved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="resolution_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} resolution raised {self.raised_on:%d/%m/%Y}"


class ResolutionStage(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolution_stages",
        help_text="The manager who answers; none for a Cafcass referral.",
    )
    started_on = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=StageOutcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "stage"], name="one_of_each_stage"),
        ]
        indexes = [models.Index(fields=["responder", "responded_on"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} from {self.started_on:%d/%m/%Y}"

    @property
    def child_id(self) -> int:
        """The child's id (deadlines.triggers recomputes the child's deadlines)."""
        return self.resolution.child_id

    @property
    def has_deadline(self) -> bool:
        return self.stage in RESPONDED_STAGES and self.responder_id is not None


class QopForm(models.Model):
    """A Quality of Practice form: the IRO tells the recipient (usually the social worker or
    team manager) of a shortfall; the recipient responds; the IRO may escalate it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="qop_forms")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qop_forms_raised"
    )
    raised_on = models.DateField()
    reasons = models.ManyToManyField(QopReason, related_name="qop_forms")
    details = models.TextField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qop_forms_received"
    )
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    escalated_to = models.OneToOneField(
        Resolution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qop_form",
    )
    history = HistoricalRecords(m2m_fields=[reasons])

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = "Quality of Practice form"

    def __str__(self) -> str:
        return f"Quality of Practice form raised {self.raised_on:%d/%m/%Y}"
