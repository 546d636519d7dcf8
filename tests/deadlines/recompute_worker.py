"""A Celery worker in a process of its own, for tests that kill it part-way.

    python -m tests.deadlines.recompute_worker QUEUE BATCH_SIZE PAUSE_SECONDS

It consumes QUEUE only (so that no other worker on the broker takes its tasks). Its
recomputes work in batches of BATCH_SIZE children and pause for PAUSE_SECONDS before
each batch commits, so that a full recompute of a few hundred children spans several
seconds and a test that kills the process finds some batches committed and one
written but not committed.
Settings, database and broker come from the environment (DJANGO_SETTINGS_MODULE,
DATABASE_URL, REDIS_URL), as for any worker.
"""

import functools
import sys
import time


def main(queue: str, batch_size: int, pause: float) -> None:
    import django

    django.setup()

    from django.db import transaction

    from config.celery import app
    from deadlines import services

    recompute_batch = services._recompute_batch

    @transaction.atomic
    def recompute_batch_then_pause(*args, **kwargs):
        recompute_batch(*args, **kwargs)
        time.sleep(pause)

    patched = vars(services)
    patched["_recompute_batch"] = recompute_batch_then_pause
    patched["recompute"] = functools.partial(services.recompute, batch_size=batch_size)
    patched["BATCH_SIZE"] = batch_size  # the nightly task's ranges

    app.worker_main(
        [
            "worker",
            "--pool=solo",
            f"--queues={queue}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
