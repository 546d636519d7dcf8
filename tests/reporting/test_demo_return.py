"""The demo council's return on seeds other than the one it was first tuned on.

For each seed: every child's stored history keeps the services' rules
(children.history_check); the return passes the DfE's rules with 0 errors (what the
validator sets aside is only what Harbour's own check proves right, see
tools/validate_903/run.py); and importing the return into an empty record and exporting it
again gives the same rows in every table, but for the RNE of a period's first episode
when the period began before the year (the return does not say when). `make validate-903
SEEDS=... TODAYS=...` runs the same over larger demos.
"""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import User
from children.history_check import history_problems
from children.models import Child
from demo.builder import build_demo
from reporting.ssda903 import tables
from reporting.ssda903.export import write_return_with_gaps
from reporting.ssda903.importer import import_return
from tests.reporting.test_dfe_rules import run_dfe_rules
from tests.reporting.test_import_ssda903 import exported

pytestmark = pytest.mark.django_db

HISTORY = (
    "periods_of_care__placements",
    "periods_of_care__legal_statuses",
    "periods_of_care__adoptions",
    "missing_episodes",
    "allocations",
)


# A demo built at the end of the collection year, and one half a year on, when the return
# is made (decision 0020).
# The round trip of seed 9 half a year on is left out: the import refuses an OC3 contact of
# a care leaver there (decision 0020, what is left open).
@pytest.mark.parametrize(
    ("seed", "today", "round_trip"),
    [(4, date(2026, 3, 31), True), (9, date(2026, 9, 30), False)],
)
def test_a_demo_return_passes_the_dfe_rules_and_survives_a_round_trip(
    tmp_path, monkeypatch, seed, today, round_trip
):
    build_demo(children=150, seed=seed, today=today)
    problems = {
        child.la_reference: found
        for child in Child.objects.prefetch_related(*HISTORY)
        if (found := history_problems(child))
    }
    assert problems == {}

    counts, gaps = write_return_with_gaps(year=2026, out=tmp_path / "first")
    assert not gaps, gaps
    assert counts["Episodes"] >= counts["Header"] > 50
    result = run_dfe_rules(tmp_path / "first")
    assert result["returncode"] == 0, result["stdout"][-4000:]
    assert result["summary"]["errors"] == 0

    if not round_trip:
        return
    before = exported(tmp_path / "first")
    # The children looked after in the year go, and come back from the return. Care
    # leavers in OC3 only (not looked after in the year) stay: a return cannot bring their
    # care history, so the importer asks for an earlier year's return first.
    in_care = {row[0] for row in before[tables.EPISODES.filename][1:]}
    Child.objects.filter(la_reference__in=in_care).delete()
    # Imported on the day the demo was built, as the council would (police protection
    # still open on 31 March is then hours old, not months).
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    imported = import_return(
        directory=tmp_path / "first", by=User.objects.get(username="social.worker")
    )
    rejected = [i for i in imported.issues if i.outcome == "rejected"]
    assert rejected == [], sorted({(i.kind, i.reason[:150]) for i in rejected})
    write_return_with_gaps(year=2026, out=tmp_path / "second")
    after = exported(tmp_path / "second")
    # What a year's return cannot carry: a period of care that began before its first
    # episode in the return. The import starts the period there, so that episode's RNE
    # comes back as S. Everything else is the same, row for row.
    rne = tables.EPISODES.columns.index("RNE")

    def first_rne_as_s(rows: list[list[str]]) -> list[list[str]]:
        seen: set[str] = set()
        out = []
        for row in rows[1:]:
            if row[0] not in seen:
                row = [*row[:rne], "S", *row[rne + 1 :]]
            seen.add(row[0])
            out.append(row)
        return out

    episodes = tables.EPISODES.filename
    assert first_rne_as_s(after[episodes]) == first_rne_as_s(before[episodes])
    assert len(after[episodes]) == len(before[episodes])
    differ = [
        t.name
        for t in tables.TABLES
        if t.filename != episodes and after[t.filename] != before[t.filename]
    ]
    assert differ == []
