"""Reads about staff accounts."""

from dataclasses import dataclass
from datetime import datetime

from accounts.models import Role, User


@dataclass(frozen=True)
class RoleChange:
    on: datetime
    before: str
    after: str
    by: User | None


def role_changes(*, user: User) -> list[RoleChange]:
    """Every change of `user`'s role, newest first, from the account's history: the role
    before and after, when, and who made the change (None for a change made outside a
    signed-in request, such as a management command)."""
    rows = list(user.history.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    for before, after in zip(rows, rows[1:], strict=False):
        if before.role != after.role:
            changes.append(
                RoleChange(
                    on=after.history_date,
                    before=Role(before.role).label,
                    after=Role(after.role).label,
                    by=after.history_user,
                )
            )
    return changes[::-1]
