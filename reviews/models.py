"""Child-in-care reviews, IRO work and dispute resolution: built on the care history."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children.codes import ParticipationCode
from children.models import Child, PeriodOfCare


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
