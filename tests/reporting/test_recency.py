"""Time since the latest review and the last visit, in bands, at the end of 31 March
2026, for children worked out by hand:

- A, in care from 1 Jan 2024: reviewed 1 Jan 2026 (under 3 months), visited 18 Feb 2026
  (41 days: under 6 weeks).
- B, in care from 1 Jan 2024: reviewed 31 Dec 2025, exactly 3 months before (3 to 6
  months), visited 17 Feb 2026, exactly 6 weeks before (6 to 12 weeks).
- C, in care from 1 Jan 2024: reviewed 31 Mar 2025 (a year or more), visited 1 Nov
  2025 (21 weeks: 18 or more).
- D, in care from 15 Mar 2026, nothing yet: none yet.
- E, in care 2023 to 2025 with a review and a visit, back from 1 Jan 2026 with neither:
  none (an earlier period's review was not about this one).
- F, on short breaks only: not counted.
"""

from datetime import date

import pytest

from casework.models import Visit
from children.models import Child
from reporting.measures import MEASURES, Inputs, Period
from reporting.measures.recency import review_band, visit_band
from reviews.models import Review
from tests.factories import ChildFactory, UserFactory
from tests.reporting.test_stability import care

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


@pytest.fixture
def children(db):
    worker = UserFactory.create(username="sw")
    made = {}

    def child(name, start, review=None, visit=None, **kw):
        made[name] = c = ChildFactory.create(la_reference=name)
        period = care(c, start, placements=[("U4", start, None)], **kw)
        if review:
            Review.objects.create(child=c, period=period, held_on=review)
        if visit:
            Visit.objects.create(
                child=c, visit_date=visit, seen_alone=True, bedroom_seen=True, visited_by=worker
            )
        return c

    d = date
    child("A", d(2024, 1, 1), d(2026, 1, 1), d(2026, 2, 18))
    child("B", d(2024, 1, 1), d(2025, 12, 31), d(2026, 2, 17))
    child("C", d(2024, 1, 1), d(2025, 3, 31), d(2025, 11, 1))
    child("D", d(2026, 3, 15))
    e = ChildFactory.create(la_reference="E")
    earlier = care(
        e, d(2023, 1, 1), d(2025, 1, 1), placements=[("U4", d(2023, 1, 1), d(2025, 1, 1))]
    )
    Review.objects.create(child=e, period=earlier, held_on=d(2024, 6, 1))
    Visit.objects.create(
        child=e, visit_date=d(2024, 12, 1), seen_alone=True, bedroom_seen=True, visited_by=worker
    )
    care(e, d(2026, 1, 1), placements=[("U4", d(2026, 1, 1), None)])
    child("F", d(2025, 1, 1), d(2025, 6, 1), status="V3")
    return made


def bands(key):
    result = MEASURES[key](Inputs(YEAR, Child.objects.all(), None, None, MEASURES[key].dimensions))
    cells = result.breakdowns[MEASURES[key].dimensions[0]]
    named = {
        c.label: sorted(Child.objects.filter(pk__in=c.ids).values_list("la_reference", flat=True))
        for c in cells
    }
    assert sum(c.count for c in cells) == result.count
    return {label: refs for label, refs in named.items() if refs}


def test_time_since_the_latest_review(children):
    assert bands("since_review") == {
        "Under 3 months": ["A"],
        "3 to 6 months": ["B"],
        "A year or more": ["C"],
        "None yet (in care less than a month)": ["D"],
        "None": ["E"],
    }


def test_time_since_the_last_visit(children):
    assert bands("since_visit") == {
        "Under 6 weeks": ["A"],
        "6 to 12 weeks": ["B"],
        "18 weeks or more": ["C"],
        "None yet (in care less than a month)": ["D"],
        "None": ["E"],
    }


@pytest.mark.parametrize(
    ("held", "day", "band"),
    [
        # 3 months after 30 November is 28 February (29 in a leap year).
        (date(2025, 11, 30), date(2026, 2, 27), "0_3"),
        (date(2025, 11, 30), date(2026, 2, 28), "3_6"),
        (date(2023, 11, 30), date(2024, 2, 28), "0_3"),
        (date(2023, 11, 30), date(2024, 2, 29), "3_6"),
        (date(2025, 3, 31), date(2026, 3, 30), "9_12"),
        (date(2025, 3, 31), date(2026, 3, 31), "12_plus"),
    ],
)
def test_review_bands_use_calendar_months(held, day, band):
    assert review_band(held, day) == band


def test_visit_bands_in_whole_weeks():
    assert visit_band(date(2026, 1, 1), date(2026, 2, 11)) == "0_6"  # 41 days
    assert visit_band(date(2026, 1, 1), date(2026, 2, 12)) == "6_12"  # 42 days
    assert visit_band(date(2026, 1, 1), date(2026, 5, 7)) == "18_plus"  # 126 days
