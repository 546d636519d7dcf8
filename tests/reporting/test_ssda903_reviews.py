"""The SSDA903 Reviews table: written by the export, read by the import.

Collection year 2026: 1 April 2025 to 31 March 2026. Dates are worked by hand.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from children import services
from children.models import Child
from deadlines.models import Deadline
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return, write_return
from reporting.ssda903.importer import IGNORED, REJECTED, SKIPPED, WARNING, import_return
from reviews.models import LatenessReason, Review
from reviews.services import HeldDetails, review_record
from tests.children.builders import register
from tests.factories import UserFactory
from tests.reporting.test_import_ssda903 import (
    episode,
    exported,
    header,
    history_counts,
    write,
)

pytestmark = pytest.mark.django_db

YEAR = 2026


def review(child, by, on: date, participation: str = "") -> Review:
    """A review held on `on`, with a reason to hand in case it was late (the export does
    not care whether it was). Reviews are an IRO's to record, whoever `by` is."""
    iro = User.objects.filter(role=Role.IRO).first() or UserFactory.create(role=Role.IRO)
    return review_record(
        child=child, held_on=on, participation=participation, details=late_reason(), by=iro
    )


def late_reason() -> HeldDetails:
    reason, _ = LatenessReason.objects.get_or_create(name="Social worker report not received")
    return HeldDetails(lateness_reason=reason)


def build_reviewed_children(social_worker) -> None:
    """Children with reviews before, in and after the year, under 4, turning 4, on a short
    break, and on the day care ended."""
    # Born 15 September 2021: 4 on Monday 15 September 2025. In care from 3 March 2025.
    turning_four = register(
        social_worker,
        date(2025, 3, 3),
        la_reference="R1",
        first_name="Ava",
        date_of_birth=date(2021, 9, 15),
    )
    review(turning_four, social_worker, date(2025, 3, 31))  # the day before the year: out
    review(turning_four, social_worker, date(2025, 4, 1))  # its first day: in, PN0 (aged 3)
    review(turning_four, social_worker, date(2025, 9, 12))  # Friday before the birthday: PN0
    review(turning_four, social_worker, date(2025, 9, 15), "PN1")  # the 4th birthday
    review(turning_four, social_worker, date(2026, 3, 31), "PN6")  # its last day: in
    review(turning_four, social_worker, date(2026, 4, 1), "PN7")  # the day after: out
    # Born 10 May 2023: under 4 all year.
    baby = register(
        social_worker,
        date(2025, 6, 2),
        la_reference="R2",
        first_name="Bea",
        date_of_birth=date(2023, 5, 10),
    )
    review(baby, social_worker, date(2025, 6, 30))
    # Went home on 1 September 2025; the review held that day belongs to the period.
    home = register(
        social_worker,
        date(2025, 4, 7),
        la_reference="R3",
        first_name="Cal",
        date_of_birth=date(2012, 1, 20),
    )
    review(home, social_worker, date(2025, 5, 6), "PN5")
    services.period_of_care_end(
        child=home, end_date=date(2025, 9, 1), reason="E4A", by=social_worker
    )
    review(home, social_worker, date(2025, 9, 1), "PN1")
    # An agreed series of short breaks (V3): no Reviews rows (DfE guide, rule 399).
    short_breaks = register(
        social_worker,
        date(2025, 7, 4),
        legal_status="V3",
        la_reference="SB",
        first_name="Dee",
        date_of_birth=date(2014, 2, 2),
    )
    review(short_breaks, social_worker, date(2025, 8, 1), "PN1")


EXPECTED = [
    ("R1", "15/09/2021", "01/04/2025", "PN0"),
    ("R1", "15/09/2021", "12/09/2025", "PN0"),
    ("R1", "15/09/2021", "15/09/2025", "PN1"),
    ("R1", "15/09/2021", "31/03/2026", "PN6"),
    ("R2", "10/05/2023", "30/06/2025", "PN0"),
    ("R3", "20/01/2012", "06/05/2025", "PN5"),
    ("R3", "20/01/2012", "01/09/2025", "PN1"),
]


def rows(table_rows) -> list[tuple[str, ...]]:
    return [(r["CHILD"], r["DOB"], r["REVIEW"], r["REVIEW_CODE"]) for r in table_rows]


# --- export -----------------------------------------------------------------------------


def test_reviews_held_in_the_year_with_how_the_child_took_part(social_worker):
    build_reviewed_children(social_worker)
    result = build_return(year=YEAR)
    assert rows(result[tables.REVIEWS]) == EXPECTED
    # The DOB is the Header's (DfE rule INT17); every child is in the Header (INT08).
    header_dob = {r["CHILD"]: r["DOB"] for r in result[tables.HEADER]}
    assert all(header_dob[r["CHILD"]] == r["DOB"] for r in result[tables.REVIEWS])


def test_pn0_follows_the_age_on_the_day_not_the_code_recorded(social_worker):
    child = register(
        social_worker, date(2025, 6, 2), la_reference="R4", date_of_birth=date(2022, 1, 31)
    )
    review(child, social_worker, date(2025, 6, 30))
    # The date of birth is corrected after the review was recorded as PN0 (aged 3).
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2023, 1, 31))
    assert rows(build_return(year=YEAR)[tables.REVIEWS]) == [
        ("R4", "31/01/2023", "30/06/2025", "PN0")
    ]
    # Corrected the other way, a PN0 for a child who was 4 is left as recorded, for the
    # DfE's rule 440 to point out, rather than a code being invented.
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2021, 1, 31))
    assert rows(build_return(year=YEAR)[tables.REVIEWS]) == [
        ("R4", "31/01/2021", "30/06/2025", "PN0")
    ]


def test_the_reviews_table_is_written_with_the_dfe_header(tmp_path, social_worker):
    build_reviewed_children(social_worker)
    counts = write_return(year=YEAR, out=tmp_path)
    assert counts["Reviews"] == len(EXPECTED)
    lines = (tmp_path / "reviews.csv").read_text().splitlines()
    assert lines[0] == "CHILD,DOB,REVIEW,REVIEW_CODE"
    assert lines[1] == "R1,15/09/2021,01/04/2025,PN0"


def test_the_export_takes_the_same_queries_however_many_children(social_worker):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_return(year=YEAR)
        return len(captured)

    build_reviewed_children(social_worker)
    few = queries()
    for n in range(3):
        child = register(
            social_worker,
            date(2025, 5, 5),
            la_reference=f"M{n}",
            first_name=f"More{n}",
            date_of_birth=date(2016, 3, n + 1),
        )
        review(child, social_worker, date(2025, 6, 3), "PN1")
    assert queries() == few


# --- import -----------------------------------------------------------------------------


def held() -> list[tuple[str, date, str, date]]:
    return sorted(
        Review.objects.values_list(
            "child__la_reference", "held_on", "participation", "period__start_date"
        )
    )


def test_export_import_export_keeps_the_reviews(tmp_path, social_worker):
    build_reviewed_children(social_worker)
    write_return(year=YEAR, out=tmp_path / "first")
    before = exported(tmp_path / "first")
    in_year = [r for r in held() if date(2025, 4, 1) <= r[1] <= date(2026, 3, 31) and r[0] != "SB"]

    Child.objects.all().delete()
    result = import_return(directory=tmp_path / "first", by=social_worker)

    assert sorted(result.imported) == ["R1", "R2", "R3", "SB"]
    assert [i.reason for i in result.issues if i.outcome == REJECTED] == []
    assert result.reviews_recorded == len(EXPECTED)
    # Each review is in the period of care it was held in, with its code.
    assert held() == in_year
    write_return(year=YEAR, out=tmp_path / "second")
    assert exported(tmp_path / "second") == before

    # Importing the same return again records no review twice.
    counts = (history_counts(), Review.objects.count(), Review.history.count())
    again = import_return(directory=tmp_path / "first", by=social_worker)
    assert sorted(again.unchanged) == ["R1", "R2", "R3", "SB"]
    assert (again.reviews_recorded, again.reviews_added_to) == (0, [])
    assert (history_counts(), Review.objects.count(), Review.history.count()) == counts


def review_row(child="K1", on="05/05/2025", code="PN1", dob="01/06/2015") -> dict[str, str]:
    return {"CHILD": child, "DOB": dob, "REVIEW": on, "REVIEW_CODE": code}


def test_each_bad_review_row_is_reported_and_the_good_ones_kept(tmp_path, social_worker):
    future = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    write(tmp_path, tables.HEADER, [header("K1"), header("K2", DOB="01/06/2023")])
    write(tmp_path, tables.EPISODES, [episode("K1"), episode("K2")])
    write(
        tmp_path,
        tables.REVIEWS,
        [
            review_row(),  # line 2: kept
            review_row("K9"),  # 3: no such child
            review_row(on="01/03/2025"),  # 4: before care started on 07/04/2025
            review_row(on="02/06/2025", code="PN9"),  # 5
            review_row(on="07/07/2025", code="PN0"),  # 6: K1 is 10
            review_row(on="04/08/2025", code="PN1"),  # 7 and 8: two on one day
            review_row(on="04/08/2025", code="PN2"),
            review_row(on="01/09/2025", code="PN6"),  # 9: kept
            review_row(on="01/09/2025", code="PN6"),  # 10: the same row again
            review_row(on="31/02/2026"),  # 11: no such date
            review_row(on=""),  # 12
            review_row(on="06/10/2025", dob="02/06/2015"),  # 13
            review_row(on=future),  # 14
            review_row("K2", on="03/11/2025", code="PN3", dob="01/06/2023"),  # 15: aged 2
        ],
    )
    with (tmp_path / "reviews.csv").open("a") as handle:
        handle.write("K1,01/06/2015,01/12/2025\n")  # 16: a value short

    result = import_return(directory=tmp_path, by=social_worker)

    assert result.imported == ["K1", "K2"]
    assert result.rejected == ["K9"]
    issues = [
        (i.line, i.child, i.outcome, i.reason) for i in result.issues if i.file == "reviews.csv"
    ]
    two_codes = (
        "the return gives different REVIEW_CODEs for the review of 04/08/2025 (line 7, "
        "line 8): a child has one review a day, and which is right is not known, so none is kept"
    )
    assert sorted(issues) == [
        (3, "K9", REJECTED, "CHILD K9 has no row in the Header table"),
        (
            4,
            "K1",
            REJECTED,
            "REVIEW 01/03/2025 is not within a period of care in the return (from "
            "07/04/2025): a review is held while the child is looked after",
        ),
        (
            5,
            "K1",
            REJECTED,
            "REVIEW_CODE 'PN9' is not a participation (how the child took part in the review) "
            "code in the 2025/26 list",
        ),
        (
            6,
            "K1",
            REJECTED,
            "REVIEW_CODE PN0 is for a child under 4, but the child was 10 on 07/07/2025: give "
            "how they took part (PN1 to PN7)",
        ),
        (7, "K1", REJECTED, two_codes),
        (8, "K1", REJECTED, two_codes),
        (10, "K1", IGNORED, "the same as reviews.csv line 9: ignored"),
        (11, "K1", REJECTED, "REVIEW '31/02/2026' is not a date in the form dd/mm/yyyy"),
        (12, "K1", REJECTED, "REVIEW is blank"),
        (
            13,
            "K1",
            REJECTED,
            "DOB 02/06/2015 differs from the date of birth in the Header table (01/06/2015)",
        ),
        (14, "K1", REJECTED, f"REVIEW {future} is in the future"),
        (
            15,
            "K2",
            WARNING,
            "REVIEW_CODE PN3 for a child under 4 on 03/11/2025: recorded as PN0 (child aged "
            "under 4)",
        ),
        (16, "K1", REJECTED, "has 3 values where the Reviews table has 4 columns"),
    ]
    assert [(r[0], r[1], r[2]) for r in held()] == [
        ("K1", date(2025, 5, 5), "PN1"),
        ("K1", date(2025, 9, 1), "PN6"),
        ("K2", date(2025, 11, 3), "PN0"),
    ]
    assert result.reviews_recorded == 3
    # The reviews were recorded by the person importing, in the history.
    assert {r.history_user for r in Review.history.all()} == {social_worker}


def test_a_rejected_child_takes_its_review_rows_with_it(tmp_path, social_worker):
    write(tmp_path, tables.HEADER, [header("K1", SEX="X")])
    write(tmp_path, tables.EPISODES, [episode("K1")])
    write(tmp_path, tables.REVIEWS, [review_row()])
    result = import_return(directory=tmp_path, by=social_worker)
    assert result.rejected == ["K1"]
    assert [(i.file, i.outcome) for i in result.issues if i.outcome != REJECTED] == [
        ("episodes.csv", SKIPPED),
        ("reviews.csv", SKIPPED),
    ]
    assert not Review.objects.exists()


def test_new_reviews_are_added_to_a_child_already_recorded(tmp_path, social_worker):
    write(tmp_path, tables.HEADER, [header("K1")])
    write(tmp_path, tables.EPISODES, [episode("K1")])
    write(tmp_path, tables.REVIEWS, [review_row(on="05/05/2025", code="PN1")])
    first = import_return(directory=tmp_path, by=social_worker)
    assert (first.imported, first.reviews_recorded) == (["K1"], 1)
    # The next return: the same history, the same review given another code, a new review.
    write(
        tmp_path,
        tables.REVIEWS,
        [
            review_row(on="05/05/2025", code="PN2"),
            review_row(on="04/08/2025", code="PN6"),
        ],
    )

    second = import_return(directory=tmp_path, by=social_worker)

    assert (second.unchanged, second.reviews_added_to, second.reviews_recorded) == (
        ["K1"],
        ["K1"],
        1,
    )
    assert [(i.line, i.reason) for i in second.issues] == [
        (
            2,
            "a review held on 05/05/2025 is already recorded for the child, with REVIEW_CODE "
            "PN1: nothing was changed",
        )
    ]
    assert [(r[1], r[2]) for r in held()] == [
        (date(2025, 5, 5), "PN1"),
        (date(2025, 8, 4), "PN6"),
    ]
    # The child's deadlines were recomputed: the review of 4 August 2025 met one.
    child = Child.objects.get()
    assert Deadline.objects.filter(child=child, rule="cic_review", met_on=date(2025, 8, 4)).exists()


def test_a_previous_permanence_date_not_known_comes_back_in(tmp_path, social_worker):
    # Found on the demo's round trip: the export writes ZZ/ZZ/ZZZZ for a date not known
    # (DfE rule 632), which the import must read back.
    write(tmp_path, tables.HEADER, [header("K1"), header("K2")])
    write(tmp_path, tables.EPISODES, [episode("K1"), episode("K2")])
    write(
        tmp_path,
        tables.PREV_PERM,
        [
            {"CHILD": "K1", "PREV_PERM": "P4", "LA_PERM": "999", "DATE_PERM": "ZZ/ZZ/ZZZZ"},
            {"CHILD": "K2", "PREV_PERM": "P2", "LA_PERM": "333", "DATE_PERM": "ZZ/03/2019"},
        ],
    )
    result = import_return(directory=tmp_path, by=social_worker)
    assert result.imported == ["K1", "K2"]
    assert [i.reason for i in result.issues if i.outcome == WARNING] == [
        "DATE_PERM ZZ/03/2019 is known only in part: not kept (recorded as not known)"
    ]
    periods = Child.objects.order_by("la_reference").values_list(
        "periods_of_care__previous_permanence",
        "periods_of_care__previous_permanence_la",
        "periods_of_care__previous_permanence_date",
    )
    assert list(periods) == [("P4", "999", None), ("P2", "333", None)]
    write_return(year=YEAR, out=tmp_path / "out")
    assert exported(tmp_path / "out")["previous_permanence.csv"][1:] == [
        ["K1", "01/06/2015", "P4", "999", "ZZ/ZZ/ZZZZ"],
        ["K2", "01/06/2015", "P2", "333", "ZZ/ZZ/ZZZZ"],
    ]
