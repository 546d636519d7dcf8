"""The child and who is allocated to them.

Issue-by-issue this grows into the full care history; the allocation table is
what access to a child's record is decided from (children/selectors.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from children import codes
from children.validators import (
    validate_la_reference,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)


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
        validators=[validate_la_reference],
        help_text="The council's reference for the child; the CHILD id in the SSDA903 return.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(
        "gender as recorded",
        max_length=100,
        blank=True,
        help_text="How the child describes their gender, in their words, if different from sex.",
    )
    ethnicity = models.CharField(
        max_length=4, choices=codes.Ethnicity.choices, default=codes.Ethnicity.NOBT
    )
    upn = models.CharField(
        "unique pupil number", max_length=13, blank=True, validators=[validate_upn]
    )
    upn_unknown_reason = models.CharField(
        "reason the UPN is not known",
        max_length=3,
        blank=True,
        choices=codes.UPNUnknownReason.choices,
    )
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    place_of_birth = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    disability = models.CharField(
        max_length=300, blank=True, help_text="Any disability, in words. Leave blank for none."
    )
    # Unaccompanied asylum-seeking child (903 UASC table).
    uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    uasc_start = models.DateField("UASC from", null=True, blank=True)
    uasc_end = models.DateField(
        "UASC status ceased",
        null=True,
        blank=True,
        help_text="The 903 DUC: when the child stopped being a UASC (usually their 18th birthday).",
    )
    age_assessment_date = models.DateField(null=True, blank=True)
    age_assessment_outcome = models.CharField(
        max_length=20, blank=True, choices=codes.AgeAssessmentOutcome.choices
    )
    # 903 MOTHER / MC_DOB: the child is herself a mother.
    is_mother = models.BooleanField("is a mother", null=True, blank=True)
    mothers_child_dob = models.DateField("her child's date of birth", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "la_reference"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["nhs_number"]),
        ]

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
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day the allocation ended; the next one starts that day.",
    )
    start_reason = models.CharField(
        "reason for the allocation",
        max_length=6,
        blank=True,
        choices=codes.SWChangeReason.choices,
        help_text="For social workers: why this worker was allocated (the 903 SW_REASON).",
    )
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


class Nationality(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="nationalities")
    country = models.CharField(
        max_length=2, help_text="ISO 3166 country code, or ZZ for not yet known."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "country"], name="one_row_per_nationality")
        ]

    def __str__(self) -> str:
        return self.country_name

    @property
    def country_name(self) -> str:
        if self.country == codes.NATIONALITY_NOT_KNOWN:
            return "Not yet known"
        import pycountry

        found = pycountry.countries.get(alpha_2=self.country)
        return found.name if found else self.country


class Address(models.Model):
    """The child's home address over time (the 903 HOME_POST is taken from here)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField("address line 1", max_length=200)
    line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="address_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.postcode}"


class Relationship(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=codes.RelationshipType.choices)
    parental_responsibility = models.BooleanField(default=False)
    contact_details = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["relationship", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class Warning(models.Model):
    """Something everyone opening the record must know (risk to visitors, allergies...)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="warnings")
    text = models.CharField(max_length=300)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.text


class ShortBreakSeries(models.Model):
    """An agreed series of short breaks (Care Planning, Placement and Case Review
    (England) Regulations 2010, reg 48; SSDA903 legal status V3/V4): one plan, with its
    own reviews and visits, to which each break belongs. Each break is a period of care
    of its own (`PeriodOfCare.short_break_series`), returned to the DfE as its own
    episode. Decision 0019."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="short_break_series")
    start_date = models.DateField("date the series started")
    end_date = models.DateField("date the series ended", null=True, blank=True)
    carer = models.CharField(
        "carer or setting", max_length=200, blank=True, help_text="Where the breaks are spent."
    )
    pattern = models.CharField(
        "agreed pattern",
        max_length=300,
        blank=True,
        help_text="For example, one weekend a month and a week in the summer.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "start_date", "pk"]
        verbose_name_plural = "short break series"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="short_breaks_end_after_they_start",
                violation_error_message="The series cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="one_open_short_break_series_per_child",
                violation_error_message="The child already has a current series of short breaks.",
            ),
        ]

    def __str__(self) -> str:
        return f"Short breaks from {self.start_date:%d/%m/%Y}"


class PeriodOfCare(models.Model):
    """From the day a child starts to be looked after to the day they cease."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="periods_of_care")
    start_date = models.DateField("date started to be looked after")
    category_of_need = models.CharField(max_length=2, choices=codes.CategoryOfNeed.choices)
    end_date = models.DateField("date ceased to be looked after", null=True, blank=True)
    reason_ceased = models.CharField(max_length=3, blank=True, choices=codes.PERIOD_END_REASONS)
    # 903 PrevPerm: permanence the child had before this period of care.
    previous_permanence = models.CharField(
        max_length=2, blank=True, choices=codes.PreviousPermanence.choices
    )
    previous_permanence_la = models.CharField(
        "council that made the previous order",
        max_length=3,
        blank=True,
        help_text="Its DfE code (for example 335), or WAL, SCO, NIR, NUK; 999 if not known.",
    )
    previous_permanence_date = models.DateField(null=True, blank=True)
    # A short break (reg 48): the agreed series it belongs to.
    short_break_series = models.ForeignKey(
        ShortBreakSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="breaks",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "start_date"]
        indexes = [models.Index(fields=["start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="period_ends_after_it_starts",
                violation_error_message="The period of care cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(reason_ceased=""),
                name="ended_period_has_a_reason",
                violation_error_message="Say why the child stopped being looked after.",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="one_open_period_per_child",
                violation_error_message="The child already has an open period of care.",
            ),
        ]

    def __str__(self) -> str:
        return f"Period of care from {self.start_date:%d/%m/%Y}"


class LegalStatusRecord(models.Model):
    """One legal status (903 LS) over time. Two may run at once (care order and placement order)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="legal_statuses")
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses"
    )
    code = models.CharField("legal status", max_length=2, choices=codes.LegalStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The day it ended; a following status starts that day."
    )
    order_date = models.DateField(
        "date of the order", null=True, blank=True, help_text="The date the court made the order."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="legal_status_ends_after_it_starts",
                violation_error_message="The legal status cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.start_date:%d/%m/%Y}"


class Placement(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    placement_type = models.CharField(max_length=3, choices=codes.PlacementType.choices)
    provider = models.CharField(
        max_length=3,
        blank=True,
        choices=codes.PlacementProvider.choices,
        help_text="Left blank for temporary and 'other' placements (T0-T4, Z11-Z14).",
    )
    carer_name = models.CharField("carer or provider name", max_length=200, blank=True)
    urn = models.CharField(
        "Ofsted URN",
        max_length=8,
        blank=True,
        help_text="The Ofsted unique reference number of the carer or home, if registered.",
    )
    address = models.TextField(
        "placement address",
        blank=True,
        help_text="Where the child lives in this placement, without the postcode.",
    )
    postcode = models.CharField(
        "placement postcode", max_length=8, blank=True, validators=[validate_postcode]
    )
    home_postcode = models.CharField(
        "home postcode",
        max_length=8,
        blank=True,
        validators=[validate_postcode],
        help_text="The postcode of the home the child was living at before this placement.",
    )
    in_council_area = models.BooleanField("inside the council's area", default=True)
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The day it ended; a following placement starts that day."
    )
    same_carer_as_previous = models.BooleanField(
        default=False, help_text="The child stays with the carers of the placement before."
    )
    reason_for_change = models.CharField(
        "reason the placement ended",
        max_length=6,
        blank=True,
        choices=codes.ReasonPlaceChange.choices,
    )
    planned_ending = models.BooleanField(null=True, blank=True)
    intended_until_18 = models.BooleanField("intended to last until the child is 18", default=False)
    # What the visit timescales of reg 28(3) and (4) turn on (deadlines.rules.sw_visit).
    placed_before_assessment = models.BooleanField(
        "placed with a parent before the assessment is complete (reg 19)",
        default=False,
        help_text="Care Planning, Placement and Case Review (England) Regulations 2010, "
        "reg 19: only for a placement with a parent (P1).",
    )
    temporary_approval = models.BooleanField(
        "carer is a connected person with temporary approval (reg 24)",
        default=False,
        help_text="A relative, friend or other connected person approved as a foster carer "
        "for a temporary period under reg 24 (foster placements U1 to U3).",
    )
    temporary_approval_ended = models.DateField(
        "temporary approval ended",
        null=True,
        blank=True,
        help_text="The day the reg 24 approval ended: the carer approved as a foster carer "
        "(or the approval expired). Blank while it is in force.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "start_date", "pk"]
        indexes = [models.Index(fields=["child", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_it_starts",
                violation_error_message="The placement cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(placed_before_assessment=False)
                | Q(placement_type=codes.WITH_PARENT_PLACEMENT),
                name="reg_19_placement_with_a_parent",
                violation_error_message="Only a placement with a parent (P1) is made under "
                "reg 19 before the assessment is complete.",
            ),
            models.CheckConstraint(
                condition=Q(temporary_approval=False)
                | Q(placement_type__in=sorted(codes.CONNECTED_PERSON_PLACEMENTS)),
                name="reg_24_approval_of_a_connected_person",
                violation_error_message="Temporary approval under reg 24 is for a foster "
                "placement with a relative, friend or other connected person (U1 to U3).",
            ),
            models.CheckConstraint(
                condition=Q(temporary_approval_ended__isnull=True)
                | (
                    Q(temporary_approval=True)
                    & Q(temporary_approval_ended__gte=models.F("start_date"))
                ),
                name="reg_24_approval_ends_in_its_placement",
                violation_error_message="A temporary approval ends on or after the day its "
                "placement started.",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="one_open_placement_per_child",
                violation_error_message="The child already has a current placement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_type} from {self.start_date:%d/%m/%Y}"


class PermanencePlanRecord(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="permanence_plans")
    plan = models.CharField(max_length=30, choices=codes.PermanencePlan.choices)
    start_date = models.DateField("date agreed")
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_plan_display()} from {self.start_date:%d/%m/%Y}"


class Adoption(models.Model):
    """The adoption journey of one period of care: the dates the 903 AD1 and PlacedAdoption need."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="adoptions")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="adoptions")
    decision_date = models.DateField(
        "date of the decision that the child should be placed for adoption"
    )
    match_date = models.DateField("date matched with prospective adopters", null=True, blank=True)
    placed_date = models.DateField("date placed for adoption", null=True, blank=True)
    ceased_date = models.DateField(
        "date of the decision that the child should no longer be placed for adoption",
        null=True,
        blank=True,
    )
    ceased_reason = models.CharField(
        max_length=3, blank=True, choices=codes.ReasonPlacedCeased.choices
    )
    adopters_were_foster_carers = models.BooleanField(null=True, blank=True)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    adopters_sex = models.CharField(max_length=2, blank=True, choices=codes.AdopterSex.choices)
    adopters_legal_status = models.CharField(
        max_length=3, blank=True, choices=codes.AdopterLegalStatus.choices
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "decision_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceased_date__isnull=True) | ~Q(ceased_reason=""),
                name="adoption_ceased_has_reason",
                violation_error_message="Say why the child is no longer to be placed for adoption.",
            ),
        ]

    def __str__(self) -> str:
        return f"Adoption decision {self.decision_date:%d/%m/%Y}"


class ChildShare(models.Model):
    """The council sharing a child's record with a partner organisation, whose users then
    see the child's identity, placement address and their own sections of the record
    (decision 0016). Sharing stops on `end_date`; the row is kept."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="shares"
    )
    start_date = models.DateField("shared from")
    end_date = models.DateField("sharing stopped on", null=True, blank=True)
    reason = models.CharField(
        "what it is shared for", max_length=300, blank=True, help_text="For example, the IHA."
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-start_date", "pk"]
        indexes = [models.Index(fields=["organisation", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "organisation"],
                condition=Q(end_date__isnull=True),
                name="one_open_share_per_organisation",
                violation_error_message="The record is already shared with this organisation.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="share_ends_after_it_starts",
                violation_error_message="Sharing cannot stop before it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"Shared with {self.organisation} from {self.start_date:%d/%m/%Y}"
