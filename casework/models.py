"""Casework on a child's record: the social worker's statutory visits, and the times the
child was missing or away from placement without authorisation (903 Missing table)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from children.models import Child


class Visit(models.Model):
    """A statutory visit to a looked-after child (reg 28)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField("date of the visit")
    seen_alone = models.BooleanField("child seen alone")
    bedroom_seen = models.BooleanField("child's bedroom seen")
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_made"
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-visit_date", "-pk"]
        indexes = [models.Index(fields=["child", "visit_date"])]

    def __str__(self) -> str:
        return f"Visit on {self.visit_date:%d/%m/%Y}"


class MissingKind(models.TextChoices):
    """SSDA903 MISSING codes."""

    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class MissingEpisode(models.Model):
    """A time the child was missing, or away without authorisation. Open while ongoing."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The day the child returned or was found."
    )
    where_found = models.CharField(max_length=300, blank=True)
    return_interview_offered = models.BooleanField(null=True, blank=True)
    return_interview_accepted = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "-pk"]
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="missing_episode_ends_after_it_starts",
                violation_error_message="The child cannot return before they went missing.",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="one_open_missing_episode_per_child",
                violation_error_message="The child is already recorded as missing now.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%d/%m/%Y}"


class CaseNoteType(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    MANAGEMENT_DECISION = "management_decision", "Management decision"
    DIRECT_WORK = "direct_work", "Direct work"
    EMAIL_OR_LETTER = "email_or_letter", "Email or letter"
    OTHER = "other", "Other"


class CaseNote(models.Model):
    """A dated note of something that happened in the child's case.

    Its author may change it for CASE_NOTE_EDIT_MINUTES after writing it; after that the
    text stands as written and corrections are added as amendments.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="case_notes")
    note_type = models.CharField("type", max_length=24, choices=CaseNoteType.choices)
    event_date = models.DateField("date of the event")
    subject = models.CharField(max_length=200)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes_written"
    )
    management_decision = models.BooleanField(default=False)
    # When the note was written: the edit window runs from here.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-event_date", "-pk"]
        indexes = [models.Index(fields=["child", "event_date"])]

    def __str__(self) -> str:
        return f"{self.get_note_type_display()} on {self.event_date:%d/%m/%Y}: {self.subject}"


class CaseNoteAmendment(models.Model):
    """A later addition to a case note whose own text can no longer change."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_note_amendments"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Amendment to note {self.note_id} on {self.created_at:%d/%m/%Y}"


class CarePlan(models.Model):
    """The child's care plan, each time it is agreed (Care Planning, Placement and Case
    Review (England) Regulations 2010, reg 4 and 5)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_plans")
    agreed_date = models.DateField("date the care plan was agreed")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_plans_recorded"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-agreed_date", "-pk"]
        indexes = [models.Index(fields=["child", "agreed_date"])]

    def __str__(self) -> str:
        return f"Care plan agreed {self.agreed_date:%d/%m/%Y}"


class YouthJusticeOutcomeKind(models.TextChoices):
    """What the SSDA903 OC2 item CONVICTED counts: a conviction, or a youth caution or
    youth conditional caution (Crime and Disorder Act 1998 ss66ZA, 66A)."""

    CONVICTION = "conviction", "Convicted of an offence"
    YOUTH_CAUTION = "youth_caution", "Youth caution"
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution", "Youth conditional caution"


class YouthJusticeOutcome(models.Model):
    """A conviction, youth caution or youth conditional caution, on the day it was given
    (OC2 CONVICTED: one during the collection year). `outcome` is blank when the record
    was read from an SSDA903 return, which says only that there was one."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="youth_justice_outcomes"
    )
    outcome_on = models.DateField("date")
    outcome = models.CharField(max_length=30, choices=YouthJusticeOutcomeKind.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-outcome_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "outcome_on"], name="one_youth_justice_outcome_a_day"
            )
        ]

    def __str__(self) -> str:
        what = self.get_outcome_display() or "Conviction or youth caution"
        return f"{what} on {self.outcome_on:%d/%m/%Y}"
