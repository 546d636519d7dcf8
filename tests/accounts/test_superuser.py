"""`createsuperuser` makes an administrator, who holds no case role (decision 0021), and
that account's own admin page opens and saves."""

import pytest
from django.core.management import call_command

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_an_administrator_whose_admin_page_opens(client):
    call_command("createsuperuser", username="ops", email="ops@example.org", interactive=False)
    ops = User.objects.get(username="ops")
    assert ops.is_superuser and ops.role == Role.ADMINISTRATOR
    ops.full_clean()
    client.force_login(ops)
    assert client.get(f"/admin/accounts/user/{ops.pk}/change/").status_code == 200
