"""Navigation by role: what each kind of user is offered in the service navigation."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.models import Role, User
from children.selectors import SEE_ALL_ROLES


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation_for(*, user: User) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [NavItem("Home", reverse("core:home"))]
    if user.sees_case_records:
        label = (
            "All children" if user.role in (Role.IRO_MANAGER, Role.SENIOR_MANAGER) else "Children"
        )
        items.append(NavItem(label, reverse("children:list")))
        items.append(NavItem("My work", reverse("deadlines:my_work")))
        # By role alone, so that no page pays a query for its navigation; anyone else
        # who manages a team finds the team list from My work.
        if user.role == Role.TEAM_MANAGER:
            items.append(NavItem("Team deadlines", reverse("deadlines:team")))
        if user.role in SEE_ALL_ROLES:
            items.append(NavItem("All deadlines", reverse("deadlines:service")))
            items.append(NavItem("IRO caseloads", reverse("reviews:caseloads")))
        if user.role in (Role.IRO, Role.IRO_MANAGER, Role.SENIOR_MANAGER):
            items.append(NavItem("Resolutions", reverse("resolutions:open")))
        # Managers answer resolution stages; social workers and managers answer QoP forms.
        if user.is_manager or user.role == Role.SOCIAL_WORKER:
            items.append(NavItem("Awaiting my response", reverse("resolutions:awaiting")))
    if user.role == Role.PERSONAL_ADVISER:
        items.append(NavItem("My care leavers", reverse("care_leavers:caseload")))
    if user.role in (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.IRO_MANAGER):
        items.append(NavItem("Care leavers", reverse("care_leavers:list")))
    if user.is_manager:
        items.append(NavItem("Measures", reverse("reporting:dashboard")))
        items.append(NavItem("EU Settlement Scheme", reverse("euss:list")))
        items.append(NavItem("Health work", reverse("health:work")))
    if user.is_manager or user.role == Role.SOCIAL_WORKER:
        items.append(NavItem("Education", reverse("education:work_list")))
    # A partner works on their own section of the records shared with them.
    if "health" in user.partner_sections:
        items.append(NavItem("Health work", reverse("health:work")))
    if "education" in user.partner_sections:
        items.append(NavItem("Education", reverse("education:work_list")))
    if user.role == Role.ADMINISTRATOR or user.is_staff:
        items.append(NavItem("Administration", reverse("admin:index")))
    return items
