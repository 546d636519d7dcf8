"""The SSDA903 export: exact headers, dd/mm/YYYY dates, the DfE inclusion rules."""

import csv
from datetime import date

import pytest
from django.core.management import call_command

from children import services
from children.models import Adoption
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return, write_return
from tests.children.builders import legal, move, register
from tests.factories import allocator

pytestmark = pytest.mark.django_db


def read(path):
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def test_every_table_is_written_with_exactly_the_dfe_headers(tmp_path, social_worker):
    register(social_worker, date(2025, 5, 1))
    write_return(year=2026, out=tmp_path)
    for table in tables.TABLES:
        assert tuple(read(tmp_path / table.filename)[0]) == table.columns


def test_episodes_of_the_year_only_with_uk_dates(social_worker):
    # Entered care 8 January 2024; moved 4 March 2024 and 2 June 2025.
    child = register(social_worker, date(2024, 1, 8), la_reference="A1")
    move(child, social_worker, date(2024, 3, 4), "U6", "Jones", reason="ALLEG")
    move(child, social_worker, date(2025, 6, 2), "K2", "Oak House", reason="CARPL", provider="PR4")
    rows = build_return(year=2026)[tables.EPISODES]
    # Collection year 1 April 2025 to 31 March 2026: the first episode (to 4 March 2024) is out.
    assert [(r["DECOM"], r["RNE"], r["DEC"], r["REC"], r["REASON_PLACE_CHANGE"]) for r in rows] == [
        ("04/03/2024", "P", "02/06/2025", "X1", "CARPL"),
        ("02/06/2025", "P", "", "", ""),
    ]


def test_children_out_of_care_all_year_are_not_in_the_return(social_worker):
    left = register(social_worker, date(2023, 1, 9), la_reference="OLD")
    services.period_of_care_end(
        child=left, end_date=date(2025, 3, 31), reason="E4A", by=social_worker
    )
    ended_first_day = register(
        social_worker,
        date(2023, 1, 9),
        la_reference="EDGE",
        first_name="Edge",
        date_of_birth=date(2012, 2, 29),
    )
    services.period_of_care_end(
        child=ended_first_day, end_date=date(2025, 4, 1), reason="E4A", by=social_worker
    )
    register(
        social_worker,
        date(2025, 3, 31),
        la_reference="IN",
        first_name="In",
        date_of_birth=date(2013, 1, 1),
    )
    header = build_return(year=2026)[tables.HEADER]
    # Left on 31 March 2025: out. Left on 1 April 2025: in. Entered 31 March 2025: in.
    assert sorted(r["CHILD"] for r in header) == ["EDGE", "IN"]
    edge = next(r for r in header if r["CHILD"] == "EDGE")
    assert edge["DOB"] == "29/02/2012"


def test_header_uasc_and_social_worker_episodes(social_worker, teammate):
    child = register(
        social_worker,
        date(2025, 6, 2),
        la_reference="U1",
        sex="M",
        uasc=True,
        uasc_start=date(2025, 6, 2),
        upn_unknown_reason="UN2",
        ethnicity="OOTH",
        nationalities=["AF"],
    )
    services.allocation_change(
        child=child,
        kind="social_worker",
        worker=teammate,
        start_date=date(2025, 9, 1),
        reason="LEFTRL",
        by=allocator("social_worker"),
    )
    result = build_return(year=2026)
    assert result[tables.HEADER] == [
        {
            "CHILD": "U1",
            "SEX": "M",
            "DOB": "01/06/2015",
            "ETHNIC": "OOTH",
            "UPN": "UN2",
            "MOTHER": "",
            "MC_DOB": "",
        }
    ]
    assert [r["CHILD"] for r in result[tables.UASC]] == ["U1"]
    assert [(r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in result[tables.SW_EPISODES]] == [
        ("02/06/2025", "01/09/2025", "FCONTA"),
        ("01/09/2025", "", "LEFTRL"),
    ]
    assert result[tables.SW_EPISODES][0]["SW_ID"] != result[tables.SW_EPISODES][1]["SW_ID"]


def test_adoption_tables(social_worker):
    child = register(social_worker, date(2023, 6, 5), legal_status="C2", la_reference="AD")
    legal(child, social_worker, date(2024, 2, 5), "E1", replace=False)
    move(child, social_worker, date(2024, 9, 2), "A6", "The Larkspurs")
    period = child.periods_of_care.get()
    Adoption.objects.create(
        child=child,
        period=period,
        decision_date=date(2023, 11, 6),
        match_date=date(2024, 8, 5),
        placed_date=date(2024, 9, 2),
        adopters_were_foster_carers=False,
        number_of_adopters=2,
        adopters_sex="MF",
        adopters_legal_status="L11",
    )
    services.period_of_care_end(
        child=child, end_date=date(2025, 7, 14), reason="E11", by=social_worker
    )
    result = build_return(year=2026)
    assert result[tables.AD1] == [
        {
            "CHILD": "AD",
            "DOB": "01/06/2015",
            "DATE_INT": "06/11/2023",
            "DATE_MATCH": "05/08/2024",
            "FOSTER_CARE": "0",
            "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11",
        }
    ]
    assert [r["DATE_PLACED"] for r in result[tables.PLACED_ADOPTION]] == ["06/11/2023"]
    assert result[tables.EPISODES][-1]["REC"] == "E11"


def test_command_writes_the_files_and_reports_counts(tmp_path, social_worker, capsys):
    register(social_worker, date(2025, 5, 1))
    call_command("export_ssda903", year=2026, out=tmp_path)
    out = capsys.readouterr().out
    assert "1 April 2025 to 31 March 2026" in out
    assert len(read(tmp_path / "header.csv")) == 2


def test_export_for_a_user_uses_the_access_rule(tmp_path, social_worker, outsider):
    register(social_worker, date(2025, 5, 1))
    call_command("export_ssda903", year=2026, out=tmp_path, user=outsider.username)
    assert len(read(tmp_path / "header.csv")) == 1


def test_a_past_year_shows_the_history_as_it_stood_on_31_march(social_worker, teammate):
    child = register(social_worker, date(2025, 1, 6), la_reference="PAST")
    move(child, social_worker, date(2025, 4, 7), "U4", "Jones", reason="CARPL")
    move(child, social_worker, date(2026, 5, 4), "K2", "Oak House", reason="CREQB", provider="PR4")
    services.allocation_change(
        child=child,
        kind="social_worker",
        worker=teammate,
        start_date=date(2026, 6, 1),
        reason="LEFTRL",
        by=allocator("social_worker"),
    )
    result = build_return(year=2026)
    # The move of 4 May 2026 had not happened by 31 March 2026.
    assert [
        (r["DECOM"], r["DEC"], r["REC"], r["REASON_PLACE_CHANGE"]) for r in result[tables.EPISODES]
    ] == [
        ("06/01/2025", "07/04/2025", "X1", "CARPL"),
        ("07/04/2025", "", "", ""),
    ]
    assert [(r["SW_DEC"], r["SW_REASON"]) for r in result[tables.SW_EPISODES]] == [("", "FCONTA")]


def test_prevperm_only_for_children_who_started_care_in_the_year(social_worker):
    register(social_worker, date(2024, 2, 5), la_reference="BEFORE")
    new = register(
        social_worker,
        date(2025, 4, 1),
        la_reference="NEW",
        first_name="New",
        date_of_birth=date(2014, 3, 1),
    )
    rows = build_return(year=2026)[tables.PREV_PERM]
    assert [(r["CHILD"], r["PREV_PERM"], r["LA_PERM"], r["DATE_PERM"]) for r in rows] == [
        ("NEW", "Z1", "", "")
    ]
    # A special guardianship order made by Dudley (DfE 332), date not known.
    new.periods_of_care.update(
        previous_permanence="P2", previous_permanence_la="332", previous_permanence_date=None
    )
    rows = build_return(year=2026)[tables.PREV_PERM]
    assert [(r["PREV_PERM"], r["LA_PERM"], r["DATE_PERM"]) for r in rows] == [
        ("P2", "332", "ZZ/ZZ/ZZZZ")
    ]


def test_short_breaks_carry_no_postcodes_or_urn(social_worker):
    register(social_worker, date(2025, 7, 4), legal_status="V3", la_reference="SB")
    row = build_return(year=2026)[tables.EPISODES][0]
    assert (row["LS"], row["HOME_POST"], row["PL_POST"], row["URN"]) == ("V3", "", "", "")


@pytest.mark.parametrize(
    ("baby_born", "mother", "mc_dob"),
    [
        # She ceased to be looked after on 1 January 2026 (DEC 01/01/2026).
        (date(2025, 12, 31), "1", "31/12/2025"),
        (date(2026, 1, 1), "1", "01/01/2026"),
        # A baby born after she left care is not in the return (DfE rule 625).
        (date(2026, 1, 2), "0", ""),
    ],
)
def test_a_mothers_child_born_after_she_left_care_is_not_in_the_header(
    social_worker, baby_born, mother, mc_dob
):
    child = register(social_worker, date(2024, 1, 8), la_reference="M1", sex="F")
    child.date_of_birth = date(2009, 5, 1)
    child.is_mother, child.mothers_child_dob = True, baby_born
    child.save()
    services.period_of_care_end(
        child=child, end_date=date(2026, 1, 1), reason="E8", by=social_worker
    )
    header = next(r for r in build_return(year=2026)[tables.HEADER] if r["CHILD"] == "M1")
    assert (header["MOTHER"], header["MC_DOB"]) == (mother, mc_dob)
