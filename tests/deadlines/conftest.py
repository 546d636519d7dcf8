"""The deadline engine's tests are written against the rules of the child's record
(IRO allocation, care plan, visits, reviews, EUSS) and assert the exact set of rows,
reminders and work they give rise to. The health rules, which every looked-after child
also has, are tested with the engine in their own suite (tests/health), so they are
left out of the registry here."""

import pytest

from deadlines.rules import REGISTRY
from health.selectors import HEALTH_RULES


@pytest.fixture(autouse=True)
def _without_health_rules(monkeypatch):
    for code in HEALTH_RULES:
        monkeypatch.delitem(REGISTRY, code)
