import pytest

from deadlines.rules import REGISTRY
from education.selectors import PEP_RULES
from health.selectors import HEALTH_RULES


@pytest.fixture
def record_rules_only(monkeypatch):
    """The registry without the health and education rules, for the engine's tests
    written against the rules of the child's record (IRO allocation, care plan, visits,
    reviews, EUSS) that assert the exact set of rows, reminders and work they give rise
    to. Every looked-after child also has health and PEP deadlines; those rules are
    tested with the engine in their own suites (tests/health, tests/education). Not for
    tests whose worker runs in another process: it would still have every rule."""
    for code in (*HEALTH_RULES, *PEP_RULES):
        monkeypatch.delitem(REGISTRY, code)
