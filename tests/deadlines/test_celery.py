"""Deadlines are recomputed by Celery after an edit, and survive Celery's faults.

A real worker applies an edit made through the pages; a worker killed part-way through
the nightly recompute leaves nothing the next run cannot finish, and nothing twice;
with the broker down an edit is still saved, and its child is caught up later.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from casework.models import Visit
from casework.timescales import long_date
from config.celery import app
from deadlines import services
from deadlines.models import Deadline, DeadlineStatus, PendingRecompute
from deadlines.tasks import recompute_all_deadlines, recompute_pending_deadlines
from demo.builder import build_demo
from tests.celery_helpers import (
    broker_down,
    empty_test_broker,
    sending_to,
    wait_for,
)
from tests.children.builders import register

ROOT = Path(__file__).resolve().parents[2]


def visit_deadline(child) -> Deadline | None:
    return Deadline.objects.filter(child=child, rule="sw_visit").first()


def present(deadline: Deadline | None) -> Deadline:
    assert deadline is not None
    return deadline


def visit_form(worker, on: date) -> dict:
    return {
        "visited_by": worker.pk,
        "seen_alone": "yes",
        "bedroom_seen": "yes",
        "notes": "",
        "visit_date_0": on.day,
        "visit_date_1": on.month,
        "visit_date_2": on.year,
    }


@pytest.mark.celery_worker
def test_a_visit_recorded_on_the_page_is_applied_by_the_worker(real_worker, client, social_worker):
    today = timezone.localdate()
    placed = today - timedelta(days=30)
    child = register(social_worker, placed)
    # The registration itself went through the worker: the first visit was due within a week.
    assert wait_for(lambda: visit_deadline(child) is not None)
    assert present(visit_deadline(child)).due_date == placed + timedelta(days=7)

    client.force_login(social_worker)
    visited = today - timedelta(days=2)
    response = client.post(
        reverse("casework:visit_add", args=[child.pk]), visit_form(social_worker, visited)
    )
    assert response.status_code == 302

    # Then at most every 6 weeks in the placement's first year.
    due = visited + timedelta(weeks=6)
    assert wait_for(lambda: present(visit_deadline(child)).due_date == due)
    row = present(visit_deadline(child))
    assert row.status == DeadlineStatus.UPCOMING
    latest = row.history.first()
    assert latest is not None
    assert latest.history_change_reason == services.CHANGE_REASON
    assert not PendingRecompute.objects.exists()
    page = client.get(reverse("deadlines:my_work")).content.decode()
    assert child.full_name in page
    assert long_date(due) in page
    assert long_date(due) in row.explanation


def deadline_rows() -> set[tuple]:
    return set(Deadline.objects.values_list("child_id", "rule", "key", "due_date", "status"))


def database_url_of_this_test() -> str:
    """The database the test is using (pytest-django's `test_<name>`), as a URL, for a
    worker in another process."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement of the task, and the batch in
        hand neither committed nor rolled back by the worker."""
        self.process.kill()
        self.process.wait()

    def output(self) -> str:
        return self.log.read_text()


@contextmanager
def worker_process(
    queue: str, log: Path, *, batch_size: int, pause: float
) -> Iterator[WorkerProcess]:
    """A worker in a process of its own (tests/deadlines/recompute_worker.py), on the
    test's database and the suite's own broker, writing its output to `log`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_of_this_test(),
        "REDIS_URL": settings.REDIS_URL,
    }
    command = [sys.executable, "-m", "tests.deadlines.recompute_worker", queue]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, str(batch_size), str(pause)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield WorkerProcess(process, log)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def redis_broker(transactional_db):
    """The suite's own Redis database, shared with workers in other processes."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL): the worker runs in a process of its own")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker runs in a process of its own")
    with sending_to(settings.TEST_BROKER_URL):
        try:
            yield settings.TEST_BROKER_URL
        finally:
            empty_test_broker()


@pytest.mark.celery_worker
def test_a_worker_killed_during_the_nightly_recompute_leaves_the_next_run_to_finish_it(
    redis_broker, tmp_path
):
    first, following = (f"deadline-faults-{uuid4().hex}" for _ in range(2))
    # Two workers, each on a queue of its own, started while the council is built. The
    # first recomputes 10 children at a time and pauses a quarter of a second before each
    # batch commits: killed once its first batch is in, it has the second one written
    # but not committed, and more than a dozen still to do.
    with (
        worker_process(first, tmp_path / "killed.log", batch_size=10, pause=0.25) as killed,
        worker_process(following, tmp_path / "next.log", batch_size=10, pause=0) as survivor,
    ):
        build_demo(children=200, seed=5, today=timezone.localdate())
        clean = deadline_rows()
        assert len(clean) > 200
        Deadline.history.all().delete()
        Deadline.objects.all().delete()

        recompute_all_deadlines.apply_async(queue=first)
        assert wait_for(Deadline.objects.exists, timeout=30), killed.output()
        killed.kill()
        written = Deadline.objects.count()
        assert 0 < written < len(clean)

        recompute_all_deadlines.apply_async(queue=following)
        assert wait_for(lambda: deadline_rows() == clean, timeout=30), survivor.output()

    assert Deadline.objects.count() == len(clean)
    created = Deadline.history.filter(history_type="+").values("id").annotate(n=Count("pk"))
    assert created.count() == len(clean)
    assert not created.filter(n__gt=1).exists()
    # And a further run finds nothing to change.
    again = services.recompute()
    assert (again.created, again.updated) == (0, 0)


@pytest.mark.celery_worker
@pytest.mark.parametrize("how", ["refused", "silent"])
@pytest.mark.parametrize(
    "catch_up", [recompute_pending_deadlines, recompute_all_deadlines], ids=["pending", "nightly"]
)
def test_with_the_broker_down_an_edit_is_saved_at_once_and_caught_up_later(
    how, catch_up, transactional_db, client, social_worker
):
    today = timezone.localdate()
    placed = today - timedelta(days=30)
    child = register(social_worker, placed)
    before = present(visit_deadline(child)).due_date
    client.force_login(social_worker)
    visited = today - timedelta(days=2)

    with broker_down(how) as url, sending_to(url):
        started = time.monotonic()
        response = client.post(
            reverse("casework:visit_add", args=[child.pk]), visit_form(social_worker, visited)
        )
        took = time.monotonic() - started

    assert response.status_code == 302
    assert took < 3
    assert Visit.objects.filter(child=child, visit_date=visited).exists()
    assert list(PendingRecompute.objects.values_list("child_id", flat=True)) == [child.pk]
    assert present(visit_deadline(child)).due_date == before

    # What the beat runs every ten minutes, and every night.
    catch_up()

    assert present(visit_deadline(child)).due_date == visited + timedelta(weeks=6)
    assert not PendingRecompute.objects.exists()


def test_the_nightly_recompute_and_the_catch_up_are_scheduled_and_registered():
    entries: list[dict[str, Any]] = list(settings.CELERY_BEAT_SCHEDULE.values())
    schedule = {entry["task"]: entry["schedule"] for entry in entries}
    nightly = schedule[recompute_all_deadlines.name]
    catch_up = schedule[recompute_pending_deadlines.name]
    assert isinstance(nightly, crontab) and isinstance(catch_up, crontab)
    # The type stubs do not declare crontab's expanded fields.
    assert (nightly.hour, nightly.minute) == ({1}, {30})  # type: ignore[attr-defined]
    assert (catch_up.hour, catch_up.minute) == (  # type: ignore[attr-defined]
        set(range(24)),
        set(range(0, 60, 10)),
    )
    assert {recompute_all_deadlines.name, recompute_pending_deadlines.name} <= set(app.tasks)
