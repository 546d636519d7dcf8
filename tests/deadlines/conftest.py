import pytest

from deadlines.rules import REGISTRY
from education.selectors import PEP_RULES


@pytest.fixture
def without_education_rules(monkeypatch):
    """The registry without the PEP rules, for the engine's tests written against the rules
    of the child's record (IRO allocation, care plan, visits, reviews, EUSS) that assert
    the exact set of rows, reminders and work they give rise to. The PEP rules, which a
    looked-after child aged 3 to 17 also has, are tested with the engine in their own
    suite (tests/education). Not for tests whose worker runs in another process: it would
    still have every rule."""
    for code in PEP_RULES:
        monkeypatch.delitem(REGISTRY, code)
