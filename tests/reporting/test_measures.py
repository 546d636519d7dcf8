"""The cohort measures against a hand-built set of children whose answers were worked
out by hand (below, beside each child), for the year 1 April 2025 to 31 March 2026.

Dates follow decision 0005: a period of care covers [start, end). "At the start" is at
the end of 31 March 2025; "at the end" at the end of 31 March 2026.

    child  care                                   status      start  end  started ceased 12m
    A      10 Jan 2020 -                          C2          yes    yes  -       -      yes
    B      short breaks 1 Jun 2024 -, and         V3          -      -    -       -      -
           1-3 Jul 2025 (a break in the year)
    C      1 Feb 2023 -                           C2, and E1  yes    yes  -       -      yes
                                                  from 1 Sep 2025
    D      15 Jan 2024 - 1 Jun 2025 (E4A),        V2          yes    yes  yes     yes    -
           back 10 Sep 2025 -
    E      31 Mar 2026 - (the last day)           V2          -      yes  yes     -      -
    F      1 May 2022 - 1 Apr 2025 (E11, the      E1          yes    -    -       yes    -
           first day)
    G      1 Jan 2021 - 31 Mar 2026 (E13)         V2          yes    -    -       yes    -
    H      28 Feb 2026 -, born 29 Feb 2016        V2          -      yes  yes     -      -
    I      1 Mar 2026 -, born 29 Feb 2016         V2          -      yes  yes     -      -
    J      1 Oct 2024 -, UASC, male               V2          yes    yes  -       -      yes
    K      2 Jun 2025 -, born 1 Jun 2025          C1          -      yes  yes     -      -
    L      never looked after                     -           -      -    -       -      -
    M      1 Jan 2024 -, held by team B           V2          yes    yes  -       -      yes
    N      1 Jan 2023 - 1 Dec 2024 (E8)           V2          -      -    -       -      -

At the start 7 (A C D F G J M), at the end 9 (A C D E H I J K M), started 5 (D E H I K),
ceased 3 (D F G): 7 + 5 - 3 = 9. Looked after throughout the year 4 (A C J M).
"""

from datetime import date
from typing import Any

import pytest

from children.models import LegalStatusRecord, PeriodOfCare, Placement
from reporting.measures import MEASURES, Inputs, Period, month_end_counts
from reporting.measures.breakdowns import age_band
from reporting.measures.cohort import looked_after_on
from tests.factories import ChildFactory, TeamFactory, allocate

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


def care(child, start, end=None, reason="", statuses=(("V2", None, None),), place="U6"):
    """A period of care with its legal statuses ((code, from, to), None for the
    period's own dates) and one placement."""
    period = PeriodOfCare.objects.create(
        child=child, start_date=start, end_date=end, reason_ceased=reason, category_of_need="N1"
    )
    for code, s, e in statuses:
        LegalStatusRecord.objects.create(
            child=child, period=period, code=code, start_date=s or start, end_date=e or end
        )
    Placement.objects.create(
        child=child, period=period, placement_type=place, start_date=start, end_date=end
    )
    return period


@pytest.fixture
def cohort(db):
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    made: dict[str, Any] = {}

    def child(name, dob, team=team_a, **kw):
        c = ChildFactory(la_reference=name, first_name=name, date_of_birth=dob, **kw)
        allocate(c, team=team, start=date(2019, 1, 1))
        made[name] = c
        return c

    care(child("A", date(2012, 5, 5)), date(2020, 1, 10), statuses=[("C2", None, None)], place="U4")
    b = child("B", date(2014, 3, 3))
    care(b, date(2024, 6, 1), statuses=[("V3", None, None)])
    care(b, date(2025, 7, 1), date(2025, 7, 3), "E8", statuses=[("V3", None, None)])
    # The E1 placement order is added to the care order: two statuses at once.
    care(
        child("C", date(2020, 3, 1)),
        date(2023, 2, 1),
        statuses=[("C2", None, None), ("E1", date(2025, 9, 1), None)],
    )
    d = child("D", date(2010, 1, 1), sex="M")
    care(d, date(2024, 1, 15), date(2025, 6, 1), "E4A")
    care(d, date(2025, 9, 10))
    care(child("E", date(2022, 4, 1)), date(2026, 3, 31))
    care(
        child("F", date(2021, 6, 1)),
        date(2022, 5, 1),
        date(2025, 4, 1),
        "E11",
        statuses=[("E1", None, None)],
        place="A5",
    )
    care(child("G", date(2011, 7, 7)), date(2021, 1, 1), date(2026, 3, 31), "E13")
    care(child("H", date(2016, 2, 29)), date(2026, 2, 28))
    care(child("I", date(2016, 2, 29)), date(2026, 3, 1))
    j = child(
        "J",
        date(2009, 8, 1),
        sex="M",
        ethnicity="OOTH",
        uasc=True,
        uasc_start=date(2024, 10, 1),
    )
    care(j, date(2024, 10, 1), place="K3")
    care(child("K", date(2025, 6, 1)), date(2025, 6, 2), statuses=[("C1", None, None)])
    child("L", date(2015, 1, 1))
    care(child("M", date(2015, 6, 1), team=team_b), date(2024, 1, 1))
    care(child("N", date(2012, 1, 1)), date(2023, 1, 1), date(2024, 12, 1), "E8")
    made["team_a"], made["team_b"] = team_a, team_b
    return made


def names(result):
    return sorted(result.children.values_list("la_reference", flat=True))


def run(key, period=YEAR, team=None, breakdowns=()):
    from children.models import Child

    return MEASURES[key](Inputs(period, Child.objects.all(), team, None, breakdowns))


def cells(result, dimension):
    return {c.label: c.count for c in result.breakdowns[dimension]}


def test_looked_after_at_the_start_is_at_the_end_of_the_day_before(cohort):
    result = run("looked_after_at_start")
    # F left on the first day, so was looked after on 31 March 2025; B's short breaks
    # and N's care that ended in 2024 are not counted.
    assert names(result) == ["A", "C", "D", "F", "G", "J", "M"]
    assert result.count == 7


def test_looked_after_at_the_end_leaves_out_short_breaks_and_the_last_days_leaver(cohort):
    result = run("looked_after_at_end")
    # E started on the last day (counted); G ceased on it (not counted); B is on breaks.
    assert names(result) == ["A", "C", "D", "E", "H", "I", "J", "K", "M"]
    assert result.count == 9


def test_started_counts_a_child_who_left_and_came_back_once(cohort):
    result = run("started", breakdowns=("age_band",))
    assert names(result) == ["D", "E", "H", "I", "K"]
    assert result.count == 5
    # On the day each started: D 15, E 3, H 9 (born 29 February 2016, started 28
    # February 2026, a day before the birthday of a non-leap year), I 10 (1 March 2026),
    # K 0 (a day old).
    assert cells(result, "age_band") == {
        "Under 1": 1,
        "1 to 4": 1,
        "5 to 9": 1,
        "10 to 15": 2,
        "16 and over": 0,
    }


def test_ceased_counts_the_first_and_last_days_with_their_reasons_in_words(cohort):
    result = run("ceased", breakdowns=("reason_ceased",))
    assert names(result) == ["D", "F", "G"]
    assert cells(result, "reason_ceased") == {
        "Adopted: application for an adoption order unopposed": 1,
        "Returned home to live with parents, relatives or others with parental "
        "responsibility as part of the care plan": 1,
        "Left care to live with parent(s), relative(s) or other person(s) with no "
        "parental responsibility": 1,
    }


def test_the_start_plus_those_who_came_less_those_who_left_is_the_end(cohort):
    start, came, left, end = (
        run(k).count for k in ("looked_after_at_start", "started", "ceased", "looked_after_at_end")
    )
    assert (start, came, left, end) == (7, 5, 3, 9)
    assert start + came - left == end


def test_a_child_with_two_legal_statuses_counts_under_both(cohort):
    result = run("looked_after_at_end", breakdowns=("legal_status",))
    # C holds the care order and the placement order: 10 lines for 9 children.
    assert cells(result, "legal_status") == {
        "Interim care order": 1,
        "Full care order": 2,
        "Placement order granted": 1,
        "Single period of accommodation under section 20": 6,
    }
    placement_order = next(c for c in result.breakdowns["legal_status"] if c.key == "E1")
    assert placement_order.ids == {cohort["C"].pk}


def test_breakdowns_at_the_end_by_age_sex_uasc_and_placement(cohort):
    result = run("looked_after_at_end", breakdowns=("age_band", "sex", "uasc", "placement_type"))
    # Ages on 31 March 2026: K 0; E 3 (4 on 1 April); C 6; A 13, H and I 10, M 10;
    # D and J 16.
    assert cells(result, "age_band") == {
        "Under 1": 1,
        "1 to 4": 1,
        "5 to 9": 1,
        "10 to 15": 4,
        "16 and over": 2,
    }
    assert cells(result, "sex") == {"Male": 2, "Female": 7, "Not known": 0}
    assert cells(result, "uasc") == {"Yes": 1, "No": 8}
    assert cells(result, "placement_type")["Registered supported accommodation"] == 1


def test_looked_after_throughout_the_year_is_the_oc2_cohort(cohort):
    assert names(run("looked_after_12_months")) == ["A", "C", "J", "M"]


def test_a_team_counts_the_children_it_held_that_day(cohort):
    assert run("looked_after_at_end", team=cohort["team_a"]).count == 8
    assert names(run("looked_after_at_end", team=cohort["team_b"])) == ["M"]
    assert run("looked_after_at_start", team=cohort["team_a"]).count == 6
    assert run("started", team=cohort["team_b"]).count == 0


def test_month_end_counts(cohort):
    from children.models import Child

    counts = [r.count for _, r in month_end_counts(Inputs(YEAR, Child.objects.all()))]
    # April to August 6 (D away 1 June to 10 September, K from 2 June); September to
    # January 7 (D back); 28 February 8 (H started that day); 31 March 9 (G ceased,
    # E and I came).
    assert counts == [6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 8, 9]


def test_the_short_breaks_child_is_never_looked_after(cohort):
    from children.models import Child

    b = cohort["B"]
    for day in (date(2024, 6, 1), date(2025, 7, 1), date(2026, 3, 31)):
        assert not looked_after_on(day, within=Child.objects.all()).filter(pk=b.pk).exists()


@pytest.mark.parametrize(
    ("on", "band"),
    [
        (date(2026, 2, 28), "5 to 9"),  # 29 February 2016: 9 until 1 March 2026
        (date(2026, 3, 1), "10 to 15"),
        (date(2028, 2, 28), "10 to 15"),
        (date(2032, 2, 28), "10 to 15"),  # a leap year: 16 on 29 February 2032
        (date(2032, 2, 29), "16 and over"),
    ],
)
def test_age_bands_of_a_29_february_birthday(on, band):
    assert age_band(date(2016, 2, 29), on) == band


def test_rate_per_10000_uses_the_population_setting(cohort, settings):
    from constance.test import override_config

    with override_config(REPORTING_CHILD_POPULATION=45000):
        assert run("looked_after_at_end").rate_per_10000 == 2.0  # 9 of 45,000
        assert run("looked_after_at_end", team=cohort["team_a"]).rate_per_10000 is None
    assert run("looked_after_at_end").rate_per_10000 is None


def test_every_measure_has_its_definition_written_out():
    for measure in MEASURES.values():
        rows = measure.definition.as_rows()
        assert all(words.strip() for _, words in rows), measure.key


def test_the_last_12_months_are_whole_months():
    assert Period.last_12_months(date(2026, 12, 6)) == Period(date(2025, 12, 1), date(2026, 11, 30))
    assert Period.last_12_months(date(2026, 1, 15)) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert len(YEAR.month_ends()) == 12
