"""Writes to children's records. Views, the API, tasks and commands call these."""

from django.db import transaction

from accounts.models import User
from children.models import Child, ChildRecordView


def record_child_view(*, child: Child, user: User, path: str) -> ChildRecordView:
    """Log that `user` opened `child`'s record. Called by every view of a child's record."""
    return ChildRecordView.objects.create(child=child, user=user, path=path[:300])


@transaction.atomic
def child_create(
    *,
    la_reference: str,
    first_name: str,
    last_name: str,
    date_of_birth,
    sex: str,
) -> Child:
    child = Child(
        la_reference=la_reference.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
    )
    child.full_clean()
    child.save()
    return child
