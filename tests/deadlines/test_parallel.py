"""The nightly recompute shares every child out in ranges, and a batch is not upset by a
child registered while it runs."""

from datetime import date

import pytest

from deadlines import triggers
from deadlines.facts import Children, PlacementFact
from deadlines.models import Deadline
from deadlines.services import recompute
from tests.children.builders import register


def snapshot() -> list[tuple]:
    return list(
        Deadline.objects.order_by("child_id", "rule", "key").values_list(
            "child_id", "rule", "key", "due_date", "status", "met_on", "met_by", "explanation"
        )
    )


def test_rows_of_a_child_registered_after_the_batch_began_are_set_aside():
    facts = Children()
    facts[7].placements.append(PlacementFact(1, date(2025, 1, 6), None, False))
    assert 7 not in facts
    assert dict(facts) == {}


@pytest.mark.django_db
def test_the_nightly_task_shares_every_child_out_in_ranges(social_worker):
    from deadlines.services import full_recompute_ranges
    from deadlines.tasks import recompute_all_deadlines

    with triggers.suspended():
        children = [
            register(social_worker, date(2025, 1, 6), la_reference=f"R{n}", first_name=f"Ray{n}")
            for n in range(5)
        ]
    ids = sorted(c.pk for c in children)
    ranges = full_recompute_ranges(batch_size=2)
    assert ranges == [(ids[0], ids[1]), (ids[2], ids[3]), (ids[4], ids[4])]

    recompute_all_deadlines()  # eager in tests: each range's task runs in turn
    nightly = snapshot()
    Deadline.objects.all().delete()
    recompute()
    assert snapshot() == nightly
    assert {row[0] for row in nightly} == set(ids)
