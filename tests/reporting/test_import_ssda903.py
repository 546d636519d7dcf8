"""Importing an SSDA903 return: round trip with the export, idempotence, dirty input."""

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from children import services
from children.models import Adoption, Allocation, Child, LegalStatusRecord, PeriodOfCare, Placement
from children.services import Entry
from core.exceptions import ApplicationError
from reporting.ssda903 import tables
from reporting.ssda903.export import write_return
from reporting.ssda903.importer import (
    IGNORED,
    REJECTED,
    SKIPPED,
    SKIPPED_REASON,
    WARNING,
    import_return,
)
from tests.children.builders import legal, move, placement, register
from tests.factories import allocator

pytestmark = pytest.mark.django_db

FAKE_RETURN = Path(__file__).resolve().parent.parent / "data" / "ssda903" / "fake"
# Collection year 1 April 2025 to 31 March 2026: every history below lies inside it.
YEAR = 2026
VALID_UPN = "A123456789012"


# --- helpers --------------------------------------------------------------------------


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def exported(directory: Path) -> dict[str, list[list[str]]]:
    """Every table as exported, SW_IDs included: they are the workers' registration
    numbers, which the import keeps."""
    return {t.filename: read(directory / t.filename) for t in tables.TABLES}


def write(directory: Path, table: tables.Table, rows: list[dict[str, str]], name: str = ""):
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / (name or table.filename)).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=table.columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in table.columns})


def header(child="K1", **values) -> dict[str, str]:
    return {"CHILD": child, "SEX": "F", "DOB": "01/06/2015", "ETHNIC": "WBRI", **values}


def episode(child="K1", decom="07/04/2025", **values) -> dict[str, str]:
    return {
        "CHILD": child,
        "DECOM": decom,
        "RNE": "S",
        "LS": "V2",
        "CIN": "N1",
        "PLACE": "U6",
        "PLACE_PROVIDER": "PR1",
        "HOME_POST": "B2 4QA",
        "PL_POST": "B1 1AA",
        **values,
    }


def one_child(tmp_path: Path, episodes: list[dict[str, str]], **header_values) -> Path:
    write(tmp_path, tables.HEADER, [header(**header_values)])
    write(tmp_path, tables.EPISODES, episodes)
    return tmp_path


def reasons(result, outcome=REJECTED) -> list[str]:
    return [i.reason for i in result.issues if i.outcome == outcome]


def history_counts() -> dict[str, int]:
    """Rows in every case table and its history table, and users."""
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in ("children", "accounts") and m.__name__ != "ChildRecordView"
    ]
    return {m.__name__: m._default_manager.count() for m in models}


# --- round trip ---------------------------------------------------------------------------


def build_children(social_worker, teammate) -> None:
    """Hand-made histories covering every RNE, two orders at once, a second period of care,
    a UASC, an adoption with AD1 and PlacedAdoption, and a change of social worker."""
    # Every reason for a new episode, ending in adoption.
    a = register(
        social_worker,
        date(2025, 4, 7),
        legal_status="V2",
        la_reference="RTA",
        upn=VALID_UPN,
        upn_unknown_reason="",
        is_mother=False,
    )
    legal(a, social_worker, date(2025, 5, 12), "C1")  # L
    move(a, social_worker, date(2025, 6, 2), "U6", "Jones", reason="ALLEG")  # P
    move(a, social_worker, date(2025, 7, 7), "U4", "Jones", reason="PLACE", same=True)  # T
    legal(a, social_worker, date(2025, 8, 4), "C2")
    move(a, social_worker, date(2025, 8, 4), "U4", "Patel", reason="CARPL")  # B
    legal(a, social_worker, date(2025, 10, 6), "E1", replace=False)  # placement order too
    move(a, social_worker, date(2025, 10, 6), "A5", "Patel", reason="CARPL", same=True)  # U
    services.allocation_change(
        child=a,
        kind="social_worker",
        worker=teammate,
        start_date=date(2025, 9, 1),
        reason="LEFTRL",
        by=allocator("social_worker"),
    )
    Adoption.objects.create(
        child=a,
        period=a.periods_of_care.get(),
        decision_date=date(2025, 9, 1),
        match_date=date(2025, 9, 22),
        placed_date=date(2025, 10, 6),
        adopters_were_foster_carers=True,
        number_of_adopters=2,
        adopters_sex="MF",
        adopters_legal_status="L11",
    )
    services.period_of_care_end(child=a, end_date=date(2026, 2, 2), reason="E11", by=social_worker)

    # An unaccompanied asylum seeker with a second period of care and previous permanence.
    b = register(
        social_worker,
        date(2025, 4, 14),
        la_reference="RTB",
        first_name="Sami",
        sex="M",
        ethnicity="OOTH",
        upn_unknown_reason="UN2",
        uasc=True,
        uasc_start=date(2025, 4, 14),
        uasc_end=date(2033, 6, 1),
        nationalities=["AF"],
    )
    services.period_of_care_end(child=b, end_date=date(2025, 6, 2), reason="E4A", by=social_worker)
    services.period_of_care_start(
        child=b,
        entry=Entry(
            start_date=date(2025, 9, 1),
            category_of_need="N4",
            legal_status="C1",
            placement=placement(
                date(2025, 9, 1), "K2", "Oak House", provider="PR4", urn="SC123456"
            ),
            previous_permanence="P2",
            previous_permanence_la="333",
            previous_permanence_date=date(2019, 3, 1),
        ),
        by=social_worker,
    )

    # A young mother: police protection, two orders at once and the placement order revoked,
    # a temporary placement and back.
    c = register(
        social_worker,
        date(2025, 4, 22),
        legal_status="L1",
        la_reference="RTC",
        first_name="Jo",
        date_of_birth=date(2009, 1, 1),
        is_mother=True,
        mothers_child_dob=date(2025, 1, 10),
    )
    legal(c, social_worker, date(2025, 4, 24), "C1")
    legal(c, social_worker, date(2025, 6, 16), "C2")
    placement_order = legal(c, social_worker, date(2025, 7, 14), "E1", replace=False)
    services.legal_status_end(status=placement_order, end_date=date(2025, 9, 8), by=social_worker)
    move(c, social_worker, date(2025, 10, 1), "T4", "Respite", reason="CARPL")
    move(c, social_worker, date(2025, 10, 6), "U6", "Smith", reason="OTHER")


def test_export_import_export_gives_the_same_return(tmp_path, social_worker, teammate):
    build_children(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path / "first")
    before = exported(tmp_path / "first")
    assert len(before["episodes.csv"]) == 1 + 6 + 2 + 7
    assert [len(before[t.filename]) - 1 for t in (tables.AD1, tables.PLACED_ADOPTION)] == [1, 1]

    Child.objects.all().delete()
    result = import_return(directory=tmp_path / "first", by=social_worker)

    assert sorted(result.imported) == ["RTA", "RTB", "RTC"]
    assert reasons(result) == []
    write_return(year=YEAR, out=tmp_path / "second")
    assert exported(tmp_path / "second") == before


def test_imported_children_carry_what_the_return_does_not_say_as_placeholders(
    tmp_path, social_worker, teammate
):
    build_children(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path)
    Child.objects.all().delete()
    # Nobody at this council holds the registration numbers the return gives.
    registrations = {social_worker.sw_registration, teammate.sw_registration}
    User.objects.filter(pk__in=[social_worker.pk, teammate.pk]).update(sw_registration="")
    import_return(directory=tmp_path, by=social_worker)

    a = Child.objects.get(la_reference="RTA")
    assert (a.first_name, a.last_name) == ("Child", "RTA")
    assert [n.country for n in a.nationalities.all()] == ["ZZ"]
    workers = [al.worker for al in a.allocations.order_by("start_date") if al.worker]
    assert [w.username.startswith("import.sw.SW") for w in workers] == [True, True]
    assert not any(w.is_active or w.has_usable_password() for w in workers)
    assert {w.role for w in workers} == {"social_worker"}
    # Each placeholder keeps the SW_ID as its registration number.
    assert {w.sw_registration for w in workers} == registrations
    assert all(w.username == f"import.sw.{w.sw_registration}" for w in workers)
    # The placement order runs alongside the care order, as it was recorded.
    c = Child.objects.get(la_reference="RTC")
    assert [(s.code, s.end_date) for s in c.legal_statuses.order_by("start_date")] == [
        ("L1", date(2025, 4, 24)),
        ("C1", date(2025, 6, 16)),
        ("C2", None),
        ("E1", date(2025, 9, 8)),
    ]
    # The history records who imported.
    assert c.history.earliest().history_user == social_worker


def test_a_team_can_be_given_the_children_imported(tmp_path, social_worker, teammate, team_a):
    build_children(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path)
    Child.objects.all().delete()
    import_return(directory=tmp_path, by=social_worker, team=team_a)
    assert Allocation.objects.filter(kind="team", team=team_a).count() == 3


# --- idempotence ----------------------------------------------------------------------------


def test_a_second_import_of_the_same_files_changes_nothing(tmp_path, social_worker, teammate):
    build_children(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path)
    Child.objects.all().delete()
    first = import_return(directory=tmp_path, by=social_worker)
    counts = history_counts()

    second = import_return(directory=tmp_path, by=social_worker)

    assert (len(first.imported), len(second.imported)) == (3, 0)
    assert sorted(second.unchanged) == ["RTA", "RTB", "RTC"]
    assert second.rejected == []
    assert history_counts() == counts


def test_a_child_recorded_with_a_different_history_is_reported_and_left_alone(
    tmp_path, social_worker
):
    child = register(social_worker, date(2025, 4, 7), la_reference="K1")
    move(child, social_worker, date(2025, 5, 5), "K2", "Oak House", provider="PR4")
    write_return(year=YEAR, out=tmp_path)
    # Harbour's record moves on after the return was written.
    move(child, social_worker, date(2025, 7, 7), "U6", "Smith", reason="CHILD")
    counts = history_counts()

    result = import_return(directory=tmp_path, by=social_worker)

    assert result.rejected == ["K1"]
    [reason] = reasons(result)
    assert reason.startswith("a child with LA reference K1 is already recorded with a different")
    assert "(line 3): DEC is 07/07/2025 in Harbour and blank in the return" in reason
    assert history_counts() == counts


# --- the fake return ----------------------------------------------------------------------


def assert_whole_or_nothing(result) -> None:
    """Every imported child has a full history; no rejected child left a row behind."""
    assert set(Child.objects.values_list("la_reference", flat=True)) == set(result.imported)
    for child in Child.objects.prefetch_related("periods_of_care"):
        periods = list(child.periods_of_care.all())
        assert periods, child
        for period in periods:
            assert period.legal_statuses.exists() and period.placements.exists(), child
    rejected_with_reason = {i.child for i in result.issues if i.outcome == REJECTED}
    assert set(result.rejected) <= rejected_with_reason
    for issue in result.issues:
        if issue.outcome in (REJECTED, SKIPPED):
            assert issue.file and issue.line and issue.line > 1 and issue.reason
        if issue.outcome == SKIPPED:
            assert issue.reason == SKIPPED_REASON and issue.child in result.rejected


def test_the_fake_return_imports_what_it_can_and_reports_the_rest(social_worker):
    result = import_return(directory=FAKE_RETURN, by=social_worker)

    # Bad postcodes and UPNs, retired SEX codes and stray RECs are warnings, not reasons
    # to lose a child: most children with episodes come in.
    assert len(result.imported) > 600
    assert len(result.rejected) > 1000
    assert_whole_or_nothing(result)
    notes = {f.name: f.note for f in result.files}
    assert notes["missing.csv"] == ""
    assert notes["reviews.csv"] == ""
    assert notes["oc2.csv"] == ""
    assert "not an SSDA903 table" in notes["DoLo.csv"]
    # Both files holding PlacedAdoption rows are read; an exact repeat is ignored.
    assert {f.name for f in result.files if f.table == "PlacedAdoption" and f.read} == {
        "placed_for_adoption.csv",
        "placed_for_adoption_errors.csv",
    }
    assert [(i.file, i.line) for i in result.issues if i.outcome == IGNORED] == [
        ("placed_for_adoption_errors.csv", 3),
        ("reviews.csv", 9826),
        ("reviews.csv", 12074),
    ]
    top = dict(result.top_reasons(20))
    # Children with no episodes: young people in OC3 alone must already be recorded.
    assert top["no episodes for the child"] + top["care leaver not recorded"] == 552
    assert top["care leaver not recorded"] > 0
    assert top["unknown PLACE code"] > 100
    # A bad review is refused on its own: the child and their other reviews are kept.
    assert top["review before the first episode in the return"] > 100
    assert top["review outside every period of care"] > 10
    assert top["PN0 for a child aged 4 or over"] > 100
    assert result.reviews_recorded > 1000
    refused_reviews = {i.child for i in result.issues if i.file == "reviews.csv"}
    assert refused_reviews & set(result.imported)
    warnings = dict(result.top_reasons(20, outcome=WARNING))
    assert warnings["postcode not kept"] > 1000
    assert warnings["UPN not valid: recorded as UN5"] > 500
    assert warnings["REC without DEC: taken as open"] > 100
    # The BOM and Windows line ends of sw_episodes.csv are read; its child is unknown.
    [sw] = [i for i in result.issues if i.file == "sw_episodes.csv"]
    assert (sw.line, sw.child, sw.reason) == (
        2,
        "CHILD10",
        "CHILD CHILD10 has no row in the Header table",
    )


def test_the_fake_return_with_its_identifiers_blanked_reaches_the_history_rules(
    tmp_path, social_worker
):
    """Without the bad UPNs and postcodes (and open episodes given a REC), the fake
    children reach the rules about how a history fits together and the services' own
    rules. A sample keeps the test quick."""
    sample = {r[0] for r in read(FAKE_RETURN / "header.csv")[1:700]}
    for source in FAKE_RETURN.iterdir():
        rows = read(source)
        if source.suffix != ".csv" or not rows or "CHILD" not in rows[0]:
            shutil.copy(source, tmp_path / source.name)
            continue
        columns = rows[0]
        kept = [r for r in rows[1:] if r and r[0] in sample]
        for row in kept:
            for name in ("UPN", "HOME_POST", "PL_POST"):
                if name in columns:
                    row[columns.index(name)] = ""
            if "DEC" in columns and not row[columns.index("DEC")]:
                row[columns.index("REC")] = ""
        with (tmp_path / source.name).open("w", newline="") as handle:
            csv.writer(handle).writerows([columns, *kept])

    result = import_return(directory=tmp_path, by=social_worker)

    assert len(result.imported) > 150
    assert_whole_or_nothing(result)
    top = dict(result.top_reasons(30))
    for reason in (
        "J1 cannot apply to a child under 10",
        "Police protection lasts at most 72 hours",
        "RNE says the legal status changed but LS did not",
        "unknown PLACE code",
        "retired PLACE code",
    ):
        assert top.get(reason), reason
    warnings = dict(result.top_reasons(10, outcome=WARNING))
    assert warnings["SEX 1/2 recorded as M/F"] == len(result.imported)
    assert warnings["first episode is not RNE S"] > 100
    assert "unexpected error" not in top


# --- specific dirty rows ----------------------------------------------------------------------


def test_a_placement_that_ends_before_it_starts_is_rejected(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(DEC="01/04/2025", REC="E4A")])
    result = import_return(directory=directory, by=social_worker)
    assert result.rejected == ["K1"]
    [issue] = [i for i in result.issues if i.outcome == REJECTED]
    assert (issue.file, issue.line, issue.child) == ("episodes.csv", 2, "K1")
    assert issue.reason == ("the episode ends (DEC 01/04/2025) before it starts (DECOM 07/04/2025)")
    assert [(i.file, i.line) for i in result.issues if i.outcome == SKIPPED] == [("header.csv", 2)]
    assert not Child.objects.exists()


def test_an_unknown_placement_type_is_rejected(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(PLACE="H5")])
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == ["PLACE 'H5' is not a placement type code in the 2025/26 list"]


def test_a_retired_placement_type_says_when_it_was_retired(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(PLACE="P2")])
    result = import_return(directory=directory, by=social_worker)
    [reason] = reasons(result)
    assert reason.startswith("PLACE P2 is a code the DfE retired on 28 October 2023")


def test_a_bad_postcode_is_left_out_with_a_warning(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(PL_POST="XX1 1AA")])
    result = import_return(directory=directory, by=social_worker)
    assert result.imported == ["K1"]
    assert reasons(result, WARNING) == ["PL_POST 'XX1 1AA' is not a real UK postcode: not kept"]
    assert Placement.objects.get().postcode == ""


def test_a_bad_upn_is_recorded_as_un5_with_a_warning(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()], UPN="A123456789013")
    result = import_return(directory=directory, by=social_worker)
    assert result.imported == ["K1"]
    child = Child.objects.get()
    assert (child.upn, child.upn_unknown_reason) == ("", "UN5")


def test_sex_1_and_2_are_recorded_as_m_and_f_with_a_warning(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()], SEX="2")
    result = import_return(directory=directory, by=social_worker)
    assert result.imported == ["K1"]
    assert Child.objects.get().sex == "F"
    assert reasons(result, WARNING) == [
        "SEX 2 is the code used before 2024/25 (retired by the DfE from 1 April 2024): "
        "recorded as F"
    ]


def test_an_unknown_sex_is_rejected(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()], SEX="9")
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == ["SEX '9' is not a sex (M, F or U) code in the 2025/26 list"]


def test_a_date_of_birth_after_care_started_is_rejected(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(decom="07/04/2025")], DOB="01/05/2025")
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == ["A child cannot start to be looked after before they were born"]
    assert [i.line for i in result.issues if i.outcome == REJECTED] == [2]


def test_youth_justice_status_for_a_child_under_ten_is_rejected(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(LS="J1")], DOB="01/06/2018")
    result = import_return(directory=directory, by=social_worker)
    [reason] = reasons(result)
    assert reason.startswith("J1 cannot apply to a child under 10")


def test_police_protection_longer_than_three_days_is_rejected(tmp_path, social_worker):
    directory = one_child(
        tmp_path,
        [
            episode(LS="L1", DEC="14/04/2025", REC="X1"),
            episode(decom="14/04/2025", RNE="L", LS="C1"),
        ],
    )
    result = import_return(directory=directory, by=social_worker)
    [issue] = [i for i in result.issues if i.outcome == REJECTED]
    assert issue.reason.startswith("Police protection lasts at most 72 hours")
    assert issue.line == 3  # refused when the next status starts


def test_dates_in_the_future_are_rejected(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(decom="01/01/2099")], DOB="01/06/2098")
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == [
        "DOB 01/06/2098 is in the future",
        "DECOM 01/01/2099 is in the future",
    ]


def test_an_episode_must_say_what_changed(tmp_path, social_worker):
    directory = one_child(
        tmp_path,
        [
            episode(DEC="05/05/2025", REC="X1", REASON_PLACE_CHANGE="CARPL"),
            episode(decom="05/05/2025", RNE="P", LS="C1"),
        ],
    )
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == [
        "RNE P says the legal status did not change, but LS changed from V2 to C1 "
        "(that is RNE B, U or L)"
    ]


def test_a_placement_change_needs_the_reason_the_last_placement_ended(tmp_path, social_worker):
    directory = one_child(
        tmp_path,
        [episode(DEC="05/05/2025", REC="X1"), episode(decom="05/05/2025", RNE="P", PLACE="K2")],
    )
    result = import_return(directory=directory, by=social_worker)
    [issue] = [i for i in result.issues if i.outcome == REJECTED]
    assert issue.line == 2
    assert issue.reason.startswith("REASON_PLACE_CHANGE is blank, but the placement changes")


def test_x1_with_no_end_date_is_taken_as_an_open_episode(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode(REC="X1")])
    result = import_return(directory=directory, by=social_worker)
    assert result.imported == ["K1"]
    [warning] = reasons(result, WARNING)
    assert warning.startswith("REC is X1 but DEC is blank")
    assert PeriodOfCare.objects.get().end_date is None


def test_a_full_history_from_the_return_is_rebuilt(tmp_path, social_worker):
    """Periods split at REC, legal statuses at LS, placements at RNE P/T/B/U, with the
    reason each placement ended and the category of need; rows in any order."""
    k2 = {"PLACE": "K2", "PLACE_PROVIDER": "PR4", "URN": "SC1"}
    directory = one_child(
        tmp_path,
        [
            episode(decom="01/09/2025", RNE="S", LS="C2", CIN="N4", PLACE="U4"),
            episode(DEC="05/05/2025", REC="X1", REASON_PLACE_CHANGE="ALLEG"),
            episode(decom="02/06/2025", RNE="L", LS="C1", DEC="07/07/2025", REC="E4A", **k2),
            episode(decom="05/05/2025", RNE="P", DEC="02/06/2025", REC="X1", **k2),
        ],
    )

    result = import_return(directory=directory, by=social_worker)

    assert result.imported == ["K1"], result.issues
    child = Child.objects.get()
    periods = list(PeriodOfCare.objects.order_by("start_date"))
    assert [(p.start_date, p.end_date, p.reason_ceased, p.category_of_need) for p in periods] == [
        (date(2025, 4, 7), date(2025, 7, 7), "E4A", "N1"),
        (date(2025, 9, 1), None, "", "N4"),
    ]
    assert [
        (p.placement_type, p.start_date, p.end_date, p.reason_for_change, p.urn)
        for p in child.placements.order_by("start_date")
    ] == [
        ("U6", date(2025, 4, 7), date(2025, 5, 5), "ALLEG", ""),
        ("K2", date(2025, 5, 5), date(2025, 7, 7), "", "SC1"),
        ("U4", date(2025, 9, 1), None, "", ""),
    ]
    assert [s.code for s in LegalStatusRecord.objects.order_by("start_date")] == [
        "V2",
        "C1",
        "C2",
    ]


def test_awkward_files_are_read_or_reported_never_crash(tmp_path, social_worker):
    # A BOM, Windows line ends, blank lines, spaces, lower-case codes and a trailing comma.
    (tmp_path / "whatever.csv").write_bytes(
        b"\xef\xbb\xbfCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n\r\n"
        b" K1 ,f,01/06/2015,wbri,,,\r\n"
        b"K2,M,31/02/2015,WBRI,,,\r\n"  # no such date
        b"K3,M,01/06/2015\r\n"  # too few values
        b",M,01/06/2015,WBRI,,,\r\n"  # no child
    )
    write(
        tmp_path,
        tables.EPISODES,
        [episode(), episode(), episode("K2"), episode("K3"), episode("K4")],
        name="eps.txt",
    )
    (tmp_path / "notes.csv").write_text("just,some\nnotes,here\n")
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.csv").write_bytes(b"")
    write(
        tmp_path,
        tables.MISSING,
        [{"CHILD": "K1", "DOB": "01/06/2015", "MISSING": "m", "MIS_START": "10/04/2025"}],
    )

    result = import_return(directory=tmp_path, by=social_worker)

    assert result.imported == ["K1"]
    assert Child.objects.get().ethnicity == "WBRI"
    by_child = {i.child: i.reason for i in result.issues if i.outcome == REJECTED}
    assert by_child == {
        "K2": "DOB '31/02/2015' is not a date in the form dd/mm/yyyy",
        "K3": "has 3 values where the Header table has 7 columns",
        "K4": "CHILD K4 has no row in the Header table",
        "": "CHILD is blank: the row belongs to no child",
    }
    assert [(i.file, i.line) for i in result.issues if i.outcome == IGNORED] == [("eps.txt", 3)]
    notes = {f.name: f.note for f in result.files}
    assert notes["missing.csv"] == ""
    assert Child.objects.get().missing_episodes.get().kind == "M"
    assert notes["notes.csv"].startswith("not an SSDA903 table")
    assert notes["binary.csv"].startswith("not an SSDA903 table")
    assert notes["empty.csv"] == "empty: ignored"


def test_a_folder_without_a_903_table_is_an_error(tmp_path, social_worker):
    (tmp_path / "notes.csv").write_text("just,some\n")
    with pytest.raises(ApplicationError, match="holds no SSDA903 table"):
        import_return(directory=tmp_path, by=social_worker)
    with pytest.raises(ApplicationError, match="is not a folder"):
        import_return(directory=tmp_path / "missing", by=social_worker)


def test_dry_run_keeps_nothing(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()])
    result = import_return(directory=directory, by=social_worker, dry_run=True)
    assert result.imported == ["K1"]
    assert not Child.objects.exists()


# --- the command ----------------------------------------------------------------------------


def test_command_summarises_and_writes_the_report(tmp_path, social_worker, capsys):
    directory = tmp_path / "return"
    write(directory, tables.HEADER, [header("K1"), header("K2", SEX="X")])
    write(directory, tables.EPISODES, [episode("K1"), episode("K2")])
    report = tmp_path / "report.csv"

    call_command("import_ssda903", str(directory), report=report)

    out = capsys.readouterr().out
    assert "Children: 2 in the return; 1 imported, 0 unchanged" in out
    assert "1 rejected" in out
    assert "unknown SEX code" in out
    assert read(report) == [
        ["file", "line", "child", "reason", "outcome"],
        ["episodes.csv", "3", "K2", SKIPPED_REASON, SKIPPED],
        [
            "header.csv",
            "3",
            "K2",
            "SEX 'X' is not a sex (M, F or U) code in the 2025/26 list",
            REJECTED,
        ],
    ]
    # Without --user, the history names the import account, which cannot sign in.
    importer = Child.objects.get().history.earliest().history_user
    assert importer.username == "import.ssda903" and not importer.is_active

    call_command("import_ssda903", str(directory))
    assert "0 imported, 1 unchanged" in capsys.readouterr().out


def test_command_fails_only_when_there_is_nothing_to_import(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_ssda903", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="no SSDA903 table"):
        call_command("import_ssda903", str(tmp_path))
    assert not User.objects.filter(username__startswith="import.sw.").exists()


# --- the other tables -------------------------------------------------------------------------


def sw(child="K1", sw_id="SW1", start="07/04/2025", end="", reason="") -> dict[str, str]:
    return {
        "CHILD": child,
        "DOB": "01/06/2015",
        "SW_ID": sw_id,
        "SW_DECOM": start,
        "SW_DEC": end,
        "SW_REASON": reason,
    }


def test_social_workers_become_placeholder_accounts_shared_between_children(
    tmp_path, social_worker
):
    write(tmp_path, tables.HEADER, [header("K1"), header("K2")])
    write(tmp_path, tables.EPISODES, [episode("K1"), episode("K2")])
    write(
        tmp_path,
        tables.SW_EPISODES,
        [
            sw("K1", "SW1", "07/04/2025", "01/09/2025", "FCONTA"),
            sw("K1", "SW2", "01/09/2025", reason="MANAGE"),
            sw("K2", "SW2", "01/05/2025", reason="FCONTA"),
        ],
    )
    result = import_return(directory=tmp_path, by=social_worker)

    assert result.imported == ["K1", "K2"]
    assert result.placeholders_created == ["import.sw.SW1", "import.sw.SW2"]
    allocations = Allocation.objects.filter(kind="social_worker").order_by("child", "start_date")
    assert list(
        allocations.values_list("child__la_reference", "worker__username", "start_reason")
    ) == [
        ("K1", "import.sw.SW1", "FCONTA"),
        ("K1", "import.sw.SW2", "MANAGE"),
        ("K2", "import.sw.SW2", "FCONTA"),
    ]


def test_social_worker_episodes_follow_the_allocation_rules(tmp_path, social_worker):
    write(tmp_path, tables.HEADER, [header("K1"), header("K2")])
    write(tmp_path, tables.EPISODES, [episode("K1"), episode("K2")])
    write(
        tmp_path,
        tables.SW_EPISODES,
        [
            sw("K1", "SW1", "07/04/2025", "01/09/2025"),
            sw("K1", "SW2", "01/09/2025"),
            sw("K2", "SW1", "07/04/2025"),
            sw("K2", "SW2", "01/09/2025"),
        ],
    )
    result = import_return(directory=tmp_path, by=social_worker)
    assert sorted(result.rejected) == ["K1", "K2"]
    assert [(i.child, i.line, i.reason) for i in result.issues if i.outcome == REJECTED] == [
        (
            "K1",
            3,
            "SW_REASON is blank, but this social worker takes over from the one on line 2: "
            "say why the social worker changed",
        ),
        (
            "K2",
            5,
            "this social worker episode starts on 01/09/2025, while the one on line 4 has not "
            "ended",
        ),
    ]
    assert not User.objects.filter(username__startswith="import.sw.").exists()


def test_a_child_rolled_back_late_takes_its_placeholder_accounts_with_it(
    tmp_path, social_worker, monkeypatch
):
    from reporting.ssda903 import importer

    write(tmp_path, tables.HEADER, [header("K1"), header("K2")])
    write(tmp_path, tables.EPISODES, [episode("K1"), episode("K2")])
    write(tmp_path, tables.SW_EPISODES, [sw("K1", "SW1"), sw("K2", "SW1")])
    adoptions = importer._Writer._adoptions

    def refuse_k1(self, child, plan):
        if child.la_reference == "K1":
            raise importer._Problem(plan.header, "refused for the test")
        adoptions(self, child, plan)

    monkeypatch.setattr(importer._Writer, "_adoptions", refuse_k1)
    result = import_return(directory=tmp_path, by=social_worker)

    assert (result.rejected, result.imported) == (["K1"], ["K2"])
    assert result.placeholders_created == ["import.sw.SW1"]
    [worker] = Allocation.objects.filter(kind="social_worker").values_list(
        "worker__username", flat=True
    )
    assert worker == "import.sw.SW1"
    assert list(Child.objects.values_list("la_reference", flat=True)) == ["K2"]


def test_uasc_and_previous_permanence_are_kept(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()], SEX="1")
    write(
        directory,
        tables.UASC,
        [{"CHILD": "K1", "SEX": "1", "DOB": "01/06/2015", "DUC": "01/06/2033"}],
    )
    write(
        directory,
        tables.PREV_PERM,
        [
            {
                "CHILD": "K1",
                "DOB": "01/06/2015",
                "PREV_PERM": "P2",
                "LA_PERM": "333",
                "DATE_PERM": "01/03/2019",
            }
        ],
    )
    result = import_return(directory=directory, by=social_worker)
    assert result.imported == ["K1"], result.issues
    child = Child.objects.get()
    assert (child.sex, child.uasc, child.uasc_end) == ("M", True, date(2033, 6, 1))
    period = child.periods_of_care.get()
    assert (period.previous_permanence, period.previous_permanence_la) == ("P2", "333")


def test_rows_that_disagree_with_the_header_reject_the_child(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()])
    write(directory, tables.UASC, [{"CHILD": "K1", "SEX": "M", "DOB": "01/06/2015"}])
    write(directory, tables.PREV_PERM, [{"CHILD": "K1", "DOB": "02/06/2015", "PREV_PERM": "Z1"}])
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == [
        "SEX M differs from the Header table's",
        "DOB 02/06/2015 differs from the date of birth in the Header table (01/06/2015)",
    ]


def test_ad1_and_placed_adoption_rows_make_one_adoption(tmp_path, social_worker):
    directory = one_child(
        tmp_path,
        [
            episode(LS="E1", PLACE="A6", DEC="02/02/2026", REC="E11"),
        ],
    )
    write(
        directory,
        tables.AD1,
        [
            {
                "CHILD": "K1",
                "DOB": "01/06/2015",
                "DATE_INT": "01/09/2025",
                "DATE_MATCH": "22/09/2025",
                "FOSTER_CARE": "0",
                "NB_ADOPTR": "2",
                "SEX_ADOPTR": "FF",
                "LS_ADOPTR": "L12",
            }
        ],
    )
    write(
        directory,
        tables.PLACED_ADOPTION,
        [
            {"CHILD": "K1", "DOB": "01/06/2015", "DATE_PLACED": "01/09/2025"},
            {"CHILD": "K1", "DOB": "01/06/2015", "DATE_PLACED": "01/01/2020"},
        ],
    )
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == [
        "the decision of 01/09/2025 to place the child for adoption was made while the one of "
        "01/01/2020 (placed_for_adoption.csv line 3) still stood"
    ]
    write(
        directory,
        tables.PLACED_ADOPTION,
        [{"CHILD": "K1", "DOB": "01/06/2015", "DATE_PLACED": "01/09/2025"}],
    )
    result = import_return(directory=directory, by=social_worker)
    assert result.imported == ["K1"], result.issues
    adoption = Adoption.objects.get()
    assert (
        adoption.decision_date,
        adoption.match_date,
        adoption.adopters_were_foster_carers,
        adoption.number_of_adopters,
        adoption.adopters_sex,
        adoption.adopters_legal_status,
    ) == (date(2025, 9, 1), date(2025, 9, 22), False, 2, "FF", "L12")


def test_a_child_of_18_cannot_start_to_be_looked_after(tmp_path, social_worker):
    directory = one_child(tmp_path, [episode()], DOB="01/04/2007")
    result = import_return(directory=directory, by=social_worker)
    assert reasons(result) == [
        "the child was 18 on DECOM 07/04/2025: a child starts to be looked after before their "
        "18th birthday"
    ]


def test_a_child_at_home_under_an_interim_care_order_is_visited_under_reg_28_4(
    tmp_path, social_worker
):
    """The 903 does not say whether a P1 placement was made under reg 19, or a U1-U3
    carer holds a reg 24 temporary approval: both are imported as no. The visits of a
    child at home under an interim care order follow from PLACE and LS (reg 28(4))."""
    from deadlines.models import Deadline
    from deadlines.services import recompute

    directory = one_child(
        tmp_path,
        [
            episode(LS="C1", PLACE="P1", PLACE_PROVIDER="PR0"),
            episode(child="K2", LS="C1", PLACE="U3", PLACE_PROVIDER="PR1"),
        ],
    )
    write(directory, tables.HEADER, [header(), header(child="K2")])
    result = import_return(directory=directory, by=social_worker)
    assert sorted(result.imported) == ["K1", "K2"]
    home = Placement.objects.get(placement_type="P1")
    relative = Placement.objects.get(placement_type="U3")
    assert (home.placed_before_assessment, home.temporary_approval) == (False, False)
    assert (relative.placed_before_assessment, relative.temporary_approval) == (False, False)
    # Placed Mon 7 April 2025, no visit since: the first within a week, Mon 14 April.
    recompute(child_ids=[home.child_id, relative.child_id], today=date(2025, 4, 8))
    at_home = Deadline.objects.get(child_id=home.child_id, rule="sw_visit")
    assert at_home.due_date == date(2025, 4, 14)
    assert "(reg 28(4))" in at_home.explanation
    fostered = Deadline.objects.get(child_id=relative.child_id, rule="sw_visit")
    assert fostered.due_date == date(2025, 4, 14)
    assert fostered.explanation.endswith("(reg 28(2))")


def test_sw_ids_are_the_registration_numbers_and_survive_a_round_trip(
    tmp_path, social_worker, teammate
):
    social_worker.sw_registration, teammate.sw_registration = "SW123456", "SW654321"
    social_worker.save()
    teammate.save()
    build_children(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path / "first")
    before = read(tmp_path / "first" / tables.SW_EPISODES.filename)
    assert {row[2] for row in before[1:]} == {"SW123456", "SW654321"}

    Child.objects.all().delete()
    result = import_return(directory=tmp_path / "first", by=social_worker)
    assert reasons(result) == []
    # Matched by registration number: the same staff hold the children again, and no
    # placeholder account is made.
    assert result.placeholders_created == []
    held = {a.worker for a in Allocation.objects.filter(kind="social_worker")}
    assert held == {social_worker, teammate}
    write_return(year=YEAR, out=tmp_path / "second")
    assert read(tmp_path / "second" / tables.SW_EPISODES.filename) == before


def test_the_export_lists_the_workers_without_a_registration_number(
    tmp_path, social_worker, teammate
):
    from reporting.ssda903.export import write_return_with_gaps

    teammate.sw_registration = ""
    teammate.save()
    build_children(social_worker, teammate)
    _, gaps = write_return_with_gaps(year=YEAR, out=tmp_path)
    rows = read(tmp_path / tables.SW_EPISODES.filename)
    column = rows[0].index("SW_ID")
    # Left blank, not made up; the worker is named for someone to record the number.
    assert "" in {row[column] for row in rows[1:]}
    assert social_worker.sw_registration in {row[column] for row in rows[1:]}
    assert gaps.workers_without_registration == [teammate]
