"""The 903 Missing table: written by the export, read back by the import."""

from datetime import date

import pytest
from django.apps import apps

from casework import services
from casework.models import MissingEpisode
from children.models import Child
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return, write_return
from reporting.ssda903.importer import REJECTED, import_return
from tests.children.builders import register
from tests.reporting.test_import_ssda903 import build_children, exported, write

pytestmark = pytest.mark.django_db

YEAR = 2026  # 1 April 2025 to 31 March 2026


def missing(child, by, kind, start, end=None):
    return services.missing_episode_record(
        child=child, kind=kind, start_date=start, end_date=end, by=by
    )


def test_missing_rows_are_the_episodes_that_overlap_the_year(social_worker):
    child = register(social_worker, date(2025, 3, 1), la_reference="MS1")
    missing(child, social_worker, "M", date(2025, 3, 10), date(2025, 3, 12))  # before the year
    missing(child, social_worker, "M", date(2025, 3, 28), date(2025, 4, 3))  # across its start
    missing(child, social_worker, "A", date(2025, 6, 1), date(2025, 6, 1))
    missing(child, social_worker, "M", date(2026, 3, 25), date(2026, 4, 2))  # across its end
    missing(child, social_worker, "A", date(2026, 5, 1), date(2026, 5, 2))  # after the year

    rows = build_return(year=YEAR)[tables.MISSING]

    assert rows == [
        {
            "CHILD": "MS1",
            "DOB": "01/06/2015",
            "MISSING": "M",
            "MIS_START": "28/03/2025",
            "MIS_END": "03/04/2025",
        },
        {
            "CHILD": "MS1",
            "DOB": "01/06/2015",
            "MISSING": "A",
            "MIS_START": "01/06/2025",
            "MIS_END": "01/06/2025",
        },
        # Still missing on 31 March: the end is not yet known in this year's return.
        {
            "CHILD": "MS1",
            "DOB": "01/06/2015",
            "MISSING": "M",
            "MIS_START": "25/03/2026",
            "MIS_END": "",
        },
    ]


def with_missing(social_worker, teammate) -> None:
    build_children(social_worker, teammate)
    a = Child.objects.get(la_reference="RTA")
    missing(a, social_worker, "M", date(2025, 5, 20), date(2025, 5, 21))
    missing(a, social_worker, "A", date(2025, 5, 21), date(2025, 5, 23))
    c = Child.objects.get(la_reference="RTC")
    missing(c, social_worker, "M", date(2025, 8, 1), date(2025, 8, 3))
    missing(c, social_worker, "A", date(2025, 11, 20))  # still away


def counts() -> dict[str, int]:
    return {
        m.__name__: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in ("children", "accounts", "casework")
        and m.__name__ != "ChildRecordView"
    }


def test_round_trip_and_a_second_import_with_missing_episodes(tmp_path, social_worker, teammate):
    with_missing(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path / "first")
    before = exported(tmp_path / "first")
    assert len(before[tables.MISSING.filename]) == 1 + 4

    Child.objects.all().delete()
    assert MissingEpisode.objects.count() == 0
    first = import_return(directory=tmp_path / "first", by=social_worker)
    assert sorted(first.imported) == ["RTA", "RTB", "RTC"]
    assert [i.reason for i in first.issues if i.outcome == REJECTED] == []
    c = Child.objects.get(la_reference="RTC")
    assert [
        (m.kind, m.start_date, m.end_date) for m in c.missing_episodes.order_by("start_date")
    ] == [
        ("M", date(2025, 8, 1), date(2025, 8, 3)),
        ("A", date(2025, 11, 20), None),
    ]
    write_return(year=YEAR, out=tmp_path / "second")
    assert exported(tmp_path / "second") == before

    held = counts()
    second = import_return(directory=tmp_path / "first", by=social_worker)
    assert sorted(second.unchanged) == ["RTA", "RTB", "RTC"]
    assert counts() == held


def test_a_child_recorded_with_other_missing_episodes_is_left_alone(
    tmp_path, social_worker, teammate
):
    with_missing(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path)
    Child.objects.all().delete()
    import_return(directory=tmp_path, by=social_worker)
    MissingEpisode.objects.filter(child__la_reference="RTA").earliest("start_date").delete()
    result = import_return(directory=tmp_path, by=social_worker)
    assert result.rejected == ["RTA"]
    assert any("the missing episodes differ" in i.reason for i in result.issues)


def test_missing_rows_that_break_the_rules_reject_the_whole_child(
    tmp_path, social_worker, teammate
):
    with_missing(social_worker, teammate)
    write_return(year=YEAR, out=tmp_path)
    Child.objects.all().delete()
    rows = [
        # RTA: overlapping episodes.
        {
            "CHILD": "RTA",
            "DOB": "01/06/2015",
            "MISSING": "M",
            "MIS_START": "01/06/2025",
            "MIS_END": "05/06/2025",
        },
        {
            "CHILD": "RTA",
            "DOB": "01/06/2015",
            "MISSING": "A",
            "MIS_START": "03/06/2025",
            "MIS_END": "04/06/2025",
        },
        # RTB: missing after care ended (2 June 2025) and before it started again.
        {"CHILD": "RTB", "DOB": "", "MISSING": "M", "MIS_START": "10/07/2025", "MIS_END": ""},
        # RTC: an unknown type, and an end before the start.
        {"CHILD": "RTC", "DOB": "", "MISSING": "X", "MIS_START": "01/08/2025", "MIS_END": ""},
        {
            "CHILD": "RTC",
            "DOB": "",
            "MISSING": "M",
            "MIS_START": "09/08/2025",
            "MIS_END": "08/08/2025",
        },
    ]
    write(tmp_path, tables.MISSING, rows, name="missing.csv")

    result = import_return(directory=tmp_path, by=social_worker)

    assert sorted(result.rejected) == ["RTA", "RTB", "RTC"]
    assert not Child.objects.exists()
    assert not MissingEpisode.objects.exists()
    reasons = {i.reason for i in result.issues if i.outcome == REJECTED}
    assert any("overlaps the one from 01/06/2025" in r for r in reasons)
    assert any("was not looked after on 10 July 2025" in r for r in reasons)
    assert any("MISSING 'X'" in r for r in reasons)
    assert "MIS_END 08/08/2025 is before MIS_START 09/08/2025" in reasons
