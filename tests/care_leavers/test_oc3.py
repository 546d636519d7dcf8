"""SSDA903 OC3: the values around a birthday, worked by hand, and the table in the
return (export, DfE rules, import).

The window is from 3 months before to 1 month after the birthday, both days included
(the DfE's guide to the SSDA903 collection).
"""

from datetime import date
from pathlib import Path

import pytest

from care_leavers import services as leaver_services
from care_leavers.models import AccommodationRecord, ActivityRecord, Contact
from care_leavers.oc3 import AccommodationFact, ActivityFact, ContactFact, oc3_values, window
from children import services
from children.models import Child
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return, write_return
from reporting.ssda903.importer import import_return
from tests.children.builders import register

# Born 14 June 2006: 19 on 14 June 2025, in the collection year 2025/26.
DOB = date(2006, 6, 14)


def values(contacts=(), accommodation=(), activity=(), age=19, dob=DOB):
    return oc3_values(
        date_of_birth=dob,
        age=age,
        contacts=[ContactFact(*c) for c in contacts],
        accommodation=[AccommodationFact(*a) for a in accommodation],
        activity=[ActivityFact(*a) for a in activity],
    )


def test_the_window_is_3_months_before_to_1_month_after():
    assert window(date(2025, 6, 14)) == (date(2025, 3, 14), date(2025, 7, 14))
    # Born 31 May: 3 months before 31 May is 28 February, a month after is 30 June.
    assert window(date(2026, 5, 31)) == (date(2026, 2, 28), date(2026, 6, 30))


def test_19th_birthday_values_from_the_record():
    v = values(
        contacts=[
            (date(2025, 2, 1), "YES"),  # before the window
            (date(2025, 3, 20), "NO"),
            (date(2025, 7, 14), "YES"),  # the window's last day
        ],
        accommodation=[
            (date(2025, 1, 1), "U", True),
            (date(2025, 6, 20), "W", False),  # after the birthday
        ],
        activity=[(date(2024, 9, 1), "G5"), (date(2025, 9, 1), "F2")],
    )
    assert (v.birthday, v.in_touch, v.activ, v.accom) == (date(2025, 6, 14), "YES", "G5", "U1")


def test_a_contact_the_day_after_the_window_does_not_count():
    v = values(contacts=[(date(2025, 3, 13), "YES"), (date(2025, 7, 15), "YES")])
    assert (v.in_touch, v.activ, v.accom) == ("NO", "0", "0")


def test_in_touch_with_nothing_in_force_on_the_birthday_takes_the_first_after_it():
    v = values(
        contacts=[(date(2025, 6, 1), "YES")],
        accommodation=[(date(2025, 7, 1), "S", False)],
        activity=[(date(2025, 7, 20), "F5")],  # after the window
    )
    assert (v.in_touch, v.activ, v.accom) == ("YES", "0", "S2")


def test_outcomes_other_than_in_touch_give_no_activity_or_accommodation():
    home = [(date(2024, 1, 1), "U", True)]
    assert values(contacts=[(date(2025, 5, 1), "REFU")], accommodation=home).accom == "0"
    assert values(contacts=[(date(2024, 11, 1), "NREQ")]).in_touch == "NREQ"
    died = values(contacts=[(date(2025, 6, 1), "YES"), (date(2025, 6, 20), "DIED")])
    assert (died.in_touch, died.activ, died.accom) == ("DIED", "0", "0")


pytestmark = pytest.mark.django_db
YEAR = 2026


def former_relevant(by, reference="CL1", dob=DOB, left=date(2024, 6, 14), reason="E17", **kw):
    """Looked after from 15 until `left` (by default the 18th birthday: 19 during 2025/26)."""
    child = register(by, date(dob.year + 15, 9, 1), la_reference=reference, date_of_birth=dob, **kw)
    child.placements.update(home_postcode="WS1 1DQ", postcode="WS2 8AL", urn="SC999001")
    services.period_of_care_end(child=child, end_date=left, reason=reason, by=by)
    return child


def record(child, by):
    leaver_services.contact_record(
        child=child, contact_date=date(2025, 7, 14), contact_type="visit", outcome="YES", by=by
    )
    leaver_services.accommodation_record(
        child=child, start_date=date(2025, 1, 1), accommodation="U", suitable=True, by=by
    )
    leaver_services.activity_record(
        child=child, start_date=date(2024, 9, 1), activity="G5", details="Job hunting", by=by
    )


def test_the_return_holds_the_19th_birthday_and_a_header_without_motherhood(social_worker):
    child = former_relevant(social_worker, sex="F")
    record(child, social_worker)
    # Still looked after on the 17th birthday: no OC3 row (DfE rule 1007).
    register(
        social_worker,
        date(2024, 1, 8),
        la_reference="CL2",
        date_of_birth=date(2008, 10, 1),
    )
    result = build_return(year=YEAR)
    assert result[tables.OC3] == [
        {"CHILD": "CL1", "DOB": "14/06/2006", "IN_TOUCH": "YES", "ACTIV": "G5", "ACCOM": "U1"}
    ]
    [header] = [h for h in result[tables.HEADER] if h["CHILD"] == "CL1"]
    assert (header["SEX"], header["MOTHER"], header["MC_DOB"]) == ("F", "", "")


def test_oc3_passes_the_dfe_rules(tmp_path, social_worker):
    from tests.reporting.test_dfe_rules import run_dfe_rules

    record(former_relevant(social_worker), social_worker)
    # Left care at 17 in the year, 18 before the year ends: relevant, then former relevant.
    at_17 = former_relevant(
        social_worker, "CL3", dob=date(2007, 12, 1), left=date(2025, 5, 2), reason="E5"
    )
    leaver_services.contact_record(
        child=at_17,
        contact_date=date(2025, 12, 1),
        contact_type="phone",
        outcome="NO",
        by=social_worker,
    )
    counts = write_return(year=YEAR, out=tmp_path)
    assert counts["OC3"] == 2
    result = run_dfe_rules(tmp_path)
    assert result["returncode"] == 0, result["stdout"][-4000:]
    assert not {"131", "132", "133", "153", "345", "1007", "1016", "INT06"} & set(result["skipped"])


def test_export_import_export_keeps_oc3(tmp_path, social_worker):
    from tests.reporting.test_import_ssda903 import exported

    # Left care at 17 during the year: episodes and an OC3 row in the same return.
    child = former_relevant(
        social_worker, "CL3", dob=date(2007, 12, 1), left=date(2025, 5, 2), reason="E5"
    )
    leaver_services.contact_record(
        child=child,
        contact_date=date(2025, 11, 20),
        contact_type="visit",
        outcome="YES",
        by=social_worker,
    )
    leaver_services.accommodation_record(
        child=child,
        start_date=date(2025, 5, 2),
        accommodation="D",
        suitable=False,
        unsuitable_reason="Far from college",
        by=social_worker,
    )
    leaver_services.activity_record(
        child=child, start_date=date(2025, 9, 1), activity="F2", by=social_worker
    )
    write_return(year=YEAR, out=tmp_path / "first")
    before = exported(tmp_path / "first")
    assert before["care_leavers.csv"][1] == ["CL3", "01/12/2007", "YES", "F2", "D2"]
    Child.objects.all().delete()
    result = import_return(directory=tmp_path / "first", by=social_worker)
    assert result.imported == ["CL3"]
    assert result.care_leaver_records == 3
    write_return(year=YEAR, out=tmp_path / "second")
    assert exported(tmp_path / "second") == before
    # Importing again writes nothing more.
    again = import_return(directory=tmp_path / "first", by=social_worker)
    assert again.care_leaver_records == 0


def test_oc3_rows_are_added_to_a_young_person_already_recorded(tmp_path, social_worker):
    child = former_relevant(social_worker)
    record(child, social_worker)
    write_return(year=YEAR, out=tmp_path)
    Contact.objects.all().delete()
    AccommodationRecord.objects.all().delete()
    ActivityRecord.objects.all().delete()
    # The return holds no episode to date it: the year is given.
    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)
    assert result.care_leavers == ["CL1"]
    assert build_return(year=YEAR)[tables.OC3][0]["ACCOM"] == "U1"
    # Someone unknown to Harbour, in OC3 alone, is refused with the reason.
    Child.objects.all().delete()
    refused = import_return(directory=tmp_path, by=social_worker, year=YEAR)
    assert refused.rejected == ["CL1"]
    assert any("is in OC3 with no episodes and is not recorded" in i.reason for i in refused.issues)


def test_a_bad_oc3_row_is_refused_on_its_own(tmp_path, social_worker):
    from tests.reporting.test_import_ssda903 import write

    child = former_relevant(social_worker)
    write_return(year=YEAR, out=tmp_path)
    (tmp_path / tables.OC3.filename).unlink()
    write(
        tmp_path,
        tables.OC3,
        [{"CHILD": "CL1", "DOB": "14/06/2006", "IN_TOUCH": "YES", "ACTIV": "Q9", "ACCOM": "U1"}],
    )
    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)
    assert [i.reason for i in result.issues if i.child == "CL1"] == [
        "ACTIV 'Q9' is not an SSDA903 code"
    ]
    assert not child.leaving_care_contacts.exists()


def test_the_return_folder_is_found_by_header(tmp_path: Path):
    assert tables.table_for_header(["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"]) is tables.OC3
