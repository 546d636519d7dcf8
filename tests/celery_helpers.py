"""Running Celery for real in tests: sending tasks to a broker, and waiting for a worker.

The test settings run tasks eagerly, in-process. Tests about Celery itself send them
to a broker instead: the suite's own (`settings.TEST_BROKER_URL`: a Redis database of
its own when REDIS_URL is set, Celery's in-memory transport otherwise) or one that is
down. The `real_worker` fixture (tests/conftest.py) starts a worker on the suite's own.
"""

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from kombu import pools

from config.celery import app


def reset_connection_pool() -> None:
    """Close and forget every broker connection and producer. They are bound to the
    broker URL they were made with, and kombu keeps them in a registry of its own: a
    pool that was only closed would be handed out again ("Acquire on closed pool"),
    even to tasks run eagerly, which still borrow a producer."""
    pools.reset()
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@contextmanager
def sending_to(broker_url: str) -> Iterator[None]:
    """Tasks are published to `broker_url` (not run in-process) until the block ends."""
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    reset_connection_pool()
    try:
        yield
    finally:
        app.conf.update(previous)
        reset_connection_pool()


def empty_test_broker() -> None:
    """Drop whatever a test left on the suite's own Redis database."""
    if settings.TEST_BROKER_URL.startswith("redis"):
        import redis

        redis.Redis.from_url(settings.TEST_BROKER_URL).flushdb()


@contextmanager
def broker_down(how: str) -> Iterator[str]:
    """The URL of a Redis broker that is down: "refused" (nothing listens on the port,
    as when Redis has stopped) or "silent" (connections are never answered, as when the
    host is unreachable: a listening socket whose queue of connections is full, so the
    kernel drops any more)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        url = f"redis://127.0.0.1:{port}/0"
        if how == "refused":
            listener.close()
            yield url
            return
        listener.listen(0)
        queued = [socket.socket() for _ in range(2)]
        try:
            for connection in queued:
                connection.setblocking(False)
                connection.connect_ex(("127.0.0.1", port))
            yield url
        finally:
            for connection in queued:
                connection.close()


def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())
