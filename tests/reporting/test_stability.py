"""The placement stability measures against children worked out by hand, at the end of
31 March 2026 (the year from 1 April 2025). Two years before the end is 1 April 2024
(a child in care from that day has been in care for exactly 2 years); two and a half
years is 1 October 2023.

- P, born 2014, in care from 1 Jan 2020: U4 to 1 May 2025, U4 to 1 Sep 2025, T1
  (hospital) to 10 Sep 2025, then U6. Three placements in the year (the hospital stay
  is not one) and in two years; in the long-term cohort, but moved in 2025.
- Q, born 2013, in care from 1 Oct 2023 (2.5 years to the day), one U4: long-term yes.
- R, born 2013, in care from 2 Oct 2023 (a day short of 2.5 years), one U4.
- S, born 31 Mar 2010 (16 on the last day), in care from 1 Jan 2020, one U4.
- T, born 1 Apr 2010 (15), in care from 1 Jan 2020, one U4: long-term yes.
- U, born 2021, in care from 1 Jan 2023: U4 to 1 Jan 2026, then placed for adoption
  (A4). The adoption placement and the one before began in 2023: long-term yes.
- V, born 2012, in care 1 Jan 2023 to 1 Jun 2025 (U4 to 1 May 2025, then U6) and again
  from 1 Sep 2025 (K2): three placements in the year (the earlier period counts); not
  in care continuously for two years.
- W, on short breaks (V3) with three placements in the year: in no cohort.
- X, three placements in the year, ceased on 31 Mar 2026: in no cohort.
- Y, born 2012, in care from 1 Jan 2025: U4, then U4 with the same carers from 1 Jun
  2025 and again from 1 Dec 2025: three placements, as the SSDA903 counts them.
- Z, born 2015, in care from 1 Jan 2022: U4, then U4 with the same carers from 1 Jan
  2026 (a change to long-term fostering): with the same carer since 2022, long-term yes.

Short-term: 3 of 9 (P V Y). Two-year: 1 of 7 (P). Long-term: 4 of 5 (Q T U Z).
"""

from datetime import date

import pytest

from children.models import Child, LegalStatusRecord, PeriodOfCare, Placement
from reporting.measures import ENGLAND, MEASURES, Inputs, Period, stability_results
from tests.factories import ChildFactory

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


def care(child, start, end=None, placements=(), status="C2", reason="E8"):
    period = PeriodOfCare.objects.create(
        child=child,
        start_date=start,
        end_date=end,
        reason_ceased=reason if end else "",
        category_of_need="N1",
    )
    LegalStatusRecord.objects.create(
        child=child, period=period, code=status, start_date=start, end_date=end
    )
    for place, p_start, p_end, *same in placements:
        Placement.objects.create(
            child=child,
            period=period,
            placement_type=place,
            start_date=p_start,
            end_date=p_end,
            same_carer_as_previous=bool(same),
        )
    return period


@pytest.fixture
def children(db):
    def child(name, dob):
        return ChildFactory(la_reference=name, first_name=name, date_of_birth=dob)

    d = date
    care(
        child("P", d(2014, 6, 1)),
        d(2020, 1, 1),
        placements=[
            ("U4", d(2020, 1, 1), d(2025, 5, 1)),
            ("U4", d(2025, 5, 1), d(2025, 9, 1)),
            ("T1", d(2025, 9, 1), d(2025, 9, 10)),
            ("U6", d(2025, 9, 10), None),
        ],
    )
    care(child("Q", d(2013, 1, 1)), d(2023, 10, 1), placements=[("U4", d(2023, 10, 1), None)])
    care(child("R", d(2013, 1, 1)), d(2023, 10, 2), placements=[("U4", d(2023, 10, 2), None)])
    care(child("S", d(2010, 3, 31)), d(2020, 1, 1), placements=[("U4", d(2020, 1, 1), None)])
    care(child("T", d(2010, 4, 1)), d(2020, 1, 1), placements=[("U4", d(2020, 1, 1), None)])
    care(
        child("U", d(2021, 5, 1)),
        d(2023, 1, 1),
        status="E1",
        placements=[("U4", d(2023, 1, 1), d(2026, 1, 1)), ("A4", d(2026, 1, 1), None)],
    )
    v = child("V", d(2012, 1, 1))
    care(
        v,
        d(2023, 1, 1),
        d(2025, 6, 1),
        placements=[("U4", d(2023, 1, 1), d(2025, 5, 1)), ("U6", d(2025, 5, 1), d(2025, 6, 1))],
    )
    care(v, d(2025, 9, 1), placements=[("K2", d(2025, 9, 1), None)])
    three = [
        ("U4", d(2025, 4, 1), d(2025, 6, 1)),
        ("U6", d(2025, 6, 1), d(2025, 9, 1)),
        ("U4", d(2025, 9, 1), None),
    ]
    care(child("W", d(2015, 1, 1)), d(2025, 4, 1), status="V3", placements=three)
    x_three = [*three[:2], ("U4", d(2025, 9, 1), d(2026, 3, 31))]
    care(child("X", d(2012, 1, 1)), d(2025, 4, 1), d(2026, 3, 31), placements=x_three)
    care(
        child("Y", d(2012, 1, 1)),
        d(2025, 1, 1),
        placements=[
            ("U4", d(2025, 1, 1), d(2025, 6, 1)),
            ("U4", d(2025, 6, 1), d(2025, 12, 1), "same"),
            ("U4", d(2025, 12, 1), None, "same"),
        ],
    )
    care(
        child("Z", d(2015, 1, 1)),
        d(2022, 1, 1),
        placements=[("U4", d(2022, 1, 1), d(2026, 1, 1)), ("U4", d(2026, 1, 1), None, "same")],
    )


@pytest.mark.parametrize(
    ("home", "placed", "far"),
    [
        # Walsall to Great Barr, 2.4 miles; Walsall to Buckingham Palace, 108.5 miles.
        ("WS1 1DQ", "B43 7AJ", False),
        ("WS1 1DQ", "SW1A 1AA", True),
        # Written without the space, or in lower case: the same postcodes.
        ("ws11dq", "SW1A1AA", True),
    ],
)
def test_placed_more_than_20_miles_from_home(db, home, placed, far):
    child = ChildFactory(la_reference="F", date_of_birth=date(2012, 1, 1))
    period = care(child, date(2025, 1, 1), placements=[("U4", date(2025, 1, 1), None)])
    Placement.objects.filter(period=period).update(home_postcode=home, postcode=placed)
    result = run("far_from_home")
    assert (result.count, result.denominator) == (1 if far else 0, 1)


def test_a_postcode_not_known_leaves_the_child_out_of_the_distance(db):
    for n, (home, placed) in enumerate([("", "WS1 1DQ"), ("WS1 1DQ", "ZZ9 9ZZ")]):
        child = ChildFactory(la_reference=f"N{n}", date_of_birth=date(2012, 1, 1))
        period = care(child, date(2025, 1, 1), placements=[("U4", date(2025, 1, 1), None)])
        Placement.objects.filter(period=period).update(home_postcode=home, postcode=placed)
    result = run("far_from_home")
    assert (result.count, result.denominator) == (0, 0)
    assert result.percent == "–"


def test_the_distance_is_that_of_the_placement_on_the_last_day(db):
    child = ChildFactory(la_reference="M", date_of_birth=date(2012, 1, 1))
    period = care(
        child,
        date(2025, 1, 1),
        placements=[("U4", date(2025, 1, 1), date(2026, 3, 31)), ("U6", date(2026, 3, 31), None)],
    )
    first, last = Placement.objects.filter(period=period).order_by("start_date")
    Placement.objects.filter(pk=first.pk).update(home_postcode="WS1 1DQ", postcode="SW1A 1AA")
    Placement.objects.filter(pk=last.pk).update(home_postcode="WS1 1DQ", postcode="B43 7AJ")
    assert (run("far_from_home").count, run("far_from_home").denominator) == (0, 1)


def run(key, period=YEAR):
    return MEASURES[key](Inputs(period, Child.objects.all()))


def refs(queryset):
    return sorted(queryset.values_list("la_reference", flat=True))


def test_three_placements_in_the_year(children):
    result = run("three_placements")
    assert refs(result.denominator_children) == ["P", "Q", "R", "S", "T", "U", "V", "Y", "Z"]
    # P's week in hospital is not a placement; V's placements before a break in care
    # count; Y's changes with the same carers count, as the SSDA903 counts them.
    assert refs(result.children) == ["P", "V", "Y"]
    assert (result.count, result.denominator, result.percent) == (3, 9, "33.3%")


def test_three_placements_in_two_years_of_continuous_care(children):
    result = run("three_placements_two_years")
    # V's care was broken in 2025 and Y's began in 2025: not in the cohort.
    assert refs(result.denominator_children) == ["P", "Q", "R", "S", "T", "U", "Z"]
    assert refs(result.children) == ["P"]


def test_long_term_stability(children):
    result = run("long_term_stability")
    # R began a day after 1 October 2023; S turned 16 on the last day.
    assert refs(result.denominator_children) == ["P", "Q", "T", "U", "Z"]
    # P moved in September 2025; U's adoption placement and the one before together
    # began in January 2023; Z's carers have not changed since 2022.
    assert refs(result.children) == ["Q", "T", "U", "Z"]


def test_a_year_later_the_cohorts_move_on(children):
    # At 31 March 2027 everyone still in care has been for 2 years but Y (1 January
    # 2025, so in care for 2 years from 1 April 2025 on) and V (back 1 September 2025).
    later = Period(date(2026, 4, 1), date(2027, 3, 31))
    result = run("three_placements_two_years", later)
    assert refs(result.denominator_children) == ["P", "Q", "R", "S", "T", "U", "Y", "Z"]
    # P and Y each had three placements since 1 April 2025.
    assert refs(result.children) == ["P", "Y"]
    assert refs(run("three_placements", later).children) == []


def test_england_is_shown_beside_each_measure():
    assert ENGLAND["three_placements"].percent == "10%"
    assert ENGLAND["three_placements_two_years"].percent == "23%"
    assert ENGLAND["long_term_stability"].percent == "69%"
    assert ENGLAND["long_term_stability"].words == "19,680 of 28,710, 31 March 2025"


def test_the_dashboard_reads_every_stability_measure_at_once_and_agrees(children):
    inputs = Inputs(YEAR, Child.objects.all())
    for together in stability_results(inputs):
        alone = run(together.measure.key)
        assert (together.count, together.denominator) == (alone.count, alone.denominator)
        assert refs(together.children) == refs(alone.children)
