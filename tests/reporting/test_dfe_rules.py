"""Harbour's SSDA903 export checked by the DfE's own validation rules.

The rules run in `.venv-903` (`make test` prepares it; they pin old pandas and
numpy). Where it is missing these tests are skipped, unless HARBOUR_REQUIRE_903
is set (CI sets it), when they fail.
"""

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from accounts.models import Role
from children import services
from demo.builder import build_demo
from health.services import sdq_record
from reporting.ssda903.export import write_return
from reviews.services import review_record
from tests.children.builders import legal, move, register
from tests.factories import UserFactory, allocator
from tests.reporting.test_ssda903_reviews import late_reason

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / ".venv-903" / "bin" / "python"
TABLES = "Header,Episodes,UASC,Missing,SWEpisodes,PrevPerm,AD1,PlacedAdoption,Reviews,OC3,OC2"

# The DfE rules that read the Reviews table (lac2025_26): dates and codes (166, 167), PN0
# against the age (440, 441), DOB and child as in the Header (INT17, INT08), none for
# short breaks (399), none for a child without episodes (1012).
REVIEW_RULES = {"166", "167", "440", "441", "INT08", "INT17", "399", "1012"}

pytestmark = pytest.mark.django_db


def run_dfe_rules(directory: Path, year: int = 2026) -> dict:
    if not VALIDATOR.exists():
        message = "the DfE validator is not installed (make .venv-903/.installed)"
        if os.environ.get("HARBOUR_REQUIRE_903"):
            pytest.fail(message)
        pytest.skip(message)
    report = directory / "dfe-result.json"
    completed = subprocess.run(
        [
            str(VALIDATOR),
            str(ROOT / "tools/validate_903/run.py"),
            str(directory),
            "--year",
            str(year),
            "--tables",
            TABLES,
            "--la",
            "E08000030",
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode in (0, 1), completed.stderr[-3000:]
    result = json.loads(report.read_text())
    result["stdout"] = completed.stdout
    result["returncode"] = completed.returncode
    return result


def test_hand_built_histories_pass_the_dfe_rules(tmp_path, social_worker, teammate):
    iro = UserFactory.create(role=Role.IRO)
    # Real postcodes: the rules look them up in the ONS postcode directory.
    home = {"home_postcode": "WS1 1DQ", "postcode": "WS2 8AL", "urn": "SC999001"}
    child = register(social_worker, date(2024, 1, 8), legal_status="V2", la_reference="D1")
    child.placements.update(**home)
    legal(child, social_worker, date(2025, 5, 12), "C1")
    jones = {**home, "postcode": "WS3 1BZ", "urn": "SC999002"}
    move(child, social_worker, date(2025, 6, 2), "U6", "Jones", reason="ALLEG", **jones)
    move(child, social_worker, date(2025, 9, 1), "U4", "Jones", reason="PLACE", same=True, **jones)
    services.allocation_change(
        child=child,
        kind="social_worker",
        worker=teammate,
        start_date=date(2025, 10, 6),
        reason="LEFTRL",
        by=allocator("social_worker"),
    )
    # In care since 8 January 2024 and 10 on 31 March 2026: in OC2, whose SDQ is due
    # (DfE rule 186).
    sdq_record(child=child, completed_on=date(2025, 11, 3), score=11, by=social_worker)
    second = register(
        social_worker,
        date(2025, 4, 14),
        legal_status="C2",
        la_reference="D2",
        first_name="Sky",
        date_of_birth=date(2012, 8, 30),
    )
    second.placements.update(**home)
    review_record(
        child=second,
        held_on=date(2025, 5, 12),
        participation="PN1",
        details=late_reason(),
        by=iro,
    )
    services.period_of_care_end(
        child=second, end_date=date(2026, 1, 19), reason="E4A", by=social_worker
    )
    review_record(
        child=second,
        held_on=date(2026, 1, 19),
        participation="PN6",
        details=late_reason(),
        by=iro,
    )
    # Born 15 September 2021: PN0 up to the day before the 4th birthday, then as recorded.
    third = register(
        social_worker,
        date(2025, 4, 7),
        la_reference="D3",
        first_name="Ava",
        date_of_birth=date(2021, 9, 15),
    )
    third.placements.update(**home)
    for held_on, code in [
        (date(2025, 5, 6), ""),
        (date(2025, 9, 12), ""),
        (date(2025, 9, 15), "PN3"),
        (date(2026, 3, 13), "PN6"),
    ]:
        review_record(
            child=third,
            held_on=held_on,
            participation=code,
            details=late_reason(),
            by=iro,
        )
    counts = write_return(year=2026, out=tmp_path)
    assert counts["Reviews"] == 6
    result = run_dfe_rules(tmp_path)
    assert result["returncode"] == 0, result["stdout"][-4000:]
    assert not REVIEW_RULES & set(result["skipped"])


def test_demo_council_return_passes_the_dfe_rules(tmp_path):
    build_demo(children=200, seed=1, today=date(2026, 11, 23))
    counts = write_return(year=2026, out=tmp_path)
    result = run_dfe_rules(tmp_path)
    assert result["returncode"] == 0, result["stdout"][-4000:]
    assert counts["Episodes"] >= counts["Header"]
    # The Reviews table is there, and the DfE's rules about it ran over it.
    assert counts["Reviews"] > counts["Header"]
    assert not REVIEW_RULES & set(result["skipped"])
