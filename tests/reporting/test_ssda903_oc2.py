"""The SSDA903 OC2 table: who is in it, each value, the export and the import.

Collection year 2026: 1 April 2025 to 31 March 2026, unless a test says otherwise.
Dates are worked by hand.
"""

from datetime import date

import pytest
from django.core.management import call_command

from care_leavers.categories import CarePeriod, Interval
from casework.models import YouthJusticeOutcome
from casework.services import youth_justice_outcome_record
from children import services
from children.models import Child
from core.exceptions import ApplicationError
from health import services as health
from health.models import (
    DentalCheck,
    ImmunisationCheck,
    ReviewHealthAssessment,
    Sdq,
    SubstanceMisuseRecord,
)
from health.oc2 import (
    ImmunisationFact,
    SdqFact,
    SubstanceFact,
    looked_after_continuously,
    oc2_values,
)
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return, write_return
from reporting.ssda903.importer import REJECTED, WARNING, import_return
from tests.children.builders import legal, register
from tests.reporting.test_import_ssda903 import episode, exported, header, write

pytestmark = pytest.mark.django_db

YEAR = 2026
START, END = date(2025, 4, 1), date(2026, 3, 31)


# --- who is in OC2 ------------------------------------------------------------------------


def cla(periods, short_breaks=(), start=START, end=END) -> bool:
    return looked_after_continuously(
        periods=[CarePeriod(s, e) for s, e in periods],
        short_breaks=[Interval(s, e) for s, e in short_breaks],
        year_start=start,
        year_end=end,
    )


def test_in_care_from_a_year_before_31_march_is_in_oc2():
    # 31 March 2025 to 31 March 2026 is a year and a day; 1 April 2025 exactly 12 months.
    assert cla([(date(2025, 3, 31), None)])
    assert cla([(date(2025, 4, 1), None)])
    # From 2 April 2025: 11 months and 29 days at 31 March 2026.
    assert not cla([(date(2025, 4, 2), None)])
    assert cla([(date(2019, 9, 14), None)])


def test_leaving_care_before_31_march_takes_the_child_out():
    assert not cla([(date(2020, 1, 6), date(2026, 3, 30))])
    # Leaving on 31 March itself, or after it, leaves the 12 months whole.
    assert cla([(date(2020, 1, 6), date(2026, 3, 31))])
    assert cla([(date(2020, 1, 6), date(2026, 4, 1))])
    # Left on 1 April 2025, the year's first day: not looked after for the year.
    assert not cla([(date(2020, 1, 6), date(2025, 4, 1))])


def test_a_gap_in_care_during_the_year_breaks_the_12_months():
    assert not cla([(date(2020, 1, 6), date(2025, 10, 10)), (date(2025, 11, 20), None)])
    # A gap that closed by 1 April 2025 does not.
    assert cla([(date(2020, 1, 6), date(2025, 3, 1)), (date(2025, 4, 1), None)])


def test_a_child_not_looked_after_in_the_year_is_not_in_oc2():
    assert not cla([(date(2020, 1, 6), date(2025, 3, 31))])
    assert not cla([(date(2026, 4, 1), None)])
    assert not cla([])


def test_short_breaks_never_count():
    # An agreed series of short breaks (V3) all year.
    assert not cla([(date(2023, 5, 2), None)], [(date(2023, 5, 2), None)])
    # Short breaks that became full care (C2) within the period before the year: in.
    assert cla([(date(2023, 5, 2), None)], [(date(2023, 5, 2), date(2025, 3, 31))])
    # ... but not when the short breaks ran into the year's first day.
    assert not cla([(date(2023, 5, 2), None)], [(date(2023, 5, 2), date(2025, 4, 1))])


def test_a_start_on_29_february():
    # 29 February 2024: in care for the whole of 1 April 2024 to 31 March 2025.
    assert cla([(date(2024, 2, 29), None)], start=date(2024, 4, 1), end=date(2025, 3, 31))
    # Not for 1 April 2023 to 31 March 2024: a month.
    assert not cla([(date(2024, 2, 29), None)], start=date(2023, 4, 1), end=date(2024, 3, 31))


# --- the values -------------------------------------------------------------------------------


def values(dob: date, start: date = date(2020, 1, 6), **records):
    facts = {
        "assessments": [],
        "dental_checks": [],
        "immunisations": [],
        "substance": [],
        "sdqs": [],
        "youth_justice": [],
    } | records
    return oc2_values(
        date_of_birth=dob, period_start=start, year_start=START, year_end=END, **facts
    )


def test_nothing_recorded_gives_0_and_blanks_where_the_age_says():
    # Born 10 June 2014: 11 on 31 March 2026, so CONVICTED and an SDQ, no HEALTH_CHECK.
    v = values(date(2014, 6, 10))
    assert v.as_dict() == {
        "SDQ_SCORE": "",
        "SDQ_REASON": "",
        "CONVICTED": "0",
        "HEALTH_CHECK": "",
        "IMMUNISATIONS": "0",
        "TEETH_CHECK": "0",
        "HEALTH_ASSESSMENT": "0",
        "SUBSTANCE_MISUSE": "0",
        "INTERVENTION_RECEIVED": "",
        "INTERVENTION_OFFERED": "",
    }


def test_health_assessment_up_to_date_at_31_march():
    dob = date(2014, 6, 10)  # 5 or over: 12 months
    assert values(dob, assessments=[date(2025, 3, 31)]).HEALTH_ASSESSMENT == "1"  # due 31/3/26
    assert values(dob, assessments=[date(2025, 3, 30)]).HEALTH_ASSESSMENT == "0"  # due 30/3/26
    # One before the period of care began does not count.
    assert (
        values(dob, start=date(2025, 3, 1), assessments=[date(2025, 2, 1)]).HEALTH_ASSESSMENT == "0"
    )
    # Born 1 January 2022: 4 on 31 March 2026, so 6 months, and HEALTH_CHECK follows.
    baby = date(2022, 1, 1)
    due_31_march = values(baby, assessments=[date(2025, 5, 1), date(2025, 9, 30)])
    assert (due_31_march.HEALTH_ASSESSMENT, due_31_march.HEALTH_CHECK) == ("0", "0")
    due_1_april = values(baby, assessments=[date(2025, 10, 1)])
    assert (due_1_april.HEALTH_ASSESSMENT, due_1_april.HEALTH_CHECK) == ("1", "1")
    assert values(baby).CONVICTED == ""


def test_teeth_immunisations_and_convictions_in_the_year():
    dob = date(2014, 6, 10)
    assert values(dob, dental_checks=[date(2025, 3, 31)]).TEETH_CHECK == "0"
    assert values(dob, dental_checks=[date(2025, 4, 1)]).TEETH_CHECK == "1"
    jabs = [ImmunisationFact(date(2026, 2, 1), True), ImmunisationFact(date(2026, 4, 1), False)]
    assert values(dob, immunisations=jabs).IMMUNISATIONS == "1"  # as on 31 March
    behind = [ImmunisationFact(date(2024, 6, 1), True), ImmunisationFact(date(2025, 6, 1), False)]
    assert values(dob, immunisations=behind).IMMUNISATIONS == "0"
    assert values(dob, youth_justice=[date(2025, 3, 31)]).CONVICTED == "0"
    assert values(dob, youth_justice=[date(2026, 3, 31)]).CONVICTED == "1"
    # 10 on 31 March 2026 (born 31 March 2016): returned; 9 (born 1 April 2016): blank.
    assert values(date(2016, 3, 31)).CONVICTED == "0"
    assert values(date(2016, 4, 1)).CONVICTED == ""


def test_substance_misuse_and_interventions():
    dob = date(2010, 2, 2)

    def misuse(*records):
        v = values(dob, substance=[SubstanceFact(*r) for r in records])
        return v.SUBSTANCE_MISUSE, v.INTERVENTION_RECEIVED, v.INTERVENTION_OFFERED

    assert misuse((date(2025, 6, 1), False, "")) == ("0", "", "")
    # Identified before the year only: not this year's.
    assert misuse((date(2025, 3, 1), True, "received")) == ("0", "", "")
    assert misuse((date(2025, 6, 1), True, "received")) == ("1", "1", "")
    assert misuse((date(2025, 6, 1), True, "declined")) == ("1", "0", "1")
    assert misuse((date(2025, 6, 1), True, "not_offered")) == ("1", "0", "0")
    # Declined, then received later in the year: received.
    assert misuse((date(2025, 6, 1), True, "declined"), (date(2026, 1, 5), True, "received")) == (
        "1",
        "1",
        "",
    )


def test_the_sdq_of_the_year():
    dob = date(2014, 6, 10)
    sdqs = [SdqFact(date(2025, 5, 1), 12, ""), SdqFact(date(2026, 3, 31), None, "SDQ2")]
    assert (values(dob, sdqs=sdqs).SDQ_SCORE, values(dob, sdqs=sdqs).SDQ_REASON) == ("", "SDQ2")
    one = values(dob, sdqs=[SdqFact(date(2025, 5, 1), 12, "")])
    assert (one.SDQ_SCORE, one.SDQ_REASON) == ("12", "")
    # None in the year: missing (left blank for the DfE's rules 186 and 197B to point out).
    missing = values(dob, sdqs=[SdqFact(date(2025, 3, 31), 20, "")])
    assert (missing.SDQ_SCORE, missing.SDQ_REASON) == ("", "")


def test_the_sdq_ages_are_the_dfe_s():
    sdq = [SdqFact(date(2026, 3, 31), 9, "")]
    # 4 on 31 March 2026: in; 4 on 1 April 2026: out (DfE rule 188).
    assert values(date(2022, 3, 31), sdqs=sdq).SDQ_SCORE == "9"
    assert values(date(2022, 4, 1), sdqs=sdq).SDQ_SCORE == ""
    # 17 on 1 April 2025: in (rule 197B); 17 on 31 March 2025: out (rule 189).
    late = [SdqFact(date(2025, 4, 1), 30, "")]
    assert values(date(2008, 4, 1), sdqs=late).SDQ_SCORE == "30"
    assert values(date(2008, 3, 31), sdqs=late).SDQ_SCORE == ""


def test_sdq1_when_the_child_turned_17_before_the_next_sdq_was_due():
    # Born 1 June 2008: 17 on 1 June 2025.
    dob = date(2008, 6, 1)
    # Last SDQ 1 August 2024, next due 1 August 2025: after the 17th birthday.
    over = values(dob, sdqs=[SdqFact(date(2024, 8, 1), 15, "")])
    assert (over.SDQ_SCORE, over.SDQ_REASON) == ("", "SDQ1")
    # Last SDQ 1 May 2024, next due 1 May 2025, before the birthday: missing.
    due = values(dob, sdqs=[SdqFact(date(2024, 5, 1), 15, "")])
    assert (due.SDQ_SCORE, due.SDQ_REASON) == ("", "")


# --- the export ---------------------------------------------------------------------------


def build_oc2_children(social_worker) -> None:
    """O1 in care since 2024 with every kind of record; O2 under 5; O3 started in the year
    (not in OC2); O4 on short breaks (not in OC2)."""
    o1 = register(
        social_worker,
        date(2024, 1, 8),
        legal_status="C2",
        la_reference="O1",
        first_name="Olu",
        date_of_birth=date(2011, 9, 20),
    )
    health.rha_record(
        child=o1, assessed_on=date(2025, 6, 2), assessor="lac_nurse", by=social_worker
    )
    health.dental_check_record(child=o1, checked_on=date(2025, 11, 3), by=social_worker)
    health.immunisation_check_record(
        child=o1, checked_on=date(2025, 6, 2), up_to_date=True, by=social_worker
    )
    health.substance_misuse_record(
        child=o1,
        recorded_on=date(2025, 9, 1),
        identified=True,
        intervention="declined",
        by=social_worker,
    )
    health.sdq_record(child=o1, completed_on=date(2025, 12, 1), score=17, by=social_worker)
    youth_justice_outcome_record(
        child=o1, outcome_on=date(2025, 10, 14), outcome="youth_caution", by=social_worker
    )
    # Born 12 May 2022: 3 on 31 March 2026; assessed 1 December 2025, due 1 June 2026.
    o2 = register(
        social_worker,
        date(2024, 5, 20),
        la_reference="O2",
        first_name="Pip",
        date_of_birth=date(2022, 5, 12),
    )
    health.rha_record(
        child=o2, assessed_on=date(2025, 12, 1), assessor="health_visitor", by=social_worker
    )
    o3 = register(
        social_worker,
        date(2025, 4, 2),
        la_reference="O3",
        first_name="Quin",
        date_of_birth=date(2012, 2, 2),
    )
    health.dental_check_record(child=o3, checked_on=date(2025, 11, 3), by=social_worker)
    register(
        social_worker,
        date(2023, 7, 4),
        legal_status="V3",
        la_reference="O4",
        first_name="Rae",
        date_of_birth=date(2014, 2, 2),
    )


O1 = ["O1", "20/09/2011", "17", "", "1", "", "1", "1", "1", "1", "0", "1"]
O2 = ["O2", "12/05/2022", "", "", "", "1", "0", "0", "1", "0", "", ""]


def test_oc2_rows_for_the_children_looked_after_for_12_months(tmp_path, social_worker):
    build_oc2_children(social_worker)
    counts = write_return(year=YEAR, out=tmp_path)
    rows = exported(tmp_path)["oc2.csv"]
    assert rows[0] == list(tables.OC2.columns)
    assert rows[1:] == [O1, O2]
    assert counts["OC2"] == 2
    # Every OC2 child is in the Header with the same date of birth (DfE INT05, INT14).
    header_dob = {r["CHILD"]: r["DOB"] for r in build_return(year=YEAR)[tables.HEADER]}
    assert all(header_dob[r[0]] == r[1] for r in rows[1:])


def test_a_conviction_is_recorded_from_the_10th_birthday_only(social_worker):
    child = register(social_worker, date(2024, 1, 8), date_of_birth=date(2016, 3, 31))
    with pytest.raises(ApplicationError, match="under 10 on 30 March 2026"):
        youth_justice_outcome_record(
            child=child, outcome_on=date(2026, 3, 30), outcome="conviction", by=social_worker
        )
    record = youth_justice_outcome_record(
        child=child, outcome_on=date(2026, 3, 31), outcome="conviction", by=social_worker
    )
    assert record.history.count() == 1
    with pytest.raises(ApplicationError, match="already recorded"):
        youth_justice_outcome_record(
            child=child, outcome_on=date(2026, 3, 31), outcome="", by=social_worker
        )


# --- the import ---------------------------------------------------------------------------


# The records an OC2 row can add.
OC2_MODELS = (
    Sdq,
    ImmunisationCheck,
    DentalCheck,
    ReviewHealthAssessment,
    SubstanceMisuseRecord,
    YouthJusticeOutcome,
)


def oc2_counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in OC2_MODELS)


def test_export_import_export_keeps_oc2(tmp_path, social_worker):
    build_oc2_children(social_worker)
    write_return(year=YEAR, out=tmp_path / "first")
    before = exported(tmp_path / "first")

    Child.objects.all().delete()
    result = import_return(directory=tmp_path / "first", by=social_worker)

    assert sorted(result.imported) == ["O1", "O2", "O3", "O4"]
    assert [i.reason for i in result.issues if i.file == "oc2.csv"] == []
    # O1: SDQ, immunisations, dental check, assessment, substance misuse, caution; O2: RHA.
    assert (result.oc2_records, result.oc2_children) == (7, ["O1", "O2"])
    # Dated 31 March 2026, the day the return speaks of.
    o1 = Child.objects.get(la_reference="O1")
    assert [(s.completed_on, s.score) for s in o1.sdqs.all()] == [(END, 17)]
    assert [(s.recorded_on, s.intervention) for s in o1.substance_misuse.all()] == [
        (END, "declined")
    ]
    assert [(y.outcome_on, y.outcome) for y in o1.youth_justice_outcomes.all()] == [(END, "")]
    write_return(year=YEAR, out=tmp_path / "second")
    assert exported(tmp_path / "second") == before

    # Importing the same return again adds nothing.
    counts = oc2_counts()
    again = import_return(directory=tmp_path / "first", by=social_worker)
    assert (again.oc2_records, again.oc2_children) == (0, [])
    assert oc2_counts() == counts
    assert [i for i in again.issues if i.file == "oc2.csv"] == []


def oc2_row(child="K1", dob="01/06/2015", **values) -> dict[str, str]:
    blank = dict.fromkeys(tables.OC2.columns, "")
    base = {
        "CHILD": child,
        "DOB": dob,
        "SDQ_SCORE": "10",
        "CONVICTED": "0",
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "1",
        "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "0",
    }
    return blank | base | values


def test_each_bad_oc2_row_is_refused_on_its_own(tmp_path, social_worker):
    # K1, K2, K3 in care since 7 January 2025, born 1 June 2015 (10 on 31 March 2026);
    # K4 since 7 April 2025 (not in OC2); K5 born 1 June 2017 (8).
    children = ["K1", "K2", "K3", "K4", "K5"]
    write(
        tmp_path,
        tables.HEADER,
        [header(c, DOB="01/06/2017" if c == "K5" else "01/06/2015") for c in children],
    )
    write(
        tmp_path,
        tables.EPISODES,
        [episode(c, decom="07/04/2025" if c == "K4" else "07/01/2025") for c in children],
    )
    write(
        tmp_path,
        tables.OC2,
        [
            oc2_row(),  # line 2: kept
            oc2_row("K2", CONVICTED="2"),  # 3
            oc2_row("K2", SDQ_SCORE="41"),  # 4
            oc2_row("K2", SDQ_REASON="SDQ2"),  # 5: both
            oc2_row("K2", SDQ_SCORE="", SDQ_REASON="SDQ9"),  # 6
            oc2_row("K2", INTERVENTION_RECEIVED="1"),  # 7: no misuse
            oc2_row("K2", SUBSTANCE_MISUSE="1"),  # 8: received blank
            oc2_row("K2", dob="02/06/2015"),  # 9
            oc2_row("K4"),  # 10: not looked after for 12 months
            oc2_row("K5", dob="01/06/2017"),  # 11: CONVICTED at 8
            oc2_row("K3", HEALTH_CHECK="1"),  # 12: kept, HEALTH_CHECK not (10 years old)
        ],
    )
    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)

    assert sorted(result.imported) == children
    issues = sorted(
        (i.line, i.child, i.outcome, i.reason) for i in result.issues if i.file == "oc2.csv"
    )
    assert issues == [
        (3, "K2", REJECTED, "CONVICTED '2' must be 1, 0 or blank"),
        (4, "K2", REJECTED, "SDQ_SCORE '41' is not a score from 0 to 40"),
        (
            5,
            "K2",
            REJECTED,
            "SDQ_SCORE and SDQ_REASON are both given: give the score, or the reason there is "
            "none (DfE rule 197a)",
        ),
        (6, "K2", REJECTED, "SDQ_REASON 'SDQ9' is not a reason for no SDQ score (SDQ1 to SDQ5)"),
        (
            7,
            "K2",
            REJECTED,
            "INTERVENTION_RECEIVED or INTERVENTION_OFFERED is given, but SUBSTANCE_MISUSE is "
            "not 1 (DfE rule 193)",
        ),
        (
            8,
            "K2",
            REJECTED,
            "SUBSTANCE_MISUSE is 1 but INTERVENTION_RECEIVED is blank (DfE rule 192)",
        ),
        (9, "K2", REJECTED, "DOB 02/06/2015 differs from the date of birth recorded (01/06/2015)"),
        (
            10,
            "K4",
            REJECTED,
            "the child was not looked after continuously for 12 months at 31/03/2026 (from "
            "their care history): OC2 is returned only for those children (DfE rule 190)",
        ),
        (
            11,
            "K5",
            REJECTED,
            "CONVICTED is given, but the child was 8 on 31/03/2026: it is returned for children "
            "aged 10 or over (DfE rule 542)",
        ),
        (
            12,
            "K3",
            WARNING,
            "HEALTH_CHECK 1: it is returned for children under 5 at 31 March; not kept",
        ),
    ]
    # K1 and K3: an SDQ, immunisations, a dental check and an assessment each; K2 nothing.
    assert (result.oc2_records, sorted(result.oc2_children)) == (8, ["K1", "K3"])
    assert not Sdq.objects.filter(child__la_reference="K2").exists()
    out = tmp_path / "out"
    write_return(year=YEAR, out=out)
    assert exported(out)["oc2.csv"][1:] == [
        ["K1", "01/06/2015", "10", "", "0", "", "1", "1", "1", "0", "", ""],
        ["K2", "01/06/2015", "", "", "0", "", "0", "0", "0", "0", "", ""],
        ["K3", "01/06/2015", "10", "", "0", "", "1", "1", "1", "0", "", ""],
        ["K5", "01/06/2017", "", "", "", "", "0", "0", "0", "0", "", ""],
    ]


def test_a_row_the_record_contradicts_changes_nothing(tmp_path, social_worker):
    # K1, in care since 7 January 2025, is recorded; then a dental check and an SDQ.
    write(tmp_path, tables.HEADER, [header("K1")])
    write(tmp_path, tables.EPISODES, [episode("K1", decom="07/01/2025")])
    import_return(directory=tmp_path, by=social_worker, year=YEAR)
    child = Child.objects.get(la_reference="K1")
    health.dental_check_record(child=child, checked_on=date(2025, 11, 3), by=social_worker)
    health.sdq_record(child=child, completed_on=date(2025, 12, 1), score=8, by=social_worker)
    write(tmp_path, tables.OC2, [oc2_row(TEETH_CHECK="0")])
    counts = oc2_counts()

    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)

    assert result.unchanged == ["K1"]
    assert [(i.line, i.reason) for i in result.issues if i.file == "oc2.csv"] == [
        (
            2,
            "TEETH_CHECK is 0 in the return, but the child's record gives 1 for 01/04/2025 to "
            "31/03/2026: nothing was changed",
        )
    ]
    # Nothing of the row was written: not its immunisations, nor its assessment.
    assert oc2_counts() == counts
    # The SDQ of the year is recorded (8): a return saying 10 is refused.
    write(tmp_path, tables.OC2, [oc2_row()])
    again = import_return(directory=tmp_path, by=social_worker, year=YEAR)
    [issue] = [i for i in again.issues if i.file == "oc2.csv"]
    assert issue.reason == (
        "the SDQ is 10 in the return, but the latest SDQ recorded from 01/04/2025 to "
        "31/03/2026 gives 8: nothing was changed"
    )
    assert oc2_counts() == counts


def write_k1_and_k2(directory) -> None:
    """K1 and K2, born 1 June 2015, in care since 7 January 2025 (in OC2 for 2025/26)."""
    write(directory, tables.HEADER, [header("K1"), header("K2")])
    write(
        directory,
        tables.EPISODES,
        [episode("K1", decom="07/01/2025"), episode("K2", decom="07/01/2025")],
    )


def test_each_record_an_oc2_row_adds_has_its_history_by_the_importer(tmp_path, social_worker):
    write_k1_and_k2(tmp_path)
    write(
        tmp_path,
        tables.OC2,
        [
            oc2_row(CONVICTED="1", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1"),
            oc2_row("K2", SDQ_SCORE="", SDQ_REASON="SDQ2", IMMUNISATIONS="0", TEETH_CHECK="0"),
        ],
    )

    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)

    assert [i for i in result.issues if i.file == "oc2.csv"] == []
    # K1: SDQ, immunisations, dental check, assessment, substance misuse, conviction;
    # K2: SDQ (SDQ2) and assessment (IMMUNISATIONS 0 is what no record gives).
    assert (result.oc2_records, result.oc2_children) == (8, ["K1", "K2"])
    for model in OC2_MODELS:
        for record in model.objects.all():
            assert [(h.history_type, h.history_user, h.child_id) for h in record.history.all()] == [
                ("+", social_worker, record.child_id)
            ], record
    k2 = Child.objects.get(la_reference="K2")
    assert [(s.completed_on, s.score, s.reason) for s in k2.sdqs.all()] == [(END, None, "SDQ2")]
    assert not k2.immunisation_checks.exists()
    assessment = k2.review_assessments.get()
    assert (assessment.assessed_on, assessment.assessor, assessment.outcome) == (
        END,
        "other",
        "From an SSDA903 return (OC2)",
    )


def test_a_second_oc2_row_for_the_child_reads_what_the_first_added(tmp_path, social_worker):
    write(tmp_path, tables.HEADER, [header("K1")])
    write(tmp_path, tables.EPISODES, [episode("K1", decom="07/01/2025")])
    write(
        tmp_path,
        tables.OC2,
        [
            oc2_row(),  # line 2: SDQ 10, immunisations, dental check, assessment
            oc2_row(TEETH_CHECK="0"),  # 3: the dental check line 2 added says 1
            oc2_row(SDQ_SCORE="12"),  # 4: the SDQ line 2 added says 10
            oc2_row(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1"),
        ],
    )

    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)

    assert [(i.line, i.reason) for i in result.issues if i.file == "oc2.csv"] == [
        (
            3,
            "TEETH_CHECK is 0 in the return, but the child's record gives 1 for 01/04/2025 to "
            "31/03/2026: nothing was changed",
        ),
        (
            4,
            "the SDQ is 12 in the return, but the latest SDQ recorded from 01/04/2025 to "
            "31/03/2026 gives 10: nothing was changed",
        ),
    ]
    # Line 5 adds only its substance misuse record (offered and declined).
    assert (result.oc2_records, result.oc2_children) == (5, ["K1"])
    child = Child.objects.get(la_reference="K1")
    assert [(s.recorded_on, s.intervention) for s in child.substance_misuse.all()] == [
        (END, "declined")
    ]
    assert oc2_counts() == (1, 1, 1, 1, 1, 0)


def test_a_record_the_health_services_refuse_refuses_the_row(tmp_path, social_worker):
    # K1 has a substance misuse record on 31 March 2026 saying no problem was identified:
    # a second on that day is refused by the health services, so nothing of the row is
    # written. K2's row, on its own, is kept.
    write_k1_and_k2(tmp_path)
    import_return(directory=tmp_path, by=social_worker, year=YEAR)
    k1 = Child.objects.get(la_reference="K1")
    health.substance_misuse_record(child=k1, recorded_on=END, identified=False, by=social_worker)
    write(
        tmp_path,
        tables.OC2,
        [
            oc2_row(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1"),
            oc2_row("K2"),
        ],
    )
    counts = oc2_counts()

    result = import_return(directory=tmp_path, by=social_worker, year=YEAR)

    assert [(i.line, i.child, i.reason) for i in result.issues if i.file == "oc2.csv"] == [
        (
            2,
            "K1",
            "A substance misuse record on this day is already recorded for the child "
            "(31/03/2026, from the OC2 row)",
        )
    ]
    assert (result.oc2_records, result.oc2_children) == (4, ["K2"])
    assert oc2_counts() == tuple(
        n + added for n, added in zip(counts, (1, 1, 1, 1, 0, 0), strict=True)
    )
    assert not k1.sdqs.exists()


def test_oc2_records_for_a_31_march_still_to_come_are_refused(tmp_path, social_worker):
    # The import is told the return is for a year ending on a 31 March after today.
    year = date.today().year + 2
    write(tmp_path, tables.HEADER, [header("K1")])
    write(tmp_path, tables.EPISODES, [episode("K1", decom="07/01/2025")])
    write(tmp_path, tables.OC2, [oc2_row()])

    result = import_return(directory=tmp_path, by=social_worker, year=year)

    [issue] = [i for i in result.issues if i.file == "oc2.csv"]
    assert (issue.line, issue.reason) == (
        2,
        f"The date must be today or in the past (31/03/{year}, from the OC2 row)",
    )
    assert (result.oc2_records, oc2_counts()) == (0, (0, 0, 0, 0, 0, 0))


def test_a_child_on_short_breaks_is_not_in_oc2_however_long(social_worker):
    child = register(
        social_worker, date(2023, 7, 4), legal_status="V3", la_reference="SB", first_name="Dee"
    )
    assert build_return(year=YEAR)[tables.OC2] == []
    # Full care (C2) from 31 March 2025, before the year: in OC2.
    legal(child, social_worker, date(2025, 3, 31), "C2")
    assert [r["CHILD"] for r in build_return(year=YEAR)[tables.OC2]] == ["SB"]
    services.period_of_care_end(
        child=child, end_date=date(2026, 3, 30), reason="E4A", by=social_worker
    )
    assert build_return(year=YEAR)[tables.OC2] == []


def test_the_import_command_counts_the_oc2_records(tmp_path, social_worker, capsys):
    build_oc2_children(social_worker)
    write_return(year=YEAR, out=tmp_path)
    Child.objects.all().delete()
    call_command("import_ssda903", str(tmp_path), "--year", str(YEAR))
    out = capsys.readouterr().out
    assert "Health and offending records written from OC2: 7 (for 2 children)" in out


# The DfE rules that read the OC2 table (lac2025_26).
OC2_RULES = {
    "157",
    "158",
    "159",
    "180",
    "181",
    "182",
    "185",
    "186",
    "188",
    "189",
    "190",
    "191",
    "192",
    "193",
    "196",
    "197a",
    "197B",
    "198",
    "542",
    "543",
    "544",
    "545",
    "546",
    "547",
    "INT05",
    "INT14",
    "INT33",
}


def test_the_oc2_table_passes_the_dfe_rules(tmp_path, social_worker):
    from tests.reporting.test_dfe_rules import run_dfe_rules

    build_oc2_children(social_worker)
    # O4's short breaks run on for years, which the DfE's rules 365 and 367 refuse.
    Child.objects.filter(la_reference="O4").delete()
    # Real postcodes: the rules look them up in the ONS postcode directory.
    for child in Child.objects.all():
        child.placements.update(home_postcode="WS1 1DQ", postcode="WS2 8AL", urn="SC999001")
    counts = write_return(year=YEAR, out=tmp_path)
    assert counts["OC2"] == 2
    result = run_dfe_rules(tmp_path)
    assert result["returncode"] == 0, result["stdout"][-4000:]
    assert not OC2_RULES & set(result["skipped"])
