"""Changes to staff accounts, and the duties of administrators (decision 0021).

An administrator manages users, teams, partner organisations, settings and code lists.
They hold no case role, and no one changes their own account's role or access: the
admin site (accounts.admin) and `user_role_change` both ask `check_account_change`. A
superuser is the deployment's own account (`manage.py createsuperuser`); only a
superuser grants superuser status, groups or single permissions.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import Role, User
from core.exceptions import ApplicationError

ADMINISTRATORS_GROUP = "Administrators"
# What decides what an account may open or do. Nobody changes these on their own account.
ACCESS_FIELDS = (
    "role",
    "team",
    "partner_organisation",
    "is_active",
    "is_staff",
    "is_superuser",
    "groups",
    "user_permissions",
)
# What only a superuser grants.
SUPERUSER_FIELDS = ("is_superuser", "groups", "user_permissions")


def check_account_change(*, by: Any, user: Any, changed: set[str]) -> None:
    """Refuse a change `by` may not make to `user`'s account (`changed`: field names).

    Nobody changes their own role, team, organisation or access; only a superuser grants
    superuser status, groups or permissions."""
    if user.pk is not None and user.pk == by.pk:
        own = sorted(changed & set(ACCESS_FIELDS))
        if own:
            raise ApplicationError(
                "You cannot change your own role or access: ask another administrator",
                field=own[0],
            )
    if not by.is_superuser:
        granted = sorted(changed & set(SUPERUSER_FIELDS))
        if granted:
            raise ApplicationError(
                "Only the system's superuser grants superuser status, groups or permissions",
                field=granted[0],
            )


@transaction.atomic
def user_role_change(*, user: User, role: str, by: User) -> User:
    """Give `user` a new role (kept in the account's history, with who changed it)."""
    if role not in Role.values:
        raise ApplicationError("Select a role", field="role")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role == role:
        return user
    check_account_change(by=by, user=user, changed={"role"})
    user.role = role
    user._history_user = by  # type: ignore[attr-defined]
    user.save()
    return user


def administrators_group() -> Group:
    """The group administrators belong to: every permission on the models the admin site
    shows (accounts, teams, partner organisations, non-working days, code lists), and so
    on no case record, which the admin site does not show."""
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    types = [ContentType.objects.get_for_model(model) for model in admin.site._registry]
    group.permissions.set(Permission.objects.filter(content_type__in=types))
    return group
