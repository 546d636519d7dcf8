"""The education of children in care: schools, special educational needs, the designated
teacher, time out of school and personal education plans (PEPs).

The year group is not stored: it follows from the date of birth and the English school
year (education.school_year), so it cannot drift.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children.models import Child, PeriodOfCare


class SenStatus(models.TextChoices):
    """Special educational needs provision (SEND Code of Practice 2015)."""

    NONE = "none", "No special educational needs"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan (EHCP)"


class OutOfSchoolReason(models.TextChoices):
    NO_PLACE = "no_place", "Not on a school roll: waiting for a school place"
    MISSING = "missing", "Missing education: whereabouts or provision not known"
    EXCLUDED = "excluded", "Permanently excluded, no new school yet"
    SUSPENDED = "suspended", "Suspended (fixed-term exclusion)"
    ALTERNATIVE = "alternative", "Alternative provision only"
    REDUCED = "reduced", "Reduced timetable"
    HOME = "home", "Elective home education"
    MEDICAL = "medical", "Out of school for medical reasons"
    OTHER = "other", "Other"


class SchoolPlacement(models.Model):
    """A school (or early years setting, or college) the child attended: one row per
    school, from and to, so that the rows are the child's school history. The designated
    teacher is the school's, so they are recorded with it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="schools")
    school_name = models.CharField("school, setting or college", max_length=200)
    urn = models.CharField(
        "unique reference number (URN)",
        max_length=6,
        blank=True,
        help_text="The school's 6-digit URN from Get Information about Schools, if known.",
    )
    start_date = models.DateField("date started at the school")
    end_date = models.DateField("date left the school", null=True, blank=True)
    designated_teacher_name = models.CharField(max_length=200, blank=True)
    designated_teacher_email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "-pk"]
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="school_left_after_starting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_name} from {self.start_date:%d/%m/%Y}"


class SenRecord(models.Model):
    """The child's special educational needs status from a date; a new status ends the
    one before it, so the rows are the history."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sen_records")
    status = models.CharField("SEN status", max_length=20, choices=SenStatus.choices)
    start_date = models.DateField("from")
    end_date = models.DateField("to", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="sen_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.start_date:%d/%m/%Y}"


class OutOfSchool(models.Model):
    """A time the child was not in full-time school: missing education, excluded,
    waiting for a place..."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="out_of_school")
    reason = models.CharField(max_length=20, choices=OutOfSchoolReason.choices)
    details = models.TextField(blank=True)
    start_date = models.DateField("from")
    end_date = models.DateField("to", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "-pk"]
        verbose_name_plural = "out of school"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="out_of_school_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.start_date:%d/%m/%Y}"


class PepQualityRating(models.Model):
    """The council's scale for the quality of a completed PEP (a code list an
    administrator edits). Seeded with seed 002's: "Meets the required standard" and
    "Does not meet the required standard", with the older four-point scale kept
    inactive for councils that still use it."""

    name = models.CharField(max_length=100, unique=True)
    meets_standard = models.BooleanField(
        default=True, help_text="Whether a PEP with this rating meets the required standard."
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "PEP quality rating"

    def __str__(self) -> str:
        return self.name


class Pep(models.Model):
    """A personal education plan meeting and the plan that came out of it. The plan
    counts towards the PEP deadlines (education.deadline_rules.pep_initial, pep_termly) on the day
    it was completed and signed off."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="peps")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="peps")
    meeting_date = models.DateField("date of the PEP meeting")
    completed_date = models.DateField(
        "date the PEP was completed and signed off", null=True, blank=True
    )
    attendees = models.TextField("who attended", blank=True)
    child_views = models.TextField("the child's views", blank=True)
    targets = models.TextField(blank=True)
    rating = models.ForeignKey(
        PepQualityRating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quality rating",
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rated_on = models.DateField("date rated", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-meeting_date", "-pk"]
        verbose_name = "personal education plan"
        indexes = [models.Index(fields=["child", "completed_date"])]
        constraints = [
            models.UniqueConstraint(fields=["child", "meeting_date"], name="one_pep_meeting_a_day"),
            models.CheckConstraint(
                condition=Q(completed_date__isnull=True)
                | Q(completed_date__gte=models.F("meeting_date")),
                name="pep_completed_after_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"PEP meeting {self.meeting_date:%d/%m/%Y}"
