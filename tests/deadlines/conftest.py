import pytest

from deadlines.rules import REGISTRY
from health.selectors import HEALTH_RULES


@pytest.fixture
def without_health_rules(monkeypatch):
    """The registry without the health rules, for the engine's tests written against the
    rules of the child's record (IRO allocation, care plan, visits, reviews, EUSS) that
    assert the exact set of rows, reminders and work they give rise to. The health
    rules, which every looked-after child also has, are tested with the engine in their
    own suite (tests/health). Not for tests whose worker runs in another process: it
    would still have every rule."""
    for code in HEALTH_RULES:
        monkeypatch.delitem(REGISTRY, code)
