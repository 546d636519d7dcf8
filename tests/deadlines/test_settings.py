"""The council's local timescales are settings an administrator edits, with DOMAIN.md's defaults."""

import pytest
from constance import config
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from deadlines.rules import RuleSettings, rule_settings
from deadlines.timescales import TIMESCALES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_rule_setting_has_an_administrator_setting_with_the_same_default():
    assert set(RuleSettings().as_dict()) == set(TIMESCALES)
    for name, setting in TIMESCALES.items():
        default, help_text, kind = settings.CONSTANCE_CONFIG[name]
        assert default == setting.default == getattr(RuleSettings(), name), name
        assert kind is int and help_text == setting.help_text
        assert name in settings.CONSTANCE_CONFIG_FIELDSETS[setting.fieldset], name


def test_the_defaults_are_domain_md_s():
    assert rule_settings() == RuleSettings(
        IRO_ALLOCATION_WORKING_DAYS=2,
        CARE_PLAN_WORKING_DAYS=10,
        VISIT_FIRST_DAYS=7,
        VISIT_INTERVAL_FIRST_YEAR_DAYS=42,
        VISIT_INTERVAL_LONG_TERM_MONTHS=3,
        VISIT_INTERVAL_OTHER_DAYS=42,
        DUE_SOON_WORKING_DAYS=10,
    )


def test_an_administrator_changes_a_timescale_in_the_admin(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:constance_config_changelist")
    page = client.get(url)
    assert page.status_code == 200
    assert "IRO_ALLOCATION_WORKING_DAYS" in page.content.decode()
    form = page.context["form"]
    data = {name: form.initial[name] for name in form.fields if name in form.initial}
    data.update(IRO_ALLOCATION_WORKING_DAYS=3)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert config.IRO_ALLOCATION_WORKING_DAYS == 3
    assert rule_settings().IRO_ALLOCATION_WORKING_DAYS == 3


def test_a_social_worker_cannot_reach_the_settings(client):
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER))
    response = client.get(reverse("admin:constance_config_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_new_non_working_day_recomputes_every_childs_deadlines(
    django_capture_on_commit_callbacks, social_worker
):
    """A one-off bank holiday announced at short notice moves every working-day deadline
    that spans it. Child looked after on Wed 28 May 2025: IRO due Fri 30 May (2 working
    days). With Thu 29 May declared a holiday, it is due Mon 2 June."""
    from datetime import date

    from deadlines.models import Deadline, NonWorkingDay
    from deadlines.services import recompute
    from tests.children.builders import register

    child = register(social_worker, start=date(2025, 5, 28))
    recompute(child_ids=[child.pk], today=date(2025, 5, 28))
    deadline = Deadline.objects.get(child=child, rule="iro_allocation")
    assert deadline.due_date == date(2025, 5, 30)

    with django_capture_on_commit_callbacks(execute=True):
        NonWorkingDay.objects.create(date=date(2025, 5, 29), name="Extra bank holiday")
    deadline.refresh_from_db()
    assert deadline.due_date == date(2025, 6, 2)
