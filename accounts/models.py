"""People, teams and roles (DOMAIN.md section 1)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    IRO = "iro", "Independent reviewing officer"
    IRO_MANAGER = "iro_manager", "IRO manager (principal IRO)"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    BUSINESS_SUPPORT = "business_support", "Business support"
    SENIOR_MANAGER = "senior_manager", "Senior manager"
    PARTNER = "partner", "Partner-agency user"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles whose holders manage other people's work: they see the access log of a
# child's record and their team's (or the whole service's) figures.
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.IRO_MANAGER, Role.SENIOR_MANAGER})


class OrganisationKind(models.TextChoices):
    HEALTH = "health", "Health provider"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual school"


# The sections of a child's record each kind of partner organisation works on
# (decision 0016). A section not listed here is never shown to a partner.
PARTNER_SECTIONS: dict[str, frozenset[str]] = {
    OrganisationKind.HEALTH: frozenset({"health"}),
    OrganisationKind.VIRTUAL_SCHOOL: frozenset({"education"}),
}


class PartnerOrganisation(models.Model):
    """An organisation outside the council's children's services whose users work on
    their own part of the records the council shares with them."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    active = models.BooleanField(
        default=True, help_text="An inactive organisation's users see no child."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sections(self) -> frozenset[str]:
        return PARTNER_SECTIONS.get(self.kind, frozenset())


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    manager = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_teams",
        help_text="The team manager, who sees every child the team holds.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# A Social Work England registration number: "SW" and its digits (SW12345). The SSDA903
# return reports it as SW_ID, which must begin with "SW" and have at least 4 characters
# (DfE rule SW02STG1).
SW_REGISTRATION_PATTERN = r"^SW[0-9]{2,8}$"
sw_registration_validator = RegexValidator(
    SW_REGISTRATION_PATTERN,
    message='Enter a Social Work England registration number: "SW" followed by its digits, '
    "like SW12345",
    code="invalid_sw_registration",
)


class HarbourUserManager(UserManager):
    """`createsuperuser` makes an administrator: a superuser runs the system and holds
    no case role (decision 0021, `User.clean`)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    objects = HarbourUserManager()  # type: ignore[misc]
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.SOCIAL_WORKER)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="For partner-agency users: the organisation they work for.",
    )
    job_title = models.CharField(max_length=100, blank=True)
    sw_registration = models.CharField(
        "Social Work England registration number",
        max_length=10,
        blank=True,
        validators=[sw_registration_validator],
        help_text="For social workers: SW followed by the digits (SW12345). The SSDA903 "
        "return reports it as the social worker's SW_ID.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["sw_registration"],
                condition=~Q(sw_registration=""),
                name="unique_sw_registration",
                violation_error_message="Another member of staff has this Social Work England "
                "registration number",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        """A superuser runs the system and holds no case role (decision 0021)."""
        super().clean()
        if self.is_superuser and self.role != Role.ADMINISTRATOR:
            raise ValidationError(
                {"role": "A superuser's role is administrator: they hold no case role"}
            )

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def partner_sections(self) -> frozenset[str]:
        """The sections of shared records a partner works on; none for anyone else, or
        for a partner without an active organisation."""
        organisation = self.partner_organisation if self.is_partner else None
        if organisation is None or not organisation.active:
            return frozenset()
        return organisation.sections

    @property
    def sees_case_records(self) -> bool:
        """Administrators and partners never browse case records in the web pages."""
        return self.role not in (Role.ADMINISTRATOR, Role.PARTNER)
