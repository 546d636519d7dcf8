from importlib import import_module

import pytest

from accounts.models import Role
from tests.factories import ChildFactory, TeamFactory, UserFactory, allocate


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Team A")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Team B")


@pytest.fixture
def social_worker(team_a):
    return UserFactory(username="sw.a", role=Role.SOCIAL_WORKER, team=team_a)


@pytest.fixture
def teammate(team_a):
    return UserFactory(username="sw.a2", role=Role.SOCIAL_WORKER, team=team_a)


@pytest.fixture
def outsider(team_b):
    """A social worker in another team."""
    return UserFactory(username="sw.b", role=Role.SOCIAL_WORKER, team=team_b)


@pytest.fixture
def team_manager(team_a):
    manager = UserFactory(username="tm.a", role=Role.TEAM_MANAGER, team=team_a)
    team_a.manager = manager
    team_a.save()
    return manager


@pytest.fixture
def child(team_a, social_worker):
    """A child held by team A, allocated to `social_worker`."""
    c = ChildFactory(first_name="Robin", last_name="Applebury")
    allocate(c, team=team_a)
    allocate(c, worker=social_worker)
    return c


@pytest.fixture
def real_worker(transactional_db):
    """A Celery worker (in a thread of the test process) consuming the suite's own broker;
    tasks are sent to it rather than run in-process."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from config.celery import app
    from tests.celery_helpers import empty_test_broker, sending_to

    with sending_to(settings.TEST_BROKER_URL):
        try:
            with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
                yield app
        finally:
            empty_test_broker()


# The lists the migrations seed (IHA and review lateness reasons, PEP quality ratings,
# resolution themes and Quality of Practice reasons). A transactional test empties
# every table when it ends; when the suite runs in parallel, other modules' tests
# follow it on the same worker and expect the lists, so a test that uses the database
# finds them seeded again first, and the content types read afresh.
SEEDING_MIGRATIONS = (
    "education.migrations.0002_seed_pep_quality_ratings",
    "health.migrations.0002_seed_iha_lateness_reasons",
    "resolutions.migrations.0002_seed_lists",
    "reviews.migrations.0004_lateness_reasons",
)
SEEDED_MODELS = (
    "education.PepQualityRating",
    "health.IhaLatenessReason",
    "resolutions.Theme",
    "resolutions.QopReason",
    "reviews.LatenessReason",
)


@pytest.fixture(autouse=True)
def _seeded_lists(request, django_db_setup, django_db_blocker):
    marker = request.node.get_closest_marker("django_db")
    uses_database = marker is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_database:
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        # A transactional test's flush also renumbers the content types; a cached id from
        # before it would point at a row that is gone (the admin's log, permissions).
        ContentType.objects.clear_cache()
        with django_db_blocker.unblock():
            if not all(apps.get_model(m)._default_manager.exists() for m in SEEDED_MODELS):
                for name in SEEDING_MIGRATIONS:
                    import_module(name).seed(apps, None)
    yield
