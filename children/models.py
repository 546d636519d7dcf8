"""The child and who is allocated to them.

Issue-by-issue this grows into the full care history; the allocation table is
what access to a child's record is decided from (children/selectors.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Sex(models.TextChoices):
    """SSDA903 SEX codes (2024/25 onwards)."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Child(models.Model):
    la_reference = models.CharField(
        "LA child reference",
        max_length=20,
        unique=True,
        help_text="The council's reference for the child; the CHILD id in the SSDA903 return.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "la_reference"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.la_reference})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AllocationKind(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM = "team", "Team"
    IRO = "iro", "Independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    INDEPENDENT_VISITOR = "independent_visitor", "Independent visitor"
    ADVOCATE = "advocate", "Advocate"


class Allocation(models.Model):
    """Who holds a child, and from when to when. An open allocation has no end date."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    kind = models.CharField(max_length=32, choices=AllocationKind.choices)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-start_date"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["team", "end_date"]),
            models.Index(fields=["child", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="allocation_ends_after_it_starts",
                violation_error_message="The allocation cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="team") & Q(team__isnull=False))
                | (~Q(kind="team") & Q(worker__isnull=False)),
                name="allocation_names_a_team_or_a_worker",
                violation_error_message="A team allocation names a team; any other names a worker.",
            ),
        ]

    def __str__(self) -> str:
        holder = self.team if self.kind == AllocationKind.TEAM else self.worker
        return f"{self.get_kind_display()}: {holder}"


class ChildRecordView(models.Model):
    """Who opened which child's record, and when. Never edited, never deleted by the app."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="record_views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="child_record_views"
    )
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["child", "-viewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.child_id} at {self.viewed_at:%Y-%m-%d %H:%M}"
