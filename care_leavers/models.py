"""Care leavers: their record continues the child's (children.Child), never a copy.

The category (eligible, relevant...) is not stored: care_leavers.categories computes
it from the periods of care whenever it is read. What is stored here is what the
personal adviser and social worker record: contacts, accommodation and activity over
time, needs assessments and pathway plans. The SSDA903 OC3 values are computed from
these (care_leavers.oc3).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children.models import Child


class ContactType(models.TextChoices):
    VISIT = "visit", "Visit in person"
    OFFICE = "office", "Met at the office or elsewhere"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Text or online message"
    LETTER = "letter", "Letter or email"
    OTHER = "other", "Other"


class InTouch(models.TextChoices):
    """The SSDA903 OC3 IN_TOUCH codes, as the outcome of a contact."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch (contact attempted, no response)"
    REFU = "REFU", "Young person refuses contact"
    NREQ = "NREQ", "Young person no longer requires services"
    RHOM = "RHOM", "Returned home to parents for 6 months or more"
    DIED = "DIED", "Young person has died"


class Accommodation(models.TextChoices):
    """The SSDA903 OC3 ACCOM letters (the suitability digit is stored apart)."""

    B = "B", "With parents or relatives"
    C = "C", "Community home or other form of residential care"
    D = "D", "Semi-independent, transitional accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings, without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyers and similar supported accommodation"
    U = "U", "Independent living"
    V = "V", "Emergency accommodation"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carers (Staying Put)"


# Never suitable (the DfE's code list has only S2 and X2).
ALWAYS_UNSUITABLE = frozenset({"S", "X"})
# Not before 18: Staying Put is for care leavers aged 18 to 21, and the DfE allows no
# foyer for a care leaver under 18 (rules 3001, 347).
FROM_18_ONLY = frozenset({"Z", "T"})
# Left out of seed 002's suitable-accommodation measure ("excluding gone abroad,
# deported and residence not known").
NOT_IN_SUITABILITY_MEASURE = frozenset({"G", "H", "R"})
STAYING_PUT = "Z"
CUSTODY = "X"


class Activity(models.TextChoices):
    """The SSDA903 OC3 ACTIV codes."""

    F1 = "F1", "Higher education, full-time"
    P1 = "P1", "Higher education, part-time"
    F2 = "F2", "Other education, full-time"
    P2 = "P2", "Other education, part-time"
    F4 = "F4", "Apprenticeship, full-time"
    P4 = "P4", "Apprenticeship, part-time"
    F5 = "F5", "Training or employment, full-time"
    P5 = "P5", "Training or employment, part-time"
    G4 = "G4", "Not in education, employment or training: illness or disability"
    G5 = "G5", "Not in education, employment or training: other reasons"
    G6 = "G6", "Not in education, employment or training: pregnancy or parenting"


NEET = frozenset({"G4", "G5", "G6"})
# Seed 002: not available for the labour market (illness, disability, pregnancy,
# young parents).
NOT_AVAILABLE_TO_WORK = frozenset({"G4", "G6"})


class Contact(models.Model):
    """A contact with (or an attempt to reach) a care leaver."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="leaving_care_contacts")
    contact_date = models.DateField("date of the contact")
    contact_type = models.CharField(max_length=10, choices=ContactType.choices)
    outcome = models.CharField(
        "in touch?",
        max_length=4,
        choices=InTouch.choices,
        help_text="The SSDA903 IN_TOUCH code the contact gives.",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leaving_care_contacts",
        verbose_name="by",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-contact_date", "-pk"]
        indexes = [models.Index(fields=["child", "contact_date"])]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} on {self.contact_date:%d/%m/%Y}"

    @property
    def in_touch(self) -> bool:
        return self.outcome == InTouch.YES


class AccommodationRecord(models.Model):
    """Where a care leaver lives from a date, until the next record starts."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="leaving_care_accommodation"
    )
    start_date = models.DateField("living there from")
    accommodation = models.CharField(max_length=1, choices=Accommodation.choices)
    suitable = models.BooleanField()
    unsuitable_reason = models.CharField("why it is not suitable", max_length=300, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "-pk"]
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "start_date"], name="one_accommodation_change_a_day"
            ),
            models.CheckConstraint(
                condition=Q(suitable=True) | ~Q(unsuitable_reason=""),
                name="unsuitable_accommodation_has_a_reason",
                violation_error_message="Say why the accommodation is not suitable.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_accommodation_display()} from {self.start_date:%d/%m/%Y}"

    @property
    def oc3_code(self) -> str:
        return f"{self.accommodation}{1 if self.suitable else 2}"

    @property
    def staying_put(self) -> bool:
        return self.accommodation == STAYING_PUT


class ActivityRecord(models.Model):
    """What a care leaver is doing (education, training, work, or not) from a date."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="leaving_care_activity")
    start_date = models.DateField("from")
    activity = models.CharField(max_length=2, choices=Activity.choices)
    details = models.CharField(
        max_length=300,
        blank=True,
        help_text="The course, employer or training; for NEET, why.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "-pk"]
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "start_date"], name="one_activity_change_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} from {self.start_date:%d/%m/%Y}"

    @property
    def neet(self) -> bool:
        return self.activity in NEET


class NeedsAssessment(models.Model):
    """The assessment of an eligible or relevant child's needs (Care Leavers (England)
    Regulations 2010, reg 5; Care Planning Regulations reg 42)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="needs_assessments")
    completed_on = models.DateField("date completed")
    summary = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"Needs assessment {self.completed_on:%d/%m/%Y}"


class PathwayPlan(models.Model):
    """A pathway plan as agreed or reviewed on a date: each review is a new version, so
    the plan's history is the list of its versions (and each version's own history)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="pathway_plans")
    agreed_on = models.DateField("date agreed or reviewed")
    young_persons_views = models.TextField("the young person's views")
    accommodation = models.TextField(blank=True)
    education_work = models.TextField("education, training and work", blank=True)
    health = models.TextField("health and wellbeing", blank=True)
    finance = models.TextField("money and finance", blank=True)
    relationships = models.TextField("family and relationships", blank=True)
    identity_documents = models.TextField(
        "identity documents", blank=True, help_text="Birth certificate, passport, NI number."
    )
    immigration = models.TextField("immigration and EU Settlement Scheme", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-agreed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "agreed_on"], name="one_pathway_plan_a_day")
        ]

    def __str__(self) -> str:
        return f"Pathway plan {self.agreed_on:%d/%m/%Y}"


PLAN_SECTIONS = (
    "accommodation",
    "education_work",
    "health",
    "finance",
    "relationships",
    "identity_documents",
    "immigration",
)
