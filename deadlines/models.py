"""Statutory deadlines, as computed from each child's record by `deadlines.rules`.

A `Deadline` is one rule's due date for one child and one occasion (`key`: the
period of care, placement or record it belongs to). Rows are never deleted by
a recompute: a deadline the record no longer gives rise to is marked "no
longer applies", and one whose occasion passed unmet is "missed", so a work list,
reminder or report can always say what happened to it.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from children.models import Child
from deadlines.rules import REGISTRY


class NonWorkingDay(models.Model):
    """A day that is not a working day beyond weekends and England's bank holidays
    (a one-off bank holiday announced at short notice). Edited in the admin."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"


class DeadlineStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    # The occasion passed unmet and can no longer be met (a midway review once the next
    # review is held): kept, so that reports count it, and no longer open work.
    MISSED = "missed", "Missed"
    NO_LONGER_APPLIES = "no_longer_applies", "No longer applies"


# The records that meet deadlines (Deadline.met_by is "app.model:id"), in words.
MET_BY_LABELS = {
    "children.allocation": "IRO allocation",
    "casework.careplan": "care plan agreed",
    "reviews.review": "review held",
    "euss.eussrecord": "EU Settlement Scheme record",
    "reviews.reviewbooking": "review booking",
    "reviews.midwayreview": "midway review",
    "resolutions.resolutionstage": "stage response",
    "health.initialhealthassessment": "initial health assessment",
    "health.reviewhealthassessment": "review health assessment",
    "health.dentalcheck": "dental check",
    "health.sdq": "SDQ",
    "health.healthsummary": "leaving care health summary",
    "education.pep": "PEP completed",
    "care_leavers.needsassessment": "needs assessment",
    "care_leavers.pathwayplan": "pathway plan agreed",
}
# Where a rule is met by a kind of record that other rules share, the words for its own.
MET_BY_RULE_LABELS = {"pa_allocation": "personal adviser allocation"}


def _model_words(kind: str) -> str:
    """A kind of record not named above, in its model's own words ("optician check")."""
    from django.apps import apps

    label, _, model = kind.partition(".")
    try:
        return str(apps.get_model(label, model)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


OPEN_STATUSES = frozenset(
    {DeadlineStatus.UPCOMING, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE}
)


class Deadline(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=40)
    key = models.CharField(
        max_length=60, help_text="The occasion: the period of care, placement or record."
    )
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=DeadlineStatus.choices)
    met_on = models.DateField(null=True, blank=True)
    met_by = models.CharField(
        max_length=60, blank=True, help_text="The record that met it, as app.model:id."
    )
    explanation = models.TextField()
    changed_at = models.DateTimeField(help_text="When a recompute last changed it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "rule", "key"], name="one_deadline_per_occasion"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["rule", "status"]),
            # The work lists and home pages count and list the open deadlines of a set
            # of children: one index entry per open deadline (about a tenth of the
            # rows), holding what they count by and sort by (an index-only scan).
            models.Index(
                fields=["child", "rule", "status", "due_date"],
                include=["id"],
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
                name="deadline_open_by_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for child {self.child_id} due {self.due_date:%d/%m/%Y}"

    @property
    def rule_title(self) -> str:
        registered = REGISTRY.get(self.rule)
        return registered.title if registered else self.rule

    @property
    def rule_source(self) -> str:
        registered = REGISTRY.get(self.rule)
        return registered.source if registered else ""

    @property
    def met_by_label(self) -> str:
        """The kind of record that met it, in words ("care plan agreed")."""
        kind = self.met_by.split(":", 1)[0]
        if kind and self.rule in MET_BY_RULE_LABELS:
            return MET_BY_RULE_LABELS[self.rule]
        return MET_BY_LABELS.get(kind) or _model_words(kind)

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_date


class PendingRecompute(models.Model):
    """A child whose recompute could not be queued (the broker was down). The
    next recompute of any kind catches them up and clears the row."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Child {self.child_id}, waiting since {self.since:%d/%m/%Y %H:%M}"


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class Reminder(models.Model):
    """A reminder sent to a person about a deadline at a stage: at most one per
    deadline, due date, stage and person."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    stage = models.CharField(max_length=20, choices=ReminderStage.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "user", "stage", "due_date"], name="one_reminder_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} reminder for deadline {self.deadline_id}"
