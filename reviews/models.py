"""Child-in-care reviews, IRO work and dispute resolution: built on the care history."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children.codes import ParticipationCode
from children.models import Child, PeriodOfCare

# --- booking, recording and closing a review -------------------------------------------


class ReviewFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual (video or phone)"
    HYBRID = "hybrid", "Hybrid (some in person, some joining remotely)"


class PersonRole(models.TextChoices):
    """Who someone invited to (or attending) a review is, to the child."""

    CHILD = "child", "Child"
    PARENT = "parent", "Parent"
    FAMILY = "family", "Other family member"
    CARER = "carer", "Carer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SCHOOL = "school", "School or virtual school"
    HEALTH = "health", "Health"
    ADVOCATE = "advocate", "Advocate"
    INDEPENDENT_VISITOR = "independent_visitor", "Independent visitor"
    OTHER = "other", "Other professional"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class ReviewBooking(models.Model):
    """A review booked for a date: the next review the child's reg 33 deadline is for.
    Business support or the IRO book it, send the invitations and receive the social
    worker's report; when the review is held the booking points to its `Review`."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="review_bookings")
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="review_bookings"
    )
    booked_for = models.DateField("date of the review")
    starts_at = models.TimeField("time")
    format = models.CharField(max_length=20, choices=ReviewFormat.choices)
    venue = models.CharField(max_length=200, blank=True)
    video_link = models.CharField("video link", max_length=500, blank=True)
    invitations_sent_on = models.DateField("date invitations were sent", null=True, blank=True)
    report_received_on = models.DateField(
        "date the social worker's report was received", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default="booked")
    cancelled_reason = models.TextField("reason for cancelling", blank=True)
    review = models.OneToOneField(
        "reviews.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
        help_text="The review held, once it has been.",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["booked_for", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="booked"),
                name="one_active_review_booking",
            )
        ]

    def __str__(self) -> str:
        return f"Review booked for {self.booked_for:%d/%m/%Y}"

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED


class Invitee(models.Model):
    booking = models.ForeignKey(ReviewBooking, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(max_length=200)
    role = models.CharField("role or relationship", max_length=30, choices=PersonRole.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ViewsObtained(models.TextChoices):
    """How the child's views were obtained for the review (fixed, counted in the IRO
    annual report)."""

    SPOKE_AT_REVIEW = "spoke_at_review", "Spoke at the review"
    MET_IRO_BEFORE = "met_iro_before", "Met the IRO before the review"
    ADVOCATE = "advocate", "Through an advocate"
    CONSULTATION = "consultation", "Consultation form or written views"
    CARER_OR_SW = "carer_or_sw", "Through their carer or social worker"
    NOT_GIVEN = "not_given", "Did not give their views"


class ParentsParticipation(models.TextChoices):
    ATTENDED = "attended", "Attended"
    VIEWS_WITHOUT_ATTENDING = "views_only", "Gave their views without attending"
    DID_NOT_TAKE_PART = "did_not_take_part", "Invited but did not take part"
    NOT_INVITED = "not_invited", "Not invited, or not appropriate"


class CarePlanRating(models.TextChoices):
    GREEN = "green", "Green: the plan is progressing"
    AMBER = "amber", "Amber: some drift or delay"
    RED = "red", "Red: the plan is not progressing"


# The list seeded by migration 0004 (which keeps its own copy, as migrations do).
DEFAULT_LATENESS_REASONS = [
    "Social worker's report not received in time",
    "Late notification of admission to care",
    "Late notification of a change in the child's circumstances",
    "IRO unavailable (sickness or leave)",
    "Social worker unavailable (sickness or leave)",
    "At the child's request",
    "Family unavailable",
    "Carer unavailable",
    "Professionals unavailable",
    "Interpreter or venue not available",
    "Other",
]


class LatenessReason(models.Model):
    """Why a review was held out of timescale: a list an administrator keeps."""

    name = models.CharField(max_length=200, unique=True)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Attendee(models.Model):
    """Someone who attended a review held: one of the invitees, or someone else."""

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    role = models.CharField("role or relationship", max_length=30, choices=PersonRole.choices)
    invitee = models.ForeignKey(
        Invitee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    NOT_COMPLETED = "not_completed", "Not completed"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"


class Recommendation(models.Model):
    """An action the IRO recommends at a review, with an owner and a due date; the IRO
    updates it at the next review or midway review."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="recommendations"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField("recommendation")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_recommendations"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | ~Q(status="completed") & Q(completed_on__isnull=True),
                name="completed_date_when_completed",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, today: date) -> bool:
        return self.status == RecommendationStatus.OPEN and self.due_date < today


class Review(models.Model):
    """A child-in-care review held (reg 33 of the Care Planning, Placement and Case
    Review (England) Regulations 2010), chaired by the IRO."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="reviews")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("date the review was held")
    next_review_directed_by = models.DateField(
        "IRO has directed the next review by",
        null=True,
        blank=True,
        help_text="Only when the IRO directs an earlier review than the regulations require.",
    )
    participation = models.CharField(
        "how the child took part",
        max_length=3,
        choices=ParticipationCode.choices,
        blank=True,
        help_text="The SSDA903 REVIEW_CODE. PN0 is set from the child's age (under 4).",
    )
    format = models.CharField(max_length=20, choices=ReviewFormat.choices, blank=True)
    views_obtained = models.CharField(
        "how the child's views were obtained",
        max_length=20,
        choices=ViewsObtained.choices,
        blank=True,
    )
    parents_participation = models.CharField(
        "how the parents took part", max_length=20, choices=ParentsParticipation.choices, blank=True
    )
    care_plan_rating = models.CharField(max_length=10, choices=CarePlanRating.choices, blank=True)
    care_plan_rating_reason = models.TextField("reason for the rating", blank=True)
    lateness_reason = models.ForeignKey(
        "reviews.LatenessReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="Why the review was held after its due date (only for a late review).",
    )
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommendations_issued_on = models.DateField(
        "date recommendations were issued", null=True, blank=True
    )
    minutes_distributed_on = models.DateField(
        "date minutes were completed and distributed", null=True, blank=True
    )
    imported = models.BooleanField(
        "recorded from an SSDA903 return",
        default=False,
        help_text="A review read from a return: its recommendations and minutes were dealt "
        "with before Harbour, so their deadlines are not tracked.",
    )
    letter = models.TextField("letter to the child", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-held_on", "-pk"]
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [
            models.UniqueConstraint(fields=["child", "held_on"], name="one_review_a_day"),
            models.CheckConstraint(
                condition=Q(next_review_directed_by__isnull=True)
                | Q(next_review_directed_by__gt=models.F("held_on")),
                name="directed_review_after_this_one",
            ),
        ]

    def __str__(self) -> str:
        return f"Review held {self.held_on:%d/%m/%Y}"

    @property
    def is_closed(self) -> bool:
        """Closed once the recommendations are issued and the minutes distributed."""
        return (
            self.recommendations_issued_on is not None and self.minutes_distributed_on is not None
        )


class MidwayReview(models.Model):
    """The IRO's check on progress between reviews (also "progress review"): about
    MIDWAY_REVIEW_MONTHS months after a review on the 6-month cycle."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="midway_reviews")
    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.CASCADE,
        related_name="midway_reviews",
        help_text="The review this is the midway point after.",
    )
    held_on = models.DateField("date of the midway review")
    notes = models.TextField("progress of the care plan")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Midway review {self.held_on:%d/%m/%Y}"


class RecommendationProgress(models.Model):
    """Progress on one open recommendation, noted at a midway review."""

    midway = models.ForeignKey(MidwayReview, on_delete=models.CASCADE, related_name="progress")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="progress"
    )
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.note[:50]}"
