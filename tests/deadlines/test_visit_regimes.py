"""Visits to children living with a parent, and to children with a connected person under
a temporary approval: reg 28(3) to (5) of the Care Planning, Placement and Case Review
(England) Regulations 2010, with the dates worked out by hand.

These timescales are calendar days and weeks, not working days: a visit due on Good
Friday, a bank holiday Monday or Christmas Eve is due that day. "The first review" is
the child's first review of the period of care (reg 33(1)).
"""

from datetime import date

import pytest

from casework.deadline_rules import CaseworkFacts
from casework.timescales import CareOrder, VisitRules, VisitSituation, next_visit_due_for
from deadlines.calendar import WorkingCalendar
from deadlines.facts import PlacementFact, RecordDate
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from reviews.deadline_rules import ReviewFact, ReviewsFacts


def visit(facts: ChildFacts, today: date, settings: RuleSettings | None = None) -> Due:
    context = RuleContext(today, WorkingCalendar(), settings or RuleSettings())
    [due] = REGISTRY["sw_visit"].function(facts, context)
    return due


def at_home(
    start: date,
    *,
    orders: list[CareOrder],
    placed: date | None = None,
    before_assessment: bool = False,
    last_visit: date | None = None,
    reviews: list[date] = (),  # type: ignore[assignment]
) -> ChildFacts:
    """Looked after from `start`, living with a parent (P1, placement 10) from `placed`."""
    placement = PlacementFact(
        10,
        placed or start,
        None,
        False,
        placement_type="P1",
        placed_before_assessment=before_assessment,
    )
    return ChildFacts(
        child_id=1,
        date_of_birth=date(2020, 6, 1),
        period_id=1,
        period_start=start,
        placements=[placement],
        care_orders=orders,
        last_visit=RecordDate(0, last_visit) if last_visit else None,
        reviews=[ReviewFact(i, on) for i, on in enumerate(reviews, start=1)],
    )


# --- reg 28(4): an interim care order, living with a parent ------------------------------

# Looked after Fri 27 March 2026 under an interim care order, placed with the mother.
ICO_START = date(2026, 3, 27)
ICO = [CareOrder("C1", ICO_START, None, ICO_START)]


def test_at_home_under_an_interim_care_order_the_first_visit_is_within_a_week():
    # 27 March + 7 days is Fri 3 April 2026: Good Friday, still the day it is due.
    due = visit(at_home(ICO_START, orders=ICO), date(2026, 3, 30))
    assert (due.key, due.due_date) == ("placement:10", date(2026, 4, 3))
    assert due.explanation == (
        "Next visit by 3 April 2026: first visit within 1 week of the placement starting on "
        "27 March 2026: living with a parent under an interim care order, at least weekly "
        "until the first review (reg 28(4))"
    )


def test_at_home_under_an_interim_care_order_weekly_until_the_first_review():
    # Visited Fri 3 April, 10 April and 17 April; no review yet: next by Fri 24 April.
    facts = at_home(ICO_START, orders=ICO, last_visit=date(2026, 4, 17))
    due = visit(facts, date(2026, 4, 20))
    assert due.due_date == date(2026, 4, 24)
    assert "at least weekly until the first review (reg 28(4))" in due.explanation
    assert "last visit 17 April 2026" in due.explanation


def test_at_home_under_an_interim_care_order_every_4_weeks_after_the_first_review():
    # First review held Tue 21 April 2026, within a week of the visit of 17 April: from
    # then at most every 4 weeks, 17 April + 28 days = Fri 15 May 2026 (not 24 April).
    facts = at_home(
        ICO_START, orders=ICO, last_visit=date(2026, 4, 17), reviews=[date(2026, 4, 21)]
    )
    due = visit(facts, date(2026, 4, 22))
    assert due.due_date == date(2026, 5, 15)
    assert due.explanation == (
        "Next visit by 15 May 2026: at least every 4 weeks after the first review on "
        "21 April 2026 (reg 28(4)): living with a parent under an interim care order; "
        "last visit 17 April 2026"
    )
    # The reg 28(2) timescale would have been 6 weeks: 17 April + 42 = 29 May.
    assert due.due_date != date(2026, 5, 29)


def test_a_weekly_visit_missed_before_the_first_review_stays_due():
    # Last visit Fri 3 April; no visit on 10 or 17 April; the review on 21 April does not
    # excuse them: the visit due Fri 10 April is overdue.
    facts = at_home(ICO_START, orders=ICO, last_visit=date(2026, 4, 3), reviews=[date(2026, 4, 21)])
    assert visit(facts, date(2026, 4, 22)).due_date == date(2026, 4, 10)


def test_a_move_home_under_an_interim_care_order_after_the_first_review():
    # In foster care from 27 March, first review 21 April; home to the mother Mon 1 June
    # 2026. First visit within a week, Mon 8 June; visited that day, then every 4 weeks:
    # 8 June + 28 = Mon 6 July 2026.
    facts = at_home(ICO_START, orders=ICO, placed=date(2026, 6, 1), reviews=[date(2026, 4, 21)])
    assert visit(facts, date(2026, 6, 2)).due_date == date(2026, 6, 8)
    facts.part(CaseworkFacts).last_visit = RecordDate(0, date(2026, 6, 8))
    due = visit(facts, date(2026, 6, 9))
    assert due.due_date == date(2026, 7, 6)
    assert "(reg 28(4))" in due.explanation


def test_a_stricter_local_interval_is_not_loosened_by_reg_28_4():
    # A council visiting every 3 weeks (21 days) under reg 28(2): after the first review
    # the child at home is visited every 21 days, not 28: 17 April + 21 = Fri 8 May.
    facts = at_home(
        ICO_START, orders=ICO, last_visit=date(2026, 4, 17), reviews=[date(2026, 4, 21)]
    )
    strict = RuleSettings(VISIT_INTERVAL_FIRST_YEAR_DAYS=21, VISIT_INTERVAL_OTHER_DAYS=21)
    assert visit(facts, date(2026, 4, 22), strict).due_date == date(2026, 5, 8)


# --- reg 28(5): a care order made while the child lives with a parent ----------------------

# The interim care order ends and a full care order is made on Wed 10 June 2026.
CARE_ORDER = [
    CareOrder("C1", ICO_START, date(2026, 6, 10), ICO_START),
    CareOrder("C2", date(2026, 6, 10), None, date(2026, 6, 10)),
]


def test_a_care_order_made_at_home_a_visit_within_a_week_of_the_order():
    # Last visited Tue 9 June (4-weekly under the interim order: next 7 July); the care
    # order is made Wed 10 June: a visit by Wed 17 June 2026.
    facts = at_home(
        ICO_START, orders=CARE_ORDER, last_visit=date(2026, 6, 9), reviews=[date(2026, 4, 21)]
    )
    due = visit(facts, date(2026, 6, 11))
    assert due.due_date == date(2026, 6, 17)
    assert due.explanation == (
        "Next visit by 17 June 2026: first visit within 1 week of the care order made on "
        "10 June 2026: living with a parent under a care order (reg 28(5))"
    )


def test_after_the_visit_following_a_care_order_every_6_weeks():
    # Visited Mon 15 June 2026: 15 June + 42 days = Mon 27 July 2026.
    facts = at_home(
        ICO_START, orders=CARE_ORDER, last_visit=date(2026, 6, 15), reviews=[date(2026, 4, 21)]
    )
    due = visit(facts, date(2026, 6, 16))
    assert due.due_date == date(2026, 7, 27)
    assert due.explanation == (
        "Next visit by 27 July 2026: at least every 6 weeks living with a parent under a "
        "care order (reg 28(5)); last visit 15 June 2026"
    )


def test_the_order_date_counts_when_it_differs_from_the_status_start():
    # The order was made Fri 5 June 2026 and recorded as starting Wed 10 June: the visit
    # is due within a week of the making of the order, Fri 12 June 2026.
    orders = [CareOrder("C2", date(2026, 6, 10), None, date(2026, 6, 5))]
    facts = at_home(ICO_START, orders=orders, last_visit=date(2026, 6, 1))
    assert visit(facts, date(2026, 6, 10)).due_date == date(2026, 6, 12)


# --- reg 28(3): placed with a parent under reg 19 ----------------------------------------


def test_a_reg_19_placement_with_a_parent_weekly_until_the_first_review_then_6_weeks():
    # Looked after on Mon 4 May 2026 (the early May bank holiday) under a care order made
    # that day, placed with the father before his assessment is complete (reg 19).
    start = date(2026, 5, 4)
    orders = [CareOrder("C2", start, None, start)]
    facts = at_home(start, orders=orders, before_assessment=True)
    # First visit within a week: Mon 11 May 2026.
    assert visit(facts, date(2026, 5, 5)).due_date == date(2026, 5, 11)
    # Visited 11 May, no review yet: weekly, Mon 18 May (reg 28(3)); reg 28(5) alone would
    # give 11 May + 42 = 22 June.
    facts.part(CaseworkFacts).last_visit = RecordDate(0, date(2026, 5, 11))
    due = visit(facts, date(2026, 5, 12))
    assert due.due_date == date(2026, 5, 18)
    assert "at least weekly until the first review (reg 28(3))" in due.explanation
    assert "placed with a parent before the assessment is complete (reg 19)" in due.explanation
    # Visited 18 and 25 May; the first review held Wed 27 May: at most every 6 weeks,
    # 25 May + 42 = Mon 6 July 2026.
    facts.part(CaseworkFacts).last_visit = RecordDate(0, date(2026, 5, 25))
    facts.part(ReviewsFacts).reviews = [ReviewFact(1, date(2026, 5, 27))]
    due = visit(facts, date(2026, 5, 28))
    assert due.due_date == date(2026, 7, 6)
    assert "every 6 weeks after the first review on 27 May 2026 (reg 28(3))" in due.explanation


def test_a_reg_19_placement_under_an_interim_care_order_takes_the_stricter_4_weeks():
    # Reg 28(3) and (4) both apply: after the first review the earlier date, 4 weeks.
    facts = at_home(
        ICO_START,
        orders=ICO,
        before_assessment=True,
        last_visit=date(2026, 4, 17),
        reviews=[date(2026, 4, 21)],
    )
    due = visit(facts, date(2026, 4, 22))
    assert due.due_date == date(2026, 5, 15)
    assert "(reg 28(4))" in due.explanation


# --- reg 28(4): a connected person with temporary approval (reg 24) ----------------------

# Looked after Thu 24 December 2026 (s20), placed with the grandmother (U3) under a
# temporary approval.
REG24_START = date(2026, 12, 24)


def with_grandmother(*, ended: date | None = None, **kwargs) -> ChildFacts:
    placement = PlacementFact(
        10,
        REG24_START,
        None,
        False,
        placement_type="U3",
        temporary_approval=True,
        temporary_approval_ended=ended,
    )
    return ChildFacts(
        child_id=1,
        date_of_birth=date(2018, 2, 1),
        period_id=1,
        period_start=REG24_START,
        placements=[placement],
        **kwargs,
    )


def test_a_connected_person_on_temporary_approval_weekly_over_christmas():
    # First visit within a week: Thu 31 December 2026 (the bank holidays of 25 and 28
    # December do not move it). Visited then: next Thu 7 January 2027.
    assert visit(with_grandmother(), date(2026, 12, 29)).due_date == date(2026, 12, 31)
    due = visit(with_grandmother(last_visit=RecordDate(0, date(2026, 12, 31))), date(2027, 1, 2))
    assert due.due_date == date(2027, 1, 7)
    assert "a connected person with temporary approval (reg 24)" in due.explanation
    assert "(reg 28(4))" in due.explanation


def test_a_connected_person_every_4_weeks_after_the_first_review():
    # Visited 7 and 14 January 2027; first review Wed 20 January: 14 January + 28 days =
    # Thu 11 February 2027.
    facts = with_grandmother(
        last_visit=RecordDate(0, date(2027, 1, 14)), reviews=[ReviewFact(1, date(2027, 1, 20))]
    )
    assert visit(facts, date(2027, 1, 21)).due_date == date(2027, 2, 11)


def test_once_the_temporary_approval_ends_reg_28_2_applies_again():
    # Visited Thu 11 February 2027; the grandmother approved as a foster carer on Mon
    # 1 March 2027. Under reg 24 the next visit was due 11 February + 28 = 11 March; from
    # 1 March reg 28(2): the placement's first year, 6 weeks, 11 February + 42 = Thu
    # 25 March 2027.
    last = RecordDate(0, date(2027, 2, 11))
    reviews = [ReviewFact(1, date(2027, 1, 20))]
    assert visit(
        with_grandmother(last_visit=last, reviews=reviews), date(2027, 2, 28)
    ).due_date == date(2027, 3, 11)
    ended = with_grandmother(ended=date(2027, 3, 1), last_visit=last, reviews=reviews)
    due = visit(ended, date(2027, 3, 2))
    assert due.due_date == date(2027, 3, 25)
    assert due.explanation.endswith("(reg 28(2))")


# --- what does not change ----------------------------------------------------------------


def test_a_child_at_home_under_section_20_follows_reg_28_2():
    # No interim or full care order, not a reg 19 placement: reg 28(2).
    facts = at_home(ICO_START, orders=[], last_visit=date(2026, 4, 17))
    due = visit(facts, date(2026, 4, 20))
    assert due.due_date == date(2026, 5, 29)
    assert due.explanation.endswith("(reg 28(2))")


def test_a_foster_placement_under_an_interim_care_order_follows_reg_28_2():
    placement = PlacementFact(10, ICO_START, None, False, placement_type="U6")
    facts = ChildFacts(
        child_id=1,
        date_of_birth=date(2020, 6, 1),
        period_id=1,
        period_start=ICO_START,
        placements=[placement],
        care_orders=ICO,
        last_visit=RecordDate(0, date(2026, 4, 17)),
    )
    assert visit(facts, date(2026, 4, 20)).due_date == date(2026, 5, 29)


@pytest.mark.parametrize(
    ("situation", "due"),
    [
        # Placed Fri 27 March 2026, last visited Fri 17 April, no review yet.
        (VisitSituation(), date(2026, 5, 29)),
        (VisitSituation(temporary_approval=True), date(2026, 4, 24)),
        (VisitSituation(interim_care_order_from=ICO_START), date(2026, 4, 24)),
        (VisitSituation(care_order_made=ICO_START), date(2026, 5, 29)),
        (VisitSituation(before_assessment=True), date(2026, 4, 24)),
    ],
)
def test_each_paragraph_from_the_same_record(situation, due):
    result = next_visit_due_for(
        ICO_START, False, [date(2026, 4, 17)], date(2026, 4, 20), situation, rules=VisitRules()
    )
    assert result.due_date == due


# --- recomputed from the record as it changes ----------------------------------------------


def _visited(child, worker, on: date) -> None:
    from casework.services import visit_record

    visit_record(
        child=child,
        visit_date=on,
        seen_alone=True,
        bedroom_seen=True,
        visited_by=worker,
        by=worker,
    )


def _sw_visits(child) -> dict[str, tuple]:
    from deadlines.models import Deadline

    return {
        d.key: (d.due_date, d.status, d.explanation)
        for d in Deadline.objects.filter(child=child, rule="sw_visit")
    }


@pytest.mark.django_db
def test_the_visit_deadline_follows_the_legal_status_and_placement_as_they_change(
    social_worker,
):
    from deadlines import triggers
    from deadlines.models import DeadlineStatus
    from deadlines.services import recompute
    from tests.children.builders import legal, move, register

    with triggers.suspended():
        child = register(social_worker, ICO_START, legal_status="C1", place="P1")
    home = child.placements.get()
    key = f"placement:{home.pk}"
    # At home under the interim care order: first visit by Good Friday, 3 April 2026
    # (due soon: within 10 working days).
    recompute(child_ids=[child.pk], today=date(2026, 3, 30))
    due_date, status, explanation = _sw_visits(child)[key]
    assert (due_date, status) == (date(2026, 4, 3), DeadlineStatus.DUE_SOON)
    assert "(reg 28(4))" in explanation

    # Visited Tue 9 June; the care order is made Wed 10 June: the same deadline moves to
    # a visit within a week of the order, Wed 17 June 2026 (reg 28(5)).
    with triggers.suspended():
        _visited(child, social_worker, date(2026, 6, 9))
        recompute(child_ids=[child.pk], today=date(2026, 6, 9))
        assert _sw_visits(child)[key][0] == date(2026, 6, 16)  # weekly: no review held
        legal(child, social_worker, date(2026, 6, 10), "C2")
    recompute(child_ids=[child.pk], today=date(2026, 6, 11))
    due_date, status, explanation = _sw_visits(child)[key]
    assert (due_date, status) == (date(2026, 6, 17), DeadlineStatus.DUE_SOON)
    assert "within 1 week of the care order made on 10 June 2026" in explanation

    # Moved to foster carers on Wed 1 July 2026: the home placement's visit no longer
    # applies; the new placement's first visit is due within a week, Wed 8 July (reg 28(2)).
    with triggers.suspended():
        foster = move(child, social_worker, date(2026, 7, 1), "U6", "Jones")
    recompute(child_ids=[child.pk], today=date(2026, 7, 2))
    visits = _sw_visits(child)
    assert visits[key][1] == DeadlineStatus.NO_LONGER_APPLIES
    due_date, _, explanation = visits[f"placement:{foster.pk}"]
    assert due_date == date(2026, 7, 8)
    assert explanation.endswith("(reg 28(2))")


@pytest.mark.django_db
def test_the_end_of_a_temporary_approval_moves_the_visit_to_reg_28_2(social_worker):
    from accounts.models import Role
    from children import services as children_services
    from deadlines import triggers
    from deadlines.services import recompute
    from tests.children.builders import move, register
    from tests.factories import UserFactory

    # In foster care from Mon 2 February 2026; moved to the aunt (U3) under a temporary
    # approval on Mon 2 March; the first review was held Thu 26 February.
    with triggers.suspended():
        child = register(social_worker, date(2026, 2, 2))
        from reviews.services import review_record

        review_record(
            child=child,
            held_on=date(2026, 2, 26),
            participation="PN1",
            by=UserFactory.create(role=Role.IRO),
        )
        aunt = move(child, social_worker, date(2026, 3, 2), "U3", "Aunt", temporary_approval=True)
        # Visited Mon 9 March: after the first review, every 4 weeks: Mon 6 April 2026
        # (Easter Monday: still due that day).
        _visited(child, social_worker, date(2026, 3, 9))
    recompute(child_ids=[child.pk], today=date(2026, 3, 10))
    assert _sw_visits(child)[f"placement:{aunt.pk}"][0] == date(2026, 4, 6)
    # The aunt approved as a foster carer on Fri 20 March: reg 28(2), the placement's
    # first year, 6 weeks: 9 March + 42 days = Mon 20 April 2026.
    with triggers.suspended():
        children_services.temporary_approval_end(
            placement=aunt, end_date=date(2026, 3, 20), by=social_worker
        )
    recompute(child_ids=[child.pk], today=date(2026, 3, 21))
    assert _sw_visits(child)[f"placement:{aunt.pk}"][0] == date(2026, 4, 20)
    aunt.refresh_from_db()
    assert aunt.history.first().temporary_approval_ended == date(2026, 3, 20)
