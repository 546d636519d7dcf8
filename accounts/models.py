"""People, teams and roles (DOMAIN.md section 1)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
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


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.SOCIAL_WORKER)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="For partner-agency users: the organisation they work for.",
    )
    job_title = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def sees_case_records(self) -> bool:
        """Administrators and partners never browse case records in the web pages."""
        return self.role not in (Role.ADMINISTRATOR, Role.PARTNER)
